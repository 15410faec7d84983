"""The tree of places reads a school's rooms only when the school is opened, and keeps working as before: rooms
with their counts, a room chosen while its school is closed, the open schools kept by a refresh."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QModelIndex, Qt

from ticeinventory.domain.enums import AuditSource
from ticeinventory.services.app import open_services
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.ui.location_model import COUNT_COLUMN, COUNTS_ROLE, FLEET_NODE, NAME_COLUMN, Node, NodeKind
from ticeinventory.ui.texts import counts_summary

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def lazy_window(make_window, demo_path, qtbot):
    window = make_window(open_services(demo_path, AuditSource.SCREEN))
    wait_loaded(qtbot, window)
    return window


def wait_loaded(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.inventory.loading and window.inventory.tree_model.rowCount() > 0,
                    timeout=5_000)


def a_school_with_rooms(services):
    return next(s for s in services.schools.list() if len(services.schools.rooms(s.id)) >= 2)


def room_texts(model, school: QModelIndex) -> list[str]:
    return [model.index(row, NAME_COLUMN, school).data(DISPLAY) for row in range(model.rowCount(school))]


def test_a_school_shows_its_arrow_and_reads_its_rooms_with_their_counts_when_opened(lazy_window):
    services, panel = lazy_window.services, lazy_window.inventory
    model, tree = panel.tree_model, panel.tree
    school = a_school_with_rooms(services)
    index = model.index_of(Node(NodeKind.SCHOOL, id=school.id))
    assert model.rowCount(index) == 0  # nothing read at start
    assert model.hasChildren(index) and model.canFetchMore(index)  # yet the school can be opened

    tree.expand(index)
    rooms = services.schools.rooms(school.id)
    assert room_texts(model, index) == sorted((r.name for r in rooms), key=str.casefold)
    assert not model.canFetchMore(index)
    for row in range(model.rowCount(index)):
        name = model.index(row, NAME_COLUMN, index)
        node = model.node(name)
        assert node.kind is NodeKind.ROOM and node.school_id == school.id
        flt = EquipmentFilter(school_id=school.id, room_id=node.id)
        total, in_plan = services.equipment.count(flt), services.equipment.count(replace(flt, in_plan=True))
        counts = name.data(COUNTS_ROLE)
        assert (counts.total, counts.in_plan) == (total, in_plan)
        count = name.siblingAtColumn(COUNT_COLUMN)
        assert count.data(DISPLAY) == str(total)
        assert (count.data(Qt.ItemDataRole.DecorationRole) is not None) == (total > in_plan)  # hors plan marker
        assert counts_summary(counts) in name.data(Qt.ItemDataRole.ToolTipRole)
        assert model.title(name) == f"{school.name} — {name.data(DISPLAY)}"


def test_a_school_without_rooms_has_no_arrow(lazy_window, qtbot):
    services, panel = lazy_window.services, lazy_window.inventory
    school = services.schools.create(uai="0219999E", name="École sans salle", commune="Dijon")
    panel.refresh()
    wait_loaded(qtbot, lazy_window)
    index = panel.tree_model.index_of(Node(NodeKind.SCHOOL, id=school.id))
    assert index.isValid() and not panel.tree_model.hasChildren(index)
    assert not panel.tree_model.canFetchMore(index)


def test_a_room_of_a_closed_school_can_be_chosen(lazy_window, qtbot):
    services, panel = lazy_window.services, lazy_window.inventory
    school = a_school_with_rooms(services)
    room = services.schools.rooms(school.id)[-1]
    school_index = panel.tree_model.index_of(Node(NodeKind.SCHOOL, id=school.id))
    assert not panel.tree.isExpanded(school_index) and panel.tree_model.rowCount(school_index) == 0

    node = Node(NodeKind.ROOM, id=room.id, school_id=school.id)
    assert panel.select_node(node)  # what showing an item in its room does
    assert panel.current_node() == node
    assert panel.tree.isExpanded(school_index)  # opened to show the room
    qtbot.waitUntil(lambda: not panel.loading, timeout=5_000)
    assert panel.table_model.rowCount() == services.equipment.count(
        EquipmentFilter(school_id=school.id, room_id=room.id))
    assert panel.place_label.text() == f"{school.name} — {room.name}"


def test_a_refresh_keeps_an_open_school_its_rooms_and_the_chosen_room_with_new_counts(lazy_window, qtbot):
    services, panel = lazy_window.services, lazy_window.inventory
    school = a_school_with_rooms(services)
    target, *_ = services.schools.rooms(school.id)
    node = Node(NodeKind.ROOM, id=target.id, school_id=school.id)
    assert panel.select_node(node)
    qtbot.waitUntil(lambda: not panel.loading, timeout=5_000)
    before = panel.tree_model.counts(node)
    moved = [i.id for i in services.equipment.list(EquipmentFilter(school_id=school.id))
             if i.room_id != target.id and i.parent_id is None][:2]
    assert moved

    assert lazy_window.edit_controller.move_items(moved, school.id, target.id)  # refreshes the window
    qtbot.waitUntil(lambda: not panel.loading and panel.tree_model.counts(node) != before, timeout=5_000)
    school_index = panel.tree_model.index_of(Node(NodeKind.SCHOOL, id=school.id))
    assert panel.tree.isExpanded(school_index)
    assert room_texts(panel.tree_model, school_index) == sorted(
        (r.name for r in services.schools.rooms(school.id)), key=str.casefold)
    assert panel.current_node() == node
    assert panel.tree_model.counts(node).total == services.equipment.count(
        EquipmentFilter(school_id=school.id, room_id=target.id))


def test_a_refresh_leaves_the_chosen_place_alone_and_reads_its_list_again(lazy_window, qtbot):
    """The same places: the current one stays (it does not wander over every commune, a list read each), and
    its list is read again once."""
    panel = lazy_window.inventory
    assert panel.current_node() == FLEET_NODE
    places: list[str] = []
    panel.sig_place_changed.connect(places.append)
    with qtbot.waitSignal(panel.sig_loaded, timeout=5_000):
        panel.refresh()
    wait_loaded(qtbot, lazy_window)
    assert places == []
    assert panel.current_node() == FLEET_NODE


def test_a_refresh_after_an_edit_changes_the_counts_in_place(lazy_window, qtbot):
    """No row of the tree is made again (2 000 schools took 60 ms at each edit): the counts, the hors plan
    marker and the tooltips follow the base."""
    services, panel = lazy_window.services, lazy_window.inventory
    model = panel.tree_model
    outside = next(i for i in services.equipment.list() if not i.in_plan and i.school_id is not None
                   and i.parent_id is None)
    clean = next(s for s in services.schools.list()
                 if services.equipment.count(EquipmentFilter(school_id=s.id, in_plan=False)) == 0)
    node = Node(NodeKind.SCHOOL, id=clean.id)
    count = model.index_of(node).siblingAtColumn(COUNT_COLUMN)
    assert count.data(Qt.ItemDataRole.DecorationRole) is None
    removed: list[int] = []
    model.rowsRemoved.connect(lambda *_args: removed.append(1))

    assert lazy_window.edit_controller.move_items([outside.id], clean.id, None)  # refreshes the window
    qtbot.waitUntil(lambda: not panel.loading and model.counts(node).out_of_plan == 1, timeout=5_000)
    assert removed == []
    count = model.index_of(node).siblingAtColumn(COUNT_COLUMN)
    total = services.equipment.count(EquipmentFilter(school_id=clean.id))
    assert count.data(DISPLAY) == str(total) and model.counts(node).total == total
    assert count.data(Qt.ItemDataRole.DecorationRole) is not None  # the hors plan marker
    assert "n'est pas maintenu" in count.data(Qt.ItemDataRole.ToolTipRole)
    assert counts_summary(model.counts(node)) in model.index_of(node).data(Qt.ItemDataRole.ToolTipRole)
    home = Node(NodeKind.SCHOOL, id=outside.school_id)
    left = services.equipment.count(EquipmentFilter(school_id=outside.school_id, in_plan=False))
    assert (model.index_of(home).siblingAtColumn(COUNT_COLUMN).data(Qt.ItemDataRole.DecorationRole)
            is not None) == (left > 0)


def test_a_room_added_to_an_open_school_shows_after_a_refresh(lazy_window, qtbot):
    services, panel = lazy_window.services, lazy_window.inventory
    school = a_school_with_rooms(services)
    index = panel.tree_model.index_of(Node(NodeKind.SCHOOL, id=school.id))
    panel.tree.expand(index)
    room = services.schools.add_room(school.id, "Atelier numérique")
    panel.refresh()
    qtbot.waitUntil(lambda: "Atelier numérique" in room_texts(panel.tree_model, panel.tree_model.index_of(
        Node(NodeKind.SCHOOL, id=school.id))), timeout=5_000)
    index = panel.tree_model.index_of(Node(NodeKind.SCHOOL, id=school.id))
    assert panel.tree.isExpanded(index)
    assert room_texts(panel.tree_model, index) == sorted(
        (r.name for r in services.schools.rooms(school.id)), key=str.casefold)
    assert panel.tree_model.index_of(Node(NodeKind.ROOM, id=room.id, school_id=school.id)).isValid()


def test_a_school_whose_rooms_cannot_be_read_opens_empty(lazy_window, caplog):
    panel = lazy_window.inventory
    school = a_school_with_rooms(lazy_window.services)

    def broken(_school_id: int):
        raise OSError("base partie")

    panel.tree_model.set_room_reader(broken)
    index = panel.tree_model.index_of(Node(NodeKind.SCHOOL, id=school.id))
    with caplog.at_level("ERROR"):
        panel.tree.expand(index)
    assert panel.tree_model.rowCount(index) == 0 and not panel.tree_model.hasChildren(index)
    assert "reading the rooms of school" in caplog.text


def test_renaming_the_chosen_room_reads_its_list_once(lazy_window, qtbot):
    """The open school's rooms changed: the tree is made again, and the place chosen is read once — not its
    school first (the room's row gone for a moment), then the room."""
    services, panel = lazy_window.services, lazy_window.inventory
    school = a_school_with_rooms(services)
    room = services.schools.rooms(school.id)[0]
    node = Node(NodeKind.ROOM, id=room.id, school_id=school.id)
    assert panel.select_node(node)
    qtbot.waitUntil(lambda: not panel.loading, timeout=5_000)
    reads: list[Node] = []
    original = panel._reload_table
    panel._reload_table = lambda select=(): (reads.append(panel.current_node()), original(select))[1]
    services.schools.update_room(room.id, name="Salle renommée")
    with qtbot.waitSignal(panel.sig_loaded, timeout=5_000):
        panel.refresh()
    wait_loaded(qtbot, lazy_window)
    assert panel.current_node() == node and reads == [node]
    assert panel.place_label.text() == f"{school.name} — Salle renommée"
