"""The readable audit trail (services/history.py) and the window's filters (warranty, age, school type, search),
on a real demo database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from ticeinventory.domain.enums import AuditSource, EquipmentStatus, SchoolType
from ticeinventory.domain.validation import format_amount
from ticeinventory.services.app import open_services
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.services.equipment_browser import SortKey
from ticeinventory.services.equipment_filters import WarrantyState, years_before
from ticeinventory.services.history import HistoryService, local_time


@pytest.fixture
def services(demo_path):
    opened = open_services(demo_path, AuditSource.SCREEN, user="dupont")
    yield opened
    opened.close()


def test_history_names_rooms_schools_plans_and_labels(services):
    item = next(i for i in services.equipment.list(EquipmentFilter(in_plan=True, status=EquipmentStatus.EN_SERVICE))
                if i.room_id)
    other_school = next(s for s in services.schools.list() if s.id != item.school_id)
    room = services.schools.rooms(other_school.id)[0]
    services.equipment.update(item.id, purchase_price="1234,5", warranty_end="2031-01-31")
    services.equipment.move([item.id], other_school.id, room.id, with_contents=False)
    services.equipment.update(item.id, funding_origin="don")

    lines = HistoryService(services.db).of_equipment(item.id)
    changes = [line.change for line in lines]
    assert lines[0].at >= lines[-1].at
    assert f"école : {item.school_name} → {other_school.name}" in changes
    assert f"salle : {item.room_name} → {room.name}" in changes
    assert f"plan : {item.plan_code} → hors plan" in changes
    assert "origine (hors plan) : (vide) → Don" in changes
    assert "fin de garantie : " in " ".join(changes) and "→ 31/01/2031" in " ".join(changes)
    assert any(c.startswith("prix d'achat : ") and c.endswith(f"→ {format_amount(123450)}") for c in changes)
    assert changes[-1].startswith("création de la fiche : ")
    latest = lines[0]
    assert latest.text == f"{latest.at:%d/%m/%Y %H:%M} — dupont — {latest.change}"
    assert lines[-1].who == "demo (système)"


def test_history_times_are_local():
    utc = datetime(2026, 3, 12, 13, 2)
    assert local_time(utc) == utc.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def test_warranty_age_and_school_type_filters(services):
    today = date.today()
    everything = services.equipment.list()
    services.equipment.update(everything[0].id, warranty_end=today)  # its last day: still under warranty
    services.equipment.update(everything[1].id, warranty_end=today + timedelta(days=91))
    everything = services.equipment.list()

    def ids(**fields):
        return {i.id for i in services.equipment.list(EquipmentFilter(**fields))}

    assert ids(warranty=WarrantyState.UNDER) == {everything[0].id, everything[1].id}
    assert ids(warranty=WarrantyState.ENDING) == {everything[0].id}
    assert ids(warranty=WarrantyState.EXPIRED) == {i.id for i in everything if i.warranty_end and i.warranty_end < today}
    limit = years_before(today, 12)
    assert ids(older_than_years=12) == {i.id for i in everything if i.acquisition_date and i.acquisition_date < limit}
    kinds = {s.id: s.type for s in services.schools.list()}
    assert ids(school_type=SchoolType.ELEMENTAIRE) == {i.id for i in everything
                                                       if kinds.get(i.school_id) is SchoolType.ELEMENTAIRE}


def test_years_before_a_leap_day():
    assert years_before(date(2028, 2, 29), 1) == date(2027, 2, 28)


def test_search_is_literal_and_matches_schools(services):
    assert services.equipment.count(EquipmentFilter(text="%")) == 0
    school = services.schools.list()[0]
    assert services.equipment.count(EquipmentFilter(text=school.uai.lower())) >= \
        services.equipment.count(EquipmentFilter(school_id=school.id)) > 0


def test_browse_gives_ordered_ids_and_counts_in_one_read(services):
    flt = EquipmentFilter(status=EquipmentStatus.EN_SERVICE)
    result = services.browser.browse(flt, SortKey.ACQUISITION, descending=True)
    assert result.ids == services.browser.ids(flt, SortKey.ACQUISITION, descending=True)
    assert result.counts == services.browser.counts(flt)
    for key in SortKey:  # every column sorts in SQL
        assert sorted(services.browser.ids(flt, key)) == sorted(result.ids)


def test_id_of_number_takes_a_scanned_number(services):
    item = services.equipment.list(limit=1)[0]
    assert services.browser.id_of_number(f"  {item.inventory_number.lower()} ") == item.id
    assert services.browser.id_of_number("XXX-0000") is None
    assert services.browser.id_of_number("") is None
    assert services.browser.matches(EquipmentFilter(school_id=item.school_id), item.id)
    assert not services.browser.matches(EquipmentFilter(unassigned=True), item.id) or item.school_id is None
