"""The equipment list of a big base: the counts and the first page at once, every id afterwards from a worker;
one or two letters searched on Entrée only.

The demo city (385 items) stands for a big base by lowering the runner's threshold: every read of more than a
few items goes through the worker, as the whole fleet of a 200 000-item city does.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.services.equipment_browser import SortKey
from ticeinventory.ui.equipment_model import COLUMN, ID_ROLE, PAGE_SIZE
from ticeinventory.ui.location_model import FLEET_NODE, Node, NodeKind


def search_edit(window) -> QLineEdit:
    edit = window.findChild(QLineEdit, "searchEdit")
    assert edit is not None
    return edit


def shown_ids(window) -> list[int]:
    model = window.inventory.table_model
    return [model.index(row, 0).data(ID_ROLE) for row in range(model.rowCount())]


def settle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.inventory.loading, timeout=5_000)


@pytest.fixture
def big(window, qtbot):
    """The window, its runner treating any read of more than 10 items as slow (a worker)."""
    settle(qtbot, window)
    window.inventory.runner.slow_rows = 10
    return window


class FirstPageSpy:
    """What the table held when the counts were announced (before the worker had read every id)."""

    def __init__(self, window, action=None) -> None:
        self.window = window
        self.action = action
        self.seen: list[dict] = []
        window.inventory.sig_counts_changed.connect(self._on_counts)

    def _on_counts(self, counts) -> None:
        model = self.window.inventory.table_model
        self.seen.append({"rows": model.rowCount(), "complete": model.is_complete, "known": model.ids,
                          "total": counts.total, "loading": self.window.inventory.loading,
                          "cached": model.cached_row_count(),
                          "placeholder": model.index(model.rowCount() - 1, 0).data(),
                          "placeholder_id": model.index(model.rowCount() - 1, 0).data(ID_ROLE)})
        if self.action is not None:
            action, self.action = self.action, None
            action()


def test_the_first_page_shows_before_every_id_is_read(big, services, qtbot):
    panel = big.inventory
    spy = FirstPageSpy(big)
    with qtbot.waitSignal(panel.sig_loaded, timeout=5_000):
        panel.select_node(Node(NodeKind.STOCK))  # somewhere else, then the whole fleet again
        panel.select_node(FLEET_NODE)
    everything = services.browser.ids(EquipmentFilter())
    assert len(everything) > PAGE_SIZE
    first = spy.seen[-1]
    assert first["total"] == first["rows"] == len(everything)  # the count is known at once
    assert not first["complete"] and first["loading"]  # every id: still being read on the worker
    assert first["known"] == everything[:PAGE_SIZE]  # the first page, in the order of the list
    assert first["cached"] > 0  # its first rows came with it: nothing to read on the GUI thread to paint them
    assert first["placeholder"] == "Lecture…" and first["placeholder_id"] is None

    settle(qtbot, big)
    assert panel.table_model.is_complete
    assert shown_ids(big) == everything
    assert panel.counts == services.browser.counts(EquipmentFilter())


def test_the_view_keeps_its_scroll_and_the_users_selection_when_every_id_arrives(big, services, qtbot):
    panel, table = big.inventory, big.inventory.table
    picked: list[int] = []

    def user_acts() -> None:  # while the worker reads: scroll a little and pick a row of the first page
        table.verticalScrollBar().setValue(20)
        table.selectRow(25)
        picked.append(panel.table_model.equipment_id(25))

    spy = FirstPageSpy(big, user_acts)
    with qtbot.waitSignal(panel.sig_loaded, timeout=5_000):
        panel.table_model.sort(COLUMN["number"], Qt.SortOrder.DescendingOrder)
    settle(qtbot, big)
    assert not spy.seen[0]["complete"]
    assert picked and panel.selected_ids() == picked
    assert table.verticalScrollBar().value() == 20
    assert shown_ids(big) == services.browser.ids(EquipmentFilter(), SortKey.NUMBER, descending=True)


def test_an_item_beyond_the_first_page_is_selected_once_every_id_is_known(big, services, qtbot):
    panel = big.inventory
    first = panel.table_model.equipment_id(0)
    panel.select_ids([first])
    with qtbot.waitSignal(panel.sig_loaded, timeout=5_000):  # the same items, the other way round
        panel.table_model.sort(COLUMN["number"], Qt.SortOrder.DescendingOrder)
    settle(qtbot, big)
    row = panel.table_model.rowCount() - 1
    assert row >= PAGE_SIZE and panel.table_model.equipment_id(row) == first
    assert panel.selected_ids() == [first]
    assert panel.table.currentIndex().row() == row


def test_items_to_select_after_a_change_wait_for_every_id(big, services, qtbot):
    panel = big.inventory
    last = services.browser.ids(EquipmentFilter())[-1]
    panel.select_node(Node(NodeKind.STOCK))
    settle(qtbot, big)
    panel.select_node(FLEET_NODE)
    assert panel.loading
    panel.select_when_loaded([last])  # as after an edit: the item may be anywhere in the list
    settle(qtbot, big)
    assert panel.selected_ids() == [last]


def test_a_newer_list_is_not_completed_by_the_ids_of_an_older_one(big, services, qtbot):
    panel = big.inventory
    school = services.schools.list()[0]
    wanted = services.browser.ids(EquipmentFilter(school_id=school.id))
    assert len(wanted) <= 54  # read at once, on the GUI thread, with the threshold below
    panel.runner.slow_rows = 60
    panel.select_node(Node(NodeKind.STOCK))
    settle(qtbot, big)
    # while the fleet's first page is announced (every id still to come), the user chooses a school (read at once)
    spy = FirstPageSpy(big, lambda: panel.select_node(Node(NodeKind.SCHOOL, id=school.id)))
    panel.select_node(FLEET_NODE)
    settle(qtbot, big)
    qtbot.wait(50)
    assert panel.current_node() == Node(NodeKind.SCHOOL, id=school.id)
    assert shown_ids(big) == wanted
    assert panel.counts.total == len(wanted)
    assert not spy.seen[0]["complete"] and spy.seen[0]["rows"] > len(wanted)


def test_three_letters_are_searched_as_typed_on_a_big_base(big, services, qtbot):
    edit = search_edit(big)
    edit.setFocus()
    with qtbot.waitSignal(big.inventory.sig_loaded, timeout=5_000):
        qtbot.keyClicks(edit, "ecr")
    settle(qtbot, big)
    assert shown_ids(big) == services.browser.ids(EquipmentFilter(text="ecr"))


def test_one_or_two_letters_wait_for_enter_on_a_big_base(big, services, qtbot):
    panel = big.inventory
    everything = panel.table_model.rowCount()
    edit = search_edit(big)
    edit.setFocus()
    with qtbot.waitSignal(panel.search_bar.sig_waiting, timeout=3_000) as waiting:
        qtbot.keyClicks(edit, "de")
    assert waiting.args == ["de"]
    assert panel.search_bar.applied_text == "" and not panel.is_narrowed()
    assert panel.table_model.rowCount() == everything  # the list is the place's, unsearched
    assert big.statusBar().currentMessage() == \
        "Saisissez au moins 3\u00a0caractères, ou Entrée pour chercher «\u00a0de\u00a0»."

    with qtbot.waitSignal(panel.sig_loaded, timeout=5_000):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    settle(qtbot, big)
    expected = services.browser.ids(EquipmentFilter(text="de"))
    assert 0 < len(expected) < everything
    assert panel.search_bar.applied_text == "de"
    assert shown_ids(big) == expected

    # back to one letter: the list is unsearched again (not the previous search's)
    with qtbot.waitSignal(panel.search_bar.sig_waiting, timeout=3_000):
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    settle(qtbot, big)
    assert panel.search_bar.applied_text == ""
    assert panel.table_model.rowCount() == everything


def test_one_letter_is_searched_as_typed_on_a_small_base(window, services, qtbot):
    edit = search_edit(window)
    edit.setFocus()
    with qtbot.waitSignal(window.inventory.sig_loaded, timeout=3_000):
        qtbot.keyClicks(edit, "z")
    assert window.inventory.search_bar.applied_text == "z"
    assert shown_ids(window) == services.browser.ids(EquipmentFilter(text="z"))
    assert not window.inventory.loading  # read at once, on the GUI thread


def test_a_search_typed_on_from_a_short_list_is_read_at_once(big, services, qtbot):
    """A search reads the index of the whole base: on the worker. Once its list is short, the letters typed on
    are read at once, on the GUI thread (their list is part of it); not a search typed in a place, however few
    items the place holds (the index is read for the whole base)."""
    panel, bar = big.inventory, big.inventory.search_bar
    number = services.browser.rows(services.browser.ids(EquipmentFilter())[:1])[0].inventory_number
    shorter = number[:-1]
    found = services.browser.ids(EquipmentFilter(text=shorter))
    assert number in {info.inventory_number for info in services.browser.rows(found)}
    panel.runner.slow_rows = max(len(found), 10)
    assert panel.runner.is_slow(panel.table_model.rowCount())  # the whole fleet is « big »

    search_edit(big).setText(shorter)
    bar.apply()
    assert panel.loading  # on the worker
    settle(qtbot, big)
    assert shown_ids(big) == found

    search_edit(big).setText(number)
    bar.apply()
    assert not panel.loading and panel.table_model.is_complete  # read at once
    assert shown_ids(big) == services.browser.ids(EquipmentFilter(text=number))

    search_edit(big).setText("")  # cleared: the whole fleet again, from the worker
    settle(qtbot, big)
    school = services.schools.list()[0]
    panel.select_node(Node(NodeKind.SCHOOL, id=school.id))
    settle(qtbot, big)
    search_edit(big).setText(number)
    bar.apply()
    assert panel.loading
    settle(qtbot, big)
    assert shown_ids(big) == services.browser.ids(EquipmentFilter(text=number, school_id=school.id))


def test_a_search_in_another_base_is_not_judged_by_the_last_list(big, services, demo_path, tmp_path, qtbot):
    """The short list of the base shown before says nothing of the one opened (Fichier ▸ Ouvrir)."""
    import shutil
    import threading

    from ticeinventory.domain.enums import AuditSource
    from ticeinventory.services.app import open_services

    panel, bar = big.inventory, big.inventory.search_bar
    number = services.browser.rows(services.browser.ids(EquipmentFilter())[:1])[0].inventory_number
    search_edit(big).setText(number[:-1])
    bar.apply()
    settle(qtbot, big)
    assert 0 < panel.counts.total <= panel.runner.slow_rows  # a short list…
    other = tmp_path / "autre.sqlite"
    shutil.copyfile(demo_path, other)
    opened = open_services(other, AuditSource.SCREEN)
    threads: list[str] = []
    first_page = opened.browser.first_page
    opened.browser.first_page = lambda *args, **kw: (threads.append(threading.current_thread().name),
                                                     first_page(*args, **kw))[1]
    big.set_services(opened)
    search_edit(big).setText(number)  # typed while the new base's tree and list are read
    bar.apply()
    assert threads == [] or threads[-1] != threading.main_thread().name  # …but in another base: on the worker
    settle(qtbot, big)
    assert shown_ids(big) == opened.browser.ids(EquipmentFilter(text=number))
    opened.close()
