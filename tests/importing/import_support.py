"""Files built by the tests (CSV in any encoding and delimiter, XLSX), and a full dump of a database."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import openpyxl

from ticeinventory.db.database import Database
from ticeinventory.services.importing.mapping import CANONICAL

# Three schools of Côte-d'Or (valid check letters)
UAI_A, UAI_B, UAI_C = "0210001M", "0210002N", "0210003P"


def write_csv(path: Path, rows: Sequence[Sequence[object]], *, encoding: str = "utf-8-sig", delimiter: str = ";",
              newline: str = "\r\n") -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], *, title: str = "Feuille1") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def item(**values: object) -> list[object]:
    """A row of the canonical format: a valid item of school A unless told otherwise."""
    row = {"numero_inventaire": "", "uai": UAI_A, "salle": "Salle informatique", "categorie": "PC fixe",
           "marque": "Dell", "modele": "OptiPlex 3080", "numero_serie": "", "statut": "En service",
           "plan": "DIJON-2009", "origine": "", "date_acquisition": "06/07/2009", "prix_achat": "549,00",
           "fournisseur": "Dell SAS", "fin_garantie": "06/07/2012", "nom_reseau": "", "adresse_mac": "",
           "attribution": "Collectif", "notes": ""}
    unknown = set(values) - set(row)
    assert not unknown, unknown
    row.update(values)
    return [row[c] for c in CANONICAL]


def equipment_file(path: Path, *rows: list[object], **kwargs) -> Path:
    return write_csv(path, [list(CANONICAL), *rows], **kwargs)


def dump(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table: equal before and after means the database did not change."""
    db.engine.dispose()
    with closing(sqlite3.connect(db.path)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        # sorted here: the search index's FTS5 tables are WITHOUT ROWID (no « ORDER BY rowid »)
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
