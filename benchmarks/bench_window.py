"""The technician's window on a big base, each figure beside a bare baseline measured in the same run.

    .venv/bin/python benchmarks/make_big_db.py /tmp/ville-200k.sqlite --items 200000
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_window.py /tmp/ville-200k.sqlite [--launches 5]

- launch → usable window: a fresh process until the main window is shown, its list filled and the first page of
  rows fetched; beside a fresh process showing a bare PySide6 QMainWindow + QTableView (200 rows);
- showing a school: its node chosen in the tree until its rows are there; beside the same reads in raw SQL;
- search, per keystroke, over 50 keystrokes typed in the field (an inventory number, a serial, a school, a MAC
  address, a model): what a lazy list needs (the counts and the first page of ids, through the services), and
  what the window reads today (``EquipmentBrowser.browse``: every id in order, then the first page of rows);
  beside the same statements run with sqlite3, and beside the plain ``LIKE`` query one would write without
  the index;
- scrolling through the whole table: every row fetched page by page through the window's model; beside one
  raw SELECT of the same rows;
- peak memory (RSS) of the window process after all of that; beside the bare window's.

The file is opened as it is (never written): a copy is used, so that the window's settings and the WAL stay out
of the original. Goals (issue 3): start-up ≤ 2× the bare window; search ≤ 2× the raw query and never above
100 ms; memory ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import row  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
KEYSTROKES = 50
PAGE = 200

BARE = r"""
import resource, sys
from PySide6.QtCore import QEventLoop
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
window = QMainWindow()
model = QStandardItemModel(200, 10)
for r in range(200):
    for c in range(10):
        model.setItem(r, c, QStandardItem(f"{r}-{c}"))
view = QTableView()
view.setModel(model)
window.setCentralWidget(view)
window.resize(1366, 768)
window.show()
app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
print("READY", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, flush=True)
"""

WINDOW = r"""
import json, resource, sys, time
started = time.perf_counter()
from PySide6.QtCore import QEventLoop
from ticeinventory.ui.app import create_application
from ticeinventory.ui.database_opener import DatabaseOpener
from ticeinventory.ui.main_window import MainWindow
imported = time.perf_counter()
app = create_application(sys.argv[:1])
opener = DatabaseOpener()
services = opener.open(sys.argv[1])
opened = time.perf_counter()
window = MainWindow(services, opener)
window.resize(1366, 768)
window.show()
shown = time.perf_counter()
panel = window.inventory

def settle(ready, limit=120.0):
    deadline = time.monotonic() + limit
    while not ready():
        if time.monotonic() > deadline:
            raise SystemExit("la fenêtre n'a pas fini de charger")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

model = panel.table_model

def busy():
    value = panel.loading  # a property of the panel (a method in earlier versions)
    return value() if callable(value) else value

settle(lambda: not busy() and model.rowCount() > 0)
model.equipment(0)
app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("READY", json.dumps({"imports": imported - started, "open": opened - imported, "window": shown - opened,
                           "rows": time.perf_counter() - shown, "rss": rss, "count": model.rowCount()}), flush=True)
if sys.argv[2] == "session":
    exec(sys.stdin.read())
"""

SESSION = r"""
import sqlite3
from sqlalchemy import func, select
from ticeinventory.services.equipment_browser import in_plan_flag
from ticeinventory.db import models as m
from ticeinventory.services.equipment import EquipmentFilter, _filtered
from ticeinventory.ui.location_model import Node, NodeKind

plan = json.loads(sys.argv[3])
raw = sqlite3.connect(sys.argv[1])
browser, db = services.browser, services.db
results = {}

def clock(fn):
    start = time.perf_counter()
    value = fn()
    return (time.perf_counter() - start) * 1000, value

ROWS = ("SELECT e.*, c.code, c.label, s.uai, s.name, r.name, p.code, ph.name, parent.inventory_number "
        "FROM equipment e JOIN categories c ON c.id = e.category_id LEFT JOIN schools s ON s.id = e.school_id "
        "LEFT JOIN rooms r ON r.id = e.room_id LEFT JOIN plans p ON p.id = e.plan_id "
        "LEFT JOIN plan_phases ph ON ph.id = e.phase_id LEFT JOIN equipment parent ON parent.id = e.parent_id ")

# -- a school: its node chosen in the tree until its rows are there ------------------------------------------
ours, bare = [], []
for school in plan["schools"]:
    expected = raw.execute("SELECT count(*) FROM equipment WHERE school_id = ?", (school,)).fetchone()[0]
    def show():
        panel.select_node(Node(NodeKind.SCHOOL, id=school))
        settle(lambda: not busy() and model.rowCount() == expected)
        model.equipment(0)
    ours.append(clock(show)[0])
    def bare_school():
        ids = [r[0] for r in raw.execute("SELECT id FROM equipment WHERE school_id = ? ORDER BY inventory_number",
                                         (school,))]
        raw.execute(ROWS + f"WHERE e.id IN ({','.join('?' * len(ids[:200]))})", ids[:200]).fetchall()
    bare.append(clock(bare_school)[0])
results["school"] = (ours, bare)
panel.select_node(Node(NodeKind.FLEET))
settle(lambda: not busy() and model.rowCount() == plan["items"])

# -- search, per keystroke -----------------------------------------------------------------------------------
def compiled(statement):
    sql = statement.compile(dialect=db.engine.dialect)
    return str(sql), [sql.params[name] for name in (sql.positiontup or [])]

def first_page(flt):
    with db.reading() as session:
        return list(session.scalars(_filtered(select(m.Equipment.id), flt)
                                    .order_by(m.Equipment.inventory_number).limit(200)))

NAIVE_WHERE = ("FROM equipment e LEFT JOIN schools s ON s.id = e.school_id WHERE e.inventory_number LIKE ?1 "
               "ESCAPE '\\' OR e.serial_number LIKE ?1 ESCAPE '\\' OR e.network_name LIKE ?1 ESCAPE '\\' OR "
               "e.mac_address LIKE ?1 ESCAPE '\\' OR e.manufacturer || ' ' || e.model LIKE ?1 ESCAPE '\\' OR "
               "s.name LIKE ?1 ESCAPE '\\' OR s.uai LIKE ?1 ESCAPE '\\'")
lazy, gui, same_sql, naive, naive_gui, found = [], [], [], [], [], []
for text in plan["keystrokes"]:
    flt = EquipmentFilter(text=text)
    # what a lazy list needs: counts (total, in plan) and the first page of ids
    lazy.append(clock(lambda: (browser.counts(flt), first_page(flt)))[0])
    # what the window reads today: every id in order with the plan flag, then the first page of rows
    gui.append(clock(lambda: browser.rows(browser.browse(flt).ids[:200]))[0])
    count_sql = compiled(_filtered(select(func.count(m.Equipment.id), func.coalesce(func.sum(in_plan_flag()), 0))
                                   .select_from(m.Equipment), flt))
    page_sql = compiled(_filtered(select(m.Equipment.id), flt).order_by(m.Equipment.inventory_number).limit(200))
    same_sql.append(clock(lambda: (raw.execute(*count_sql).fetchall(), raw.execute(*page_sql).fetchall()))[0])
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    naive.append(clock(lambda: (
        raw.execute("SELECT count(*), sum(e.plan_id IS NOT NULL) " + NAIVE_WHERE, (pattern,)).fetchall(),
        raw.execute("SELECT e.id " + NAIVE_WHERE + " ORDER BY e.inventory_number LIMIT 200", (pattern,)).fetchall()))[0])
    def naive_window():
        ids = [r[0] for r in raw.execute("SELECT e.id, e.plan_id IS NOT NULL " + NAIVE_WHERE +
                                         " ORDER BY e.inventory_number", (pattern,))]
        raw.execute(ROWS + f"WHERE e.id IN ({','.join('?' * len(ids[:200]))})", ids[:200]).fetchall()
    naive_gui.append(clock(naive_window)[0])
    found.append(browser.counts(flt).total)
results["search"] = {"lazy": lazy, "gui": gui, "same_sql": same_sql, "naive": naive, "naive_gui": naive_gui,
                     "found": found}

# -- scrolling through the whole table -----------------------------------------------------------------------
def scroll():
    for start in range(0, model.rowCount(), 200):
        model.equipment(start)
ours_scroll = clock(scroll)[0]
# the peak of the window's own work, before the raw baseline below holds 200 000 wide rows in this process
results["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
bare_scroll = clock(lambda: raw.execute(ROWS + "ORDER BY e.inventory_number").fetchall())[0]
results["scroll"] = (ours_scroll, bare_scroll, model.rowCount(), model.cached_row_count())

# -- where the start-up goes: the reads and the models it waits for, timed one by one -----------------------
from ticeinventory.services.equipment_browser import EquipmentBrowser
parts = {}
parts["tree (services.locations.tree)"], tree = clock(services.locations.tree)
parts["tree model (LocationTreeModel.load)"], _ = clock(lambda: panel.tree_model.load(tree))
parts["every id in order (browser.browse)"], _ = clock(lambda: browser.browse(EquipmentFilter()))
parts["first page of rows (browser.rows)"], _ = clock(lambda: browser.rows(model._ids[:200]))
parts["same ids, raw sqlite3"], _ = clock(lambda: raw.execute(
    "SELECT id, plan_id IS NOT NULL FROM equipment ORDER BY inventory_number").fetchall())
parts["same tree counts, raw sqlite3"], _ = clock(lambda: raw.execute(
    "SELECT school_id, room_id, count(id), sum(plan_id IS NOT NULL) FROM equipment GROUP BY school_id, room_id"
).fetchall())
results["parts"] = parts
print("RESULTS", json.dumps(results), flush=True)
"""


def launch(script: str, *args: str, stdin: str | None = None, config: Path) -> tuple[float, str, str]:
    """Run ``script`` in a fresh interpreter; (ms until its READY line, that line, what it printed after)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config), PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", script, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    if stdin is not None:
        process.stdin.write(stdin)
    process.stdin.close()
    ready = ""
    for line in process.stdout:
        if line.startswith("READY"):
            ready = line
            break
    elapsed = (time.perf_counter() - start) * 1000
    rest, errors = process.stdout.read(), process.stderr.read()
    if process.wait() != 0 or not ready:
        raise SystemExit(f"le processus a échoué :\n{errors[-3000:]}")
    return elapsed, ready, rest


def stats(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), max(values)


def keystrokes(conn: sqlite3.Connection) -> list[str]:
    """What a technician types, letter by letter: a number, a serial, a school, a MAC address, a model."""
    number = conn.execute("SELECT inventory_number FROM equipment WHERE category_id = (SELECT id FROM categories "
                          "WHERE code = 'PCF') ORDER BY id LIMIT 1 OFFSET 2345").fetchone()[0]
    serial = conn.execute("SELECT serial_number FROM equipment WHERE serial_number LIKE 'CN%' "
                          "ORDER BY id LIMIT 1 OFFSET 777").fetchone()[0]
    school = conn.execute("SELECT name FROM schools WHERE name LIKE 'École élémentaire %' ORDER BY id "
                          "LIMIT 1 OFFSET 100").fetchone()[0].split(" ", 2)[2].lower()
    mac = conn.execute("SELECT mac_address FROM equipment WHERE mac_address <> '' ORDER BY id "
                       "LIMIT 1 OFFSET 4321").fetchone()[0][:11]
    words = [number, serial, school, mac, "optiplex", "thinkpad"]
    typed = [word[:n] for word in words for n in range(1, len(word) + 1)]
    return typed[:KEYSTROKES]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="base faite par make_big_db.py")
    parser.add_argument("--launches", type=int, default=5, help="lancements de chaque fenêtre (5 par défaut)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "ville.sqlite"
        shutil.copyfile(args.path, base)
        config = Path(folder) / "config"
        with closing(sqlite3.connect(base)) as conn:
            items = conn.execute("SELECT count(*) FROM equipment").fetchone()[0]
            schools = [r[0] for r in conn.execute("SELECT id FROM schools ORDER BY id")]
            typed = keystrokes(conn)
        print(f"base : {items} équipements, {len(schools)} écoles ({args.path}) ; machine : {os.cpu_count()} cœurs, "
              f"charge {os.getloadavg()[0]:.1f}")

        ours, bare, details = [], [], []
        for _n in range(args.launches):
            shutil.rmtree(config, ignore_errors=True)
            elapsed, _line, _rest = launch(BARE, config=config)
            bare.append(elapsed)
            shutil.rmtree(config, ignore_errors=True)
            elapsed, line, _rest = launch(WINDOW, str(base), "start", config=config)
            ours.append(elapsed)
            details.append(json.loads(line.split(" ", 1)[1]))
        _e, bare_line, _r = launch(BARE, config=config)
        bare_rss = float(bare_line.split()[1])
        print(row("lancement → fenêtre utilisable", stats(ours), stats(bare)))
        median = {key: statistics.median(d[key] * (1000 if key not in ("rss", "count") else 1) for d in details)
                  for key in details[0]}
        print(f"    dont (médianes) : imports {median['imports']:.0f} ms, ouverture de la base {median['open']:.0f} ms,"
              f" fenêtre construite et montrée {median['window']:.0f} ms, liste et première page "
              f"{median['rows']:.0f} ms ({median['count']:.0f} lignes)")

        session_plan = {"schools": schools[::max(1, len(schools) // 20)][:20], "keystrokes": typed, "items": items}
        _e, line, rest = launch(WINDOW, str(base), "session", json.dumps(session_plan), stdin=SESSION, config=config)
        results = json.loads(next(r for r in rest.splitlines() if r.startswith("RESULTS")).split(" ", 1)[1])
        school_ours, school_bare = results["school"]
        print(row("afficher une école (arbre → lignes)", stats(school_ours), stats(school_bare)))
        search = results["search"]
        print(row("recherche : comptes + 1re page d'ids", stats(search["lazy"]), stats(search["same_sql"])))
        print(row("  … la même, contre LIKE sans index", stats(search["lazy"]), stats(search["naive"])))
        print(row("recherche : ce que lit la fenêtre", stats(search["gui"]), stats(search["naive_gui"])))
        print(f"    {len(typed)} frappes : {', '.join(repr(t) for t in typed)}")
        slow = sorted(zip(search["lazy"], typed, search["found"], strict=True), reverse=True)[:6]
        print("    les plus lentes (comptes + 1re page) : " + ", ".join(
            f"{text!r} {ms:.0f} ms ({n} trouvés)" for ms, text, n in slow))
        slow = sorted(zip(search["gui"], typed, search["found"], strict=True), reverse=True)[:6]
        print("    les plus lentes (fenêtre) : " + ", ".join(
            f"{text!r} {ms:.0f} ms ({n} trouvés)" for ms, text, n in slow))
        scroll_ours, scroll_bare, rows, cached = results["scroll"]
        print(row(f"défiler les {rows} lignes", (scroll_ours, scroll_ours), (scroll_bare, scroll_bare))
              + f"   ({cached} lignes gardées en mémoire)")
        print("    ce qu'attend le démarrage, mesuré à part : " + ", ".join(
            f"{name} {ms:.0f} ms" for name, ms in results["parts"].items()))
        print(f"mémoire maximale : fenêtre {results['rss']:.0f} Mo après la session ({median['rss']:.0f} Mo au "
              f"démarrage), fenêtre nue {bare_rss:.0f} Mo")

        lazy_median, lazy_worst = stats(search["lazy"])
        print("objectifs :")
        print(f"  démarrage ≤ 2× la fenêtre nue : ×{statistics.median(ours) / statistics.median(bare):.1f} "
              f"{'atteint' if statistics.median(ours) <= 2 * statistics.median(bare) else 'MANQUÉ'}")
        ratio = lazy_median / statistics.median(search["same_sql"])
        print(f"  recherche ≤ 2× la requête brute : ×{ratio:.1f} {'atteint' if ratio <= 2 else 'MANQUÉ'} ; "
              f"jamais plus de 100 ms : pire {lazy_worst:.0f} ms {'atteint' if lazy_worst <= 100 else 'MANQUÉ'} "
              f"({sum(1 for v in search['lazy'] if v > 100)} frappes sur {len(typed)} au-dessus)")
        print(f"  mémoire ≤ 300 Mo : {results['rss']:.0f} Mo {'atteint' if results['rss'] <= 300 else 'MANQUÉ'}")


if __name__ == "__main__":
    main()
