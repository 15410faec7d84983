"""``python -m ticeinventory``: the command line (see ``ticeinventory --help``)."""

import sys

from ticeinventory.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
