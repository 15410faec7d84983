"""The equipment table's own delegate paints exactly what Qt's item delegate painted from the model's roles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QStyledItemDelegate

from ticeinventory.ui.equipment_delegate import EquipmentDelegate
from ticeinventory.ui.equipment_model import COLUMN, COLUMNS
from ticeinventory.ui.location_view import PlaceDelegate


def _grab(table) -> QImage:
    """The table's rows as painted once its layout has settled (scroll bars shown or not)."""
    size = None
    while size != table.viewport().size():
        size = table.viewport().size()
        QApplication.processEvents()
    return table.viewport().grab().toImage()


def _with_qt_delegates(table):
    """The table painted by Qt's delegate (and PlaceDelegate for the schools), as before."""
    ours = table.itemDelegate()
    plain, places = QStyledItemDelegate(table), PlaceDelegate(table)
    table.setItemDelegate(plain)
    table.setItemDelegateForColumn(COLUMN["school"], places)
    try:
        return _grab(table)
    finally:
        table.setItemDelegateForColumn(COLUMN["school"], None)
        table.setItemDelegate(ours)


def _differing(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    if a == b:
        return 0
    return sum(1 for y in range(a.height()) for x in range(a.width()) if a.pixel(x, y) != b.pixel(x, y))


def _show_every_column(window) -> None:
    table = window.inventory.table
    table.auto_fit = False  # the widths set here stay (no refit when the delegates are swapped)
    for index in range(len(COLUMNS)):
        table.setColumnHidden(index, False)


@pytest.mark.parametrize("dark", [False, True], ids=["clair", "sombre"])
def test_the_table_looks_as_qt_painted_it(window, qtbot, dark):
    table = window.inventory.table
    model = window.inventory.table_model
    assert isinstance(table.itemDelegate(), EquipmentDelegate)
    assert table.itemDelegateForColumn(COLUMN["school"]) is None  # ours shortens the schools' names too
    if dark:
        palette = QPalette(QColor("#2b2b2b"))
        palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
        palette.setColor(QPalette.ColorRole.Text, QColor("#e8e8e8"))
        table.setPalette(palette)
    _show_every_column(window)
    table.setColumnWidth(COLUMN["school"], 90)  # too narrow: shortened « É. élém. … » and elided
    table.setColumnWidth(COLUMN["model"], 40)
    qtbot.waitUntil(lambda: model.rowCount() > 20 and not window.inventory.loading)
    # rows of both kinds on screen: plan and hors plan (marker, bold)
    first = model.equipment(0).in_plan
    middle = next(row for row in range(model.rowCount()) if model.equipment(row).in_plan != first)
    table.scrollTo(model.index(middle, 0), table.ScrollHint.PositionAtCenter)
    selection = table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (middle - 2, middle, middle + 1):
        selection.select(model.index(row, 0), flags)
    ours = _grab(table)
    assert _differing(ours, _with_qt_delegates(table)) == 0
    table.setFocus()
    selection.setCurrentIndex(model.index(middle, 2), QItemSelectionModel.SelectionFlag.NoUpdate)  # a focus frame
    assert _differing(_grab(table), _with_qt_delegates(table)) == 0


def test_greyed_and_stock_rows_look_as_qt_painted_them(window, qtbot):
    table = window.inventory.table
    model = window.inventory.table_model
    panel = window.inventory
    _show_every_column(window)
    qtbot.waitUntil(lambda: model.rowCount() > 0 and not panel.loading)
    retired = stock = None
    for row in range(model.rowCount()):
        info = model.equipment(row)
        if info.status.is_final and retired is None:
            retired = row
        if info.school_id is None and stock is None:
            stock = row
        if retired is not None and stock is not None:
            break
    assert retired is not None and stock is not None, "the demo base has réformé items and items in the stock"
    for row in (retired, stock):
        table.scrollTo(model.index(row, 0))
        assert _differing(_grab(table), _with_qt_delegates(table)) == 0
