"""Start TICE Inventaire from a source checkout: ``python main.py [--db FICHIER|URL]``."""

import sys

from ticeinventory.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
