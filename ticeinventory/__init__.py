"""TICE Inventaire: equipment inventory and maintenance for a city's public schools."""

__version__ = "0.1.0"
APP_NAME = "TICE Inventaire"
APP_ID = "ticeinventory"
