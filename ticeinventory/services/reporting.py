"""The plain data behind the printed documents, read from the database in one unit of work per document.

Each document is a handful of column queries (no ORM objects, no query per item), so that a 5 000-item
school or the whole city is read in well under a second. The renderers live in ``ticeinventory.reports``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from ticeinventory.db import maintenance_models as mm
from ticeinventory.db import models as m
from ticeinventory.db.database import Database
from ticeinventory.domain import inventory_number as numbers
from ticeinventory.domain import uai as uai_rules
from ticeinventory.domain.enums import EquipmentStatus, FundingOrigin, RoomKind, fold
from ticeinventory.domain.errors import NotFoundError, TiceError
from ticeinventory.domain.i18n import _
from ticeinventory.domain.maintenance import InterventionOutcome, InterventionType, ReporterRole
from ticeinventory.domain.records import SchoolInfo
from ticeinventory.reports import (
    BatchResult,
    CityIdentity,
    CityInventoryData,
    CountRow,
    InterventionSlipData,
    InventorySheetData,
    ItemRow,
    LabelItem,
    LabelsData,
    Progress,
    ReportOptions,
    SchoolSection,
    SlipEquipment,
    SlipIncident,
    SlipPart,
    SlipSchool,
    city_totals,
    render_all_sheets,
)
from ticeinventory.reports.base import Format

from . import convert, settings

LOGO_SETTING = "city_logo"  # optional: path of a PNG/JPEG logo; not (yet) in settings.DEFAULTS
_STATUS = {status.value: status for status in EquipmentStatus}
_ORIGIN = {origin.value: origin for origin in FundingOrigin}
_ROOM_KIND = {kind.value: kind for kind in RoomKind}
_FINAL = [status.value for status in EquipmentStatus if status.is_final]

SchoolKey = int | str  # an id, or a UAI (any case)


def _items_query() -> Select:
    E, C, R, P, PH = m.Equipment, m.Category, m.Room, m.Plan, m.PlanPhase
    return (select(E.inventory_number, C.label, C.code, E.manufacturer, E.model, E.serial_number, E.status,
                   R.name, R.kind, E.acquisition_date, P.code, PH.name, E.funding_origin, E.school_id)
            .join(C, E.category_id == C.id)
            .outerjoin(R, E.room_id == R.id)
            .outerjoin(P, E.plan_id == P.id)
            .outerjoin(PH, E.phase_id == PH.id))


def _item(row) -> ItemRow:
    (number, label, code, manufacturer, model, serial, status, room, kind, acquired, plan, phase, origin,
     _school) = row
    return ItemRow(number, label, manufacturer, model, serial, _STATUS[status], room, _ROOM_KIND.get(kind),
                   acquired, plan, phase, _ORIGIN.get(origin) if origin else None, code)


def _live(query: Select, include_retired: bool) -> Select:
    return query if include_retired else query.where(m.Equipment.status.not_in(_FINAL))


def _school_row(session: Session, key: SchoolKey) -> m.School:
    if isinstance(key, int):
        row = session.get(m.School, key)
        if row is None:
            raise NotFoundError(_("Aucune école n'a l'identifiant {id}.").format(id=key))
        return row
    uai = uai_rules.normalise(key)
    row = session.scalar(select(m.School).where(m.School.uai == uai))
    if row is None:
        raise NotFoundError(_("Aucune école n'a le code UAI « {uai} ». Vérifiez le code ou ajoutez l'école.")
                            .format(uai=uai))
    return row


def _school_ids(session: Session, keys: Sequence[SchoolKey]) -> list[int]:
    """Ids of schools given by id or UAI, in the order given (two queries); NotFoundError for an unknown one."""
    ids = {key for key in keys if isinstance(key, int)}
    uais = {uai_rules.normalise(key) for key in keys if not isinstance(key, int)}
    known = set(session.scalars(select(m.School.id).where(m.School.id.in_(ids)))) if ids else set()
    by_uai = dict(session.execute(select(m.School.uai, m.School.id).where(m.School.uai.in_(uais))).all()) \
        if uais else {}
    result = []
    for key in keys:
        found = (key if key in known else None) if isinstance(key, int) else by_uai.get(uai_rules.normalise(key))
        if found is None:
            _school_row(session, key)  # raises the French "not found" message
        result.append(found)
    return result


def _sections(order: Sequence[int | None], infos: dict[int | None, SchoolInfo | None], counts: Sequence,
              items: dict[int | None, list[ItemRow]]) -> tuple[SchoolSection, ...]:
    """One section per school (``None``: the city stock) from ``(school, category, plan code, n)`` counts."""
    by_category: dict[int | None, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    by_plan: dict[int | None, dict[str | None, int]] = defaultdict(lambda: defaultdict(int))
    for school_id, label, plan, count in counts:
        by_category[school_id][label][0 if plan else 1] += count
        by_plan[school_id][plan] += count
    return tuple(SchoolSection(
        school=infos[school_id],
        by_category=tuple(CountRow(label, plan, out) for label, (plan, out)
                          in sorted(by_category[school_id].items(), key=lambda kv: fold(kv[0]))),
        by_plan=tuple(sorted(by_plan[school_id].items(), key=lambda kv: (kv[0] is None, kv[0] or ""))),
        items=tuple(items.get(school_id, ()))) for school_id in order)


def city_identity(session: Session) -> CityIdentity:
    logo = session.get(m.Setting, LOGO_SETTING)
    return CityIdentity(name=settings.read(session, "city_name"),
                        logo=Path(logo.value) if logo is not None and logo.value.strip() else None)


class ReportingService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- fiche d'inventaire --------------------------------------------------------------------------------

    def inventory_sheet(self, school: SchoolKey, *, include_retired: bool = False,
                        today: date | None = None) -> InventorySheetData:
        """The data of one school's inventory sheet (``school``: id or UAI)."""
        with self.db.reading() as session:
            return self._sheet(session, _school_row(session, school), include_retired, today or date.today())

    def inventory_sheets(self, schools: Sequence[SchoolKey] | None = None, *, include_retired: bool = False,
                         today: date | None = None) -> Iterator[InventorySheetData]:
        """One sheet after the other, each read in its own unit of work when the consumer asks for it."""
        when = today or date.today()
        for school_id in self.school_ids(schools):
            with self.db.reading() as session:
                data = self._sheet(session, _school_row(session, school_id), include_retired, when)
            yield data

    def school_ids(self, schools: Sequence[SchoolKey] | None = None) -> list[int]:
        """Ids of ``schools`` (ids or UAIs, checked), or of every school, in commune then name order."""
        with self.db.reading() as session:
            if schools is None:
                return list(session.scalars(select(m.School.id).order_by(m.School.commune, m.School.name)))
            return _school_ids(session, schools)

    def write_all_sheets(self, out_dir: str | Path, *, schools: Sequence[SchoolKey] | None = None,
                         options: ReportOptions | None = None, fmt: Format = "pdf", include_retired: bool = False,
                         progress: Progress | None = None, today: date | None = None) -> BatchResult:
        """One inventory sheet per school into ``out_dir``; ``progress(done, total)`` returning False cancels."""
        ids = self.school_ids(schools)
        return render_all_sheets(self.inventory_sheets(ids, include_retired=include_retired, today=today), out_dir,
                                 total=len(ids), options=options, fmt=fmt, progress=progress)

    def _sheet(self, session: Session, school: m.School, include_retired: bool, today: date) -> InventorySheetData:
        query = _live(_items_query().where(m.Equipment.school_id == school.id), include_retired)
        items = [_item(row) for row in session.execute(query.order_by(m.Equipment.inventory_number))]
        return InventorySheetData(school=convert.school(school), items=items, printed_on=today,
                                  city=city_identity(session), include_retired=include_retired)

    # -- inventaire général --------------------------------------------------------------------------------

    def city_inventory(self, schools: Sequence[SchoolKey] | None = None, *, detail: bool = True,
                       include_retired: bool = False, include_stock: bool | None = None,
                       today: date | None = None) -> CityInventoryData:
        """Every school (or ``schools``), their counts, the city totals, and each item when ``detail``.

        ``include_stock`` (default: when every school is asked for) adds the city's unassigned stock.
        Three queries whatever the size of the city: schools, counts grouped in SQL, items (when detailed)."""
        include_stock = schools is None if include_stock is None else include_stock
        E = m.Equipment
        with self.db.reading() as session:
            query = select(m.School).order_by(m.School.commune, m.School.name)
            if schools is not None:
                query = query.where(m.School.id.in_(_school_ids(session, schools)))
            rows = list(session.scalars(query))
            ids = [row.id for row in rows]
            scope = E.school_id.in_(ids) | E.school_id.is_(None) if include_stock else E.school_id.in_(ids)
            counts = session.execute(_live(
                select(E.school_id, m.Category.label, m.Plan.code, func.count())
                .join(m.Category, E.category_id == m.Category.id).outerjoin(m.Plan, E.plan_id == m.Plan.id)
                .where(scope).group_by(E.school_id, m.Category.label, m.Plan.code), include_retired)).all()
            items: dict[int | None, list[ItemRow]] = defaultdict(list)
            if detail:
                for row in session.execute(_live(_items_query().where(scope), include_retired)
                                           .order_by(E.school_id, E.inventory_number)):
                    items[row[-1]].append(_item(row))
            plan_titles = dict(session.execute(select(m.Plan.code, m.Plan.title)).all())
            city = city_identity(session)
            infos: dict[int | None, SchoolInfo | None] = {row.id: convert.school(row) for row in rows}

        order: list[int | None] = list(ids)
        if include_stock and any(school_id is None for school_id, *_rest in counts):
            order.append(None)
            infos[None] = None
        sections = _sections(order, infos, counts, items)
        return CityInventoryData(sections=sections, totals=city_totals(sections, plan_titles),
                                 printed_on=today or date.today(), city=city, all_schools=schools is None,
                                 detail=detail, include_retired=include_retired)

    # -- étiquettes ----------------------------------------------------------------------------------------

    def labels(self, *, school: SchoolKey | None = None, room: int | None = None,
               items: Sequence[str] | None = None, include_retired: bool = False) -> LabelsData:
        """Labels for the items of a school, of a room (id), or listed by inventory number (in that order)."""
        if sum(x is not None for x in (school, room, items)) != 1:
            raise TiceError(_("Indiquez une seule sélection pour les étiquettes : une école, une salle ou une liste "
                              "de numéros d'inventaire."))
        E, S, R, C = m.Equipment, m.School, m.Room, m.Category
        query = (select(E.inventory_number, C.label, S.name, S.uai, R.name, E.plan_id.is_not(None))
                 .join(C, E.category_id == C.id).outerjoin(S, E.school_id == S.id).outerjoin(R, E.room_id == R.id))
        with self.db.reading() as session:
            city = city_identity(session)
            if items is not None:
                wanted = [numbers.normalise(number) for number in items if number.strip()]
                found = {row[0]: row for row in session.execute(query.where(E.inventory_number.in_(wanted)))}
                missing = [number for number in wanted if number not in found]
                if missing:
                    raise NotFoundError(_("Numéros d'inventaire inconnus : {numbers}.").format(
                        numbers=", ".join(missing)))
                rows = [found[number] for number in wanted]
            else:
                if room is not None:
                    if session.get(m.Room, room) is None:
                        raise NotFoundError(_("Aucune salle n'a l'identifiant {id}.").format(id=room))
                    query = query.where(E.room_id == room)
                else:
                    query = query.where(E.school_id == _school_row(session, school).id)
                query = _live(query, include_retired).order_by(func.coalesce(R.name, "\uffff"), E.inventory_number)
                rows = session.execute(query).all()
        return LabelsData(items=[LabelItem(number, category, school_name or "", uai or "", room_name or "",
                                           bool(in_plan))
                                 for number, category, school_name, uai, room_name, in_plan in rows], city=city)

    # -- bon d'intervention --------------------------------------------------------------------------------

    def intervention_slip(self, intervention_id: int, *, today: date | None = None) -> InterventionSlipData:
        """The data of one intervention's slip: where (school, room), on what (the item and its funding), the
        incidents it answers, what was done (type, actions, parts, duration, outcome) and by whom.

        Labels arrive in French. Work on a school or room without a designated item (network) gets an equipment
        box saying so; work on an item of the city stock, a school box saying so. Three column queries in one
        unit of work; NotFoundError for an unknown number."""
        V, E, S = mm.Intervention, m.Equipment, m.School
        work_room, item_room = aliased(m.Room), aliased(m.Room)
        query = (select(V.id, V.date, V.start_time, V.duration_minutes, V.technician, V.type, V.outcome, V.actions,
                        V.supplier_ticket, V.notes, V.equipment_id,
                        S.name, S.uai, S.address, S.postcode, S.commune, S.director_name, S.phone,
                        work_room.name, item_room.name,
                        E.inventory_number, m.Category.label, E.manufacturer, E.model, E.serial_number,
                        m.Plan.code, m.PlanPhase.name, E.funding_origin, E.warranty_end)
                 .outerjoin(S, V.school_id == S.id)
                 .outerjoin(work_room, V.room_id == work_room.id)
                 .outerjoin(E, V.equipment_id == E.id)
                 .outerjoin(item_room, E.room_id == item_room.id)
                 .outerjoin(m.Category, E.category_id == m.Category.id)
                 .outerjoin(m.Plan, E.plan_id == m.Plan.id)
                 .outerjoin(m.PlanPhase, E.phase_id == m.PlanPhase.id)
                 .where(V.id == intervention_id))
        with self.db.reading() as session:
            row = session.execute(query).one_or_none()
            if row is None:
                raise NotFoundError(_("Aucune intervention n'a le numéro {id}.").format(id=intervention_id))
            parts = session.execute(
                select(mm.InterventionPart.designation, mm.InterventionPart.quantity, mm.InterventionPart.reference)
                .where(mm.InterventionPart.intervention_id == intervention_id)
                .order_by(mm.InterventionPart.id)).all()
            incidents = session.execute(
                select(mm.Incident.id, mm.Incident.reported_at, mm.Incident.reporter_name,
                       mm.Incident.reporter_role, mm.Incident.description)
                .join(mm.InterventionIncident, mm.InterventionIncident.incident_id == mm.Incident.id)
                .where(mm.InterventionIncident.intervention_id == intervention_id)
                .order_by(mm.Incident.reported_at, mm.Incident.id)).all()
            city = city_identity(session)

        (number, day, start, minutes, technician, kind, outcome, actions, ticket, notes, equipment_id,
         school_name, uai, address, postcode, commune, director, phone, room_name, item_room_name,
         inventory_number, category, manufacturer, model, serial, plan, phase, origin, warranty) = row
        room = room_name or item_room_name or ""
        if school_name is None:
            school = SlipSchool(name=_("Stock de la ville (non affecté)"), uai="")
        else:
            school = SlipSchool(name=school_name, uai=uai, address=address, postcode=postcode, commune=commune,
                                director_name=director, phone=phone)
        if equipment_id is None:
            # network work on a school or room: no item, hence no funding of its own to print
            equipment = SlipEquipment(inventory_number="", room_name=room, plan_code="",
                                      category_label=_("Aucun équipement désigné (intervention sur l'école ou "
                                                       "la salle)"))
        else:
            equipment = SlipEquipment(inventory_number=inventory_number, category_label=category,
                                      manufacturer=manufacturer, model=model, serial_number=serial, room_name=room,
                                      plan_code=plan, phase_name=phase,
                                      funding_origin=_ORIGIN.get(origin) if origin else None, warranty_end=warranty)
        return InterventionSlipData(
            number=str(number), school=school, equipment=equipment, date=day, technician=technician,
            kind=InterventionType(kind).label,
            incidents=tuple(SlipIncident(number=str(incident_id), reported_on=reported_at.date(),
                                         reported_by=_reporter(name, role), description=description)
                            for incident_id, reported_at, name, role, description in incidents),
            start_time=start, actions=_action_lines(actions),
            parts=tuple(SlipPart(designation=designation, quantity=quantity, reference=reference or "")
                        for designation, quantity, reference in parts),
            duration_minutes=minutes, outcome=InterventionOutcome(outcome).label, supplier_ticket=ticket or "",
            remarks=notes or "", printed_on=today or date.today(), city=city)


_BULLETS = ("- ", "* ", "• ", "– ", "— ")


def _action_lines(text: str | None) -> tuple[str, ...]:
    """The actions typed as free text, one printed bullet per non-empty line (a typed bullet is not doubled)."""
    lines = []
    for line in (text or "").splitlines():
        line = line.strip()
        for bullet in _BULLETS:
            if line.startswith(bullet):
                line = line[len(bullet):].strip()
                break
        if line:
            lines.append(line)
    return tuple(lines)


def _reporter(name: str, role: str) -> str:
    """« Hélène Lefèvre (Directeur / directrice) »."""
    try:
        label = ReporterRole(role).label
    except ValueError:
        label = ""
    name = (name or "").strip()
    if name and label:
        return f"{name} ({label})"
    return name or label
