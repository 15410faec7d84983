"""Search index, lighter: the lines keep the item's own fields, schools and models get small tables of their own.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24

0004's lines held seven fields per item, three of them (« manufacturer model », school name, UAI) the same for
thousands of items, plus the MAC's digits in a second indexed column: indexing them cost 2.2 s of an import of
100 000 rows. Now:

- ``search_equipment_text``: one folded line per item, inventory number, serial number, network name and MAC
  address (with colons when it is 12 hex digits), separated by U+001F; ``search_equipment`` an external-content
  FTS5 ``trigram`` index over it, ``columnsize=0`` (no per-line token counts: only ranking reads them). A piece
  of MAC typed as hex digits is looked for as colon pairs at both alignments (no digits column).
- ``search_school_text``: each school's folded « name U+001F UAI »; ``search_model_text``: each
  (manufacturer, model) of the fleet once, folded « manufacturer model »; both scanned with ``LIKE`` (a few dozen
  rows), their items found by ``ix_equipment_school_id`` and the new ``ix_equipment_model``.

Triggers keep them in step with ``equipment`` and ``schools`` whoever writes. A school renamed now rewrites one
row, an item moved to another school none; a model leaves ``search_model_text`` with its last item. The folding
is plain nested ``replace()`` as in 0004 (see there). The SQL is written out here, not imported from the
application, so that this migration keeps producing the same schema whatever the code becomes later. A later
migration that rebuilds ``equipment`` or ``schools`` in batch mode (copy, drop, rename) must call
:func:`drop_triggers` of this revision first and :func:`create_triggers` after (see 0004).

PostgreSQL: views of the same names and columns fold each row when read, as in 0004.

The downgrade puts back 0004's layout, with 0004's own statements.
"""
import sqlite3

from alembic import context, op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

FOLDS = {
    "a": "àáâãäå", "c": "ç", "e": "èéêë", "i": "ìíîï", "n": "ñ", "o": "òóôõöø", "u": "ùúûü", "y": "ýÿ",
    "oe": "œ", "ae": "æ",
}
PAIRS = [(accented, plain) for plain, letters in FOLDS.items() for letter in letters
         for accented, plain in ((letter, plain), (letter.upper(), plain.upper()))]
PAIRS = [(accented, plain) for plain, letters in FOLDS.items() for letter in letters
         for accented, plain in ((letter, plain), (letter.upper(), plain.upper()))]
LAYER = 15  # nested replace() calls per sub-select: SQLite's parser overflows a little above 30

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


def create_triggers() -> None:
    for statement in trigger_statements():
        op.execute(statement)


def drop_triggers() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def _revision_0004():
    return context.script.get_revision("0004").module


def upgrade() -> None:
    old = _revision_0004()
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for name in old.TABLES:
            op.execute(f"DROP VIEW IF EXISTS {name}")
        op.create_index(MODEL_INDEX, "equipment", ["manufacturer", "model"])
        for statement in postgresql_statements():
            op.execute(statement)
        return
    if dialect != "sqlite":
        return
    if sqlite3.sqlite_version_info < (3, 34):
        raise RuntimeError(f"SQLite {sqlite3.sqlite_version} : la recherche demande SQLite 3.34 ou plus récent "
                           "(FTS5 et son tokenizer trigram).")
    old.drop_triggers()
    for name in old.TABLES:
        op.execute(f"DROP TABLE IF EXISTS {name}")
    op.create_index(MODEL_INDEX, "equipment", ["manufacturer", "model"])
    for statement in table_statements() + fill_statements():
        op.execute(statement)
    create_triggers()


def downgrade() -> None:
    old = _revision_0004()
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for name in TABLES:
            op.execute(f"DROP VIEW IF EXISTS {name}")
        op.drop_index(MODEL_INDEX, "equipment")
        for statement in old.postgresql_statements():
            op.execute(statement)
        return
    if dialect != "sqlite":
        return
    drop_triggers()
    for name in TABLES:
        op.execute(f"DROP TABLE IF EXISTS {name}")
    op.drop_index(MODEL_INDEX, "equipment")
    for statement in old.table_statements() + old.fill_statements():
        op.execute(statement)
    old.create_triggers()
