"""Labels chosen on a drawing of the sheet (the start position reaches the PDF), and the batch of every school's
sheet into a folder on a worker, with progress and cancel: the sheets written stay and the message counts them."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QLabel, QMainWindow, QPushButton

from ticeinventory.reports import TEMPLATES, sheet_file_name
from ticeinventory.ui.pdf_preview import PdfPreviewDialog
from ticeinventory.ui.report_batch import SheetsBatch
from ticeinventory.ui.report_controller import ReportController
from ticeinventory.ui.report_dialogs import BatchSheetsDialog, LabelScope, LabelsDialog

TIMEOUT = 15_000


@dataclass
class Chosen:
    school: int | None = None
    room: int | None = None
    numbers: list[str] = field(default_factory=list)


@pytest.fixture
def chosen() -> Chosen:
    return Chosen()


@pytest.fixture
def controller(qtbot, services, chosen):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    yield ReportController(window, services, lambda: chosen.school, lambda: chosen.room,
                           lambda: list(chosen.numbers))
    assert QThreadPool.globalInstance().waitForDone(TIMEOUT)  # no worker left on the closing database
    for preview in window.findChildren(PdfPreviewDialog):
        preview.close()
    window.close()


# -- labels -----------------------------------------------------------------------------------------------------

def placed_numbers(pdf: bytes, page: int = 0) -> dict[str, tuple[float, float]]:
    """Where each inventory number starts on a page (PDF points, origin bottom left)."""
    found: dict[str, tuple[float, float]] = {}

    def visit(text, cm, tm, _font, _size) -> None:
        text = text.strip()
        if text.count("-") == 2 and text.replace("-", "").isalnum():
            found.setdefault(text, (tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return found


@pytest.fixture
def labels_dialog(qtbot, services, controller, chosen) -> LabelsDialog:
    school = services.reporting.school_ids()[0]
    room = services.schools.rooms(school)[0]
    chosen.school, chosen.room = school, room.id
    chosen.numbers = [item.inventory_number for item in services.reporting.inventory_sheet(school).items[:3]]
    controller.update_enabled()
    controller.labels_action.trigger()
    dialog = controller.last_dialog
    assert isinstance(dialog, LabelsDialog) and dialog.isVisible()
    return dialog


def test_labels_start_where_the_user_clicked_on_the_sheet(qtbot, controller, chosen, labels_dialog) -> None:
    dialog = labels_dialog
    assert [button.text() for button in dialog.target_group.buttons()][0] == "les 3 équipements sélectionnés"
    assert dialog.target().scope is LabelScope.ITEMS
    dialog.template_combo.setCurrentIndex(dialog.template_combo.findData("L7160"))
    assert dialog.start_spin.maximum() == 21 and dialog.start_spin.text() == "1 sur 21"
    qtbot.mouseClick(dialog.diagram, Qt.MouseButton.LeftButton, pos=dialog.diagram.label_rect(5).center().toPoint())
    assert dialog.start_spin.value() == 5 == dialog.diagram.start
    assert dialog.summary.text() == "3 étiquettes, sur 1 planche."
    choice = dialog.choice()
    assert (choice.options.template, choice.options.start, choice.options.code128) == ("L7160", 5, True)

    with qtbot.waitSignal(controller.sig_preview_opened):
        dialog.ok_button.click()
    preview = controller.last_preview
    qtbot.waitUntil(lambda: preview.file is not None, timeout=TIMEOUT)
    placed = placed_numbers(preview.file.data)
    assert set(placed) == set(chosen.numbers)
    sheet = TEMPLATES["L7160"]
    for position, number in enumerate(chosen.numbers, start=5):  # positions 1–4 stay empty
        x, y, width, height = sheet.rectangle(position - 1)
        px, py = placed[number]
        assert x < px < x + width and y < py < y + height, (number, position)


def test_labels_sheet_choices_stay_consistent(qtbot, labels_dialog) -> None:
    dialog = labels_dialog
    dialog.template_combo.setCurrentIndex(dialog.template_combo.findData("L7651"))
    dialog.set_start(60)
    assert dialog.diagram.start == 60
    dialog.diagram.setFocus()
    qtbot.keyClick(dialog.diagram, Qt.Key.Key_Down)  # one row further: 65 at most
    assert dialog.start_spin.value() == 65
    dialog.template_combo.setCurrentIndex(dialog.template_combo.findData("L7163"))
    assert dialog.start_spin.value() == 14 == dialog.diagram.start  # the last label of the smaller sheet
    dialog.set_start(14)
    assert dialog.summary.text() == "3 étiquettes, sur 2 planches."

    dialog.code128_check.setChecked(False)
    assert not dialog.ok_button.isEnabled() and "au moins un code" in dialog.summary.text()
    dialog.qr_check.setChecked(True)
    assert dialog.ok_button.isEnabled()

    radios = {button.objectName(): button for button in dialog.target_group.buttons()}
    assert set(radios) == {"itemsRadio", "roomRadio", "schoolRadio"}
    radios["roomRadio"].setChecked(True)
    assert dialog.choice().target.scope is LabelScope.ROOM and dialog.summary.text() == ""
    radios["schoolRadio"].setChecked(True)
    choice = dialog.choice()
    assert choice.target.scope is LabelScope.SCHOOL and (choice.options.qr, choice.options.code128) == (True, False)


# -- all the schools' sheets ------------------------------------------------------------------------------------

def finished(qtbot, batch: SheetsBatch):
    with qtbot.waitSignal(batch.sig_finished, timeout=TIMEOUT) as done:
        pass
    return done.args[0]


def pdfs(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def test_sheets_of_three_schools_into_a_folder(qtbot, services, controller, tmp_path) -> None:
    ids = services.reporting.school_ids()[:3]
    folder = tmp_path / "fiches"
    batch = controller.write_all_sheets(folder, schools=ids)
    assert batch.progress_dialog.isVisible() and not batch.progress_dialog.isModal()
    outcome = finished(qtbot, batch)
    expected = {sheet_file_name(services.reporting.inventory_sheet(i)) for i in ids}
    assert pdfs(folder) == expected == {path.name for path in outcome.result.written}
    assert not outcome.result.cancelled and batch.progress_dialog is None
    for path in folder.iterdir():
        assert len(PdfReader(path).pages) >= 1
    text = batch.message_box.text()
    assert text.startswith(f"3 fiches d'inventaire enregistrées dans « {folder} »")


def test_cancel_after_the_first_sheet_keeps_exactly_that_one(qtbot, services, controller, tmp_path) -> None:
    ids = services.reporting.school_ids()[:3]
    folder = tmp_path / "fiches"
    batch = SheetsBatch(services, controller.parent_widget)

    def cancel_after_first(task) -> None:
        def on_progress(done: int, _total: int) -> None:  # on the worker, before it goes on
            if done == 1:
                task.cancel()
        task.sig_progress.connect(on_progress, Qt.ConnectionType.DirectConnection)

    batch.sig_started.connect(cancel_after_first)
    batch.start(folder, schools=ids)
    outcome = finished(qtbot, batch)
    first = sheet_file_name(services.reporting.inventory_sheet(ids[0]))
    assert outcome.result.cancelled and [path.name for path in outcome.result.written] == [first]
    assert pdfs(folder) == {first}  # no other sheet, no half-written file
    assert batch.message_box.text().startswith(f"Génération arrêtée : 1 fiche sur 3 enregistrée dans « {folder} ».")
    assert "déjà écrites sont conservées" in batch.message_box.text()


def test_the_cancel_button_stops_the_batch(qtbot, services, controller, tmp_path) -> None:
    controller.all_sheets_action.trigger()
    dialog = controller.last_dialog
    assert isinstance(dialog, BatchSheetsDialog) and dialog.isVisible()
    assert dialog.findChild(QLabel, "batchInfo").text().startswith("12 écoles : une fiche PDF par école")
    folder = tmp_path / "toutes"
    dialog.folder_edit.setText(str(folder))
    with qtbot.waitSignal(controller.sig_batch_started):
        dialog.ok_button.click()
    batch = controller.last_batch
    cancel = batch.progress_dialog.findChild(QPushButton)
    assert cancel.text() == "Annuler"
    cancel.click()
    outcome = finished(qtbot, batch)
    assert outcome.result.cancelled and outcome.total == 12 and len(outcome.result.written) < 12
    assert pdfs(folder) == {path.name for path in outcome.result.written}
    assert f"{len(outcome.result.written)} fiche" in batch.message_box.text()
