"""Starting the application: first start on a missing base, a base that cannot be opened, the demo build."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QCommandLinkButton, QLabel, QLineEdit, QMessageBox

from ticeinventory.services.demo_file import building_path
from ticeinventory.ui import app as gui_app
from ticeinventory.ui.database_opener import DatabaseOpener
from ticeinventory.ui.database_prompts import DatabasePrompts
from ticeinventory.ui.demo_build import DemoBuild
from ticeinventory.ui.first_start_dialog import FirstStartDialog, StartChoice

SMALL_DEMO = 2


def files_beside(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()} if path.parent.exists() else set()


@pytest.fixture
def opened():
    """Services returned by the startup, closed at the end of the test."""
    found = []
    yield found
    for services in found:
        if services is not None:
            services.close()


def start(prompts, target, opened) -> object:
    services = DatabaseOpener(prompts, demo_schools=SMALL_DEMO).at_startup(str(target))
    opened.append(services)
    return services


def test_first_start_builds_the_demonstration(scripted_prompts, tmp_path, opened):
    target = tmp_path / "premiere" / "ecoles.sqlite"
    prompts = scripted_prompts(first_start=[StartChoice.DEMO])
    services = start(prompts, target, opened)
    assert prompts.asked == [("first_start", str(target))]
    assert len(services.schools.list()) == SMALL_DEMO
    assert services.stats.summary().out_of_plan >= 0 and services.equipment.count() > 0
    assert target.exists() and not building_path(target).exists()


def test_first_start_with_an_empty_base(scripted_prompts, tmp_path, opened):
    target = tmp_path / "ecoles.sqlite"
    services = start(scripted_prompts(first_start=[StartChoice.EMPTY]), target, opened)
    assert services.schools.list() == [] and services.equipment.count() == 0
    assert target.exists()


def test_first_start_can_open_an_existing_file(scripted_prompts, tmp_path, demo_path, opened):
    target = tmp_path / "absente.sqlite"
    services = start(scripted_prompts(first_start=[StartChoice.OPEN], open_paths=[demo_path]), target, opened)
    assert services.db.describe() == str(demo_path)
    assert not target.exists()


def test_first_start_file_dialog_cancelled_asks_again(scripted_prompts, tmp_path, opened):
    target = tmp_path / "absente.sqlite"
    prompts = scripted_prompts(first_start=[StartChoice.OPEN, StartChoice.QUIT], open_paths=[None])
    assert start(prompts, target, opened) is None
    assert [question for question, _ in prompts.asked] == ["first_start", "open_path", "first_start"]
    assert not target.exists()


def test_quitting_at_first_start_creates_nothing(scripted_prompts, tmp_path, opened):
    target = tmp_path / "ecoles.sqlite"
    assert start(scripted_prompts(first_start=[StartChoice.QUIT]), target, opened) is None
    assert files_beside(target) == set()


def test_a_damaged_file_is_explained_and_left_untouched(scripted_prompts, tmp_path, opened):
    damaged = tmp_path / "abime.sqlite"
    content = b"SQLite format 3\x00" + b"\x13" * 5000
    damaged.write_bytes(content)
    prompts = scripted_prompts(open_failed=[False])
    assert start(prompts, damaged, opened) is None
    (question, message), = prompts.asked
    assert question == "open_failed"
    assert "endommagé" in message and "Rien n'a été modifié" in message
    assert damaged.read_bytes() == content


def test_after_a_damaged_file_another_one_can_be_opened(scripted_prompts, tmp_path, demo_path, opened):
    damaged = tmp_path / "abime.sqlite"
    damaged.write_bytes(b"pas une base" * 1000)
    prompts = scripted_prompts(open_failed=[True], open_paths=[demo_path])
    services = start(prompts, damaged, opened)
    assert services.db.describe() == str(demo_path)


def test_a_foreign_sqlite_file_is_refused(scripted_prompts, tmp_path, opened):
    import sqlite3

    foreign = tmp_path / "autre.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE clients (nom TEXT)")
    prompts = scripted_prompts(open_failed=[False])
    assert start(prompts, foreign, opened) is None
    assert "autre logiciel" in prompts.asked[0][1]


def test_cancelling_the_demonstration_leaves_no_base(qtbot, tmp_path):
    target = tmp_path / "ecoles.sqlite"
    build = DemoBuild(target, 6)
    build.sig_progress.connect(lambda done, total: build.cancel())
    assert build.run() is None
    assert files_beside(target) == set()


def test_cancelled_demonstration_returns_to_the_first_start_dialog(scripted_prompts, tmp_path, opened, monkeypatch):
    target = tmp_path / "ecoles.sqlite"

    def cancelling_run(self):
        self.sig_progress.connect(lambda done, total: self.cancel())
        return original_run(self)

    original_run = DemoBuild.run
    monkeypatch.setattr(DemoBuild, "run", cancelling_run)
    prompts = scripted_prompts(first_start=[StartChoice.DEMO, StartChoice.EMPTY])
    services = start(prompts, target, opened)
    assert [question for question, _ in prompts.asked] == ["first_start", "first_start"]
    assert services.equipment.count() == 0


def test_first_start_dialog_offers_the_three_choices_in_french(qtbot, tmp_path):
    location = str(tmp_path / "données" / "ecoles.sqlite")
    dialog = FirstStartDialog(location, 12)
    qtbot.addWidget(dialog)
    texts = {button.objectName(): button.text() for button in dialog.findChildren(QCommandLinkButton)}
    assert texts == {"emptyButton": "&Base vide", "demoButton": "Base de &démonstration",
                     "openButton": "&Ouvrir un fichier…"}
    assert dialog.findChild(QLabel, "locationLabel").text().replace("\u200b", "") == location
    assert "12 écoles" in dialog.demo_button.description()
    dialog.demo_button.click()
    assert dialog.choice is StartChoice.DEMO and dialog.result() == FirstStartDialog.DialogCode.Accepted


def test_first_start_dialog_closed_means_quit(qtbot, tmp_path):
    dialog = FirstStartDialog(str(tmp_path / "x.sqlite"), 12)
    qtbot.addWidget(dialog)
    dialog.reject()
    assert dialog.choice is StartChoice.QUIT


def test_the_open_failed_box_offers_another_file_or_quit(qtbot):
    prompts = DatabasePrompts()
    box, other = prompts.open_failed_box("Le fichier « x » est endommagé.")
    qtbot.addWidget(box)
    assert box.text() == "Le fichier « x » est endommagé."
    assert sorted(button.text() for button in box.buttons()) == ["&Ouvrir un autre fichier…", "&Quitter"]
    assert box.defaultButton() is other


def test_the_open_failed_box_answers_quit_when_quit_is_clicked(qtbot):
    def click_quit():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            next(b for b in box.buttons() if b.text() == "&Quitter").click()
        else:  # not shown yet
            QTimer.singleShot(20, click_quit)

    QTimer.singleShot(0, click_quit)
    assert DatabasePrompts().open_failed("Base illisible.") is False


def test_standard_buttons_are_french():
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"


def test_main_opens_the_window_on_the_base_given_with_db(qtbot, demo_path):
    titles = []

    def close_window():
        windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()]
        if windows and not windows[0].opening:
            titles.append(windows[0].windowTitle())
            windows[0].close()
        else:
            QTimer.singleShot(20, close_window)

    QTimer.singleShot(0, close_window)
    assert gui_app.main(["--db", str(demo_path)]) == 0
    assert titles == [f"TICE Inventaire — {demo_path.name}"]


def test_main_lets_a_print_still_running_finish_before_it_returns(qtbot, demo_path):
    import time

    from ticeinventory.ui.detached_tasks import start_task

    done = []

    def print_then_close():
        windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()]
        if windows and not windows[0].opening:
            start_task(lambda _progress: (time.sleep(0.3), done.append("imprimé")), lambda _task: None)
            windows[0].close()  # the window closes while the worker prints
        else:
            QTimer.singleShot(20, print_then_close)

    QTimer.singleShot(0, print_then_close)
    assert gui_app.main(["--db", str(demo_path)]) == 0
    assert done == ["imprimé"]


def test_the_window_is_shown_before_its_base_is_open_then_fills(qtbot, demo_path):
    arguments, _qt = gui_app.parse_arguments(["--db", str(demo_path)])
    window = gui_app.start(arguments)
    qtbot.addWidget(window)
    # the base is opened on a worker: its answer needs the event loop, which has not run yet
    assert window.isVisible() and window.opening and window.services is None
    assert window.busy_label.isVisibleTo(window)
    assert window.inventory.table.placeholder_text == "Ouverture de la base…"
    assert not window.commands.refresh.isEnabled()
    edit = window.edit_controller
    assert not edit.new_equipment_action.isEnabled() and not edit.new_school_action.isEnabled()
    assert not window.reports.city_inventory_action.isEnabled()
    assert not window.transfer.import_equipment_action.isEnabled()
    window.inventory.search_bar.findChild(QLineEdit, "searchEdit").setText("dell")  # typing before: harmless

    qtbot.waitUntil(lambda: not window.opening and not window.inventory.loading, timeout=15_000)
    assert window.services is not None
    assert window.windowTitle() == f"TICE Inventaire — {demo_path.name}"
    assert edit.new_equipment_action.isEnabled() and window.reports.city_inventory_action.isEnabled()
    assert window.transfer.import_equipment_action.isEnabled() and window.commands.refresh.isEnabled()
    assert window.inventory.table_model.rowCount() > 0
    window.close()


def test_a_base_refused_at_start_is_explained_over_the_window(qtbot, tmp_path, monkeypatch):
    damaged = tmp_path / "abime.sqlite"
    content = b"pas une base" * 1000
    damaged.write_bytes(content)
    told = []

    def open_failed(_self, message):
        told.append(message)
        return False  # « Quitter »

    monkeypatch.setattr(DatabasePrompts, "open_failed", open_failed)
    arguments, _qt = gui_app.parse_arguments(["--db", str(damaged)])
    window = gui_app.start(arguments)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=15_000)
    assert len(told) == 1 and "endommagé" in told[0]
    assert window.services is None
    assert damaged.read_bytes() == content


def test_main_quits_cleanly_from_the_first_start_dialog(qtbot, tmp_path):
    def quit_dialog():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, FirstStartDialog):
            dialog.reject()
        else:
            QTimer.singleShot(20, quit_dialog)

    QTimer.singleShot(0, quit_dialog)
    assert gui_app.main(["--db", str(tmp_path / "nouvelle.sqlite")]) == 0
    assert not (tmp_path / "nouvelle.sqlite").exists()


def test_a_base_opened_from_the_menu_while_the_first_one_opens_is_kept(qtbot, demo_path, tmp_path, monkeypatch):
    other = tmp_path / "autre.sqlite"
    other.write_bytes(demo_path.read_bytes())
    arguments, _qt = gui_app.parse_arguments(["--db", str(demo_path)])
    window = gui_app.start(arguments)
    qtbot.addWidget(window)
    assert window.opening
    monkeypatch.setattr(DatabasePrompts, "open_path", lambda _self: str(other))
    window.open_database()  # Fichier ▸ Ouvrir… before the start's base is there
    qtbot.waitUntil(lambda: not window.opening, timeout=15_000)
    assert window.services is not None and window.services.db.describe() == str(other)
    assert window.windowTitle() == "TICE Inventaire — autre.sqlite"
    window.close()
