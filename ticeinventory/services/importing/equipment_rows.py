"""One file row → one equipment row, checked by the very code behind the entry screen.

``services.equipment._apply`` holds every rule of an item (plan or origin hors plan, school and room, dates,
amounts, statuses, MAC address, text lengths…). Running it through the ORM for each of 100 000 rows would cost
database round trips per lookup, so the import runs it on a plain :class:`Draft` with a session stand-in whose
``get()`` answers from reference rows read once (categories, plans, schools, rooms). Values are pre-parsed with
the same domain functions, memoised per distinct text (a delivery list repeats its dates, categories and
statuses); a value that does not parse is handed to ``_apply`` as text, so the message is the screen's own.

Inventory number and make + serial number are checked here, against in-memory sets, because an import must
tell a duplicate of an existing item (update or skip) from a conflict, and rows of the same file from each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ticeinventory.db import models as m
from ticeinventory.domain import inventory_number as numbers
from ticeinventory.domain import uai as uai_rules
from ticeinventory.domain import validation as v
from ticeinventory.domain.enums import Attribution, EquipmentStatus, FundingOrigin, RoomKind, fold
from ticeinventory.domain.errors import ValidationError
from ticeinventory.domain.i18n import _

from .. import settings
from ..equipment import _apply, _create
from ..schools import check_length
from .mapping import ColumnMapping

COLUMNS = tuple(c.key for c in m.Equipment.__table__.c)
# texts shorter than the narrowest text column cannot fail services.schools.check_length
_SHORTEST = min(c.type.length for c in m.Equipment.__table__.c if getattr(c.type, "length", None))
PLACEHOLDER = "?"  # an inventory number to come: keeps _apply from drawing one from the database's counter
CACHE_LIMIT = 50_000

# _apply's error keys → columns of the import format
FIELD_COLUMN = {
    "inventory_number": "numero_inventaire", "category": "categorie", "category_id": "categorie", "school": "uai",
    "school_id": "uai", "room": "salle", "room_id": "salle", "status": "statut", "plan": "plan", "plan_id": "plan",
    "phase": "plan", "funding_origin": "origine", "acquisition_date": "date_acquisition",
    "purchase_price": "prix_achat", "purchase_price_cents": "prix_achat", "warranty_end": "fin_garantie",
    "manufacturer": "marque", "model": "modele", "serial_number": "numero_serie", "supplier": "fournisseur",
    "network_name": "nom_reseau", "mac_address": "adresse_mac", "attribution": "attribution", "notes": "notes",
    "assigned_on": "date_acquisition",
}
TEXT_COLUMNS = {"modele": "model", "fournisseur": "supplier", "nom_reseau": "network_name",
                "adresse_mac": "mac_address", "notes": "notes"}


class Draft:
    """An equipment row being built: the attributes ``_apply`` reads and writes, without the ORM's cost.

    Starting values are class attributes (the same as ``services.equipment._create`` gives a new row), so that
    making a draft costs nothing; what ``_apply`` writes lands on the instance.
    """

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in COLUMNS}


for _name in COLUMNS:
    setattr(Draft, _name, None)
for _name in ("status", "manufacturer", "model", "serial_number", "supplier", "order_reference", "network_name",
              "mac_address", "ip_address", "notes", "retirement_reason"):
    setattr(Draft, _name, "")


@dataclass
class PendingRoom:
    """A room named in the file and not yet in the school: created when a valid row first needs it."""

    id: int
    school_id: int
    name: str
    real_id: int | None = None


class _ReferenceSession:
    """Stands in for the session inside ``_apply``: ``get()`` of reference rows from memory, the rest from the
    real session (only reached for values that do not resolve, to build the screen's message)."""

    def __init__(self, session: Session, tables: dict[type, dict[int, Any]]) -> None:
        self._session = session
        self._tables = tables

    def get(self, model: type, key: Any, **kwargs: Any) -> Any:
        table = self._tables.get(model)
        if table is not None and key in table:
            return table[key]
        return self._session.get(model, key, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


def guess_room_kind(name: str) -> RoomKind:
    """A room created on demand gets the kind its name says (« Classe CE1 » → classe), else « autre »."""
    key = fold(name)
    rules = (("bureaudedirection", RoomKind.BUREAU_DIRECTION), ("direction", RoomKind.BUREAU_DIRECTION),
             ("secretariat", RoomKind.SECRETARIAT), ("bcd", RoomKind.BCD), ("bibliotheque", RoomKind.BCD),
             ("salleinformatique", RoomKind.SALLE_INFORMATIQUE), ("salledediee", RoomKind.SALLE_INFORMATIQUE),
             ("informatique", RoomKind.SALLE_INFORMATIQUE), ("salledeformation", RoomKind.SALLE_INFORMATIQUE),
             ("salledesmaitres", RoomKind.SALLE_DES_MAITRES), ("salledesprofesseurs", RoomKind.SALLE_DES_MAITRES),
             ("localtechnique", RoomKind.LOCAL_TECHNIQUE), ("baie", RoomKind.LOCAL_TECHNIQUE),
             ("classe", RoomKind.CLASSE), ("salledeclasse", RoomKind.CLASSE))
    for start, kind in rules:
        if key.startswith(start):
            return kind
    return RoomKind.AUTRE


def serial_key(manufacturer: str, serial: str) -> str | None:
    """Make + serial as the screen compares them (case-insensitive); None without a serial."""
    return f"{manufacturer.lower()}\x1f{serial.lower()}" if serial else None


class Lookups:
    """Reference rows and the keys of existing items, read once at the start of the import."""

    def __init__(self, session: Session) -> None:
        self.categories = {c.id: c for c in session.scalars(select(m.Category).order_by(m.Category.id))}
        self.category_by_fold: dict[str, int] = {}
        for c in self.categories.values():  # first match wins, as services.equipment._resolve_category
            self.category_by_fold.setdefault(fold(c.code), c.id)
            self.category_by_fold.setdefault(fold(c.label), c.id)
        self.plans = {p.id: p for p in session.scalars(select(m.Plan))}
        self.plan_by_code = {p.code.strip().upper(): p.id for p in self.plans.values()}
        self.schools = {s.id: s for s in session.scalars(select(m.School))}
        self.school_by_uai = {s.uai: s.id for s in self.schools.values()}
        self.rooms: dict[int, Any] = {r.id: r for r in session.scalars(select(m.Room))}
        self.room_by_name = {(r.school_id, r.name.strip().lower()): r.id for r in self.rooms.values()}
        self.numbers: dict[str, int] = {number: item_id for number, item_id in session.execute(
            select(m.Equipment.inventory_number, m.Equipment.id))}
        self.serials: dict[str, int] = {}
        query = select(m.Equipment.manufacturer, m.Equipment.serial_number, m.Equipment.id).where(
            m.Equipment.serial_number != "").order_by(m.Equipment.id)
        for manufacturer, serial, item_id in session.execute(query):
            self.serials.setdefault(serial_key(manufacturer or "", serial), item_id)
        self.pattern = settings.read(session, "inventory_pattern")
        self.reference = _ReferenceSession(session, {m.Category: self.categories, m.Plan: self.plans,
                                                     m.School: self.schools, m.Room: self.rooms})


@dataclass
class Checked:
    """A row once checked: its draft, or its errors as (column, value, reason)."""

    line: int
    draft: Draft
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    existing_id: int | None = None
    matched_by: str = ""
    retire: bool = False
    provided: frozenset[str] = frozenset()
    raw: dict[str, str] = field(default_factory=dict)
    number_given: bool = False


class RowChecker:
    def __init__(self, session: Session, lookups: Lookups, mapping: ColumnMapping, headers: list[str]) -> None:
        self.session = session
        self.lookups = lookups
        self.mapping = mapping
        self.indexes = mapping.indexes(headers)
        self.defaults = {k: v.strip() for k, v in mapping.defaults.items() if v.strip()}
        self.provided = frozenset(self.indexes) | frozenset(self.defaults)
        self.file_numbers: dict[str, int] = {}
        self.file_serials: dict[str, int] = {}
        self.counters: dict[str, m.Sequence] = {}
        self.today = date.today()
        self._next_room = -1
        self._caches: dict[str, dict[str, Any]] = {}
        self._required_category = _required_category_message()

    # -- reading a row -------------------------------------------------------------------------------------

    def check(self, line: int, cells: list[str]) -> Checked:
        raw = {column: cells[index].strip() for column, index in self.indexes.items()}
        for column, value in self.defaults.items():
            if not raw.get(column):
                raw[column] = value
        draft = Draft()
        result = Checked(line=line, draft=draft, provided=self.provided, raw=raw)
        errors: dict[str, str] = {}

        number = numbers.normalise(raw.get("numero_inventaire", ""))
        result.number_given = bool(number)
        if number and (problem := numbers.number_problem(number)):
            errors["inventory_number"] = problem
        draft.inventory_number = number or PLACEHOLDER
        manufacturer, serial = raw.get("marque", ""), raw.get("numero_serie", "")
        if len(manufacturer) > _SHORTEST:
            check_length(m.Equipment, "manufacturer", manufacturer, errors)
        if len(serial) > _SHORTEST:
            check_length(m.Equipment, "serial_number", serial, errors)
        draft.manufacturer, draft.serial_number = manufacturer, serial

        values = self._values(raw, result, errors)
        try:
            _apply(self.lookups.reference, draft, values, creating=True)
        except ValidationError as error:
            for key, message in error.errors.items():
                errors.setdefault(key, message)
        if "school" in errors and (problem := uai_rules.uai_problem(raw.get("uai", ""))):
            errors["school"] = problem
        if not errors:
            self._uniqueness(result, number, manufacturer, serial, errors)
        for key, message in errors.items():
            column = FIELD_COLUMN.get(key, key)
            result.errors.append((column, raw.get(column, ""), message))
        return result

    def _values(self, raw: dict[str, str], result: Checked, errors: dict[str, str]) -> dict[str, Any]:
        """The row in _apply's vocabulary, resolved from memory when possible."""
        values: dict[str, Any] = {}
        for column, key in TEXT_COLUMNS.items():
            if column in raw:
                values[key] = raw[column]
        text = raw.get("categorie", "")
        if text:
            category = self._parsed("category", text, self._category)
            values["category" if isinstance(category, str) else "category_id"] = category
        else:
            errors["category"] = self._required_category
        for column, key in (("date_acquisition", "acquisition_date"), ("fin_garantie", "warranty_end")):
            if column in raw:
                values[key] = self._parsed("date", raw[column], v.parse_date)
        if "prix_achat" in raw:
            cents = self._parsed("amount", raw["prix_achat"], v.parse_amount)
            if isinstance(cents, str):
                values["purchase_price"] = cents
            else:
                values["purchase_price_cents"] = cents
        if "attribution" in raw:
            values["attribution"] = self._parsed("attribution", raw["attribution"], Attribution.parse)
        if raw.get("statut"):
            status = self._parsed("status", raw["statut"], EquipmentStatus.parse)
            if status is EquipmentStatus.REFORME:
                result.retire = True  # created, then retired (services.equipment refuses to create it retired)
            else:
                values["status"] = status
        if "plan" in raw:
            code = raw["plan"]
            values["plan_id"] = self.lookups.plan_by_code.get(code.upper()) if code else None
            if code and values["plan_id"] is None:
                del values["plan_id"]
                values["plan"] = code
        if "origine" in raw:
            values["funding_origin"] = self._parsed("origin", raw["origine"], FundingOrigin.parse)
        self._location(raw, values)
        return values

    def _location(self, raw: dict[str, str], values: dict[str, Any]) -> None:
        school_id = None
        if "uai" in raw:
            text = raw["uai"]
            school_id = self._parsed("uai", text, self._school)
            if isinstance(school_id, str):
                values["school"] = text
                school_id = None
            else:
                values["school_id"] = school_id
        if "salle" in raw:
            name = raw["salle"]
            if not name:
                values["room_id"] = None
            elif school_id is None:
                values["room"] = name
            else:
                values["room_id"] = self._room(school_id, name)

    def _room(self, school_id: int, name: str) -> int:
        key = (school_id, name.lower())
        room_id = self.lookups.room_by_name.get(key)
        if room_id is None:
            room_id = self._next_room
            self._next_room -= 1
            self.lookups.rooms[room_id] = PendingRoom(id=room_id, school_id=school_id, name=name)
            self.lookups.room_by_name[key] = room_id
        return room_id

    def _school(self, text: str) -> int:
        try:
            return self.lookups.school_by_uai[uai_rules.normalise(text)]
        except KeyError:
            raise ValueError(text) from None

    def _category(self, text: str) -> int:
        try:
            return self.lookups.category_by_fold[fold(text)]
        except KeyError:
            raise ValueError(text) from None

    def _parsed(self, kind: str, text: str, parse) -> Any:
        """``parse(text)`` memoised; empty text → None; text that does not parse is returned as is."""
        if not text:
            return None
        cache = self._caches.setdefault(kind, {})
        try:
            return cache[text]
        except KeyError:
            pass
        if len(cache) > CACHE_LIMIT:
            cache.clear()
        try:
            value = parse(text)
        except ValueError:
            value = text
        cache[text] = value
        return value

    # -- duplicates ----------------------------------------------------------------------------------------

    def _uniqueness(self, result: Checked, number: str, manufacturer: str, serial: str,
                    errors: dict[str, str]) -> None:
        key = serial_key(manufacturer, serial)
        if number:
            if number in self.file_numbers:
                errors["inventory_number"] = _("Le numéro d'inventaire {number} figure déjà ligne {line} de ce "
                                               "fichier.").format(number=number, line=self.file_numbers[number])
                return
            if number in self.lookups.numbers:
                result.existing_id, result.matched_by = self.lookups.numbers[number], "numero_inventaire"
        if key is not None:
            if key in self.file_serials:
                errors["serial_number"] = _("Le numéro de série {serial} ({manufacturer}) figure déjà ligne {line} "
                                            "de ce fichier.").format(serial=serial, manufacturer=manufacturer or "-",
                                                                     line=self.file_serials[key])
                return
            other = self.lookups.serials.get(key)
            if other is not None and other != result.existing_id:
                if result.existing_id is None and not number:
                    result.existing_id, result.matched_by = other, "numero_serie"
                else:
                    errors["serial_number"] = _("Le numéro de série {serial} ({manufacturer}) est déjà celui de "
                                                "l'équipement {number}.").format(
                        serial=serial, manufacturer=manufacturer or "-", number=self._number_of(other))
                    return
        if number:
            self.file_numbers[number] = result.line
        if key is not None:
            self.file_serials[key] = result.line

    def _number_of(self, item_id: int) -> str:
        return self.session.scalar(select(m.Equipment.inventory_number).where(m.Equipment.id == item_id)) or "?"

    # -- a new item ----------------------------------------------------------------------------------------

    def draw_number(self, draft: Draft) -> str:
        """The next number of the configured pattern, drawn as services.equipment._next_number draws it (the
        counter row locked until commit), skipping numbers already taken in the database or in the file."""
        category = self.lookups.categories[draft.category_id]
        school = self.lookups.schools.get(draft.school_id) if draft.school_id else None
        year = (draft.acquisition_date or self.today).year
        ctx = numbers.NumberContext(category_code=category.code, year=year, uai=school.uai if school else None)
        before, after, width = numbers.prefix_and_width(self.lookups.pattern, ctx)
        key = f"{before}\x1f{after}"[:80]
        counter = self.counters.get(key)
        if counter is None:
            counter = self.session.get(m.Sequence, key, with_for_update=True)
            if counter is None:
                try:
                    with self.session.begin_nested():
                        self.session.add(m.Sequence(name=key, value=0))
                except IntegrityError:
                    pass  # another transaction created this counter meanwhile: use theirs
                counter = self.session.get(m.Sequence, key, with_for_update=True, populate_existing=True)
            self.counters[key] = counter
        while True:
            counter.value += 1
            number = numbers.format_number(before, after, width, counter.value)
            if number not in self.lookups.numbers and number not in self.file_numbers:
                return number

    def register_number(self, number: str, line: int) -> None:
        self.file_numbers[number] = line


def _required_category_message() -> str:
    """The screen's own words when the category is missing (services.equipment._create)."""
    try:
        _create(None, {})  # type: ignore[arg-type]  # refuses before touching the session
    except ValidationError as error:
        return error.errors["category"]
    return _("La catégorie est obligatoire.")
