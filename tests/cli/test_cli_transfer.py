"""import schools / equipment, export equipment / schools: the round trip of a whole city through files, rejected
rows (exit 2, every error listed, database untouched), dry runs, duplicates, column mappings, directory filters,
formula cells. Real files in tmp_path, the real demo database."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import openpyxl

from ticeinventory.domain.uai import check_letter
from ticeinventory.services.importing import CANONICAL


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order (the command line closes its connections after each command;
    some tables, such as a full-text index's, have no rowid to sort by)."""
    with closing(sqlite3.connect(path)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for French Excel
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def write_csv(path: Path, rows: list[list[str]], *, encoding: str = "utf-8-sig", delimiter: str = ";") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def row(**values: str) -> list[str]:
    """A canonical row: a new PC of the Dijon plan unless told otherwise."""
    data = dict.fromkeys(CANONICAL, "")
    data.update(categorie="PC fixe", marque="Dell", modele="OptiPlex 7010", statut="En service", plan="DIJON-2009",
                date_acquisition="14/12/2009", prix_achat="549,00")
    data.update(values)
    return [data[c] for c in CANONICAL]


def a_school(demo) -> str:
    return next(s["uai"] for s in demo("school", "list", "--json").json if s["type"] == "elementaire")


def uai(digits: str) -> str:
    return digits + check_letter(digits)


# -- the round trip ------------------------------------------------------------------------------------------------


def test_export_import_into_an_empty_database_and_export_again_gives_the_same_files(cli, demo, tmp_path):
    schools, equipment, workbook = tmp_path / "ecoles.csv", tmp_path / "materiel.csv", tmp_path / "materiel.xlsx"
    result = demo("export", "schools", schools)
    assert result.code == 0 and "12 écoles exportées" in result.out, result.err
    result = demo("export", "equipment", equipment, "--json")
    assert result.code == 0, result.err
    exported = result.json["rows"]
    assert exported == len(demo("equipment", "list", "--json").json) > 300
    assert demo("export", "equipment", workbook).code == 0

    for source in (equipment, workbook):
        empty = tmp_path / f"vide-{source.suffix[1:]}.sqlite"
        assert cli("--db", empty, "init").code == 0
        result = cli("--db", empty, "import", "schools", schools)
        assert result.code == 0, result.out + result.err
        assert "Écoles : 12 ajouts." in result.out and "Import enregistré." in result.out
        result = cli("--db", empty, "import", "equipment", source, "--json")
        assert result.code == 0, result.out + result.err
        report = result.json
        assert report["committed"] and report["created"] == exported and report["rejected"] == 0
        assert report["rooms_created"]  # rooms come on demand

        again_schools, again_equipment = tmp_path / "ecoles-2.csv", tmp_path / "materiel-2.csv"
        assert cli("--db", empty, "export", "schools", again_schools).code == 0
        assert cli("--db", empty, "export", "equipment", again_equipment).code == 0
        assert again_schools.read_bytes() == schools.read_bytes()
        assert again_equipment.read_bytes() == equipment.read_bytes(), source.name

        # and importing the export once more changes nothing
        before = dump(empty)
        result = cli("--db", empty, "import", "equipment", equipment, "--json")
        assert result.code == 0 and result.json["unchanged"] == exported and result.json["created"] == 0
        result = cli("--db", empty, "import", "schools", schools, "--json")
        assert result.code == 0 and result.json["unchanged"] == 12
        assert dump(empty) == before


# -- rejected rows ----------------------------------------------------------------------------------------------


def test_bad_uai_and_bad_date_are_listed_exit_2_and_the_database_is_unchanged(demo, demo_path, tmp_path):
    school = a_school(demo)
    bad_uai = school[:7] + ("A" if school[7] != "A" else "B")
    file = write_csv(tmp_path / "livraison.csv", [list(CANONICAL), row(uai=school, numero_serie="OK-1"),
                                                   row(uai=bad_uai, numero_serie="OK-2"),
                                                   row(uai=school, date_acquisition="31/02/2020"),
                                                   row(uai=school, numero_serie="OK-3")])
    errors = tmp_path / "erreurs.csv"
    before = dump(demo_path)
    result = demo("import", "equipment", file, "--errors", errors)
    assert result.code == 2, result.out + result.err
    assert "Rien n'a été enregistré : 2 lignes rejetées" in result.out
    assert "équipements : 2 ajouts" in result.out  # what the file would give without them
    assert f"ligne 3, colonne « uai », valeur « {bad_uai} » : La lettre de contrôle" in result.out
    assert "ligne 4, colonne « date_acquisition », valeur « 31/02/2020 » : La date « 31/02/2020 » n'existe pas" \
        in result.out
    assert dump(demo_path) == before
    lines = read_csv(errors)
    assert lines[0] == ["ligne", "colonne", "valeur", "raison"]
    assert [line[:3] for line in lines[1:]] == [["3", "uai", bad_uai], ["4", "date_acquisition", "31/02/2020"]]

    # --dry-run with the same file: the same errors, the same exit code, nothing written either
    result = demo("import", "equipment", file, "--dry-run", "--json")
    assert result.code == 2
    report = result.json
    assert (report["rejected"], report["created"], report["committed"], report["ok"]) == (2, 2, False, False)
    assert [(e["line"], e["column"], e["value"]) for e in report["errors"]] == [
        (3, "uai", bad_uai), (4, "date_acquisition", "31/02/2020")]
    assert all(e["reason"] for e in report["errors"])
    assert dump(demo_path) == before

    # --valid-only: the two good rows go in, the two bad ones are reported, and the exit code still says so
    count = len(demo("equipment", "list", "--json").json)
    result = demo("import", "equipment", file, "--valid-only")
    assert result.code == 2
    assert "Import enregistré." in result.out and "2 erreurs" in result.out
    assert len(demo("equipment", "list", "--json").json) == count + 2
    serials = {i["serial_number"] for i in demo("equipment", "list", "--school", school, "--json").json}
    assert {"OK-1", "OK-3"} <= serials and "OK-2" not in serials


def test_dry_run_reports_what_would_happen_and_changes_nothing(demo, demo_path, tmp_path):
    school = a_school(demo)
    file = write_csv(tmp_path / "nouveaux.csv", [list(CANONICAL), row(uai=school, salle="Salle neuve"),
                                                  row(uai=school, salle="Salle neuve", categorie="écran")],
                     encoding="cp1252")
    before = dump(demo_path)
    result = demo("import", "equipment", file, "--dry-run")
    assert result.code == 0, result.out + result.err
    assert "Simulation — équipements : 2 ajouts." in result.out and "Rien n'a été enregistré." in result.out
    assert "Windows-1252" in result.out or "cp1252" in result.out.lower()
    assert f"Salles à créer :\n  {school} Salle neuve" in result.out
    assert dump(demo_path) == before

    result = demo("import", "equipment", file)
    assert result.code == 0 and "Import enregistré." in result.out
    assert f"Salles créées :\n  {school} Salle neuve" in result.out
    assert dump(demo_path) != before


def test_duplicates_are_left_alone_unless_update_is_asked(demo, tmp_path):
    item = next(i for i in demo("equipment", "list", "--json").json if i["status"] == "en_service" and i["in_plan"])
    file = tmp_path / "un.csv"
    assert demo("export", "equipment", file, "--items", item["inventory_number"].lower()).code == 0
    lines = read_csv(file)
    assert len(lines) == 2
    lines[1][CANONICAL.index("modele")] = "Modèle corrigé"
    write_csv(file, lines)

    result = demo("import", "equipment", file)
    assert result.code == 0, result.out + result.err
    assert "1 doublon laissé tel quel" in result.out and "--update" in result.out
    assert f"« {item['model']} » → « Modèle corrigé »" in result.out
    assert demo("equipment", "show", item["inventory_number"], "--json").json["model"] == item["model"]

    result = demo("import", "equipment", file, "--update", "--json")
    assert result.code == 0 and result.json["updated"] == 1
    assert result.json["changes"][0]["changes"] == [{"column": "modele", "old": item["model"],
                                                     "new": "Modèle corrigé"}]
    assert demo("equipment", "show", item["inventory_number"], "--json").json["model"] == "Modèle corrigé"


def test_a_file_in_another_layout_needs_a_mapping_which_is_then_remembered(demo, tmp_path):
    school = a_school(demo)
    headers = ["N° d'inventaire", "UAI", "Salle", "Type de matériel", "Marque", "Modèle", "N° de série",
               "Financement", "Date d'achat"]
    first = write_csv(tmp_path / "fournisseur-1.csv", [headers, ["", school, "BCD", "Tablette", "Apple", "iPad",
                                                                 "DMPX1", "Don", "2024-09-02"]], delimiter=",")
    result = demo("import", "equipment", first)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("Erreur : Les colonnes de ce fichier ne sont pas celles du format d'import")
    assert "--mapping correspondance.json" in result.err

    result = demo("import", "equipment", first, "--json")
    assert result.code == 2
    proposal = result.json
    assert proposal["mapping_required"] and proposal["headers"] == headers
    assert proposal["mapping"]["colonnes"]["numero_serie"] == "N° de série"
    assert proposal["mapping"]["colonnes"]["origine"] == "Financement"
    mapping = tmp_path / "correspondance.json"
    mapping.write_text(json.dumps(proposal["mapping"], ensure_ascii=False), encoding="utf-8")

    result = demo("import", "equipment", first, "--mapping", mapping)
    assert result.code == 0, result.out + result.err
    assert "Équipements : 1 ajout." in result.out
    donated = [i for i in demo("equipment", "list", "--school", school, "--hors-plan", "--json").json
               if i["serial_number"] == "DMPX1"]
    assert len(donated) == 1 and donated[0]["funding_origin"] == "don" and donated[0]["room_name"] == "BCD"

    # a later file with the same headers needs no --mapping: the database remembers it
    second = write_csv(tmp_path / "fournisseur-2.csv", [headers, ["", school, "BCD", "Tablette", "Apple", "iPad",
                                                                  "DMPX2", "Don", "03/09/2024"]], delimiter=",")
    result = demo("import", "equipment", second, "--json")
    assert result.code == 0 and result.json["created"] == 1

    broken = tmp_path / "casse.json"
    broken.write_text("{pas du json", encoding="utf-8")
    result = demo("import", "equipment", first, "--mapping", broken)
    assert result.code == 2 and "n'est pas du JSON valable" in result.err


# -- the national school directory ------------------------------------------------------------------------------

ANNUAIRE = ["Identifiant_de_l_etablissement", "Nom_etablissement", "Type_etablissement", "Statut_public_prive",
            "Adresse_1", "Code_postal", "Nom_commune", "Code_departement", "libelle_nature", "Telephone", "Mail",
            "Colonne_en_plus"]
MATERNELLE, ELEMENTAIRE, PRIVEE = uai("0210101"), uai("0210102"), uai("0210103")
TALANT, COLLEGE, LYCEE, REUNION = uai("0210104"), uai("0210105"), uai("0210106"), uai("9740101")


def annuaire(path: Path) -> Path:
    def school(ident, name, kind, sector, commune, dept, nature, postcode="21000"):
        return [ident, name, kind, sector, "12 rue Voltaire", postcode, commune, dept, nature, "0380123456",
                f"ce.{ident.lower()}@ac-dijon.fr", "x"]

    return write_csv(path, [
        ANNUAIRE,
        school(MATERNELLE, "Ecole maternelle Colette", "Ecole", "Public", "Dijon", "021", "ECOLE MATERNELLE"),
        school(ELEMENTAIRE, "Ecole élémentaire Voltaire", "Ecole", "Public", "Dijon", "021",
               "ECOLE DE NIVEAU ELEMENTAIRE"),
        school(PRIVEE, "Ecole Saint-Joseph", "Ecole", "Privé", "Dijon", "021", "ECOLE DE NIVEAU ELEMENTAIRE"),
        school(TALANT, "Ecole Jules Ferry", "Ecole", "Public", "Talant", "021", "ECOLE DE NIVEAU ELEMENTAIRE",
               postcode="21240"),
        school(COLLEGE, "Collège Rameau", "Collège", "Public", "Dijon", "021", "COLLEGE"),
        school(LYCEE, "Lycée Carnot", "Lycée", "Public", "Dijon", "021", "LYCEE D ENSEIGNEMENT GENERAL"),
        school(REUNION, "Ecole Les Camélias", "Ecole", "Public", "Saint-Denis", "974", "ECOLE MATERNELLE",
               postcode="97400"),
    ])


def test_directory_import_with_filters_dry_run_and_reimport(cli, tmp_path):
    db = tmp_path / "annuaire.sqlite"
    assert cli("--db", db, "init").code == 0
    file = annuaire(tmp_path / "fr-en-annuaire-education.csv")

    def uais() -> set[str]:
        return {s["uai"] for s in cli("--db", db, "school", "list", "--json").json}

    result = cli("--db", db, "import", "schools", file, "--departement", "21", "--type", "ecole",
                 "--commune", "dijon", "--public", "--dry-run")
    assert result.code == 0, result.out + result.err
    assert "Simulation — écoles : 2 ajouts, 5 hors filtre." in result.out
    assert f"{MATERNELLE} (créé) — Ecole maternelle Colette" in result.out
    assert uais() == set()

    result = cli("--db", db, "import", "schools", file, "--departement", "021", "--type", "ecole",
                 "--commune", "Dijon", "--public", "--json")
    assert result.code == 0
    assert (result.json["created"], result.json["filtered"], result.json["committed"]) == (2, 5, True)
    assert uais() == {MATERNELLE, ELEMENTAIRE}

    result = cli("--db", db, "import", "schools", file, "--type", "college", "--prive", "--json")
    assert result.code == 0 and result.json["created"] == 0  # the collège is public
    result = cli("--db", db, "import", "schools", file, "--type", "college", "--type", "maternelle")
    assert result.code == 0 and "2 ajouts" in result.out  # the collège and La Réunion's maternelle
    assert uais() == {MATERNELLE, ELEMENTAIRE, COLLEGE, REUNION}
    assert "d'un type que l'application ne gère pas" in result.out  # the lycée

    before = dump(db)
    result = cli("--db", db, "import", "schools", file, "--json")
    assert result.code == 0 and result.json["unchanged"] == 4 and result.json["created"] == 2  # Talant, privée
    result = cli("--db", db, "import", "schools", file, "--json")
    assert result.code == 0 and result.json["unchanged"] == 6 and result.json["created"] == 0
    assert dump(db) != before

    moved = file.read_text(encoding="utf-8-sig").replace("0380123456", "0380999999", 1)
    changed = tmp_path / "annuaire-2025.csv"
    changed.write_text(moved, encoding="utf-8-sig")
    result = cli("--db", db, "import", "schools", changed)
    assert result.code == 0 and "1 mise à jour" in result.out
    assert f"{MATERNELLE} (mis à jour) : telephone : «" in result.out and "99 99" in result.out

    assert cli("--db", db, "import", "schools", file, "--type", "lycee").code == 2
    bad = write_csv(tmp_path / "mauvais.csv", [ANNUAIRE[:3], [MATERNELLE[:7] + "Z", "Ecole", "Ecole"]])
    result = cli("--db", db, "import", "schools", bad)
    assert result.code == 2 and "ligne 2" in result.out
    not_a_table = tmp_path / "photo.csv"
    not_a_table.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    result = cli("--db", db, "import", "schools", not_a_table)
    assert result.code == 2 and result.err.startswith("Erreur : ")


# -- export ------------------------------------------------------------------------------------------------------


def test_export_filters_and_selection(demo, tmp_path):
    items = demo("equipment", "list", "--json").json
    school = next(i["school_uai"] for i in items if i["school_uai"] and not i["in_plan"])
    out_of_plan = [i["inventory_number"] for i in items if i["school_uai"] == school and not i["in_plan"]]
    file = tmp_path / "hors-plan.csv"
    result = demo("export", "equipment", file, "--school", school.lower(), "--hors-plan")
    assert result.code == 0, result.err
    lines = read_csv(file)
    assert lines[0] == list(CANONICAL)
    assert [line[0] for line in lines[1:]] == sorted(out_of_plan)
    assert all(line[CANONICAL.index("plan")] == "" and line[CANONICAL.index("origine")] for line in lines[1:])

    file = tmp_path / "plan.xlsx"
    result = demo("export", "equipment", file, "--plan", "dijon-2009", "--json")
    assert result.code == 0 and result.json["format"] == "xlsx"
    in_plan = [i for i in items if i["plan_code"] == "DIJON-2009"]
    assert result.json["rows"] == len(in_plan)
    book = openpyxl.load_workbook(file, read_only=True)
    try:
        values = list(book.active.iter_rows(values_only=True))
    finally:
        book.close()
    assert list(values[0]) == list(CANONICAL) and {v[CANONICAL.index("plan")] for v in values[1:]} == {"DIJON-2009"}

    chosen = [items[5]["inventory_number"], items[1]["inventory_number"]]
    file = tmp_path / "selection.csv"
    assert demo("export", "equipment", file, "--items", ",".join(chosen)).code == 0
    assert [line[0] for line in read_csv(file)[1:]] == sorted(chosen)

    result = demo("export", "equipment", tmp_path / "x.csv", "--items", f"{chosen[0]},NEXISTE-PAS")
    assert result.code == 2 and "NEXISTE-PAS" in result.err
    result = demo("export", "equipment", tmp_path / "x.pdf")
    assert result.code == 2 and "en .csv ou en .xlsx" in result.err
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.pdf").exists()

    schools = demo("school", "list", "--json").json
    file = tmp_path / "ecoles.xlsx"
    result = demo("export", "schools", file, "--school", schools[0]["uai"], "--school", schools[1]["uai"].lower())
    assert result.code == 0 and "2 écoles exportées" in result.out
    assert demo("export", "schools", tmp_path / "e.csv", "--school", uai("0219999")).code == 2

    # each file to its own command
    equipment_file, schools_file = tmp_path / "selection.csv", tmp_path / "ecoles.xlsx"
    result = demo("import", "schools", equipment_file)
    assert result.code == 2 and "import equipment" in result.err
    result = demo("import", "equipment", schools_file)
    assert result.code == 2 and "import schools" in result.err


def test_formula_cells_are_neutralised_in_exports_and_restored_on_import(demo, tmp_path):
    school = a_school(demo)
    formula, plus = '=HYPERLINK("http://exemple.invalid","clic")', "+33 380 00 00 00"
    result = demo("equipment", "add", "--category", "PCF", "--school", school, "--plan", "DIJON-2009",
                  "--model", plus, "--notes", formula, "--json")
    assert result.code == 0, result.err
    number = result.json["inventory_number"]

    file = tmp_path / "formules.csv"
    assert demo("export", "equipment", file, "--items", number).code == 0
    line = read_csv(file)[1]
    assert line[CANONICAL.index("notes")] == "'" + formula
    assert line[CANONICAL.index("modele")] == "'" + plus

    workbook = tmp_path / "formules.xlsx"
    assert demo("export", "equipment", workbook, "--items", number).code == 0
    sheet = openpyxl.load_workbook(workbook).active
    cell = sheet.cell(row=2, column=CANONICAL.index("notes") + 1)
    assert cell.data_type == "s" and cell.value == "'" + formula

    for source in (file, workbook):  # the apostrophe goes away again: nothing differs
        result = demo("import", "equipment", source, "--dry-run", "--json")
        assert result.code == 0 and result.json["unchanged"] == 1 and result.json["skipped"] == 0
