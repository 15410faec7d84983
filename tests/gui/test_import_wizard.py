"""The import assistant on a real demo city, with files built here: file → columns → preview → result, the errors
shown with their line and column, « Importer » refused while rows are rejected, and a cancel that leaves the
database exactly as it was."""

from __future__ import annotations

import threading
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from transfer_support import (
    CANONICAL,
    VOLTAIRE,
    ScriptedPrompts,
    click,
    idle,
    item,
    shots_dir,
    table_counts,
    table_rows,
    write_csv,
)

from ticeinventory.domain.errors import NotFoundError
from ticeinventory.domain.uai import check_letter
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.ui.import_wizard import ImportKind, ImportWizard, Step

LILAS, RAMEAU, CAMELIAS = (d + check_letter(d) for d in ("0210101", "0210102", "9740101"))
SCREEN = (1366, 768)


@pytest.fixture
def prompts(tmp_path: Path) -> ScriptedPrompts:
    return ScriptedPrompts(tmp_path)


@pytest.fixture
def make_wizard(qtbot, services, prompts):
    made: list[ImportWizard] = []

    def make(kind: ImportKind = ImportKind.EQUIPMENT) -> ImportWizard:
        wizard = ImportWizard(services, prompts, kind)
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitExposed(wizard)
        made.append(wizard)
        return wizard

    yield make
    for wizard in made:
        wizard.cancel_run()
        assert wizard.wait(), "a worker was still running"


def choose(qtbot, wizard: ImportWizard, path: Path) -> None:
    wizard.set_path(path)
    idle(qtbot, wizard)


def error_rows(wizard: ImportWizard) -> list[tuple[str, ...]]:
    """The preview's error table as shown (sorted as on screen)."""
    view = wizard.preview_page.pane.errors_view
    model = view.model()
    return [tuple(model.index(r, c).data() for c in range(model.columnCount())) for r in range(model.rowCount())]


# -- the tests ---------------------------------------------------------------------------------------------


def test_canonical_csv_goes_from_file_to_preview_to_import(make_wizard, services, qtbot, tmp_path):
    path = write_csv(tmp_path / "livraison.csv", [
        CANONICAL,
        item(numero_inventaire="PCF-2024-90001", numero_serie="GUI-0001", nom_reseau="VOLT-PC21"),
        item(numero_inventaire="PCF-2024-90002", numero_serie="GUI-0002", salle="Salle 12 bis"),
        item(categorie="ecran", marque="Iiyama", modele="ProLite", numero_serie="GUI-0003", plan="",
             origine="Don", prix_achat="", attribution=""),
    ])
    wizard = make_wizard()
    before = table_counts(services)
    choose(qtbot, wizard, path)
    assert wizard.overview.canonical and wizard.overview.kind == "equipements"
    assert "format d'import standard" in wizard.file_page.info_label.text()
    assert wizard.file_page.sample_table.rowCount() == 3
    assert "Colonnes" not in wizard.steps_label.text()  # a canonical file needs no mapping

    click(qtbot, wizard.next_button)
    assert wizard.step is Step.PREVIEW
    idle(qtbot, wizard)
    preview = wizard.preview_report
    assert (preview.created, preview.rejected, preview.committed) == (3, 0, False), preview.summary()
    assert preview.rooms_created == [(VOLTAIRE, "Salle 12 bis")]
    assert wizard.preview_page.pane.counts.values["created"].text() == "3"
    assert table_counts(services) == before  # the preview wrote nothing
    assert wizard.import_button.isEnabled() and not wizard.preview_page.verdict.isVisible()

    with qtbot.waitSignal(wizard.sig_imported, timeout=15_000) as imported:
        click(qtbot, wizard.import_button)
    idle(qtbot, wizard)
    assert imported.args[0].committed and wizard.result_state == "committed"
    assert wizard.step is Step.RESULT and wizard.result_page.pane.headline.text() == "Import enregistré."
    assert wizard.close_button.text() == "Fermer" and not wizard.back_button.isEnabled()
    first = services.equipment.find("PCF-2024-90001")
    assert (first.school_uai, first.room_name, first.network_name, first.purchase_price_cents) == \
        (VOLTAIRE, "Salle informatique", "VOLT-PC21", 61240)
    assert services.equipment.find("PCF-2024-90002").room_name == "Salle 12 bis"  # room created on demand
    assert services.equipment.count(EquipmentFilter(text="GUI-000")) == 3
    after = table_counts(services)
    assert after["equipment"] == before["equipment"] + 3 and after["audit_log"] > before["audit_log"]


def _supplier_workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "Notes"
    notes.append(["Bon de livraison n° 2024-118, à saisir dans l'inventaire"])
    sheet = workbook.create_sheet("Livraison")
    sheet.append(["N° de série", "Fabricant", "Modèle", "Type de matériel", "Code UAI", "Local", "Date d'achat",
                  "Prix TTC", "Commentaire", "Colis"])
    for n in range(1, 5):
        sheet.append([f"HP-XL-{n:03}", "HP", "ProBook 450", "PC portable", VOLTAIRE, "Classe CM2",
                      f"0{n}/10/2024", 799.0, "classe mobile", f"colis {n}"])
    workbook.save(path)
    return path


def test_other_file_goes_through_the_mapping_page_with_the_guess_preselected(make_wizard, services, qtbot, tmp_path):
    path = _supplier_workbook(tmp_path / "livraison-hp.xlsx")
    wizard = make_wizard()
    choose(qtbot, wizard, path)
    sheets = wizard.file_page.sheet_combo
    assert sheets.isVisible() and [sheets.itemText(i) for i in range(sheets.count())] == ["Notes", "Livraison"]
    sheets.setCurrentIndex(1)
    sheets.activated.emit(1)  # the user picks the delivery sheet
    idle(qtbot, wizard)
    assert wizard.overview.headers[0] == "N° de série" and not wizard.overview.canonical
    wizard.grab().save(str(shots_dir(tmp_path) / "import_file.png"))
    assert "Colonnes" in wizard.steps_label.text()

    click(qtbot, wizard.next_button)
    assert wizard.step is Step.MAPPING
    page = wizard.mapping_page
    chosen = {column: combo.currentData() for column, combo in page.combos.items() if combo.currentData()}
    assert chosen == {"numero_serie": "N° de série", "marque": "Fabricant", "modele": "Modèle",
                      "categorie": "Type de matériel", "uai": "Code UAI", "salle": "Local",
                      "date_acquisition": "Date d'achat", "prix_achat": "Prix TTC", "notes": "Commentaire"}
    assert page.table.item(list(CANONICAL).index("numero_serie"), 3).text() == "HP-XL-001 · HP-XL-002 · HP-XL-003"
    assert "Colis" in page.unused.text()
    # no plan nor origin in the file: the services' rule is shown, and Suivant waits for an answer
    assert "plan d'équipement" in page.problems.text() and not wizard.next_button.isEnabled()
    page.defaults["plan"].setText("DIJON-2015-AV2")
    assert not page.problems.isVisible() and wizard.next_button.isEnabled()
    wizard.grab().save(str(shots_dir(tmp_path) / "import_mapping.png"))

    click(qtbot, wizard.next_button)
    idle(qtbot, wizard)
    assert wizard.preview_report.created == 4 and wizard.preview_report.ok, wizard.preview_report.summary()
    click(qtbot, wizard.import_button)
    idle(qtbot, wizard)
    assert wizard.result_state == "committed"
    items = services.equipment.list(EquipmentFilter(text="HP-XL-"))
    assert {(i.plan_code, i.room_name, i.category_label) for i in items} == \
        {("DIJON-2015-AV2", "Classe CM2", "PC portable")} and len(items) == 4
    # the mapping is remembered for the next file with these columns
    remembered = services.importing.inspect(path, sheet="Livraison").remembered
    assert remembered is not None and remembered.defaults == {"plan": "DIJON-2015-AV2"}


def test_rejected_rows_are_listed_and_import_needs_valid_rows_only(make_wizard, services, prompts, qtbot, tmp_path):
    path = write_csv(tmp_path / "inventaire-2023.csv", [
        CANONICAL,
        item(numero_serie="OK-0001"),
        item(numero_serie="BAD-0002", categorie="Grille-pain"),
        item(numero_serie="OK-0003"),
        item(numero_serie="BAD-0004", date_acquisition="31/02/2023", uai="0219613A"),
        item(numero_serie="OK-0005", marque="Lenovo"),
    ])
    wizard = make_wizard()
    choose(qtbot, wizard, path)
    click(qtbot, wizard.next_button)
    idle(qtbot, wizard)
    report = wizard.preview_report
    assert (report.rows, report.created, report.rejected) == (5, 3, 2)
    rows = error_rows(wizard)
    assert sorted((line, column) for line, column, _value, _reason in rows) == \
        [("3", "categorie"), ("5", "date_acquisition"), ("5", "uai")]
    reasons = {(line, column): reason for line, column, _value, reason in rows}
    assert "Grille-pain" in reasons[("3", "categorie")]
    assert "n'existe pas dans le calendrier" in reasons[("5", "date_acquisition")]
    view = wizard.preview_page.pane.errors_view
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # the table sorts by line, as a number
    assert [r[0] for r in error_rows(wizard)] == ["5", "5", "3"]
    assert wizard.preview_page.pane.tabs.tabText(0) == "Erreurs (3)"

    # « Importer » is refused while rows are rejected, and says why
    assert not wizard.import_button.isEnabled()
    verdict = wizard.preview_page.verdict
    assert verdict.isVisible() and "2 lignes sont rejetées" in verdict.text()
    assert "Importer seulement les lignes valides" in verdict.text()
    wizard.start_import()  # even called directly, nothing happens
    assert wizard.step is Step.PREVIEW
    wizard.grab().save(str(shots_dir(tmp_path) / "import_preview_errors.png"))

    # the errors go to a CSV for the person who fixes the file
    errors_file = tmp_path / "erreurs.csv"
    prompts.answers["save"].append(errors_file)
    click(qtbot, wizard.preview_page.pane.save_errors_button)
    lines = errors_file.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0] == "ligne;colonne;valeur;raison" and len(lines) == 4 and lines[1].startswith("3;categorie;")
    assert prompts.messages and "3 erreurs enregistrées" in prompts.messages[-1]

    before = table_counts(services)
    wizard.preview_page.valid_only_check.setChecked(True)
    assert wizard.import_button.isEnabled() and not verdict.isVisible()
    click(qtbot, wizard.import_button)
    idle(qtbot, wizard)
    result = wizard.result_report
    assert result.committed and (result.created, result.rejected) == (3, 2)
    assert table_counts(services)["equipment"] == before["equipment"] + 3
    assert services.equipment.count(EquipmentFilter(text="OK-000")) == 3
    assert services.equipment.count(EquipmentFilter(text="BAD-000")) == 0
    assert wizard.result_page.pane.save_errors_button.isEnabled()  # the rows left aside can be saved too
    wizard.grab().save(str(shots_dir(tmp_path) / "import_result.png"))


def test_cancel_during_preview_or_import_leaves_the_database_unchanged(make_wizard, services, qtbot, tmp_path):
    rows = [item(numero_serie=f"BULK-{n:05}", salle="Salle du bout du couloir" if n == 1 else "Salle informatique")
            for n in range(1, 2201)]  # past the first progress report (every 2 000 rows)
    path = write_csv(tmp_path / "gros-fichier.csv", [CANONICAL, *rows])
    wizard = make_wizard()
    reached, proceed = threading.Event(), threading.Event()
    armed = threading.Event()

    def pause_midway(done: int, total: int) -> None:  # on the worker thread, before it checks for a cancel
        if armed.is_set() and 0 < done < total:
            armed.clear()
            reached.set()
            assert proceed.wait(10)

    wizard.sig_task_started.connect(
        lambda task: task.sig_progress.connect(pause_midway, Qt.ConnectionType.DirectConnection))

    def cancel_midway(start, cancel_button) -> None:
        """Start a worker, let it check (and write) 2 000 rows, click « Annuler », let it go on."""
        reached.clear()
        proceed.clear()
        armed.set()
        start()
        qtbot.waitUntil(reached.is_set, timeout=15_000)
        strip = cancel_button.parentWidget()
        qtbot.waitUntil(lambda: strip.bar.value() == 2001)  # « ligne 2 001 sur 2 201 »
        assert strip.isVisible() and strip.bar.maximum() == 2201
        click(qtbot, cancel_button)
        proceed.set()
        idle(qtbot, wizard)

    before, rows_before = table_counts(services), table_rows(services)
    choose(qtbot, wizard, path)
    cancel_midway(lambda: click(qtbot, wizard.next_button), wizard.preview_page.pane.strip.cancel_button)
    assert wizard.preview_report is None and "interrompue" in wizard.preview_page.pane.headline.text()
    assert not wizard.import_button.isEnabled() and wizard.preview_page.rerun_button.isVisible()
    assert table_counts(services) == before

    click(qtbot, wizard.preview_page.rerun_button)
    idle(qtbot, wizard)
    assert wizard.preview_report.created == 2200 and wizard.import_button.isEnabled()

    cancel_midway(lambda: click(qtbot, wizard.import_button), wizard.result_page.pane.strip.cancel_button)
    assert wizard.result_state == "cancelled"
    assert wizard.result_page.pane.headline.text() == "Import annulé : la base n'a pas été modifiée."
    assert table_counts(services) == before  # items, rooms and the audit trail alike
    assert table_rows(services) == rows_before  # the inventory number sequences too: nothing at all
    assert services.equipment.count(EquipmentFilter(text="BULK-")) == 0
    assert wizard.back_button.isEnabled()  # back to the preview, to try again
    click(qtbot, wizard.back_button)
    assert wizard.step is Step.PREVIEW and wizard.preview_report.created == 2200


def test_closing_during_an_import_cancels_it_first(make_wizard, services, qtbot, tmp_path):
    path = write_csv(tmp_path / "e.csv", [CANONICAL, *[item(numero_serie=f"CLOSE-{n:04}") for n in range(2100)]])
    wizard = make_wizard()
    proceed = threading.Event()
    reached = threading.Event()

    def hold(done: int, total: int) -> None:
        if 0 < done < total and wizard.result_state == "running":
            reached.set()
            assert proceed.wait(10)

    choose(qtbot, wizard, path)
    wizard.go_next()
    idle(qtbot, wizard)
    wizard.sig_task_started.connect(lambda task: task.sig_progress.connect(hold, Qt.ConnectionType.DirectConnection))
    before = table_counts(services)
    click(qtbot, wizard.import_button)
    assert reached.wait(15)
    wizard.close()  # the window's close box, or Échap
    assert wizard.isVisible()  # stays until the worker has rolled back
    proceed.set()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=15_000)
    assert table_counts(services) == before


def test_school_directory_with_filters(make_wizard, services, qtbot, tmp_path):
    headers = ["Identifiant_de_l_etablissement", "Nom_etablissement", "Type_etablissement", "Statut_public_prive",
               "Adresse_1", "Code_postal", "Nom_commune", "Code_departement", "Ecole_maternelle",
               "Ecole_elementaire", "libelle_nature", "Telephone", "Mail"]
    rows = [headers,
            [VOLTAIRE, "Ecole élémentaire Voltaire", "Ecole", "Public", "12 rue Voltaire", "21000", "Dijon", "021",
             "0", "1", "ECOLE DE NIVEAU ELEMENTAIRE", "0380111111", "ce.0219613k@ac-dijon.fr"],
            [LILAS, "Ecole maternelle Les Lilas", "Ecole", "Public", "3 rue des Lilas", "21000", "Dijon", "021",
             "1", "0", "ECOLE MATERNELLE", "0380222222", ""],
            [RAMEAU, "Collège Rameau", "Collège", "Public", "1 rue Rameau", "21000", "Dijon", "021", "", "",
             "COLLEGE", "", ""],
            [CAMELIAS, "Ecole primaire Les Camélias", "Ecole", "Public", "", "97400", "Saint-Denis", "974", "1",
             "1", "ECOLE DE NIVEAU ELEMENTAIRE", "", ""]]
    path = write_csv(tmp_path / "fr-en-annuaire-education.csv", rows)
    wizard = make_wizard(ImportKind.EQUIPMENT)
    choose(qtbot, wizard, path)
    assert wizard.kind is ImportKind.SCHOOLS and wizard.file_page.schools_radio.isChecked()  # recognised
    click(qtbot, wizard.next_button)
    assert wizard.step is Step.FILTERS
    filters = wizard.filters_page
    assert filters.departements_edit.text() == "021"  # the départements of the schools already in the base
    filters.type_combo.setCurrentIndex(filters.type_combo.findData("ecole"))
    wizard.grab().save(str(shots_dir(tmp_path) / "import_filters.png"))
    click(qtbot, wizard.next_button)
    idle(qtbot, wizard)
    report = wizard.preview_report
    assert (report.created, report.updated, report.filtered, report.rejected) == (1, 1, 2, 0), report.summary()
    changes = wizard.preview_page.pane.changes_view.model()
    texts = [changes.index(r, 3).data() for r in range(changes.rowCount())]
    assert any("téléphone" in t for t in texts), texts
    click(qtbot, wizard.import_button)
    idle(qtbot, wizard)
    assert wizard.result_state == "committed"
    assert services.schools.find(LILAS).name == "Ecole maternelle Les Lilas"
    with pytest.raises(NotFoundError):  # the collège was left out by the type filter
        services.schools.find(RAMEAU)


def test_file_page_refuses_what_it_cannot_read(make_wizard, qtbot, tmp_path):
    wizard = make_wizard(ImportKind.SCHOOLS)
    bad = tmp_path / "photo.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    choose(qtbot, wizard, bad)
    assert wizard.file_page.error.isVisible() and not wizard.next_button.isEnabled()
    equipment = write_csv(tmp_path / "e.csv", [CANONICAL, item(numero_serie="X-1")])
    choose(qtbot, wizard, equipment)
    assert wizard.kind is ImportKind.EQUIPMENT and wizard.next_button.isEnabled()  # recognised, switched back
    wizard.file_page.schools_radio.setChecked(True)  # the user insists: not a directory
    assert "annuaire" in wizard.file_page.error.text() and not wizard.next_button.isEnabled()


def test_the_assistant_fits_a_small_screen(make_wizard):
    wizard = make_wizard()
    hint = wizard.minimumSizeHint()
    assert hint.width() <= SCREEN[0] and hint.height() <= SCREEN[1] - 80
    assert wizard.width() <= SCREEN[0] and wizard.height() <= SCREEN[1] - 80
