"""The tree of places: the whole fleet, communes → schools → rooms, and the city stock, with their counts."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QIcon, QStandardItem, QStandardItemModel

from ticeinventory.services.listing import EquipmentFilter, LocationTree, PlanCounts, RoomNode, SchoolNode

from . import icons
from .texts import counts_summary, number

if TYPE_CHECKING:  # the records come with the services, once a base is open
    from ticeinventory.domain.records import EquipmentInfo

NODE_ROLE = Qt.ItemDataRole.UserRole + 1
TITLE_ROLE = Qt.ItemDataRole.UserRole + 2
COUNTS_ROLE = Qt.ItemDataRole.UserRole + 3
ROOMS_PENDING_ROLE = Qt.ItemDataRole.UserRole + 4
"""On a school whose rooms are not read yet: its id."""
NAME_COLUMN, COUNT_COLUMN = 0, 1

RoomReader = Callable[[int], Sequence[RoomNode]]
"""A school's rooms with their counts, by name (``LocationTreeService.rooms``)."""

log = logging.getLogger(__name__)


class NodeKind(Enum):
    FLEET = "fleet"
    COMMUNE = "commune"
    SCHOOL = "school"
    ROOM = "room"
    STOCK = "stock"


@dataclass(frozen=True)
class Node:
    """A place of the tree, and the equipment it shows."""

    kind: NodeKind
    id: int | None = None
    """School or room id."""
    commune: str = ""
    school_id: int | None = None
    """The school of a room."""

    def equipment_filter(self) -> EquipmentFilter:
        if self.kind is NodeKind.COMMUNE:
            return EquipmentFilter(commune=self.commune)
        if self.kind is NodeKind.SCHOOL:
            return EquipmentFilter(school_id=self.id)
        if self.kind is NodeKind.ROOM:
            return EquipmentFilter(school_id=self.school_id, room_id=self.id)
        if self.kind is NodeKind.STOCK:
            return EquipmentFilter(unassigned=True)
        return EquipmentFilter()


ICONS = {NodeKind.FLEET: icons.FLEET, NodeKind.COMMUNE: icons.COMMUNE, NodeKind.SCHOOL: icons.SCHOOL,
         NodeKind.ROOM: icons.ROOM, NodeKind.STOCK: icons.STOCK}
FLEET_NODE = Node(NodeKind.FLEET)
STOCK_NODE = Node(NodeKind.STOCK)


class LocationTreeModel(QStandardItemModel):
    """The places as items. The tree read at start holds the communes and schools only; a school's rooms are read
    (:meth:`set_room_reader`) and made when it is first opened, or one of its rooms is asked for: a city of 2 000
    schools and 50 000 rooms loads in a blink instead of freezing the window."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self._items: dict[Node, QStandardItem] = {}
        self._count_items: dict[Node, QStandardItem] = {}
        self._rooms_pending: dict[int, SchoolNode] = {}
        self._read_rooms: RoomReader | None = None
        self._shape: tuple | None = None
        """The communes and schools of the tree loaded (see :meth:`load`)."""

    def set_room_reader(self, reader: RoomReader | None) -> None:
        """Where a school's rooms come from (``LocationTreeService.rooms``), read when the school is opened."""
        self._read_rooms = reader

    def load(self, tree: LocationTree) -> bool:
        """Show ``tree``. When it holds the same communes and schools as the tree shown (a refresh after an edit),
        only the counts change, in place: the view keeps its open branches and current row, and a city of 2 000
        schools takes a few ms instead of 60 (each edit refreshes the tree). True when so updated."""
        shape = _shape(tree)
        if shape == self._shape and self.rowCount():
            rooms = self._open_rooms(tree)
            if rooms is not None:  # the open schools' rooms are the same too
                self._update(tree, rooms)
                return True
        self.clear()
        self._shape = shape
        self.setColumnCount(2)
        self.setHorizontalHeaderLabels([self.tr("Lieu"), self.tr("Équipements")])
        icon_of = {kind: icons.icon(name) for kind, name in ICONS.items()}
        hors_plan = icons.icon(icons.HORS_PLAN)
        rows = [self._row(FLEET_NODE, self.tr("Tout le parc"), tree.total, self._fleet_about(), icon_of=icon_of)]
        for commune in tree.communes:
            schools = [self._school_row(school, icon_of, hors_plan) for school in commune.schools]
            if commune.name:
                row = self._row(Node(NodeKind.COMMUNE, commune=commune.name), commune.name, commune.counts,
                                icon_of=icon_of)
                for school in schools:  # filled before it joins the model: no signal per school
                    row[0].appendRow(school)
                rows.append(row)
            else:  # schools without a commune stand at the top level
                rows.extend(schools)
        rows.append(self._row(STOCK_NODE, self.tr("Stock de la ville (non affecté)"), tree.stock, self._stock_about(),
                              icon_of=icon_of))
        root = self.invisibleRootItem()
        for row in rows:
            root.appendRow(row)

    def clear(self) -> None:
        # The rows go in one removal: QStandardItemModel.clear() drops them one by one, and the view's current
        # index would visit every commune on the way (a table read for each).
        if self.rowCount():
            self.removeRows(0, self.rowCount())
        self._items.clear()
        self._count_items.clear()
        self._rooms_pending.clear()
        self._shape = None
        super().clear()

    def _open_rooms(self, tree: LocationTree) -> dict[int, Sequence[RoomNode]] | None:
        """The rooms of the schools whose rooms are shown, read again — None when one of them has rooms added,
        renamed or removed (the tree is then made again, as the rows change), or cannot be read."""
        found: dict[int, Sequence[RoomNode]] = {}
        for commune in tree.communes:
            for school in commune.schools:
                if school.id in self._rooms_pending or not school.room_count:
                    continue
                holder = self._items[Node(NodeKind.SCHOOL, id=school.id)]
                try:
                    rooms = self._read_rooms(school.id) if self._read_rooms is not None else ()
                except Exception:  # the base gone away: made again, its rooms left to read when opened
                    log.exception("reading the rooms of school %s", school.id)
                    return None
                shown = [(holder.child(row, NAME_COLUMN).data(NODE_ROLE).id, holder.child(row, NAME_COLUMN).text())
                         for row in range(holder.rowCount())]
                if shown != [(room.id, room.name) for room in rooms]:
                    return None
                found[school.id] = rooms
        return found

    def _update(self, tree: LocationTree, rooms: dict[int, Sequence[RoomNode]]) -> None:
        """The counts of ``tree`` (and ``rooms``, by school) on the rows shown, told to the views as one change of
        layout: told of each of the 10 000 changes one by one, a view took 5 s; of each branch's, 150 ms; of the
        layout, 40 ms."""
        self.layoutAboutToBeChanged.emit()
        blocked = self.blockSignals(True)
        try:
            self._show_counts(FLEET_NODE, tree.total, self._fleet_about())
            for commune in tree.communes:
                if commune.name:
                    self._show_counts(Node(NodeKind.COMMUNE, commune=commune.name), commune.counts)
                for school in commune.schools:
                    self._show_counts(Node(NodeKind.SCHOOL, id=school.id), school.counts, self._school_about(school))
                    if school.id in self._rooms_pending:
                        self._rooms_pending[school.id] = school
                    for room in rooms.get(school.id, ()):
                        self._show_counts(Node(NodeKind.ROOM, id=room.id, school_id=school.id), room.counts,
                                          room.kind.label)
            self._show_counts(STOCK_NODE, tree.stock, self._stock_about())
        finally:
            self.blockSignals(blocked)
        self.layoutChanged.emit()

    # -- rooms on demand -----------------------------------------------------------------------------------

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        # Asked for every row shown on each layout of the view: one role read, no Python object.
        return (parent.isValid() and parent.data(ROOMS_PENDING_ROLE) is not None) or super().hasChildren(parent)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return self._pending_school(parent) is not None or super().canFetchMore(parent)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        school = self._pending_school(parent)
        if school is not None:
            self._add_rooms(school)
        else:
            super().fetchMore(parent)

    def _pending_school(self, parent: QModelIndex | QPersistentModelIndex) -> SchoolNode | None:
        if not parent.isValid():
            return None
        school_id = parent.data(ROOMS_PENDING_ROLE)
        return self._rooms_pending.get(school_id) if school_id is not None else None

    def _add_rooms(self, school: SchoolNode) -> None:
        del self._rooms_pending[school.id]
        holder = self._items[Node(NodeKind.SCHOOL, id=school.id)]
        holder.setData(None, ROOMS_PENDING_ROLE)
        try:
            rooms = self._read_rooms(school.id) if self._read_rooms is not None else ()
        except Exception:  # the base gone away: the school shows no rooms until the next refresh
            log.exception("reading the rooms of school %s", school.id)
            rooms = ()
        icon_of = {NodeKind.ROOM: icons.icon(ICONS[NodeKind.ROOM])}
        hors_plan = icons.icon(icons.HORS_PLAN)
        for room in rooms:
            holder.appendRow(self._row(Node(NodeKind.ROOM, id=room.id, school_id=school.id), room.name,
                                       room.counts, room.kind.label, title=f"{school.name} — {room.name}",
                                       icon_of=icon_of, hors_plan=hors_plan))

    def reload_icons(self) -> None:
        """After a palette change (light ↔ dark): line icons take the new text colour."""
        pending = [self.invisibleRootItem()]
        while pending:
            item = pending.pop()
            for row in range(item.rowCount()):
                child = item.child(row, NAME_COLUMN)
                if child.data(NODE_ROLE) is not None:
                    child.setIcon(icons.icon(ICONS[child.data(NODE_ROLE).kind]))
                pending.append(child)

    def node(self, index: QModelIndex) -> Node | None:
        if not index.isValid():
            return None
        return index.siblingAtColumn(NAME_COLUMN).data(NODE_ROLE)

    def title(self, index: QModelIndex) -> str:
        return index.siblingAtColumn(NAME_COLUMN).data(TITLE_ROLE) or ""

    def counts(self, node: Node) -> PlanCounts | None:
        """The node's counts as last read (None when it is not in the tree)."""
        index = self.index_of(node)
        return index.data(COUNTS_ROLE) if index.isValid() else None

    def contains(self, node: Node, info: EquipmentInfo) -> bool:
        """Whether the item stands under ``node`` (the city, its commune, school, room, or the stock)."""
        if node.kind is NodeKind.FLEET:
            return True
        if node.kind is NodeKind.STOCK:
            return info.school_id is None
        if node.kind is NodeKind.SCHOOL:
            return info.school_id == node.id
        if node.kind is NodeKind.ROOM:
            return info.room_id is not None and info.room_id == node.id
        school = self.index_of(Node(NodeKind.SCHOOL, id=info.school_id)) if info.school_id else QModelIndex()
        return school.isValid() and self.node(school.parent()) == node

    def home_of(self, info: EquipmentInfo) -> Node:
        """The node that shows the item among its neighbours: its school, or the city stock."""
        return Node(NodeKind.SCHOOL, id=info.school_id) if info.school_id is not None else STOCK_NODE

    def index_of(self, node: Node) -> QModelIndex:
        """The index of ``node`` (an invalid index when it is no longer in the tree)."""
        if node.kind is NodeKind.ROOM and node.school_id in self._rooms_pending:
            self._add_rooms(self._rooms_pending[node.school_id])
        item = self._items.get(node)
        return item.index() if item is not None else QModelIndex()

    def _school_row(self, school: SchoolNode, icon_of: dict[NodeKind, QIcon],
                    hors_plan: QIcon) -> list[QStandardItem]:
        name = school.name if school.active else self.tr("{name} (fermée)").format(name=school.name)
        items = self._row(Node(NodeKind.SCHOOL, id=school.id), name, school.counts, self._school_about(school),
                          icon_of=icon_of, hors_plan=hors_plan)
        if not school.active:
            font = QFont(items[0].font())
            font.setItalic(True)
            items[0].setFont(font)
        if school.room_count:
            self._rooms_pending[school.id] = school
            items[0].setData(school.id, ROOMS_PENDING_ROLE)
        return items

    def _row(self, node: Node, text: str, counts: PlanCounts, about: str = "", *, title: str | None = None,
             icon_of: dict[NodeKind, QIcon] | None = None, hors_plan: QIcon | None = None) -> list[QStandardItem]:
        name = QStandardItem(icon_of[node.kind] if icon_of else icons.icon(ICONS[node.kind]), text)
        name.setData(node, NODE_ROLE)
        name.setData(title or text, TITLE_ROLE)
        count = QStandardItem()
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for item in (name, count):
            item.setEditable(False)
        self._items[node], self._count_items[node] = name, count
        self._show_counts(node, counts, about, hors_plan)
        return [name, count]

    def _show_counts(self, node: Node, counts: PlanCounts, about: str = "", hors_plan: QIcon | None = None) -> None:
        """The node's counts: its number, the hors plan marker of a school or a room holding some, the tooltip."""
        name, count = self._items[node], self._count_items[node]
        name.setData(counts, COUNTS_ROLE)
        count.setText(number(counts.total))
        tooltip = "\n".join(part for part in (name.text(), about, counts_summary(counts)) if part)
        if counts.out_of_plan and node.kind in (NodeKind.SCHOOL, NodeKind.ROOM):
            count.setIcon(hors_plan or icons.icon(icons.HORS_PLAN))
            tooltip += "\n" + self.tr("Le matériel hors plan n'est pas maintenu par la ville.")
        elif count.data(Qt.ItemDataRole.DecorationRole) is not None:  # none left (a refresh)
            count.setData(None, Qt.ItemDataRole.DecorationRole)
        name.setToolTip(tooltip)
        count.setToolTip(tooltip)

    def _fleet_about(self) -> str:
        return self.tr("Tout le matériel de la ville, dans les écoles et en stock")

    def _stock_about(self) -> str:
        return self.tr("Matériel détenu par la ville, qui n'est encore affecté à aucune école")

    def _school_about(self, school: SchoolNode) -> str:
        return self.tr("{type} — UAI {uai}").format(type=school.type.label, uai=school.uai)


def _shape(tree: LocationTree) -> tuple:
    """What a tree shows but its counts: communes, and their schools as named, with rooms or not."""
    return tuple((commune.name, tuple((school.id, school.name, school.uai, school.type, school.active,
                                       bool(school.room_count)) for school in commune.schools))
                 for commune in tree.communes)
