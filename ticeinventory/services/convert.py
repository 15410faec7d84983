"""ORM rows → plain records. The only place that knows both shapes."""

from __future__ import annotations

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
