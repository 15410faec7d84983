"""The tree of places: the whole fleet, communes → schools → rooms, and the city stock, with their counts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from ticeinventory.domain.records import EquipmentInfo
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.services.equipment_browser import PlanCounts
from ticeinventory.services.location_tree import LocationTree, SchoolNode

from . import icons
from .texts import counts_summary, number

NODE_ROLE = Qt.ItemDataRole.UserRole + 1
TITLE_ROLE = Qt.ItemDataRole.UserRole + 2
COUNTS_ROLE = Qt.ItemDataRole.UserRole + 3
NAME_COLUMN, COUNT_COLUMN = 0, 1


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
    """The places as items. A school's rooms are made when it is first opened (or one of its rooms is asked
    for): a city of 2 000 schools and 20 000 rooms loads in a blink instead of freezing the window."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self._items: dict[Node, QStandardItem] = {}
        self._rooms_pending: dict[int, SchoolNode] = {}

    def load(self, tree: LocationTree) -> None:
        self._items.clear()
        self._rooms_pending.clear()
        self.clear()
        self.setColumnCount(2)
        self.setHorizontalHeaderLabels([self.tr("Lieu"), self.tr("Équipements")])
        root = self.invisibleRootItem()
        root.appendRow(self._row(FLEET_NODE, self.tr("Tout le parc"), tree.total,
                                 self.tr("Tout le matériel de la ville, dans les écoles et en stock")))
        for commune in tree.communes:
            if commune.name:
                parent = self._row(Node(NodeKind.COMMUNE, commune=commune.name), commune.name, commune.counts)
                root.appendRow(parent)
                holder = parent[0]
            else:  # schools without a commune stand at the top level
                holder = root
            for school in commune.schools:
                holder.appendRow(self._school_row(school))
        root.appendRow(self._row(STOCK_NODE, self.tr("Stock de la ville (non affecté)"), tree.stock,
                                 self.tr("Matériel détenu par la ville, qui n'est encore affecté à aucune école")))

    def clear(self) -> None:
        self._items.clear()
        self._rooms_pending.clear()
        super().clear()

    # -- rooms on demand -----------------------------------------------------------------------------------

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return self._pending_school(parent) is not None or super().hasChildren(parent)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return self._pending_school(parent) is not None or super().canFetchMore(parent)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        school = self._pending_school(parent)
        if school is not None:
            self._add_rooms(school)
        else:
            super().fetchMore(parent)

    def _pending_school(self, parent: QModelIndex | QPersistentModelIndex) -> SchoolNode | None:
        if not parent.isValid() or parent.column() != NAME_COLUMN:
            return None
        node = parent.data(NODE_ROLE)
        return self._rooms_pending.get(node.id) if node is not None and node.kind is NodeKind.SCHOOL else None

    def _add_rooms(self, school: SchoolNode) -> None:
        del self._rooms_pending[school.id]
        holder = self._items[Node(NodeKind.SCHOOL, id=school.id)]
        for room in school.rooms:
            holder.appendRow(self._row(Node(NodeKind.ROOM, id=room.id, school_id=school.id), room.name,
                                       room.counts, room.kind.label, title=f"{school.name} — {room.name}"))

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

    def _school_row(self, school: SchoolNode) -> list[QStandardItem]:
        name = school.name if school.active else self.tr("{name} (fermée)").format(name=school.name)
        about = self.tr("{type} — UAI {uai}").format(type=school.type.label, uai=school.uai)
        items = self._row(Node(NodeKind.SCHOOL, id=school.id), name, school.counts, about)
        if not school.active:
            font = QFont(items[0].font())
            font.setItalic(True)
            items[0].setFont(font)
        if school.rooms:
            self._rooms_pending[school.id] = school
        return items

    def _row(self, node: Node, text: str, counts: PlanCounts, about: str = "", *,
             title: str | None = None) -> list[QStandardItem]:
        tooltip = "\n".join(part for part in (text, about, counts_summary(counts)) if part)
        name = QStandardItem(icons.icon(ICONS[node.kind]), text)
        name.setData(node, NODE_ROLE)
        name.setData(title or text, TITLE_ROLE)
        name.setData(counts, COUNTS_ROLE)
        self._items[node] = name
        count = QStandardItem(number(counts.total))
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if counts.out_of_plan and node.kind in (NodeKind.SCHOOL, NodeKind.ROOM):
            count.setIcon(icons.icon(icons.HORS_PLAN))
            tooltip += "\n" + self.tr("Le matériel hors plan n'est pas maintenu par la ville.")
        for item in (name, count):
            item.setEditable(False)
            item.setToolTip(tooltip)
        return [name, count]
