"""Finding equipment in the real window on a demo city: the search field, the barcode scanner, the filters.

Each expectation is computed independently of the SQL behind the window, in Python over every item the
services list, so that a wrong clause cannot agree with itself.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox

from ticeinventory.domain.enums import EquipmentStatus, SchoolType
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.services.equipment_filters import WarrantyState, years_before
from ticeinventory.ui.equipment_model import ID_ROLE
from ticeinventory.ui.location_model import STOCK_NODE, Node, NodeKind
from ticeinventory.ui.texts import counts_summary


def search_edit(window) -> QLineEdit:
    edit = window.findChild(QLineEdit, "searchEdit")
    assert edit is not None
    return edit


def shown_ids(window) -> set[int]:
    model = window.inventory.table_model
    return {model.index(row, 0).data(ID_ROLE) for row in range(model.rowCount())}


def type_search(qtbot, window, text: str) -> None:
    edit = search_edit(window)
    edit.setFocus()
    with qtbot.waitSignal(window.inventory.sig_loaded, timeout=3_000):
        qtbot.keyClicks(edit, text)


def matches(item, schools, text: str) -> bool:
    text = text.lower()
    fields = (item.inventory_number, item.serial_number, item.network_name, item.mac_address, item.manufacturer,
              item.model)
    school = schools.get(item.school_id)
    names = (school.name, school.uai) if school else ()
    return any(text in (value or "").lower() for value in (*fields, *names))


def test_typing_narrows_the_table_as_the_services_count(window, services, qtbot):
    everything = window.inventory.table_model.rowCount()
    schools = {school.id: school for school in services.schools.list()}
    type_search(qtbot, window, "dell")
    expected = {item.id for item in services.equipment.list() if matches(item, schools, "dell")}
    assert 0 < len(expected) < everything
    assert shown_ids(window) == expected
    assert window.inventory.table_model.rowCount() == services.equipment.count(EquipmentFilter(text="dell"))
    counts = window.inventory.counts
    assert window.findChild(QLabel, "countsLabel").text() == counts_summary(counts) + " (recherche ou filtres)"


def test_search_finds_a_school_by_name_or_uai_and_escape_clears_it(window, services, qtbot):
    colette = next(s for s in services.schools.list() if "Colette" in s.name)
    type_search(qtbot, window, "colette")
    assert shown_ids(window) == {i.id for i in services.equipment.list(EquipmentFilter(school_id=colette.id))}

    search_edit(window).clear()
    type_search(qtbot, window, colette.uai.lower())
    assert shown_ids(window) == {i.id for i in services.equipment.list(EquipmentFilter(school_id=colette.id))}

    qtbot.keyClick(search_edit(window), Qt.Key.Key_Escape)
    assert search_edit(window).text() == ""
    assert window.inventory.table_model.rowCount() == services.equipment.count()


def test_a_scan_keeps_the_room_that_holds_the_item(window, services, qtbot):
    item = next(i for i in services.equipment.list() if i.room_id)
    room = Node(NodeKind.ROOM, id=item.room_id, school_id=item.school_id)
    assert window.inventory.select_node(room)
    edit = search_edit(window)
    edit.setFocus()
    qtbot.keyClicks(edit, item.inventory_number)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.inventory.current_node() == room
    assert window.inventory.selected_ids() == [item.id]


def test_search_stays_within_the_chosen_place(window, services, qtbot):
    colette = next(s for s in services.schools.list() if "Colette" in s.name)
    assert window.inventory.select_node(Node(NodeKind.SCHOOL, id=colette.id))
    type_search(qtbot, window, "dell")
    expected = {i.id for i in services.equipment.list(EquipmentFilter(school_id=colette.id))
                if "dell" in i.manufacturer.lower()}
    assert expected and shown_ids(window) == expected


def test_scanned_number_and_enter_show_the_item_in_its_school(window, services, qtbot):
    colette = next(s for s in services.schools.list() if "Colette" in s.name)
    item = next(i for i in services.equipment.list() if i.school_id not in (None, colette.id) and i.room_id)
    assert window.inventory.select_node(Node(NodeKind.SCHOOL, id=colette.id))

    edit = search_edit(window)
    edit.setFocus()
    qtbot.keyClicks(edit, item.inventory_number.lower())  # a scanner in lower case, faster than the pause
    with qtbot.waitSignal(window.inventory.sig_located, timeout=3_000) as located:
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    assert located.args == [item.id]
    assert window.inventory.current_node() == Node(NodeKind.SCHOOL, id=item.school_id)
    assert window.inventory.selected_ids() == [item.id]
    assert edit.text() == ""  # ready for the next scan
    table = window.inventory.table
    row_rect = table.visualRect(table.currentIndex())
    assert table.viewport().rect().intersects(row_rect)  # scrolled into view
    assert window.detail.equipment.id == item.id and window.detail_dock.isVisible()
    assert window.detail.sheet.heading.text() == item.inventory_number


def test_scanning_while_the_list_has_the_focus(window, services, qtbot):
    item = services.equipment.list(EquipmentFilter(unassigned=True))[0]
    table = window.inventory.table
    table.setFocus()
    qtbot.keyClicks(table, item.inventory_number)
    assert search_edit(window).text() == item.inventory_number
    with qtbot.waitSignal(window.inventory.sig_located, timeout=3_000):
        qtbot.keyClick(search_edit(window), Qt.Key.Key_Enter)
    assert window.inventory.current_node() == STOCK_NODE  # shown among its neighbours
    assert window.inventory.selected_ids() == [item.id]


def test_enter_on_text_with_one_match_selects_it(window, services, qtbot):
    item = next(i for i in services.equipment.list() if i.serial_number)
    edit = search_edit(window)
    edit.setFocus()
    qtbot.keyClicks(edit, item.serial_number)
    with qtbot.waitSignal(window.inventory.sig_located, timeout=3_000):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.inventory.selected_ids() == [item.id]


def test_a_slow_read_runs_on_a_worker_and_the_newest_answer_wins(window, services, qtbot):
    window.inventory.runner.slow_rows = 0  # every read « slow »: through the worker
    edit = search_edit(window)
    edit.setFocus()
    qtbot.keyClicks(edit, "de")
    window.inventory.search_bar.apply()
    qtbot.keyClicks(edit, "ll")
    window.inventory.search_bar.apply()
    qtbot.waitUntil(lambda: not window.inventory.loading, timeout=5_000)
    assert window.inventory.table_model.rowCount() == services.equipment.count(EquipmentFilter(text="dell"))

    item = services.equipment.list(EquipmentFilter(unassigned=True))[0]
    edit.clear()
    qtbot.keyClicks(edit, item.inventory_number)
    with qtbot.waitSignal(window.inventory.sig_loaded, timeout=5_000):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.inventory.loading, timeout=5_000)
    assert window.inventory.selected_ids() == [item.id]


def test_ctrl_f_focuses_the_search(window, qtbot):
    window.activateWindow()
    window.inventory.table.setFocus()
    window.find_action.trigger()
    assert search_edit(window).hasFocus()
    assert window.find_action.shortcut().toString() == "Ctrl+F"
    assert search_edit(window).isClearButtonEnabled()
    assert search_edit(window).placeholderText().startswith("Rechercher\u00a0: n° d'inventaire, série, nom réseau")


# -- filters ---------------------------------------------------------------------------------------------------

def choose(window, name: str, data) -> None:
    combo = window.findChild(QComboBox, name)
    index = combo.findData(data)
    assert index > 0, f"{data!r} not offered by {name}"
    combo.setCurrentIndex(index)


def plan_choice(window, **wanted):
    combo = window.findChild(QComboBox, "fundingFilter")
    for index in range(combo.count()):
        data = combo.itemData(index)
        if data is not None and all(getattr(data, key) == value for key, value in wanted.items()):
            return data
    raise AssertionError(wanted)


@pytest.fixture
def everything(services):
    return services.equipment.list()


def test_category_filter(window, services, everything):
    choose(window, "categoryFilter", "ECR")
    assert shown_ids(window) == {i.id for i in everything if i.category_code == "ECR"} != set()


def test_status_filters(window, everything):
    choose(window, "statusFilter", EquipmentStatus.EN_PANNE)
    assert shown_ids(window) == {i.id for i in everything if i.status is EquipmentStatus.EN_PANNE} != set()
    choose(window, "statusFilter", "in_fleet")
    assert shown_ids(window) == {i.id for i in everything if not i.status.is_final}


def test_plan_and_hors_plan_filters(window, everything):
    choose(window, "fundingFilter", plan_choice(window, in_plan=False, plan_code=None))
    assert shown_ids(window) == {i.id for i in everything if not i.in_plan} != set()
    choose(window, "fundingFilter", plan_choice(window, in_plan=True, plan_code=None))
    assert shown_ids(window) == {i.id for i in everything if i.in_plan}
    choose(window, "fundingFilter", plan_choice(window, plan_code="DIJON-2015-AV2"))
    assert shown_ids(window) == {i.id for i in everything if i.plan_code == "DIJON-2015-AV2"} != set()


def test_warranty_filters(window, services, everything):
    today = date.today()
    soon, later = everything[0], everything[1]
    services.equipment.update(soon.id, warranty_end=today + timedelta(days=30))
    services.equipment.update(later.id, warranty_end=today + timedelta(days=400))
    window.refresh()
    fresh = services.equipment.list()
    choose(window, "warrantyFilter", WarrantyState.UNDER)
    assert shown_ids(window) == {i.id for i in fresh if i.warranty_end and i.warranty_end >= today} == {soon.id,
                                                                                                      later.id}
    choose(window, "warrantyFilter", WarrantyState.ENDING)
    assert shown_ids(window) == {soon.id}
    choose(window, "warrantyFilter", WarrantyState.EXPIRED)
    assert shown_ids(window) == {i.id for i in fresh if i.warranty_end and i.warranty_end < today} != set()
    choose(window, "warrantyFilter", WarrantyState.UNKNOWN)
    assert shown_ids(window) == {i.id for i in fresh if i.warranty_end is None} != set()


def test_school_type_and_age_filters_combine(window, services, everything):
    kinds = {school.id: school.type for school in services.schools.list()}
    choose(window, "schoolTypeFilter", SchoolType.MATERNELLE)
    maternelle = {i.id for i in everything if kinds.get(i.school_id) is SchoolType.MATERNELLE}
    assert shown_ids(window) == maternelle != set()

    window.findChild(QSpinBox, "ageFilter").setValue(10)
    limit = years_before(date.today(), 10)
    old = {i.id for i in everything if i.acquisition_date and i.acquisition_date < limit}
    assert shown_ids(window) == maternelle & old != set()
    assert window.inventory.filter_bar.active_count() == 2

    window.inventory.filter_bar.clear_button.click()
    assert window.inventory.table_model.rowCount() == len(everything)


def test_a_scan_clears_the_filters_that_would_hide_the_item(window, services, qtbot):
    hors_plan = services.equipment.list(EquipmentFilter(in_plan=False))[0]
    choose(window, "fundingFilter", plan_choice(window, in_plan=True, plan_code=None))
    edit = search_edit(window)
    edit.setFocus()
    qtbot.keyClicks(edit, hors_plan.inventory_number)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.inventory.filter_bar.active_count() == 0
    assert window.inventory.selected_ids() == [hors_plan.id]
