"""ORM rows → plain records. The only place that knows both shapes."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import aliased

from ticeinventory.db import models as m
from ticeinventory.domain.enums import (
    Attribution,
    EquipmentStatus,
    FundingOrigin,
    PlanKind,
    RoomKind,
    SchoolType,
)
from ticeinventory.domain.records import (
    CategoryInfo,
    EndowmentInfo,
    EquipmentInfo,
    PhaseInfo,
    PlanInfo,
    RoomInfo,
    SchoolInfo,
)


def school(row: m.School) -> SchoolInfo:
    return SchoolInfo(
        id=row.id, uai=row.uai, name=row.name, type=SchoolType(row.type), address=row.address,
        postcode=row.postcode, commune=row.commune, circonscription=row.circonscription,
        holiday_zone=row.holiday_zone, director_name=row.director_name, phone=row.phone, email=row.email,
        active=row.active, notes=row.notes)


def room(row: m.Room) -> RoomInfo:
    return RoomInfo(id=row.id, school_id=row.school_id, name=row.name, kind=RoomKind(row.kind), notes=row.notes)


def category(row: m.Category) -> CategoryInfo:
    return CategoryInfo(id=row.id, code=row.code, label=row.label, lifetime_years=row.lifetime_years,
                        active=row.active)


def plan(row: m.Plan) -> PlanInfo:
    return PlanInfo(
        id=row.id, code=row.code, title=row.title, kind=PlanKind(row.kind), city=row.city, partners=row.partners,
        signed_on=row.signed_on, start_date=row.start_date, end_date=row.end_date, budget_cents=row.budget_cents,
        parent_code=row.parent.code if row.parent else None, notes=row.notes,
        phases=tuple(PhaseInfo(id=p.id, name=p.name, start_date=p.start_date, budget_cents=p.budget_cents)
                     for p in row.phases),
        endowments=tuple(EndowmentInfo(school_type=SchoolType(e.school_type), room_kind=RoomKind(e.room_kind),
                                       category_code=e.category.code, quantity=e.quantity)
                         for e in row.endowments))


def equipment(row: m.Equipment) -> EquipmentInfo:
    return EquipmentInfo(
        id=row.id, inventory_number=row.inventory_number, category_id=row.category_id,
        category_code=row.category.code, category_label=row.category.label, manufacturer=row.manufacturer,
        model=row.model, serial_number=row.serial_number, status=EquipmentStatus(row.status),
        school_id=row.school_id, school_uai=row.school.uai if row.school else None,
        school_name=row.school.name if row.school else None, room_id=row.room_id,
        room_name=row.room.name if row.room else None, plan_id=row.plan_id,
        plan_code=row.plan.code if row.plan else None, phase_id=row.phase_id,
        phase_name=row.phase.name if row.phase else None,
        funding_origin=FundingOrigin(row.funding_origin) if row.funding_origin else None,
        acquisition_date=row.acquisition_date, supplier=row.supplier, order_reference=row.order_reference,
        purchase_price_cents=row.purchase_price_cents, warranty_end=row.warranty_end,
        network_name=row.network_name, mac_address=row.mac_address, ip_address=row.ip_address,
        attribution=Attribution(row.attribution) if row.attribution else None, parent_id=row.parent_id,
        parent_number=row.parent.inventory_number if row.parent else None, notes=row.notes,
        assigned_on=row.assigned_on, retired_on=row.retired_on, retirement_reason=row.retirement_reason)


_EQUIPMENT_FIELDS = ("id", "inventory_number", "category_id", "manufacturer", "model", "serial_number", "school_id",
                     "room_id", "plan_id", "phase_id", "acquisition_date", "supplier", "order_reference",
                     "purchase_price_cents", "warranty_end", "network_name", "mac_address", "ip_address",
                     "parent_id", "notes", "assigned_on", "retired_on", "retirement_reason")


@cache
def equipment_rows_query() -> Select:
    """The items with the ids bound to ``ids`` (a list) and the names they show (category, school, room, plan, phase, parent), as one
    SELECT with joins: read without the ORM (a screenful of rows several times faster than ``selectinload``);
    each row goes through :func:`equipment_from_row`, which gives what :func:`equipment` gives."""
    E = m.Equipment
    parent = aliased(m.Equipment)
    return (select(*(getattr(E, name) for name in _EQUIPMENT_FIELDS), E.status, E.funding_origin, E.attribution,
                   m.Category.code, m.Category.label, m.School.uai, m.School.name, m.Room.name, m.Plan.code,
                   m.PlanPhase.name, parent.inventory_number)
            .join(m.Category, m.Category.id == E.category_id)
            .outerjoin(m.School, m.School.id == E.school_id)
            .outerjoin(m.Room, m.Room.id == E.room_id)
            .outerjoin(m.Plan, m.Plan.id == E.plan_id)
            .outerjoin(m.PlanPhase, m.PlanPhase.id == E.phase_id)
            .outerjoin(parent, parent.id == E.parent_id)
            .where(E.id.in_(bindparam("ids", expanding=True))))  # built once: building costs more than reading


_JOINED = ("category_code", "category_label", "school_uai", "school_name", "room_name", "plan_code", "phase_name",
           "parent_number")
_STATUSES = {status.value: status for status in EquipmentStatus}
_ORIGINS = {origin.value: origin for origin in FundingOrigin}
_ATTRIBUTIONS = {attribution.value: attribution for attribution in Attribution}
_FIELD_COUNT = len(_EQUIPMENT_FIELDS)


def equipment_from_row(row: Sequence) -> EquipmentInfo:
    """A row of :func:`equipment_rows_query` as a record — what scrolling through a big list does for each row.

    Made without the frozen dataclass's ``__init__``, which sets its 35 fields one by one through
    ``object.__setattr__`` (a third of the time to read a page of rows): every field is in the row
    (``tests/services/test_equipment_rows.py`` compares the records with the ORM's, field by field)."""
    values = dict(zip(_EQUIPMENT_FIELDS, row, strict=False))
    status, origin, attribution = row[_FIELD_COUNT:_FIELD_COUNT + 3]
    values["status"] = _STATUSES[status]
    values["funding_origin"] = _ORIGINS[origin] if origin else None
    values["attribution"] = _ATTRIBUTIONS[attribution] if attribution else None
    values.update(zip(_JOINED, row[_FIELD_COUNT + 3:], strict=True))  # outer joins: None without
    info = object.__new__(EquipmentInfo)
    object.__setattr__(info, "__dict__", values)
    return info
