"""Schools from the national directory (« Annuaire de l'éducation »), its older layouts, and our own export."""

from __future__ import annotations

import pytest
from import_support import dump, write_csv

from ticeinventory.domain.enums import SchoolType
from ticeinventory.domain.uai import check_letter
from ticeinventory.services.export import ExportService
from ticeinventory.services.importing import (
    DirectoryFilter,
    ImportFileError,
    ImportOptions,
    ImportService,
    Outcome,
    school_types,
)
from ticeinventory.services.schools import SchoolService


def uai(digits: str) -> str:
    return digits + check_letter(digits)


ANNUAIRE = ["Identifiant_de_l_etablissement", "Nom_etablissement", "Type_etablissement", "Statut_public_prive",
            "Adresse_1", "Adresse_2", "Code_postal", "Code_commune", "Nom_commune", "Code_departement",
            "Code_academie", "Ecole_maternelle", "Ecole_elementaire", "Telephone", "Fax", "Web", "Mail",
            "Nombre_d_eleves", "libelle_nature", "code_nature", "nom_circonscription", "latitude", "longitude"]


def annuaire_row(ident, name, kind, sector, commune, dept, mat, elem, nature, code, phone="0380123456",
                 postcode="21000", circo="Dijon Centre"):
    return [ident, name, kind, sector, "12 rue Voltaire", "", postcode, "21231", commune, dept, "07", mat, elem,
            phone, "", "", f"ce.{ident.lower()}@ac-dijon.fr", "212", nature, code, circo, "47.32", "5.04"]


MATERNELLE, ELEMENTAIRE, PRIMAIRE, COLLEGE = uai("0210101"), uai("0210102"), uai("0210103"), uai("0210104")
LYCEE, PRIVEE, TALANT, REUNION = uai("0210105"), uai("0210106"), uai("0210107"), uai("9740101")

ANNUAIRE_ROWS = [
    ANNUAIRE,
    annuaire_row(MATERNELLE, "Ecole maternelle Colette", "Ecole", "Public", "Dijon", "021", "1", "0",
                 "ECOLE MATERNELLE", "101"),
    annuaire_row(ELEMENTAIRE, "Ecole élémentaire Voltaire", "Ecole", "Public", "Dijon", "021", "0", "1",
                 "ECOLE DE NIVEAU ELEMENTAIRE", "151"),
    annuaire_row(PRIMAIRE, "Ecole primaire Jean Macé", "Ecole", "Public", "Dijon", "021", "1", "1",
                 "ECOLE DE NIVEAU ELEMENTAIRE", "151"),
    annuaire_row(COLLEGE, "Collège Rameau", "Collège", "Public", "Dijon", "021", "", "", "COLLEGE", "340"),
    annuaire_row(LYCEE, "Lycée Carnot", "Lycée", "Public", "Dijon", "021", "", "", "LYCEE D ENSEIGNEMENT GENERAL",
                 "300"),
    annuaire_row(PRIVEE, "Ecole privée Saint-Joseph", "Ecole", "Privé", "Dijon", "021", "0", "1",
                 "ECOLE DE NIVEAU ELEMENTAIRE", "151"),
    annuaire_row(TALANT, "Ecole élémentaire Jules Ferry", "Ecole", "Public", "Talant", "021", "0", "1",
                 "ECOLE DE NIVEAU ELEMENTAIRE", "151", postcode="21240"),
    annuaire_row(REUNION, "Ecole primaire Les Camélias", "Ecole", "Public", "Saint-Denis", "974", "1", "1",
                 "ECOLE DE NIVEAU ELEMENTAIRE", "151", postcode="97400", phone="0262123456"),
]


@pytest.fixture
def service(db, actor) -> ImportService:
    return ImportService(db, actor)


@pytest.fixture
def annuaire(tmp_path):
    return write_csv(tmp_path / "fr-en-annuaire-education.csv", ANNUAIRE_ROWS, encoding="utf-8-sig", newline="\r\n")


def schools_by_uai(db):
    return {s.uai: s for s in SchoolService(db).list()}


def test_the_national_directory_with_its_extra_columns(service, db, annuaire):
    report = service.schools(annuaire)
    assert report.committed and report.ok, report.errors
    assert (report.created, report.filtered) == (7, 1)  # the lycée is not for this application
    assert "Annuaire de l'éducation" in report.source.describe()
    schools = schools_by_uai(db)
    assert {u: s.type for u, s in schools.items()} == {
        MATERNELLE: SchoolType.MATERNELLE, ELEMENTAIRE: SchoolType.ELEMENTAIRE, PRIMAIRE: SchoolType.PRIMAIRE,
        COLLEGE: SchoolType.COLLEGE, PRIVEE: SchoolType.ELEMENTAIRE, TALANT: SchoolType.ELEMENTAIRE,
        REUNION: SchoolType.PRIMAIRE}
    voltaire = schools[ELEMENTAIRE]
    assert (voltaire.name, voltaire.address, voltaire.postcode, voltaire.commune, voltaire.phone,
            voltaire.circonscription) == ("Ecole élémentaire Voltaire", "12 rue Voltaire", "21000", "Dijon",
                                          "03 80 12 34 56", "Dijon Centre")


@pytest.mark.parametrize(("filters", "expected"), [
    (DirectoryFilter(departements=("21",)), {MATERNELLE, ELEMENTAIRE, PRIMAIRE, COLLEGE, PRIVEE, TALANT}),
    (DirectoryFilter(departements=("974",)), {REUNION}),
    (DirectoryFilter(communes=("talant",)), {TALANT}),
    (DirectoryFilter(types=school_types("college")), {COLLEGE}),
    (DirectoryFilter(types=school_types("ecole"), sector="public", departements=("021",)),
     {MATERNELLE, ELEMENTAIRE, PRIMAIRE, TALANT}),
    (DirectoryFilter(sector="privé"), {PRIVEE}),
])
def test_filters(service, db, annuaire, filters, expected):
    report = service.schools(annuaire, filters=filters)
    assert set(schools_by_uai(db)) == expected
    assert report.created + report.filtered == 8


def test_reimport_is_idempotent_and_reports_what_changed(service, db, actor, annuaire, tmp_path):
    service.schools(annuaire)
    again = service.schools(annuaire)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    SchoolService(db, actor).update(schools_by_uai(db)[ELEMENTAIRE].id, director_name="Mme Petit")
    rows = [list(r) for r in ANNUAIRE_ROWS]
    rows[2][ANNUAIRE.index("Telephone")] = "03 80 99 99 99"
    rows[2][ANNUAIRE.index("Mail")] = ""  # an empty cell of the directory never erases
    report = service.schools(write_csv(tmp_path / "annuaire-2025.csv", rows))
    assert (report.updated, report.unchanged) == (1, 6)
    (change,) = report.changes
    assert change.outcome is Outcome.UPDATED and change.key == ELEMENTAIRE
    assert [(c.column, c.old, c.new) for c in change.changes] == [("phone", "03 80 12 34 56", "03 80 99 99 99")]
    voltaire = schools_by_uai(db)[ELEMENTAIRE]
    assert voltaire.director_name == "Mme Petit" and voltaire.email.startswith("ce.")


def test_a_yearly_variant_with_other_columns_and_line_endings(service, db, tmp_path):
    """Another year: « Code postal » with a space, no libelle_nature, LF, Windows-1252, columns in another order."""
    rows = [["Nom_commune", "Identifiant_de_l_etablissement", "Nom_etablissement", "Code postal", "Type_etablissement",
             "Ecole_maternelle", "Ecole_elementaire", "Statut_public_prive", "Telephone"],
            ["Chenôve", uai("0210201"), "École maternelle Les Clématites", "21300", "Ecole", "1", "0", "Public", ""],
            ["Chenôve", uai("0210202"), "École élémentaire Gambetta", "21300", "Ecole", "0", "1", "Public", ""],
            ["Chenôve", uai("0210203"), "Collège Le Chapitre", "21300", "Collège", "", "", "Public", ""]]
    report = service.schools(write_csv(tmp_path / "annuaire.csv", rows, encoding="cp1252", newline="\n"))
    assert report.created == 3 and report.source.encoding == "Windows-1252", report.errors
    assert {s.name: s.type.value for s in SchoolService(db).list()} == {
        "École maternelle Les Clématites": "maternelle", "École élémentaire Gambetta": "elementaire",
        "Collège Le Chapitre": "college"}
    assert {s.commune for s in SchoolService(db).list()} == {"Chenôve"}


def test_the_older_geolocation_layout(service, db, tmp_path):
    header = ["numero_uai", "appellation_officielle", "denomination_principale", "patronyme_uai",
              "secteur_public_prive_libe", "adresse_uai", "lieu_dit_uai", "boite_postale_uai", "code_postal_uai",
              "localite_acheminement_uai", "libelle_commune", "coordonnee_x", "coordonnee_y", "nature_uai",
              "nature_uai_libe", "etat_etablissement", "code_departement"]
    rows = [header,
            [uai("0130301"), "Ecole maternelle publique Les Lilas", "ECOLE MATERNELLE PUBLIQUE", "LES LILAS", "Public",
             "3 rue des Lilas", "", "", "13001", "MARSEILLE", "Marseille  1er", "", "", "101", "ECOLE MATERNELLE", "1",
             "013"],
            [uai("0130302"), "", "ECOLE ELEMENTAIRE PUBLIQUE", "CHAVE", "Public", "1 bd Chave", "", "", "13005",
             "MARSEILLE", "Marseille  5e", "", "", "151", "ECOLE DE NIVEAU ELEMENTAIRE", "1", "013"]]
    report = service.schools(write_csv(tmp_path / "geoloc.csv", rows, encoding="utf-8", newline="\n"))
    assert report.created == 2 and "géolocalisation" in report.source.describe(), report.errors
    names = {s.name for s in SchoolService(db).list()}
    assert names == {"Ecole maternelle publique Les Lilas", "ECOLE ELEMENTAIRE PUBLIQUE CHAVE"}


def test_bad_uais_are_rejected_and_nothing_is_written(service, db, annuaire, tmp_path):
    rows = [list(r) for r in ANNUAIRE_ROWS]
    rows[1][0] = "0210101Z"  # wrong check letter
    rows[3][0] = "21012"
    before = dump(db)
    report = service.schools(write_csv(tmp_path / "a.csv", rows))
    assert not report.committed and report.rejected == 2
    assert [e.line for e in report.errors] == [2, 4]
    assert "lettre de contrôle" in report.errors[0].reason and report.errors[0].column == \
        "Identifiant_de_l_etablissement" and report.errors[0].value == "0210101Z"
    assert dump(db) == before
    valid = service.schools(write_csv(tmp_path / "b.csv", rows), options=ImportOptions(valid_only=True))
    assert valid.committed and valid.created == 5


def test_a_malformed_phone_is_left_aside_with_a_warning(service, db, tmp_path):
    rows = [ANNUAIRE, annuaire_row(ELEMENTAIRE, "Ecole élémentaire Voltaire", "Ecole", "Public", "Dijon", "021",
                                   "0", "1", "ECOLE DE NIVEAU ELEMENTAIRE", "151", phone="03 80 XX")]
    report = service.schools(write_csv(tmp_path / "a.csv", rows))
    assert report.created == 1 and any("03 80 XX" in w for w in report.warnings)
    assert schools_by_uai(db)[ELEMENTAIRE].phone == ""


def test_a_school_twice_in_the_file(service, tmp_path):
    rows = [ANNUAIRE_ROWS[0], ANNUAIRE_ROWS[1], ANNUAIRE_ROWS[1]]
    report = service.schools(write_csv(tmp_path / "a.csv", rows))
    assert report.rejected == 1 and "figure déjà ligne 2" in report.errors[0].reason


def test_dry_run(service, db, annuaire):
    before = dump(db)
    report = service.schools(annuaire, options=ImportOptions(dry_run=True))
    assert report.created == 7 and not report.committed and dump(db) == before


def test_a_file_that_is_not_a_directory(service, tmp_path):
    with pytest.raises(ImportFileError, match="annuaire"):
        service.schools(write_csv(tmp_path / "a.csv", [["nom", "prénom"], ["Martin", "Sophie"]]))


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_our_own_school_export_comes_back_whole(demo_db, db, actor, tmp_path, suffix):
    path = tmp_path / f"ecoles.{suffix}"
    ExportService(demo_db).schools(path)
    same = ImportService(demo_db, actor).schools(path)
    assert same.unchanged == 12 and same.created == same.updated == 0
    report = ImportService(db, actor).schools(path)
    assert report.created == 12, report.errors
    assert [s.__dict__ | {"id": 0} for s in SchoolService(db).list()] == \
           [s.__dict__ | {"id": 0} for s in SchoolService(demo_db).list()]


def test_school_types_for_the_command_line():
    assert school_types("ecole") == {SchoolType.MATERNELLE, SchoolType.ELEMENTAIRE, SchoolType.PRIMAIRE}
    assert school_types("Collège") == {SchoolType.COLLEGE}
    assert school_types("maternelle") == {SchoolType.MATERNELLE}
