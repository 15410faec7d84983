"""Imports: schools from the national directory, equipment from spreadsheets. No Qt here.

A front end (CLI, GUI assistant file → mapping → preview → result) drives :class:`ImportService`:

1. ``inspect(path)``: how the file reads (format, encoding, delimiter, sheet), its headers and first rows, whether
   it is in the canonical format, the guessed and the remembered column mappings;
2. ``equipment(path, mapping=…, options=ImportOptions(dry_run=True))``: the preview, every row checked;
3. ``equipment(path, mapping=…, options=ImportOptions(valid_only=…, on_duplicate=…), progress=…)``: the import.

Each call is one transaction; ``progress(done, total)`` returning False cancels it (:class:`ImportCancelled`,
nothing written). Calls are safe from a worker thread: each opens its own session. A preview really runs the
import and rolls it back, so it holds the database's write lock while it runs, as the import does. A mapping
given explicitly is remembered (``settings`` table, see ``mapping``) when the import it served is committed,
and found again by ``inspect`` and by later imports of files with the same headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ticeinventory.db.audit import Actor
from ticeinventory.db.database import Database

from . import mapping as mappings
from .directory import DirectoryFilter, DirectoryImporter, detect_layout, school_types
from .equipment_import import EquipmentImporter, Progress
from .mapping import CANONICAL, ColumnMapping, MappingRequired
from .report import (
    DuplicatePolicy,
    FieldChange,
    ImportCancelled,
    ImportFileError,
    ImportOptions,
    ImportReport,
    Outcome,
    RowChange,
    RowError,
    SourceInfo,
)
from .tables import open_table

SAMPLE_ROWS = 20


@dataclass(frozen=True)
class FileOverview:
    """What the assistant's first page shows about a file."""

    source: SourceInfo
    headers: list[str]
    sample: list[list[str]]
    kind: str  # "equipements", "ecoles" or "" when unknown
    canonical: bool
    guess: ColumnMapping
    remembered: ColumnMapping | None
    sheets: list[str]


class ImportService:
    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    def inspect(self, path: str | Path, *, sheet: str | None = None) -> FileOverview:
        with open_table(path, sheet=sheet) as table:
            sample = []
            for row in table.rows():
                sample.append(row.cells)
                if len(sample) >= SAMPLE_ROWS:
                    break
            headers = table.headers
            sheets = list(getattr(table, "sheet_names", []))
            source = table.source
        try:
            detect_layout(headers)
            kind = "ecoles"
        except ImportFileError:
            kind = ""
        canonical = mappings.is_canonical(headers)
        guess = mappings.identity(headers) if canonical else mappings.guess(headers)
        if canonical or (kind == "" and not guess.problems(headers)):
            kind = "equipements"
        with self.db.reading() as session:
            remembered = mappings.recall(session, headers)
        return FileOverview(source=source, headers=headers, sample=sample, kind=kind, canonical=canonical,
                            guess=guess, remembered=remembered, sheets=sheets)

    def equipment(self, path: str | Path, *, mapping: ColumnMapping | None = None,
                  options: ImportOptions | None = None, progress: Progress | None = None,
                  sheet: str | None = None) -> ImportReport:
        return EquipmentImporter(self.db, self.actor).run(path, mapping=mapping, options=options, progress=progress,
                                                          sheet=sheet)

    def schools(self, path: str | Path, *, filters: DirectoryFilter | None = None,
                options: ImportOptions | None = None, progress: Progress | None = None) -> ImportReport:
        return DirectoryImporter(self.db, self.actor).run(path, filters=filters, options=options, progress=progress)


__all__ = [
    "CANONICAL", "ColumnMapping", "DirectoryFilter", "DuplicatePolicy", "FieldChange", "FileOverview",
    "ImportCancelled", "ImportFileError", "ImportOptions", "ImportReport", "ImportService", "MappingRequired",
    "Outcome", "RowChange", "RowError", "SourceInfo", "mappings", "school_types",
]
