"""Listing equipment for a table that shows thousands of rows: the ordered ids of a filter, then rows by id.

A window keeps only the ids of what it shows and asks for the rows it paints, a page at a time (as Anki's
browser does); sorting happens here, in SQL, never over all rows in Python. On a big base a window first asks
for :meth:`EquipmentBrowser.first_page` (the counts, ``ORDER BY … LIMIT`` ids and their rows: a few ms) and
then, off the GUI thread, for every id in order (:meth:`EquipmentBrowser.ids`: a few hundred ms for 200 000).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from sqlalchemy import Connection, Select, case, func, select
from sqlalchemy.orm import Session

from ticeinventory.db import models as m
from ticeinventory.db.database import Database
from ticeinventory.domain import inventory_number as numbers
from ticeinventory.domain.records import EquipmentInfo

from . import convert, search
from .equipment import _filtered
from .listing import BrowseResult, EquipmentFilter, FirstPage, PlanCounts, SortKey


def in_plan_flag():
    """1 for an item of the plan, 0 for hors plan: summed, it counts the plan's items."""
    return case((m.Equipment.plan_id.is_not(None), 1), else_=0)


class EquipmentBrowser:
    def __init__(self, db: Database) -> None:
        self.db = db

    def ids(self, flt: EquipmentFilter | None = None, sort: SortKey = SortKey.NUMBER, *,
            descending: bool = False) -> list[int]:
        """The ids of the items matching ``flt``, in the order asked."""
        flt = flt or EquipmentFilter()
        with self.db.reading() as session:
            query = _ordered(_filtered(select(m.Equipment.id), flt, _nearby(session, flt)), sort, descending)
            return _first_column(session, query)

    def browse(self, flt: EquipmentFilter | None = None, sort: SortKey = SortKey.NUMBER, *,
               descending: bool = False) -> BrowseResult:
        """What a table shows: the ordered ids and their plan / hors plan counts, from one snapshot.

        Two queries rather than one: the ids come from an index alone, a count query sums the plan flags
        (selecting the flag with each id would read every row of the table: three times slower on 200 000)."""
        flt = flt or EquipmentFilter()
        with self.db.reading() as session:
            ids, counted = _list_statements(session, flt, sort, descending)
            found = _first_column(session, ids)
            total, in_plan = session.execute(counted).one()
        return BrowseResult(ids=found, counts=PlanCounts(total=int(total), in_plan=int(in_plan)))

    def first_page(self, flt: EquipmentFilter | None = None, sort: SortKey = SortKey.NUMBER, *,
                   descending: bool = False, size: int = 200, rows: int = 60, whole: int = 0) -> FirstPage:
        """What a table shows before it knows every id: the counts, the first ``size`` ids in the order asked
        (``ORDER BY … LIMIT``: SQLite keeps the best ``size`` while it reads, no sort of the whole list) and the
        rows of the first ``rows`` of them (a screenful: the ORM reads about 15 rows a millisecond), from one
        session.

        Both statements walk every match: for a text, the search index drives and each match's row is read by
        its key (about 30 ms per 100 000 matches on a small machine); the count, the ids and the rows take a few
        ms for a selective text. One statement for both (a window function, or a materialised CTE) was slower.

        The count runs on a second connection while the ids are read (a big list's first page in about half the
        time on two cores) — unless the ids are read within :data:`COUNT_DELAY`: a selective text's count is then
        read right after them, in the same session, which is quicker than two threads taking the interpreter from
        each other for a few ms. A write between both snapshots shows as a list not :meth:`~FirstPage.complete`
        whose ids disagree with its count, which the window reads again (see ``EquipmentTableModel.complete``).

        A list of at most ``whole`` items is read whole (every id: the page is :attr:`~FirstPage.complete`), by
        the same statement (``LIMIT whole``): no second read for the rest."""
        flt = flt or EquipmentFilter()
        with self.db.reading() as session:
            connection = session.connection()  # Core statements: the session's ORM layer would cost a ms more
            ids, counted = _list_statements(connection, flt, sort, descending)
            count = _DelayedCount(self, counted)
            try:
                # up to ``whole`` ids in one statement: a short list needs no second read (keeping the best 1 000
                # rather than the best 200 while SQLite reads costs next to nothing); a long one shows its head
                found = _first_column(connection, ids.limit(max(size, whole)))
                if count.take():  # the ids came quickly: the count here, after them
                    total, in_plan = connection.execute(counted).one()
                else:
                    total, in_plan = count.result()
                if len(found) < total:
                    found = found[:size]
                read = _rows(connection, found[:rows])
            finally:
                count.cancel()
        return FirstPage(counts=PlanCounts(total=int(total), in_plan=int(in_plan)), ids=found, rows=read)

    def _count(self, query: Select) -> tuple[int, int]:
        with self.db.reading() as session:
            total, in_plan = session.execute(query).one()
        return int(total), int(in_plan)

    def id_of_number(self, text: str) -> int | None:
        """The id of the item whose inventory number is exactly ``text`` (as typed or scanned), or None."""
        number = numbers.normalise(text or "")
        if not number:
            return None
        with self.db.reading() as session:
            return session.scalar(select(m.Equipment.id).where(m.Equipment.inventory_number == number))

    def matches(self, flt: EquipmentFilter, equipment_id: int) -> bool:
        """Whether the item ``equipment_id`` is among those ``flt`` lists."""
        # no nearby matches: the plain condition, checked on that one item (a join would walk every match)
        query = _filtered(select(m.Equipment.id), flt).where(m.Equipment.id == equipment_id)
        with self.db.reading() as session:
            return session.scalar(query) is not None

    def total(self) -> int:
        """How many items the base holds (a quick count, to judge whether a query may be slow)."""
        with self.db.reading() as session:
            return session.scalar(select(func.count()).select_from(m.Equipment)) or 0

    def rows(self, ids: Sequence[int]) -> list[EquipmentInfo]:
        """The items with these ids, in the same order; ids that no longer exist are left out."""
        if not ids:
            return []
        with self.db.reading() as session:
            return _rows(session.connection(), ids)

    def counts(self, flt: EquipmentFilter | None = None) -> PlanCounts:
        """How many items match ``flt``, and how many of them are in the plan — one query."""
        E = m.Equipment
        flt = flt or EquipmentFilter()
        with self.db.reading() as session:
            query = _filtered(select(func.count(E.id), func.coalesce(func.sum(in_plan_flag()), 0)).select_from(E),
                              flt, _nearby(session, flt))
            total, in_plan = session.execute(query).one()
        return PlanCounts(total=int(total), in_plan=int(in_plan))


COUNT_DELAY = 0.002
"""Seconds the count of a first page waits before it starts on its own connection (see :meth:`first_page`)."""


class _DelayedCount:
    """A first page's count, started on the counting thread after :data:`COUNT_DELAY` unless the page's own
    thread takes it first (:meth:`take`): whichever comes first reads it, never both."""

    def __init__(self, browser: EquipmentBrowser, query: Select) -> None:
        self._claimed = False
        self._lock = threading.Lock()
        self._taken = threading.Event()
        self._future = _counter().submit(self._run, browser, query)

    def _claim(self) -> bool:
        with self._lock:
            if self._claimed:
                return False
            self._claimed = True
            return True

    def _run(self, browser: EquipmentBrowser, query: Select) -> tuple[int, int] | None:
        if self._taken.wait(COUNT_DELAY) or not self._claim():
            return None  # the page's thread counts
        return browser._count(query)

    def take(self) -> bool:
        """True when the caller is to count (the counting thread has not started)."""
        taken = self._claim()
        if taken:
            self._taken.set()
        return taken

    def result(self) -> tuple[int, int]:
        found = self._future.result()
        assert found is not None  # the counting thread claimed it: take() returned False
        return found

    def cancel(self) -> None:
        self._taken.set()
        self._future.cancel()


@cache
def _counter() -> ThreadPoolExecutor:
    """The thread that counts a list while its first page is read."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="counts")


def _list_statements(connection: Connection | Session, flt: EquipmentFilter, sort: SortKey,
                     descending: bool) -> tuple[Select, Select]:
    """A list's ordered ids, and its total and in-plan counts, as statements (the search's nearby schools and
    models read with ``connection``)."""
    E = m.Equipment
    near = _nearby(connection, flt)
    ids = _ordered(_filtered(select(E.id), flt, near), sort, descending)
    counted = _filtered(select(func.count(E.id), func.coalesce(func.sum(in_plan_flag()), 0)).select_from(E), flt,
                        near)
    return ids, counted


def _nearby(connection: Connection | Session, flt: EquipmentFilter) -> search.Nearby | None:
    """The schools and the models the filter's text matches (two tiny reads), for :func:`_filtered`: with them the
    search of a number, a serial or a MAC is a join driven by the index (see :func:`services.search.restrict`)."""
    return search.nearby(connection, flt.text) if flt.text else None


def _rows(connection: Connection | Session, ids: Sequence[int]) -> list[EquipmentInfo]:
    if not ids:
        return []
    found = {row[0]: convert.equipment_from_row(row)
             for row in connection.execute(convert.equipment_rows_query(), {"ids": list(ids)})}
    return [found[i] for i in ids if i in found]


def _first_column(connection: Connection | Session, query: Select) -> list[int]:
    """The first column of the rows of ``query`` (ids), straight from the driver's cursor: SQLAlchemy binds the
    parameters, but its row processing would cost twice the query itself for 200 000 ids (integers need none)."""
    if isinstance(connection, Session):
        connection = connection.connection()
    result = connection.execute(query)
    try:
        cursor, found = result.cursor, []
        # by chunks: one fetchall of 200 000 rows holds the interpreter for up to 20 ms, and the GUI thread waits
        while rows := cursor.fetchmany(ID_CHUNK):
            found.extend([row[0] for row in rows])
        return found
    finally:
        result.close()


ID_CHUNK = 5_000
"""Ids fetched at a time by :func:`_first_column`."""


def _ordered(query: Select, sort: SortKey, descending: bool) -> Select:
    """``query`` (on equipment) in the order of ``sort``; ties broken by inventory number."""
    E = m.Equipment
    keys: list = []
    if sort is SortKey.CATEGORY:
        query = query.join(m.Category, m.Category.id == E.category_id)
        keys = [func.lower(m.Category.label)]
    elif sort is SortKey.MANUFACTURER:
        keys = [func.lower(E.manufacturer)]
    elif sort is SortKey.MODEL:
        keys = [func.lower(E.model)]
    elif sort is SortKey.SERIAL:
        keys = [func.lower(E.serial_number)]
    elif sort is SortKey.SCHOOL:
        query = query.outerjoin(m.School, m.School.id == E.school_id)
        keys = [case((E.school_id.is_(None), 1), else_=0), func.lower(m.School.name)]
    elif sort is SortKey.ROOM:
        query = query.outerjoin(m.Room, m.Room.id == E.room_id)
        keys = [case((E.room_id.is_(None), 1), else_=0), func.lower(m.Room.name)]
    elif sort is SortKey.STATUS:
        keys = [E.status]  # stored values sort like their French labels
    elif sort is SortKey.FUNDING:
        query = query.outerjoin(m.Plan, m.Plan.id == E.plan_id)
        keys = [case((E.plan_id.is_(None), 1), else_=0), m.Plan.code, E.funding_origin]
    elif sort is SortKey.ACQUISITION:
        keys = [case((E.acquisition_date.is_(None), 1), else_=0), E.acquisition_date]
    elif sort is SortKey.WARRANTY:
        keys = [case((E.warranty_end.is_(None), 1), else_=0), E.warranty_end]
    elif sort is SortKey.NETWORK_NAME:
        keys = [case((E.network_name == "", 1), else_=0), func.lower(E.network_name)]
    elif sort is SortKey.MAC:
        keys = [case((E.mac_address == "", 1), else_=0), E.mac_address]
    elif sort is SortKey.SUPPLIER:
        keys = [case((E.supplier == "", 1), else_=0), func.lower(E.supplier)]
    keys.append(E.inventory_number)
    return query.order_by(*(key.desc() if descending else key.asc() for key in keys))
