"""Every question the application asks about database files, as real dialogs.

The opener asks through this object only, so that tests can hand it a subclass with scripted answers
instead of blocking on modal dialogs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

if TYPE_CHECKING:  # the first start dialog is imported when it is shown (a first start, Fichier ▸ Nouvelle base…)
    from .first_start_dialog import StartChoice

LAST_DIRECTORY_KEY = "database/lastDirectory"


class DatabasePrompts(QObject):
    def __init__(self, parent_widget: QWidget | None = None) -> None:
        super().__init__(parent_widget)
        self.parent_widget = parent_widget

    def first_start(self, location: str, demo_schools: int) -> StartChoice:
        from .first_start_dialog import FirstStartDialog

        dialog = FirstStartDialog(location, demo_schools, self.parent_widget)
        dialog.exec()
        return dialog.choice

    def open_path(self) -> str | None:
        """A database file chosen by the user, or None."""
        path, _filter = QFileDialog.getOpenFileName(
            self.parent_widget, self.tr("Ouvrir une base TICE Inventaire"), self._directory(), self._filters())
        return self._remember(path)

    def new_path(self) -> str | None:
        """Where to create a new base (``.sqlite`` added when no extension is given), or None."""
        path, _filter = QFileDialog.getSaveFileName(
            self.parent_widget, self.tr("Créer une nouvelle base TICE Inventaire"),
            str(Path(self._directory()) / self.tr("ecoles.sqlite")), self._filters(),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path and not Path(path).suffix:
            path += ".sqlite"
        return self._remember(path)

    def new_kind(self) -> StartChoice | None:
        """Empty or demonstration base, or None to give up."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Nouvelle base"),
                          self.tr("Que doit contenir la nouvelle base\u00a0?"), QMessageBox.StandardButton.Cancel,
                          self.parent_widget)
        empty = box.addButton(self.tr("Base &vide"), QMessageBox.ButtonRole.AcceptRole)
        demo = box.addButton(self.tr("Base de &démonstration"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(empty)
        box.exec()
        from .first_start_dialog import StartChoice

        return {empty: StartChoice.EMPTY, demo: StartChoice.DEMO}.get(box.clickedButton())

    def open_failed_box(self, message: str) -> tuple[QMessageBox, QPushButton]:
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Base de données impossible à ouvrir"), message,
                          QMessageBox.StandardButton.NoButton, self.parent_widget)
        box.setObjectName("openFailedBox")
        other = box.addButton(self.tr("&Ouvrir un autre fichier…"), QMessageBox.ButtonRole.AcceptRole)
        quit_button = box.addButton(self.tr("&Quitter"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(other)
        box.setEscapeButton(quit_button)
        return box, other

    def open_failed(self, message: str) -> bool:
        """Tell why the base cannot be opened; True when the user wants to choose another file."""
        box, other = self.open_failed_box(message)
        box.exec()
        return box.clickedButton() is other

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self.parent_widget, self.tr("TICE Inventaire"), message)

    def _directory(self) -> str:
        return str(QSettings().value(LAST_DIRECTORY_KEY, "") or Path.home())

    def _remember(self, path: str) -> str | None:
        if not path:
            return None
        QSettings().setValue(LAST_DIRECTORY_KEY, str(Path(path).parent))
        return path

    def _filters(self) -> str:
        return ";;".join([self.tr("Bases TICE Inventaire (*.sqlite *.db)"), self.tr("Tous les fichiers (*)")])
