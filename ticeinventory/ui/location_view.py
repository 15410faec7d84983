"""The tree of places as a view: keyboard and mouse, and a drop target for moving equipment.

Rows dragged from the equipment table onto a school, a room or the city stock ask for a move
(:attr:`LocationTreeView.sig_move_requested`); the editing layer performs it, with undo, and refreshes.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem, QTreeView, QWidget

from .equipment_model import dragged_ids
from .location_model import LocationTreeModel, Node, NodeKind

DROP_TARGETS = (NodeKind.SCHOOL, NodeKind.ROOM, NodeKind.STOCK)


SHORT_PREFIXES = ((QT_TRANSLATE_NOOP("PlaceDelegate", "École élémentaire "), QT_TRANSLATE_NOOP("PlaceDelegate", "É. élém. ")),
                  (QT_TRANSLATE_NOOP("PlaceDelegate", "École maternelle "), QT_TRANSLATE_NOOP("PlaceDelegate", "É. mat. ")),
                  (QT_TRANSLATE_NOOP("PlaceDelegate", "École primaire "), QT_TRANSLATE_NOOP("PlaceDelegate", "É. prim. ")),
                  (QT_TRANSLATE_NOOP("PlaceDelegate", "Salle de formation "), QT_TRANSLATE_NOOP("PlaceDelegate", "S. form. ")))


def short_place(name: str) -> str:
    """« É. élém. Anatole France » for « École élémentaire Anatole France »: the name with its repeated prefix
    shortened (unchanged without one)."""
    for long, short in SHORT_PREFIXES:
        long, short = QCoreApplication.translate("PlaceDelegate", long), \
            QCoreApplication.translate("PlaceDelegate", short)
        if name.startswith(long):
            return short + name[len(long):]
    return name


class PlaceDelegate(QStyledItemDelegate):
    """A name too long for the tree's width is shortened where it repeats itself first: « É. élém. Anatole
    France » (the full name stays in the model, its tooltip and for screen readers), then elided in the middle."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle
        room = option.rect.width() - option.decorationSize.width() - 12
        if option.fontMetrics.horizontalAdvance(option.text) <= room:
            return
        option.text = short_place(option.text)


class LocationTreeView(QTreeView):
    sig_move_requested = Signal(list, object)
    """Equipment ids dropped on a place (Node: a school, a room or the stock)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schoolTree")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setIndentation(max(self.fontMetrics().averageCharWidth() * 2, 14))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setItemDelegateForColumn(0, PlaceDelegate(self))

    def _target(self, event: QDropEvent | QDragMoveEvent) -> Node | None:
        model = self.model()
        if not isinstance(model, LocationTreeModel) or not dragged_ids(event.mimeData()):
            return None
        node = model.node(self.indexAt(event.position().toPoint()))
        return node if node is not None and node.kind in DROP_TARGETS else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dragged_ids(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._target(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        node = self._target(event)
        if node is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.sig_move_requested.emit(dragged_ids(event.mimeData()), node)
