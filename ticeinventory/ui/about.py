"""Aide ▸ À propos."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

import ticeinventory


def application_version() -> str:
    """The package's version (tests/test_startup_imports.py checks it against pyproject.toml: reading the
    distribution's metadata here would cost the start-up a few hundredths of a second)."""
    return ticeinventory.__version__


def about_text(database: str) -> str:
    from html import escape  # here: the window imports this module at start, the box is seldom opened

    title = QCoreApplication.translate("About", "TICE Inventaire {version}").format(version=application_version())
    paragraphs = [
        QCoreApplication.translate("About", "Inventaire et maintenance du matériel informatique des écoles "
                                            "publiques de la ville, dans le cadre des conventions TICE passées "
                                            "avec l'Éducation nationale."),
        QCoreApplication.translate("About", "Le matériel acquis ou cédé hors plan d'équipement n'est pas maintenu "
                                            "par la ville (convention de Dijon, article 8)."),
        QCoreApplication.translate("About", "Base ouverte\u00a0: {database}").format(database=database),
        QCoreApplication.translate("About", "Licence publique de l'Union européenne (EUPL 1.2)."),
    ]
    return f"<h3>{escape(title.strip())}</h3>" + "".join(f"<p>{escape(text)}</p>" for text in paragraphs)


def show_about(parent: QWidget, database: str) -> None:
    QMessageBox.about(parent, QCoreApplication.translate("About", "À propos de TICE Inventaire"),
                      about_text(database))
