"""The search index during an import (SQLite): kept up to date once, at the end, for just the items it wrote.

``services.search`` keeps one folded line per item and an FTS5 index over them, by triggers. Row by row, those
cost more than the rest of the import together (FTS5 flushes at every trigger's statement), and rebuilding the
whole index afterwards costs as much again, for every item of the database. So an import drops the triggers for
its transaction, writes each new item's line itself beside the item (:func:`line`, the same text as
``search.source_select`` computes in SQL, built in Python from the values at hand: tests hold them equal) and
indexes each batch of lines in one statement (FTS5 keeps its pending terms across the statements of a
transaction), then at the end refreshes the lines of the existing items it updated and puts the triggers back. All in the import's transaction: a rollback leaves the index and its triggers as they were.
"""

from __future__ import annotations

from sqlalchemy import Connection

from ticeinventory.services import search

INSERT_LINE = f"INSERT INTO {search.TEXT_TABLE} (id, body, mac_hex) VALUES (?, ?, ?)"
HASH_BYTES = 32 * 1024 * 1024
"""FTS5 writes a segment each time its pending terms pass its ``hashsize`` (1 Mo by default) and then merges
them: indexing 100 000 lines in 32 Mo pieces takes half the time."""
_HEX = frozenset("0123456789abcdefABCDEF")
_IN_CHUNK = 500


def line(item_id: int, number: str | None, serial: str | None, network: str | None, mac: str | None,
         manufacturer: str | None, model: str | None, school: str) -> tuple[int, str, str]:
    """(id, body, mac_hex) of an item's line, as ``search.source_select`` builds it; ``school`` is
    :func:`school_part` of the item's school."""
    mac = mac or ""
    mac_hex = mac.replace(":", "").replace("-", "").replace(".", "").replace(" ", "")
    if len(mac_hex) == 12 and _HEX.issuperset(mac_hex):
        mac = ":".join((mac_hex[0:2], mac_hex[2:4], mac_hex[4:6], mac_hex[6:8], mac_hex[8:10], mac_hex[10:12]))
    body = search.SEPARATOR.join((number or "", serial or "", network or "", mac,
                                  f"{manufacturer or ''} {model or ''}"))
    return item_id, search.fold(body) + school, mac_hex


def school_part(name: str | None, uai: str | None) -> str:
    """The end of the line of an item of this school (nothing given: the city stock)."""
    return search.fold(f"{search.SEPARATOR}{name or ''}{search.SEPARATOR}{uai or ''}")


class SearchUpkeep:
    """Drops the triggers on entering; :meth:`finish` indexes the new items' lines and puts them back."""

    def __init__(self, connection: Connection, first_id: int) -> None:
        self.connection = connection
        self.first_id = first_id
        self.updated: set[int] = set()
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
        """Refresh the lines of :attr:`updated`, put the hash size and the triggers back."""
        run = self.connection.exec_driver_sql
        updated = sorted(self.updated)
        for start in range(0, len(updated), _IN_CHUNK):
            ids = ", ".join(str(int(i)) for i in updated[start:start + _IN_CHUNK])
            self._forget(f"id IN ({ids})")
            run(f"INSERT INTO {search.TEXT_TABLE} (id, body, mac_hex) {search.source_select(f'e.id IN ({ids})')}")
            self._index(f"id IN ({ids})")
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
        run(f"INSERT INTO {search.INDEX_TABLE} ({search.INDEX_TABLE}, rowid, body, mac_hex) "
            f"SELECT 'delete', id, body, mac_hex FROM {search.TEXT_TABLE} WHERE {where}")
        run(f"DELETE FROM {search.TEXT_TABLE} WHERE {where}")

    def _index(self, where: str) -> None:
        self.connection.exec_driver_sql(f"INSERT INTO {search.INDEX_TABLE} (rowid, body, mac_hex) "
                                        f"SELECT id, body, mac_hex FROM {search.TEXT_TABLE} WHERE {where}")

    def _set_hash_size(self, size: int) -> None:
        self.connection.exec_driver_sql(f"INSERT INTO {search.INDEX_TABLE} ({search.INDEX_TABLE}, rank) "
                                        f"VALUES ('hashsize', {int(size)})")
