"""What the start does before the window's first paint: the base's opening waits for it, the list's viewport is
Qt's own, made ahead (see EquipmentTableView.__init__), icons are drawn once per colour."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QTableView

from ticeinventory.ui import app as gui_app
from ticeinventory.ui import icons
from ticeinventory.ui import main_window as window_module
from ticeinventory.ui.equipment_view import EquipmentTableView
from ticeinventory.ui.tasks import Task


class PaintWatcher(QObject):
    def __init__(self, events: list[str]) -> None:
        super().__init__()
        self.events = events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and "paint" not in self.events:
            self.events.append("paint")
        return False


def test_the_base_is_opened_once_the_window_has_painted_itself(qtbot, demo_path, monkeypatch):
    # The worker's imports hold the GIL: started before the first paint, they would slow it down.
    events: list[str] = []
    original_start = Task.start
    monkeypatch.setattr(Task, "start", lambda task, pool=None: (events.append("start"), original_start(task, pool)))
    watcher = PaintWatcher(events)
    arguments, _qt = gui_app.parse_arguments(["--db", str(demo_path)])
    opener = window_module.DatabaseOpener(demo_schools=arguments.demo_schools)
    window = window_module.MainWindow(None, opener)
    qtbot.addWidget(window)
    window.installEventFilter(watcher)
    window.show()
    window.open_at_start(arguments.db)
    assert window.opening and events == []
    qtbot.waitUntil(lambda: not window.opening, timeout=15_000)
    assert events[:2] == ["paint", "start"]
    assert window.services is not None
    window.close()


def test_a_window_not_painted_still_opens_its_base(qtbot, demo_path):
    arguments, _qt = gui_app.parse_arguments(["--db", str(demo_path)])
    window = window_module.MainWindow(None, window_module.DatabaseOpener())
    qtbot.addWidget(window)
    window.setUpdatesEnabled(False)  # as a window started minimised: no paint comes
    window.show()
    window.open_at_start(arguments.db)
    qtbot.waitUntil(lambda: not window.opening, timeout=15_000)
    assert window.services is not None
    window.setUpdatesEnabled(True)
    window.close()


def test_the_lists_viewport_is_the_one_qt_would_have_made(qtbot):
    ours, qts = EquipmentTableView(), QTableView()
    for view in (ours, qts):
        qtbot.addWidget(view)
        view.show()
    qtbot.waitExposed(ours)
    mine, theirs = ours.viewport(), qts.viewport()
    assert mine is ours._viewport
    assert mine.objectName() == theirs.objectName() == "qt_scrollarea_viewport"
    assert mine.backgroundRole() == theirs.backgroundRole() and mine.autoFillBackground() == theirs.autoFillBackground()
    assert mine.parent() is ours and mine.focusProxy() is ours and mine.isVisible()
    attributes = [a for a in Qt.WidgetAttribute if a is not Qt.WidgetAttribute.WA_AttributeCount]
    assert [mine.testAttribute(a) for a in attributes] == [theirs.testAttribute(a) for a in attributes]
    assert (mine.acceptDrops(), mine.hasMouseTracking(), mine.focusPolicy(), mine.contextMenuPolicy()) == \
        (theirs.acceptDrops(), theirs.hasMouseTracking(), theirs.focusPolicy(), theirs.contextMenuPolicy())


def test_an_icon_has_the_same_drawing_when_active_as_when_normal():
    icon = icons.icon(icons.SEARCH)
    for size in icons.SIZES:
        normal = icon.pixmap(size, size, QIcon.Mode.Normal).toImage()
        assert icon.pixmap(size, size, QIcon.Mode.Active).toImage() == normal
        assert icon.pixmap(size, size, QIcon.Mode.Selected).toImage() != normal


def test_the_base_opened_at_start_comes_with_the_windows_first_services_made(demo_path):
    """Made on the worker that opens the base (their modules import the ORM's set-up: about 90 ms), not on the
    GUI thread when the window shows its first list."""
    services = window_module.open_existing(str(demo_path))
    try:
        assert {"locations", "browser", "catalog"} <= set(vars(services))
    finally:
        services.close()


def test_a_base_that_cannot_be_prepared_is_closed_before_the_opener_explains(demo_path, monkeypatch):
    from ticeinventory.services.app import Services

    closed: list[Services] = []
    original_close = Services.close

    def broken(self) -> None:
        raise OSError("disque illisible")

    def close(self) -> None:
        closed.append(self)
        original_close(self)

    monkeypatch.setattr(Services, "prepare_window", broken)
    monkeypatch.setattr(Services, "close", close)
    try:
        window_module.open_existing(str(demo_path))
    except OSError:
        pass
    else:
        raise AssertionError("the failure is passed on to the opener")
    assert len(closed) == 1
