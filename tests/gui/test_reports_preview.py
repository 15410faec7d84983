"""Printed documents from the window, on a real demo city: the preview shows the document's pages, « Enregistrer
en PDF… » writes it, « Imprimer… » paints it on a real QPrinter (a PDF file here), and the document is prepared
on a worker that the user can cancel. Dialogs are driven without blocking (``open()``)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMainWindow

from ticeinventory.domain.maintenance import PartInfo
from ticeinventory.reports import LabelOptions, ReportOptions, render_inventory_sheet
from ticeinventory.ui.pdf_page_view import PageView
from ticeinventory.ui.pdf_preview import PdfPreviewDialog
from ticeinventory.ui.pdf_printing import print_pdf
from ticeinventory.ui.report_controller import ReportController
from ticeinventory.ui.report_dialogs import (
    CityInventoryDialog,
    InventorySheetDialog,
    LabelChoice,
    LabelScope,
    LabelTarget,
)

LOAD_TIMEOUT = 15_000


@dataclass
class Chosen:
    """What the window would say is chosen."""

    school: int | None = None
    room: int | None = None
    numbers: list[str] = field(default_factory=list)
    intervention: int | None = None


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
                           lambda: list(chosen.numbers), current_intervention=lambda: chosen.intervention)
    assert QThreadPool.globalInstance().waitForDone(LOAD_TIMEOUT)  # no worker left on the closing database
    for preview in window.findChildren(PdfPreviewDialog):
        preview.close()
    window.close()


def wait_loaded(qtbot, preview: PdfPreviewDialog) -> PdfPreviewDialog:
    qtbot.waitUntil(lambda: preview.file is not None or preview.stack.currentIndex() == preview.ERROR,
                    timeout=LOAD_TIMEOUT)
    assert preview.file is not None, preview.error_label.text()
    return preview


def texts(pdf: bytes | Path) -> str:
    source = io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf
    return "\n".join(page.extract_text() for page in PdfReader(source).pages).replace("\u00a0", " ")


def page_count(pdf: bytes | Path) -> int:
    return len(PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf).pages)


@pytest.fixture
def big_school(services) -> int:
    """The school with the most items: its sheet runs over several pages."""
    return max(services.reporting.school_ids(), key=lambda i: len(services.reporting.inventory_sheet(i).items))


@pytest.fixture
def sheet_preview(qtbot, controller, chosen, big_school) -> PdfPreviewDialog:
    chosen.school = big_school
    controller.update_enabled()
    controller.inventory_sheet_action.trigger()
    dialog = controller.last_dialog
    assert isinstance(dialog, InventorySheetDialog) and dialog.isVisible()
    dialog.barcodes_check.setChecked(True)
    with qtbot.waitSignal(controller.sig_preview_opened):
        dialog.ok_button.click()
    return wait_loaded(qtbot, controller.last_preview)


def test_the_preview_shows_every_page_of_the_school_sheet(qtbot, services, sheet_preview, big_school) -> None:
    preview = sheet_preview
    expected = io.BytesIO()
    data = services.reporting.inventory_sheet(big_school)
    render_inventory_sheet(data, expected, options=ReportOptions(barcodes=True))  # as ticked in the dialog
    pages = page_count(expected.getvalue())
    assert pages >= 2
    assert preview.page_count() == page_count(preview.file.data) == pages
    assert preview.page_spin.text() == f"Page 1 / {pages}"
    assert not preview.isModal() and preview.windowTitle() == \
        f"Aperçu avant impression — Fiche d'inventaire — {data.school.name}"
    assert preview.file.file_name.startswith(data.school.uai) and preview.file.file_name.endswith(".pdf")

    view: PageView = preview.view
    assert view.fit_width and preview.fit_action.isChecked()
    assert view.page_rect(0).width() == view.viewport().width() - 2 * PageView.GAP
    preview.next_action.trigger()
    assert preview.page_spin.text() == f"Page 2 / {pages}"
    preview.page_spin.setValue(pages)
    assert view.current_page() == pages - 1 and not preview.next_action.isEnabled()
    preview.actual_action.trigger()
    assert preview.zoom_label.text() == "100 %" and not preview.fit_action.isChecked()
    assert view.current_page() == pages - 1  # the zoom keeps the page in view
    assert view.page_rect(0).width() == round(595.28 * view.logicalDpiX() / 72)
    preview.zoom_in_action.trigger()
    assert preview.zoom_label.text() == "125 %"
    preview.fit_action.trigger()
    assert view.fit_width
    image = view.page_image(0)
    assert image.width() == round(view.page_rect(0).width() * view.devicePixelRatioF())


def test_save_as_pdf_writes_the_school_inventory(qtbot, services, sheet_preview, big_school, tmp_path) -> None:
    target = tmp_path / "documents" / "fiche.pdf"
    target.parent.mkdir()
    dialog = sheet_preview.open_save_dialog()
    assert dialog.isVisible() and dialog.selectedFiles()[0].endswith(sheet_preview.file.file_name)
    dialog.selectFile(str(target))
    with qtbot.waitSignal(sheet_preview.sig_saved):
        dialog.accept()
    text = texts(target)
    numbers = [item.inventory_number for item in services.reporting.inventory_sheet(big_school).items]
    assert numbers and all(number in text for number in numbers)
    assert "Fiche d'inventaire de l'école" in text
    assert not list(target.parent.glob(".*part"))
    assert str(target) in sheet_preview.status_label.text()


def test_print_dialog_prints_every_page_on_the_chosen_printer(qtbot, sheet_preview, tmp_path) -> None:
    out = tmp_path / "imprime.pdf"
    dialog = sheet_preview.open_print_dialog()
    assert isinstance(dialog, QPrintDialog) and dialog.isVisible()
    filename = dialog.findChild(QLineEdit, "filename")  # the « Imprimer dans un fichier (PDF) » printer
    filename.setText(str(out))
    with qtbot.waitSignal(sheet_preview.sig_printed, timeout=LOAD_TIMEOUT) as printed:
        dialog.accept()
    assert printed.args == [sheet_preview.page_count(), False]
    assert page_count(out) == sheet_preview.page_count()
    assert "envoyées" in sheet_preview.status_label.text()


def test_print_to_a_pdf_printer_paints_the_chosen_range(qtbot, sheet_preview, tmp_path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "tout.pdf"))
    with qtbot.waitSignal(sheet_preview.sig_printed, timeout=LOAD_TIMEOUT):
        sheet_preview.print_to(printer)
    assert page_count(tmp_path / "tout.pdf") == sheet_preview.page_count()

    printer.setOutputFileName(str(tmp_path / "page2.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    with qtbot.waitSignal(sheet_preview.sig_printed, timeout=LOAD_TIMEOUT) as printed:
        sheet_preview.print_to(printer)
    assert printed.args == [1, False]
    assert page_count(tmp_path / "page2.pdf") == 1


def test_cancel_while_the_document_is_prepared_closes_the_preview(qtbot, controller, big_school) -> None:
    preview = controller.preview_inventory_sheet(big_school)
    assert preview.busy and preview.stack.currentIndex() == preview.BUSY and preview.isVisible()
    with qtbot.waitSignal(preview.destroyed, timeout=LOAD_TIMEOUT):
        preview.cancel_button.click()
    assert QThreadPool.globalInstance().waitForDone(LOAD_TIMEOUT)


def test_a_refused_document_says_why_in_the_preview(qtbot, controller) -> None:
    target = LabelTarget(LabelScope.ITEMS, ("PCF-1999-99999",), "un numéro inconnu", 1)
    preview = controller.preview_labels(LabelChoice(target, LabelOptions()))
    with qtbot.waitSignal(preview.sig_failed, timeout=LOAD_TIMEOUT) as failed:
        pass
    assert "Numéros d'inventaire inconnus : PCF-1999-99999" in failed.args[0]
    assert preview.stack.currentIndex() == preview.ERROR and not preview.print_action.isEnabled()


def test_city_inventory_of_the_ticked_schools(qtbot, services, controller) -> None:
    schools = services.schools.list()
    controller.city_inventory_action.trigger()
    dialog = controller.last_dialog
    assert isinstance(dialog, CityInventoryDialog) and dialog.ok_button.isEnabled()
    dialog.chosen_radio.setChecked(True)
    assert not dialog.ok_button.isEnabled()  # nothing ticked yet
    dialog.filter_edit.setText(schools[0].uai)
    dialog.school_list.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.school_list.item(3).setCheckState(Qt.CheckState.Checked)
    assert dialog.checked_ids() == [schools[0].id, schools[3].id] and dialog.ok_button.isEnabled()
    with qtbot.waitSignal(controller.sig_preview_opened):
        dialog.ok_button.click()
    text = texts(wait_loaded(qtbot, controller.last_preview).file.data)
    assert schools[0].name in text and schools[3].name in text
    assert schools[1].name not in text and "Inventaire général" in text


@pytest.fixture
def intervention(services) -> int:
    """A repair recorded the way the maintenance screens do: a report, then the work that answered it."""
    school = services.reporting.school_ids()[0]
    item = next(i for i in services.reporting.inventory_sheet(school).plan_items
                if i.category_code == "PCF" and i.acquisition_date.year < 2015)
    when = datetime.now().replace(second=0, microsecond=0) - timedelta(days=1)
    reported = services.maintenance.incidents.report(
        school=school, equipment=item.inventory_number, nature="Matériel", urgency="haute",
        description="Le poste ne démarre plus : écran noir « depuis lundi ».", reporter_name="Hélène Lefèvre",
        reporter_role="Directeur / directrice", reported_at=when - timedelta(hours=2))
    done = services.maintenance.interventions.record(
        type="Remplacement de pièce", outcome="résolu", date=when.date(), start_time=when.time(),
        duration_minutes=35, equipment=item.inventory_number, incidents=[reported.id], technician="Stéphane Girard",
        actions="Alimentation hors service\nRemplacement de l'alimentation ; démarrage vérifié",
        parts=[PartInfo(designation="Alimentation 300 W", reference="D300AM-00")])
    return done.intervention.id


def test_intervention_slip_of_the_current_intervention_or_of_a_number(qtbot, services, controller, chosen,
                                                                      intervention) -> None:
    work = services.maintenance.interventions.get(intervention)
    chosen.intervention = intervention
    with qtbot.waitSignal(controller.sig_preview_opened):
        controller.intervention_slip_action.trigger()
    text = " ".join(texts(wait_loaded(qtbot, controller.last_preview).file.data).split())
    for expected in ("Bon d'intervention", f"N° {intervention}", work.equipment_number, work.school_name,
                     "Alimentation 300 W", "Remplacement de l'alimentation", "Stéphane Girard", "35 min",
                     "Hélène Lefèvre", "« depuis lundi »"):
        assert expected in text, expected

    chosen.intervention = None
    controller.intervention_slip_action.trigger()
    asked = controller.last_dialog
    assert isinstance(asked, QInputDialog) and asked.isVisible()
    asked.setIntValue(intervention)
    with qtbot.waitSignal(controller.sig_preview_opened):
        asked.accept()
    assert wait_loaded(qtbot, controller.last_preview).file.file_name == f"bon-intervention_{intervention}.pdf"


def test_actions_follow_what_is_chosen(controller, chosen, services) -> None:
    names = [a.text() if a else None for a in controller.menu_actions()]
    assert names == ["&Fiche d'inventaire de l'école…", "&Inventaire général…", "Fiches de &toutes les écoles…",
                     None, "É&tiquettes…", None, "&Bon d'intervention…"]
    assert controller.inventory_sheet_action.shortcut().toString() == "Ctrl+P"
    assert not controller.inventory_sheet_action.isEnabled() and not controller.labels_action.isEnabled()
    assert controller.open_inventory_sheet() is None and controller.open_labels() is None
    chosen.numbers = ["X"]
    controller.update_enabled()
    assert controller.labels_action.isEnabled() and not controller.inventory_sheet_action.isEnabled()
    chosen.numbers, chosen.school = [], services.reporting.school_ids()[0]
    controller.update_enabled()
    assert controller.labels_action.isEnabled() and controller.inventory_sheet_action.isEnabled()


def test_a_stopped_print_run_ends_the_job_after_the_page_being_printed(qtbot, sheet_preview, tmp_path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "arret.pdf"))
    assert print_pdf(sheet_preview.file.data, printer, lambda done, _total: done < 1) == (1, True)
    assert page_count(tmp_path / "arret.pdf") == 1  # a file printer keeps the pages painted before the stop
