"""Equipment import: every row checked with the screen's rules, a report that says where and why, all or nothing."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from import_support import UAI_A, UAI_B, dump, equipment_file, item, write_csv, write_xlsx

from ticeinventory.domain.enums import EquipmentStatus, RoomKind
from ticeinventory.domain.errors import ValidationError
from ticeinventory.services.equipment import EquipmentService
from ticeinventory.services.importing import (
    ColumnMapping,
    DuplicatePolicy,
    ImportCancelled,
    ImportOptions,
    MappingRequired,
    Outcome,
)
from ticeinventory.services.importing.mapping import CANONICAL
from ticeinventory.services.integrity import IntegrityService
from ticeinventory.services.schools import SchoolService

UPDATE = ImportOptions(on_duplicate=DuplicatePolicy.UPDATE)


def errors_by_line(report):
    found: dict[int, dict[str, str]] = {}
    for error in report.errors:
        found.setdefault(error.line, {})[error.column] = error.reason
    return found


def test_canonical_file_creates_items_with_their_values(importer, city, actor, tmp_path):
    path = equipment_file(tmp_path / "e.csv",
                          item(numero_inventaire="pcf-2009-00001", numero_serie="ABC123", nom_reseau="VOLT-PC01",
                               adresse_mac="00-1a-2b-3c-4d-5e", prix_achat="1 234,50 €", notes="=2+2"),
                          item(numero_inventaire="", categorie="ecran", statut="en panne", plan="", origine="don",
                               date_acquisition="2015-03-02", fin_garantie="", prix_achat="", attribution=""))
    report = importer.equipment(path)
    assert report.committed and report.created == 2 and report.ok, report.summary()
    service = EquipmentService(city)
    first = service.find("PCF-2009-00001")
    assert (first.category_label, first.school_uai, first.room_name, first.status) == \
        ("PC fixe", UAI_A, "Salle informatique", EquipmentStatus.EN_SERVICE)
    assert (first.purchase_price_cents, first.mac_address, first.notes, first.plan_code) == \
        (123450, "00:1A:2B:3C:4D:5E", "=2+2", "DIJON-2009")
    assert str(first.acquisition_date) == "2009-07-06" and first.assigned_on == first.acquisition_date
    (second,) = [i for i in service.list() if i.category_code == "ECR"]
    assert second.inventory_number == "ECR-2015-00001"  # drawn from the configured pattern
    assert (second.status, second.funding_origin.value, second.plan_code) == (EquipmentStatus.EN_PANNE, "don", None)


def test_rooms_are_created_on_demand_with_a_kind_from_their_name(importer, city, tmp_path):
    path = equipment_file(tmp_path / "e.csv", item(salle="Classe CE1"), item(salle="classe ce1"),
                          item(salle="BCD"), item(salle="Réserve du 2e étage"))
    report = importer.equipment(path)
    assert report.created == 4
    assert sorted(report.rooms_created) == [(UAI_A, "BCD"), (UAI_A, "Classe CE1"), (UAI_A, "Réserve du 2e étage")]
    schools = SchoolService(city)
    kinds = {r.name: r.kind for r in schools.rooms(schools.find(UAI_A).id)}
    assert kinds == {"BCD": RoomKind.BCD, "Classe CE1": RoomKind.CLASSE, "Réserve du 2e étage": RoomKind.AUTRE,
                     "Salle informatique": RoomKind.SALLE_INFORMATIQUE}


def test_every_error_has_its_line_column_value_and_french_reason(importer, city, tmp_path):
    path = equipment_file(
        tmp_path / "e.csv",
        item(numero_serie="OK1"),
        item(uai="0210001A", date_acquisition="31/02/2009"),
        item(categorie="Grille-pain", prix_achat="douze euros", statut="Égaré"),
        item(plan="", origine=""),
        item(plan="DIJON-2009", origine="Don"),
        item(uai="", salle="BCD", statut="En service"),
        item(date_acquisition="01/01/2009", fin_garantie="01/01/2008", adresse_mac="zz:zz"),
        item(numero_inventaire="PC 12 é"),
    )
    report = importer.equipment(path)
    assert not report.committed and report.rejected == 7 and report.created == 1
    found = errors_by_line(report)
    assert "lettre de contrôle" in found[3]["uai"] and "n'existe pas dans le calendrier" in found[3]["date_acquisition"]
    assert set(found[4]) == {"categorie", "prix_achat", "statut"}
    assert "Grille-pain" in found[4]["categorie"] and "Valeurs possibles" in found[4]["statut"]
    assert "Indiquez le plan" in found[5]["origine"]
    assert "pas les deux" in found[6]["origine"]
    assert "école" in found[7]["salle"]
    assert "précéder" in found[8]["fin_garantie"] and "hexadécimaux" in found[8]["adresse_mac"]
    assert "lettres sans accent" in found[9]["numero_inventaire"]
    error = next(e for e in report.errors if e.line == 4 and e.column == "prix_achat")
    assert error.value == "douze euros" and "ligne 4, colonne « prix_achat », valeur « douze euros »" in str(error)


def test_a_rejected_import_leaves_the_database_exactly_as_it_was(importer, city, tmp_path):
    before = dump(city)
    path = equipment_file(tmp_path / "e.csv", item(salle="Nouvelle salle"), item(numero_serie="X1"),
                          item(date_acquisition="hier"))
    report = importer.equipment(path)
    assert report.rejected == 1 and report.created == 2 and not report.committed
    assert dump(city) == before


def test_valid_only_imports_the_valid_rows_and_lists_the_others(importer, city, tmp_path):
    path = equipment_file(tmp_path / "e.csv", item(numero_serie="A1"), item(categorie=""), item(numero_serie="A2"))
    report = importer.equipment(path, options=ImportOptions(valid_only=True))
    assert report.committed and report.created == 2 and report.rejected == 1
    assert report.rejected_lines == [3] and "obligatoire" in report.errors[0].reason
    assert EquipmentService(city).count() == 2


def test_dry_run_counts_everything_and_writes_nothing(importer, city, tmp_path):
    before = dump(city)
    path = equipment_file(tmp_path / "e.csv", item(salle="Atelier"), item(numero_inventaire="INV-1"))
    report = importer.equipment(path, options=ImportOptions(dry_run=True))
    assert report.created == 2 and report.rooms_created == [(UAI_A, "Atelier")] and not report.committed
    assert dump(city) == before


def test_cancel_from_the_progress_callback_leaves_nothing(importer, city, tmp_path):
    before = dump(city)
    path = equipment_file(tmp_path / "e.csv", *[item(numero_serie=f"S{i}") for i in range(4500)])
    calls = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return len(calls) < 3

    with pytest.raises(ImportCancelled, match="annulé"):
        importer.equipment(path, progress=progress)
    assert dump(city) == before
    assert calls[0] == (0, 4501) and calls[1][0] > 0


def test_progress_goes_up_to_the_total(importer, tmp_path):
    path = equipment_file(tmp_path / "e.csv", *[item(numero_serie=f"S{i}") for i in range(4100)])
    calls = []
    importer.equipment(path, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (4101, 4101)
    assert [d for d, _t in calls] == sorted(d for d, _t in calls)


def test_categories_and_statuses_match_without_case_or_accents(importer, city, tmp_path):
    path = equipment_file(tmp_path / "e.csv", item(categorie="ECRAN", statut="EN REPARATION", attribution="eleve"),
                          item(categorie="tbi / tni", statut="prêté"), item(categorie="PCP", statut="en_stock"),
                          encoding="cp1252")
    report = importer.equipment(path)
    assert report.created == 3, report.errors
    statuses = sorted(i.status.value for i in EquipmentService(city).list())
    assert statuses == ["en_reparation", "en_stock", "prete"]


def test_windows_1252_accents_arrive_intact(importer, city, tmp_path):
    path = equipment_file(tmp_path / "e.csv", item(salle="Salle des maîtres", notes="Écran rayé — côté gauche",
                                                    fournisseur="Société Générale d'Équipement"), encoding="cp1252")
    report = importer.equipment(path)
    assert report.source.encoding == "Windows-1252" and report.created == 1
    (created,) = EquipmentService(city).list()
    assert (created.room_name, created.notes) == ("Salle des maîtres", "Écran rayé — côté gauche")


def test_an_item_listed_as_retired_is_created_then_retired(importer, city, tmp_path):
    path = equipment_file(tmp_path / "e.csv", item(numero_inventaire="OLD-1", statut="Réformé"))
    assert importer.equipment(path).created == 1
    old = EquipmentService(city).find("OLD-1")
    assert old.status is EquipmentStatus.REFORME and old.retired_on is not None and old.retirement_reason
    assert IntegrityService(city).check().ok


# -- duplicates ------------------------------------------------------------------------------------------------

@pytest.fixture
def existing(city, actor):
    service = EquipmentService(city, actor)
    return service.create(inventory_number="PCF-1", category="PCF", school=UAI_A, room="Salle informatique",
                          manufacturer="Dell", serial_number="SN-1", plan="DIJON-2009", acquisition_date="06/07/2009",
                          purchase_price="549,00", supplier="Dell SAS", warranty_end="06/07/2012",
                          attribution="collectif", model="OptiPlex 3080", status="en_service")


def test_duplicates_are_reported_and_skipped_by_default(importer, city, existing, tmp_path):
    before = dump(city)
    path = equipment_file(tmp_path / "e.csv", item(numero_inventaire="pcf-1", numero_serie="SN-1",
                                                    modele="OptiPlex 7010"))
    report = importer.equipment(path)
    assert report.ok and report.committed and report.skipped == 1 and report.created == 0
    (change,) = report.changes
    assert change.outcome is Outcome.SKIPPED and change.key == "PCF-1" and change.matched_by == "numero_inventaire"
    assert [(c.column, c.old, c.new) for c in change.changes] == [("modele", "OptiPlex 3080", "OptiPlex 7010")]
    assert dump(city) == before


def test_the_same_item_twice_in_a_file_is_an_error(importer, existing, tmp_path):
    path = equipment_file(tmp_path / "e.csv", item(numero_inventaire="PCF-9", numero_serie="X"),
                          item(numero_inventaire="pcf-9", numero_serie="Y"),
                          item(numero_inventaire="", marque="DELL", numero_serie="x"))
    report = importer.equipment(path)
    assert [(e.line, e.column) for e in report.errors] == [(3, "numero_inventaire"), (4, "numero_serie")]
    assert all("figure déjà ligne 2" in e.reason for e in report.errors)


def test_duplicates_are_updated_on_request_through_the_screen_rules(importer, city, existing, tmp_path):
    path = equipment_file(tmp_path / "e.csv",
                          item(numero_inventaire="PCF-1", numero_serie="SN-1", modele="OptiPlex 7010",
                               salle="BCD", statut="En panne"))
    report = importer.equipment(path, options=UPDATE)
    assert report.updated == 1 and report.committed, report.errors
    updated = EquipmentService(city).find("PCF-1")
    assert (updated.model, updated.room_name, updated.status) == ("OptiPlex 7010", "BCD", EquipmentStatus.EN_PANNE)
    assert report.rooms_created == [(UAI_A, "BCD")]
    (change,) = report.changes
    assert {c.column for c in change.changes} == {"modele", "salle", "statut"}


def test_a_duplicate_found_by_make_and_serial(importer, city, existing, tmp_path):
    path = equipment_file(tmp_path / "e.csv", item(numero_inventaire="", marque="dell", numero_serie="sn-1",
                                                    notes="retrouvé"))
    report = importer.equipment(path, options=UPDATE)
    assert report.updated == 1 and report.changes[0].matched_by == "numero_serie"
    assert EquipmentService(city).find("PCF-1").notes == "retrouvé"


def test_a_serial_of_another_item_is_a_conflict_not_a_duplicate(importer, city, existing, tmp_path):
    path = equipment_file(tmp_path / "e.csv", item(numero_inventaire="NEW-1", numero_serie="SN-1"))
    report = importer.equipment(path, options=UPDATE)
    assert report.rejected == 1 and "déjà celui de l'équipement PCF-1" in report.errors[0].reason


def test_an_update_that_breaks_a_rule_is_rejected_with_the_screen_message(importer, city, existing, tmp_path):
    path = equipment_file(tmp_path / "e.csv", item(numero_inventaire="PCF-1", numero_serie="SN-1", uai="",
                                                    salle="", statut="En service"))
    before = dump(city)
    report = importer.equipment(path, options=UPDATE)
    assert report.rejected == 1 and "stock de la ville" in report.errors[0].reason
    assert dump(city) == before


def test_a_retired_item_is_not_modified_by_an_import(importer, city, existing, actor, tmp_path):
    EquipmentService(city, actor).retire([existing.id], "Obsolète")
    path = equipment_file(tmp_path / "e.csv", item(numero_inventaire="PCF-1", numero_serie="SN-1", notes="x"))
    report = importer.equipment(path, options=UPDATE)
    assert report.rejected == 1 and "réformé" in report.errors[0].reason


# -- XLSX and mappings -----------------------------------------------------------------------------------------

def test_xlsx_with_real_dates_and_numbers(importer, city, tmp_path):
    from datetime import datetime
    path = write_xlsx(tmp_path / "livraison.xlsx", [
        list(CANONICAL),
        ["INV-7", UAI_B, "Classe des grands", "Vidéoprojecteur", "Epson", "EB-W49", 123456789, "En service",
         "DIJON-2015-AV2", None, datetime(2016, 2, 3), 429.9, "Econocom", datetime(2019, 2, 3), None, None, "Classe",
         "'=HYPERLINK(\"x\")"]])
    report = importer.equipment(path)
    assert report.created == 1, report.errors
    created = EquipmentService(city).find("INV-7")
    assert (created.serial_number, created.purchase_price_cents, str(created.acquisition_date), created.notes) == \
        ("123456789", 42990, "2016-02-03", '=HYPERLINK("x")')


def test_other_headers_need_a_mapping_guessed_from_their_names(importer, tmp_path):
    headers = ["N° d'inventaire", "Code UAI", "Local", "Type de matériel", "Fabricant", "Modèle", "N° de série",
               "État", "Date d'achat", "Prix TTC", "Commentaire", "Colonne perso"]
    path = write_csv(tmp_path / "tableur.csv", [headers, ["A-1", UAI_A, "BCD", "Tablette", "Apple", "iPad", "DMP1",
                                                          "en service", "01/09/2020", "389", "ok", "?"]])
    with pytest.raises(MappingRequired) as raised:
        importer.equipment(path)
    guess = raised.value.guess.columns
    assert guess == {"numero_inventaire": "N° d'inventaire", "uai": "Code UAI", "salle": "Local",
                     "categorie": "Type de matériel", "marque": "Fabricant", "modele": "Modèle",
                     "numero_serie": "N° de série", "statut": "État", "date_acquisition": "Date d'achat",
                     "prix_achat": "Prix TTC", "notes": "Commentaire"}
    assert "--mapping" in str(raised.value)
    english = importer.inspect(write_csv(tmp_path / "en.csv", [
        ["Asset tag", "Serial Number", "Manufacturer", "Model", "Category", "Purchase date", "Warranty end", "Price",
         "Hostname", "MAC address", "Supplier", "Comments"], ["x"] * 12]))
    assert set(english.guess.columns) == {"numero_inventaire", "numero_serie", "marque", "modele", "categorie",
                                          "date_acquisition", "fin_garantie", "prix_achat", "nom_reseau",
                                          "adresse_mac", "fournisseur", "notes"}


def test_a_confirmed_mapping_with_values_for_every_row_is_remembered(importer, city, tmp_path):
    headers = ["Désignation", "Numéro de série", "Type"]
    path = write_csv(tmp_path / "livraison.csv", [headers, ["iPad 10.2", "DMP001", "Tablette"],
                                                  ["iPad 10.2", "DMP002", "Tablette"]], encoding="cp1252")
    mapping = ColumnMapping(columns={"modele": "Désignation", "numero_serie": "Numéro de série",
                                     "categorie": "Type"},
                            defaults={"plan": "DIJON-2015-AV2", "marque": "Apple", "statut": "En stock"})
    report = importer.equipment(path, mapping=mapping)
    assert report.created == 2 and report.committed, report.errors
    items = EquipmentService(city).list()
    assert {(i.manufacturer, i.plan_code, i.school_id, i.status.value) for i in items} == \
        {("Apple", "DIJON-2015-AV2", None, "en_stock")}
    again = write_csv(tmp_path / "livraison2.csv", [headers, ["iPad 10.2", "DMP003", "Tablette"]])
    assert importer.inspect(again).remembered == mapping
    assert importer.equipment(again).created == 1  # no mapping given: the remembered one is used


def test_a_mapping_file_and_its_problems(importer, tmp_path):
    from ticeinventory.services.importing.mapping import load_file
    path = tmp_path / "correspondance.json"
    path.write_text(json.dumps({"colonnes": {"numero_serie": "S/N", "couleur": "Teinte"}}), encoding="utf-8")
    mapping = load_file(path)
    problems = mapping.problems(["S/N"])
    assert any("couleur" in p for p in problems) and any("catégorie" in p for p in problems)
    assert any("plan" in p for p in problems)


def test_an_imported_item_is_audited_with_its_file_and_what_it_is(city, actor, tmp_path):
    """An item created by import: a create row saying which file it came from and what it is (what its history
    shows; the screen's row also copies every value, which the item's row holds), then its retirement's rows as
    the screen writes them. Its history reads as the screen's, plus the file."""
    from sqlalchemy import select

    from ticeinventory.db import models as m
    from ticeinventory.services.history import HistoryService
    from ticeinventory.services.importing import ImportService

    values = dict(numero_inventaire="AUD-1", numero_serie="S-AUD", nom_reseau="PC-1", adresse_mac="00:11:22:33:44:55",
                  notes="note", statut="Réformé")
    ImportService(city, actor).equipment(equipment_file(tmp_path / "parc école.csv", item(**values)))
    EquipmentService(city, actor).create(
        inventory_number="AUD-2", category="PC fixe", school=UAI_A, room="Salle informatique", manufacturer="Dell",
        model="OptiPlex 3080", serial_number="S-AUD2", status="en_service", plan="DIJON-2009",
        acquisition_date="06/07/2009", purchase_price="549,00", supplier="Dell SAS", warranty_end="06/07/2012",
        network_name="PC-1", mac_address="00:11:22:33:44:55", attribution="collectif", notes="note")
    with city.reading() as session:
        rows = [SimpleNamespace(**{c.key: getattr(r, c.key) for c in m.AuditLog.__table__.c})
                for r in session.scalars(select(m.AuditLog).where(m.AuditLog.entity == "equipment")
                                         .order_by(m.AuditLog.id))]
    imported = [r for r in rows if r.entity_id == rows[0].entity_id]
    screen = [r for r in rows if r.entity_id != rows[0].entity_id]
    assert [(r.action, r.field) for r in imported] == [("create", None), ("update", "status"),
                                                       ("update", "retired_on"), ("update", "retirement_reason")]
    assert imported[0].source == "import" and imported[0].user == actor.user
    created = json.loads(imported[0].new_value)
    assert created.pop("import") == "parc école.csv"
    on_screen = json.loads(screen[0].new_value)
    assert created == {key: on_screen.get(key) for key in created}  # what it is: the same as on screen
    assert set(created) == {"category_id", "manufacturer", "model", "school_id", "room_id", "plan_id",
                            "funding_origin"}
    assert imported[1].old_value == "en_service" and imported[1].new_value == "reforme"
    history = HistoryService(city)
    line = next(h.change for h in history.of_equipment(imported[0].entity_id) if h.action == "create")
    screen_line = next(h.change for h in history.of_equipment(screen[0].entity_id) if h.action == "create")
    assert line == screen_line.replace("création de la fiche :",
                                       "création de la fiche par l'import de « parc école.csv » :")
    assert "PC fixe Dell OptiPlex 3080" in line and "plan DIJON-2009" in line


def test_the_import_accepts_what_the_screen_accepts(city, actor, tmp_path):
    """Same values, same verdict: a row rejected by the screen is rejected by the import, for the same fields."""
    service = EquipmentService(city, actor)
    cases = [dict(), dict(statut="Prêté", uai=""), dict(prix_achat="-3"), dict(prix_achat="99999999999"),
             dict(marque="M" * 200), dict(adresse_mac="00:11"), dict(fin_garantie="01/01/2000"),
             dict(date_acquisition="01/01/2999"), dict(plan="INCONNU"), dict(origine="Loterie", plan="")]
    from ticeinventory.services.importing import ImportService
    importer = ImportService(city, actor)
    for n, case in enumerate(cases):
        row = item(numero_inventaire=f"C-{n}", **case)
        cells = dict(zip(CANONICAL, row, strict=True))
        screen_errors: set[str] = set()
        try:
            service.create(inventory_number=cells["numero_inventaire"], category=cells["categorie"],
                           school=cells["uai"] or None, room=cells["salle"] or None, manufacturer=cells["marque"],
                           model=cells["modele"], status=cells["statut"], plan=cells["plan"] or None,
                           funding_origin=cells["origine"] or None, acquisition_date=cells["date_acquisition"],
                           purchase_price=cells["prix_achat"], supplier=cells["fournisseur"],
                           warranty_end=cells["fin_garantie"], mac_address=cells["adresse_mac"],
                           attribution=cells["attribution"])
        except ValidationError as error:
            screen_errors = set(error.errors)
        report = importer.equipment(equipment_file(tmp_path / f"c{n}.csv", row),
                                    options=ImportOptions(dry_run=True))
        assert bool(screen_errors) == (report.rejected == 1), (case, screen_errors, report.errors)
        from ticeinventory.services.importing.equipment_rows import FIELD_COLUMN
        assert {FIELD_COLUMN[k] for k in screen_errors} == {e.column for e in report.errors}, case


def test_inspect_tells_the_assistant_what_the_file_is(importer, tmp_path):
    canonical = importer.inspect(equipment_file(tmp_path / "e.csv", item(), item(notes="deux")))
    assert (canonical.kind, canonical.canonical, canonical.source.format) == ("equipements", True, "csv")
    assert canonical.headers == list(CANONICAL) and len(canonical.sample) == 2
    assert canonical.guess.columns == {c: c for c in CANONICAL}
    directory = importer.inspect(write_csv(tmp_path / "a.csv", [["Identifiant_de_l_etablissement", "Nom_etablissement"],
                                                                ["0210001M", "École"]]))
    assert directory.kind == "ecoles"
    sheets = write_xlsx(tmp_path / "s.xlsx", [["Modèle", "S/N", "Catégorie", "Plan"], ["iPad", "X1", "TAB", "DIJON-2009"]],
                        title="Livraison")
    other = importer.inspect(sheets)
    assert (other.kind, other.canonical, other.sheets) == ("equipements", False, ["Livraison"])
    assert other.guess.columns == {"modele": "Modèle", "numero_serie": "S/N", "categorie": "Catégorie",
                                   "plan": "Plan"}


def test_an_import_runs_in_a_worker_thread(importer, city, tmp_path):
    """The GUI assistant runs imports off its thread: each call opens its own session."""
    import threading

    path = equipment_file(tmp_path / "e.csv", *[item(numero_serie=f"T{i}") for i in range(50)])
    results = []
    worker = threading.Thread(target=lambda: results.append(importer.equipment(path)))
    worker.start()
    worker.join(60)
    assert results and results[0].created == 50 and EquipmentService(city).count() == 50


def test_the_summary_says_what_happened_in_french(importer, tmp_path):
    path = equipment_file(tmp_path / "e.csv", item(salle="Atelier"), item(prix_achat="x"))
    lines = importer.equipment(path).summary()
    assert "Rien n'a été enregistré : 1 ligne rejetée" in lines[1] and "1 ajout" in lines[1]
    assert "1 salle à créer à la demande." in lines
    preview = importer.equipment(path, options=ImportOptions(dry_run=True, valid_only=True)).summary()
    assert preview[1].startswith("Simulation — équipements : 1 ajout, 1 ligne rejetée")
    done = importer.equipment(path, options=ImportOptions(valid_only=True)).summary()
    assert done[1:3] == ["Équipements : 1 ajout, 1 ligne rejetée.", "Import enregistré."]


def test_a_failed_update_creates_no_room(importer, city, existing, tmp_path):
    """Without an acquisition date in the file, the row alone is fine; against the item (acquired in 2009) its
    warranty end of 2000 is not: the update fails, and the room it named is not created."""
    headers = ["numero_inventaire", "numero_serie", "uai", "salle", "categorie", "plan", "fin_garantie"]
    failing = ["PCF-1", "SN-1", UAI_A, "Atelier", "PC fixe", "DIJON-2009", "01/01/2000"]
    options = ImportOptions(valid_only=True, on_duplicate=DuplicatePolicy.UPDATE)
    report = importer.equipment(write_csv(tmp_path / "e.csv", [headers, failing]), options=options)
    assert report.rejected == 1 and "précéder" in report.errors[0].reason and report.committed
    assert report.rooms_created == []
    schools = SchoolService(city)
    assert "Atelier" not in [r.name for r in schools.rooms(schools.find(UAI_A).id)]
    assert EquipmentService(city).find("PCF-1").room_name == "Salle informatique"
