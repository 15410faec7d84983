"""Generated rows: no crash, every problem reported, nothing written when a row is rejected, and the import
judging each row exactly as the entry screen does."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_support import UAI_A, UAI_B, dump, write_csv

from ticeinventory.domain.errors import TiceError, ValidationError
from ticeinventory.services.equipment import _create
from ticeinventory.services.importing import ImportFileError, ImportService
from ticeinventory.services.importing.cells import amount_text
from ticeinventory.services.importing.equipment_rows import FIELD_COLUMN, PLACEHOLDER, Lookups, RowChecker
from ticeinventory.services.importing.mapping import CANONICAL, identity

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r;,\"'=+-@"), max_size=12)
DATES = st.one_of(st.just(""), st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
                  st.dates().map(lambda d: d.isoformat()), st.sampled_from(["31/02/2009", "hier", "2009"]))
CELLS = {
    "numero_inventaire": st.one_of(st.just(""), st.from_regex(r"[A-Z]{2}-[0-9]{1,3}", fullmatch=True), TEXT),
    "uai": st.sampled_from([UAI_A, UAI_B, UAI_A.lower(), "", "0210001A", "ABC"]),
    "salle": st.one_of(st.sampled_from(["", "BCD", "Salle informatique", "classe cp"]), TEXT),
    "categorie": st.sampled_from(["PC fixe", "ecran", "TAB", "tbi / tni", "", "Grille-pain"]),
    "marque": st.one_of(st.sampled_from(["Dell", "HP", "", "ÉPSON"]), TEXT),
    "modele": TEXT,
    "numero_serie": st.one_of(st.just(""), st.from_regex(r"[A-C0-2]{1,2}", fullmatch=True)),
    "statut": st.sampled_from(["", "En service", "en stock", "Prêté", "Réformé", "volé", "en panne", "n'importe"]),
    "plan": st.sampled_from(["", "DIJON-2009", "dijon-2015-av2", "INCONNU"]),
    "origine": st.sampled_from(["", "Don", "fonds propres", "???"]),
    "date_acquisition": DATES,
    "prix_achat": st.one_of(st.just(""), st.integers(-100, 10**11).map(amount_text),
                            st.sampled_from(["1 234,50 €", "12.5", "abc", "0"])),
    "fournisseur": TEXT,
    "fin_garantie": DATES,
    "nom_reseau": TEXT,
    "adresse_mac": st.sampled_from(["", "00:1a:2b:3c:4d:5e", "00-1A-2B-3C-4D-5F", "zz"]),
    "attribution": st.sampled_from(["", "Élève", "classe", "zzz"]),
    "notes": TEXT,
}
ROW = st.fixed_dictionaries(CELLS)
LAYOUT = st.tuples(st.sampled_from(["utf-8-sig", "utf-8", "cp1252"]), st.sampled_from([";", ",", "\t"]),
                   st.sampled_from(["\r\n", "\n"]))
_files = itertools.count()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, min_size=1, max_size=8), layout=LAYOUT)
def test_any_rows_no_crash_every_error_reported_nothing_written_when_rejected(city, actor, tmp_path, rows, layout):
    encoding, delimiter, newline = layout
    table = [list(CANONICAL)] + [[r[c] for c in CANONICAL] for r in rows]
    try:
        "".join(cell for line in table for cell in line).encode(encoding)  # the cells, not their repr
    except UnicodeEncodeError:
        encoding = "utf-8"
    path = write_csv(tmp_path / f"g{next(_files)}.csv", table, encoding=encoding, delimiter=delimiter,
                     newline=newline)
    before = dump(city)
    try:
        report = ImportService(city, actor).equipment(path)
    except ImportFileError as error:  # a file that cannot be read as a table: said in French, nothing written
        assert error.message and dump(city) == before
        return
    counted = report.created + report.updated + report.unchanged + report.skipped + report.rejected
    assert counted == report.rows  # (a bare carriage return in a value may split a row: still counted)
    lines_with_errors = {e.line for e in report.errors}
    assert len(lines_with_errors) == report.rejected
    assert all(e.reason and (e.column in CANONICAL or e.column == "") for e in report.errors)
    if report.rejected:
        assert not report.committed and dump(city) == before
    else:
        assert report.committed


def _screen_values(cells: dict[str, str]) -> dict:
    """The same row as the entry screen receives it (services.equipment._create's vocabulary)."""
    values = {"category": cells["categorie"], "manufacturer": cells["marque"], "model": cells["modele"],
              "serial_number": cells["numero_serie"], "school": cells["uai"], "room": cells["salle"],
              "plan": cells["plan"], "funding_origin": cells["origine"], "acquisition_date": cells["date_acquisition"],
              "purchase_price": cells["prix_achat"], "supplier": cells["fournisseur"],
              "warranty_end": cells["fin_garantie"], "network_name": cells["nom_reseau"],
              "mac_address": cells["adresse_mac"], "attribution": cells["attribution"], "notes": cells["notes"]}
    if cells["numero_inventaire"]:
        values["inventory_number"] = cells["numero_inventaire"]
    if cells["statut"]:
        values["status"] = cells["statut"]
    return values


class _Rollback(Exception):
    pass


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=ROW.filter(lambda c: c["statut"] != "Réformé" and c["categorie"] != ""))
def test_the_import_judges_a_row_as_the_screen_does(city, actor, cells):
    """Each row is checked by services.equipment._apply itself; this holds the shortcuts around it to account:
    same verdict, same fields in error, same values stored."""
    cells = {k: v.strip() for k, v in cells.items()}
    try:
        with city.writing(actor) as session:
            checker = RowChecker(session, Lookups(session), identity(CANONICAL), list(CANONICAL))
            checked = checker.check(2, [cells[c] for c in CANONICAL])
            imported = {column for column, _value, _reason in checked.errors}
            screen: set[str] = set()
            values = _screen_values(cells)
            school = checker.lookups.school_by_uai.get(cells["uai"].upper())
            if school and cells["salle"]:  # the import creates a missing room: give the screen the same room
                from ticeinventory.db import models as m
                if checker.lookups.room_by_name[(school, cells["salle"].lower())] < 0:  # pending
                    session.add(m.Room(school_id=school, name=cells["salle"], kind="autre", notes=""))
                    session.flush()
            try:
                with session.begin_nested():
                    row = _create(session, values)
                    stored = {c.key: getattr(row, c.key) for c in row.__table__.c}
            except ValidationError as error:
                screen = {FIELD_COLUMN[k] for k in error.errors}
            except TiceError:
                screen = {"?"}
            assert bool(screen) == bool(imported), (cells, screen, checked.errors)
            if screen:
                assert screen <= imported
            else:
                drafted = checked.draft.values()
                for key in ("id", "room_id", "inventory_number"):
                    stored.pop(key)
                    drafted.pop(key)
                assert drafted == stored
                assert checked.draft.inventory_number in (PLACEHOLDER, row.inventory_number)
            raise _Rollback
    except _Rollback:
        pass
