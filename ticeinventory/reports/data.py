"""Plain data the renderers print. Built by ``services.reporting`` from the database, or by hand in tests.

Nothing here queries anything: a renderer receives one of these objects and turns it into a PDF or CSV.
The few helpers below only count and sort what they are given.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from ticeinventory.domain.enums import EquipmentStatus, FundingOrigin, RoomKind, SchoolType, fold
from ticeinventory.domain.i18n import _
from ticeinventory.domain.records import EquipmentInfo, SchoolInfo


@dataclass(frozen=True)
class CityIdentity:
    """Who issues the document: the city's name (setting ``city_name``) and an optional logo (PNG or JPEG)."""

    name: str = ""
    logo: Path | None = None

    @property
    def title(self) -> str:
        """``Dijon`` → ``Ville de Dijon``; a name that already says what it is is kept as it is."""
        name = self.name.strip()
        if not name:
            return ""
        if fold(name.split()[0]) in {"ville", "mairie", "commune", "communaute", "metropole", "agglomeration"}:
            return name
        lowered = name.lower()
        if lowered.startswith("le "):
            return _("Ville du {name}").format(name=name[3:])
        if lowered.startswith("les "):
            return _("Ville des {name}").format(name=name[4:])
        if fold(name[0]) in "aeiouyh":
            return _("Ville d'{name}").format(name=name)
        return _("Ville de {name}").format(name=name)


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One printed line of equipment: only what a sheet shows, cheap to build by the thousand."""

    inventory_number: str
    category_label: str
    manufacturer: str = ""
    model: str = ""
    serial_number: str = ""
    status: EquipmentStatus = EquipmentStatus.EN_SERVICE
    room_name: str | None = None
    room_kind: RoomKind | None = None
    acquisition_date: date | None = None
    plan_code: str | None = None
    phase_name: str | None = None
    funding_origin: FundingOrigin | None = None
    category_code: str = ""

    @property
    def in_plan(self) -> bool:
        return self.plan_code is not None

    @property
    def model_text(self) -> str:
        return " ".join(part for part in (self.manufacturer, self.model) if part)

    @classmethod
    def from_equipment(cls, info: EquipmentInfo, room_kind: RoomKind | None = None) -> ItemRow:
        return cls(
            inventory_number=info.inventory_number, category_label=info.category_label,
            manufacturer=info.manufacturer, model=info.model, serial_number=info.serial_number, status=info.status,
            room_name=info.room_name, room_kind=room_kind, acquisition_date=info.acquisition_date,
            plan_code=info.plan_code if info.in_plan else None, phase_name=info.phase_name,
            funding_origin=info.funding_origin, category_code=info.category_code)


@dataclass(frozen=True)
class CountRow:
    """Items of one kind (a category, a type of school…), in the plan and hors plan."""

    label: str
    in_plan: int = 0
    out_of_plan: int = 0

    @property
    def total(self) -> int:
        return self.in_plan + self.out_of_plan


@dataclass(frozen=True)
class InventorySheetData:
    """Fiche d'inventaire de l'école: one school and the items it holds."""

    school: SchoolInfo
    items: Sequence[ItemRow]
    printed_on: date
    city: CityIdentity = field(default_factory=CityIdentity)
    include_retired: bool = False

    @property
    def plan_items(self) -> list[ItemRow]:
        return [item for item in self.items if item.in_plan]

    @property
    def out_of_plan_items(self) -> list[ItemRow]:
        return [item for item in self.items if not item.in_plan]


@dataclass(frozen=True)
class SchoolSection:
    """One school of the city inventory (``school`` None: the city's stock, not assigned to any school)."""

    school: SchoolInfo | None
    by_category: tuple[CountRow, ...] = ()
    by_plan: tuple[tuple[str | None, int], ...] = ()  # (plan code or None for hors plan, count)
    items: Sequence[ItemRow] = ()

    @property
    def in_plan(self) -> int:
        return sum(row.in_plan for row in self.by_category)

    @property
    def out_of_plan(self) -> int:
        return sum(row.out_of_plan for row in self.by_category)

    @property
    def total(self) -> int:
        return self.in_plan + self.out_of_plan

    @property
    def title(self) -> str:
        if self.school is None:
            return _("Stock de la ville (non affecté)")
        return f"{self.school.name} — {self.school.uai}"


@dataclass(frozen=True)
class PlanCount:
    code: str
    title: str
    count: int


@dataclass(frozen=True)
class TypeCount:
    label: str
    schools: int
    in_plan: int
    out_of_plan: int

    @property
    def total(self) -> int:
        return self.in_plan + self.out_of_plan


@dataclass(frozen=True)
class CityTotals:
    by_category: tuple[CountRow, ...]
    by_school_type: tuple[TypeCount, ...]
    by_plan: tuple[PlanCount, ...]
    out_of_plan: int

    @property
    def in_plan(self) -> int:
        return sum(row.count for row in self.by_plan)

    @property
    def total(self) -> int:
        return self.in_plan + self.out_of_plan


@dataclass(frozen=True)
class CityInventoryData:
    """Inventaire général: every school (or a selection), then totals for the steering committee."""

    sections: Sequence[SchoolSection]
    totals: CityTotals
    printed_on: date
    city: CityIdentity = field(default_factory=CityIdentity)
    all_schools: bool = True
    detail: bool = True
    include_retired: bool = False

    @property
    def school_count(self) -> int:
        return sum(1 for section in self.sections if section.school is not None)


@dataclass(frozen=True)
class SlipSchool:
    name: str
    uai: str
    address: str = ""
    postcode: str = ""
    commune: str = ""
    director_name: str = ""
    phone: str = ""


@dataclass(frozen=True)
class SlipEquipment:
    inventory_number: str
    category_label: str
    manufacturer: str = ""
    model: str = ""
    serial_number: str = ""
    room_name: str = ""
    plan_code: str | None = None
    phase_name: str | None = None
    funding_origin: FundingOrigin | None = None
    warranty_end: date | None = None

    @property
    def in_plan(self) -> bool:
        return self.plan_code is not None


@dataclass(frozen=True)
class SlipIncident:
    number: str
    reported_on: date | None = None
    reported_by: str = ""
    description: str = ""


@dataclass(frozen=True)
class SlipPart:
    designation: str
    quantity: int = 1
    reference: str = ""


@dataclass(frozen=True)
class InterventionSlipData:
    """Bon d'intervention: one intervention on one item, signed on site. Labels arrive already in French."""

    number: str
    school: SlipSchool
    equipment: SlipEquipment
    date: date
    technician: str
    kind: str  # type of intervention, e.g. « Réparation sur site »
    incidents: tuple[SlipIncident, ...] = ()  # the incidents this intervention answers, often one
    start_time: time | None = None
    actions: tuple[str, ...] = ()
    parts: tuple[SlipPart, ...] = ()
    duration_minutes: int | None = None
    outcome: str = ""
    supplier_ticket: str = ""  # under warranty: the supplier's ticket
    remarks: str = ""
    printed_on: date | None = None
    city: CityIdentity = field(default_factory=CityIdentity)


@dataclass(frozen=True, slots=True)
class LabelItem:
    inventory_number: str
    category_label: str = ""
    school_name: str = ""
    school_uai: str = ""
    room_name: str = ""
    in_plan: bool = True

    @classmethod
    def from_equipment(cls, info: EquipmentInfo) -> LabelItem:
        """For labels of the items selected in a list of the window."""
        return cls(info.inventory_number, info.category_label, info.school_name or "", info.school_uai or "",
                   info.room_name or "", info.in_plan)


@dataclass(frozen=True)
class LabelsData:
    items: Sequence[LabelItem]
    city: CityIdentity = field(default_factory=CityIdentity)


# -- counting and ordering (pure) -------------------------------------------------------------------------------

def count_by_category(items: Iterable[ItemRow]) -> tuple[CountRow, ...]:
    plan: Counter[str] = Counter()
    out: Counter[str] = Counter()
    for item in items:
        (plan if item.in_plan else out)[item.category_label] += 1
    labels = sorted(set(plan) | set(out), key=fold)
    return tuple(CountRow(label, plan[label], out[label]) for label in labels)


def sum_counts(rows: Iterable[CountRow]) -> CountRow:
    rows = list(rows)
    return CountRow(_("Total"), sum(r.in_plan for r in rows), sum(r.out_of_plan for r in rows))


_ROOM_ORDER = {kind: index for index, kind in enumerate(RoomKind)}


def room_key(name: str | None, kind: RoomKind | None) -> tuple:
    """Rooms in the order a visit goes: direction, secretariat, BCD, computer room, classes…; no room last."""
    if name is None:
        return (1, 0, "")
    return (0, _ROOM_ORDER.get(kind, len(_ROOM_ORDER)) if kind else len(_ROOM_ORDER), fold(name))


def group_by_room(items: Iterable[ItemRow]) -> list[tuple[str | None, list[ItemRow]]]:
    """``[(room name or None, items sorted by inventory number), …]`` in visiting order."""
    groups: dict[str | None, list[ItemRow]] = defaultdict(list)
    kinds: dict[str | None, RoomKind | None] = {}
    for item in items:
        groups[item.room_name].append(item)
        kinds.setdefault(item.room_name, item.room_kind)
    ordered = sorted(groups, key=lambda name: room_key(name, kinds[name]))
    return [(name, sorted(groups[name], key=lambda i: i.inventory_number)) for name in ordered]


def city_totals(sections: Sequence[SchoolSection], plan_titles: dict[str, str] | None = None) -> CityTotals:
    """City-wide totals by category, type of school and plan, from the sections' own counts."""
    plan_titles = plan_titles or {}
    plan: Counter[str] = Counter()
    out: Counter[str] = Counter()
    by_plan: Counter[str] = Counter()
    types: dict[str, list[int]] = {}
    out_of_plan = 0
    for section in sections:
        for row in section.by_category:
            plan[row.label] += row.in_plan
            out[row.label] += row.out_of_plan
        for code, count in section.by_plan:
            if code is None:
                out_of_plan += count
            else:
                by_plan[code] += count
        key = section.school.type.value if section.school else ""
        entry = types.setdefault(key, [0, 0, 0])
        entry[0] += 1 if section.school else 0
        entry[1] += section.in_plan
        entry[2] += section.out_of_plan
    labels = sorted(set(plan) | set(out), key=fold)
    type_order = [t.value for t in SchoolType] + [""]
    type_rows = tuple(
        TypeCount(SchoolType(key).label if key else _("Stock de la ville (non affecté)"), *types[key])
        for key in type_order if key in types)
    return CityTotals(
        by_category=tuple(CountRow(label, plan[label], out[label]) for label in labels),
        by_school_type=type_rows,
        by_plan=tuple(PlanCount(code, plan_titles.get(code, ""), by_plan[code]) for code in sorted(by_plan)),
        out_of_plan=out_of_plan)
