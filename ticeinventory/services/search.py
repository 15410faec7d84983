"""The search field's text: what it matches, and the SQLite index that finds it among 200 000 items at once.

A search text matches an item when, once both are folded (accents removed; case ignored), it is a substring
of one of: the inventory number, the serial number, the network name, the MAC address, « manufacturer model »,
the name or the UAI of the item's school. ``%`` and ``_`` are plain characters. The MAC address is indexed
with colons (``00:1E:4F:AA:BB:01``) whatever the separators it was stored with; a text typed as hex pairs with
``-`` or spaces between them (``00-1e-4f``) is also looked for with colons, and one typed as Cisco groups
(``001e.4faa``) or as 6 to 12 hex digits alone (``001e4f``) is also looked for among the MAC's digits (of a
MAC of 12 hex digits, as the application stores them: a raw write of another MAC is found by its text only).

SQLite (migration 0005): one folded line per item (``search_equipment_text``: number, serial, network name,
MAC) and an FTS5 ``trigram`` index over it (``search_equipment``); the schools' folded « name UAI »
(``search_school_text``) and each model of the fleet once (``search_model_text``, folded « manufacturer
model »), small tables read whole with ``LIKE``, their items found by ``equipment``'s indexes. All kept by
triggers. Three characters or more are looked up in the index (the MAC's digits as colon pairs at both
alignments, then checked against the item's MAC, since another field could hold those characters); one or two
characters (no trigram to look up) scan the folded lines, which is still a single pass over a narrow table.
Case is ignored by the index for every letter, by ``LIKE`` (the small tables, the short texts) for ASCII ones:
folded, French names are ASCII. PostgreSQL: views of the same names fold each row when read (``translate()``,
``lower()``) and ``LIKE`` stands for ``MATCH`` (chosen when the statement is compiled), so the queries are
the same.

:func:`restrict` narrows a query on ``equipment``; ``services.equipment._filtered`` uses it, so every list,
count, browser and export gets it, combined with all the other filters. :func:`matches` is the same as a plain
condition. What runs at each keystroke (``services.equipment_browser``) first reads the schools and the models the
text matches (:func:`nearby`) and passes them on: most texts match none, and the query is then a join driven by
the index, about 30 % faster for a text found in most of the fleet.

The SQL that builds the index is repeated, frozen, in migration 0005; ``tests/db/test_search_index.py`` checks
that the two agree. Bulk loads wrap their inserts in :func:`suspended` (index rebuilt once at the end: FTS5
flushes its pending terms at every trigger's statement, about 0.2 ms an item, 40 s for 200 000).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    Select,
    String,
    and_,
    bindparam,
    cast,
    column,
    false,
    func,
    literal_column,
    null,
    or_,
    select,
    table,
    true,
    tuple_,
    union_all,
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

SEARCHED_EQUIPMENT_COLUMNS = ("inventory_number", "serial_number", "network_name", "mac_address")
"""The columns of an item's line (« manufacturer model » and its school are matched through the small tables)."""
TEXT_TABLE = "search_equipment_text"
INDEX_TABLE = "search_equipment"
SCHOOL_TABLE = "search_school_text"
MODEL_TABLE = "search_model_text"
MODEL_INDEX = "ix_equipment_model"
"""``equipment (manufacturer, model)``: the items of the models a text matches, and a model's last item."""
TABLES = (INDEX_TABLE, TEXT_TABLE, SCHOOL_TABLE, MODEL_TABLE)
TRIGGERS = ("search_equipment_text_ai", "search_equipment_text_ad", "search_equipment_text_au",
            "search_equipment_ai", "search_equipment_au", "search_equipment_ad", "search_models_au",
            "search_schools_ai", "search_schools_au", "search_schools_ad")
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


def narrows(wider: str | None, narrower: str | None) -> bool:
    """Whether the search ``narrower`` finds only items that ``wider`` finds too — a text typed on: its list is
    part of the list before. True when ``wider``, folded, is within ``narrower`` (what contains the longer text
    contains the shorter one), unless ``narrower`` is also looked for as another form of a MAC address
    (:func:`mac_forms`: « 001e4f » finds MACs that « 001e4 » does not). Case is compared as the index does for
    French text (letters beyond Latin-1 aside); the window uses it to judge how long a search may take, never
    to decide what it finds."""
    old, new = fold((wider or "").strip()).lower(), fold((narrower or "").strip()).lower()
    return old in new and mac_forms(narrower or "") == (None, None)


def is_search_table(name: str | None) -> bool:
    """The index's tables (and FTS5's own), which the models do not describe: for Alembic's comparisons."""
    return bool(name) and (name in TABLES or name.startswith(INDEX_TABLE + "_"))


# -- the condition ---------------------------------------------------------------------------------------------

HITS = "search_hits"
"""The alias of the index (or of the folded lines) that :func:`restrict` and :func:`matches` look items up in."""


@dataclass(frozen=True)
class Nearby:
    """The schools and the models a search text matches (:func:`nearby`), read before its list: given to
    :func:`restrict`, they pick the shape of the query and stand in it as plain values."""

    text: str
    """The stripped text they were found for (:func:`restrict` ignores them for any other)."""
    schools: tuple[int, ...]
    models: tuple[tuple[str, str], ...]
    """(manufacturer, model) pairs."""


def nearby_queries(text: str | None) -> tuple[Select] | None:
    """The query of :func:`nearby`, its pattern bound: one pass over each small table, in one statement — rows
    (0, school id, NULL) and (1, manufacturer, model). None when there is nothing to read (an empty text, or
    shorter than :data:`MIN_TRIGRAM`: :func:`restrict` does not use them)."""
    pattern = _nearby_pattern(text)
    return None if pattern is None else (_nearby_statement().params(pattern=pattern),)


def nearby(connection: Any, text: str | None) -> Nearby | None:
    """The schools and the models ``text`` matches, read with ``connection`` (a Connection or a Session): a pass
    over two small tables (2 000 schools, a few dozen models: well under a millisecond). None when
    :func:`restrict` has no use for them."""
    pattern = _nearby_pattern(text)
    if pattern is None:
        return None
    rows = connection.execute(_nearby_statement(), {"pattern": pattern}).all()
    return Nearby((text or "").strip(), tuple(int(row[1]) for row in rows if row[0] == 0),
                  tuple((row[1], row[2]) for row in rows if row[0] == 1))


def _nearby_pattern(text: str | None) -> str | None:
    wanted = (text or "").strip()
    folded = fold(wanted)
    if len(folded) < MIN_TRIGRAM or SEPARATOR in wanted:
        return None
    return "%" + _escaped(folded.lower()) + "%"


@cache
def _nearby_statement() -> Select:
    """Built once (each keystroke runs it: building and looking the statement up cost more than reading the two
    tables); the ids as text, since PostgreSQL unions columns of one type only."""
    schools, models = _small_tables()
    pattern = bindparam("pattern", type_=String)
    return union_all(
        select(literal_column("0"), cast(schools.c.id, String), null()).where(schools.c.body.like(pattern, escape="\\")),
        select(literal_column("1"), models.c.manufacturer, models.c.model).where(
            models.c.body.like(pattern, escape="\\")))


def restrict(query: Select, text: str | None, near: Nearby | None = None) -> Select:
    """``query`` (a SELECT on ``equipment``) narrowed to the items the search ``text`` matches.

    Three characters and more: :func:`matches`, an OR of three ``IN`` (the index, the schools, the models) that
    SQLite reads as three look-ups (MULTI-INDEX OR), each match then fetched by its key. That OR first copies
    the index's matches into a temporary list: for a text found in most of the fleet through the index alone
    (« 00: », a MAC's first pairs: 140 000 items) that costs half as much again as a join driven by the index.
    So, given the schools and the models the text matches (``near``, from :func:`nearby`): when there are none
    (numbers, serials, MACs: the usual case), that join (``+`` keeps SQLite from driving the index by the
    equipment's ids); else the OR with their ids and pairs written in (no sub-select left to read).

    One or two characters (no trigram): a join to the folded lines, the index-less pass first, or'ed with the
    two small tables; faster there than ``equipment.id IN (…)``, which would first copy every line that matches
    (« 0 », « e »: most of the fleet) into a temporary index."""
    wanted = (text or "").strip()
    if not wanted:
        return query
    if SEPARATOR in wanted:
        return query.where(false())
    folded = fold(wanted)
    if len(folded) >= MIN_TRIGRAM:
        if near is None or near.text != wanted:
            return query.where(_indexed(wanted))
        if near.schools or near.models:
            return query.where(_indexed(wanted, near))
        return _joined(query, wanted)
    lines = _lines()
    pattern = _contains(folded.lower())
    return query.join(lines, m.Equipment.id == _Plus(lines.c.id)).where(
        or_(lines.c.body.like(pattern, escape="\\"), *_elsewhere(pattern)))


def matches(text: str | None) -> ColumnElement[bool]:
    """The same as a condition on ``equipment``, to combine with ``or_()`` and the like (:func:`restrict` joins
    the lines for one or two characters, which is faster there)."""
    wanted = (text or "").strip()
    if not wanted:
        return true()
    if SEPARATOR in wanted:
        return false()
    folded = fold(wanted)
    if len(folded) >= MIN_TRIGRAM:
        return _indexed(wanted)
    lines = _lines()
    pattern = _contains(folded.lower())
    return or_(m.Equipment.id.in_(select(lines.c.id).where(lines.c.body.like(pattern, escape="\\"))),
               *_elsewhere(pattern))


def _lines():
    return table(TEXT_TABLE, column("id"), column("body")).alias(HITS)


def _small_tables():
    return (table(SCHOOL_TABLE, column("id"), column("body")),
            table(MODEL_TABLE, column("manufacturer"), column("model"), column("body")))


def _elsewhere(pattern: Any, near: Nearby | None = None) -> list[ColumnElement[bool]]:
    """The items of the schools and of the models whose folded text holds ``pattern`` (``LIKE``, case ignored):
    a few dozen rows each, read whole, then the items found by ``equipment``'s indexes. Given ``near`` (those
    schools and models, read before), their ids and pairs as values."""
    if near is not None:
        found = [m.Equipment.school_id.in_(near.schools)] if near.schools else []
        if near.models:
            found.append(tuple_(m.Equipment.manufacturer, m.Equipment.model).in_(near.models))
        return found
    schools, models = _small_tables()
    return [m.Equipment.school_id.in_(select(schools.c.id).where(schools.c.body.like(pattern, escape="\\"))),
            tuple_(m.Equipment.manufacturer, m.Equipment.model).in_(
                select(models.c.manufacturer, models.c.model).where(models.c.body.like(pattern, escape="\\")))]


def _index_condition(wanted: str) -> tuple[Any, str, ColumnElement[bool], str | None]:
    """(the index aliased :data:`HITS`, the folded text, the portable condition on its line — the text, or its
    colon form —, the hex digits of a piece of MAC address or None) for a stripped text."""
    index = table(INDEX_TABLE, column("rowid"), column("body")).alias(HITS)
    folded = fold(wanted)
    portable = index.c.body.like(_contains(folded.lower()), escape="\\")
    colons, digits = mac_forms(wanted)
    if colons:
        portable = or_(portable, index.c.body.like(_contains(colons.lower()), escape="\\"))
    return index, folded, portable, digits


def _indexed(wanted: str, near: Nearby | None = None) -> ColumnElement[bool]:
    """The condition for a stripped text of three folded characters or more (``near``: see :func:`_elsewhere`).

    SQLite: the FTS5 index (one MATCH for the text and its colon form), the schools, the models. PostgreSQL: views
    of the same names (migration 0005) fold each row in SQL; the same query, with ``LIKE`` for ``MATCH``. The hex
    digits of a piece of MAC address are looked for as colon pairs at both alignments (« 001E02 »: « 00:1E:02 »,
    « 0:01:E0:2 »), then checked against the item's MAC: another field could hold those characters."""
    index, folded, portable, digits = _index_condition(wanted)
    found = m.Equipment.id.in_(select(index.c.rowid).where(_Match(_fts_match(HITS, fts_query(wanted)), portable)))
    if not digits:
        return or_(found, *_elsewhere(_contains(folded.lower()), near))
    in_mac = _in_mac(digits)
    pairs = table(INDEX_TABLE, column("rowid")).alias(HITS + "_mac")
    by_digits = _Match(and_(m.Equipment.id.in_(select(pairs.c.rowid).where(
        _fts_match(HITS + "_mac", mac_query(digits)))), in_mac), in_mac)
    return or_(found, by_digits, *_elsewhere(_contains(folded.lower()), near))


def _joined(query: Select, wanted: str) -> Select:
    """``query`` joined to the index's matches (the index drives; each match fetched by its key): for a stripped
    text of three folded characters or more that matches no school and no model. The hex digits of a piece of
    MAC address go into the same ``MATCH`` (:func:`mac_query`); what they find is kept when the line holds the
    text itself or the item's MAC those digits (the same checks as :func:`_indexed`)."""
    index, _folded, portable, digits = _index_condition(wanted)
    condition = _Match(_fts_match(HITS, fts_query(wanted)), portable)
    if digits:
        portable = or_(portable, _in_mac(digits))
        condition = _Match(and_(_fts_match(HITS, f"{fts_query(wanted)} OR {mac_query(digits)}"), portable), portable)
    return query.join(index, m.Equipment.id == _Plus(index.c.rowid)).where(condition)


def _in_mac(digits: str) -> ColumnElement[bool]:
    """The item's MAC holds these hex digits (its separators left out)."""
    mac = m.Equipment.mac_address
    for separator in (":", "-", ".", " "):
        mac = func.replace(mac, separator, "")
    return func.upper(mac).like(_contains(digits), escape="\\")


def _fts_match(alias: str, query: str) -> ColumnElement[bool]:
    return literal_column(f"{alias}.{INDEX_TABLE}").op("MATCH")(bindparam(None, query, type_=String))


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
    trigram tokenizer makes it « this substring »), or'ed with the colon form of hex pairs typed with ``-`` or
    spaces (a second look-up: a MAC typed with colons, as the application shows them, needs none)."""
    query = f"body : {_phrase(fold(wanted))}"
    colons, _digits = mac_forms(wanted)
    if colons:
        query += f" OR body : {_phrase(colons)}"
    return query


def mac_query(digits: str) -> str:
    """The FTS5 query for the hex digits of a piece of MAC address (2 or more): the digits as colon pairs, from
    the first digit and from the second, as the lines hold the MAC (``00:1E:4F:AA:BB:01``). Two digits in one
    pair (no trigram alone) are looked for with the colon before or after that pair."""
    if len(digits) == 2:
        return f"{_phrase(digits + ':')} OR {_phrase(':' + digits)} OR {_phrase(digits[0] + ':' + digits[1])}"
    even = ":".join(digits[i:i + 2] for i in range(0, len(digits), 2))
    odd = digits[0] + ":" + ":".join(digits[i:i + 2] for i in range(1, len(digits), 2))
    return f"{_phrase(even)} OR {_phrase(odd)}"


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _contains(text: str) -> Any:
    return bindparam(None, f"%{_escaped(text)}%", type_=String)


def _escaped(text: str) -> str:
    """``text`` as a ``LIKE`` pattern matching itself (``\\`` escapes)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# -- the index (SQLite) ----------------------------------------------------------------------------------------

def _replaced(expression: str, pairs) -> str:
    for accented, plain in pairs:
        expression = f"replace({expression}, '{accented}', '{plain}')"
    return expression


_STEP = " LIMIT -1 OFFSET 0"


def _folded(query: str, keys: str) -> str:
    """``SELECT keys, body`` of ``query`` (which selects them, ``body`` unfolded), ``body`` folded in SQL.

    Each step is a sub-select that SQLite must not flatten (``LIMIT -1 OFFSET 0``): flattened, every use of a
    column would recompute its expression (the line four times a layer): 12 s instead of 3 s for 200 000 items.
    Only bodies holding a non-ASCII character go through the ``replace()`` calls."""
    query = f"SELECT {keys}, body, length(CAST(body AS BLOB)) <> length(body) AS wide FROM ({query}){_STEP}"
    for start in range(0, len(PAIRS), LAYER):
        folded = _replaced("body", PAIRS[start:start + LAYER])
        query = f"SELECT {keys}, CASE WHEN wide THEN {folded} ELSE body END AS body, wide FROM ({query}){_STEP}"
    return f"SELECT {keys}, body FROM ({query})"


def source_select(where: str) -> str:
    """``SELECT id, body`` of the lines of the items matching ``where`` (a condition on ``e``), folded in SQL."""
    def field(name: str) -> str:
        return f"coalesce(e.{name}, '')"

    mac = field("mac_address")
    for separator in (":", "-", ".", " "):
        mac = f"replace({mac}, '{separator}', '')"
    query = (f"SELECT e.id AS id, {field('inventory_number')} AS number, {field('serial_number')} AS serial, "
             f"{field('network_name')} AS network, {field('mac_address')} AS mac, {mac} AS mac_hex "
             f"FROM equipment AS e WHERE {where}{_STEP}")
    # 12 hex digits are written with colons, as services.equipment stores them (a raw write may not have)
    canonical = ("CASE WHEN length(mac_hex) = 12 AND mac_hex NOT GLOB '*[^0-9A-Fa-f]*' THEN "
                 + " || ':' || ".join(f"substr(mac_hex, {i}, 2)" for i in range(1, 13, 2)) + " ELSE mac END")
    line = " || char(31) || ".join(("number", "serial", "network", canonical))
    return _folded(f"SELECT id, {line} AS body FROM ({query}){_STEP}", "id")


def school_select(where: str) -> str:
    """``SELECT id, body`` (folded name and UAI) of the schools matching ``where`` (a condition on ``s``)."""
    return _folded(f"SELECT s.id AS id, coalesce(s.name, '') || char(31) || coalesce(s.uai, '') AS body "
                   f"FROM schools AS s WHERE {where}{_STEP}", "id")


def model_select(where: str) -> str:
    """``SELECT manufacturer, model, body`` (folded « manufacturer model »), once each, of the items matching
    ``where`` (a condition on ``e``)."""
    return _folded(f"SELECT DISTINCT e.manufacturer AS manufacturer, e.model AS model, "
                   f"coalesce(e.manufacturer, '') || ' ' || coalesce(e.model, '') AS body "
                   f"FROM equipment AS e WHERE {where}{_STEP}", "manufacturer, model")


_ONE_LETTER = [(accented, plain) for accented, plain in PAIRS if len(plain) == 1]


def postgresql_statements() -> list[str]:
    """PostgreSQL: views of the same names and columns, folding each row when read (no index, no trigger)."""
    def field(name: str) -> str:
        return f"coalesce(e.{name}, '')"

    def folded(text: str) -> str:
        for accented, plain in PAIRS:
            if len(plain) > 1:  # œ, æ: two letters, translate() cannot
                text = f"replace({text}, '{accented}', '{plain}')"
        accented = "".join(a for a, _p in _ONE_LETTER)
        plain = "".join(p for _a, p in _ONE_LETTER)
        # accents first, then lower(): under the C locale lower('É') is 'É'
        return f"lower(translate({text}, '{accented}', '{plain}'))"

    mac = field("mac_address")
    for separator in (":", "-", ".", " "):
        mac = f"replace({mac}, '{separator}', '')"
    canonical = (f"CASE WHEN {mac} ~ '^[0-9A-Fa-f]{{12}}$' THEN "
                 + " || ':' || ".join(f"substr({mac}, {i}, 2)" for i in range(1, 13, 2))
                 + f" ELSE {field('mac_address')} END")
    line = " || chr(31) || ".join((field("inventory_number"), field("serial_number"), field("network_name"),
                                   canonical))
    school = "coalesce(s.name, '') || chr(31) || coalesce(s.uai, '')"
    model = "coalesce(e.manufacturer, '') || ' ' || coalesce(e.model, '')"
    return [f"CREATE VIEW {TEXT_TABLE} AS SELECT e.id AS id, {folded(line)} AS body FROM equipment AS e",
            f"CREATE VIEW {INDEX_TABLE} AS SELECT id AS rowid, body FROM {TEXT_TABLE}",
            f"CREATE VIEW {SCHOOL_TABLE} AS SELECT s.id AS id, "
            f"{folded(school)} AS body FROM schools AS s",
            f"CREATE VIEW {MODEL_TABLE} AS SELECT e.manufacturer AS manufacturer, e.model AS model, "
            f"{folded(model)} AS body "
            "FROM (SELECT DISTINCT manufacturer, model FROM equipment) AS e"]


def table_statements() -> list[str]:
    """The lines, their index (``columnsize=0``: no per-line token counts, which only ranking would read), the
    schools' and the models' texts."""
    return [f"CREATE TABLE {TEXT_TABLE} (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
            f"CREATE VIRTUAL TABLE {INDEX_TABLE} USING fts5(body, content='{TEXT_TABLE}', content_rowid='id', "
            "tokenize='trigram', columnsize=0)",
            f"CREATE TABLE {SCHOOL_TABLE} (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
            f"CREATE TABLE {MODEL_TABLE} (manufacturer TEXT NOT NULL, model TEXT NOT NULL, body TEXT NOT NULL, "
            "PRIMARY KEY (manufacturer, model))"]


def fill_statements() -> list[str]:
    """Every line, school and model, in one pass each, then the index in one go (much faster than row by row)."""
    return [f"INSERT INTO {TEXT_TABLE}(id, body) {source_select('1')}",
            f"INSERT INTO {INDEX_TABLE}({INDEX_TABLE}) VALUES ('rebuild')",
            f"INSERT INTO {SCHOOL_TABLE}(id, body) {school_select('1')}",
            f"INSERT INTO {MODEL_TABLE}(manufacturer, model, body) {model_select('1')}"]


def trigger_statements() -> list[str]:
    def add_model(row: str) -> str:
        """Add the model of ``row`` (NEW) unless it is there."""
        return (f"INSERT INTO {MODEL_TABLE}(manufacturer, model, body) {model_select(f'e.id = {row}.id')} "
                f"WHERE NOT EXISTS (SELECT 1 FROM {MODEL_TABLE} AS t WHERE t.manufacturer = {row}.manufacturer "
                f"AND t.model = {row}.model);")

    # a model whose last item went (deleted, or changed model): by ix_equipment_model, one look-up
    drop_model = (f"DELETE FROM {MODEL_TABLE} WHERE manufacturer = OLD.manufacturer AND model = OLD.model AND NOT "
                  "EXISTS (SELECT 1 FROM equipment AS e WHERE e.manufacturer = OLD.manufacturer AND e.model = "
                  "OLD.model);")
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in ("id",) + SEARCHED_EQUIPMENT_COLUMNS)
    return [
        # the FTS index follows the text table (the external-content pattern of the SQLite documentation)
        f"CREATE TRIGGER search_equipment_text_ai AFTER INSERT ON {TEXT_TABLE} BEGIN "
        f"INSERT INTO {INDEX_TABLE}(rowid, body) VALUES (NEW.id, NEW.body); END",
        f"CREATE TRIGGER search_equipment_text_ad AFTER DELETE ON {TEXT_TABLE} BEGIN "
        f"INSERT INTO {INDEX_TABLE}({INDEX_TABLE}, rowid, body) VALUES ('delete', OLD.id, OLD.body); END",
        f"CREATE TRIGGER search_equipment_text_au AFTER UPDATE ON {TEXT_TABLE} BEGIN "
        f"INSERT INTO {INDEX_TABLE}({INDEX_TABLE}, rowid, body) VALUES ('delete', OLD.id, OLD.body); "
        f"INSERT INTO {INDEX_TABLE}(rowid, body) VALUES (NEW.id, NEW.body); END",
        # the text tables follow equipment and schools
        "CREATE TRIGGER search_equipment_ai AFTER INSERT ON equipment BEGIN "
        f"INSERT INTO {TEXT_TABLE}(id, body) {source_select('e.id = NEW.id')}; {add_model('NEW')} END",
        f"CREATE TRIGGER search_equipment_au AFTER UPDATE OF id, {', '.join(SEARCHED_EQUIPMENT_COLUMNS)} "
        f"ON equipment WHEN {changed} BEGIN "
        f"DELETE FROM {TEXT_TABLE} WHERE id = OLD.id; "
        f"INSERT INTO {TEXT_TABLE}(id, body) {source_select('e.id = NEW.id')}; END",
        "CREATE TRIGGER search_equipment_ad AFTER DELETE ON equipment BEGIN "
        f"DELETE FROM {TEXT_TABLE} WHERE id = OLD.id; {drop_model} END",
        "CREATE TRIGGER search_models_au AFTER UPDATE OF id, manufacturer, model ON equipment "
        "WHEN OLD.manufacturer IS NOT NEW.manufacturer OR OLD.model IS NOT NEW.model "
        f"BEGIN {add_model('NEW')} {drop_model} END",
        "CREATE TRIGGER search_schools_ai AFTER INSERT ON schools BEGIN "
        f"INSERT INTO {SCHOOL_TABLE}(id, body) {school_select('s.id = NEW.id')}; END",
        "CREATE TRIGGER search_schools_au AFTER UPDATE OF id, name, uai ON schools "
        "WHEN OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.uai IS NOT NEW.uai BEGIN "
        f"DELETE FROM {SCHOOL_TABLE} WHERE id = OLD.id; "
        f"INSERT INTO {SCHOOL_TABLE}(id, body) {school_select('s.id = NEW.id')}; END",
        f"CREATE TRIGGER search_schools_ad AFTER DELETE ON schools BEGIN "
        f"DELETE FROM {SCHOOL_TABLE} WHERE id = OLD.id; END",
    ]


def _execute(connection: Connection, statements: list[str]) -> None:
    for statement in statements:
        connection.exec_driver_sql(statement)


def rebuild(connection: Connection) -> None:
    """Recompute every line, school and model and the whole index (after a bulk load, or to repair); SQLite only."""
    if connection.dialect.name != "sqlite":
        return
    _execute(connection, [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS])
    _execute(connection, [f"DELETE FROM {name}" for name in (TEXT_TABLE, SCHOOL_TABLE, MODEL_TABLE)])
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
    every line, school and model equal to what the triggers would write now. SQLite only; reads everything (for
    tests, checks)."""
    if connection.dialect.name != "sqlite":
        return []
    found = []
    try:
        connection.exec_driver_sql(f"INSERT INTO {INDEX_TABLE}({INDEX_TABLE}, rank) VALUES ('integrity-check', 1)")
    except Exception as error:  # noqa: BLE001 - SQLite says « database disk image is malformed »
        found.append(f"index FTS5 : {error}")
    for name, source, columns in ((TEXT_TABLE, source_select("1"), "id, body"),
                                  (SCHOOL_TABLE, school_select("1"), "id, body"),
                                  (MODEL_TABLE, model_select("1"), "manufacturer, model, body")):
        expected = set(connection.exec_driver_sql(source).all())
        stored = set(connection.exec_driver_sql(f"SELECT {columns} FROM {name}").all())
        found += [f"{name} : ligne manquante ou fausse : {row}" for row in sorted(expected - stored)[:20]]
        found += [f"{name} : ligne en trop ou fausse : {row}" for row in sorted(stored - expected)[:20]]
    return found
