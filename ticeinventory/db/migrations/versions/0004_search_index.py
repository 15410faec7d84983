"""Search index: an FTS5 trigram index over what the search field matches, kept by triggers (SQLite only).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

For every item, ``search_equipment_text`` holds one folded line (accents removed, so that « ecole » finds
« École »): inventory number, serial number, network name, MAC address, « manufacturer model », school name and
UAI, separated by U+001F (which a search never contains, so no match spans two fields), and the MAC address
without its separators. ``search_equipment`` is an external-content FTS5 table with the ``trigram`` tokenizer
over it: any substring of three characters or more is found through the index; shorter ones scan the small
text table (see ticeinventory.services.search).

Triggers keep both in step with ``equipment`` and ``schools`` whoever writes (the application, an import,
the sqlite3 shell): no application code has to remember them. A school renamed rewrites the lines of its
items (about a hundred, a few milliseconds); a write that touches none of the searched columns (status,
room, notes…) touches nothing here. The folding is plain nested ``replace()`` (no application function), so
that any connection can write; SQLite's parser takes about 30 nested calls, so the 60 replacements are
applied in four sub-selects of 15, and only to lines that hold a non-ASCII character.

The SQL is written out here, not imported from the application, so that this migration keeps producing the
same schema whatever the code becomes later. A later migration that rebuilds ``equipment`` or ``schools``
in batch mode (copy, drop, rename) must call :func:`drop_triggers` first and :func:`create_triggers` after:
SQLite refuses to rename a table while a trigger of another table names a dropped one, and the triggers of
the copied table are dropped with the original.

PostgreSQL: two views of the same names and columns fold each row when read (``translate()``, ``lower()``;
no extension, no trigger), so that the application's queries are the same joins, with ``LIKE`` for ``MATCH``.
"""
import sqlite3

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FOLDS = {
    "a": "àáâãäå", "c": "ç", "e": "èéêë", "i": "ìíîï", "n": "ñ", "o": "òóôõöø", "u": "ùúûü", "y": "ýÿ",
    "oe": "œ", "ae": "æ",
}
PAIRS = [(accented, plain) for plain, letters in FOLDS.items() for letter in letters
         for accented, plain in ((letter, plain), (letter.upper(), plain.upper()))]
LAYER = 15  # nested replace() calls per sub-select: SQLite's parser overflows a little above 30

SEARCHED_EQUIPMENT_COLUMNS = ("inventory_number", "serial_number", "network_name", "mac_address", "manufacturer",
                              "model", "school_id")
TEXT_TABLE = "search_equipment_text"
INDEX_TABLE = "search_equipment"
TABLES = (INDEX_TABLE, TEXT_TABLE)
TRIGGERS = ("search_equipment_text_ai", "search_equipment_text_ad", "search_equipment_text_au",
            "search_equipment_ai", "search_equipment_au", "search_equipment_ad",
            "search_schools_au", "search_schools_ad")


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


def create_triggers() -> None:
    for statement in trigger_statements():
        op.execute(statement)


def drop_triggers() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in postgresql_statements():
            op.execute(statement)
        return
    if op.get_bind().dialect.name != "sqlite":
        return
    if sqlite3.sqlite_version_info < (3, 34):
        raise RuntimeError(f"SQLite {sqlite3.sqlite_version} : la recherche demande SQLite 3.34 ou plus récent "
                           "(FTS5 et son tokenizer trigram).")
    for statement in table_statements() + fill_statements():
        op.execute(statement)
    create_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in TABLES:
            op.execute(f"DROP VIEW IF EXISTS {name}")
        return
    if op.get_bind().dialect.name != "sqlite":
        return
    drop_triggers()
    for name in TABLES:
        op.execute(f"DROP TABLE IF EXISTS {name}")
