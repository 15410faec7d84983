"""Importing equipment from a CSV or XLSX file: check every row, then commit all of it, the valid rows, or nothing.

The whole import is one transaction (``Database.writing``): rows are written as they are checked, and the
transaction is rolled back at the end for a dry run, for a rejected row without ``valid_only``, or on cancel —
so a preview tells exactly what the commit will do, database constraints included.

New items are inserted in batches with ``executemany`` (the ORM would cost ten times more per row), and their
audit rows are written alongside: one ``create`` row per item (who, when, source ``import``) whose JSON says which
file it came from and what it is — category, manufacturer and model, school and room, plan or hors plan origin:
what the item's history shows (:func:`import_snapshot`) —, and for an item listed as réformé the three ``update``
rows of its retirement (status, retired_on, retirement_reason), as ``db.audit``'s flush hook writes them. The
screen's ``create`` row holds every value of the new item; an import's does not repeat them: they are in the
item's row, and every later change is audited field by field (old and new value), so the item as imported can
always be rebuilt — copying them cost a third of the import's time and 45 MB per 100 000 items. Rooms created on demand, updates of
existing items and the sequence counters go through the ORM, so the hook audits them itself. On SQLite the
search index is kept by ``search_lines`` (each new item's line written beside it, indexed batch by batch).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ticeinventory.db import models as m
from ticeinventory.db.audit import Actor, _text, utcnow
from ticeinventory.db.database import Database
from ticeinventory.domain.enums import (
    Attribution,
    AuditSource,
    EquipmentStatus,
    FundingOrigin,
)
from ticeinventory.domain.errors import RuleError, ValidationError
from ticeinventory.domain.i18n import _

from ..equipment import _apply, _refuse_if_retired
from . import mapping as mappings
from .cells import amount_text, date_text
from .equipment_rows import (
    COLUMNS,
    FIELD_COLUMN,
    Checked,
    Draft,
    Lookups,
    PendingRoom,
    RowChecker,
    guess_room_kind,
)
from .report import (
    DuplicatePolicy,
    FieldChange,
    ImportCancelled,
    ImportOptions,
    ImportReport,
    Outcome,
    RowChange,
    RowError,
)
from .search_lines import INSERT_LINE, SearchUpkeep, line
from .tables import Table, open_table

Progress = Callable[[int, int], bool | None]
CHUNK = 2000
DATE_COLUMNS = ("acquisition_date", "warranty_end", "assigned_on", "retired_on")

# import column → equipment attribute compared for a duplicate
COMPARED = (("uai", "school_id"), ("salle", "room_id"), ("categorie", "category_id"), ("marque", "manufacturer"),
            ("modele", "model"), ("numero_serie", "serial_number"), ("statut", "status"), ("plan", "plan_id"),
            ("origine", "funding_origin"), ("date_acquisition", "acquisition_date"),
            ("prix_achat", "purchase_price_cents"), ("fournisseur", "supplier"), ("fin_garantie", "warranty_end"),
            ("nom_reseau", "network_name"), ("adresse_mac", "mac_address"), ("attribution", "attribution"),
            ("notes", "notes"))


class _Rollback(Exception):
    """Leave ``Database.writing`` without committing (dry run, rejected rows)."""


def retirement_reason() -> str:
    return _("Réformé d'après le fichier importé")


class EquipmentImporter:
    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = Actor(user=actor.user, source=AuditSource.IMPORT.value)

    def run(self, path: str | Path, *, mapping: mappings.ColumnMapping | None = None,
            options: ImportOptions | None = None, progress: Progress | None = None,
            sheet: str | None = None) -> ImportReport:
        """Import ``path``; raises MappingRequired when its columns need a mapping, ImportFileError when it cannot
        be read, ImportCancelled when ``progress`` returned False. The database is unchanged unless the report
        says ``committed``."""
        options = options or ImportOptions()
        with open_table(path, sheet=sheet) as table:
            report = ImportReport("equipements", table.source, options)
            try:
                with self.db.writing(self.actor) as session:
                    used, how = mappings.resolve(session, table.headers, mapping)
                    layout = f"{table.source.layout}, {how}" if table.source.layout else how
                    report.source = replace(table.source, layout=layout)
                    report.mapping_used = dict(used.columns)
                    ignored = [h for h in table.headers if h and h not in set(used.columns.values())]
                    if ignored:
                        report.warnings.append(_("Colonnes ignorées : {columns}.").format(columns=", ".join(ignored)))
                    _Run(session, table, used, report, progress).execute()
                    if options.dry_run or (report.rejected and not options.valid_only):
                        raise _Rollback
                    if mapping is not None and not mappings.is_canonical(table.headers):
                        mappings.remember(session, table.headers, used, table.source.name)
                    report.committed = True
            except _Rollback:
                report.committed = False
        return report


class _Run:
    def __init__(self, session: Session, table: Table, mapping: mappings.ColumnMapping, report: ImportReport,
                 progress: Progress | None) -> None:
        self.session = session
        self.table = table
        self.mapping = mapping
        self.report = report
        self.options = report.options
        self.progress = progress
        self.lookups = Lookups(session)
        self.checker = RowChecker(session, self.lookups, mapping, table.headers)
        self.writer = _Writer(session, self.checker.today, self.lookups, table.source.name)
        self.duplicates: list[Checked] = []

    def execute(self) -> None:
        try:
            self._execute()
        finally:
            self.writer.close()

    def _execute(self) -> None:
        self._progress(0)
        if self.writer.search is not None:
            self.writer.search.start()
        if self.writer.sqlite and self.table.total - self.table.header_line > len(self.lookups.numbers):
            self.writer.drop_indexes()
        self.checker.before_database = self.writer.wait
        pending = 0
        line = 0
        checker = self.checker
        fast = checker.fast if checker.fast_path else lambda _line, _cells: None
        new = self._new
        for row in self.table.rows():
            line = row.line
            self.report.rows += 1
            if row.problem:
                self._reject(row.line, [("", "", row.problem)])
            elif (ready := fast(line, row.cells)) is not None:
                new(*ready)
            else:
                self.writer.wait()  # the checks may read the database
                self._row(checker.check(line, row.cells))
            pending += 1
            if pending >= CHUNK:
                self._flush()
                self._progress(line)
                pending = 0
        self._flush()
        self.writer.restore_indexes()
        self.session.flush()
        if self.writer.search is not None:
            self.writer.search.finish()
        if self.report.rows == 0:
            self.report.warnings.append(_("Le fichier ne contient aucune ligne de données sous l'en-tête."))
        self._progress(self.table.total)

    def _progress(self, done: int) -> None:
        total = max(self.table.total, done)
        if self.progress is not None and self.progress(min(done, total), total) is False:
            raise ImportCancelled

    def _reject(self, line: int, errors: list[tuple[str, str, str]]) -> None:
        self.report.rejected += 1
        for column, value, reason in errors:
            header = self.mapping.columns.get(column) or (
                _("{column} (valeur par défaut)").format(column=column) if column in self.mapping.defaults else column)
            self.report.add_error(RowError(line=line, column=header, value=value, reason=reason))

    def _row(self, checked: Checked) -> None:
        if checked.errors:
            self._reject(checked.line, checked.errors)
            return
        if checked.existing_id is not None:
            self.duplicates.append(checked)
            return
        draft = checked.draft
        self._materialise_room(draft)
        if not checked.number_given:
            draft.inventory_number = self.checker.draw_number(draft)
            self.checker.register_number(draft.inventory_number, checked.line)
        self.writer.add(list(draft.values().values()), checked.retire)
        self.report.created += 1

    def _new(self, values: list[Any], retire: bool) -> None:
        """A new item from RowChecker.fast: its values in COLUMNS order."""
        room_id = values[_ROOM]
        if room_id is not None and room_id < 0:  # a room named by the file (PendingRoom ids are negative)
            real_id = self.lookups.rooms[room_id].real_id
            if real_id is None:  # not created yet: now
                self.writer.wait()
                draft = Draft()
                draft.room_id = room_id
                self._materialise_room(draft)
                real_id = draft.room_id
            values[_ROOM] = real_id
        self.writer.add(values, retire)
        self.report.created += 1

    def _materialise_room(self, draft: Draft) -> PendingRoom | None:
        """Create the room a valid row names, the first time one does; returns it if it was created now."""
        room = self.lookups.rooms.get(draft.room_id) if draft.room_id is not None else None
        if not isinstance(room, PendingRoom):
            return None
        if room.real_id is not None:
            draft.room_id = room.real_id
            return None
        row = m.Room(school_id=room.school_id, name=room.name, kind=guess_room_kind(room.name).value, notes="")
        self.session.add(row)
        self.session.flush()
        room.real_id = row.id
        self.lookups.rooms[row.id] = row  # the pending entry stays, for reports that name it
        self.lookups.room_by_name[(room.school_id, room.name.lower())] = row.id
        for pending in (d for d in self.duplicates if d.draft.room_id == room.id):
            pending.draft.room_id = row.id
        draft.room_id = row.id
        self.report.rooms_created.append((self.lookups.schools[room.school_id].uai, room.name))
        return room

    def _forget_room(self, room: PendingRoom, draft: Draft) -> None:
        """The update that created ``room`` failed and its savepoint took the room away: pending again."""
        del self.lookups.rooms[room.real_id]
        self.lookups.room_by_name[(room.school_id, room.name.lower())] = room.id
        for pending in (d for d in self.duplicates if d.draft.room_id == room.real_id):
            pending.draft.room_id = room.id
        draft.room_id = room.id
        room.real_id = None
        self.report.rooms_created.pop()

    def _flush(self) -> None:
        self.writer.flush()
        if self.duplicates:
            self.writer.wait()
            self._compare(self.duplicates)
            self.duplicates = []

    # -- rows that designate an existing item --------------------------------------------------------------

    def _compare(self, duplicates: list[Checked]) -> None:
        ids = [d.existing_id for d in duplicates]
        table = m.Equipment.__table__
        columns = [table.c.id, table.c.inventory_number] + [table.c[attr] for _column, attr in COMPARED]
        current = {row.id: row._mapping for row in self.session.execute(select(*columns).where(table.c.id.in_(ids)))}
        for checked in duplicates:
            existing = current[checked.existing_id]
            changes = self._differences(checked, existing)
            key = existing["inventory_number"]
            if not changes:
                self.report.unchanged += 1
            elif self.options.on_duplicate is DuplicatePolicy.SKIP:
                self.report.skipped += 1
                self._record(checked, key, Outcome.SKIPPED, changes, existing)
            else:
                self._update(checked, key, changes, existing)

    def _differences(self, checked: Checked, existing) -> list[tuple[str, str, Any, Any]]:
        draft = checked.draft
        found = []
        for column, attr in COMPARED:
            if column not in checked.provided:
                continue
            if column == "statut":
                if not checked.raw.get("statut"):
                    continue
                wanted = EquipmentStatus.REFORME.value if checked.retire else draft.status
            else:
                wanted = getattr(draft, attr)
            if wanted != existing[attr] or isinstance(self.lookups.rooms.get(wanted), PendingRoom):
                found.append((column, attr, existing[attr], wanted))
        return found

    def _update(self, checked: Checked, key: str, changes: list[tuple[str, str, Any, Any]], existing) -> None:
        self.writer.restore_indexes()  # _apply looks for the serial number of others by its index
        draft = checked.draft
        attrs = {attr for _column, attr, _old, _new in changes}
        row = self.session.get(m.Equipment, checked.existing_id)
        try:
            _refuse_if_retired(row)
        except RuleError as error:
            self._reject(checked.line, [("statut", checked.raw.get("statut", ""), error.message)])
            return
        values: dict[str, Any] = {}
        if "school_id" in attrs:
            values["school_id"] = draft.school_id
            if "salle" in checked.provided:
                values["room_id"] = draft.room_id
        elif "room_id" in attrs:
            values["room_id"] = draft.room_id
        if attrs & {"plan_id", "funding_origin"}:
            values["plan_id"] = draft.plan_id
            values["funding_origin"] = draft.funding_origin
        retire = checked.retire and "status" in attrs
        for attr in attrs - {"school_id", "room_id", "plan_id", "funding_origin", "status"}:
            values[attr] = getattr(draft, attr)
        if "status" in attrs and not retire:
            values["status"] = draft.status
        created_room = None
        try:
            with self.session.begin_nested():
                created_room = self._materialise_room(draft)
                if "room_id" in values:
                    values["room_id"] = draft.room_id
                _apply(self.session, row, values, creating=False)
                if self.writer.search is not None:
                    self.writer.search.updated.add(row.id)
                if retire:
                    when = self.checker.today
                    row.status = EquipmentStatus.REFORME.value
                    row.retired_on = when
                    row.retirement_reason = retirement_reason()
                self.session.flush()
        except (ValidationError, RuleError) as error:
            self.session.expire(row)
            if created_room is not None:
                self._forget_room(created_room, draft)
            errors = error.errors if isinstance(error, ValidationError) else {"status": error.message}
            self._reject(checked.line, [(FIELD_COLUMN.get(k, k), checked.raw.get(FIELD_COLUMN.get(k, k), ""), msg)
                                        for k, msg in errors.items()])
            return
        self.report.updated += 1
        self._record(checked, key, Outcome.UPDATED, changes, existing)

    def _record(self, checked: Checked, key: str, outcome: Outcome, changes, existing) -> None:
        shown = tuple(FieldChange(column=self.mapping.columns.get(column, column),
                                  old=self._shown(attr, old), new=self._shown(attr, new))
                      for column, attr, old, new in changes)
        self.report.add_change(RowChange(line=checked.line, key=key, outcome=outcome, changes=shown,
                                         matched_by=checked.matched_by))

    def _shown(self, attr: str, value: Any) -> str:
        return display(self.lookups, attr, value)


def display(lookups: Lookups, attr: str, value: Any) -> str:
    """An equipment attribute as the export writes it."""
    if value is None or value == "":
        return ""
    if attr == "school_id":
        return lookups.schools[value].uai
    if attr == "room_id":
        return lookups.rooms[value].name
    if attr == "category_id":
        return lookups.categories[value].label
    if attr == "plan_id":
        return lookups.plans[value].code
    if attr == "status":
        return EquipmentStatus(value).label
    if attr == "funding_origin":
        return FundingOrigin(value).label
    if attr == "attribution":
        return Attribution(value).label
    if attr == "purchase_price_cents":
        return amount_text(value)
    if isinstance(value, date):
        return date_text(value)
    return str(value)


class _Writer:
    """Batched inserts of new items, of their audit rows and (SQLite) of their search lines, in the session's
    transaction. Items are lists of values in COLUMNS order.

    On SQLite a batch's search lines are indexed (one statement, all in SQLite, which lets go of the
    interpreter meanwhile) in a helper thread while the next rows are read and checked, on a second core: the
    import waits for it (:meth:`wait`) before it uses the connection again, and before it ends, so statements
    keep their order and one failing fails the import as before."""

    def __init__(self, session: Session, today: date, lookups: Lookups, source_name: str) -> None:
        self.session = session
        self.source_name = source_name
        self.today = today
        self.lookups = lookups
        actor = session.info["actor"]
        self.user, self.source = actor.user, actor.source
        self.conn = session.connection()
        self.sqlite = self.conn.dialect.name == "sqlite"
        self.items: list[tuple[list[Any], bool]] = []
        self.search: SearchUpkeep | None = None
        self._thread: ThreadPoolExecutor | None = None
        self._pending: Future | None = None
        self._dropped: list[str] = []
        table = m.Equipment.__table__
        if self.sqlite:
            self.next_id = (self.conn.execute(select(table.c.id).order_by(table.c.id.desc()).limit(1)).scalar()
                            or 0) + 1
            self.search = SearchUpkeep(self.conn, self.next_id)
            date_bind = _bind(table.c.acquisition_date, self.conn.dialect)
            self.dates: dict[date, Any] = _Memo(date_bind)  # what is stored for a date: the dialect's text
            self.at_bind = _bind(m.AuditLog.__table__.c.at, self.conn.dialect)
            names = ", ".join(f'"{c}"' for c in COLUMNS)
            self.item_sql = f"INSERT INTO equipment ({names}) VALUES ({', '.join('?' * len(COLUMNS))})"
            self.audit_sql = ('INSERT INTO audit_log ("at", "user", "source", "entity", "entity_id", "action", '
                              '"field", "old_value", "new_value") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
            self.audit_select_sql = ('INSERT INTO audit_log ("at", "user", "source", "entity", "entity_id", "action", '
                                     '"field", "old_value", "new_value") SELECT ?, ?, ?, \'equipment\', id, \'create\', '
                                     f'NULL, NULL, {SNAPSHOT_SQL} FROM equipment WHERE id BETWEEN ? AND ? ORDER BY id')

    def add(self, values: list[Any], retire: bool) -> None:
        self.items.append((values, retire))

    def flush(self) -> None:
        if not self.items:
            return
        if self.sqlite:
            self._flush_sqlite()
        else:
            self._flush_other()
        self.items = []

    def _flush_sqlite(self) -> None:
        """Items and their audit rows: the ids drawn here (the import has the database to itself: one writer),
        the dates stored as their text (what sqlite3 would make of them: once per distinct date rather than
        once per cell), each item's ``create`` row built by SQL from the item just written (:data:`SNAPSHOT_SQL`)
        — unless the batch retires some item, whose rows are then written as they come, in order."""
        first = next_id = self.next_id
        dates = self.dates
        rows = []
        audit = [] if any(retire for _values, retire in self.items) else None
        retired_on = dates[self.today]
        for values, retire in self.items:
            values[_ID] = next_id
            next_id += 1
            for index in _DATES:
                if (value := values[index]) is not None:
                    values[index] = dates[value]
            if audit is not None:
                self._audit(values, retire, retired_on, audit)
            rows.append(tuple(values))
        self.next_id = next_id
        models = self.search.models
        lines = []
        for values in rows:
            models.add((values[_MANUFACTURER], values[_MODEL]))
            lines.append(line(values[_ID], values[_NUMBER], values[_SERIAL], values[_NETWORK], values[_MAC]))
        stamp = self.at_bind(utcnow())
        self.wait()
        run = self.conn.exec_driver_sql
        run(self.item_sql, rows)
        if audit is not None:
            run(self.audit_sql, [(stamp, self.user, self.source, "equipment", *a) for a in audit])
        run(INSERT_LINE, lines)
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-index")
        created = None if audit else (stamp, self.user, self.source, self.source_name, first, next_id - 1)
        self._pending = self._thread.submit(self._behind, created, first, next_id)

    def _behind(self, audit: tuple | None, first: int, end: int) -> None:
        """What the helper thread does for a batch, all in SQLite: the items' ``create`` audit rows (unless
        written already), then the indexing of their search lines."""
        if audit is not None:
            self.conn.exec_driver_sql(self.audit_select_sql, audit)
        self.search.index(first, end)

    def _flush_other(self) -> None:
        at = utcnow()
        table = m.Equipment.__table__
        rows = [{c: v for c, v in zip(COLUMNS, values, strict=True) if c != "id"} for values, _r in self.items]
        result = self.conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
        for (values, _retire), item_id in zip(self.items, result.scalars(), strict=True):
            values[_ID] = item_id
        audit: list[tuple] = []
        for values, retire in self.items:
            self._audit(values, retire, self.today, audit)
        self._update_retired()
        self.conn.execute(insert(m.AuditLog.__table__), [
            {"at": at, "user": self.user, "source": self.source, "entity": "equipment", "entity_id": a[0],
             "action": a[1], "field": a[2], "old_value": a[3], "new_value": a[4]} for a in audit])

    def _audit(self, values: list[Any], retire: bool, retired_on: Any, audit: list[tuple]) -> None:
        """Append the (entity_id, action, field, old, new) of a new item's audit rows to ``audit``, as the ORM hook
        writes them for an item created then retired on screen, and retire the item if it is to be
        (``retired_on`` as stored)."""
        item_id = values[_ID]
        audit.append((item_id, "create", None, None, import_snapshot(values, self.source_name)))
        if retire:
            reason = retirement_reason()
            audit.append((item_id, "update", "status", values[_STATUS], EquipmentStatus.REFORME.value))
            audit.append((item_id, "update", "retired_on", None, self.today.isoformat()))
            audit.append((item_id, "update", "retirement_reason", "", reason))
            values[_STATUS], values[_RETIRED_ON], values[_REASON] = EquipmentStatus.REFORME.value, retired_on, reason

    def drop_indexes(self) -> None:
        """Bulk load (SQLite): an import that adds more items than the table holds writes them faster without
        the table's secondary indexes, built again from the full table at the end (:meth:`restore_indexes`)
        than updated row by row, at random places. In the import's transaction (SQLite's DDL is transactional):
        a rollback puts them back as they were. The list is the database's own; the unique index of the
        inventory numbers stays (it is the table's constraint)."""
        run = self.conn.exec_driver_sql
        for name, sql in run("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'equipment' "
                             "AND sql IS NOT NULL ORDER BY name").all():
            run('DROP INDEX "{}"'.format(name.replace('"', '""')))
            self._dropped.append(sql)

    def restore_indexes(self) -> None:
        """Build the indexes :meth:`drop_indexes` dropped, once the batches are written: before the commit, and
        before anything that could look an item up by them."""
        self.wait()
        dropped, self._dropped = self._dropped, []
        for sql in dropped:
            self.conn.exec_driver_sql(sql)

    def wait(self) -> None:
        """Until the batch being written is (raises what writing it raised)."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def close(self) -> None:
        """Wait for the batch being written, whatever happens, and let the helper thread go."""
        try:
            if self._pending is not None:
                self._pending.exception()  # waits; the error, if any, was or will be raised by wait()
        finally:
            if self._thread is not None:
                self._thread.shutdown(wait=True)
                self._thread = None

    def _update_retired(self) -> None:
        """Other databases inserted the items before their retirement: record it now."""
        table = m.Equipment.__table__
        for values, retire in self.items:
            if retire:
                self.conn.execute(table.update().where(table.c.id == values[_ID]).values(
                    status=values[_STATUS], retired_on=values[_RETIRED_ON], retirement_reason=values[_REASON]))


class _Memo(dict):
    """``memo[key]`` is ``function(key)``, computed once."""

    def __init__(self, function: Callable[[Any], Any]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, key: Any) -> Any:
        if len(self) > 10_000:
            self.clear()
        value = self[key] = self.function(key)
        return value


def _bind(column: Any, dialect: Any) -> Callable[[Any], Any]:
    """What the ORM stores for a value of ``column``: its type's bind processor for the dialect."""
    return column.type.dialect_impl(dialect).bind_processor(dialect) or (lambda value: value)


_INDEX = {name: i for i, name in enumerate(COLUMNS)}
(_ID, _NUMBER, _MANUFACTURER, _MODEL, _SERIAL, _SCHOOL, _ROOM, _STATUS, _NETWORK, _MAC, _RETIRED_ON,
 _REASON) = (_INDEX[n] for n in ("id", "inventory_number", "manufacturer", "model", "serial_number", "school_id",
                                 "room_id", "status", "network_name", "mac_address", "retired_on",
                                 "retirement_reason"))
_DATES = tuple(_INDEX[n] for n in DATE_COLUMNS)
IMPORT_KEYS = ("category_id", "manufacturer", "model", "school_id", "room_id", "plan_id", "funding_origin")
"""What an imported item's ``create`` row says it is, beside the file it came from: what its history shows
(``services.history``: « PC fixe Dell OptiPlex — École Colette, Salle informatique — plan DIJON-2009 »)."""
_IMPORT_KEYS = tuple((_INDEX[key], key) for key in IMPORT_KEYS)


def import_snapshot(values: list[Any], source: str) -> str:
    """The JSON of an imported item's ``create`` row (values in COLUMNS order): ``{"import": file, …}``, values as
    text (``db.audit._text``) or null, written as SQLite's ``json_object`` writes it (:data:`SNAPSHOT_SQL`, used
    when the rows can be read back where they are: the same text, tests hold them equal)."""
    texts = _TEXTS
    cells = {"import": source}
    for index, key in _IMPORT_KEYS:
        value = values[index]
        cells[key] = value if value is None or type(value) is str else texts[value]
    return json.dumps(cells, ensure_ascii=False, separators=(",", ":"))


_TEXTS = _Memo(_text)
"""db.audit._text of the values that are not text (numbers, dates, enumerations), computed once each."""

SNAPSHOT_SQL = "json_object('import', ?, " + ", ".join(
    f"'{key}', " + (f'CAST("{key}" AS TEXT)' if key.endswith("_id") else f'"{key}"') for key in IMPORT_KEYS) + ")"
""":func:`import_snapshot` in SQLite's SQL, of the row of ``equipment`` in the query and the file's name bound as
its parameter: built where the row is, it spares the interpreter a string per row and sqlite3 the binding of
it (ids are stored as integers, given as text as ``db.audit._text`` does; ``json_object`` escapes as
``json.dumps(ensure_ascii=False)`` does: quote, backslash, control characters, nothing else)."""
