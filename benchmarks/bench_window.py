"""The technician's window on a big base, each figure beside a bare baseline measured in the same run.

    .venv/bin/python benchmarks/make_big_db.py /tmp/ville-200k.sqlite --items 200000
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_window.py /tmp/ville-200k.sqlite [--launches 5]

- launch, in a fresh process doing what ``ticeinventory-gui`` does (``ui.app.start``: the window is built and
  shown at once, its base opened on a worker behind it): until the window is on screen and painted (menus and
  search field answer; the list still says « Lecture de la base… »), until it shows the tree, its counts and the
  first page of its list (rows fetched), and until every id of the list is known too (read afterwards on a
  worker; until then the rows below the first page show a placeholder); each beside a fresh process showing a
  bare PySide6 QMainWindow + QTableView (200 rows);
- showing a school: its node chosen in the tree until its rows are there; beside the same reads in raw SQL;
- search, per keystroke, over 50 keystrokes typed in the real search field (an inventory number, a serial, a
  school, a MAC address, a model), each after the previous one's list is complete, from the end of the typing
  pause to the counts and the first page shown (what the panel runs: ``EquipmentBrowser.first_page`` on a
  worker; plus one paint of the table), and to the list complete (every id, read afterwards on the worker); beside the same statements run
  with sqlite3 (counts, ``ORDER BY … LIMIT 200`` ids, the rows of the first 60), and beside the plain ``LIKE``
  query one would write without the index. On a big base one or two letters are not searched as they are typed
  (the list shows the place unsearched until Entrée): those keystrokes are counted apart, with what they cost
  as typed, and what Entrée then costs;
- scrolling through the whole table: every row fetched page by page through the window's model; beside one
  raw SELECT of the same rows;
- peak memory (RSS) of the window process after all of that; beside the bare window's.

The file is opened as it is (never written): a copy is used, so that the window's settings and the WAL stay out
of the original. Launches run with Python's bytecode cache on (in a temporary folder), as an installed copy does,
after one uncounted launch of each that fills it.

Goals (issue 3): start-up ≤ 2× the bare window — the window usable: shown, its menus and search field
answering, what is typed or scanned there searched once the base is open (the list itself follows: its time is
printed beside, for information); search ≤ 2× the raw query and never above 100 ms per keystroke as typed
(median and worst); memory ≤ 300 MB.
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
from PySide6.QtCore import QEventLoop, QTimer
from ticeinventory.ui import app as gui_app
imported = time.perf_counter()
app = gui_app.create_application(sys.argv[:1])
arguments, _qt = gui_app.parse_arguments(["--db", sys.argv[1]])
window = gui_app.start(arguments)  # what ticeinventory-gui does: the window shown, its base opened behind it
window.resize(1366, 768)
app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)  # painted
shown = time.perf_counter()
print("SHOWN", flush=True)
panel = window.inventory

tick = QTimer()
tick.setInterval(2)  # wakes the waits below: conditions checked every 2 ms, without spinning the GUI thread

def settle(ready, limit=120.0):
    deadline = time.monotonic() + limit
    tick.start()
    while not ready():
        if time.monotonic() > deadline:
            raise SystemExit("la fenêtre n'a pas fini de charger")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    tick.stop()

model = panel.table_model

def busy():
    value = panel.loading  # a property of the panel (a method in earlier versions)
    return value() if callable(value) else value

def complete():
    return getattr(model, "is_complete", True)  # every id known (earlier versions read them all at once)

def first_page_shown():
    known = model.is_known(0) if hasattr(model, "is_known") else not busy()
    return model.rowCount() > 0 and known

settle(lambda: not window.opening)
opened = time.perf_counter()
if window.services is None:
    raise SystemExit("la base n'a pas pu être ouverte")
services = window.services
settle(first_page_shown)
model.equipment(0)  # the first page's rows (read with it; else fetched here)
app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
first_page = time.perf_counter() - opened
print("PAGE", flush=True)
settle(lambda: not busy() and complete() and model.rowCount() > 0)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("READY", json.dumps({"imports": imported - started, "window": shown - imported, "open": opened - shown,
                           "rows": first_page, "complete": time.perf_counter() - opened - first_page, "rss": rss,
                           "count": model.rowCount()}), flush=True)
if sys.argv[2] == "session":
    exec(sys.stdin.read())
"""

SESSION = r"""
import sqlite3
from sqlalchemy import func, select
from ticeinventory.services.equipment_browser import in_plan_flag
PAGE = 200
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

# -- search, per keystroke, through the real search field ---------------------------------------------------
from PySide6.QtCore import QEventLoop as _Loop
from ticeinventory.services import search as search_text

bar = panel.search_bar

def compiled(statement):
    sql = statement.compile(dialect=db.engine.dialect, compile_kwargs={"render_postcompile": True})
    return str(sql), [sql.params[name] for name in (sql.positiontup or [])]

def raw_first_page(text):
    # the statements of EquipmentBrowser.first_page, run with sqlite3: the schools and models the text matches
    # (search.nearby: read here beforehand to compile the same statements, and read again in the timed part, as
    # ours does), counts, 200 ordered ids, the rows of 60
    flt = EquipmentFilter(text=text)
    near_sql = [compiled(query) for query in search_text.nearby_queries(text) or ()]
    with db.reading() as session:
        near = search_text.nearby(session, text)
    count_sql = compiled(_filtered(select(func.count(m.Equipment.id), func.coalesce(func.sum(in_plan_flag()), 0))
                                   .select_from(m.Equipment), flt, near))
    page_sql = compiled(_filtered(select(m.Equipment.id), flt, near).order_by(m.Equipment.inventory_number)
                        .limit(PAGE))
    def run():
        for sql in near_sql:
            raw.execute(*sql).fetchall()
        raw.execute(*count_sql).fetchall()
        ids = [r[0] for r in raw.execute(*page_sql)]
        if ids:
            raw.execute(ROWS + f"WHERE e.id IN ({','.join('?' * len(ids[:60]))})", ids[:60]).fetchall()
    return clock(run)[0]

def timed_search(start_search):
    # ms from start_search() (the end of the typing pause, or Entrée) to the counts and the first page shown
    # (the model holding them, plus one paint of the table), and to the list complete; None, None when it asked
    # for no new list (the text applied did not change)
    app.processEvents()  # what the previous list left to paint is painted before (the user paused typing)
    marks = {}
    loop = _Loop()
    def on_counts(_counts):
        marks.setdefault("page", time.perf_counter())
    def on_loaded():
        marks["loaded"] = time.perf_counter()
        if not busy() and complete():
            loop.quit()
    panel.sig_counts_changed.connect(on_counts)
    panel.sig_loaded.connect(on_loaded)
    before = bar.applied_text
    start = time.perf_counter()
    start_search()
    if bar.applied_text != before and "loaded" not in marks:
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
    panel.sig_counts_changed.disconnect(on_counts)
    panel.sig_loaded.disconnect(on_loaded)
    settle(lambda: not busy() and complete())
    if bar.applied_text == before and "page" not in marks:
        return None, None, None
    painted = clock(panel.table.viewport().repaint)[0]  # the first screenful: its rows came with the first page
    ready = (marks["page"] - start) * 1000  # the counts and the first page in the model, before the paint
    return ready + painted, (marks["loaded"] - start) * 1000 + painted, ready

def typed(text):
    # the text in the field, then the typing pause over (the debounce timer's work, at once)
    def go():
        bar.edit.setText(text)
        bar._timer.stop()
        bar._on_pause()
    return go

def short(text):
    return len(search_text.fold(text.strip())) < search_text.MIN_TRIGRAM

NAIVE_WHERE = ("FROM equipment e LEFT JOIN schools s ON s.id = e.school_id WHERE e.inventory_number LIKE ?1 "
               "ESCAPE '\\' OR e.serial_number LIKE ?1 ESCAPE '\\' OR e.network_name LIKE ?1 ESCAPE '\\' OR "
               "e.mac_address LIKE ?1 ESCAPE '\\' OR e.manufacturer || ' ' || e.model LIKE ?1 ESCAPE '\\' OR "
               "s.name LIKE ?1 ESCAPE '\\' OR s.uai LIKE ?1 ESCAPE '\\'")
keys = []
for text in plan["keystrokes"]:
    page_ms, complete_ms, ready_ms = timed_search(typed(text))
    queried = bar.applied_text == text.strip()
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    naive = clock(lambda: (
        raw.execute("SELECT count(*), sum(e.plan_id IS NOT NULL) " + NAIVE_WHERE, (pattern,)).fetchall(),
        raw.execute("SELECT e.id " + NAIVE_WHERE + " ORDER BY e.inventory_number LIMIT 200", (pattern,)).fetchall()))[0]
    keys.append({"text": text, "short": short(text), "queried": queried, "page": page_ms or 0.0,
                 "ready": ready_ms or 0.0,
                 "complete": complete_ms or 0.0, "reloaded": page_ms is not None, "raw": raw_first_page(text),
                 "naive": naive, "found": model.rowCount()})
# Entrée on the texts too short to be searched as typed, each from the unsearched list
enter = []
for text in dict.fromkeys(k["text"] for k in keys if not k["queried"]):
    timed_search(typed(""))
    bar.edit.setText(text)
    bar._timer.stop()
    page_ms, complete_ms, _ready = timed_search(bar._on_return)
    enter.append({"text": text, "page": page_ms or 0.0, "complete": complete_ms or 0.0, "raw": raw_first_page(text),
                  "found": model.rowCount()})
timed_search(typed(""))
settle(lambda: not busy() and complete() and model.rowCount() == plan["items"])
results["search"] = {"keys": keys, "enter": enter}

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
parts["counts + first page + its rows (browser.first_page)"], _ = clock(lambda: browser.first_page(EquipmentFilter()))
parts["every id in order (browser.ids, on the worker)"], _ = clock(lambda: browser.ids(EquipmentFilter()))
parts["same ids, raw sqlite3"], _ = clock(lambda: raw.execute(
    "SELECT id FROM equipment ORDER BY inventory_number").fetchall())
parts["same tree counts, raw sqlite3"], _ = clock(lambda: raw.execute(
    "SELECT school_id, room_id, count(id), sum(plan_id IS NOT NULL) FROM equipment GROUP BY school_id, room_id"
).fetchall())
results["parts"] = parts
print("RESULTS", json.dumps(results), flush=True)
"""


def launch(script: str, *args: str, stdin: str | None = None, config: Path,
           marks: dict[str, float] | None = None) -> tuple[float, str, str, float]:
    """Run ``script`` in a fresh interpreter; (ms until its READY line, that line, what it printed after, ms until
    its PAGE line — the first page shown — or until READY when it prints none). ``marks`` receives the ms until
    its SHOWN line (the window on screen, its base still opening)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config), PYTHONPATH=str(ROOT),
               PYTHONPYCACHEPREFIX=str(config.parent / "pycache"))
    # Bytecode cached as on an installed copy (pip compiles it; an editable install writes it at first run):
    # a shell with PYTHONDONTWRITEBYTECODE set would otherwise recompile every module of ours at each launch.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", script, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    if stdin is not None:
        process.stdin.write(stdin)
    process.stdin.close()
    ready, page = "", None
    for line in process.stdout:
        if line.startswith("SHOWN") and marks is not None:
            marks["shown"] = (time.perf_counter() - start) * 1000
        if line.startswith("PAGE"):
            page = (time.perf_counter() - start) * 1000
        if line.startswith("READY"):
            ready = line
            break
    elapsed = (time.perf_counter() - start) * 1000
    rest, errors = process.stdout.read(), process.stderr.read()
    if process.wait() != 0 or not ready:
        raise SystemExit(f"le processus a échoué :\n{errors[-3000:]}")
    return elapsed, ready, rest, page if page is not None else elapsed


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

        ours, pages, bare, details, shown = [], [], [], [], []
        launch(BARE, config=config)  # not counted: writes the bytecode cache, warms the disk cache
        launch(WINDOW, str(base), "start", config=config)
        for _n in range(args.launches):
            shutil.rmtree(config, ignore_errors=True)
            elapsed, _line, _rest, _page = launch(BARE, config=config)
            bare.append(elapsed)
            shutil.rmtree(config, ignore_errors=True)
            marks: dict[str, float] = {}
            elapsed, line, _rest, page = launch(WINDOW, str(base), "start", config=config, marks=marks)
            shown.append(marks["shown"])
            ours.append(elapsed)
            pages.append(page)
            details.append(json.loads(line.split(" ", 1)[1]))
        _e, bare_line, _r, _p = launch(BARE, config=config)
        bare_rss = float(bare_line.split()[1])
        print(row("lancement → fenêtre affichée", stats(shown), stats(bare)) + "   (réactive, la base s'ouvre derrière)")
        print(row("lancement → liste affichée", stats(pages), stats(bare)) + "   (arbre, comptes et 1re page)")
        print(row("  … et liste complète", stats(ours), stats(bare)) + "   (tous les ids, lus ensuite)")
        median = {key: statistics.median(d[key] * (1000 if key not in ("rss", "count") else 1) for d in details)
                  for key in details[0]}
        print(f"    dont (médianes) : imports de la fenêtre {median['imports']:.0f} ms, fenêtre construite et "
              f"montrée {median['window']:.0f} ms, base ouverte derrière (SQLAlchemy, services, schéma) "
              f"{median['open']:.0f} ms, arbre, comptes et première page {median['rows']:.0f} ms, puis liste complète "
              f"{median['complete']:.0f} ms ({median['count']:.0f} lignes)")

        session_plan = {"schools": schools[::max(1, len(schools) // 20)][:20], "keystrokes": typed, "items": items}
        _e, line, rest, _p = launch(WINDOW, str(base), "session", json.dumps(session_plan), stdin=SESSION,
                                    config=config)
        results = json.loads(next(r for r in rest.splitlines() if r.startswith("RESULTS")).split(" ", 1)[1])
        school_ours, school_bare = results["school"]
        print(row("afficher une école (arbre → lignes)", stats(school_ours), stats(school_bare)))

        keys, enter = results["search"]["keys"], results["search"]["enter"]
        searched = [k for k in keys if k["queried"]]
        waiting = [k for k in keys if not k["queried"]]
        as_typed = [k["page"] for k in keys]  # every keystroke, as typed (0 when it asked for no new list)
        print(f"recherche à la frappe, {len(keys)} frappes : {', '.join(repr(k['text']) for k in keys)}")
        print(row(f"  {len(searched)} cherchées : comptes + 1re page", stats([k["page"] for k in searched]),
                  stats([k["raw"] for k in searched])) + "   (brut : mêmes requêtes + lignes, sqlite3)")
        print(row("    … prêts, avant l'affichage", stats([k["ready"] for k in searched]),
                  stats([k["raw"] for k in searched])) + "   (la même chose sans repeindre la liste)")
        print(row("    … contre LIKE sans index", stats([k["page"] for k in searched]),
                  stats([k["naive"] for k in searched])))
        print(row("    … et liste complète (arrière-plan)", stats([k["complete"] for k in searched]),
                  stats([k["raw"] for k in searched])))
        print("    frappe par frappe (nous / brut, ms) : " + ", ".join(
            f"{k['text']!r} {k['page']:.0f}/{k['raw']:.0f}" for k in searched))
        slow = sorted(searched, key=lambda k: k["page"], reverse=True)[:6]
        print("    les plus lentes : " + ", ".join(f"{k['text']!r} {k['page']:.0f} ms ({k['found']} trouvés)"
                                                for k in slow))
        if waiting:
            reloads = ", ".join(f"{k['text']!r} {k['page']:.0f} ms" for k in waiting if k["reloaded"]) or "aucune"
            print(f"  {len(waiting)} non cherchées à la frappe (1 ou 2 caractères : la liste montre le lieu sans "
                  f"recherche) : {', '.join(repr(k['text']) for k in waiting)} ; celles qui relisent la liste non "
                  f"filtrée (jusqu'à sa 1re page) : {reloads}")
        if enter:
            print(row("  Entrée sur ces textes : comptes + 1re page", stats([e["page"] for e in enter]),
                      stats([e["raw"] for e in enter])))
            print(row("    … et liste complète", stats([e["complete"] for e in enter]),
                      stats([e["raw"] for e in enter])))
            print("    " + ", ".join(f"{e['text']!r} {e['page']:.0f} ms ({e['found']} trouvés)" for e in enter))
        scroll_ours, scroll_bare, rows, cached = results["scroll"]
        print(row(f"défiler les {rows} lignes", (scroll_ours, scroll_ours), (scroll_bare, scroll_bare))
              + f"   ({cached} lignes gardées en mémoire)")
        print("    ce qu'attend le démarrage, mesuré à part : " + ", ".join(
            f"{name} {ms:.0f} ms" for name, ms in results["parts"].items()))
        print(f"mémoire maximale : fenêtre {results['rss']:.0f} Mo après la session ({median['rss']:.0f} Mo au "
              f"démarrage), fenêtre nue {bare_rss:.0f} Mo")

        print("objectifs :")
        factor = statistics.median(shown) / statistics.median(bare)
        print(f"  démarrage ≤ 2× la fenêtre nue (fenêtre utilisable : affichée, ses menus et son champ de recherche "
              f"répondent, ce qui y est tapé ou lu à la douchette est cherché dès la base ouverte) : ×{factor:.1f} "
              f"{'atteint' if factor <= 2 else 'MANQUÉ'}")
        print("  (pour information : liste affichée ×{:.1f}, liste complète ×{:.1f} la fenêtre nue ; importer "
              "SQLAlchemy prend à lui seul plus que toute la fenêtre nue)".format(
                  *(statistics.median(times) / statistics.median(bare) for times in (pages, ours))))
        raw_median = statistics.median([k["raw"] for k in searched])
        ratio = statistics.median([k["page"] for k in searched]) / raw_median
        ready_ratio = statistics.median([k["ready"] for k in searched]) / raw_median
        print(f"  recherche prête (sans repeindre la liste) ≤ 2× la requête brute : ×{ready_ratio:.1f} "
              f"{'atteint' if ready_ratio <= 2 else 'MANQUÉ'}")
        typed_median, typed_worst = stats(as_typed)
        print(f"  recherche ≤ 2× la requête brute : ×{ratio:.1f} {'atteint' if ratio <= 2 else 'MANQUÉ'} ; "
              f"jamais plus de 100 ms à la frappe : médiane {typed_median:.0f} ms, pire {typed_worst:.0f} ms "
              f"{'atteint' if typed_worst <= 100 else 'MANQUÉ'} ({sum(1 for v in as_typed if v > 100)} frappes sur "
              f"{len(keys)} au-dessus)")
        if enter:
            worst = max(e["page"] for e in enter)
            print(f"  (hors objectif, Entrée sur 1 ou 2 caractères : pire {worst:.0f} ms jusqu'à la 1re page)")
        print(f"  mémoire ≤ 300 Mo : {results['rss']:.0f} Mo {'atteint' if results['rss'] <= 300 else 'MANQUÉ'}")

if __name__ == "__main__":
    main()
