"""The Rapports menu: its actions, the dialogs they open, and the documents prepared for the preview.

The main window builds one controller and puts :meth:`ReportController.menu_actions` in its menu; the controller
asks the window, through callables, which school, room and items are chosen. Every document is read and
rendered on a worker that opens its own database connection (never a session shared across threads), while
its preview window already shows « Préparation du document… » with « Annuler »: nothing waits on the GUI
thread, and nothing here is modal but the small options dialogs.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from ticeinventory.domain.enums import AuditSource

if TYPE_CHECKING:
    from ticeinventory.services.app import Services

if TYPE_CHECKING:  # ReportLab (the documents), pypdfium2 (the preview) and the dialogs: imported when first used
    from ticeinventory.reports import ReportOptions

    from .pdf_document import PdfFile
    from .pdf_preview import PdfPreviewDialog
    from .report_batch import SheetsBatch
    from .report_dialogs import (
        BatchSheetsDialog,
        CityChoice,
        CityInventoryDialog,
        InventorySheetDialog,
        LabelChoice,
        LabelsDialog,
        LabelTarget,
        SheetChoice,
    )
    from .tasks import Progress

Document = Callable[["Services", "Progress"], "PdfFile"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReportController", text)


def slug(text: str) -> str:
    """« Salle informatique (CM2) » → ``salle-informatique-cm2``: for file names."""
    bare = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in bare if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60]


def _pdf(render: Callable[[io.BytesIO], object]) -> bytes:
    out = io.BytesIO()
    render(out)
    return out.getvalue()


def _checkpoint(progress: Progress) -> None:
    """Between reading and rendering: stop there when the user has cancelled meanwhile."""
    from .pdf_document import Cancelled

    if not progress(1, 2):
        raise Cancelled


def in_worker(url: str, user: str, document: Document) -> Callable[[Progress], PdfFile]:
    """``document(services, progress)`` on the worker thread, on a database connection of its own."""
    def work(progress: Progress) -> PdfFile:
        from ticeinventory.services.app import open_services

        services = open_services(url, AuditSource.SCREEN, user=user)
        try:
            return document(services, progress)
        finally:
            services.close()

    return work


# -- the documents (worker thread) ------------------------------------------------------------------------------

def inventory_sheet(school_id: int, choice: SheetChoice) -> Document:
    def document(services: Services, progress: Progress) -> PdfFile:
        from ticeinventory.reports import ReportOptions, render_inventory_sheet, sheet_file_name

        from .pdf_document import PdfFile

        data = services.reporting.inventory_sheet(school_id, include_retired=choice.include_retired)
        _checkpoint(progress)
        pdf = _pdf(lambda out: render_inventory_sheet(data, out, options=ReportOptions(barcodes=choice.barcodes)))
        return PdfFile(pdf, sheet_file_name(data), _tr("Fiche d'inventaire — {school}").format(
            school=data.school.name))
    return document


def city_inventory(choice: CityChoice) -> Document:
    def document(services: Services, progress: Progress) -> PdfFile:
        from ticeinventory.reports import render_city_inventory

        from .pdf_document import PdfFile

        data = services.reporting.city_inventory(choice.schools, detail=choice.detail,
                                                 include_retired=choice.include_retired)
        _checkpoint(progress)
        pdf = _pdf(lambda out: render_city_inventory(data, out))
        return PdfFile(pdf, f"inventaire-general_{data.printed_on.isoformat()}.pdf", _tr("Inventaire général"))
    return document


def labels(choice: LabelChoice) -> Document:
    from .report_dialogs import LabelScope

    target = choice.target

    def document(services: Services, progress: Progress) -> PdfFile:
        from ticeinventory.reports import render_labels

        from .pdf_document import PdfFile

        if target.scope is LabelScope.ITEMS:
            data = services.reporting.labels(items=list(target.key))
        elif target.scope is LabelScope.ROOM:
            data = services.reporting.labels(room=target.key)
        else:
            data = services.reporting.labels(school=target.key)
        _checkpoint(progress)
        pdf = _pdf(lambda out: render_labels(data, out, options=choice.options))
        name = f"etiquettes_{choice.options.template}_{slug(target.text) or 'selection'}.pdf"
        return PdfFile(pdf, name, _tr("Étiquettes — {what}").format(what=target.text))
    return document


def intervention_slip(intervention_id: int) -> Document:
    def document(services: Services, progress: Progress) -> PdfFile:
        from ticeinventory.reports import render_intervention_slip

        from .pdf_document import PdfFile

        data = services.reporting.intervention_slip(intervention_id)
        _checkpoint(progress)
        pdf = _pdf(lambda out: render_intervention_slip(data, out))
        return PdfFile(pdf, f"bon-intervention_{intervention_id}.pdf",
                       _tr("Bon d'intervention n° {n}").format(n=intervention_id))
    return document


# -- the controller --------------------------------------------------------------------------------------------

class ReportController(QObject):
    """The actions of the Rapports menu and what they open."""

    sig_preview_opened = Signal(object)
    """A preview window (PdfPreviewDialog) was opened; its document is being prepared."""
    sig_batch_started = Signal(object)
    """A batch of sheets (SheetsBatch) was started."""

    def __init__(self, parent: QWidget, services: Services | None, current_school: Callable[[], int | None],
                 current_room: Callable[[], int | None], selected_numbers: Callable[[], list[str]], *,
                 current_intervention: Callable[[], int | None] | None = None) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.services = services
        self.current_school = current_school
        self.current_room = current_room
        self.selected_numbers = selected_numbers
        self.current_intervention = current_intervention
        self.last_dialog: QWidget | None = None
        self.last_preview: PdfPreviewDialog | None = None
        self.last_batch: SheetsBatch | None = None

        self.inventory_sheet_action = self._action(
            self.tr("&Fiche d'inventaire de l'école…"), self.open_inventory_sheet, "inventorySheetAction",
            self.tr("Aperçu, impression et PDF de la fiche d'inventaire de l'école choisie"),
            QKeySequence(self.tr("Ctrl+P")))
        self.city_inventory_action = self._action(
            self.tr("&Inventaire général…"), self.open_city_inventory, "cityInventoryAction",
            self.tr("Toutes les écoles ou celles choisies, avec les totaux de la ville (comité de pilotage)"))
        self.all_sheets_action = self._action(
            self.tr("Fiches de &toutes les écoles…"), self.open_all_sheets, "allSheetsAction",
            self.tr("Une fiche d'inventaire PDF par école, dans un dossier"))
        self.labels_action = self._action(
            self.tr("É&tiquettes…"), self.open_labels, "labelsAction",
            self.tr("Étiquettes d'inventaire (Code 128, QR) des équipements choisis, d'une salle ou d'une école"))
        self.intervention_slip_action = self._action(
            self.tr("&Bon d'intervention…"), self.open_intervention_slip, "interventionSlipAction",
            self.tr("Le bon d'une intervention, à faire signer à l'école"))
        self.update_enabled()

    def _action(self, text: str, slot: Callable[[], object], name: str, tip: str,
                shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self.parent_widget)
        action.setObjectName(name)
        action.setStatusTip(tip)
        action.setToolTip(f"{text.replace('&', '').rstrip('…')} — {tip}")
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def menu_actions(self) -> list[QAction | None]:
        """The Rapports menu, in order; None is a separator."""
        return [self.inventory_sheet_action, self.city_inventory_action, self.all_sheets_action, None,
                self.labels_action, None, self.intervention_slip_action]

    def set_services(self, services: Services) -> None:
        """Another database was opened."""
        self.services = services
        self.update_enabled()

    def update_enabled(self) -> None:
        """After the chosen school, room or items changed (no query: only the window's callables)."""
        has = self.services is not None
        school = self.current_school() if has else None
        self.inventory_sheet_action.setEnabled(school is not None)
        self.labels_action.setEnabled(has and (school is not None or self.current_room() is not None
                                               or bool(self.selected_numbers())))
        for action in (self.city_inventory_action, self.all_sheets_action, self.intervention_slip_action):
            action.setEnabled(has)

    # -- the menu's entries: each opens its options dialog, not blocking ---------------------------------------

    def open_inventory_sheet(self) -> InventorySheetDialog | None:
        school_id = self.current_school()
        if school_id is None:
            return None
        from .report_dialogs import InventorySheetDialog

        dialog = InventorySheetDialog(self.parent_widget, self.services.schools.get(school_id))
        dialog.accepted.connect(lambda: self.preview_inventory_sheet(school_id, dialog.choice()))
        return self._open(dialog)

    def open_city_inventory(self) -> CityInventoryDialog:
        from .report_dialogs import CityInventoryDialog

        dialog = CityInventoryDialog(self.parent_widget, self.services.schools.list(), self.current_school())
        dialog.accepted.connect(lambda: self.preview_city_inventory(dialog.choice()))
        return self._open(dialog)

    def open_all_sheets(self) -> BatchSheetsDialog:
        from .report_dialogs import BatchSheetsDialog

        dialog = BatchSheetsDialog(self.parent_widget, len(self.services.reporting.school_ids()))
        dialog.accepted.connect(lambda: self._start_batch(dialog))
        return self._open(dialog)

    def open_labels(self) -> LabelsDialog | None:
        targets = self.label_targets()
        if not targets:
            return None
        from .report_dialogs import LabelsDialog

        dialog = LabelsDialog(self.parent_widget, targets)
        dialog.accepted.connect(lambda: self.preview_labels(dialog.choice()))
        return self._open(dialog)

    def open_intervention_slip(self, intervention_id: int | None = None) -> QInputDialog | None:
        """The slip of ``intervention_id``, else of the window's current intervention, else of a number asked."""
        if intervention_id is None and self.current_intervention is not None:
            intervention_id = self.current_intervention()
        if intervention_id is not None:
            self.preview_intervention_slip(intervention_id)
            return None
        dialog = QInputDialog(self.parent_widget)
        dialog.setObjectName("interventionNumberDialog")
        dialog.setWindowTitle(self.tr("Bon d'intervention"))
        dialog.setLabelText(self.tr("Numéro de l'intervention :"))
        dialog.setInputMode(QInputDialog.InputMode.IntInput)
        dialog.setIntRange(1, 2_000_000_000)
        dialog.setOkButtonText(self.tr("&Aperçu…"))
        dialog.setCancelButtonText(self.tr("Annuler"))
        dialog.intValueSelected.connect(self.preview_intervention_slip)
        return self._open(dialog)

    def _open(self, dialog: QWidget):
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def label_targets(self) -> list[LabelTarget]:
        """What labels can be printed for now: the selected items, the current room, the current school."""
        from .report_dialogs import LabelScope, LabelTarget

        targets = []
        numbers = tuple(self.selected_numbers())
        if len(numbers) == 1:
            targets.append(LabelTarget(LabelScope.ITEMS, numbers, self.tr("l'équipement sélectionné ({number})")
                                       .format(number=numbers[0]), 1))
        elif numbers:
            targets.append(LabelTarget(LabelScope.ITEMS, numbers, self.tr("les {n} équipements sélectionnés")
                                       .format(n=len(numbers)), len(numbers)))
        room_id, school_id = self.current_room(), self.current_school()
        if room_id is not None:
            room = self.services.schools.room(room_id)
            targets.append(LabelTarget(LabelScope.ROOM, room_id, self.tr("la salle « {room} »").format(
                room=room.name)))
            school_id = school_id if school_id is not None else room.school_id
        if school_id is not None:
            targets.append(LabelTarget(LabelScope.SCHOOL, school_id, self.tr("l'école « {school} »").format(
                school=self.services.schools.get(school_id).name)))
        return targets

    # -- documents: the preview opens at once, the document is prepared on a worker --------------------------

    def preview(self, title: str, document: Document) -> PdfPreviewDialog:
        from .pdf_preview import PdfPreviewDialog

        preview = PdfPreviewDialog(title, self.parent_widget)
        preview.load(in_worker(self.services.db.url, self.services.actor.user, document))
        preview.show()
        self.last_preview = preview
        self.sig_preview_opened.emit(preview)
        return preview

    def preview_inventory_sheet(self, school_id: int, choice: SheetChoice | None = None) -> PdfPreviewDialog:
        from .report_dialogs import SheetChoice

        return self.preview(self.tr("Fiche d'inventaire de l'école"),
                            inventory_sheet(school_id, choice or SheetChoice(barcodes=False)))

    def preview_city_inventory(self, choice: CityChoice | None = None) -> PdfPreviewDialog:
        from .report_dialogs import CityChoice

        return self.preview(self.tr("Inventaire général"), city_inventory(choice or CityChoice(None)))

    def preview_labels(self, choice: LabelChoice) -> PdfPreviewDialog:
        return self.preview(self.tr("Étiquettes"), labels(choice))

    def preview_intervention_slip(self, intervention_id: int) -> PdfPreviewDialog:
        return self.preview(self.tr("Bon d'intervention"), intervention_slip(intervention_id))

    # -- the batch ---------------------------------------------------------------------------------------------

    def _start_batch(self, dialog: BatchSheetsDialog) -> None:
        from ticeinventory.reports import ReportOptions

        choice = dialog.choice()
        self.write_all_sheets(choice.folder, options=ReportOptions(barcodes=choice.barcodes),
                              include_retired=choice.include_retired)

    def write_all_sheets(self, folder: str | Path, *, schools: Sequence[int] | None = None,
                         options: ReportOptions | None = None, include_retired: bool = False) -> SheetsBatch | None:
        if self.last_batch is not None and self.last_batch.running:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Fiches de toutes les écoles"),
                              self.tr("Des fiches sont déjà en cours d'écriture : attendez la fin ou annulez-la."),
                              QMessageBox.StandardButton.Ok, self.parent_widget)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return None
        from .report_batch import SheetsBatch

        batch = SheetsBatch(self.services, self.parent_widget)
        self.last_batch = batch
        batch.start(folder, schools=schools, options=options, include_retired=include_retired)
        self.sig_batch_started.emit(batch)
        return batch
