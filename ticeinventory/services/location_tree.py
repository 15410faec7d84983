"""Where the equipment stands: communes → schools → rooms, plus the city stock, each with its counts.

Three queries in one snapshot (schools, rooms, counts grouped by school and room), so a tree of hundreds of
schools and thousands of rooms costs the same as a tree of ten.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from ticeinventory.db import models as m
from ticeinventory.db.database import Database
from ticeinventory.domain.enums import EquipmentStatus, RoomKind, SchoolType, fold

from .equipment_browser import PlanCounts, in_plan_flag


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
    rooms: tuple[RoomNode, ...]

    @property
    def without_room(self) -> PlanCounts:
        placed = sum((room.counts for room in self.rooms), PlanCounts())
        return PlanCounts(self.counts.total - placed.total, self.counts.in_plan - placed.in_plan)


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


class LocationTreeService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def tree(self, *, include_retired: bool = True) -> LocationTree:
        E = m.Equipment
        counted = select(E.school_id, E.room_id, func.count(E.id), func.sum(in_plan_flag())) \
            .group_by(E.school_id, E.room_id)
        if not include_retired:
            counted = counted.where(E.status.not_in([s.value for s in EquipmentStatus if s.is_final]))
        with self.db.reading() as session:
            schools = session.execute(
                select(m.School.id, m.School.uai, m.School.name, m.School.type, m.School.active, m.School.commune)
            ).all()
            rooms = session.execute(select(m.Room.id, m.Room.school_id, m.Room.name, m.Room.kind)).all()
            counts = session.execute(counted).all()

        by_room: dict[int, PlanCounts] = {}
        by_school: dict[int, PlanCounts] = defaultdict(PlanCounts)
        stock = PlanCounts()
        for school_id, room_id, total, in_plan in counts:
            found = PlanCounts(int(total), int(in_plan or 0))
            if school_id is None:
                stock += found
                continue
            by_school[school_id] += found
            if room_id is not None:
                by_room[room_id] = found
        # Sorted here rather than in SQL: SQLite would put « École … » after « Salle … ».
        rooms_of: dict[int, list[RoomNode]] = defaultdict(list)
        for room_id, school_id, name, kind in sorted(rooms, key=lambda r: fold(r.name)):
            rooms_of[school_id].append(RoomNode(room_id, name, RoomKind(kind), by_room.get(room_id, PlanCounts())))

        communes: dict[str, list[SchoolNode]] = defaultdict(list)
        schools = sorted(schools, key=lambda r: (fold(r.commune), fold(r.name)))
        for school_id, uai, name, kind, active, commune in schools:
            communes[commune].append(SchoolNode(school_id, uai, name, SchoolType(kind), bool(active),
                                                by_school.get(school_id, PlanCounts()),
                                                tuple(rooms_of.get(school_id, ()))))
        nodes = tuple(CommuneNode(name, sum((s.counts for s in members), PlanCounts()), tuple(members))
                      for name, members in communes.items())
        total = sum((c.counts for c in nodes), stock)
        return LocationTree(communes=nodes, stock=stock, total=total)
