"""RowChecker.fast (one ``_apply`` per shape of row) against RowChecker.check (``_apply`` on every row): on any
rows, whenever the fast way accepts a row, the row-by-row way accepts it too, as a new item with the very same
values; every other row falls back to ``check``. Rows in sequence, so that duplicates in the file and the caches
are exercised."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_support import UAI_A, UAI_B
from test_import_properties import CELLS

from ticeinventory.db import models as m
from ticeinventory.services.importing.equipment_rows import COLUMNS, Lookups, PendingRoom, RowChecker
from ticeinventory.services.importing.mapping import CANONICAL, ColumnMapping, identity

SHORT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8)
PLAIN = st.fixed_dictionaries({  # rows most of which are right, as in a delivery list
    "numero_inventaire": st.from_regex(r"(PCF|ECR)-[0-9]{1,2}", fullmatch=True) | st.sampled_from(["", "EXIST-1"]),
    "uai": st.sampled_from([UAI_A, UAI_A, UAI_B, UAI_A.lower(), ""]),
    "salle": st.sampled_from(["", "BCD", "Salle informatique", "salle informatique", "Nouvelle salle"]),
    "categorie": st.sampled_from(["PC fixe", "ecran", "TAB"]),
    "marque": st.sampled_from(["Dell", "HP", "", "ÉPSON"]),
    "modele": SHORT,
    "numero_serie": st.one_of(st.just(""), st.from_regex(r"[A-C0-2]{1,3}", fullmatch=True), st.just("EXS")),
    "statut": st.sampled_from(["", "En service", "en stock", "Prêté", "Réformé", "en panne"]),
    "plan": st.sampled_from(["", "DIJON-2009", "dijon-2015-av2"]),
    "origine": st.sampled_from(["", "Don", "fonds propres"]),
    "date_acquisition": st.one_of(st.just(""), st.dates(max_value=date(2024, 1, 1)).map(lambda d: d.strftime("%d/%m/%Y")),
                                  st.just("01/01/2000"), st.just("2000-01-01")),
    "prix_achat": st.sampled_from(["", "549,00", "0", "1 234,50 €", "-3"]),
    "fournisseur": SHORT,
    "fin_garantie": st.one_of(st.just(""), st.dates(max_value=date(2030, 1, 1)).map(lambda d: d.strftime("%d/%m/%Y")),
                              st.just("01/01/2000")),
    "nom_reseau": SHORT,
    "adresse_mac": st.sampled_from(["", "00:1A:2B:3C:4D:5E", "00:1a:2b:3c:4d:5e", "00-1A-2B-3C-4D-5E"]),
    "attribution": st.sampled_from(["", "Élève", "classe", "Collectif"]),
    "notes": SHORT,
})
ROWS = st.lists(PLAIN | st.fixed_dictionaries({
    **CELLS,
    "numero_inventaire": st.one_of(CELLS["numero_inventaire"], st.sampled_from(["PCF-1", "PCF-2", "EXIST-1", "pcf-1"])),
    "numero_serie": st.one_of(CELLS["numero_serie"], st.sampled_from(["S1", "s1", "EXS"])),
    "marque": st.one_of(CELLS["marque"], st.just("Dell")),
    "adresse_mac": st.one_of(CELLS["adresse_mac"], st.just("00:1A:2B:3C:4D:5E")),
    "date_acquisition": st.one_of(CELLS["date_acquisition"], st.sampled_from(["01/01/2000", "06/07/2009"])),
    "fin_garantie": st.one_of(CELLS["fin_garantie"], st.sampled_from(["01/01/2000", "06/07/2012"])),
}), min_size=1, max_size=10)


class _Rollback(Exception):
    pass


def _room(checker: RowChecker, room_id):
    room = checker.lookups.rooms.get(room_id) if room_id is not None else None
    return (room.school_id, room.name) if isinstance(room, PendingRoom) else room_id


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=ROWS, columns=st.sampled_from([CANONICAL, tuple(c for c in CANONICAL if c not in ("modele", "plan"))]),
       default_plan=st.sampled_from(["", "DIJON-2009"]))
def test_the_fast_way_accepts_only_what_the_row_by_row_way_accepts_with_the_same_values(city, actor, rows, columns,
                                                                                        default_plan):
    mapping = identity(list(columns))
    if default_plan:
        mapping = ColumnMapping(columns=mapping.columns, defaults={"plan": default_plan})
    try:
        with city.writing(actor) as session:
            session.add(m.Equipment(inventory_number="EXIST-1", category_id=1, manufacturer="Dell", model="",
                                    serial_number="EXS", status="en_stock", funding_origin="don", supplier="",
                                    order_reference="", network_name="", mac_address="", ip_address="", notes="",
                                    retirement_reason=""))
            session.flush()
            fast = RowChecker(session, Lookups(session), mapping, list(columns))
            slow = RowChecker(session, Lookups(session), mapping, list(columns))
            assert fast.fast_path
            for line, cells in enumerate(rows, start=2):
                row = [cells[c].strip() for c in columns]
                ready = fast.fast(line, row)
                checked = slow.check(line, row)
                if ready is None:
                    fast.check(line, row)  # what the import does then
                    continue
                values, retire = ready
                assert not checked.errors and checked.existing_id is None, (cells, checked.errors)
                assert checked.number_given and retire == checked.retire
                expected = list(checked.draft.values().values())
                room = COLUMNS.index("room_id")
                assert _room(fast, values[room]) == _room(slow, expected[room])
                values[room] = expected[room] = None
                assert values == expected, cells
            assert fast.file_numbers == slow.file_numbers and fast.file_serials == slow.file_serials
            raise _Rollback
    except _Rollback:
        pass


def test_the_fast_way_takes_a_plain_delivery_list(city, actor):
    with city.writing(actor) as session:
        checker = RowChecker(session, Lookups(session), identity(list(CANONICAL)), list(CANONICAL))
        row = {"numero_inventaire": "PCF-7", "uai": UAI_A, "salle": "BCD", "categorie": "PC fixe", "marque": "Dell",
               "modele": "OptiPlex", "numero_serie": "SN1", "statut": "En service", "plan": "DIJON-2009",
               "origine": "", "date_acquisition": "06/07/2009", "prix_achat": "549,00", "fournisseur": "UGAP",
               "fin_garantie": "06/07/2012", "nom_reseau": "PC-1", "adresse_mac": "00:1A:2B:3C:4D:5E",
               "attribution": "Collectif", "notes": ""}
        assert checker.fast(2, [row[c] for c in CANONICAL]) is not None
        assert checker.fast(3, [row[c] for c in CANONICAL]) is None  # the same number again: row by row
