"""The window answers while its base opens behind it (``MainWindow.open_at_start``): what the user types in the
search field meanwhile is searched once the base is open, and an inventory number scanned meanwhile (Entrée)
is shown — nothing typed is lost."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.ui import app as gui_app
from ticeinventory.ui import main_window as window_module
from ticeinventory.ui.equipment_model import ID_ROLE


def opening_window(qtbot, demo_path):
    arguments, _qt = gui_app.parse_arguments(["--db", str(demo_path)])
    window = window_module.MainWindow(None, window_module.DatabaseOpener(demo_schools=arguments.demo_schools))
    qtbot.addWidget(window)
    window.show()
    window.open_at_start(arguments.db)
    edit = window.findChild(QLineEdit, "searchEdit")
    edit.setFocus()
    return window, edit


def opened(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.opening and window.services is not None, timeout=15_000)
    qtbot.waitUntil(lambda: not window.inventory.loading and window.inventory.table_model.rowCount() > 0,
                    timeout=5_000)


def shown_ids(window) -> list[int]:
    model = window.inventory.table_model
    return [model.index(row, 0).data(ID_ROLE) for row in range(model.rowCount())]


def test_a_search_typed_while_the_base_opens_is_searched_once_it_is_open(qtbot, demo_path):
    window, edit = opening_window(qtbot, demo_path)
    qtbot.keyClicks(edit, "ecr")
    assert window.opening
    opened(qtbot, window)
    assert edit.text() == "ecr" and window.inventory.search_bar.applied_text == "ecr"
    expected = window.services.browser.ids(EquipmentFilter(text="ecr"))
    assert 0 < len(expected) < window.services.browser.total()
    assert shown_ids(window) == expected
    window.close()


def test_a_number_scanned_while_the_base_opens_is_shown_once_it_is_open(qtbot, demo_path):
    with closing(sqlite3.connect(demo_path)) as conn:
        item_id, number = conn.execute(
            "SELECT id, inventory_number FROM equipment ORDER BY id DESC LIMIT 1").fetchone()
    window, edit = opening_window(qtbot, demo_path)
    qtbot.keyClicks(edit, number)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.opening
    opened(qtbot, window)
    qtbot.waitUntil(lambda: window.inventory.selected_ids() == [item_id], timeout=5_000)
    assert window.inventory.search_bar.applied_text == ""  # shown where it is, among its neighbours
    window.close()
