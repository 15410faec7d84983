"""The search index during an import (SQLite): kept up to date once, at the end, for just the items it wrote.

``services.search`` keeps one folded line per item and an FTS5 index over them, by triggers. Row by row, those
cost more than the rest of the import together (FTS5 flushes at every trigger's statement), and rebuilding the
whole index afterwards costs as much again, for every item of the database. So an import drops the triggers for
its transaction, writes each new item's line itself beside the item (:func:`line`, the same text as
``search.source_select`` computes in SQL, built in Python from the values at hand: tests hold them equal) and
indexes each batch of lines in one statement (FTS5 keeps its pending terms across the statements of a
transaction), then at the end adds the models it met that ``search_model_text`` lacks, refreshes the lines of
the existing items it updated (and their models) and puts the triggers back. All in the import's transaction:
a rollback leaves the index and its triggers as they were. An import writes no school: ``search_school_text``
needs nothing.
"""

from __future__ import annotations

from sqlalchemy import Connection

from ticeinventory.services import search

INSERT_LINE = f"INSERT INTO {search.TEXT_TABLE} (id, body) VALUES (?, ?)"
HASH_BYTES = 32 * 1024 * 1024
"""FTS5 writes a segment each time its pending terms pass its ``hashsize`` (1 Mo by default) and then merges
them: indexing 100 000 lines in 32 Mo pieces takes half the time."""
_HEX = frozenset("0123456789abcdefABCDEF")
_IN_CHUNK = 500


def line(item_id: int, number: str | None, serial: str | None, network: str | None,
         mac: str | None) -> tuple[int, str]:
    """(id, body) of an item's line, as ``search.source_select`` builds it."""
    mac = mac or ""
    mac_hex = mac.replace(":", "").replace("-", "").replace(".", "").replace(" ", "")
    if len(mac_hex) == 12 and _HEX.issuperset(mac_hex):
        mac = ":".join((mac_hex[0:2], mac_hex[2:4], mac_hex[4:6], mac_hex[6:8], mac_hex[8:10], mac_hex[10:12]))
    return item_id, search.fold(search.SEPARATOR.join((number or "", serial or "", network or "", mac)))


def model_line(manufacturer: str, model: str) -> tuple[str, str, str]:
    """(manufacturer, model, body) of a model's row, as ``search.model_select`` builds it."""
    return manufacturer, model, search.fold(f"{manufacturer} {model}")


class SearchUpkeep:
    """Drops the triggers on entering; :meth:`finish` indexes the new items' lines and puts them back.

    :attr:`models` gathers the (manufacturer, model) of the new items as they are written."""

    def __init__(self, connection: Connection, first_id: int) -> None:
        self.connection = connection
        self.first_id = first_id
        self.updated: set[int] = set()
        self.models: set[tuple[str, str]] = set()
        self._hash_size: tuple[int | None] | None = None  # (the stored hashsize) once raised

    def start(self) -> None:
        run = self.connection.exec_driver_sql
        for name in search.TRIGGERS:
            run(f"DROP TRIGGER IF EXISTS {name}")
        self._forget(f"id >= {int(self.first_id)}")  # stale lines where the new items will go (damaged index)

    def index(self, first: int, end: int) -> None:
        """Index the lines written for the items ``first`` to ``end`` (excluded)."""
        if self._hash_size is None:
            config = f"{search.INDEX_TABLE}_config"
            self._hash_size = (self.connection.exec_driver_sql(f"SELECT v FROM {config} WHERE k = 'hashsize'")
                               .scalar(),)
            self._set_hash_size(HASH_BYTES)
        self._index(f"id >= {int(first)} AND id < {int(end)}")

    def finish(self) -> None:
        """Add the new models, refresh the lines (and models) of :attr:`updated`, put the hash size and the
        triggers back."""
        run = self.connection.exec_driver_sql
        known = set(run(f"SELECT manufacturer, model FROM {search.MODEL_TABLE}").all())
        new = [model_line(*pair) for pair in sorted(self.models - known)]
        if new:
            run(f"INSERT INTO {search.MODEL_TABLE} (manufacturer, model, body) VALUES (?, ?, ?)", new)
        updated = sorted(self.updated)
        for start in range(0, len(updated), _IN_CHUNK):
            ids = ", ".join(str(int(i)) for i in updated[start:start + _IN_CHUNK])
            self._forget(f"id IN ({ids})")
            run(f"INSERT INTO {search.TEXT_TABLE} (id, body) {search.source_select(f'e.id IN ({ids})')}")
            self._index(f"id IN ({ids})")
            run(f"INSERT INTO {search.MODEL_TABLE} (manufacturer, model, body) SELECT manufacturer, model, body "
                f"FROM ({search.model_select(f'e.id IN ({ids})')}) AS n WHERE NOT EXISTS (SELECT 1 FROM "
                f"{search.MODEL_TABLE} AS t WHERE t.manufacturer = n.manufacturer AND t.model = n.model)")
        if updated:  # models whose last items were updated to another one (a look-up each, by ix_equipment_model)
            run(f"DELETE FROM {search.MODEL_TABLE} WHERE NOT EXISTS (SELECT 1 FROM equipment AS e WHERE "
                f"e.manufacturer = {search.MODEL_TABLE}.manufacturer AND e.model = {search.MODEL_TABLE}.model)")
        if self._hash_size is not None:
            before = self._hash_size[0]
            if before is None:
                self._set_hash_size(1024 * 1024)  # FTS5's default, for this connection; then as it was stored
                run(f"DELETE FROM {search.INDEX_TABLE}_config WHERE k = 'hashsize'")
            else:
                self._set_hash_size(before)
            self._hash_size = None
        for statement in search.trigger_statements():
            run(statement)

    def _forget(self, where: str) -> None:
        run = self.connection.exec_driver_sql
        run(f"INSERT INTO {search.INDEX_TABLE} ({search.INDEX_TABLE}, rowid, body) "
            f"SELECT 'delete', id, body FROM {search.TEXT_TABLE} WHERE {where}")
        run(f"DELETE FROM {search.TEXT_TABLE} WHERE {where}")

    def _index(self, where: str) -> None:
        self.connection.exec_driver_sql(f"INSERT INTO {search.INDEX_TABLE} (rowid, body) "
                                        f"SELECT id, body FROM {search.TEXT_TABLE} WHERE {where}")

    def _set_hash_size(self, size: int) -> None:
        self.connection.exec_driver_sql(f"INSERT INTO {search.INDEX_TABLE} ({search.INDEX_TABLE}, rank) "
                                        f"VALUES ('hashsize', {int(size)})")
