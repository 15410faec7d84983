"""Plain data handed out by the services: frozen dataclasses, never live database objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .enums import Attribution, EquipmentStatus, FundingOrigin, PlanKind, RoomKind, SchoolType
from .i18n import _


@dataclass(frozen=True)
class SchoolInfo:
    id: int
    uai: str
    name: str
    type: SchoolType
    address: str = ""
    postcode: str = ""
    commune: str = ""
    circonscription: str = ""
    holiday_zone: str = ""
    director_name: str = ""
    phone: str = ""
    email: str = ""
    active: bool = True
    notes: str = ""


@dataclass(frozen=True)
class RoomInfo:
    id: int
    school_id: int
    name: str
    kind: RoomKind
    notes: str = ""


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    code: str
    label: str
    lifetime_years: int
    active: bool = True


@dataclass(frozen=True)
class PhaseInfo:
    id: int
    name: str
    start_date: date | None
    budget_cents: int | None


@dataclass(frozen=True)
class EndowmentInfo:
    school_type: SchoolType
    room_kind: RoomKind
    category_code: str
    quantity: int


@dataclass(frozen=True)
class PlanInfo:
    id: int
    code: str
    title: str
    kind: PlanKind
    city: str
    partners: str
    signed_on: date | None
    start_date: date | None
    end_date: date | None
    budget_cents: int | None
    parent_code: str | None = None
    notes: str = ""
    phases: tuple[PhaseInfo, ...] = ()
    endowments: tuple[EndowmentInfo, ...] = ()


@dataclass(frozen=True)
class EquipmentInfo:
    id: int
    inventory_number: str
    category_id: int
    category_code: str
    category_label: str
    manufacturer: str
    model: str
    serial_number: str
    status: EquipmentStatus
    school_id: int | None = None
    school_uai: str | None = None
    school_name: str | None = None
    room_id: int | None = None
    room_name: str | None = None
    plan_id: int | None = None
    plan_code: str | None = None
    phase_id: int | None = None
    phase_name: str | None = None
    funding_origin: FundingOrigin | None = None
    acquisition_date: date | None = None
    supplier: str = ""
    order_reference: str = ""
    purchase_price_cents: int | None = None
    warranty_end: date | None = None
    network_name: str = ""
    mac_address: str = ""
    ip_address: str = ""
    attribution: Attribution | None = None
    parent_id: int | None = None
    parent_number: str | None = None
    notes: str = ""
    assigned_on: date | None = None
    retired_on: date | None = None
    retirement_reason: str = ""

    @property
    def in_plan(self) -> bool:
        return self.plan_id is not None

    @property
    def funding_label(self) -> str:
        """``Plan DIJON-2009 (phase 1)`` or ``Hors plan — non maintenu (Don)``."""
        if self.in_plan:
            if self.phase_name:
                return _("Plan {code} ({phase})").format(code=self.plan_code, phase=self.phase_name)
            return _("Plan {code}").format(code=self.plan_code)
        origin = self.funding_origin.label if self.funding_origin else _("origine inconnue")
        return _("Hors plan — non maintenu ({origin})").format(origin=origin)

    @property
    def location_label(self) -> str:
        if self.school_id is None:
            return _("Stock de la ville (non affecté)")
        if self.room_name:
            return f"{self.school_name} — {self.room_name}"
        return self.school_name or ""


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    user: str
    source: str
    entity: str
    entity_id: int
    action: str
    field: str | None
    old_value: str | None
    new_value: str | None


@dataclass(frozen=True)
class Stats:
    schools: int
    rooms: int
    equipment: int
    in_plan: int
    out_of_plan: int
    by_category: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    by_plan: dict[str, int] = field(default_factory=dict)
    by_school_type: dict[str, int] = field(default_factory=dict)
