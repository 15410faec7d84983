"""The search text gives exactly what a brute-force match over every item gives: the folded text (accents off,
case ignored) is a substring of the inventory number, serial, network name, MAC, « manufacturer model », school
name or UAI — or, for a piece of MAC address, of the MAC's hex digits. Checked on the demo city for fixed
cases and for texts drawn from the real values (Hypothesis), alone and with the other filters, through every
caller (browser ids, counts, list)."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ticeinventory.db.database import open_database
from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.records import EquipmentInfo
from ticeinventory.services import Actor, search
from ticeinventory.services.equipment import EquipmentFilter, EquipmentService
from ticeinventory.services.equipment_browser import EquipmentBrowser

# -- the reference: written independently of services.search --------------------------------------------------

def plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    for letter, letters in (("oe", "œ"), ("OE", "Œ"), ("ae", "æ"), ("AE", "Æ"), ("o", "ø"), ("O", "Ø")):
        bare = bare.replace(letters, letter)
    return bare.lower()


def canonical_mac(mac: str) -> str:
    """12 hex digits are shown (and searched) with colons, whatever the separators stored."""
    digits = re.sub(r"[:.\- ]", "", mac)
    if re.fullmatch(r"[0-9A-Fa-f]{12}", digits):
        return ":".join(digits[i:i + 2] for i in range(0, 12, 2))
    return mac


def fields(item: EquipmentInfo) -> list[str]:
    return [item.inventory_number, item.serial_number, item.network_name, canonical_mac(item.mac_address),
            f"{item.manufacturer} {item.model}", item.school_name or "", item.school_uai or ""]


def other_forms(text: str) -> tuple[str | None, str | None]:
    """Pairs typed with - or spaces are also looked for with colons; Cisco groups, or 6 to 12 hex digits alone,
    among the MAC's digits."""
    if re.fullmatch(r"[0-9a-fA-F]{1,4}(\.[0-9a-fA-F]{1,4})+|[0-9a-fA-F]{6,12}", text):
        return None, text.replace(".", "").upper()
    if re.fullmatch(r"[0-9a-fA-F]{1,2}([-: ][0-9a-fA-F]{1,2})+", text):
        return re.sub(r"[- ]", ":", text), None
    return None, None


def brute_force(items: list[EquipmentInfo], text: str) -> set[int]:
    wanted = text.strip()
    if not wanted:
        return {item.id for item in items}
    colons, digits = other_forms(wanted)
    looked_for = [plain(wanted)] + ([plain(colons)] if colons else [])
    return {item.id for item in items
            if any(form in plain(value) for form in looked_for for value in fields(item))
            or (digits and digits in re.sub(r"[^0-9A-Fa-f]", "", item.mac_address).upper())}


# -- the demo city, read only -----------------------------------------------------------------------------------

class City:
    def __init__(self, path: Path) -> None:
        self.db = open_database(path)
        self.equipment = EquipmentService(self.db, Actor("testeur", "ecran"))
        self.browser = EquipmentBrowser(self.db)
        self.items = self.equipment.list()

    def found(self, text: str, **other) -> set[int]:
        flt = EquipmentFilter(text=text, **other)
        ids = self.browser.ids(flt)
        assert len(ids) == len(set(ids)) == self.browser.counts(flt).total == self.equipment.count(flt)
        return set(ids)


@pytest.fixture(scope="module")
def city(demo_template: Path, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("search") / "demo.sqlite"
    shutil.copyfile(demo_template, path)
    city = City(path)
    yield city
    city.db.close()


FIXED = [
    "éditions", "EDITIONS", "Éditions diverses", "ecole", "ÉCOLE ÉLÉMENTAIRE", "maitres", "Maîtres", "—",
    "optiplex", "OptiPlex 380", "dell optiplex", "l o", "Dell SAS",  # supplier: not searched
    "PCF-2009", "pcf-2009-0001", "-PC0", "CN", "E7", "DMP", "tab-cm1", "10.21.",  # IP: not searched
    "%", "_", "E_1", "100%", '"', "'", "\\", "a", "é", "zz", "X", "00", ":1E", "00:1E:", "  dell  ", "",
    "dell\x1fopti", "salle", "Centre TICE", "021",
]


@pytest.mark.parametrize("text", FIXED)
def test_fixed_texts_find_what_brute_force_finds(city: City, text: str) -> None:
    assert city.found(text) == brute_force(city.items, text)


def test_a_school_name_or_uai_finds_all_its_items(city: City) -> None:
    item = next(i for i in city.items if i.school_id is not None and i.school_name.startswith("École"))
    of_school = {i.id for i in city.items if i.school_id == item.school_id}
    assert city.found(item.school_uai.lower()) == of_school
    assert of_school <= city.found(plain(item.school_name[6:]).upper())


def test_mac_addresses_whatever_their_separators(city: City) -> None:
    item = next(i for i in city.items if i.mac_address)
    pairs = item.mac_address.split(":")
    assert item.id in city.found(item.mac_address)
    for text in ("-".join(pairs), ".".join(pairs[1:5]), " ".join(pairs[2:]), "".join(pairs[1:4]).lower(),
                 "".join(pairs[:2]) + "." + "".join(pairs[2:4]) + "." + "".join(pairs[4:])):  # Cisco style
        found = city.found(text)
        assert item.id in found and found == brute_force(city.items, text), text
    # four hex digits alone are too common to mean a MAC address: only the literal text is looked for
    assert city.found("".join(pairs[4:])) == brute_force(city.items, "".join(pairs[4:]))


def test_search_combines_with_the_other_filters(city: City) -> None:
    school = next(i.school_id for i in city.items if i.school_id)
    for text in ("dell", "PC", "é", "ecole"):
        expected = brute_force(city.items, text)
        assert city.found(text, school_id=school) == {i.id for i in city.items if i.school_id == school} & expected
        assert city.found(text, in_plan=False) == {i.id for i in city.items if not i.in_plan} & expected
        active = {i.id for i in city.items if not i.status.is_final}
        assert city.found(text, include_retired=False) == active & expected
        assert city.found(text, status=EquipmentStatus.EN_PANNE) == \
            {i.id for i in city.items if i.status is EquipmentStatus.EN_PANNE} & expected


def test_list_and_order_are_those_of_the_other_filters(city: City) -> None:
    listed = city.equipment.list(EquipmentFilter(text="dell"), limit=7, offset=3)
    dell = brute_force(city.items, "dell")
    every = sorted((i for i in city.items if i.id in dell), key=lambda i: i.inventory_number)
    assert [i.id for i in listed] == [i.id for i in every[3:10]]


def test_the_statement_cache_never_mixes_two_texts(city: City) -> None:
    # the same compiled statement runs with each text's own parameters, both paths alternating
    for text in ("dell", "hp", "CN", "Dell", "éd", "optiplex", "x"):
        assert city.found(text) == brute_force(city.items, text)


def test_fts_query_quotes_the_text_and_adds_the_other_forms_of_a_mac() -> None:
    assert search.fts_query('a "b" c') == 'body : "a ""b"" c"'
    assert search.fts_query("École") == 'body : "Ecole"'
    assert search.fts_query("00:1E:A3") == 'body : "00:1E:A3"'  # as the application shows them: one look-up
    assert search.fts_query("00-1e-a3") == 'body : "00-1e-a3" OR body : "00:1e:a3"'
    assert search.fts_query("001e.a3ff") == 'body : "001e.a3ff"'  # and its digits (mac_query)
    assert search.mac_query("001EA3FF") == '"00:1E:A3:FF" OR "0:01:EA:3F:F"'
    assert search.mac_query("001EA3") == '"00:1E:A3" OR "0:01:EA:3"'
    assert search.mac_query("1E") == '"1E:" OR ":1E" OR "1:E"'  # Cisco groups « 1.e »: two digits
    assert search.mac_forms("2009") == search.mac_forms("PCF-2009") == search.mac_forms("2009-00001") == (None, None)
    assert search.mac_forms("20 09") == ("20:09", None)


# -- texts drawn from the real values -----------------------------------------------------------------------------

def _values(city: City) -> list[str]:
    return sorted({value for item in city.items for value in fields(item) if value})


@st.composite
def texts(draw, values: list[str]) -> str:
    kind = draw(st.sampled_from(["piece", "piece", "piece", "noise", "mac"]))
    if kind == "noise":
        return draw(st.text(alphabet="aeéÉèçœ0123456789 :-_%\"'\\.PCFxX", min_size=1, max_size=6))
    value = draw(st.sampled_from(values))
    if kind == "mac":
        macs = [v for v in values if re.fullmatch(r"([0-9A-F]{2}:){5}[0-9A-F]{2}", v)]
        pairs = draw(st.sampled_from(macs)).split(":")
        start = draw(st.integers(0, 4))
        end = draw(st.integers(start + 1, 6))
        return draw(st.sampled_from([":", "-", ".", " ", ""])).join(pairs[start:end])
    start = draw(st.integers(0, len(value) - 1))
    end = draw(st.integers(start + 1, min(len(value), start + 14)))
    piece = value[start:end]
    change = draw(st.sampled_from([str, str.upper, str.lower, str.swapcase, plain]))
    return change(piece)


@pytest.fixture(scope="module")
def values(city: City) -> list[str]:
    return _values(city)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_piece_of_a_real_value_finds_what_brute_force_finds(city: City, values: list[str], data) -> None:
    text = data.draw(texts(values))
    assert city.found(text) == brute_force(city.items, text), repr(text)


def _nearby_and_found(city: City, text: str):
    from sqlalchemy import select

    from ticeinventory.db import models as m
    with city.db.reading() as session:
        near = search.nearby(session, text)
        query = search.restrict(select(m.Equipment.id), text, near)
        return near, query, set(session.scalars(query))


def test_the_schools_and_models_read_first_are_all_found(city: City) -> None:
    # texts found through a school or a model only (the lines hold number, serial, network name, MAC)
    item = next(i for i in city.items if i.school_id is not None and i.school_name.startswith("École"))
    model = next(i for i in city.items if i.model and i.manufacturer)
    for text in (item.school_uai.lower(), plain(item.school_name[6:]).upper(), model.model, "optiplex", "ecole",
                 f"{model.manufacturer} {model.model}"):
        near, query, found = _nearby_and_found(city, text)
        assert near is not None and near.text == text.strip() and (near.schools or near.models), text
        assert found == brute_force(city.items, text) == city.found(text), text
        sql = str(query.compile(dialect=city.db.engine.dialect))
        assert search.SCHOOL_TABLE not in sql and search.MODEL_TABLE not in sql, sql  # their values, written in
        assert found - {i.id for i in city.items if any(plain(text) in plain(value) for value in fields(i)[:4])}


def test_a_text_that_matches_no_school_and_no_model_is_a_join_driven_by_the_index(city: City) -> None:
    from sqlalchemy import select

    from ticeinventory.db import models as m
    mac = next(i.mac_address for i in city.items if i.mac_address)
    number = city.items[0].inventory_number
    for text in ("00:1E", mac[:8], mac.replace(":", "")[:8], number, number[4:]):
        near, query, found = _nearby_and_found(city, text)
        assert near is not None and not near.schools and not near.models, text
        sql = str(query.compile(dialect=city.db.engine.dialect))
        assert "JOIN search_equipment AS search_hits" in sql and " IN (SELECT" not in sql.replace("\n", " "), sql
        with city.db.reading() as session:
            compiled = query.compile(dialect=city.db.engine.dialect)
            plan = " ".join(str(row[-1]) for row in session.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN " + str(compiled), tuple(compiled.params[n] for n in compiled.positiontup)))
        assert "VIRTUAL TABLE" in plan and "SUBQUERY" not in plan and "MULTI-INDEX" not in plan, plan
        assert found == brute_force(city.items, text) == city.found(text), text
    # without what nearby() reads, or read for another text: the OR of sub-selects, the same items
    for near in (None, search.Nearby("autre", (), ())):
        query = search.restrict(select(m.Equipment.id), "00:1E", near)
        assert "JOIN" not in str(query.compile(dialect=city.db.engine.dialect))


def test_the_plain_condition_finds_what_the_join_finds(city: City) -> None:
    from sqlalchemy import or_, select

    from ticeinventory.db import models as m
    for text in ("dell", "PC", "é", "ecole", "00:1E", "_", "x"):
        with city.db.reading() as session:
            alone = set(session.scalars(select(m.Equipment.id).where(search.matches(text))))
            either = set(session.scalars(select(m.Equipment.id).where(
                or_(search.matches(text), m.Equipment.status == "vole"))))
        assert alone == city.found(text) == brute_force(city.items, text)
        assert either == alone | {i.id for i in city.items if i.status is EquipmentStatus.VOLE}


# -- a text typed on ---------------------------------------------------------------------------------------------

def test_a_text_typed_on_narrows_its_list_unless_it_becomes_a_piece_of_mac() -> None:
    assert search.narrows("CN5", "CN58") and search.narrows("", "PCF") and search.narrows(None, "PCF")
    assert search.narrows("gré", " Les GRESILLES ") and search.narrows("œu", "OEuvre")
    assert not search.narrows("CN58", "CN5") and not search.narrows("PCF", "")
    assert not search.narrows("001e4", "001e4f")  # six hex digits: also looked for among the MACs' digits
    assert not search.narrows("00-1e", "00-1e-4f")  # pairs with dashes: also looked for with colons
    assert search.narrows("00:1E", "00:1E:4F")  # typed with colons: a plain piece of text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_what_a_text_typed_on_finds_was_found_before_it(city: City, values: list[str], data) -> None:
    """What the window relies on to read such a search at once (``InventoryPanel._most_read``)."""
    longer = data.draw(texts(values))
    start = data.draw(st.integers(0, len(longer)))
    shorter = longer[start:data.draw(st.integers(start, len(longer)))]
    if search.narrows(shorter, longer):
        assert city.found(longer) <= city.found(shorter), (shorter, longer)
