"""What the lists of the window ask for and get back: plain values, without the database.

Filters, orders, counts and the location tree's nodes are read by the window before a base is open (its
widgets are built while the base opens in the background), so this module imports neither SQLAlchemy nor the
models: only the standard library and the domain. The services that fill them re-export them
(``services.equipment.EquipmentFilter``, ``services.equipment_browser.PlanCounts``…).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from ticeinventory.domain.enums import AuditSource, EquipmentStatus, LabelledEnum, RoomKind, SchoolType
from ticeinventory.domain.i18n import N_

if TYPE_CHECKING:  # the records come with the services, once a base is open
    from ticeinventory.domain.records import EquipmentInfo


class WarrantyState(LabelledEnum):
    UNDER = "sous_garantie"
    ENDING = "fin_prochaine"
    EXPIRED = "expiree"
    UNKNOWN = "inconnue"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"sous_garantie": N_("Sous garantie"),
                "fin_prochaine": N_("Fin de garantie dans 90 jours"),
                "expiree": N_("Garantie expirée"),
                "inconnue": N_("Garantie non renseignée")}


@dataclass(frozen=True)
class EquipmentFilter:
    """What a list shows. ``school_id=None`` with ``unassigned=True`` is the city stock."""

    school_id: int | None = None
    room_id: int | None = None
    unassigned: bool = False
    commune: str | None = None
    category_code: str | None = None
    status: EquipmentStatus | None = None
    in_plan: bool | None = None
    plan_code: str | None = None
    text: str | None = None
    include_retired: bool = True
    warranty: WarrantyState | None = None
    school_type: SchoolType | None = None
    older_than_years: int | None = None
    """Acquired more than this many years ago (items without an acquisition date are left out)."""


@dataclass(frozen=True)
class PlanCounts:
    """How many items, and how many of them in the plan; the rest is hors plan (never maintained)."""

    total: int = 0
    in_plan: int = 0

    @property
    def out_of_plan(self) -> int:
        return self.total - self.in_plan

    def __add__(self, other: PlanCounts) -> PlanCounts:
        return PlanCounts(self.total + other.total, self.in_plan + other.in_plan)


class SortKey(StrEnum):
    """The orders a list of equipment can take; ties are broken by inventory number."""

    NUMBER = "number"
    CATEGORY = "category"
    MANUFACTURER = "manufacturer"
    MODEL = "model"
    SERIAL = "serial"
    SCHOOL = "school"
    ROOM = "room"
    STATUS = "status"
    FUNDING = "funding"
    ACQUISITION = "acquisition"
    WARRANTY = "warranty"
    NETWORK_NAME = "network_name"
    MAC = "mac"
    SUPPLIER = "supplier"


@dataclass(frozen=True)
class BrowseResult:
    ids: list[int]
    counts: PlanCounts


@dataclass(frozen=True)
class FirstPage:
    """The head of a list: its counts, the ids of its first rows in order, and those rows."""

    counts: PlanCounts
    ids: list[int]
    rows: list[EquipmentInfo]

    @property
    def complete(self) -> bool:
        """Whether the page holds the whole list."""
        return len(self.ids) >= self.counts.total


@dataclass(frozen=True)
class RoomNode:
    id: int
    name: str
    kind: RoomKind
    counts: PlanCounts


@dataclass(frozen=True)
class SchoolNode:
    id: int
    uai: str
    name: str
    type: SchoolType
    active: bool
    counts: PlanCounts
    """Every item of the school, including those not placed in a room."""
    room_count: int = 0
    """How many rooms the school has (read them with :meth:`LocationTreeService.rooms`)."""


@dataclass(frozen=True)
class CommuneNode:
    name: str
    counts: PlanCounts
    schools: tuple[SchoolNode, ...]


@dataclass(frozen=True)
class LocationTree:
    communes: tuple[CommuneNode, ...]
    stock: PlanCounts
    """Items held by the city, assigned to no school."""
    total: PlanCounts


@dataclass(frozen=True)
class HistoryLine:
    """One change of one item, ready to read."""

    at: datetime
    """Local time."""
    user: str
    source: str
    action: str
    """``create``, ``update`` or ``delete``."""
    field: str | None
    change: str
    """« salle : BCD → Salle informatique », « création : … »."""

    @property
    def who(self) -> str:
        if self.source in ("", AuditSource.SCREEN.value):
            return self.user
        try:
            source = AuditSource(self.source).label.lower()
        except ValueError:
            source = self.source
        return f"{self.user} ({source})"

    @property
    def text(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} — {self.who} — {self.change}"
