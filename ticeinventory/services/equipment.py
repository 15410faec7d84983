"""Equipment: create, edit, move, change status, retire, duplicate — every entry path goes through here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from ticeinventory.db import models as m
from ticeinventory.db.audit import Actor
from ticeinventory.db.database import Database
from ticeinventory.domain import inventory_number as numbers
from ticeinventory.domain import uai as uai_rules
from ticeinventory.domain import validation as v
from ticeinventory.domain.enums import Attribution, EquipmentStatus, FundingOrigin
from ticeinventory.domain.errors import NotFoundError, RuleError, TiceError, ValidationError
from ticeinventory.domain.i18n import _
from ticeinventory.domain.records import EquipmentInfo

from . import convert, search, settings
from . import equipment_filters as filters
from .listing import EquipmentFilter
from .schools import check_length, parse_enum

TEXT_FIELDS = ("manufacturer", "model", "serial_number", "supplier", "order_reference", "network_name",
               "mac_address", "ip_address", "notes")
FIELDS = TEXT_FIELDS + (
    "inventory_number", "category", "category_id", "school", "school_id", "room", "room_id", "status",
    "plan", "plan_id", "phase", "phase_id", "funding_origin", "acquisition_date", "purchase_price_cents",
    "purchase_price", "warranty_end", "attribution", "parent", "parent_id", "assigned_on")
MAX_DUPLICATES = 500
MAX_PRICE_CENTS = 2**31 - 1  # the column is a 32-bit INTEGER on PostgreSQL

_LOADS = (selectinload(m.Equipment.category), selectinload(m.Equipment.school), selectinload(m.Equipment.room),
          selectinload(m.Equipment.plan), selectinload(m.Equipment.phase), selectinload(m.Equipment.parent))


class EquipmentService:
    def __init__(self, db: Database, actor: Actor | None = None) -> None:
        self.db = db
        self.actor = actor

    # -- reading -------------------------------------------------------------------------------------------

    def get(self, equipment_id: int) -> EquipmentInfo:
        with self.db.reading() as session:
            return convert.equipment(_item(session, equipment_id))

    def find(self, number: str) -> EquipmentInfo:
        with self.db.reading() as session:
            return convert.equipment(_item_by_number(session, number))

    def list(self, flt: EquipmentFilter | None = None, *, limit: int | None = None,
             offset: int = 0) -> list[EquipmentInfo]:
        query = _filtered(select(m.Equipment), flt or EquipmentFilter()).order_by(m.Equipment.inventory_number)
        query = query.options(*_LOADS).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.db.reading() as session:
            return [convert.equipment(row) for row in session.scalars(query)]

    def count(self, flt: EquipmentFilter | None = None) -> int:
        query = _filtered(select(func.count()).select_from(m.Equipment), flt or EquipmentFilter())
        with self.db.reading() as session:
            return session.scalar(query) or 0

    def children(self, equipment_id: int) -> list[EquipmentInfo]:
        query = select(m.Equipment).where(m.Equipment.parent_id == equipment_id).options(*_LOADS)
        with self.db.reading() as session:
            return [convert.equipment(row) for row in session.scalars(query.order_by(m.Equipment.inventory_number))]

    # -- writing -------------------------------------------------------------------------------------------

    def create(self, **values: Any) -> EquipmentInfo:
        """Create one item. ``category`` (code or label) is required; ``plan`` (code) or ``funding_origin``."""
        with self.db.writing(self._actor()) as session:
            row = _create(session, values)
            return convert.equipment(row)

    def create_many(self, items: Sequence[Mapping[str, Any]]) -> list[EquipmentInfo]:
        """Create several items in one transaction: all of them or none."""
        with self.db.writing(self._actor()) as session:
            rows = [_create(session, dict(values)) for values in items]
            return [convert.equipment(row) for row in rows]

    def update(self, equipment_id: int, **changes: Any) -> EquipmentInfo:
        unknown = set(changes) - set(FIELDS)
        if unknown:
            raise TiceError(_("Champs d'équipement inconnus : {fields}.").format(fields=", ".join(sorted(unknown))))
        if "status" in changes:
            raise TiceError(_("Changez le statut avec « Changer le statut » ou « Réformer », pas par une modification "
                              "de fiche."))
        with self.db.writing(self._actor()) as session:
            row = _item(session, equipment_id)
            _refuse_if_retired(row)
            _apply(session, row, changes, creating=False)
            session.flush()
            return convert.equipment(row)

    def move(self, equipment_ids: Iterable[int], school: int | str | None, room: int | str | None = None, *,
             on: date | None = None, with_contents: bool = True) -> list[EquipmentInfo]:
        """Move items to a school (id or UAI) and room (id or name), or to the city stock (school None).

        What is attached to an item (a PC's screen, a trolley's tablets) goes with it unless ``with_contents``
        is False; attached elements out of the fleet (réformé, perdu, volé) stay where they were recorded.
        """
        if on is not None and on > date.today():
            raise ValidationError({"on": _("La date d'affectation ({date}) est dans le futur.").format(
                date=v.format_date(on))})
        with self.db.writing(self._actor()) as session:
            rows = [_item(session, i) for i in equipment_ids]
            if with_contents:
                rows = _with_contents(session, rows)
            target: dict[str, Any] = {"school": school, "room": room}
            if on is not None:  # else keep the assignment date (a new school gets today's, see _location)
                target["assigned_on"] = on
            for row in rows:
                _refuse_if_retired(row)
                _apply(session, row, target, creating=False)
            session.flush()
            return [convert.equipment(row) for row in rows]

    def change_status(self, equipment_ids: Iterable[int], status: EquipmentStatus | str) -> list[EquipmentInfo]:
        errors: dict[str, str] = {}
        new = parse_enum(EquipmentStatus, status, "status", errors, _("Le statut"))
        if errors:
            raise ValidationError(errors)
        if new is EquipmentStatus.REFORME:
            raise TiceError(_("Pour réformer un équipement, utilisez « Réformer » et indiquez le motif."))
        with self.db.writing(self._actor()) as session:
            rows = [_item(session, i) for i in equipment_ids]
            for row in rows:
                _refuse_if_retired(row)
                if new in (EquipmentStatus.EN_SERVICE, EquipmentStatus.PRETE) and row.school_id is None:
                    raise RuleError(_("L'équipement {number} est dans le stock de la ville : affectez-le d'abord à "
                                      "une école.").format(number=row.inventory_number))
                row.status = new.value
            session.flush()
            return [convert.equipment(row) for row in rows]

    def retire(self, equipment_ids: Iterable[int], reason: str, *, on: date | None = None) -> list[EquipmentInfo]:
        """Réforme: the item leaves the fleet for good, with its reason and date."""
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": _("Indiquez le motif de la réforme (par exemple : irréparable, "
                                               "obsolète, remplacé).")})
        when = on or date.today()
        if when > date.today():
            raise ValidationError({"on": _("La date de réforme ({date}) est dans le futur.").format(
                date=v.format_date(when))})
        with self.db.writing(self._actor()) as session:
            rows = [_item(session, i) for i in equipment_ids]
            for row in rows:
                _refuse_if_retired(row)
                if row.acquisition_date and when < row.acquisition_date:
                    raise ValidationError({"on": _("La date de réforme ({when}) précède l'acquisition de {number} "
                                                   "({acquired}).").format(
                        when=v.format_date(when), number=row.inventory_number,
                        acquired=v.format_date(row.acquisition_date))})
                row.status = EquipmentStatus.REFORME.value
                row.retired_on = when
                row.retirement_reason = reason
            session.flush()
            return [convert.equipment(row) for row in rows]

    def duplicate(self, equipment_id: int, count: int,
                  serials: Sequence[str] | None = None) -> list[EquipmentInfo]:
        """``count`` copies of an item with new inventory numbers; serials, MAC, IP and network name left to fill
        (or taken from ``serials``)."""
        if not 1 <= count <= MAX_DUPLICATES:
            raise ValidationError({"count": _("Le nombre de copies doit être compris entre 1 et {max}.").format(
                max=MAX_DUPLICATES)})
        serials = list(serials or [])
        if len(serials) > count:
            raise ValidationError({"serials": _("{n} numéros de série pour {count} copies : il y en a trop.").format(
                n=len(serials), count=count)})
        with self.db.writing(self._actor()) as session:
            source = _item(session, equipment_id)
            _refuse_if_retired(source)
            copies = []
            for index in range(count):
                values = {
                    "category_id": source.category_id, "manufacturer": source.manufacturer, "model": source.model,
                    "school_id": source.school_id, "room_id": source.room_id,
                    "plan_id": source.plan_id, "phase_id": source.phase_id, "funding_origin": source.funding_origin,
                    "acquisition_date": source.acquisition_date, "supplier": source.supplier,
                    "order_reference": source.order_reference, "purchase_price_cents": source.purchase_price_cents,
                    "warranty_end": source.warranty_end, "attribution": source.attribution,
                    "parent_id": source.parent_id, "notes": source.notes,
                    "serial_number": serials[index] if index < len(serials) else "",
                }
                copies.append(_create(session, values))
            return [convert.equipment(row) for row in copies]

    def _actor(self) -> Actor:
        if self.actor is None:
            raise RuntimeError("EquipmentService needs an actor to write")
        return self.actor

    # -- undo support (the screen's Ctrl+Z, ui/undo.py) ------------------------------------------------------
    # The screen reads an item's state before and after an action, then puts back only the fields the action
    # changed, provided nobody changed them since (``expected``): otherwise undoing would silently erase the
    # other change. Each call is one transaction, checked by the rules of any edit and audited like any write.

    STATE_FIELDS = ("inventory_number", "category_id", "manufacturer", "model", "serial_number", "school_id",
                    "room_id", "status", "plan_id", "phase_id", "funding_origin", "acquisition_date", "supplier",
                    "order_reference", "purchase_price_cents", "warranty_end", "network_name", "mac_address",
                    "ip_address", "attribution", "parent_id", "notes", "assigned_on", "retired_on",
                    "retirement_reason")
    """What :meth:`snapshot` returns: every stored column of an item but its id."""

    def get_many(self, equipment_ids: Iterable[int]) -> list[EquipmentInfo]:
        """Several items in a few queries, in the order given; NotFoundError names the first missing one."""
        ids = list(dict.fromkeys(equipment_ids))
        with self.db.reading() as session:
            rows: dict[int, m.Equipment] = {}
            for start in range(0, len(ids), 500):
                query = select(m.Equipment).where(m.Equipment.id.in_(ids[start:start + 500])).options(*_LOADS)
                rows.update((row.id, row) for row in session.scalars(query))
            for item_id in ids:
                if item_id not in rows:
                    _item(session, item_id)  # raises NotFoundError
            return [convert.equipment(rows[item_id]) for item_id in ids]

    def snapshot(self, equipment_id: int) -> dict[str, Any]:
        """The stored state of one item (:attr:`STATE_FIELDS`), to give back to :meth:`restore`."""
        return self.snapshots([equipment_id])[equipment_id]

    def snapshots(self, equipment_ids: Iterable[int], *, with_contents: bool = False) -> dict[int, dict[str, Any]]:
        """The stored state of items, and of what is attached to them when ``with_contents`` (exactly the rows
        that :meth:`move` takes along)."""
        with self.db.reading() as session:
            rows = [_item(session, item_id) for item_id in dict.fromkeys(equipment_ids)]
            if with_contents:
                rows = _with_contents(session, rows)
            return {row.id: self._state(row) for row in rows}

    def restore(self, equipment_id: int, values: Mapping[str, Any], *,
                expected: Mapping[str, Any] | None = None) -> EquipmentInfo:
        """Put back fields of one item: see :meth:`restore_many`."""
        return self.restore_many({equipment_id: values},
                                 expected=None if expected is None else {equipment_id: expected})[0]

    def restore_many(self, states: Mapping[int, Mapping[str, Any]], *,
                     expected: Mapping[int, Mapping[str, Any]] | None = None) -> list[EquipmentInfo]:
        """Put back fields of several items (undo or redo of an edit, a move, a status change), all or none.

        ``states`` gives each item the values to write (keys of :attr:`STATE_FIELDS`, the status included, the
        retirement excepted: see :meth:`restore_retired`); ``expected`` the values its fields must still have,
        else RuleError. The values pass the rules of any edit: a room of another school, a phase of another plan,
        an inventory number or a serial taken meanwhile are refused with their message.
        """
        with self.db.writing(self._actor()) as session:
            rows = {item_id: self._locked(session, item_id) for item_id in states}
            for item_id, row in rows.items():
                self._check_unchanged(row, (expected or {}).get(item_id))
                _refuse_if_retired(row)
            for item_id, row in rows.items():
                values = dict(states[item_id])
                self._check_state_keys(values)
                if values.get("status") == EquipmentStatus.REFORME.value:
                    raise TiceError(_("Pour réformer un équipement, utilisez « Réformer » et indiquez le motif."))
                self._apply_for(session, row, values, creating=False)
                for key, value in values.items():  # exactly as read: no date or status set by the rules
                    setattr(row, key, value)
            session.flush()
            return self._infos(session, rows.values())

    def delete(self, equipment_ids: Iterable[int], *,
               expected: Mapping[int, Mapping[str, Any]] | None = None) -> dict[int, dict[str, Any]]:
        """Remove items entered by mistake: the undo of a creation or of a duplication. Returns their states,
        for :meth:`recreate`. The audit keeps a « delete » entry with everything the item was.

        Refused once an item has a life in the database: an incident, an intervention or an attached element
        refers to it, it is retired, or (with ``expected``) it was changed since. Such an item is retired, not
        deleted.
        """
        ids = list(dict.fromkeys(equipment_ids))
        with self.db.writing(self._actor()) as session:
            rows = [self._locked(session, item_id) for item_id in ids]
            for row in rows:
                self._check_unchanged(row, (expected or {}).get(row.id))
                _refuse_if_retired(row)
            from .schools import SchoolService
            referred = SchoolService._references(session, m.Equipment.__table__, ids)
            for row in rows:
                if row.id in referred:
                    raise RuleError(_("L'équipement {number} a déjà une histoire dans la base ({what}) : il ne peut "
                                      "plus être supprimé. S'il a quitté le parc, réformez-le.").format(
                        number=row.inventory_number, what=", ".join(referred[row.id])))
            states = {row.id: self._state(row) for row in rows}
            for row in rows:
                session.delete(row)
            session.flush()
            return states

    def recreate(self, states: Mapping[int, Mapping[str, Any]]) -> list[EquipmentInfo]:
        """Put back items removed by :meth:`delete` (the redo of a creation), with the same identifier and
        inventory number, all or none. Refused when the identifier, the number or the serial was taken since."""
        with self.db.writing(self._actor()) as session:
            rows = []
            for item_id, state in states.items():
                values = dict(state)
                self._check_state_keys(values)
                number = values.get("inventory_number") or str(item_id)
                if session.get(m.Equipment, item_id) is not None:
                    raise RuleError(_("L'équipement {number} ne peut pas être rétabli : son identifiant a été repris "
                                      "entre-temps par un autre équipement.").format(number=number))
                if values.get("status") == EquipmentStatus.REFORME.value:
                    raise TiceError(_("Un équipement ne peut pas être créé réformé : créez-le puis réformez-le."))
                row = m.Equipment(id=item_id, status="", manufacturer="", model="", serial_number="", supplier="",
                                  order_reference="", network_name="", mac_address="", ip_address="", notes="",
                                  retirement_reason="")
                self._apply_for(session, row, values, creating=True)
                for key, value in values.items():
                    setattr(row, key, value)
                session.add(row)
                session.flush()
                rows.append(row)
            return self._infos(session, rows)

    def restore_retired(self, equipment_ids: Iterable[int],
                        previous: Mapping[int, EquipmentStatus | str] | None = None) -> list[EquipmentInfo]:
        """Undo a réforme: each item gets back its previous status (``previous``, else the one the audit trail
        recorded before the réforme), without retirement date or reason."""
        with self.db.writing(self._actor()) as session:
            rows = [self._locked(session, item_id) for item_id in dict.fromkeys(equipment_ids)]
            for row in rows:
                if row.status != EquipmentStatus.REFORME.value:
                    raise RuleError(_("L'équipement {number} n'est pas (ou plus) réformé : il n'y a pas de réforme à "
                                      "annuler.").format(number=row.inventory_number))
                errors: dict[str, str] = {}
                wanted = (previous or {}).get(row.id) or self._status_before_retirement(session, row)
                status = parse_enum(EquipmentStatus, wanted, "status", errors, _("Le statut"))
                if errors:
                    raise ValidationError(errors)
                if status is EquipmentStatus.REFORME or (
                        status in (EquipmentStatus.EN_SERVICE, EquipmentStatus.PRETE) and row.school_id is None):
                    status = EquipmentStatus.EN_SERVICE if row.school_id else EquipmentStatus.EN_STOCK
                row.status = status.value
                row.retired_on = None
                row.retirement_reason = ""
            session.flush()
            return self._infos(session, rows)

    def bulk_update(self, equipment_ids: Iterable[int], **changes: Any) -> list[EquipmentInfo]:
        """The same changes on several items (room, status, plan, supplier, warranty…) in one transaction, all
        or none. The status follows the rules of :meth:`change_status`; a message names the item it is about."""
        unknown = set(changes) - set(FIELDS)
        if unknown:
            raise TiceError(_("Champs d'équipement inconnus : {fields}.").format(fields=", ".join(sorted(unknown))))
        if changes.get("status") not in (None, "") and _parsed_status(changes["status"]) is EquipmentStatus.REFORME:
            raise TiceError(_("Pour réformer un équipement, utilisez « Réformer » et indiquez le motif."))
        with self.db.writing(self._actor()) as session:
            rows = [self._locked(session, item_id) for item_id in dict.fromkeys(equipment_ids)]
            for row in rows:
                _refuse_if_retired(row)
                self._apply_for(session, row, changes, creating=False)
            session.flush()
            return self._infos(session, rows)

    def _state(self, row: m.Equipment) -> dict[str, Any]:
        return {key: getattr(row, key) for key in self.STATE_FIELDS}

    def _locked(self, session: Session, equipment_id: int) -> m.Equipment:
        row = session.get(m.Equipment, equipment_id, with_for_update=True)
        return row if row is not None else _item(session, equipment_id)

    def _infos(self, session: Session, rows: Iterable[m.Equipment]) -> list[EquipmentInfo]:
        rows = list(rows)
        for row in rows:  # ids were written directly: read the related rows again
            session.expire(row, ["category", "school", "room", "plan", "phase", "parent"])
        return [convert.equipment(row) for row in rows]

    def _check_state_keys(self, values: Mapping[str, Any]) -> None:
        unknown = set(values) - set(self.STATE_FIELDS)
        if unknown:
            raise TiceError(_("Champs d'équipement inconnus : {fields}.").format(fields=", ".join(sorted(unknown))))
        if values.get("retired_on") or values.get("retirement_reason"):
            raise TiceError(_("Une réforme s'enregistre avec « Réformer » et s'annule avec « Annuler », pas par une "
                              "modification de fiche."))

    def _apply_for(self, session: Session, row: m.Equipment, values: Mapping[str, Any], *, creating: bool) -> None:
        """:func:`_apply`, its messages naming the item (several items are written at once)."""
        number = row.inventory_number or values.get("inventory_number") or ""
        try:
            _apply(session, row, {key: value for key, value in values.items() if key in FIELDS}, creating=creating)
        except ValidationError as error:
            if not number:
                raise
            raise ValidationError({key: _("{number} : {message}").format(number=number, message=message)
                                   for key, message in error.errors.items()}) from None

    def _check_unchanged(self, row: m.Equipment, expected: Mapping[str, Any] | None) -> None:
        if not expected:
            return
        changed = [key for key, value in expected.items() if getattr(row, key) != value]
        if changed:
            labels = self._state_labels()
            raise RuleError(_("L'équipement {number} a été modifié entre-temps ({fields}), ici ou sur un autre poste : "
                              "cette étape ne peut plus être annulée ni rétablie sans effacer cette modification. "
                              "Relisez sa fiche.").format(number=row.inventory_number,
                                                          fields=", ".join(labels.get(k, k) for k in changed)))

    @staticmethod
    def _state_labels() -> dict[str, str]:
        return {
            "inventory_number": _("numéro d'inventaire"), "category_id": _("catégorie"), "manufacturer": _("marque"),
            "model": _("modèle"), "serial_number": _("numéro de série"), "school_id": _("école"),
            "room_id": _("salle"), "status": _("statut"), "plan_id": _("plan"), "phase_id": _("phase"),
            "funding_origin": _("origine hors plan"), "acquisition_date": _("date d'acquisition"),
            "supplier": _("fournisseur"), "order_reference": _("référence de commande"),
            "purchase_price_cents": _("prix d'achat"), "warranty_end": _("fin de garantie"),
            "network_name": _("nom réseau"), "mac_address": _("adresse MAC"), "ip_address": _("adresse IP"),
            "attribution": _("attribution"), "parent_id": _("rattachement"), "notes": _("notes"),
            "assigned_on": _("date d'affectation"), "retired_on": _("date de réforme"),
            "retirement_reason": _("motif de réforme"),
        }

    @staticmethod
    def _status_before_retirement(session: Session, row: m.Equipment) -> str:
        old = session.scalar(
            select(m.AuditLog.old_value).where(
                m.AuditLog.entity == m.Equipment.__tablename__, m.AuditLog.entity_id == row.id,
                m.AuditLog.field == "status", m.AuditLog.new_value == EquipmentStatus.REFORME.value)
            .order_by(m.AuditLog.id.desc()).limit(1))
        fallback = EquipmentStatus.EN_SERVICE if row.school_id else EquipmentStatus.EN_STOCK
        return old or fallback.value


# -- queries ---------------------------------------------------------------------------------------------------

def _filtered(query: Select, flt: EquipmentFilter, near: search.Nearby | None = None) -> Select:
    """``query`` (on equipment) narrowed to what ``flt`` lists; ``near``: the schools and models its text matches,
    read before (:func:`services.search.nearby`), which lets the search pick its faster shape."""
    E = m.Equipment
    if flt.unassigned:
        query = query.where(E.school_id.is_(None))
    elif flt.school_id is not None:
        query = query.where(E.school_id == flt.school_id)
    if flt.room_id is not None:
        query = query.where(E.room_id == flt.room_id)
    if flt.commune:
        query = query.where(E.school_id.in_(select(m.School.id).where(m.School.commune == flt.commune)))
    if flt.category_code:
        query = query.where(E.category_id.in_(select(m.Category.id).where(m.Category.code == flt.category_code)))
    if flt.status is not None:
        query = query.where(E.status == EquipmentStatus(flt.status).value)
    if flt.in_plan is True:
        query = query.where(E.plan_id.is_not(None))
    elif flt.in_plan is False:
        query = query.where(E.plan_id.is_(None))
    if flt.plan_code:
        query = query.where(E.plan_id.in_(select(m.Plan.id).where(m.Plan.code == flt.plan_code)))
    if flt.warranty is not None:
        query = query.where(filters.warranty_condition(flt.warranty))
    if flt.school_type is not None:
        query = query.where(filters.school_type_condition(flt.school_type))
    if flt.older_than_years is not None:
        query = query.where(filters.older_than_condition(flt.older_than_years))
    if not flt.include_retired:
        query = query.where(E.status.not_in([s.value for s in EquipmentStatus if s.is_final]))
    if flt.text:  # number, serial, network name, MAC, manufacturer/model, school name or UAI (see services.search)
        query = search.restrict(query, flt.text, near)
    return query


def _with_contents(session: Session, rows: list[m.Equipment]) -> list[m.Equipment]:
    """The rows and everything attached to them, at any depth, each once; attached elements out of the fleet
    (réformé, perdu, volé) are left out, the rows named by the caller are kept for the rules to judge."""
    final = [s.value for s in EquipmentStatus if s.is_final]
    found = {row.id: row for row in rows}
    frontier = list(found)
    while frontier:
        children = session.scalars(select(m.Equipment).where(m.Equipment.parent_id.in_(frontier),
                                                             m.Equipment.status.not_in(final))).all()
        frontier = [child.id for child in children if child.id not in found]
        found.update((child.id, child) for child in children)
    return list(found.values())


def _item(session: Session, equipment_id: int) -> m.Equipment:
    row = session.get(m.Equipment, equipment_id)
    if row is None:
        raise NotFoundError(_("Aucun équipement n'a l'identifiant {id}.").format(id=equipment_id))
    return row


def _item_by_number(session: Session, number: str) -> m.Equipment:
    row = session.scalar(select(m.Equipment).where(m.Equipment.inventory_number == numbers.normalise(number)))
    if row is None:
        raise NotFoundError(_("Aucun équipement n'a le numéro d'inventaire « {number} ».").format(
            number=numbers.normalise(number)))
    return row


def _refuse_if_retired(row: m.Equipment) -> None:
    if row.status == EquipmentStatus.REFORME.value:
        raise RuleError(_("L'équipement {number} est réformé depuis le {date} : il ne peut plus être modifié.")
                        .format(number=row.inventory_number, date=v.format_date(row.retired_on)))


# -- creation and validation -----------------------------------------------------------------------------------

def _create(session: Session, values: dict[str, Any]) -> m.Equipment:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TiceError(_("Champs d'équipement inconnus : {fields}.").format(fields=", ".join(sorted(unknown))))
    if "category" not in values and "category_id" not in values:
        raise ValidationError({"category": _("La catégorie est obligatoire (par exemple : PC fixe, Écran, "
                                             "Tablette).")})
    status = values.get("status")
    if status not in (None, "") and _parsed_status(status) is EquipmentStatus.REFORME:
        raise TiceError(_("Un équipement ne peut pas être créé réformé : créez-le puis réformez-le."))
    row = m.Equipment(status="", manufacturer="", model="", serial_number="", supplier="", order_reference="",
                      network_name="", mac_address="", ip_address="", notes="", retirement_reason="")
    _apply(session, row, values, creating=True)
    session.add(row)
    session.flush()
    return row


def _parsed_status(value: Any) -> EquipmentStatus | None:
    """The status named by ``value``, or None when unknown (then _apply reports it with the other problems)."""
    try:
        return EquipmentStatus.parse(str(value))
    except ValueError:
        return None


def _apply(session: Session, row: m.Equipment, values: Mapping[str, Any], *, creating: bool) -> None:
    """Validate ``values`` against the row's current state and write them; ValidationError lists every problem."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}

    for key in TEXT_FIELDS:
        if key in values:
            clean[key] = ("" if values[key] is None else str(values[key])).strip()
    if clean.get("mac_address"):
        if problem := v.mac_problem(clean["mac_address"]):
            errors["mac_address"] = problem
        clean["mac_address"] = v.normalise_mac(clean["mac_address"])
    if clean.get("ip_address") and (problem := v.ip_problem(clean["ip_address"])):
        errors["ip_address"] = problem
    for key in TEXT_FIELDS:
        if key in clean:
            check_length(m.Equipment, key, clean[key], errors)

    if "category" in values or "category_id" in values:
        category = _resolve_category(session, values.get("category_id") or values.get("category"), errors)
        if category is not None:
            clean["category_id"] = category.id

    for key in ("acquisition_date", "warranty_end", "assigned_on"):
        if key in values:
            clean[key] = _date(values[key], key, errors)
    if clean.get("acquisition_date") and clean["acquisition_date"] > date.today():
        errors["acquisition_date"] = _("La date d'acquisition ({date}) est dans le futur.").format(
            date=v.format_date(clean["acquisition_date"]))

    if "purchase_price" in values or "purchase_price_cents" in values:
        clean["purchase_price_cents"] = _price(values, errors)

    if "attribution" in values:
        attribution = values["attribution"]
        clean["attribution"] = (parse_enum(Attribution, attribution, "attribution", errors, _("L'attribution"))
                                if attribution not in (None, "") else None)
        if clean["attribution"] is not None:
            clean["attribution"] = clean["attribution"].value

    if "status" in values and values["status"] not in (None, ""):
        status = parse_enum(EquipmentStatus, values["status"], "status", errors, _("Le statut"))
        if status is not None:
            clean["status"] = status.value

    _funding(session, row, values, clean, errors)
    _location(session, row, values, clean, errors, creating)

    if "parent" in values or "parent_id" in values:
        clean["parent_id"] = _resolve_parent(session, row, values.get("parent_id") or values.get("parent"), errors)

    acquired = clean.get("acquisition_date", row.acquisition_date)
    warranty = clean.get("warranty_end", row.warranty_end)
    if "warranty_end" not in errors and (problem := v.date_order_problem(acquired, warranty)):
        errors["warranty_end"] = problem

    if "inventory_number" in values and values["inventory_number"] not in (None, ""):
        number = numbers.normalise(str(values["inventory_number"]))
        if problem := numbers.number_problem(number):
            errors["inventory_number"] = problem
        elif number != row.inventory_number:
            other = session.scalar(select(m.Equipment.id).where(m.Equipment.inventory_number == number))
            if other is not None:
                errors["inventory_number"] = _("Le numéro d'inventaire {number} est déjà utilisé.").format(
                    number=number)
        clean["inventory_number"] = number

    manufacturer = clean.get("manufacturer", row.manufacturer or "")
    serial = clean.get("serial_number", row.serial_number or "")
    if serial and ("serial_number" in clean or "manufacturer" in clean):
        query = select(m.Equipment.inventory_number).where(
            # the IN narrows through the serial index first; lower() (Unicode, a Python function) cannot use it
            m.Equipment.serial_number.in_({serial, serial.upper(), serial.lower()}),
            func.lower(m.Equipment.manufacturer) == manufacturer.lower(),
            func.lower(m.Equipment.serial_number) == serial.lower())
        if row.id is not None:
            query = query.where(m.Equipment.id != row.id)
        if (other := session.scalar(query)) is not None:
            errors["serial_number"] = _("Le numéro de série {serial} ({manufacturer}) est déjà celui de "
                                        "l'équipement {number}.").format(serial=serial, manufacturer=manufacturer or "-",
                                                                         number=other)
    # Checked with the others, so that one ValidationError lists every problem.
    status = clean.get("status", row.status)
    if status in (EquipmentStatus.EN_SERVICE.value, EquipmentStatus.PRETE.value) \
            and clean.get("school_id", row.school_id) is None and "school" not in errors:
        errors["status"] = _("Un équipement du stock de la ville (non affecté) ne peut pas être « {status} » : "
                             "affectez-le à une école ou laissez-le « En stock ».").format(
            status=EquipmentStatus(status).label)
    if errors:
        raise ValidationError(errors)

    for key, value in clean.items():
        setattr(row, key, value)
    if creating:
        if not row.status:
            row.status = (EquipmentStatus.EN_SERVICE if row.school_id else EquipmentStatus.EN_STOCK).value
        if not row.inventory_number:
            row.inventory_number = _next_number(session, row)


def _date(value: Any, key: str, errors: dict[str, str]) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return v.parse_date(str(value))
    except ValueError as error:
        errors[key] = str(error)
        return None


def _price(values: Mapping[str, Any], errors: dict[str, str]) -> int | None:
    if "purchase_price_cents" in values:
        cents = values["purchase_price_cents"]
        if cents is not None and (isinstance(cents, bool) or not isinstance(cents, int)):
            errors["purchase_price"] = _("Le prix d'achat en centimes doit être un nombre entier (reçu : "
                                         "{value}).").format(value=cents)
            return None
    else:
        raw = values["purchase_price"]
        if raw in (None, ""):
            return None
        try:
            cents = v.parse_amount(str(raw))
        except ValueError as error:
            errors["purchase_price"] = str(error)
            return None
    if cents is not None and cents < 0:
        errors["purchase_price"] = _("Le prix d'achat ne peut pas être négatif.")
    elif cents is not None and cents > MAX_PRICE_CENTS:
        errors["purchase_price"] = _("Le prix d'achat ne peut pas dépasser {max}.").format(
            max=v.format_amount(MAX_PRICE_CENTS))
    return cents


def _resolve_category(session: Session, key: Any, errors: dict[str, str]) -> m.Category | None:
    if isinstance(key, int):
        row = session.get(m.Category, key)
    else:
        from ticeinventory.domain.enums import fold
        wanted = fold(str(key or ""))
        row = next((c for c in session.scalars(select(m.Category))
                    if wanted and wanted in (fold(c.code), fold(c.label))), None)
    if row is None:
        known = ", ".join(session.scalars(select(m.Category.label).where(m.Category.active.is_(True))
                                          .order_by(m.Category.label)))
        errors["category"] = _("La catégorie « {value} » n'existe pas. Catégories connues : {known}.").format(
            value=key, known=known)
    return row


def _funding(session: Session, row: m.Equipment, values: Mapping[str, Any], clean: dict[str, Any],
             errors: dict[str, str]) -> None:
    """In the plan (with an optional phase of that plan), or hors plan with its origin: never both."""
    touched = any(k in values for k in ("plan", "plan_id", "phase", "phase_id", "funding_origin"))
    if not touched and row.id is not None:
        return
    plan_id = row.plan_id
    if "plan" in values or "plan_id" in values:
        key = values.get("plan_id") or values.get("plan")
        plan_id = None
        if key not in (None, ""):
            plan = session.get(m.Plan, key) if isinstance(key, int) else session.scalar(
                select(m.Plan).where(func.upper(m.Plan.code) == str(key).strip().upper()))
            if plan is None:
                codes = ", ".join(session.scalars(select(m.Plan.code).order_by(m.Plan.code)))
                errors["plan"] = _("Le plan « {value} » n'existe pas. Plans connus : {codes}.").format(
                    value=key, codes=codes)
                return
            plan_id = plan.id
    origin = row.funding_origin
    if "funding_origin" in values:
        raw = values["funding_origin"]
        origin = None
        if raw not in (None, ""):
            parsed = parse_enum(FundingOrigin, raw, "funding_origin", errors, _("L'origine"))
            origin = parsed.value if parsed else None
    if ("plan" in values or "plan_id" in values) and plan_id is not None and "funding_origin" not in values:
        origin = None  # moving an item into a plan clears its hors plan origin
    if "funding_origin" in values and origin is not None and "plan" not in values and "plan_id" not in values:
        plan_id = None  # declaring an origin makes the item hors plan
    if plan_id is not None and origin is not None:
        errors["funding_origin"] = _("Un équipement est soit dans un plan, soit hors plan avec une origine : "
                                     "pas les deux.")
        return
    if plan_id is None and origin is None and "funding_origin" not in errors:
        errors["funding_origin"] = _("Indiquez le plan d'équipement, ou pour un matériel hors plan son origine "
                                     "(fonds propres de l'école, don, coopérative / association de parents, autre "
                                     "collectivité, autre). Le matériel hors plan n'est pas maintenu par la Ville.")
        return
    phase_id = row.phase_id if plan_id == row.plan_id else None
    if "phase" in values or "phase_id" in values:
        key = values.get("phase_id") or values.get("phase")
        phase_id = None
        if key not in (None, ""):
            if plan_id is None:
                errors["phase"] = _("Une phase n'a de sens que pour un équipement du plan.")
                return
            phase = session.get(m.PlanPhase, key) if isinstance(key, int) else session.scalar(
                select(m.PlanPhase).where(m.PlanPhase.plan_id == plan_id,
                                          func.lower(m.PlanPhase.name) == str(key).strip().lower()))
            if phase is None or phase.plan_id != plan_id:
                errors["phase"] = _("La phase « {value} » n'appartient pas à ce plan.").format(value=key)
                return
            phase_id = phase.id
    clean.update(plan_id=plan_id, phase_id=phase_id, funding_origin=origin)


def _location(session: Session, row: m.Equipment, values: Mapping[str, Any], clean: dict[str, Any],
              errors: dict[str, str], creating: bool) -> None:
    """School (id or UAI; None = city stock) and room (id or name in that school). Keeps the assignment date."""
    school_given = "school" in values or "school_id" in values
    room_given = "room" in values or "room_id" in values
    if not school_given and not room_given:
        return
    school_id = row.school_id
    if school_given:
        key = values.get("school_id") if "school_id" in values else values.get("school")
        school_id = None
        if key not in (None, ""):
            school = session.get(m.School, key) if isinstance(key, int) else session.scalar(
                select(m.School).where(m.School.uai == uai_rules.normalise(str(key))))
            if school is None:
                errors["school"] = _("L'école « {value} » n'existe pas (indiquez son code UAI).").format(value=key)
                return
            school_id = school.id
    room_id = row.room_id if not school_given or school_id == row.school_id else None
    if room_given:
        key = values.get("room_id") if "room_id" in values else values.get("room")
        room_id = None
        if key not in (None, ""):
            if school_id is None:
                errors["room"] = _("Une salle se choisit dans une école : indiquez d'abord l'école.")
                return
            room = session.get(m.Room, key) if isinstance(key, int) else session.scalar(
                select(m.Room).where(m.Room.school_id == school_id, func.lower(m.Room.name) == str(key).strip().lower()))
            if room is None or room.school_id != school_id:
                errors["room"] = _("La salle « {value} » n'existe pas dans cette école.").format(value=key)
                return
            room_id = room.id
    clean["school_id"] = school_id
    clean["room_id"] = room_id
    if school_id != row.school_id or creating:
        if school_id is None:
            clean["assigned_on"] = None
            if row.status == EquipmentStatus.EN_SERVICE.value:
                clean["status"] = EquipmentStatus.EN_STOCK.value
        else:
            clean["assigned_on"] = clean.get("assigned_on") or (
                clean.get("acquisition_date") if creating else None) or date.today()
            if row.status == EquipmentStatus.EN_STOCK.value and not creating:
                clean["status"] = EquipmentStatus.EN_SERVICE.value


def _resolve_parent(session: Session, row: m.Equipment, key: Any, errors: dict[str, str]) -> int | None:
    if key in (None, ""):
        return None
    parent = session.get(m.Equipment, key) if isinstance(key, int) else session.scalar(
        select(m.Equipment).where(m.Equipment.inventory_number == numbers.normalise(str(key))))
    if parent is None:
        errors["parent"] = _("L'équipement parent « {value} » n'existe pas.").format(value=key)
        return None
    ancestor: m.Equipment | None = parent
    while ancestor is not None:
        if row.id is not None and ancestor.id == row.id:
            errors["parent"] = _("Un équipement ne peut pas être rattaché à lui-même ni à l'un de ses éléments.")
            return None
        ancestor = ancestor.parent
    return parent.id


def _next_number(session: Session, row: m.Equipment) -> str:
    """Next free number for the configured pattern; the counter lives in the same transaction."""
    category = session.get(m.Category, row.category_id)
    school = session.get(m.School, row.school_id) if row.school_id else None
    year = (row.acquisition_date or date.today()).year
    ctx = numbers.NumberContext(category_code=category.code, year=year, uai=school.uai if school else None)
    before, after, width = numbers.prefix_and_width(settings.read(session, "inventory_pattern"), ctx)
    key = f"{before}\x1f{after}"[:80]
    # Locked until commit (SELECT … FOR UPDATE; on SQLite the IMMEDIATE transaction already serialises writers),
    # so that two technicians on a shared server never read the same value.
    counter = session.get(m.Sequence, key, with_for_update=True)
    if counter is None:
        try:
            with session.begin_nested():
                session.add(m.Sequence(name=key, value=0))
        except IntegrityError:
            pass  # another transaction created this counter meanwhile: use theirs
        counter = session.get(m.Sequence, key, with_for_update=True, populate_existing=True)
    while True:
        counter.value += 1
        number = numbers.format_number(before, after, width, counter.value)
        if session.scalar(select(m.Equipment.id).where(m.Equipment.inventory_number == number)) is None:
            return number
