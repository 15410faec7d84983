"""incident add / list / show / take / start / close, intervention add / list, maintenance stats: the conventions'
rules through the command line (exit code 2 and the article on stderr), the incident protocol end to end, JSON."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from cli_support import audit_rows

from ticeinventory.db.models import AuditLog
from ticeinventory.domain.maintenance import (
    DIJON_ART8_OUT_OF_PLAN,
    DIJON_ART8_SOFTWARE,
    SAINT_DENIS_ART4_OUT_OF_PLAN,
    SAINT_DENIS_ART4_WARRANTY,
    InterventionType,
)
from ticeinventory.services.app import current_user

ME = current_user()
INCIDENT_KEYS = {
    "id", "school_id", "school_uai", "school_name", "reporter_name", "reporter_role", "reported_at", "description",
    "nature", "urgency", "status", "equipment_id", "equipment_number", "equipment_label", "equipment_in_plan",
    "warranty_end", "assigned_to", "taken_at", "resolved_at", "ended_at", "minutes_to_take_charge",
    "minutes_to_resolve", "supplier_ticket", "out_of_plan", "age_minutes", "overdue", "due_at"}
SHOW_KEYS = INCIDENT_KEYS | {"steps", "equipment_status", "interventions", "next_steps"}
INTERVENTION_KEYS = {
    "id", "date", "start_time", "end", "duration_minutes", "technician", "type", "outcome", "actions", "school_id",
    "school_uai", "school_name", "room_id", "room_name", "equipment_id", "equipment_number", "equipment_label",
    "supplier_ticket", "notes", "parts", "incident_ids", "retirement_proposed"}


@pytest.fixture
def city(demo) -> dict:
    """An elementary school of the demo city with an in-plan PC and a hors plan item in service, and an item of
    the city retired from the fleet."""
    items = demo("equipment", "list", "--json").json
    working = [i for i in items if i["status"] == "en_service" and i["school_uai"]]
    for school in demo("school", "list", "--type", "elementaire", "--json").json:
        mine = [i for i in working if i["school_uai"] == school["uai"]]
        pcs = [i for i in mine if i["in_plan"] and i["category_code"] == "PCF"
               and i["room_name"] == "Salle informatique"]
        donated = [i for i in mine if not i["in_plan"]]
        if len(pcs) >= 3 and donated:
            retired = next(i for i in items if i["status"] == "reforme")
            return {"uai": school["uai"], "pc": pcs[0]["inventory_number"], "pc2": pcs[1]["inventory_number"],
                    "pc3": pcs[2]["inventory_number"], "hors_plan": donated[0]["inventory_number"],
                    "retired": retired["inventory_number"], "retired_uai": retired["school_uai"]}
    raise AssertionError("the demo city has no elementary school with a hors plan item")


def report(demo, city: dict, equipment: str | None, *extra: str, nature: str = "materiel"):
    argv = ["incident", "add", "--school", city["uai"], "--description", "Le poste ne démarre plus.",
            "--nature", nature, "--reporter", "Sophie Martin", *extra, "--json"]
    if equipment:
        argv[4:4] = ["--equipment", equipment]
    result = demo(*argv)
    assert result.code == 0, result.err
    return result.json


def status_of(demo, number: str) -> str:
    return demo("equipment", "show", number, "--json").json["status"]


def refused(result, *fragments: str) -> str:
    """A refusal: exit code 2, nothing on stdout, « Erreur : » and every fragment on stderr."""
    assert result.code == 2, (result.out, result.err)
    assert result.out == "" and result.err.startswith("Erreur : "), result.err
    text = " ".join(result.err.split())
    for fragment in fragments:
        assert " ".join(fragment.split()) in text, (fragment, result.err)
    return text


# -- the protocol end to end -------------------------------------------------------------------------------------


def test_report_take_repair_with_a_part_resolve_close(demo, city, demo_path: Path):
    pc = city["pc"]
    assert status_of(demo, pc) == "en_service"

    # Monday 16/03/2026: the director reports at 07:30.
    reported = report(demo, city, pc.lower(), "--urgency", "haute", "--at", "16/03/2026 07:30")
    incident = reported["id"]
    assert set(reported) == SHOW_KEYS
    assert (reported["status"], reported["reported_at"], reported["equipment_number"], reported["out_of_plan"]) == (
        "nouveau", "2026-03-16T07:30:00", pc, False)
    assert reported["equipment_status"] == "en_panne" and status_of(demo, pc) == "en_panne"
    assert [s["status"] for s in reported["next_steps"] if s["allowed"]] == ["pris_en_charge"]
    assert reported["overdue"] is True  # « haute »: to be taken within a day
    assert incident in [row["id"] for row in demo("incident", "list", "--overdue", "--json").json]

    # 09:15: the cell takes it.
    taken = demo("incident", "take", incident, "--technician", "kbenali", "--at", "16/03/2026 09:15", "--json")
    assert taken.code == 0, taken.err
    assert (taken.json["status"], taken.json["assigned_to"], taken.json["taken_at"],
            taken.json["minutes_to_take_charge"]) == ("pris_en_charge", "kbenali", "2026-03-16T09:15:00", 105)
    assert status_of(demo, pc) == "en_panne"

    # 10:00–10:35: the power supply is replaced; the technician is the one who took the incident.
    done = demo("intervention", "add", "--incident", incident, "--type", "remplacement_piece", "--outcome", "résolu",
                "--date", "16/03/2026", "--start", "10:00", "--duration", "35",
                "--part", "Alimentation 300 W;D300AM-00;39,90", "--actions", "Alimentation remplacée.", "--json")
    assert done.code == 0, done.err
    result = done.json
    assert set(result) == {"intervention", "equipment_status", "incidents", "retirement_proposed", "notices"}
    work = result["intervention"]
    assert set(work) == INTERVENTION_KEYS
    assert (work["equipment_number"], work["room_name"], work["technician"], work["date"], work["start_time"],
            work["end"], work["duration_minutes"], work["incident_ids"]) == (
        pc, "Salle informatique", "kbenali", "2026-03-16", "10:00", "2026-03-16T10:35:00", 35, [incident])
    assert work["parts"] == [{"designation": "Alimentation 300 W", "reference": "D300AM-00", "quantity": 1,
                              "cost_cents": 3990}]
    assert (result["equipment_status"], result["retirement_proposed"]) == ("en_service", False)
    assert result["incidents"][0]["status"] == "resolu"
    assert result["notices"] == [f"Signalement n° {incident} : Résolu."]
    assert status_of(demo, pc) == "en_service"
    resolved = demo("incident", "show", incident, "--json").json
    assert (resolved["status"], resolved["resolved_at"], resolved["minutes_to_resolve"]) == (
        "resolu", "2026-03-16T10:35:00", 185)
    assert [w["id"] for w in resolved["interventions"]] == [work["id"]]
    assert incident not in [row["id"] for row in demo("incident", "list", "--overdue", "--json").json]
    assert incident in [row["id"] for row in demo("incident", "list", "--open", "--json").json]

    # Tuesday 08:30: closed.
    closed = demo("incident", "close", incident, "--at", "17/03/2026 08:30", "--note", "Confirmé par l'école.")
    assert closed.code == 0, closed.err
    assert f"Signalement n° {incident} : Clos le 17/03/2026 08:30." in closed.out
    assert f"Équipement {pc} : En service." in closed.out
    shown = demo("incident", "show", incident, "--json").json
    assert (shown["status"], shown["ended_at"], shown["age_minutes"], shown["overdue"], shown["next_steps"]) == (
        "clos", "2026-03-17T08:30:00", None, False, [])
    assert [(s["status"], s["at"], s["by"]) for s in shown["steps"]] == [
        ("nouveau", "2026-03-16T07:30:00", ME), ("pris_en_charge", "2026-03-16T09:15:00", ME),
        ("en_cours", "2026-03-16T10:00:00", ME), ("resolu", "2026-03-16T10:35:00", ME),
        ("clos", "2026-03-17T08:30:00", ME)]
    assert shown["steps"][-1]["note"] == "Confirmé par l'école."
    assert status_of(demo, pc) == "en_service"

    text = demo("incident", "show", incident).out
    for fragment in (f"Signalement n° {incident} — Clos", "16/03/2026 07:30", "Pris en charge en : 1 h 45",
                     "Résolu en         : 3 h 05", "Terminé le        : 17/03/2026 08:30", "Étapes :",
                     "Remplacement de pièce — Résolu, kbenali"):
        assert fragment in text, fragment
    assert "Suite possible" not in text

    # Every change is in the audit trail, signed by the user through the command line.
    rows = audit_rows(demo_path, AuditLog.entity == "incidents", AuditLog.entity_id == incident)
    assert {(r.user, r.source) for r in rows} == {(ME, "cli")}
    assert [r.new_value for r in rows if r.field == "status"] == ["pris_en_charge", "en_cours", "resolu", "clos"]
    item_id = demo("equipment", "show", pc, "--json").json["id"]
    item_rows = [r for r in audit_rows(demo_path, AuditLog.entity == "equipment", AuditLog.entity_id == item_id)
                 if r.field == "status"]
    assert [(r.old_value, r.new_value) for r in item_rows] == [
        ("en_service", "en_panne"), ("en_panne", "en_reparation"), ("en_reparation", "en_service")]
    assert [w["id"] for w in demo("intervention", "list", "--equipment", pc, "--json").json] == [work["id"]]


# -- the conventions' rules ----------------------------------------------------------------------------------------


def test_hors_plan_intervention_refused_with_the_article(demo, city):
    item = city["hors_plan"]
    reported = demo("incident", "add", "--school", city["uai"], "--equipment", item, "--nature", "matériel",
                    "--description", "L'imprimante offerte bourre.", "--reporter", "Sophie Martin")
    assert reported.code == 0, reported.err
    assert f"équipement {item} (HORS PLAN)" in reported.out and DIJON_ART8_OUT_OF_PLAN in reported.out
    incident = demo("incident", "list", "--json").json[0]
    assert (incident["equipment_number"], incident["out_of_plan"], incident["equipment_in_plan"]) == (
        item, True, False)
    assert status_of(demo, item) == "en_service"  # the city does not manage its repair

    text = refused(demo("intervention", "add", "--equipment", item, "--type", "depannage_materiel",
                        "--outcome", "resolu", "--duration", "30", "--incident", incident["id"]),
                   f"Erreur : Intervention refusée : l'équipement {item} est hors plan",
                   f"Convention TICE de Dijon, art. 8 : « {DIJON_ART8_OUT_OF_PLAN} »",
                   f"Convention de Saint-Denis, art. 4 : « {SAINT_DENIS_ART4_OUT_OF_PLAN} »",
                   f"Possible : « ticeinventory incident close {incident['id']} --as refuse-hors-plan »")
    assert "Traceback" not in text
    for kind in InterventionType:  # whatever the type, and before any other field is looked at
        refused(demo("intervention", "add", "--equipment", item, "--type", kind.value, "--outcome", "resolu",
                     "--duration", "beaucoup", "--date", "31/02/2026"), "est hors plan", DIJON_ART8_OUT_OF_PLAN)
    refused(demo("intervention", "add", "--school", city["uai"], "--type", "reseau", "--outcome", "resolu",
                 "--duration", "20", "--incident", incident["id"]),
            "ne peut être clos que comme « Refusé — matériel hors plan »")
    assert demo("intervention", "list", "--json").json == []

    for ending in ("clos", "resolu", "transmis-en"):
        refused(demo("incident", "close", incident["id"], "--as", ending))
    refused(demo("incident", "close", incident["id"], "--as", "transmis-en"),
            "il ne peut être clos que comme « Refusé — matériel hors plan »", DIJON_ART8_OUT_OF_PLAN,
            f"Possible maintenant : « ticeinventory incident take {incident['id']} » ; « ticeinventory incident "
            f"close {incident['id']} --as refuse-hors-plan »")
    closed = demo("incident", "close", incident["id"], "--as", "refuse-hors-plan", "--json")
    assert closed.code == 0, closed.err
    assert closed.json["status"] == "refuse_hors_plan" and DIJON_ART8_OUT_OF_PLAN in closed.json["steps"][-1]["note"]
    refusals = demo("maintenance", "stats", "--json").json["refused_out_of_plan"]
    assert [(r["school_uai"], r["refused"]) for r in refusals] == [(city["uai"], 1)]


def test_under_warranty_only_diagnosis_and_supplier_return(demo, city):
    added = demo("equipment", "add", "--category", "PCF", "--school", city["uai"], "--room", "Salle informatique",
                 "--plan", "DIJON-2009", "--supplier", "Dell SAS", "--warranty-end", "31/12/2099", "--json")
    assert added.code == 0, added.err
    new_pc = added.json["inventory_number"]
    for kind in ("depannage_materiel", "reinstallation_systeme", "remplacement_piece"):
        refused(demo("intervention", "add", "--equipment", new_pc, "--type", kind, "--outcome", "resolu",
                     "--duration", "1h", "--part", "Disque SSD"),
                f"L'équipement {new_pc} est sous garantie du fournisseur (Dell SAS) jusqu'au 31/12/2099",
                SAINT_DENIS_ART4_WARRANTY, "Possible : --type diagnostic, ou --type retour_garantie --ticket N")
    diagnosis = demo("intervention", "add", "--equipment", new_pc, "--type", "diagnostic", "--outcome", "a_revoir",
                     "--duration", "15")
    assert diagnosis.code == 0, diagnosis.err
    refused(demo("intervention", "add", "--equipment", new_pc, "--type", "retour_garantie", "--outcome", "a_revoir",
                 "--duration", "15"), "Indiquez le numéro de ticket donné par le fournisseur.")

    incident = report(demo, city, new_pc)
    assert "Sous garantie du fournisseur jusqu'au 31/12/2099" in demo("incident", "show", incident["id"]).out
    sent = demo("intervention", "add", "--incident", incident["id"], "--type", "retour_garantie", "--outcome",
                "a_revoir", "--duration", "15", "--ticket", "DELL-88412-FR", "--json")
    assert sent.code == 0, sent.err
    moved = sent.json["incidents"][0]
    assert (moved["status"], moved["supplier_ticket"], sent.json["equipment_status"]) == (
        "envoye_fournisseur", "DELL-88412-FR", "en_reparation")

    # by hand: take, then « close --as fournisseur » with the ticket; never once the warranty is over
    second = report(demo, city, new_pc, "--nature", "systeme")
    assert demo("incident", "take", second["id"]).code == 0
    refused(demo("incident", "close", second["id"], "--as", "fournisseur"), "ticket")
    refused(demo("incident", "close", second["id"], "--ticket", "T-1"), "--ticket ne va qu'avec --as fournisseur")
    done = demo("incident", "close", second["id"], "--as", "fournisseur", "--ticket", "DELL-2")
    assert done.code == 0 and "Ticket du fournisseur : DELL-2." in done.out
    old = report(demo, city, city["pc"])
    demo("incident", "take", old["id"])
    refused(demo("incident", "close", old["id"], "--as", "fournisseur", "--ticket", "T-1"), "a pris fin le")


def test_software_incident_is_forwarded_not_handled(demo, city):
    pc = city["pc2"]
    added = demo("incident", "add", "--school", city["uai"], "--equipment", pc, "--nature", "logiciel",
                 "--description", "Le logiciel de lecture ne s'ouvre plus.", "--reporter", "M. Durand",
                 "--role", "enseignant")
    assert added.code == 0, added.err
    assert "transmis à l'Éducation nationale" in added.out and DIJON_ART8_SOFTWARE in added.out
    incident = demo("incident", "list", "--json").json[0]["id"]
    assert status_of(demo, pc) == "en_service"  # not a breakdown of the item

    refused(demo("intervention", "add", "--incident", incident, "--type", "reinstallation_systeme", "--outcome",
                 "resolu", "--duration", "1h"),
            f"Le signalement n° {incident} concerne un logiciel éducatif ou bureautique", DIJON_ART8_SOFTWARE,
            "Saint-Denis, art. 6", f"Possible : « ticeinventory incident close {incident} --as transmis-en »")
    refused(demo("incident", "take", incident), f"Le signalement n° {incident} concerne un logiciel",
            DIJON_ART8_SOFTWARE, f"Possible maintenant : « ticeinventory incident close {incident} --as transmis-en »")
    assert demo("incident", "show", incident, "--json").json["status"] == "nouveau"
    forwarded = demo("incident", "close", incident, "--as", "transmis-en", "--json").json
    assert forwarded["status"] == "transmis_education_nationale" and "animateurs TICE" in forwarded["steps"][-1]["note"]

    hardware = report(demo, city, pc)
    refused(demo("incident", "close", hardware["id"], "--as", "transmis-en"), "relève de la cellule maintenance")


def test_nothing_on_equipment_out_of_the_fleet(demo, city):
    retired = city["retired"]
    refused(demo("incident", "add", "--school", city["retired_uai"], "--equipment", retired, "--nature", "materiel",
                 "--description", "x", "--reporter", "y"), "ne fait plus partie du parc")
    refused(demo("intervention", "add", "--equipment", retired, "--type", "mise_au_rebut", "--outcome", "resolu",
                 "--duration", "10"), f"L'équipement {retired} est « Réformé » depuis le",
            "aucune intervention ni aucun signalement n'est possible")
    assert demo("equipment", "status", city["pc3"], "vole").code == 0
    refused(demo("intervention", "add", "--equipment", city["pc3"], "--type", "diagnostic", "--outcome", "resolu",
                 "--duration", "10"), "« Volé »", "ne fait plus partie du parc")
    assert demo("intervention", "list", "--json").json == []


# -- what an entry needs -----------------------------------------------------------------------------------------


def test_incident_entry_is_checked_and_nothing_written(demo, city):
    other = next(s["uai"] for s in demo("school", "list", "--json").json if s["uai"] != city["uai"])
    for argv, message in (
            (["--nature", "plomberie"], "La nature « plomberie »"),
            (["--nature", "materiel", "--urgency", "extrême"], "L'urgence « extrême »"),
            (["--nature", "materiel", "--role", "inspecteur"], "Le rôle « inspecteur »"),
            (["--nature", "materiel", "--at", "01/01/2099 10:00"], "est dans le futur"),
            (["--nature", "materiel", "--at", "hier"], "n'est pas comprise"),
            (["--nature", "materiel", "--equipment", "PCF-1999-99999"], "L'équipement « PCF-1999-99999 » n'existe"),
            (["--nature", "materiel", "--school", other, "--equipment", city["pc"]], "n'est pas dans l'école")):
        argv = ["--school", city["uai"], "--description", "x", "--reporter", "y", *argv]
        result = demo("incident", "add", *argv)
        assert result.code == 2 and result.err.startswith("Erreur : ") and message in result.err, (argv, result.err)
    missing = demo("incident", "add", "--school", city["uai"])
    assert missing.code == 2
    assert "arguments obligatoires manquants : --description, --nature, --reporter" in missing.err
    refused(demo("incident", "add", "--school", "0999999Z", "--description", "x", "--nature", "autre",
                 "--reporter", "y"), "0999999Z")
    assert demo("incident", "list", "--json").json == []


def test_steps_forward_only_with_the_commands_possible(demo, city):
    pc = city["pc"]
    incident = report(demo, city, pc)["id"]
    refused(demo("incident", "close", incident), "pas de retour en arrière ni d'étape sautée",
            f"Possible maintenant : « ticeinventory incident take {incident} »")
    bad = demo("incident", "close", incident, "--as", "oublie")
    assert bad.code == 2 and "choix inconnu : « oublie »" in bad.err
    refused(demo("incident", "show", 999), "Aucun signalement n'a le numéro 999.")
    refused(demo("incident", "take", incident, "--at", "01/01/2099 08:00"), "dans le futur")

    assert demo("incident", "take", incident).code == 0
    started = demo("incident", "start", incident, "--note", "Sur place.")
    assert started.code == 0 and f"Équipement {pc} : En réparation." in started.out
    refused(demo("incident", "take", incident), "ne peut pas passer à « Pris en charge »")
    resolved = demo("incident", "close", incident, "--as", "resolu")
    assert resolved.code == 0 and f"À clore ensuite : « ticeinventory incident close {incident} »" in resolved.out
    assert status_of(demo, pc) == "en_service"
    assert f"Suite possible : « ticeinventory incident close {incident} »" in demo("incident", "show", incident).out
    assert demo("incident", "close", incident).code == 0
    refused(demo("incident", "close", incident), "il est terminé et ne change plus")


def test_intervention_entry_is_checked(demo, city):
    base = ["--type", "depannage_materiel", "--outcome", "resolu", "--duration", "30"]
    for argv, message in (
            ([*base], "Indiquez l'équipement (--equipment NUMÉRO), ou l'école (--school UAI)"),
            (["--equipment", city["pc"], "--room", "BCD", *base], "--room va avec --school"),
            (["--equipment", city["pc"], "--type", "remplacement_piece", "--outcome", "resolu", "--duration", "30"],
             "Indiquez la ou les pièces remplacées."),
            (["--equipment", city["pc"], "--type", "remplacement_piece", "--outcome", "resolu", "--duration", "30",
              "--part", "a;b;c;d;e"], "a trop de champs"),
            (["--equipment", city["pc"], "--type", "remplacement_piece", "--outcome", "resolu", "--duration", "30",
              "--part", "RAM;;cher"], "Pièce 1 :"),
            (["--equipment", city["pc"], "--type", "ménage", "--outcome", "bof", "--duration", "longtemps"],
             "Le type d'intervention « ménage »"),
            (["--equipment", city["pc"], *base[:4], "--duration", "25h"], "24 heures"),
            (["--equipment", city["pc"], *base, "--date", "01/01/2099"], "dans le futur"),
            (["--school", city["uai"], "--room", "Grenier", "--type", "reseau", "--outcome", "resolu",
              "--duration", "30"], "La salle « Grenier » n'existe pas"),
            (["--equipment", city["pc"], *base, "--incident", "999"], "Aucun signalement n'a le numéro 999.")):
        refused(demo("intervention", "add", *argv), message)
    both = demo("intervention", "add", "--equipment", city["pc"], "--school", city["uai"], *base)
    assert both.code == 2 and "incompatible avec l'argument --equipment" in both.err
    assert demo("intervention", "list", "--json").json == []


# -- what follows an intervention ----------------------------------------------------------------------------------


def test_network_work_settles_reports_and_outcomes_show_their_notices(demo, city):
    outage = report(demo, city, None, "--urgency", "bloquante", "--at", "16/03/2026 08:00", nature="reseau")["id"]
    slow = report(demo, city, None, "--at", "16/03/2026 08:10", nature="réseau / internet")["id"]
    refused(demo("intervention", "add", "--school", city["uai"], "--type", "reseau", "--outcome", "resolu",
                 "--date", "16/03/2026", "--start", "07:00", "--duration", "30", "--incident", outage),
            "ne peut pas précéder le signalement")
    network = demo("intervention", "add", "--school", city["uai"].lower(), "--room", "salle informatique",
                   "--type", "Réseau", "--outcome", "resolu", "--date", "16/03/2026", "--start", "09:00",
                   "--duration", "1h30", "--technician", "kbenali", "--incident", outage, slow, "--json")
    assert network.code == 0, network.err
    work = network.json["intervention"]
    assert (work["equipment_id"], work["room_name"], work["incident_ids"], network.json["equipment_status"]) == (
        None, "Salle informatique", sorted([outage, slow]), None)
    assert [i["status"] for i in network.json["incidents"]] == ["resolu", "resolu"]
    assert {i["assigned_to"] for i in network.json["incidents"]} == {"kbenali"}

    waiting = demo("intervention", "add", "--equipment", city["pc"], "--type", "diagnostic",
                   "--outcome", "en attente de pièce", "--duration", "20")
    assert waiting.code == 0 and f"Équipement {city['pc']} : En réparation." in waiting.out
    broken = demo("intervention", "add", "--equipment", city["pc2"], "--type", "diagnostic", "--outcome",
                  "irreparable", "--duration", "20", "--actions", "Carte mère grillée.")
    assert broken.code == 0, broken.err
    assert "Irréparable — réforme proposée" in broken.out
    assert f"Réforme proposée pour l'équipement {city['pc2']}" in broken.out
    assert f"Équipement {city['pc2']} : En panne." in broken.out


# -- lists and figures ---------------------------------------------------------------------------------------------


def test_incident_list_is_a_queue_with_age_overdue_and_filters(demo, city):
    old = report(demo, city, city["pc"], "--urgency", "basse", "--at", "02/03/2026 08:00")["id"]
    fresh = report(demo, city, city["pc2"], "--urgency", "bloquante")["id"]
    taken = report(demo, city, city["pc3"], "--at", "10/03/2026 14:00")["id"]
    assert demo("incident", "take", taken, "--technician", "kbenali", "--at", "10/03/2026 15:00").code == 0
    hors_plan = report(demo, city, city["hors_plan"])["id"]
    assert demo("incident", "close", hors_plan, "--as", "refuse-hors-plan").code == 0

    everything = demo("incident", "list", "--json").json
    assert [row["id"] for row in everything] == [hors_plan, fresh, taken, old]  # latest report first
    assert all(set(row) == INCIDENT_KEYS for row in everything)
    rows = {row["id"]: row for row in everything}
    assert (rows[old]["overdue"], rows[fresh]["overdue"], rows[hors_plan]["overdue"]) == (True, False, False)
    assert rows[hors_plan]["age_minutes"] is None and 0 <= rows[fresh]["age_minutes"] < 60
    assert datetime.fromisoformat(rows[fresh]["due_at"]) == (
        datetime.fromisoformat(rows[fresh]["reported_at"]) + timedelta(hours=4))

    def ids(*argv) -> list[int]:
        result = demo("incident", "list", *argv, "--json")
        assert result.code == 0, result.err
        return [row["id"] for row in result.json]

    assert ids("--open") == [fresh, taken, old]  # most urgent first, then oldest
    assert ids("--overdue") == [taken, old]
    assert ids("--technician", "kbenali") == [taken]
    assert ids("--unassigned", "--open") == [fresh, old]
    assert ids("--status", "pris en charge") == [taken]
    assert ids("--status", "refuse-hors-plan", "--status", "nouveau") == [hors_plan, fresh, old]
    assert ids("--school", city["uai"].lower(), "--open", "--limit", "1") == [fresh]
    assert ids("--open", "--status", "refuse_hors_plan") == []

    table = demo("incident", "list")
    assert table.out.splitlines()[0].split() == ["N°", "Signalé", "le", "Âge", "École", "Équipement", "Nature",
                                                 "Urgence", "État", "Technicien", "Retard", "Description"]
    line = next(line for line in table.out.splitlines() if line.strip().startswith(f"{hors_plan} "))
    assert f"{city['hors_plan']} (HORS PLAN)" in line and "Refusé — matériel hors plan" in line
    assert "4 signalements, dont 2 en retard" in table.out and "non maintenu par la Ville" in table.out
    assert "Affichés : 1 sur 4 (--limit)." in demo("incident", "list", "--limit", "1").out
    refused(demo("incident", "list", "--status", "perdu"), "L'état « perdu » est inconnu")
    refused(demo("incident", "list", "--school", "0999999Z"), "0999999Z")
    both = demo("incident", "list", "--open", "--overdue")
    assert both.code == 2 and "incompatible" in both.err


def test_intervention_list_week_and_filters(demo, city):
    for number, technician in ((city["pc"], None), (city["pc2"], "kbenali")):
        argv = ["--technician", technician] if technician else []
        assert demo("intervention", "add", "--equipment", number, "--type", "diagnostic", "--outcome", "resolu",
                    "--duration", "10", *argv).code == 0
    assert demo("intervention", "add", "--equipment", city["pc3"], "--type", "diagnostic", "--outcome", "resolu",
                "--duration", "45", "--date", "16/03/2026", "--start", "9h").code == 0

    everything = demo("intervention", "list", "--json").json
    assert len(everything) == 3 and all(set(w) == INTERVENTION_KEYS for w in everything)
    assert everything[-1]["date"] == "2026-03-16" and everything[-1]["start_time"] == "09:00"  # latest first
    mine = demo("intervention", "list", "--week", "--json").json
    assert [w["equipment_number"] for w in mine] == [city["pc"]] and mine[0]["technician"] == ME
    assert [w["technician"] for w in demo("intervention", "list", "--week", "--technician", "kbenali",
                                          "--json").json] == ["kbenali"]
    assert len(demo("intervention", "list", "--school", city["uai"], "--json").json) == 3
    assert [w["equipment_number"] for w in demo("intervention", "list", "--equipment", city["pc3"].lower(),
                                                "--json").json] == [city["pc3"]]
    assert len(demo("intervention", "list", "--from", "01/03/2026", "--to", "31/03/2026", "--json").json) == 1
    text = demo("intervention", "list", "--week").out
    assert text.startswith(f"Interventions de {ME}, semaine du ") and "1 intervention, temps passé : 10 min" in text
    assert "3 interventions, temps passé : 1 h 05" in demo("intervention", "list").out
    refused(demo("intervention", "list", "--equipment", "PCF-1999-99999"), "PCF-1999-99999")
    refused(demo("intervention", "list", "--from", "32/01/2026"), "32/01/2026")


def test_maintenance_stats(demo, city):
    incident = report(demo, city, city["pc"], "--at", "16/03/2026 07:30")["id"]
    demo("incident", "take", incident, "--at", "16/03/2026 08:30")
    assert demo("intervention", "add", "--incident", incident, "--type", "depannage_materiel", "--outcome",
                "resolu", "--date", "16/03/2026", "--start", "09:00", "--duration", "1h30").code == 0
    assert demo("intervention", "add", "--school", city["uai"], "--type", "reseau", "--outcome", "resolu",
                "--date", "02/04/2026", "--start", "14:00", "--duration", "45").code == 0
    refusal = report(demo, city, city["hors_plan"], "--at", "17/03/2026 10:00")["id"]
    demo("incident", "close", refusal, "--as", "refuse-hors-plan", "--at", "17/03/2026 11:00")

    figures = demo("maintenance", "stats", "--json").json
    assert set(figures) == {"start", "end", "interventions", "minutes", "hours", "by_school", "by_category",
                            "by_type", "by_month", "delays", "refused_out_of_plan"}
    assert (figures["interventions"], figures["minutes"], figures["hours"]) == (2, 135, 2.25)
    assert [(t["key"], t["interventions"], t["minutes"], t["hours"]) for t in figures["by_month"]] == [
        ("2026-03", 1, 90, 1.5), ("2026-04", 1, 45, 0.75)]
    assert [(t["key"], t["interventions"]) for t in figures["by_school"]] == [(city["uai"], 2)]
    assert [(t["key"], t["label"]) for t in figures["by_category"]] == [
        ("PCF", "PC fixe"), ("", "Sans équipement (réseau, école, salle)")]
    assert {t["key"] for t in figures["by_type"]} == {"depannage_materiel", "reseau"}
    overall = figures["delays"][0]
    assert (overall["urgency"], overall["reported"], overall["resolved"], overall["mean_minutes_to_resolve"]) == (
        None, 2, 1, 180.0)
    assert [(r["school_uai"], r["refused"]) for r in figures["refused_out_of_plan"]] == [(city["uai"], 1)]

    april = demo("maintenance", "stats", "--from", "01/04/2026", "--to", "30/04/2026", "--json").json
    assert (april["start"], april["end"], april["interventions"], april["refused_out_of_plan"]) == (
        "2026-04-01", "2026-04-30", 1, [])
    text = demo("maintenance", "stats").out
    for fragment in ("Maintenance — toute la base", "2 interventions, temps passé : 2 h 15", "mars 2026",
                     "avril 2026", "Délais moyens depuis le signalement :", "Toutes", "3 h 00",
                     "Signalements refusés pour matériel hors plan, par école :", DIJON_ART8_OUT_OF_PLAN):
        assert fragment in text, fragment
    refused(demo("maintenance", "stats", "--from", "02/04/2026", "--to", "01/04/2026"), "La période est vide")


def test_help_is_french(demo):
    for argv in (["incident", "--help"], ["incident", "close", "--help"], ["intervention", "add", "--help"],
                 ["maintenance", "stats", "--help"]):
        result = demo(*argv)
        assert result.code == 0 and "Utilisation : ticeinventory" in result.out, argv
    close_help = " ".join(demo("incident", "close", "--help").out.split())
    assert "clos, resolu, refuse-hors-plan, transmis-en, fournisseur" in close_help
    assert "incident" in demo("--help").out and "intervention" in demo("--help").out


def test_intervention_entered_by_mistake_is_deleted(demo, city, demo_path):
    pc = city["pc3"]
    added = demo("intervention", "add", "--equipment", pc, "--type", "diagnostic", "--outcome", "a_revoir",
                 "--duration", "15", "--actions", "Saisie sur le mauvais poste.", "--json")
    assert added.code == 0, added.err
    work = added.json["intervention"]
    deleted = demo("intervention", "delete", work["id"])
    assert deleted.code == 0, deleted.err
    day = datetime.fromisoformat(work["date"]).strftime("%d/%m/%Y")
    assert deleted.out.startswith(f"Intervention n° {work['id']} du {day} supprimée : Diagnostic — À revoir\n")
    assert f"L'équipement {pc} reste « En service »" in deleted.out
    assert demo("intervention", "list", "--equipment", pc).out.strip() == "Aucune intervention ne correspond."
    rows = audit_rows(demo_path, AuditLog.entity == "interventions", AuditLog.entity_id == work["id"])
    assert [(r.action, r.user, r.source) for r in rows] == [("create", ME, "cli"), ("delete", ME, "cli")]
    refused(demo("intervention", "delete", work["id"]), f"Aucune intervention n'a le numéro {work['id']}")

    incident = report(demo, city, pc)["id"]
    done = demo("intervention", "add", "--incident", incident, "--type", "depannage_materiel", "--outcome",
                "resolu", "--duration", "20", "--json").json["intervention"]
    refused(demo("intervention", "delete", done["id"]), f"répond au signalement n° {incident}, qui est « Résolu »",
            "Saint-Denis, art. 4", "Elle ne peut pas être supprimée.")
    assert [w["id"] for w in demo("intervention", "list", "--equipment", pc, "--json").json] == [done["id"]]
