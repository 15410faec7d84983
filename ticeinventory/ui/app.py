"""Starting the GUI: ``ticeinventory-gui [--db FICHIER|URL]`` (or ``python main.py``)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

import ticeinventory.resources
from ticeinventory.domain.errors import TiceError

from . import icons, texts
from .about import application_version
from .database_opener import DEMO_SCHOOLS, DatabaseOpener
from .main_window import MainWindow

log = logging.getLogger(__name__)

ORGANIZATION = "ticeinventory"
APPLICATION = "ticeinventory"
LANGUAGE_VAR = "TICEINVENTORY_LANG"


def parse_arguments(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options, and the rest for Qt (``-platform``, ``-style``…)."""
    parser = argparse.ArgumentParser(
        prog="ticeinventory-gui", add_help=False,
        description="TICE Inventaire : inventaire du matériel informatique des écoles de la ville.")
    parser.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    parser.add_argument("--db", metavar="FICHIER|URL",
                        help="base à ouvrir : fichier SQLite ou URL PostgreSQL (par défaut $TICEINVENTORY_DB, "
                             "sinon le fichier du dossier de données de l'utilisateur)")
    parser.add_argument("--ecoles-demo", dest="demo_schools", type=int, default=DEMO_SCHOOLS, metavar="N",
                        help=f"nombre d'écoles de la base de démonstration (par défaut {DEMO_SCHOOLS})")
    return parser.parse_known_args(list(argv))


def configure_application(app: QCoreApplication) -> None:
    """Names for QSettings, French locale and translations: Qt's own (standard buttons) and the application's."""
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(application_version())
    language = os.environ.get(LANGUAGE_VAR) or "fr_FR"
    locale = QLocale(language)
    QLocale.setDefault(locale)
    texts.follow_default_locale()
    install_translators(app, locale)
    if isinstance(app, QGuiApplication):
        app.setDesktopFileName("ticeinventory")
        app.setWindowIcon(icons.icon(icons.APP))


def install_translators(app: QCoreApplication, locale: QLocale) -> list[QTranslator]:
    """``qtbase_<lang>.qm`` from Qt, then ``ticeinventory_<lang>.qm`` from resources/translations when present.
    The source texts are French: without any file the application speaks French."""
    installed = []
    sources = [("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
               ("ticeinventory", str(Path(ticeinventory.resources.__file__).parent / "translations"))]
    for name, directory in sources:
        translator = QTranslator(app)
        if translator.load(locale, name, "_", directory):
            app.installTranslator(translator)
            installed.append(translator)
    return installed


def follow_colour_scheme(app: QApplication) -> None:
    """Windows' classic style draws light whatever the system says; Fusion follows the dark scheme."""
    if app.styleHints().colorScheme() == Qt.ColorScheme.Dark and app.style().name().lower() == "windowsvista":
        app.setStyle("Fusion")


def create_application(qt_argv: list[str]) -> QApplication:
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(qt_argv)
    configure_application(app)
    follow_colour_scheme(app)
    return app


def report_unexpected(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """The last resort: a French message rather than a traceback (logged for the maintainers)."""
    log.error("unexpected error", exc_info=(kind, error, tb))
    if issubclass(kind, KeyboardInterrupt):
        QApplication.quit()
        return
    parent = QApplication.activeWindow()
    if isinstance(error, TiceError):
        QMessageBox.warning(parent, QCoreApplication.translate("Errors", "TICE Inventaire"), error.message)
        return
    message = QCoreApplication.translate(
        "Errors", "Une erreur inattendue s'est produite\u00a0; l'action en cours n'a pas abouti. Si elle se "
                  "reproduit, notez ce que vous faisiez et transmettez le détail ci-dessous à la cellule de "
                  "maintenance informatique.")
    box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("Errors", "Erreur inattendue"), message,
                      QMessageBox.StandardButton.Ok, parent)
    box.setDetailedText("".join(traceback.format_exception(kind, error, tb)))
    box.exec()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    arguments, qt_arguments = parse_arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_application([sys.argv[0], *qt_arguments])
    previous_hook, sys.excepthook = sys.excepthook, report_unexpected
    try:
        start(arguments)
        return app.exec()
    finally:
        from .detached_tasks import wait_for_workers

        wait_for_workers()  # a print or a batch of documents started before the window closed ends first
        sys.excepthook = previous_hook


def start(arguments: argparse.Namespace) -> MainWindow:
    """Show the window at once, then open its base behind it (:meth:`MainWindow.open_at_start`): the database
    layer takes longer to load than the window takes to appear."""
    opener = DatabaseOpener(demo_schools=arguments.demo_schools)
    window = MainWindow(None, opener)
    window.show()
    window.open_at_start(arguments.db)
    return window
