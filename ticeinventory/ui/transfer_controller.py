"""Imports and exports from the Fichier menu: their actions, and the assistant and dialog they open.

The main window builds one controller and puts :meth:`TransferController.menu_actions` in its Fichier menu;
the controller asks the window, through callables, which filter the list shows and which rows are selected,
and tells it after a committed import (``on_changed``) so that the list, the tree and the counts are read again.
The file choosers and messages go through :class:`TransferPrompts`, which tests replace by scripted answers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ticeinventory.domain.errors import TiceError

if TYPE_CHECKING:  # the assistant and the export (openpyxl…) are imported when first opened
    from ticeinventory.services.app import Services
    from ticeinventory.services.equipment import EquipmentFilter
    from ticeinventory.services.export import ExportResult
    from ticeinventory.services.importing import ImportReport

    from .export_dialog import ExportDialog
    from .import_pages import ImportKind
    from .import_wizard import ImportWizard

FOLDER_KEY = "transfer/folder"


class TransferPrompts(QObject):
    """The file choosers and the messages of imports and exports, as real dialogs. Messages are non-blocking
    (``open()``; the last one is kept in :attr:`last_box`); choosers wait for the answer."""

    def __init__(self, parent_widget: QWidget | None = None) -> None:
        super().__init__(parent_widget)
        self.parent_widget = parent_widget
        self.last_box: QMessageBox | None = None

    def folder(self) -> Path:
        """The folder of the last file imported or exported, else the user's documents."""
        saved = QSettings().value(FOLDER_KEY, "")
        if saved and Path(str(saved)).is_dir():
            return Path(str(saved))
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents else Path.home()

    def remember_folder(self, folder: Path) -> None:
        QSettings().setValue(FOLDER_KEY, str(folder))

    def open_path(self, title: str, filters: str) -> str | None:
        chosen, _filter = QFileDialog.getOpenFileName(self.parent_widget, title, str(self.folder()), filters)
        if chosen:
            self.remember_folder(Path(chosen).parent)
        return chosen or None

    def save_path(self, title: str, suggested: str, filters: str) -> str | None:
        """A file to write (the chooser asks before replacing one)."""
        start = suggested if Path(suggested).is_absolute() else str(self.folder() / suggested)
        chosen, _filter = QFileDialog.getSaveFileName(self.parent_widget, title, start, filters)
        if chosen:
            self.remember_folder(Path(chosen).parent)
        return chosen or None

    def confirm_overwrite(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self.parent_widget, self.tr("Remplacer le fichier\u00a0?"),
            self.tr("Le fichier « {path} » existe déjà. Le remplacer\u00a0?").format(path=path),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, message: str) -> None:
        self._open_box(QMessageBox.Icon.Warning, self.tr("Import et export"), message, "transferError")

    def show_message(self, message: str) -> None:
        self._open_box(QMessageBox.Icon.Information, self.tr("Import et export"), message, "transferMessage")

    def _open_box(self, icon: QMessageBox.Icon, title: str, message: str, name: str) -> None:
        box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, self.parent_widget)
        box.setObjectName(name)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result: self._forget(box))
        self.last_box = box
        box.open()

    def _forget(self, box: QMessageBox) -> None:
        if self.last_box is box:
            self.last_box = None


class TransferController(QObject):
    sig_status_message = Signal(str)
    """A short report of what was just done (« 42 équipements exportés dans … »), for the status bar."""

    def __init__(self, parent: QWidget, services: Services | None,
                 current_filter: Callable[[], EquipmentFilter], selected_ids: Callable[[], list[int]],
                 on_changed: Callable[[], None], *, prompts: TransferPrompts | None = None) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.services = services
        self.current_filter = current_filter
        self.selected_ids = selected_ids
        self.on_changed = on_changed
        self.prompts = prompts or TransferPrompts(parent)
        self.wizard: ImportWizard | None = None
        self.export_dialog: ExportDialog | None = None
        self._create_actions()
        self._connect_signals()
        self.update_enabled()

    # -- building ------------------------------------------------------------------------------------------

    def _create_actions(self) -> None:
        def action(name: str, text: str, tip: str, shortcut: str | None = None) -> QAction:
            created = QAction(text, self)
            created.setObjectName(name)
            created.setStatusTip(tip)
            created.setToolTip(f"{text.replace('&', '').rstrip('…')} — {tip}")
            if shortcut is not None:
                created.setShortcut(QKeySequence(shortcut))
            return created

        self.import_equipment_action = action(
            "importEquipmentAction", self.tr("Importer des &équipements…"),
            self.tr("Ajouter ou mettre à jour du matériel depuis un tableur CSV ou XLSX, avec un aperçu avant "
                    "d'enregistrer"), self.tr("Ctrl+Shift+O"))
        self.import_schools_action = action(
            "importSchoolsAction", self.tr("Importer l'&annuaire des écoles…"),
            self.tr("Créer ou mettre à jour les écoles depuis l'annuaire de l'Éducation nationale "
                    "(fr-en-annuaire-education)"))
        self.export_list_action = action(
            "exportListAction", self.tr("E&xporter la liste…"),
            self.tr("Enregistrer la liste affichée (ou la sélection) en CSV ou XLSX, au format d'import"),
            self.tr("Ctrl+Shift+E"))
        self.export_schools_action = action(
            "exportSchoolsAction", self.tr("Exporter les é&coles…"),
            self.tr("Enregistrer toutes les écoles en CSV ou XLSX, au format que l'import relit"))

    def menu_actions(self) -> list[QAction | None]:
        """The entries for the Fichier menu, in order; None stands for a separator."""
        return [self.import_equipment_action, self.import_schools_action, None, self.export_list_action,
                self.export_schools_action]

    def _connect_signals(self) -> None:
        self.import_equipment_action.triggered.connect(lambda: self.import_equipment())
        self.import_schools_action.triggered.connect(lambda: self.import_schools())
        self.export_list_action.triggered.connect(lambda: self.export_list())
        self.export_schools_action.triggered.connect(lambda: self.export_schools())

    # -- state ---------------------------------------------------------------------------------------------

    def set_services(self, services: Services | None) -> None:
        """Another base is open: an assistant or dialog on the previous one closes (a running import is
        cancelled, so nothing is written to it)."""
        for dialog in (self.wizard, self.export_dialog):
            if dialog is not None:
                dialog.reject()
        self.services = services
        self.update_enabled()

    def update_enabled(self) -> None:
        """Call when the base, the list or the selection changes."""
        has = self.services is not None
        for each in (self.import_equipment_action, self.import_schools_action, self.export_list_action,
                     self.export_schools_action):
            each.setEnabled(has)

    # -- imports -------------------------------------------------------------------------------------------

    def import_equipment(self, path: str | Path | None = None) -> ImportWizard | None:
        from .import_pages import ImportKind

        return self._open_wizard(ImportKind.EQUIPMENT, path)

    def import_schools(self, path: str | Path | None = None) -> ImportWizard | None:
        from .import_pages import ImportKind

        return self._open_wizard(ImportKind.SCHOOLS, path)

    def _open_wizard(self, kind: ImportKind, path: str | Path | None) -> ImportWizard | None:
        if self.services is None:
            return None
        if self.wizard is not None:  # window-modal: only reached from code, the menu is blocked meanwhile
            self.wizard.activateWindow()
            return self.wizard
        from .import_wizard import ImportWizard

        wizard = ImportWizard(self.services, self.prompts, kind, self.parent_widget)
        wizard.sig_imported.connect(self._on_imported)
        wizard.finished.connect(self._on_wizard_finished)
        self.wizard = wizard
        wizard.open()
        if path is not None:
            wizard.set_path(path)
        return wizard

    def _on_imported(self, report: ImportReport) -> None:
        from .import_pages import plural

        what = report.created + report.updated
        if report.kind == "ecoles":
            text = plural(what, self.tr("Import de l'annuaire\u00a0: {n} école créée ou mise à jour."),
                          self.tr("Import de l'annuaire\u00a0: {n} écoles créées ou mises à jour."))
        else:
            text = plural(what, self.tr("Import\u00a0: {n} équipement créé ou mis à jour."),
                          self.tr("Import\u00a0: {n} équipements créés ou mis à jour."))
        self.sig_status_message.emit(text)
        self.on_changed()

    def _on_wizard_finished(self, _result: int) -> None:
        wizard, self.wizard = self.wizard, None
        if wizard is not None:
            wizard.deleteLater()

    # -- exports -------------------------------------------------------------------------------------------

    def export_list(self) -> ExportDialog | None:
        """The list on screen with its filters, or the selected rows."""
        if self.services is None:
            return None
        if self.export_dialog is not None:
            self.export_dialog.activateWindow()
            return self.export_dialog
        from .export_dialog import ExportDialog

        dialog = ExportDialog(self.services, self.prompts, self.current_filter(), self.selected_ids(),
                              self.parent_widget)
        dialog.sig_exported.connect(self._on_exported)
        dialog.finished.connect(self._on_export_finished)
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def _on_exported(self, result: ExportResult) -> None:
        from .export_dialog import export_message

        self.sig_status_message.emit(export_message(result))

    def _on_export_finished(self, _result: int) -> None:
        dialog, self.export_dialog = self.export_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def export_schools(self, path: str | Path | None = None) -> ExportResult | None:
        """Every school, in the layout the directory import reads back (a few hundred rows: written at once)."""
        if self.services is None:
            return None
        from .import_pages import plural

        if path is None:
            path = self.prompts.save_path(self.tr("Exporter les écoles"), f"ecoles-{date.today().isoformat()}.csv",
                                          self.tr("CSV pour tableur (*.csv);;Classeur Excel (*.xlsx)"))
            if not path:
                return None
        target = Path(path)
        if target.suffix.lower() not in (".csv", ".txt", ".xlsx"):
            target = target.with_name(target.name + ".csv")
        try:
            result = self.services.export.schools(target)
        except TiceError as error:
            self.prompts.show_error(error.message)
            return None
        self.sig_status_message.emit(plural(result.rows, self.tr("{n} école exportée dans « {path} »."),
                                            self.tr("{n} écoles exportées dans « {path} »."), path=result.path))
        return result
