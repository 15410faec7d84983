"""Import 100 000 equipment rows from a CSV file, beside bare ``sqlite3.executemany`` of the same rows.

Ours: ``ImportService.equipment`` — encoding and delimiter detection, every row checked by the entry screen's
rules, rooms created on demand, inventory numbers and serial numbers checked for duplicates, audit rows
written, one transaction. Bare: the same rows, already parsed into tuples with their ids resolved, inserted by
``executemany`` in one transaction into a database with the same schema, pragmas and reference rows (no
checks, no audit, no search index upkeep: its triggers are dropped). Also timed: bare including the CSV parsing, our preview (dry run) and the re-import of the
same file (every row a duplicate, nothing changes). Peak memory is sampled during each phase.

    .venv/bin/python benchmarks/bench_import.py [--rows 100000] [--schools 60]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

from ticeinventory.db.audit import Actor
from ticeinventory.db.database import open_database
from ticeinventory.domain.uai import check_letter
from ticeinventory.services import search
from ticeinventory.services.importing import ImportOptions, ImportService
from ticeinventory.services.importing.mapping import CANONICAL
from ticeinventory.services.schools import SchoolService

ROOMS = ["Bureau de direction", "BCD", "Salle informatique", "Classe CP", "Classe CE1", "Classe CE2", "Classe CM1",
         "Classe CM2", "Salle des maîtres", "Local technique"]
MODELS = [("PC fixe", "Dell", "OptiPlex 3080", "549,00"), ("Écran", "Dell", "P2219H", "139,00"),
          ("PC portable", "Lenovo", "ThinkPad E14", "649,00"), ("Tablette", "Apple", "iPad 10.2", "389,00"),
          ("Vidéoprojecteur", "Epson", "EB-W49", "429,00"), ("Imprimante laser N&B réseau", "Brother", "HL-L5100DN",
                                                             "249,00")]
STATUSES = ["En service"] * 8 + ["En panne", "En réparation"]


def make_csv(path: Path, rows: int, uais: list[str], seed: int = 2009) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(CANONICAL)
        for i in range(rows):
            category, maker, model, price = MODELS[i % len(MODELS)]
            acquired = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3000))
            in_plan = i % 7 != 0
            writer.writerow([
                f"INV-{i:07d}", uais[i % len(uais)], ROOMS[i % len(ROOMS)], category, maker, model,
                f"SN{i:09d}", STATUSES[i % len(STATUSES)], "DIJON-2009" if in_plan else "",
                "" if in_plan else "Don", acquired.strftime("%d/%m/%Y"), price, "UGAP",
                (acquired + timedelta(days=3 * 365)).strftime("%d/%m/%Y"), f"PC-{i:06d}",
                ":".join(f"{(i >> s) & 0xFF:02X}" for s in (40, 32, 24, 16, 8, 0)), "Collectif",
                "Livraison 2015" if i % 10 == 0 else ""])


class PeakMemory:
    """Resident memory sampled every 5 ms while a phase runs: the peak above where it started, in Mo."""

    def __enter__(self) -> PeakMemory:
        self.start = self.peak = _rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, _rss())

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss())

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.start) / (1024 * 1024)


def _rss() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def timed(label: str, fn: Callable[[], object], repeat: int = 1,
          setup: Callable[[], object] | None = None) -> tuple[float, float, object]:
    """Best of ``repeat`` runs (each after ``setup``): a shared, busy machine only ever makes things slower."""
    best, growth, result = float("inf"), 0.0, None
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        with PeakMemory() as memory:
            start = time.perf_counter()
            result = fn()
            seconds = time.perf_counter() - start
        times.append(seconds)
        best = min(best, seconds)
        growth = max(growth, memory.growth_mb)
    spread = f"(de {min(times):.2f} à {max(times):.2f} s sur {repeat} essais)" if repeat > 1 else ""
    print(f"{label:<56} {best:7.2f} s   mémoire +{growth:6.1f} Mo  {spread}")
    return best, growth, result


def prepare(path: Path, schools: int) -> list[str]:
    db = open_database(path)
    service = SchoolService(db, Actor("bench", "systeme"))
    uais = []
    for n in range(schools):
        digits = f"021{n:04d}"
        uai = digits + check_letter(digits)
        service.create(uai=uai, name=f"École élémentaire n°{n}", type="elementaire", commune="Dijon")
        uais.append(uai)
    db.close()
    return uais


def bare_rows(csv_path: Path, db_path: Path) -> list[tuple]:
    """The CSV's rows as tuples for the equipment table, ids resolved as the import would (rooms created first)."""
    with closing(sqlite3.connect(db_path)) as conn:
        conn.isolation_level = None
        categories = {label: i for i, label in conn.execute("SELECT id, label FROM categories")}
        plans = {code: i for i, code in conn.execute("SELECT id, code FROM plans")}
        schools = {uai: i for i, uai in conn.execute("SELECT id, uai FROM schools")}
        conn.execute("BEGIN")
        for school_id in schools.values():
            conn.executemany("INSERT INTO rooms (school_id, name, kind, notes) VALUES (?, ?, 'autre', '')",
                             [(school_id, name) for name in ROOMS])
        conn.execute("COMMIT")
        rooms = {(s, n): i for i, s, n in conn.execute("SELECT id, school_id, name FROM rooms")}
    statuses = {"En service": "en_service", "En panne": "en_panne", "En réparation": "en_reparation"}
    rows = []
    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        next(reader)
        for r in reader:
            school = schools[r[1]]
            day, month, year = r[10].split("/")
            wday, wmonth, wyear = r[13].split("/")
            rows.append((r[0], categories[r[3]], r[4], r[5], r[6], school, rooms[(school, r[2])],
                         statuses[r[7]], plans.get(r[8]), "don" if r[9] else None, f"{year}-{month}-{day}", r[12],
                         int(r[11].replace(",", "")), f"{wyear}-{wmonth}-{wday}", r[14], r[15], "collectif", r[17],
                         f"{year}-{month}-{day}"))
    return rows


BARE_SQL = ("INSERT INTO equipment (inventory_number, category_id, manufacturer, model, serial_number, school_id, "
            "room_id, status, plan_id, funding_origin, acquisition_date, supplier, purchase_price_cents, warranty_end, "
            "network_name, mac_address, attribution, notes, assigned_on, order_reference, ip_address, "
            "retirement_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '')")


def bare_insert(db_path: Path, rows: list[tuple]) -> None:
    with closing(sqlite3.connect(db_path)) as conn:
        conn.isolation_level = None
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        for trigger in search.TRIGGERS:  # bare means bare: no search index upkeep either
            conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(BARE_SQL, rows)
        conn.execute("COMMIT")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--schools", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3, help="essais par mesure, le meilleur est retenu")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder_path = Path(folder)
        csv_path = folder_path / "equipements.csv"
        template, ours_path, bare_path = (folder_path / f"{n}.sqlite" for n in ("modele", "ours", "bare"))
        uais = prepare(template, args.schools)
        make_csv(csv_path, args.rows, uais)
        print(f"{args.rows} lignes, {args.schools} écoles, fichier de {csv_path.stat().st_size / 1e6:.1f} Mo "
              f"(Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, charge "
              f"{os.getloadavg()[0]:.1f})")

        def fresh(path: Path) -> Callable[[], None]:
            def copy() -> None:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
                shutil.copyfile(template, path)
            return copy

        fresh(bare_path)()
        prepared = {"rows": bare_rows(csv_path, bare_path)}

        def bare_ready() -> None:
            fresh(bare_path)()
            bare_rows(csv_path, bare_path)  # creates the rooms, as our import does on demand

        bare_s, _m, _r = timed("sqlite3 executemany (lignes déjà prêtes)", lambda: bare_insert(bare_path, prepared["rows"]),
                               args.repeat, bare_ready)
        prepared.clear()
        bare_csv_s, _m, _r = timed("sqlite3 : lecture du CSV + executemany", lambda: bare_insert(
            bare_path, bare_rows(csv_path, bare_path)), args.repeat, fresh(bare_path))

        state: dict = {}

        def open_fresh() -> None:
            if "db" in state:
                state.pop("db").close()
            fresh(ours_path)()
            state["db"] = open_database(ours_path)  # opening (migration check) is not part of the import

        def ours(options: ImportOptions | None = None):
            return ImportService(state["db"], Actor("bench", "cli")).equipment(csv_path, options=options)

        timed("TICE Inventaire : aperçu (simulation)", lambda: ours(ImportOptions(dry_run=True)), 1, open_fresh)
        ours_s, ours_mem, report = timed("TICE Inventaire : import (contrôles, audit, 1 transaction)", ours,
                                         args.repeat, open_fresh)
        assert report.committed and report.created == args.rows, report.summary()
        _s, _m, again = timed("TICE Inventaire : ré-import du même fichier (inchangé)", ours)
        assert again.unchanged == args.rows, again.summary()
        state.pop("db").close()
        print(f"rapport : {args.rows / ours_s:,.0f} lignes/s ; ×{ours_s / bare_s:.1f} l'executemany nu, "
              f"×{ours_s / bare_csv_s:.1f} la lecture du CSV + executemany nus (objectif ≤ ×3)".replace(",", "\u202f"))
        print(f"mémoire : l'import prend au plus {ours_mem:.0f} Mo de plus qu'au départ ; pic du processus "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} Mo")


if __name__ == "__main__":
    main()
