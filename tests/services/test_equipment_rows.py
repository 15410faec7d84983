"""The table's rows read with one Core SELECT (``convert.equipment_rows_query``) are the records the ORM gives."""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy import select

from ticeinventory.db import models as m
from ticeinventory.domain.records import EquipmentInfo
from ticeinventory.services import convert
from ticeinventory.services.equipment import _LOADS
from ticeinventory.services.equipment_browser import EquipmentBrowser


def test_core_rows_equal_the_orm_records_for_every_item_of_the_demo(demo_db):
    with demo_db.reading() as session:
        orm = {row.id: convert.equipment(row) for row in session.scalars(select(m.Equipment).options(*_LOADS))}
        core = {row[0]: convert.equipment_from_row(row)
                for row in session.execute(convert.equipment_rows_query(), {"ids": list(orm)})}
    assert len(orm) > 300
    assert core == orm
    every_field = {field.name for field in fields(EquipmentInfo)}
    assert all(set(vars(info)) == every_field for info in core.values())  # none left to the class's default
    # every optional name is exercised: with and without a school, room, plan, phase, parent, origin, attribution
    for field in ("school_name", "room_name", "plan_code", "phase_name", "parent_number", "funding_origin",
                  "attribution"):
        assert {getattr(info, field) is None for info in orm.values()} == {True, False}, field


def test_browser_rows_keep_the_order_asked_and_skip_missing_ids(demo_db):
    browser = EquipmentBrowser(demo_db)
    ids = browser.ids()[:50][::-1]
    assert [info.id for info in browser.rows([*ids[:3], 10**9, *ids[3:]])] == ids


def test_first_page_reads_a_short_list_whole(demo_db):
    browser = EquipmentBrowser(demo_db)
    every = browser.ids()
    head = browser.first_page(size=20)
    assert not head.complete and head.ids == every[:20] and head.counts.total == len(every)
    whole = browser.first_page(size=20, whole=len(every))
    assert whole.complete and whole.ids == every and [info.id for info in whole.rows] == every[:60]


def test_the_first_page_count_is_read_once_by_whichever_thread_comes_first(demo_db, monkeypatch):
    """A selective list counts in the page's own session once its ids are read; a slow one on the counting
    thread meanwhile. Either way the counts are the list's, and they are read once."""
    from ticeinventory.services import equipment_browser
    from ticeinventory.services.equipment import EquipmentFilter

    browser = EquipmentBrowser(demo_db)
    flt = EquipmentFilter(text="PCF")
    expected = browser.counts(flt)
    counted_apart = []
    original = EquipmentBrowser._count

    def spy(self, query):
        counted_apart.append(query)
        return original(self, query)

    monkeypatch.setattr(EquipmentBrowser, "_count", spy)
    monkeypatch.setattr(equipment_browser, "COUNT_DELAY", 60.0)  # the ids always come first: counted after them
    page = browser.first_page(flt, size=5)
    assert page.counts == expected and counted_apart == []
    monkeypatch.setattr(equipment_browser, "COUNT_DELAY", 0.0)  # the counting thread starts at once
    slow_ids = equipment_browser._first_column

    def slow(session, query):
        import time
        time.sleep(0.05)  # the ids take longer than the counting thread's delay
        return slow_ids(session, query)

    monkeypatch.setattr(equipment_browser, "_first_column", slow)
    page = browser.first_page(flt, size=5)
    assert page.counts == expected and len(counted_apart) == 1
    assert page.ids == browser.ids(flt)[:5]
