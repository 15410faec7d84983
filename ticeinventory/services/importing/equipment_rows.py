"""One file row → one equipment row, checked by the very code behind the entry screen.

``services.equipment._apply`` holds every rule of an item (plan or origin hors plan, school and room, dates,
amounts, statuses, MAC address, text lengths…). Running it through the ORM for each of 100 000 rows would cost
database round trips per lookup, so the import runs it on a plain :class:`Draft` with a session stand-in whose
``get()`` answers from reference rows read once (categories, plans, schools, rooms). Values are pre-parsed with
the same domain functions, memoised per distinct text (a delivery list repeats its dates, categories and
statuses); a value that does not parse is handed to ``_apply`` as text, so the message is the screen's own.

Inventory number and make + serial number are checked here, against in-memory sets, because an import must
tell a duplicate of an existing item (update or skip) from a conflict, and rows of the same file from each other.

:meth:`RowChecker.fast` spares ``_apply`` for most rows of a delivery list. ``_apply`` judges the row's
reference cells (category, school, room, status, plan, origin, price, attribution) together, but its free texts
(model, supplier, network name, notes, MAC address) each on their own, and its dates only by three rules: parsed,
acquisition not in the future, warranty not before acquisition; the acquisition date then also becomes the
assignment date. So ``_apply`` is run once per distinct combination of reference cells (a *shape*), with the
free texts empty and any date given replaced by a probe date that passes those rules; each row then takes the
shape's values, its own texts and dates (the probe replaced wherever it landed). A row goes the fast way only
when everything in it is plainly right: a new, well-formed inventory number, texts within every column's length,
a MAC address already in its stored form, dates that pass the three rules, no duplicate anywhere. Anything else
— any doubt — goes through :meth:`RowChecker.check`, which reports exactly what the screen would.
tests/importing/test_import_fast_path.py checks both ways give the same result on generated rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
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
PROBE = date(2000, 1, 1)
"""Stands for any valid date while a shape is judged: not in the future, not before itself."""
PROBE_TEXT = "01/01/2000"
_PLAIN_NUMBER = re.compile(r"[A-Z0-9][A-Z0-9._/-]*")  # what inventory_number.number_problem accepts
_STORED_MAC = re.compile(r"[0-9A-F]{2}(?::[0-9A-F]{2}){5}")  # normalise_mac's output, that mac_problem accepts
_INVALID = object()

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
# cells of a row that do not make its shape: judged row by row (fast path)
FREE_COLUMNS = ("numero_inventaire", "marque", "numero_serie", "date_acquisition", "fin_garantie", *TEXT_COLUMNS)
SHAPE_COLUMNS = ("uai", "salle", "categorie", "statut", "plan", "origine", "prix_achat", "attribution")
_INDEX = {name: i for i, name in enumerate(COLUMNS)}


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
        self._shapes: dict[tuple, Any] = {}
        self.before_database: Callable[[], None] = lambda: None
        """Called before a shape is judged (it may read the database): the import waits for its writes."""
        self._dates: dict[tuple, Any] = {}
        # the fast path knows the import's own columns only
        self.fast_path = self.provided <= set(FREE_COLUMNS + SHAPE_COLUMNS) and v.parse_date(PROBE_TEXT) == PROBE
        self._names = tuple(self.indexes)
        positions = tuple(self.indexes.values())
        self._cells = itemgetter(*positions) if len(positions) > 1 else lambda cells: [cells[i] for i in positions]
        self._free = tuple((column, _INDEX[TEXT_COLUMNS[column]]) for column in TEXT_COLUMNS
                           if column in self.provided)
        # The fast path reads a row as a list: the file's cells (stripped), then the defaults of the columns the
        # file lacks, then None and "" for the columns absent (what ``raw.get(column)`` and
        # ``raw.get(column, "")`` say of them); the defaults of the file's columns fill its empty cells.
        slots = {column: i for i, column in enumerate(self._names)}
        lacking = [column for column in self.defaults if column not in slots]
        slots.update((column, len(self._names) + i) for i, column in enumerate(lacking))
        none, empty = len(slots), len(slots) + 1
        self._tail = (*(self.defaults[column] for column in lacking), None, "")
        self._patch = tuple((slots[column], value) for column, value in self.defaults.items() if column in self.indexes)
        self._shape_cells = itemgetter(*(slots.get(c, none) for c in SHAPE_COLUMNS + ("date_acquisition",
                                                                                       "fin_garantie")))
        self._key_cells = itemgetter(*(slots.get(c, empty) for c in ("numero_inventaire", "marque", "numero_serie")))
        self._free_cells = tuple((slots[column], index) for column, index in self._free)

    # -- the fast path -------------------------------------------------------------------------------------

    def fast(self, line: int, cells: list[str]) -> tuple[list[Any], bool] | None:
        """A plainly valid new item: (its column values in COLUMNS order, to be retired); None for any other
        row, which then goes through :meth:`check`. Leaves no trace when it returns None (but caches)."""
        row = [*map(str.strip, self._cells(cells)), *self._tail]
        for index, value in self._patch:
            if not row[index]:
                row[index] = value
        key = self._shape_cells(row)
        acquired, warranty = key[-2:]
        if acquired or warranty:
            key = (*key[:-2], acquired and PROBE_TEXT, warranty and PROBE_TEXT)
        shape = self._shapes.get(key)
        if shape is None:
            if len(self._shapes) > CACHE_LIMIT:
                self._shapes.clear()
            self.before_database()
            shape = self._shapes[key] = self._shape(key)
        if shape is _INVALID:
            return None
        dates = self._dates.get((acquired, warranty))
        if dates is None:
            if len(self._dates) > CACHE_LIMIT:
                self._dates.clear()
            dates = self._dates[(acquired, warranty)] = self._date_pair(acquired, warranty)
        if dates is _INVALID:
            return None
        number, manufacturer, serial = self._key_cells(row)
        number = number.upper()  # numbers.normalise: the cell is stripped
        # a number of plain ASCII letters and digits within its length is one number_problem accepts
        if len(number) > numbers.MAX_LENGTH or not _PLAIN_NUMBER.fullmatch(number) or number in self.file_numbers \
                or number in self.lookups.numbers:
            return None
        if len(manufacturer) > _SHORTEST or len(serial) > _SHORTEST:
            return None
        serial_id = f"{manufacturer.lower()}\x1f{serial.lower()}" if serial else None  # serial_key()
        if serial_id is not None and (serial_id in self.file_serials or serial_id in self.lookups.serials):
            return None
        values, retire = shape
        values = values.copy()
        for slot, index in self._free_cells:
            text = row[slot]
            if len(text) > _SHORTEST or (index == _MAC and text and not _STORED_MAC.fullmatch(text)):
                return None
            values[index] = text
        self.file_numbers[number] = line
        if serial_id is not None:
            self.file_serials[serial_id] = line
        values[_NUMBER], values[_MANUFACTURER], values[_SERIAL] = number, manufacturer, serial
        acquired_on, warranty_end = dates
        if values[_ACQUIRED] == PROBE:
            values[_ACQUIRED] = acquired_on
        if values[_WARRANTY] == PROBE:
            values[_WARRANTY] = warranty_end
        if values[_ASSIGNED] == PROBE:
            values[_ASSIGNED] = acquired_on
        return values, retire

    def _shape(self, key: tuple) -> Any:
        """What ``_apply`` makes of the reference cells of ``key`` (free texts empty, dates the probe):
        (column values in COLUMNS order, to be retired), or _INVALID."""
        raw = {column: value for column, value in zip(SHAPE_COLUMNS + ("date_acquisition", "fin_garantie"), key,
                                                      strict=True) if value is not None}
        for column in TEXT_COLUMNS:
            if column in self.provided:
                raw[column] = ""
        draft = Draft()
        draft.inventory_number = PLACEHOLDER
        result = Checked(line=0, draft=draft)
        errors: dict[str, str] = {}
        values = self._values(raw, result, errors)
        if errors:
            return _INVALID
        try:
            _apply(self.lookups.reference, draft, values, creating=True)
        except ValidationError:
            return _INVALID
        return list(draft.values().values()), result.retire

    def _date_pair(self, acquired: str | None, warranty: str | None) -> Any:
        """The row's dates, parsed, if they pass _apply's date rules; else _INVALID."""
        parsed = []
        for text in (acquired, warranty):
            value = self._parsed("date", text, v.parse_date) if text is not None else None
            if isinstance(value, str):
                return _INVALID
            parsed.append(value)
        acquired_on, warranty_end = parsed
        if (acquired_on and acquired_on > date.today()) or v.date_order_problem(acquired_on, warranty_end):
            return _INVALID
        return acquired_on, warranty_end

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


_NUMBER, _MANUFACTURER, _SERIAL, _MAC = (_INDEX[n] for n in ("inventory_number", "manufacturer", "serial_number",
                                                              "mac_address"))
_ACQUIRED, _WARRANTY, _ASSIGNED = (_INDEX[n] for n in ("acquisition_date", "warranty_end", "assigned_on"))


def _required_category_message() -> str:
    """The screen's own words when the category is missing (services.equipment._create)."""
    try:
        _create(None, {})  # type: ignore[arg-type]  # refuses before touching the session
    except ValidationError as error:
        return error.errors["category"]
    return _("La catégorie est obligatoire.")
