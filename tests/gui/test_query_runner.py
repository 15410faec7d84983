"""A read that fails, quick (on the GUI thread) or not (on a worker), is told the same way: ``sig_failed``, and
the window says so in its status bar — never an « Erreur inattendue » box for a list that could not be read."""

from __future__ import annotations

from ticeinventory.ui.query_runner import QueryRunner


def broken():
    raise OSError("disque illisible")


def test_a_quick_read_that_fails_is_told_like_a_workers(qtbot):
    runner = QueryRunner(slow_rows=10)
    failures: list[BaseException] = []
    runner.sig_failed.connect(failures.append)
    shown: list[object] = []
    runner.run("table", broken, shown.append, rows=5)  # quick: on this thread
    assert shown == [] and [str(f) for f in failures] == ["disque illisible"]
    with qtbot.waitSignal(runner.sig_failed, timeout=5_000):
        runner.run("table", broken, shown.append, rows=50)  # slow: on a worker
    assert shown == [] and len(failures) == 2


def test_the_window_says_a_list_could_not_be_read(window, qtbot, monkeypatch):
    panel = window.inventory
    qtbot.waitUntil(lambda: not panel.loading, timeout=5_000)
    monkeypatch.setattr(panel._browser, "first_page", lambda *args, **kw: broken())
    panel.search_bar.edit.setText("PCF")
    panel.search_bar.apply()  # a small base: read at once
    assert window.statusBar().currentMessage().startswith("La lecture de la base a échoué\u00a0: disque illisible.")
