"""GUI fixtures: the application configured as ``main()`` does, settings in a temporary folder, windows on real
demo databases, and database prompts answered by script instead of blocking modal dialogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from ticeinventory.domain.enums import AuditSource
from ticeinventory.services.app import open_services
from ticeinventory.ui.app import configure_application
from ticeinventory.ui.database_opener import DatabaseOpener
from ticeinventory.ui.database_prompts import DatabasePrompts
from ticeinventory.ui.first_start_dialog import StartChoice
from ticeinventory.ui.main_window import MainWindow

GUI_TESTS = Path(__file__).parent
# The offscreen platform cannot pass size hints to a window manager, and says so on every shown window.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if GUI_TESTS in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def _gui_application(qapp, tmp_path: Path):
    """Names, French locale and translators as in main(); QSettings written under this test's folder."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    configure_application(qapp)
    yield qapp


@pytest.fixture
def services(demo_path: Path):
    opened = open_services(demo_path, AuditSource.SCREEN)
    yield opened
    opened.close()


class ScriptedPrompts(DatabasePrompts):
    """The user's answers, given in advance; every question asked is recorded. Running out of answers fails
    the test instead of blocking it on a dialog."""

    def __init__(self, *, first_start=(), open_paths=(), new_paths=(), new_kinds=(), open_failed=()) -> None:
        super().__init__(None)
        self.answers = {"first_start": list(first_start), "open_path": list(open_paths),
                        "new_path": list(new_paths), "new_kind": list(new_kinds), "open_failed": list(open_failed)}
        self.asked: list[tuple[str, str]] = []
        self.errors: list[str] = []

    def _answer(self, question: str, text: str = ""):
        self.asked.append((question, text))
        remaining = self.answers[question]
        assert remaining, f"unexpected question {question!r} ({text})"
        answer = remaining.pop(0)
        return str(answer) if isinstance(answer, Path) else answer

    def first_start(self, location: str, demo_schools: int) -> StartChoice:
        return self._answer("first_start", location)

    def open_path(self) -> str | None:
        return self._answer("open_path")

    def new_path(self) -> str | None:
        return self._answer("new_path")

    def new_kind(self) -> StartChoice | None:
        return self._answer("new_kind")

    def open_failed(self, message: str) -> bool:
        return self._answer("open_failed", message)

    def show_error(self, message: str) -> None:
        self.errors.append(message)


@pytest.fixture
def scripted_prompts() -> type[ScriptedPrompts]:
    """``scripted_prompts(first_start=[...], open_paths=[...], …)``: prompts answering as the user would."""
    return ScriptedPrompts


@pytest.fixture
def make_window(qtbot):
    """``make_window(services, prompts=None)``: a shown main window, closed at the end of the test."""
    windows: list[MainWindow] = []

    def make(opened, prompts: DatabasePrompts | None = None, *, size=(1366, 768)) -> MainWindow:
        window = MainWindow(opened, DatabaseOpener(prompts or ScriptedPrompts(), demo_schools=2))
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def window(make_window, demo_path: Path) -> MainWindow:
    return make_window(open_services(demo_path, AuditSource.SCREEN))
