"""school add / list / show and room add / list."""

from __future__ import annotations

from pathlib import Path

from cli_support import audit_count, audit_rows

from ticeinventory.db.models import AuditLog
from ticeinventory.services.app import current_user


def test_school_add_normalises_a_lowercase_uai_and_is_audited_as_cli(demo, demo_path: Path):
    result = demo("school", "add", "--uai", " 0131266f ", "--name", "École élémentaire Saint-Exupéry",
                  "--type", "Élémentaire", "--commune", "Marseille", "--postcode", "13001", "--phone", "0491000000",
                  "--director", "Mme Agnès Roux", "--holiday-zone", "Zone B")
    assert result.code == 0, result.err
    assert "0131266F" in result.out and "École élémentaire" in result.out

    shown = demo("school", "show", "0131266f", "--json").json
    assert shown["uai"] == "0131266F"
    assert shown["type"] == "elementaire"
    assert shown["phone"] == "04 91 00 00 00"
    assert shown["director_name"] == "Mme Agnès Roux"
    assert shown["rooms"] == [] and shown["equipment"]["total"] == 0

    rows = audit_rows(demo_path, AuditLog.entity == "schools", AuditLog.entity_id == shown["id"])
    assert [(r.action, r.source, r.user) for r in rows] == [("create", "cli", current_user())]


def test_school_add_refuses_a_wrong_check_letter_and_writes_nothing(demo, demo_path: Path):
    before = (len(demo("school", "list", "--json").json), audit_count(demo_path))
    result = demo("school", "add", "--uai", "0131266a", "--name", "École fautive", "--type", "maternelle")
    assert result.code == 2
    assert result.err == ("Erreur : La lettre de contrôle du code UAI « 0131266A » est fausse : pour 0131266 elle "
                          "doit être « F ». Vérifiez la saisie.\n")
    assert result.out == ""
    assert (len(demo("school", "list", "--json").json), audit_count(demo_path)) == before


def test_school_add_reports_every_wrong_field(demo):
    result = demo("school", "add", "--uai", "0131266F", "--name", "X", "--type", "lycée", "--postcode", "130",
                  "--email", "pas-une-adresse")
    assert result.code == 2
    lines = result.err.splitlines()
    assert lines[0].startswith("Erreur : ")
    assert len(lines) == 3 and all(line.startswith(" " * len("Erreur : ")) for line in lines[1:])
    assert "Le type d'école « lycée » : valeur inconnue" in result.err
    assert "Le code postal « 130 »" in result.err


def test_school_add_refuses_a_duplicate_uai(demo):
    uai = demo("school", "list", "--json").json[0]["uai"]
    result = demo("school", "add", "--uai", uai.lower(), "--name", "Doublon", "--type", "primaire")
    assert result.code == 2
    assert f"Le code UAI {uai} est déjà celui de l'école" in result.err


def test_school_list_filters_and_table(demo):
    everything = demo("school", "list", "--json").json
    assert len(everything) == 12
    talant = demo("school", "list", "--commune", "TALANT", "--json").json
    assert talant and {s["commune"] for s in talant} == {"Talant"}
    chenove = demo("school", "list", "--commune", "chenove", "--json").json  # accents ignored
    assert {s["commune"] for s in chenove} == {"Chenôve"}
    maternelles = demo("school", "list", "--type", "maternelle", "--json").json
    assert maternelles and {s["type"] for s in maternelles} == {"maternelle"}

    table = demo("school", "list", "--type", "École maternelle")
    assert table.code == 0
    lines = table.out.splitlines()
    assert lines[0].split() == ["UAI", "Type", "Nom", "Commune", "Circonscription"]
    assert lines[-1] == f"{len(maternelles)} écoles"
    assert all(s["uai"] in table.out for s in maternelles)

    assert demo("school", "list", "--type", "lycée").code == 2
    assert demo("school", "list", "--commune", "Paris").out == "Aucune école ne correspond.\n"


def test_school_show_counts_plan_and_hors_plan_per_room(demo):
    hors_plan = demo("equipment", "list", "--hors-plan", "--json").json
    uai = next(item["school_uai"] for item in hors_plan if item["school_uai"] and item["room_name"])
    items = demo("equipment", "list", "--school", uai, "--json").json

    data = demo("school", "show", uai, "--json").json
    counts = data["equipment"]
    assert counts["total"] == len(items)
    assert counts["in_plan"] == sum(1 for i in items if i["in_plan"])
    assert counts["out_of_plan"] == sum(1 for i in items if not i["in_plan"]) > 0
    assert counts["in_plan"] + counts["out_of_plan"] == counts["total"]
    assert sum(room["equipment"] for room in data["rooms"]) + counts["without_room"] == counts["total"]
    for room in data["rooms"]:
        in_room = [i for i in items if i["room_id"] == room["id"]]
        assert room["out_of_plan"] == sum(1 for i in in_room if not i["in_plan"])

    human = demo("school", "show", uai.lower())
    assert human.code == 0
    assert f"({uai})" in human.out.splitlines()[0]
    assert (f"Équipements : {counts['total']} — dans un plan : {counts['in_plan']}, "
            f"hors plan (non maintenus) : {counts['out_of_plan']}") in human.out
    assert "Salle" in human.out and "Hors plan" in human.out


def test_school_show_unknown_uai(demo):
    result = demo("school", "show", "0131266F")
    assert result.code == 2
    assert result.err.startswith("Erreur : Aucune école n'a le code UAI « 0131266F »")


def test_room_add_and_list(demo, demo_path: Path):
    uai = demo("school", "list", "--json").json[0]["uai"]
    added = demo("room", "add", uai.lower(), "Salle d'étude", "--kind", "salle des maîtres", "--json")
    assert added.code == 0, added.err
    assert added.json["name"] == "Salle d'étude" and added.json["kind"] == "salle_des_maitres"

    rooms = demo("room", "list", uai, "--json").json
    assert {"name": "Salle d'étude", "kind": "salle_des_maitres", "equipment": 0, "in_plan": 0,
            "out_of_plan": 0}.items() <= next(r for r in rooms if r["name"] == "Salle d'étude").items()
    assert "Salle d'étude" in demo("room", "list", uai).out

    before = audit_count(demo_path)
    duplicate = demo("room", "add", uai, "SALLE D'ÉTUDE")
    assert duplicate.code == 2 and "a déjà une salle nommée « Salle d'étude »" in duplicate.err
    bad_kind = demo("room", "add", uai, "Grenier", "--kind", "grenier")
    assert bad_kind.code == 2 and "Le type de salle « grenier » : valeur inconnue" in bad_kind.err
    assert audit_count(demo_path) == before

    rows = audit_rows(demo_path, AuditLog.entity == "rooms", AuditLog.entity_id == added.json["id"])
    assert [(r.action, r.source) for r in rows] == [("create", "cli")]
