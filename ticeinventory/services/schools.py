"""Schools and their rooms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select

from ticeinventory.db import models as m
from ticeinventory.db.audit import Actor
from ticeinventory.db.database import Database
from ticeinventory.domain import uai as uai_rules
from ticeinventory.domain import validation as v
from ticeinventory.domain.enums import RoomKind, SchoolType, fold
from ticeinventory.domain.errors import NotFoundError, TiceError, ValidationError
from ticeinventory.domain.i18n import N_, _
from ticeinventory.domain.records import RoomInfo, SchoolInfo

from . import convert

SCHOOL_FIELDS = ("uai", "name", "type", "address", "postcode", "commune", "circonscription", "holiday_zone",
                 "director_name", "phone", "email", "active", "notes")
ROOM_FIELDS = ("name", "kind", "notes")


def parse_enum(enum_cls, value: Any, field: str, errors: dict[str, str], what: str):
    if isinstance(value, enum_cls):
        return value
    try:
        return enum_cls.parse(str(value))
    except ValueError:
        errors[field] = _("{what} « {value} » : valeur inconnue. Valeurs possibles : {choices}.").format(
            what=what, value=value, choices=", ".join(member.label for member in enum_cls))
        return None


FIELD_LABELS = {
    "uai": N_("Le code UAI"), "name": N_("Le nom"), "address": N_("L'adresse"), "postcode": N_("Le code postal"),
    "commune": N_("La commune"), "circonscription": N_("La circonscription"),
    "holiday_zone": N_("La zone de vacances"), "director_name": N_("Le nom du directeur ou de la directrice"),
    "phone": N_("Le téléphone"), "email": N_("L'adresse électronique"), "kind": N_("Le type"),
    "manufacturer": N_("La marque"), "model": N_("Le modèle"), "serial_number": N_("Le numéro de série"),
    "supplier": N_("Le fournisseur"), "order_reference": N_("La référence de commande"),
    "network_name": N_("Le nom réseau"), "mac_address": N_("L'adresse MAC"), "ip_address": N_("L'adresse IP"),
}


def check_length(model: type, key: str, text: str, errors: dict[str, str]) -> None:
    """Refuse a text longer than its column: PostgreSQL would reject it (SQLite would silently keep it)."""
    column = model.__table__.c.get(key)
    limit = getattr(column.type, "length", None) if column is not None else None
    if limit and len(text) > limit and key not in errors:
        errors[key] = _("{field} ne doit pas dépasser {n} caractères ({length} saisis).").format(
            field=_(FIELD_LABELS.get(key, key)), n=limit, length=len(text))


def clean_school(values: Mapping[str, Any]) -> dict[str, Any]:
    """Check and normalise school fields (any subset); raises ValidationError listing every problem."""
    unknown = set(values) - set(SCHOOL_FIELDS)
    if unknown:
        raise TiceError(_("Champs d'école inconnus : {fields}.").format(fields=", ".join(sorted(unknown))))
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key == "active":
            clean[key] = _yes_no(value, key, errors)
            continue
        if key == "type":
            clean[key] = parse_enum(SchoolType, value, key, errors, _("Le type d'école"))
            continue
        text = ("" if value is None else str(value)).strip()
        if key == "uai":
            problem = uai_rules.uai_problem(text)
            if problem:
                errors[key] = problem
            text = uai_rules.normalise(text)
        elif key == "name" and not text:
            errors[key] = _("Le nom de l'école est obligatoire.")
        elif key == "postcode" and text and (problem := v.postcode_problem(text)):
            errors[key] = problem
        elif key == "phone" and text:
            if problem := v.phone_problem(text):
                errors[key] = problem
            text = v.normalise_phone(text)
        elif key == "email" and text and (problem := v.email_problem(text)):
            errors[key] = problem
        check_length(m.School, key, text, errors)
        clean[key] = text
    if errors:
        raise ValidationError(errors)
    if "type" in clean:
        clean["type"] = clean["type"].value
    return clean


_YES = {"1", "true", "vrai", "oui", "o", "yes", "y", "actif", "active"}
_NO = {"0", "false", "faux", "non", "n", "no", "inactif", "inactive"}


def _yes_no(value: Any, key: str, errors: dict[str, str]) -> bool:
    """A real boolean, or oui/non-like text: bool("non") would be True."""
    if value is None or isinstance(value, bool | int):
        return bool(value)
    word = fold(str(value))
    if word in _YES or word in _NO:
        return word in _YES
    errors[key] = _("« {value} » n'est pas compris : indiquez oui ou non.").format(value=value)
    return False


def clean_room(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(ROOM_FIELDS)
    if unknown:
        raise TiceError(_("Champs de salle inconnus : {fields}.").format(fields=", ".join(sorted(unknown))))
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key == "kind":
            kind = parse_enum(RoomKind, value, key, errors, _("Le type de salle"))
            clean[key] = kind.value if kind else None
            continue
        text = ("" if value is None else str(value)).strip()
        if key == "name" and not text:
            errors[key] = _("Le nom de la salle est obligatoire.")
        check_length(m.Room, key, text, errors)
        clean[key] = text
    if errors:
        raise ValidationError(errors)
    return clean


class SchoolService:
    def __init__(self, db: Database, actor: Actor | None = None) -> None:
        self.db = db
        self.actor = actor

    # -- reading -------------------------------------------------------------------------------------------

    def list(self, *, commune: str | None = None, school_type: SchoolType | None = None,
             include_inactive: bool = True) -> list[SchoolInfo]:
        query = select(m.School).order_by(m.School.commune, m.School.name)
        if commune:
            query = query.where(m.School.commune == commune)
        if school_type:
            query = query.where(m.School.type == SchoolType(school_type).value)
        if not include_inactive:
            query = query.where(m.School.active.is_(True))
        with self.db.reading() as session:
            return [convert.school(row) for row in session.scalars(query)]

    def get(self, school_id: int) -> SchoolInfo:
        with self.db.reading() as session:
            return convert.school(_school(session, school_id))

    def find(self, uai: str) -> SchoolInfo:
        """The school with this UAI (any case); NotFoundError otherwise."""
        with self.db.reading() as session:
            return convert.school(_school_by_uai(session, uai))

    def rooms(self, school_id: int) -> list[RoomInfo]:
        with self.db.reading() as session:
            _school(session, school_id)
            rows = session.scalars(select(m.Room).where(m.Room.school_id == school_id).order_by(m.Room.name))
            return [convert.room(row) for row in rows]

    def room(self, room_id: int) -> RoomInfo:
        with self.db.reading() as session:
            return convert.room(_room(session, room_id))

    # -- writing -------------------------------------------------------------------------------------------

    def create(self, **values: Any) -> SchoolInfo:
        values.setdefault("type", SchoolType.ELEMENTAIRE)
        missing = {k: "" for k in ("uai", "name") if k not in values}
        clean = clean_school({**missing, **values})
        with self.db.writing(self._actor()) as session:
            _refuse_duplicate_uai(session, clean["uai"])
            row = m.School(**clean)
            session.add(row)
            session.flush()
            return convert.school(row)

    def update(self, school_id: int, **changes: Any) -> SchoolInfo:
        clean = clean_school(changes)
        with self.db.writing(self._actor()) as session:
            row = _school(session, school_id)
            if "uai" in clean and clean["uai"] != row.uai:
                _refuse_duplicate_uai(session, clean["uai"])
            for key, value in clean.items():
                setattr(row, key, value)
            session.flush()
            return convert.school(row)

    def add_room(self, school_id: int, name: str, kind: RoomKind | str = RoomKind.AUTRE, notes: str = "") -> RoomInfo:
        clean = clean_room({"name": name, "kind": kind, "notes": notes})
        with self.db.writing(self._actor()) as session:
            school = _school(session, school_id)
            _refuse_duplicate_room(session, school, clean["name"])
            row = m.Room(school_id=school.id, **clean)
            session.add(row)
            session.flush()
            return convert.room(row)

    def update_room(self, room_id: int, **changes: Any) -> RoomInfo:
        clean = clean_room(changes)
        with self.db.writing(self._actor()) as session:
            row = _room(session, room_id)
            if "name" in clean and clean["name"].casefold() != row.name.casefold():
                _refuse_duplicate_room(session, row.school, clean["name"])
            for key, value in clean.items():
                setattr(row, key, value)
            session.flush()
            return convert.room(row)

    def delete_room(self, room_id: int) -> None:
        with self.db.writing(self._actor()) as session:
            row = _room(session, room_id)
            count = session.scalar(select(func.count()).select_from(m.Equipment).where(m.Equipment.room_id == room_id))
            if count:
                raise TiceError(_("La salle « {room} » contient encore {n} équipement(s) : déplacez-les avant de "
                                  "la supprimer.").format(room=row.name, n=count))
            session.delete(row)

    def _actor(self) -> Actor:
        if self.actor is None:
            raise RuntimeError("SchoolService needs an actor to write")
        return self.actor

    # -- undo support (the screen's Ctrl+Z, ui/undo.py) ------------------------------------------------------
    # As for equipment: states read before and after an action, put back only if nobody changed them since.

    def snapshot(self, school_id: int) -> dict[str, Any]:
        """The stored fields of a school (:data:`SCHOOL_FIELDS`), to give back to :meth:`restore`."""
        with self.db.reading() as session:
            row = _school(session, school_id)
            return {key: getattr(row, key) for key in SCHOOL_FIELDS}

    def restore(self, school_id: int, values: Mapping[str, Any], *,
                expected: Mapping[str, Any] | None = None) -> SchoolInfo:
        """Put back fields of a school (undo or redo of an edit); RuleError if a field of ``expected`` changed
        since. The values pass the same checks as any edit (a UAI taken meanwhile is refused)."""
        clean = clean_school(values)
        with self.db.writing(self._actor()) as session:
            row = session.get(m.School, school_id, with_for_update=True) or _school(session, school_id)
            self._check_unchanged(row, expected, _("L'école « {name} »").format(name=row.name))
            if "uai" in clean and clean["uai"] != row.uai:
                _refuse_duplicate_uai(session, clean["uai"])
            for key, value in clean.items():
                setattr(row, key, value)
            session.flush()
            return convert.school(row)

    def delete(self, school_id: int, *, expected: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Remove a school entered by mistake (the undo of its creation); returns its fields for
        :meth:`recreate`. Refused once anything refers to it (rooms, equipment, incidents…) or, with
        ``expected``, once it was changed since: a school that closed is made inactive, not deleted."""
        with self.db.writing(self._actor()) as session:
            row = session.get(m.School, school_id, with_for_update=True) or _school(session, school_id)
            self._check_unchanged(row, expected, _("L'école « {name} »").format(name=row.name))
            referred = self._references(session, m.School.__table__, [row.id])
            if referred:
                raise self._refusal(_("L'école « {name} » a déjà {what} : elle ne peut plus être supprimée. Si elle a "
                                  "fermé, décochez « Active ».").format(name=row.name,
                                                                        what=", ".join(referred[row.id])))
            state = {key: getattr(row, key) for key in SCHOOL_FIELDS}
            session.delete(row)
            session.flush()
            return state

    def recreate(self, school_id: int, values: Mapping[str, Any]) -> SchoolInfo:
        """Put back a school removed by :meth:`delete` (the redo of its creation), with the same identifier."""
        clean = clean_school(values)
        with self.db.writing(self._actor()) as session:
            if session.get(m.School, school_id) is not None:
                raise self._refusal(_("L'école « {name} » ne peut pas être rétablie : son identifiant a été repris "
                                  "entre-temps.").format(name=clean.get("name", "")))
            _refuse_duplicate_uai(session, clean["uai"])
            row = m.School(id=school_id, **clean)
            session.add(row)
            session.flush()
            return convert.school(row)

    def room_snapshot(self, room_id: int) -> dict[str, Any]:
        """The stored fields of a room (its school and :data:`ROOM_FIELDS`)."""
        with self.db.reading() as session:
            row = _room(session, room_id)
            return {"school_id": row.school_id, **{key: getattr(row, key) for key in ROOM_FIELDS}}

    def restore_room(self, room_id: int, values: Mapping[str, Any], *,
                     expected: Mapping[str, Any] | None = None) -> RoomInfo:
        """Put back fields of a room (undo or redo of an edit); a room never changes school."""
        clean = clean_room({key: value for key, value in values.items() if key != "school_id"})
        with self.db.writing(self._actor()) as session:
            row = session.get(m.Room, room_id, with_for_update=True) or _room(session, room_id)
            self._check_unchanged(row, expected, _("La salle « {name} »").format(name=row.name))
            if "name" in clean and clean["name"].casefold() != row.name.casefold():
                _refuse_duplicate_room(session, row.school, clean["name"])
            for key, value in clean.items():
                setattr(row, key, value)
            session.flush()
            return convert.room(row)

    def remove_room(self, room_id: int, *, expected: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Remove a room entered by mistake (the undo of its creation); returns its fields for
        :meth:`recreate_room`. Refused once anything refers to it (equipment, interventions…) or, with
        ``expected``, once it was changed since."""
        with self.db.writing(self._actor()) as session:
            row = session.get(m.Room, room_id, with_for_update=True) or _room(session, room_id)
            self._check_unchanged(row, expected, _("La salle « {name} »").format(name=row.name))
            referred = self._references(session, m.Room.__table__, [row.id])
            if referred:
                raise self._refusal(_("La salle « {name} » a déjà {what} : elle ne peut plus être supprimée.").format(
                    name=row.name, what=", ".join(referred[row.id])))
            state = {"school_id": row.school_id, **{key: getattr(row, key) for key in ROOM_FIELDS}}
            session.delete(row)
            session.flush()
            return state

    def recreate_room(self, room_id: int, values: Mapping[str, Any]) -> RoomInfo:
        """Put back a room removed by :meth:`remove_room`, with the same identifier, in the same school."""
        clean = clean_room({key: value for key, value in values.items() if key != "school_id"})
        with self.db.writing(self._actor()) as session:
            school = _school(session, values["school_id"])
            if session.get(m.Room, room_id) is not None:
                raise self._refusal(_("La salle « {name} » ne peut pas être rétablie : son identifiant a été repris "
                                  "entre-temps.").format(name=clean.get("name", "")))
            _refuse_duplicate_room(session, school, clean["name"])
            row = m.Room(id=room_id, school_id=school.id, **clean)
            session.add(row)
            session.flush()
            return convert.room(row)

    @staticmethod
    def _check_unchanged(row: Any, expected: Mapping[str, Any] | None, what: str) -> None:
        if not expected:
            return
        changed = [key for key, value in expected.items() if getattr(row, key) != value]
        if changed:
            labels = {"uai": _("code UAI"), "name": _("nom"), "type": _("type"), "address": _("adresse"),
                      "postcode": _("code postal"), "commune": _("commune"), "circonscription": _("circonscription"),
                      "holiday_zone": _("zone de vacances"), "director_name": _("direction"),
                      "phone": _("téléphone"), "email": _("adresse électronique"), "active": _("active"),
                      "notes": _("notes"), "kind": _("type de salle")}
            names = ", ".join(labels.get(key, key) for key in changed)
            raise SchoolService._refusal(_(
                "{what} a été modifiée entre-temps ({fields}), ici ou sur un autre poste : cette étape ne peut plus "
                "être annulée ni rétablie sans effacer cette modification.").format(what=what, fields=names))

    @staticmethod
    def _references(session: Any, table: Any, ids: list[int]) -> dict[int, list[str]]:
        """For each of ``ids`` (rows of ``table``) referred to by a row of another table, or by another row of
        the same table, the French names of what refers to it (« 3 équipements », « incidents »)."""
        names = {"equipment": _("des équipements"), "rooms": _("des salles"),
                 "incidents": _("des incidents"), "interventions": _("des interventions")}
        found: dict[int, list[str]] = {}
        for other in m.Base.metadata.sorted_tables:
            for key in other.foreign_keys:
                if key.column.table is not table:
                    continue
                column = key.parent
                for start in range(0, len(ids), 500):
                    query = select(column).where(column.in_(ids[start:start + 500])).distinct()
                    if other is table:
                        query = query.where(other.c.id.not_in(ids))
                    for item_id in session.scalars(query):
                        what = _("des éléments rattachés") if other is table else names.get(other.name, other.name)
                        if what not in found.setdefault(item_id, []):
                            found[item_id].append(what)
        return found

    @staticmethod
    def _refusal(message: str) -> TiceError:
        # appended code: the module's imports stay as they were
        from ticeinventory.domain.errors import RuleError

        return RuleError(message)


def _school(session, school_id: int) -> m.School:
    row = session.get(m.School, school_id)
    if row is None:
        raise NotFoundError(_("Aucune école n'a l'identifiant {id}.").format(id=school_id))
    return row


def _school_by_uai(session, uai: str) -> m.School:
    row = session.scalar(select(m.School).where(m.School.uai == uai_rules.normalise(uai)))
    if row is None:
        raise NotFoundError(_("Aucune école n'a le code UAI « {uai} ». Vérifiez le code ou ajoutez l'école.")
                            .format(uai=uai_rules.normalise(uai)))
    return row


def _room(session, room_id: int) -> m.Room:
    row = session.get(m.Room, room_id)
    if row is None:
        raise NotFoundError(_("Aucune salle n'a l'identifiant {id}.").format(id=room_id))
    return row


def _refuse_duplicate_uai(session, uai: str) -> None:
    other = session.scalar(select(m.School).where(m.School.uai == uai))
    if other is not None:
        raise ValidationError({"uai": _("Le code UAI {uai} est déjà celui de l'école « {name} ».").format(
            uai=uai, name=other.name)})


def _refuse_duplicate_room(session, school: m.School, name: str) -> None:
    existing = session.scalar(select(m.Room).where(m.Room.school_id == school.id,
                                                   func.lower(m.Room.name) == name.lower()))
    if existing is not None:
        raise ValidationError({"name": _("L'école « {school} » a déjà une salle nommée « {room} ».").format(
            school=school.name, room=existing.name)})
