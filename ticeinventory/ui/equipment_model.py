"""The equipment table: the ids of the current filter, rows fetched a page at a time (Anki's browser model).

The model never holds the whole list of items: only their ids, in the order of the sort, and a bounded cache
of the rows painted recently. The ids come from the panel (which may read them on a worker); a click on a
header asks, through :attr:`EquipmentTableModel.sig_sort_requested`, for the ids in the new order.

On a big base the panel first gives the count and the ids of the first page only (:meth:`show_ids` with
``total``): the other rows show a placeholder until :meth:`complete` gives every id, in place — the scroll
position and the selection stay.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from ticeinventory.domain.validation import format_date
from ticeinventory.services.listing import SortKey

from . import icons

if TYPE_CHECKING:
    from ticeinventory.domain.records import EquipmentInfo
    from ticeinventory.services.equipment_browser import EquipmentBrowser

PAGE_SIZE = 200
CACHE_ROWS = 2_000
ID_ROLE = Qt.ItemDataRole.UserRole + 1

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    """Source (French) text, translated when shown."""
    sort: SortKey
    chars: int
    """Usual width, in average characters."""
    flex: float = 0.0
    """Share of the width left over (0: the column keeps its usual width)."""
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    shown: bool = True
    """Shown until the user hides it (the others wait in the header's menu)."""
    hideable: bool = True
    """The inventory number and plan / hors plan are always shown."""
    min_chars: int = 6
    """Narrowest useful width, in average characters, when the table is short of room."""


COLUMNS = (
    Column("number", QT_TRANSLATE_NOOP("EquipmentTableModel", "N° d'inventaire"), SortKey.NUMBER, 15,
           hideable=False),
    Column("category", QT_TRANSLATE_NOOP("EquipmentTableModel", "Catégorie"), SortKey.CATEGORY, 15, 1.5),
    Column("manufacturer", QT_TRANSLATE_NOOP("EquipmentTableModel", "Marque"), SortKey.MANUFACTURER, 8, 0.5),
    Column("model", QT_TRANSLATE_NOOP("EquipmentTableModel", "Modèle"), SortKey.MODEL, 16, 1.5),
    Column("serial", QT_TRANSLATE_NOOP("EquipmentTableModel", "N° de série"), SortKey.SERIAL, 15, 0.5),
    Column("school", QT_TRANSLATE_NOOP("EquipmentTableModel", "École"), SortKey.SCHOOL, 22, 3.0, min_chars=20),
    Column("room", QT_TRANSLATE_NOOP("EquipmentTableModel", "Salle"), SortKey.ROOM, 14, 1.5),
    Column("status", QT_TRANSLATE_NOOP("EquipmentTableModel", "Statut"), SortKey.STATUS, 13),
    Column("funding", QT_TRANSLATE_NOOP("EquipmentTableModel", "Financement"), SortKey.FUNDING, 24,
           hideable=False),
    Column("acquisition", QT_TRANSLATE_NOOP("EquipmentTableModel", "Acquisition"), SortKey.ACQUISITION, 10,
           align=Qt.AlignmentFlag.AlignHCenter),
    Column("warranty", QT_TRANSLATE_NOOP("EquipmentTableModel", "Fin de garantie"), SortKey.WARRANTY, 10,
           align=Qt.AlignmentFlag.AlignHCenter, shown=False),
    Column("network_name", QT_TRANSLATE_NOOP("EquipmentTableModel", "Nom réseau"), SortKey.NETWORK_NAME, 14, 1.0,
           shown=False),
    Column("mac", QT_TRANSLATE_NOOP("EquipmentTableModel", "Adresse MAC"), SortKey.MAC, 17, shown=False),
    Column("supplier", QT_TRANSLATE_NOOP("EquipmentTableModel", "Fournisseur"), SortKey.SUPPLIER, 14, 1.0,
           shown=False),
)
COLUMN = {column.key: index for index, column in enumerate(COLUMNS)}
_COLUMN_COUNT = len(COLUMNS)
_FUNDING, _SCHOOL = COLUMN["funding"], COLUMN["school"]
_ALIGNMENTS = tuple(int(column.align | Qt.AlignmentFlag.AlignVCenter) for column in COLUMNS)
_DISPLAY, _ALIGNMENT, _ID = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.TextAlignmentRole), int(ID_ROLE)
_ROLES = frozenset(int(role) for role in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole, ID_ROLE))
"""The roles :meth:`EquipmentTableModel.data` answers; None for the others."""
_ITEM_FLAGS = (Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
               | Qt.ItemFlag.ItemIsDragEnabled)
EQUIPMENT_MIME = "application/x-ticeinventory-equipment-ids"
"""Dragged rows: their ids, as a JSON list (dropped on a school, a room or the stock to move them)."""


def equipment_mime(ids: list[int]) -> QMimeData:
    data = QMimeData()
    data.setData(EQUIPMENT_MIME, QByteArray(json.dumps(ids).encode("ascii")))
    data.setText("\n".join(str(i) for i in ids))
    return data


def dragged_ids(data: QMimeData) -> list[int]:
    if not data.hasFormat(EQUIPMENT_MIME):
        return []
    try:
        ids = json.loads(bytes(data.data(EQUIPMENT_MIME).data()).decode("ascii"))
    except ValueError:
        return []
    return [int(i) for i in ids if isinstance(i, int)]


class EquipmentTableModel(QAbstractTableModel):
    sig_sort_requested = Signal()
    """A header was clicked: the ids are wanted in the order of :attr:`sort_key` / :attr:`descending`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._browser: EquipmentBrowser | None = None
        self.sort_key = SortKey.NUMBER
        self.descending = False
        self._ids: list[int] = []
        self._count = 0
        """Rows shown: the ids known, or more while only the head of the list is known."""
        self._rows: OrderedDict[int, EquipmentInfo] = OrderedDict()
        self._texts: dict[int, tuple[str, ...]] = {}
        """The display texts of the rows in :attr:`_rows`, by id, made when first painted."""
        self._row_of: dict[int, int] | None = None

    # -- what is shown ------------------------------------------------------------------------------------

    def set_browser(self, browser: EquipmentBrowser | None) -> None:
        """Where rows are read from (another base: nothing shown until the next ids)."""
        self._browser = browser
        self.show_ids([])

    def show_ids(self, ids: Sequence[int], *, total: int | None = None,
                 rows: Sequence[EquipmentInfo] = ()) -> None:
        """Show these items, in this order; rows are read again when painted, but for ``rows`` (just read).
        ``total``: the list has that many rows, ``ids`` is its head; the others wait for :meth:`complete`."""
        self.beginResetModel()
        self._ids = list(ids)
        self._count = max(total or 0, len(self._ids))
        self._rows.clear()
        self._texts.clear()
        for info in rows:
            self._rows[info.id] = info
        self._row_of = None
        self.endResetModel()

    def complete(self, ids: Sequence[int]) -> bool:
        """Every id of the list whose head is shown. When they begin with that head and are as many as announced,
        they are swapped in place (the view keeps its scroll position and its selection) and True is returned;
        else (the base changed meanwhile) the list is shown anew and False is returned."""
        ids = list(ids)
        head = len(self._ids)
        if len(ids) != self._count or ids[:head] != self._ids:
            self.show_ids(ids)
            return False
        self._ids = ids
        self._row_of = None
        if head < len(ids):
            self.dataChanged.emit(self.index(head, 0), self.index(len(ids) - 1, len(COLUMNS) - 1))
        return True

    @property
    def is_complete(self) -> bool:
        """Whether every row's id is known (no placeholder rows)."""
        return len(self._ids) == self._count

    def forget_rows(self) -> None:
        """The items changed in the database but not the list: read the rows again when painted."""
        self._rows.clear()
        self._texts.clear()
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(COLUMNS) - 1))

    @property
    def ids(self) -> list[int]:
        """The ids known, in order (the head of the list while it is not complete)."""
        return list(self._ids)

    def is_known(self, row: int) -> bool:
        return 0 <= row < len(self._ids)

    def equipment_id(self, row: int) -> int:
        """The id on ``row``; IndexError for a placeholder row (see :meth:`is_known`)."""
        return self._ids[row]

    def row_of(self, equipment_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {item: row for row, item in enumerate(self._ids)}
        return self._row_of.get(equipment_id)

    def cached_row_count(self) -> int:
        """How many rows are held in memory (the rest are only ids)."""
        return len(self._rows)

    def equipment(self, row: int) -> EquipmentInfo | None:
        """The item on ``row``, fetched with its page when not in the cache."""
        if not 0 <= row < len(self._ids):
            return None
        item_id = self._ids[row]
        info = self._rows.get(item_id)
        if info is None:
            self._fetch_page(row)
            info = self._rows.get(item_id)
        else:
            self._rows.move_to_end(item_id)
        return info

    def _fetch_page(self, row: int) -> None:
        if self._browser is None:
            return
        start = row - row % PAGE_SIZE
        for info in self._browser.rows(self._ids[start:start + PAGE_SIZE]):
            self._rows[info.id] = info
            self._texts.pop(info.id, None)
        while len(self._rows) > CACHE_ROWS:
            self._texts.pop(self._rows.popitem(last=False)[0], None)

    # -- Qt model ------------------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._count

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Qt's own asks :meth:`rowCount` and :meth:`columnCount` (two calls into Python) for each cell the
        table paints, and the table paints a few hundred at each keystroke of a search."""
        if 0 <= row < self._count and 0 <= column < _COLUMN_COUNT and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section].title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(COLUMNS[section].align | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        # Called for every role of every cell at each paint: the roles are compared as plain ints (looking a
        # PySide enum member up costs more than the rest of the call).
        if role not in _ROLES or not index.isValid():
            return None
        row = index.row()
        if row >= len(self._ids):
            return self._placeholder(index, role)
        if role == _ID:
            return self._ids[row]
        if role == _ALIGNMENT:
            return _ALIGNMENTS[index.column()]
        info = self.equipment(row)
        if info is None:
            return None
        if role == _DISPLAY:
            return self._row_texts(info)[index.column()]
        key = COLUMNS[index.column()].key
        if role == Qt.ItemDataRole.DecorationRole:
            if key == "funding":
                return icons.icon(icons.PLAN if info.in_plan else icons.HORS_PLAN)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(info, key)
        if role == Qt.ItemDataRole.ForegroundRole and (info.status.is_final or
                                                       (key == "school" and info.school_id is None)):
            return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.FontRole and key == "funding" and not info.in_plan:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def cell(self, row: int, column: int) -> tuple[str, bool, int, bool | None] | None:
        """What :class:`EquipmentDelegate` paints of a cell, in one call: (its text; greyed — the disabled text
        colour of :meth:`data`'s ForegroundRole —; its alignment; for plan / hors plan, whether the item is in a
        plan — its marker, and bold when not —, else None). None for the rows not read yet."""
        if not 0 <= row < len(self._ids):
            return None
        info = self.equipment(row)
        if info is None:
            return None
        if column == _FUNDING:
            return self._row_texts(info)[column], info.status.is_final, _ALIGNMENTS[column], info.in_plan
        greyed = info.status.is_final or (column == _SCHOOL and info.school_id is None)
        return self._row_texts(info)[column], greyed, _ALIGNMENTS[column], None

    def _row_texts(self, info: EquipmentInfo) -> tuple[str, ...]:
        """Each row's display texts, made once (a paint asks for every cell's, again at each repaint)."""
        texts = self._texts.get(info.id)
        if texts is None:
            texts = self._texts[info.id] = tuple(self._text(info, column.key) for column in COLUMNS)
        return texts

    def _placeholder(self, index: AnyIndex, role: int) -> Any:
        """A row whose id is not known yet (the rest of the list is being read)."""
        if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
            return self.tr("Lecture…")
        if role == Qt.ItemDataRole.ForegroundRole:
            return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags  # QAbstractTableModel's, draggable

    def mimeTypes(self) -> list[str]:
        return [EQUIPMENT_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid() and self.is_known(index.row())})
        return equipment_mime([self._ids[row] for row in rows])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key, descending = COLUMNS[column].sort, order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.sort_key, self.descending):
            self.sort_key, self.descending = key, descending
            self.sig_sort_requested.emit()

    # -- wording -------------------------------------------------------------------------------------------

    def hors_plan_text(self) -> str:
        return self.tr("Hors plan — non maintenu")

    def _text(self, info: EquipmentInfo, key: str) -> str:
        if key == "number":
            return info.inventory_number
        if key == "category":
            return info.category_label
        if key == "manufacturer":
            return info.manufacturer
        if key == "model":
            return info.model
        if key == "serial":
            return info.serial_number
        if key == "school":
            return info.school_name if info.school_id is not None else self.tr("Stock de la ville")
        if key == "room":
            return info.room_name or ""
        if key == "status":
            return info.status.label
        if key == "funding":
            return info.plan_code if info.in_plan else self.hors_plan_text()
        if key == "acquisition":
            return format_date(info.acquisition_date)
        if key == "warranty":
            return format_date(info.warranty_end)
        if key == "network_name":
            return info.network_name
        if key == "mac":
            return info.mac_address
        if key == "supplier":
            return info.supplier
        return ""

    def _tooltip(self, info: EquipmentInfo, key: str) -> str | None:
        if key in ("funding", "number"):
            return info.funding_label
        if key == "school":
            return info.location_label
        if key == "warranty" and info.warranty_end:
            if info.warranty_end >= date.today():
                return self.tr("Sous garantie jusqu'au {date} inclus\u00a0: une panne va au fournisseur "
                               "(convention de Saint-Denis, article 4).").format(date=format_date(info.warranty_end))
            return self.tr("Garantie terminée le {date}.").format(date=format_date(info.warranty_end))
        if key == "status" and info.retired_on:
            return self.tr("Réformé le {date}\u00a0: {reason}").format(date=format_date(info.retired_on),
                                                                  reason=info.retirement_reason)
        text = self._text(info, key)
        return text or None
