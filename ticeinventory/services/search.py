"""The search field's text: what it matches, and the SQLite index that finds it among 200 000 items at once.

A search text matches an item when, once both are folded (accents removed; case ignored), it is a substring
of one of: the inventory number, the serial number, the network name, the MAC address, « manufacturer model »,
the name or the UAI of the item's school. ``%`` and ``_`` are plain characters. The MAC address is indexed
with colons (``00:1E:4F:AA:BB:01``) whatever the separators it was stored with; a text typed as hex pairs with
``-`` or spaces between them (``00-1e-4f``) is also looked for with colons, and one typed as Cisco groups
(``001e.4faa``) or as 6 to 12 hex digits alone (``001e4f``) is also looked for among the MAC's digits.

SQLite: migration 0004 keeps one folded line per item (``search_equipment_text``) and an FTS5 ``trigram``
index over it (``search_equipment``), by triggers. A text of three characters or more is looked up in the
index; one or two characters (no trigram to look up) scan the folded lines, which is still a single pass over
a narrow table. PostgreSQL: views of the same names fold each row when read (``translate()``, ``lower()``) and
``LIKE`` stands for ``MATCH`` (chosen when the statement is compiled), so the queries are the same.

:func:`restrict` joins the index to a query on ``equipment``; ``services.equipment._filtered`` uses it, so
every list, count, browser and export gets it, combined with all the other filters. :func:`matches` is the
same as a plain condition.

The SQL that builds the index is repeated, frozen, in migration 0004; ``tests/db/test_search_index.py`` checks
that the two agree. Bulk loads wrap their inserts in :func:`suspended` (index rebuilt once at the end: FTS5
flushes its pending terms at every trigger's statement, about 0.2 ms an item, 40 s for 200 000).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    Select,
    String,
    bindparam,
    column,
    false,
    literal_column,
    or_,
    select,
    table,
    true,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal

from ticeinventory.db import models as m

MIN_TRIGRAM = 3
"""Texts shorter than this (once folded) have no trigram: they scan the folded lines."""

FOLDS = {
    "a": "àáâãäå", "c": "ç", "e": "èéêë", "i": "ìíîï", "n": "ñ", "o": "òóôõöø", "u": "ùúûü", "y": "ýÿ",
    "oe": "œ", "ae": "æ",
}
PAIRS = [(accented, plain) for plain, letters in FOLDS.items() for letter in letters
         for accented, plain in ((letter, plain), (letter.upper(), plain.upper()))]
_FOLD_TABLE = str.maketrans(dict(PAIRS))
SEPARATOR = "\x1f"
"""Between the fields of a folded line: a search containing it matches nothing (no field holds it)."""
LAYER = 15
"""Nested ``replace()`` calls per sub-select: SQLite's parser overflows a little above 30."""

SEARCHED_EQUIPMENT_COLUMNS = ("inventory_number", "serial_number", "network_name", "mac_address", "manufacturer",
                              "model", "school_id")
TEXT_TABLE = "search_equipment_text"
INDEX_TABLE = "search_equipment"
TABLES = (INDEX_TABLE, TEXT_TABLE)
TRIGGERS = ("search_equipment_text_ai", "search_equipment_text_ad", "search_equipment_text_au",
            "search_equipment_ai", "search_equipment_au", "search_equipment_ad",
            "search_schools_au", "search_schools_ad")
_MAC_PAIRS = re.compile(r"[0-9A-Fa-f]{1,2}(?:[-: ][0-9A-Fa-f]{1,2})+")
_MAC_GROUPS = re.compile(r"[0-9A-Fa-f]{1,4}(?:\.[0-9A-Fa-f]{1,4})+")
_MAC_DIGITS = re.compile(r"[0-9A-Fa-f]{6,12}")


# -- folding ---------------------------------------------------------------------------------------------------

def fold(text: str) -> str:
    """Accents off, case kept (the index folds case itself): ``'Éditions Œuvre'`` → ``'Editions OEuvre'``."""
    return (text or "").translate(_FOLD_TABLE)


def mac_forms(text: str) -> tuple[str | None, str | None]:
    """How else a piece of MAC address is looked for: (with colons, when typed as pairs with ``-`` or spaces;
    its hex digits, when typed as Cisco groups or as 6 to 12 digits alone). None where it does not apply."""
    text = (text or "").strip()
    colons = text.replace("-", ":").replace(" ", ":") if _MAC_PAIRS.fullmatch(text) else None
    if _MAC_GROUPS.fullmatch(text) or _MAC_DIGITS.fullmatch(text):
        return None, text.replace(".", "").upper()
    return (colons if colons != text else None), None


def is_search_table(name: str | None) -> bool:
    """The index's tables (and FTS5's own), which the models do not describe: for Alembic's comparisons."""
    return bool(name) and (name in TABLES or name.startswith(INDEX_TABLE + "_"))


# -- the condition ---------------------------------------------------------------------------------------------

HITS = "search_hits"
"""The alias of the index (or of the folded lines) joined to ``equipment`` by :func:`restrict`."""


def restrict(query: Select, text: str | None) -> Select:
    """``query`` (a SELECT on ``equipment``) narrowed to the items the search ``text`` matches.

    A join, the index first (``+`` keeps SQLite from driving the index by the equipment's ids): the matches are
    read once and each item fetched by its key. With ``equipment.id IN (…)`` SQLite would first copy every match
    into a temporary index; for a text found in most of the fleet (« 0 », « école ») that costs 50 % more."""
    wanted = (text or "").strip()
    if not wanted:
        return query
    if SEPARATOR in wanted:
        return query.where(false())
    hits, key, condition = _hits(wanted)
    return query.join(hits, m.Equipment.id == _Plus(key)).where(condition)


def matches(text: str | None) -> ColumnElement[bool]:
    """The same as a condition on ``equipment`` (``equipment.id IN …``), to combine with ``or_()`` and the like;
    :func:`restrict` is faster when the text is found in much of the fleet."""
    wanted = (text or "").strip()
    if not wanted:
        return true()
    if SEPARATOR in wanted:
        return false()
    hits, key, condition = _hits(wanted)
    return m.Equipment.id.in_(select(key).select_from(hits).where(condition))


def _hits(wanted: str) -> tuple[Any, ColumnElement[int], ColumnElement[bool]]:
    """(the index or the folded lines, aliased; their equipment id; the condition on them) for a stripped text.

    SQLite: the FTS5 index for three folded characters and more, else one pass over the folded lines. PostgreSQL:
    views of the same names (migration 0004) fold each row in SQL; the same joins, with ``LIKE``."""
    folded = fold(wanted)
    pattern = _contains(folded.lower())
    if len(folded) < MIN_TRIGRAM:  # no trigram to look up: one pass over the folded lines (LIKE ignores case)
        lines = table(TEXT_TABLE, column("id"), column("body")).alias(HITS)
        return lines, lines.c.id, lines.c.body.like(pattern, escape="\\")
    index = table(INDEX_TABLE, column("rowid"), column("body"), column("mac_hex")).alias(HITS)
    portable = index.c.body.like(pattern, escape="\\")
    colons, digits = mac_forms(wanted)
    if colons:
        portable = or_(portable, index.c.body.like(_contains(colons.lower()), escape="\\"))
    if digits:
        portable = or_(portable, index.c.mac_hex.like(_contains(digits), escape="\\"))
    fts = literal_column(f"{HITS}.{INDEX_TABLE}").op("MATCH")(bindparam(None, fts_query(wanted), type_=String))
    return index, index.c.rowid, _Match(fts, portable)


class _Match(ColumnElement[bool]):
    """Compiles to the SQLite or the portable (PostgreSQL) condition, whichever database runs it."""

    type = Boolean()
    _is_implicitly_boolean = True  # a condition: never rendered « … = 1 » on SQLite
    inherit_cache = True
    _traverse_internals = [("sqlite", InternalTraversal.dp_clauseelement),
                           ("portable", InternalTraversal.dp_clauseelement)]

    def __init__(self, sqlite: ColumnElement[bool], portable: ColumnElement[bool]) -> None:
        self.sqlite = sqlite
        self.portable = portable

    def get_children(self, **_kw: Any):
        return (self.sqlite, self.portable)


@compiles(_Match)
def _compile_portable(element: _Match, compiler, **kw) -> str:
    return compiler.process(element.portable, **kw)


@compiles(_Match, "sqlite")
def _compile_sqlite(element: _Match, compiler, **kw) -> str:
    return compiler.process(element.sqlite, **kw)


class _Plus(ColumnElement[int]):
    """``+column``: the same value, that SQLite will not use to look the column's table up by."""

    inherit_cache = True
    _traverse_internals = [("element", InternalTraversal.dp_clauseelement)]

    def __init__(self, element: ColumnElement[int]) -> None:
        self.element = element
        self.type = element.type

    def get_children(self, **_kw: Any):
        return (self.element,)


@compiles(_Plus)
def _compile_plus(element: _Plus, compiler, **kw) -> str:
    return "+" + compiler.process(element.element, **kw)


def fts_query(wanted: str) -> str:
    """The FTS5 query for a stripped text of at least :data:`MIN_TRIGRAM` folded characters: one phrase (the
    trigram tokenizer makes it « this substring »), or'ed with the other forms of a piece of MAC address (each
    costs a second look-up: a MAC typed with colons, as the application shows them, needs none)."""
    def phrase(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    query = f"body : {phrase(fold(wanted))}"
    colons, digits = mac_forms(wanted)
    if colons:
        query += f" OR body : {phrase(colons)}"
    if digits:
        query += f" OR mac_hex : {phrase(digits)}"
    return query


def _contains(text: str) -> Any:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return bindparam(None, f"%{escaped}%", type_=String)


# -- the index (SQLite) ----------------------------------------------------------------------------------------

def _replaced(expression: str, pairs) -> str:
    for accented, plain in pairs:
        expression = f"replace({expression}, '{accented}', '{plain}')"
    return expression


def source_select(where: str) -> str:
    """``SELECT id, body, mac_hex`` of the items matching ``where`` (a condition on ``e``), folded in SQL.

    Each step is a sub-select that SQLite must not flatten (``LIMIT -1 OFFSET 0``): flattened, every use of a
    column would recompute its expression (the line four times a layer): 12 s instead of 3 s for 200 000 items."""
    def field(name: str) -> str:
        return f"coalesce(e.{name}, '')"

    step = " LIMIT -1 OFFSET 0"
    mac = field("mac_address")
    for separator in (":", "-", ".", " "):
        mac = f"replace({mac}, '{separator}', '')"
    query = (f"SELECT e.id AS id, {field('inventory_number')} AS number, {field('serial_number')} AS serial, "
             f"{field('network_name')} AS network, {field('mac_address')} AS mac, {mac} AS mac_hex, "
             f"{field('manufacturer')} || ' ' || {field('model')} AS model, coalesce(s.name, '') AS school, "
             f"coalesce(s.uai, '') AS uai FROM equipment AS e LEFT JOIN schools AS s ON s.id = e.school_id "
             f"WHERE {where}{step}")
    # 12 hex digits are written with colons, as services.equipment stores them (a raw write may not have)
    canonical = ("CASE WHEN length(mac_hex) = 12 AND mac_hex NOT GLOB '*[^0-9A-Fa-f]*' THEN "
                 + " || ':' || ".join(f"substr(mac_hex, {i}, 2)" for i in range(1, 13, 2)) + " ELSE mac END")
    line = " || char(31) || ".join(("number", "serial", "network", canonical, "model", "school", "uai"))
    query = f"SELECT id, {line} AS body, mac_hex FROM ({query}){step}"
    query = f"SELECT id, body, mac_hex, length(CAST(body AS BLOB)) <> length(body) AS wide FROM ({query}){step}"
    for start in range(0, len(PAIRS), LAYER):
        folded = _replaced("body", PAIRS[start:start + LAYER])
        query = f"SELECT id, CASE WHEN wide THEN {folded} ELSE body END AS body, mac_hex, wide FROM ({query}){step}"
    return f"SELECT id, body, mac_hex FROM ({query})"


_ONE_LETTER = [(accented, plain) for accented, plain in PAIRS if len(plain) == 1]


def postgresql_statements() -> list[str]:
    """PostgreSQL: views of the same names and columns, folding each row when read (no index, no trigger)."""
    def field(name: str) -> str:
        return f"coalesce(e.{name}, '')"

    mac = field("mac_address")
    for separator in (":", "-", ".", " "):
        mac = f"replace({mac}, '{separator}', '')"
    canonical = (f"CASE WHEN {mac} ~ '^[0-9A-Fa-f]{{12}}$' THEN "
                 + " || ':' || ".join(f"substr({mac}, {i}, 2)" for i in range(1, 13, 2))
                 + f" ELSE {field('mac_address')} END")
    line = " || chr(31) || ".join((
        field("inventory_number"), field("serial_number"), field("network_name"), canonical,
        f"{field('manufacturer')} || ' ' || {field('model')}", "coalesce(s.name, '')", "coalesce(s.uai, '')"))
    for accented, plain in PAIRS:
        if len(plain) > 1:  # œ, æ: two letters, translate() cannot
            line = f"replace({line}, '{accented}', '{plain}')"
    accented = "".join(a for a, _p in _ONE_LETTER)
    plain = "".join(p for _a, p in _ONE_LETTER)
    # accents first, then lower(): under the C locale lower('É') is 'É'
    return [f"CREATE VIEW {TEXT_TABLE} AS SELECT e.id AS id, lower(translate({line}, '{accented}', '{plain}')) "
            f"AS body, upper({mac}) AS mac_hex FROM equipment AS e LEFT JOIN schools AS s ON s.id = e.school_id",
            f"CREATE VIEW {INDEX_TABLE} AS SELECT id AS rowid, body, mac_hex FROM {TEXT_TABLE}"]


def table_statements() -> list[str]:
    return [f"CREATE TABLE {TEXT_TABLE} (id INTEGER PRIMARY KEY, body TEXT NOT NULL, mac_hex TEXT NOT NULL)",
            f"CREATE VIRTUAL TABLE {INDEX_TABLE} USING fts5(body, mac_hex, content='{TEXT_TABLE}', "
            "content_rowid='id', tokenize='trigram')"]


def fill_statements() -> list[str]:
    """Every item's line, in one pass, then the index in one go (much faster than row by row)."""
    return [f"INSERT INTO {TEXT_TABLE}(id, body, mac_hex) {source_select('1')}",
            f"INSERT INTO {INDEX_TABLE}({INDEX_TABLE}) VALUES ('rebuild')"]


def trigger_statements() -> list[str]:
    def refresh(schools: str) -> str:
        """Rewrite the lines of the items of ``schools`` (an SQL list)."""
        return (f"DELETE FROM {TEXT_TABLE} WHERE id IN (SELECT id FROM equipment WHERE school_id IN {schools}); "
                f"INSERT INTO {TEXT_TABLE}(id, body, mac_hex) {source_select(f'e.school_id IN {schools}')};")

    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in ("id",) + SEARCHED_EQUIPMENT_COLUMNS)
    return [
        # the FTS index follows the text table (the external-content pattern of the SQLite documentation)
        f"CREATE TRIGGER search_equipment_text_ai AFTER INSERT ON {TEXT_TABLE} BEGIN "
        f"INSERT INTO {INDEX_TABLE}(rowid, body, mac_hex) VALUES (NEW.id, NEW.body, NEW.mac_hex); END",
        f"CREATE TRIGGER search_equipment_text_ad AFTER DELETE ON {TEXT_TABLE} BEGIN "
        f"INSERT INTO {INDEX_TABLE}({INDEX_TABLE}, rowid, body, mac_hex) "
        "VALUES ('delete', OLD.id, OLD.body, OLD.mac_hex); END",
        f"CREATE TRIGGER search_equipment_text_au AFTER UPDATE ON {TEXT_TABLE} BEGIN "
        f"INSERT INTO {INDEX_TABLE}({INDEX_TABLE}, rowid, body, mac_hex) "
        "VALUES ('delete', OLD.id, OLD.body, OLD.mac_hex); "
        f"INSERT INTO {INDEX_TABLE}(rowid, body, mac_hex) VALUES (NEW.id, NEW.body, NEW.mac_hex); END",
        # the text table follows equipment and schools
        "CREATE TRIGGER search_equipment_ai AFTER INSERT ON equipment BEGIN "
        f"INSERT INTO {TEXT_TABLE}(id, body, mac_hex) {source_select('e.id = NEW.id')}; END",
        f"CREATE TRIGGER search_equipment_au AFTER UPDATE OF id, {', '.join(SEARCHED_EQUIPMENT_COLUMNS)} "
        f"ON equipment WHEN {changed} BEGIN "
        f"DELETE FROM {TEXT_TABLE} WHERE id = OLD.id; "
        f"INSERT INTO {TEXT_TABLE}(id, body, mac_hex) {source_select('e.id = NEW.id')}; END",
        "CREATE TRIGGER search_equipment_ad AFTER DELETE ON equipment BEGIN "
        f"DELETE FROM {TEXT_TABLE} WHERE id = OLD.id; END",
        "CREATE TRIGGER search_schools_au AFTER UPDATE OF id, name, uai ON schools "
        "WHEN OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.uai IS NOT NEW.uai "
        f"BEGIN {refresh('(OLD.id, NEW.id)')} END",
        f"CREATE TRIGGER search_schools_ad AFTER DELETE ON schools BEGIN {refresh('(OLD.id)')} END",
    ]


def _execute(connection: Connection, statements: list[str]) -> None:
    for statement in statements:
        connection.exec_driver_sql(statement)


def rebuild(connection: Connection) -> None:
    """Recompute every line and the whole index (after a bulk load, or to repair); SQLite only."""
    if connection.dialect.name != "sqlite":
        return
    _execute(connection, [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS])
    _execute(connection, [f"DELETE FROM {TEXT_TABLE}"])
    _execute(connection, fill_statements())
    _execute(connection, trigger_statements())


@contextmanager
def suspended(connection: Connection) -> Iterator[None]:
    """Bulk inserts without the per-row index upkeep, the index rebuilt once at the end — in the caller's
    transaction, so that a failure leaves the triggers and the index as they were."""
    if connection.dialect.name != "sqlite":
        yield
        return
    _execute(connection, [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS])
    yield
    rebuild(connection)


def problems(connection: Connection) -> list[str]:
    """What is wrong with the index (empty when it is right): FTS5's own integrity check against the lines, and
    every line equal to what the triggers would write now. SQLite only; reads everything (for tests, checks)."""
    if connection.dialect.name != "sqlite":
        return []
    found = []
    try:
        connection.exec_driver_sql(f"INSERT INTO {INDEX_TABLE}({INDEX_TABLE}, rank) VALUES ('integrity-check', 1)")
    except Exception as error:  # noqa: BLE001 - SQLite says « database disk image is malformed »
        found.append(f"index FTS5 : {error}")
    expected = set(connection.exec_driver_sql(source_select("1")).all())
    stored = set(connection.exec_driver_sql(f"SELECT id, body, mac_hex FROM {TEXT_TABLE}").all())
    found += [f"ligne manquante ou fausse : {row}" for row in sorted(expected - stored)[:20]]
    found += [f"ligne en trop ou fausse : {row}" for row in sorted(stored - expected)[:20]]
    return found
