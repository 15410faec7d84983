"""The Fichier menu's imports and exports (TransferController) on a real demo city: the actions, the export of
the list on screen (its filters or its selection) to CSV for French spreadsheets or to XLSX, and an import
that tells the window to read the base again."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget
from transfer_support import CANONICAL, ScriptedPrompts, click, idle, item, shots_dir, write_csv

from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.ui.export_dialog import ExportDialog
from ticeinventory.ui.import_wizard import ImportKind
from ticeinventory.ui.transfer_controller import TransferController

PCS_IN_SERVICE = EquipmentFilter(category_code="PCF", status=EquipmentStatus.EN_SERVICE)


class Window:
    """What the main window hands the controller: its filter, its selection, and a refresh to count."""

    def __init__(self, qtbot, services, tmp_path: Path) -> None:
        self.widget = QWidget()
        qtbot.addWidget(self.widget)
        self.widget.resize(1366, 768)
        self.widget.show()
        self.filter = EquipmentFilter()
        self.selection: list[int] = []
        self.refreshed = 0
        self.prompts = ScriptedPrompts(tmp_path)
        self.controller = TransferController(self.widget, services, lambda: self.filter, lambda: self.selection,
                                             self._refresh, prompts=self.prompts)
        self.messages: list[str] = []
        self.controller.sig_status_message.connect(self.messages.append)

    def _refresh(self) -> None:
        self.refreshed += 1


@pytest.fixture
def window(qtbot, services, tmp_path):
    made = Window(qtbot, services, tmp_path)
    yield made
    for dialog in (made.controller.wizard, made.controller.export_dialog):
        if dialog is not None:
            dialog.reject()  # cancels a running worker first
            qtbot.waitUntil(lambda d=dialog: not d.busy, timeout=15_000)


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no BOM: French Excel would read the accents wrongly"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_actions_for_the_file_menu(window, services):
    c = window.controller
    entries = c.menu_actions()
    assert [a.text() if a else None for a in entries] == [
        "Importer des &équipements…", "Importer l'&annuaire des écoles…", None, "E&xporter la liste…",
        "Exporter les é&coles…"]
    assert c.import_equipment_action.shortcut() == QKeySequence("Ctrl+Shift+O")
    assert c.export_list_action.shortcut() == QKeySequence("Ctrl+Shift+E")
    assert all(a.isEnabled() and a.statusTip() for a in entries if a)
    c.set_services(None)
    assert not any(a.isEnabled() for a in entries if a)
    c.set_services(services)
    assert all(a.isEnabled() for a in entries if a)


def test_export_of_the_filtered_list_is_a_french_csv_of_exactly_those_rows(window, services, qtbot, tmp_path):
    window.filter = PCS_IN_SERVICE
    window.controller.export_list_action.trigger()
    dialog = window.controller.export_dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    expected = services.equipment.list(PCS_IN_SERVICE)
    assert 0 < len(expected) < services.equipment.count()
    assert dialog.list_radio.isChecked() and f"{len(expected)} équipements" in dialog.list_radio.text()
    assert not dialog.selection_radio.isEnabled()  # nothing selected
    dialog.grab().save(str(shots_dir(tmp_path) / "export_dialog.png"))
    target = tmp_path / "pc-en-service.csv"
    dialog.path_edit.setText(str(target))
    click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: window.controller.export_dialog is None)

    rows = read_csv(target)
    assert rows[0] == list(CANONICAL)
    assert sorted(r[0] for r in rows[1:]) == sorted(i.inventory_number for i in expected)
    assert {(r[3], r[7]) for r in rows[1:]} == {("PC fixe", "En service")}
    assert target.read_bytes().count(b"\r\n") == len(rows)  # CRLF, for Windows spreadsheets
    assert window.messages == [f"{len(expected)} équipements exportés dans « {target} »."]


def test_export_of_the_selection_to_xlsx_on_a_worker(window, services, qtbot, tmp_path):
    chosen = services.equipment.list(PCS_IN_SERVICE)[:3]
    window.selection = [i.id for i in chosen]
    dialog = window.controller.export_list()
    assert dialog.selection_radio.isChecked() and "3 équipements" in dialog.selection_radio.text()
    dialog.slow_rows = 0  # as if the selection were big: the export runs on a worker
    dialog.xlsx_radio.setChecked(True)
    assert dialog.path_edit.text().endswith(".xlsx")
    target = tmp_path / "selection.xlsx"
    window.prompts.answers["save"].append(target)
    click(qtbot, dialog.browse_button)
    assert dialog.path_edit.text() == str(target)
    with qtbot.waitSignal(dialog.sig_task_started, timeout=5_000):
        click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: window.controller.export_dialog is None, timeout=15_000)
    workbook = openpyxl.load_workbook(target, read_only=True)
    try:
        values = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    assert list(values[0]) == list(CANONICAL)
    assert sorted(v[0] for v in values[1:]) == sorted(i.inventory_number for i in chosen)


def test_typed_path_of_an_existing_file_asks_before_replacing_it(window, qtbot, tmp_path):
    target = tmp_path / "liste.csv"
    target.write_text("ancien contenu", encoding="utf-8")
    dialog = window.controller.export_list()
    dialog.path_edit.setText(str(target))
    window.prompts.answers["overwrite"].append(False)
    click(qtbot, dialog.export_button)
    assert target.read_text(encoding="utf-8") == "ancien contenu" and dialog.isVisible()
    window.prompts.answers["overwrite"].append(True)
    click(qtbot, dialog.export_button)
    assert read_csv(target)[0] == list(CANONICAL)


def test_import_from_the_menu_refreshes_the_window(window, services, qtbot, tmp_path):
    path = write_csv(tmp_path / "deux-pc.csv", [CANONICAL, item(numero_serie="MENU-1"), item(numero_serie="MENU-2")])
    wizard = window.controller.import_equipment(path)
    assert wizard is window.controller.wizard and wizard.kind is ImportKind.EQUIPMENT and wizard.isVisible()
    assert window.controller.import_equipment() is wizard  # one assistant at a time
    idle(qtbot, wizard)
    click(qtbot, wizard.next_button)
    idle(qtbot, wizard)
    click(qtbot, wizard.import_button)
    idle(qtbot, wizard)
    assert window.refreshed == 1
    assert window.messages == ["Import\u00a0: 2 équipements créés ou mis à jour."]
    assert services.equipment.count(EquipmentFilter(text="MENU-")) == 2
    click(qtbot, wizard.close_button)
    qtbot.waitUntil(lambda: window.controller.wizard is None)


def test_export_schools_writes_the_layout_the_directory_import_reads(window, services, tmp_path, qtbot):
    target = tmp_path / "ecoles.csv"
    window.prompts.answers["save"].append(target)
    window.controller.export_schools_action.trigger()
    rows = read_csv(target)
    assert rows[0][:3] == ["uai", "nom", "type"] and len(rows) - 1 == len(services.schools.list())
    # read back by the directory import: nothing changes
    wizard = window.controller.import_schools(target)
    idle(qtbot, wizard)
    click(qtbot, wizard.next_button)
    wizard.filters_page.departements_edit.clear()
    click(qtbot, wizard.next_button)
    idle(qtbot, wizard)
    report = wizard.preview_report
    assert (report.created, report.updated, report.unchanged) == (0, 0, len(rows) - 1), report.summary()
    wizard.reject()
    assert window.refreshed == 0
    qtbot.waitUntil(lambda: window.controller.wizard is None)


def test_wired_to_the_main_window_the_imported_rows_appear_and_the_export_follows_its_filter(
        make_window, services, qtbot, tmp_path):
    """The wiring the window is expected to use: its filter, its selection and its refresh."""
    window = make_window(services)
    table = window.inventory.table
    qtbot.waitUntil(lambda: not window.inventory.loading and table.model().rowCount() == services.equipment.count())
    shown = table.model().rowCount()
    prompts = ScriptedPrompts(tmp_path)
    controller = TransferController(window, window.services, window.inventory.current_filter,
                                    window.inventory.selected_ids, window.refresh, prompts=prompts)
    path = write_csv(tmp_path / "trois-pc.csv", [CANONICAL, *(item(numero_serie=f"WIN-{n}") for n in range(3))])
    wizard = controller.import_equipment(path)
    idle(qtbot, wizard)
    click(qtbot, wizard.next_button)
    idle(qtbot, wizard)
    click(qtbot, wizard.import_button)
    idle(qtbot, wizard)
    qtbot.waitUntil(lambda: table.model().rowCount() == shown + 3, timeout=10_000)  # read again: they appear
    click(qtbot, wizard.close_button)
    qtbot.waitUntil(lambda: controller.wizard is None)

    table.selectRow(0)
    dialog = controller.export_list()
    assert dialog.filter == window.inventory.current_filter() and dialog.list_count == shown + 3
    assert dialog.selected_ids == window.inventory.selected_ids() and len(dialog.selected_ids) == 1
    dialog.reject()
