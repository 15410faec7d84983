"""Open an existing database and read the city statistics, beside bare sqlite3 doing the same reads."""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import peak_rss_mb, row, timed  # noqa: E402

from ticeinventory.db.database import open_database  # noqa: E402
from ticeinventory.domain.enums import AuditSource  # noqa: E402
from ticeinventory.services.app import open_services  # noqa: E402

RAW_STATS = [
    "SELECT count(*) FROM schools", "SELECT count(*) FROM rooms", "SELECT count(*) FROM equipment",
    "SELECT count(*) FROM equipment WHERE plan_id IS NOT NULL", "SELECT count(*) FROM equipment WHERE plan_id IS NULL",
    "SELECT c.label, count(e.id) FROM categories c JOIN equipment e ON e.category_id = c.id GROUP BY c.label",
    "SELECT status, count(*) FROM equipment GROUP BY status",
    "SELECT p.code, count(e.id) FROM equipment e LEFT JOIN plans p ON e.plan_id = p.id GROUP BY p.code",
    "SELECT s.type, count(e.id) FROM equipment e LEFT JOIN schools s ON e.school_id = s.id GROUP BY s.type",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schools", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        services = open_services(path, AuditSource.SYSTEM, user="bench")
        start = time.perf_counter()
        report = services.demo.build(args.schools, 2009)
        build_s = time.perf_counter() - start
        services.close()
        print(f"demo: {report.schools} écoles, {report.equipment} équipements construits en {build_s:.2f} s "
              f"({report.equipment / build_s:.0f} équipements/s, validation et audit compris)")

        def ours_open() -> None:
            open_database(path).close()

        def bare_open() -> None:
            with closing(sqlite3.connect(path)) as conn:
                conn.execute("SELECT version_num FROM alembic_version").fetchone()

        print(row("ouverture de la base", timed(ours_open), timed(bare_open)))

        services = open_services(path, AuditSource.SYSTEM, user="bench")

        def ours_stats() -> None:
            services.stats.summary()

        conn = sqlite3.connect(path)

        def bare_stats() -> None:
            for sql in RAW_STATS:
                conn.execute(sql).fetchall()

        print(row("statistiques de la ville", timed(ours_stats), timed(bare_stats)))
        conn.close()
        services.close()
        print(f"mémoire maximale du processus : {peak_rss_mb():.0f} Mo")


if __name__ == "__main__":
    main()
