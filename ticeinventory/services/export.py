"""Export of equipment (a filtered list or a selection) and of schools to CSV or XLSX, in the import formats.

The equipment file has exactly the columns of the import format (``importing.mapping.CANONICAL``); the school
file those that ``importing.directory`` reads back (``SCHOOL_COLUMNS``). Importing an export therefore changes
nothing, and a whole city moves to an empty database with two files: export the schools and the equipment,
import the schools, then the equipment (rooms are created on demand) — exporting again gives the same files.

CSV is written for French spreadsheets: UTF-8 with a BOM, ``;``, CRLF, dates ``dd/mm/yyyy``, amounts ``1234,50``.
XLSX has real dates and amounts. In both, text that a spreadsheet would run as a formula is neutralised
(see ``importing.cells``). A file is written beside its target and renamed at the end, so that a failed export
never leaves half a file in place of a good one.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select

from ticeinventory.db import models as m
from ticeinventory.db.database import Database
from ticeinventory.domain import uai as uai_rules
from ticeinventory.domain.enums import Attribution, EquipmentStatus, FundingOrigin, SchoolType
from ticeinventory.domain.errors import TiceError
from ticeinventory.domain.i18n import _

from .equipment import EquipmentFilter, _filtered
from .importing.cells import amount_text, date_text, neutralise
from .importing.directory import SCHOOL_COLUMNS
from .importing.mapping import CANONICAL
from .importing.report import ImportReport

EQUIPMENT_COLUMNS = CANONICAL
Progress = Callable[[int, int], bool | None]
BATCH = 1000
_PRICE_FORMAT = '#,##0.00\\ "€"'
_DATE_FORMAT = "DD/MM/YYYY"


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: ExportFormat
    rows: int


class ExportCancelled(TiceError):
    def __init__(self) -> None:
        super().__init__(_("Export annulé : aucun fichier n'a été écrit."))


def format_for(path: str | Path, fmt: ExportFormat | str | None = None) -> ExportFormat:
    if fmt:
        return ExportFormat(fmt)
    suffix = Path(path).suffix.lower()
    if suffix in (".csv", ".txt"):
        return ExportFormat.CSV
    if suffix == ".xlsx":
        return ExportFormat.XLSX
    raise TiceError(_("Choisissez un nom de fichier en .csv ou en .xlsx (reçu : « {name} »).").format(
        name=Path(path).name))


class ExportService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def equipment(self, path: str | Path, flt: EquipmentFilter | None = None, *, ids: Sequence[int] | None = None,
                  fmt: ExportFormat | str | None = None, progress: Progress | None = None) -> ExportResult:
        """The items of ``flt`` (all by default), or exactly those of ``ids``, sorted by inventory number."""
        kind = format_for(path, fmt)
        with self.db.reading() as session:
            total = _count(session, flt, ids)
            rows = _equipment_rows(session, flt, ids)
            count = _write(Path(path), kind, _("Équipements"), EQUIPMENT_COLUMNS, rows, total, progress)
        return ExportResult(Path(path), kind, count)

    def schools(self, path: str | Path, *, uais: Sequence[str] | None = None,
                fmt: ExportFormat | str | None = None) -> ExportResult:
        """Every school (or those of ``uais``), sorted by UAI, in the layout ``import schools`` reads back."""
        kind = format_for(path, fmt)
        query = select(m.School).order_by(m.School.uai)
        if uais is not None:
            query = query.where(m.School.uai.in_([uai_rules.normalise(u) for u in uais]))
        with self.db.reading() as session:
            schools = list(session.scalars(query))
            rows = ([s.uai, s.name, SchoolType(s.type).label, s.address, s.postcode, s.commune, s.circonscription,
                     s.holiday_zone, s.director_name, s.phone, s.email, _("oui") if s.active else _("non"), s.notes]
                    for s in schools)
            count = _write(Path(path), kind, _("Écoles"), SCHOOL_COLUMNS, rows, len(schools), None)
        return ExportResult(Path(path), kind, count)


def export_errors(report: ImportReport, path: str | Path) -> ExportResult:
    """The rejected rows of an import (line, column, value, reason) as CSV or XLSX, to fix the file with."""
    kind = format_for(path)
    header = (_("ligne"), _("colonne"), _("valeur"), _("raison"))
    rows = ([e.line, e.column, e.value, e.reason] for e in report.errors)
    count = _write(Path(path), kind, _("Erreurs"), header, rows, len(report.errors), None)
    return ExportResult(Path(path), kind, count)


def _query(flt: EquipmentFilter | None) -> Select:
    E = m.Equipment
    query = (select(E.inventory_number, m.School.uai, m.Room.name, m.Category.label, E.manufacturer, E.model,
                    E.serial_number, E.status, m.Plan.code, E.funding_origin, E.acquisition_date,
                    E.purchase_price_cents, E.supplier, E.warranty_end, E.network_name, E.mac_address,
                    E.attribution, E.notes)
             .join(m.Category, E.category_id == m.Category.id)
             .outerjoin(m.School, E.school_id == m.School.id)
             .outerjoin(m.Room, E.room_id == m.Room.id)
             .outerjoin(m.Plan, E.plan_id == m.Plan.id))
    return _filtered(query, flt or EquipmentFilter()).order_by(E.inventory_number)


def _count(session, flt: EquipmentFilter | None, ids: Sequence[int] | None) -> int:
    if ids is not None:
        return len(set(ids))
    return session.scalar(_filtered(select(func.count()).select_from(m.Equipment), flt or EquipmentFilter())) or 0


def _equipment_rows(session, flt: EquipmentFilter | None, ids: Sequence[int] | None) -> Iterator[list[Any]]:
    if ids is None:
        results: Any = session.execute(_query(flt).execution_options(yield_per=BATCH))
    else:  # a selection from a list: small, fetched by slices of ids then sorted
        wanted = sorted(set(ids))
        results = sorted((row for start in range(0, len(wanted), 500)
                          for row in session.execute(_query(flt).where(m.Equipment.id.in_(wanted[start:start + 500])))),
                         key=lambda row: row[0])
    for row in results:
        (number, uai, room, category, manufacturer, model, serial, status, plan, origin, acquired, price, supplier,
         warranty, network, mac, attribution, notes) = row
        yield [number, uai or "", room or "", category, manufacturer, model, serial, EquipmentStatus(status).label,
               plan or "", FundingOrigin(origin).label if origin else "", acquired,
               None if price is None else _Cents(price), supplier,
               warranty, network, mac, Attribution(attribution).label if attribution else "", notes]


class _Cents(int):
    """An amount in cents (kept apart from other integers so each format writes it its own way)."""


def _write(path: Path, kind: ExportFormat, title: str, header: Sequence[str], rows: Iterator[list[Any]], total: int,
           progress: Progress | None) -> int:
    with _replacing(path) as target:
        if kind is ExportFormat.CSV:
            return _write_csv(target, header, rows, total, progress)
        return _write_xlsx(target, title, header, rows, total, progress)


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path``, renamed onto it only if everything was written."""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise TiceError(_("Impossible d'écrire dans le dossier « {folder} » : {error}.").format(
            folder=path.parent, error=error.strerror or error)) from error
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, path)
    except OSError as error:
        raise TiceError(_("Impossible d'écrire « {path} » : {error}. Le fichier est peut-être ouvert dans un tableur : "
                          "fermez-le et recommencez.").format(path=path, error=error.strerror or error)) from error
    finally:
        temporary.unlink(missing_ok=True)


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and progress(done, max(total, done)) is False:
        raise ExportCancelled


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, _Cents):
        return amount_text(value)
    if isinstance(value, date):
        return date_text(value)
    return neutralise(str(value))


def _write_csv(target: Path, header: Sequence[str], rows: Iterator[list[Any]], total: int,
               progress: Progress | None) -> int:
    count = 0
    with target.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_text(value) for value in row])
            count += 1
            if count % BATCH == 0:
                _tick(progress, count, total)
    _tick(progress, count, total)
    return count


def _write_xlsx(target: Path, title: str, header: Sequence[str], rows: Iterator[list[Any]], total: int,
                progress: Progress | None) -> int:
    from openpyxl import Workbook  # imported for an XLSX only: it is slow to load
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    workbook.properties.creator = "TICE Inventaire"
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header):
        sheet.column_dimensions[get_column_letter(index + 1)].width = max(12, min(40, len(name) + 4))
    bold = Font(bold=True)
    cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    count = 0
    cell_of = _cell_maker(sheet)
    for row in rows:
        sheet.append([cell_of(value) for value in row])
        count += 1
        if count % BATCH == 0:
            _tick(progress, count, total)
    _tick(progress, count, total)
    workbook.save(target)
    return count


def _cell_maker(sheet) -> Callable[[Any], Any]:
    """What ``sheet.append`` takes for one value: a typed cell for amounts and dates, else cleaned text."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell_of(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, _Cents):
            cell = WriteOnlyCell(sheet, value=int(value) / 100)
            cell.number_format = _PRICE_FORMAT
            return cell
        if isinstance(value, date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = _DATE_FORMAT
            return cell
        text = neutralise(str(value))
        return ILLEGAL_CHARACTERS_RE.sub(" ", text) if text else None

    return cell_of
