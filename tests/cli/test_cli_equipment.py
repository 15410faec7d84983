"""equipment add / list / show / move / status / retire / duplicate: plan vs hors plan, filters, JSON, all-or-nothing."""

from __future__ import annotations

import re
from pathlib import Path

from cli_support import audit_count, audit_rows

from ticeinventory.db.models import AuditLog
from ticeinventory.domain.validation import format_amount
from ticeinventory.services.app import current_user

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _school_with_room(demo) -> tuple[str, str]:
    school = next(s for s in demo("school", "list", "--json").json if s["type"] == "elementaire")
    rooms = demo("room", "list", school["uai"], "--json").json
    return school["uai"], next(r["name"] for r in rooms if r["kind"] == "salle_informatique")


def test_add_in_plan_with_phase_room_price_and_dates(demo):
    uai, room = _school_with_room(demo)
    result = demo("equipment", "add", "--category", "pc fixe", "--school", uai.lower(), "--room", room.upper(),
                  "--plan", "dijon-2009", "--phase", "Dotation initiale (été 2009)", "--manufacturer", "Dell",
                  "--model", "OptiPlex 7010", "--serial", "CLI-0001", "--acquired", "14/12/2009",
                  "--price", "1 234,50", "--warranty-end", "2012-12-14", "--mac", "00-1a-2b-3c-4d-5e",
                  "--ip", "10.0.0.12", "--attribution", "élève", "--json")
    assert result.code == 0, result.err
    item = result.json
    assert item["inventory_number"].startswith("PCF-2009-")
    assert item["in_plan"] is True and item["plan_code"] == "DIJON-2009" and item["funding_origin"] is None
    assert item["phase_name"] == "Dotation initiale (été 2009)"
    assert (item["school_uai"], item["room_name"]) == (uai, room)
    assert item["purchase_price_cents"] == 123450 and isinstance(item["purchase_price_cents"], int)
    assert item["acquisition_date"] == "2009-12-14" and item["warranty_end"] == "2012-12-14"
    assert item["status"] == "en_service" and item["attribution"] == "eleve"
    assert item["mac_address"] == "00:1A:2B:3C:4D:5E"

    shown = demo("equipment", "show", item["inventory_number"].lower())
    assert shown.code == 0
    assert "Plan DIJON-2009 (Dotation initiale (été 2009))" in shown.out
    assert "14/12/2009" in shown.out and format_amount(123450) in shown.out  # 1 234,50 €
    assert "14/12/2012 (garantie échue)" in shown.out
    assert "HORS PLAN" not in shown.out


def test_add_hors_plan_in_the_city_stock(demo):
    result = demo("equipment", "add", "--category", "TAB", "--hors-plan", "Don", "--manufacturer", "Samsung",
                  "--number", "don-2026-001", "--notes", "Don de l'association des parents d'élèves")
    assert result.code == 0, result.err
    assert "Équipement créé : DON-2026-001" in result.out
    assert "Hors plan — non maintenu (Don)" in result.out
    assert "Stock de la ville (non affecté)" in result.out
    data = demo("equipment", "show", "DON-2026-001", "--json").json
    assert data["in_plan"] is False and data["plan_id"] is None and data["funding_origin"] == "don"
    assert data["status"] == "en_stock" and data["school_id"] is None and data["children"] == []


def test_add_refused_without_plan_or_origin_and_nothing_written(demo, demo_path: Path):
    before = (demo("stats", "--json").json["equipment"], audit_count(demo_path))
    result = demo("equipment", "add", "--category", "PCF")
    assert result.code == 2
    assert result.err.startswith("Erreur : Indiquez le plan d'équipement, ou pour un matériel hors plan son origine")
    assert "n'est pas maintenu par la Ville" in result.err

    for argv in (["--category", "PCF", "--plan", "INCONNU"],
                 ["--category", "grille-pain", "--hors-plan", "don"],
                 ["--category", "PCF", "--hors-plan", "don", "--room", "BCD"],
                 ["--category", "PCF", "--hors-plan", "loterie"],
                 ["--category", "PCF", "--hors-plan", "don", "--acquired", "31/02/2020"],
                 ["--category", "PCF", "--hors-plan", "don", "--price", "beaucoup"]):
        refused = demo("equipment", "add", *argv)
        assert refused.code == 2, argv
        assert refused.err.startswith("Erreur : ") and refused.out == ""
    assert (demo("stats", "--json").json["equipment"], audit_count(demo_path)) == before


def test_list_filters(demo):
    stats = demo("stats", "--json").json
    everything = demo("equipment", "list", "--json").json
    assert len(everything) == stats["equipment"]

    hors_plan = demo("equipment", "list", "--hors-plan", "--json").json
    assert len(hors_plan) == stats["out_of_plan"] > 0
    assert all(not i["in_plan"] and i["funding_origin"] for i in hors_plan)

    stock = demo("equipment", "list", "--stock", "--json").json
    assert len(stock) == stats["by_school_type"]["stock"] > 0
    assert all(i["school_id"] is None for i in stock)

    plan = demo("equipment", "list", "--plan", "dijon-2009", "--json").json
    assert len(plan) == stats["by_plan"]["DIJON-2009"]
    broken = demo("equipment", "list", "--status", "En panne", "--json").json
    assert len(broken) == stats["by_status"]["en_panne"]
    by_label = demo("equipment", "list", "--category", "tablette", "--json").json
    assert by_label == demo("equipment", "list", "--category", "TAB", "--json").json
    assert len(by_label) == stats["by_category"]["Tablette"]

    uai, room = _school_with_room(demo)
    in_room = demo("equipment", "list", "--school", uai, "--room", room.lower(), "--json").json
    assert in_room and all((i["school_uai"], i["room_name"]) == (uai, room) for i in in_room)

    serial = next(i["serial_number"] for i in everything if i["serial_number"])
    assert serial in {i["serial_number"] for i in demo("equipment", "list", "--search", serial, "--json").json}
    assert len(demo("equipment", "list", "--limit", 5, "--json").json) == 5
    chenove = demo("equipment", "list", "--commune", "CHENOVE", "--json").json
    schools = {s["uai"] for s in demo("school", "list", "--commune", "Chenôve", "--json").json}
    assert chenove and {i["school_uai"] for i in chenove} <= schools
    in_fleet = demo("equipment", "list", "--en-parc", "--json").json
    assert all(i["status"] not in ("reforme", "perdu", "vole") for i in in_fleet)

    for argv, message in ((["--room", room], "ajoutez --school"), (["--status", "cassé"], "Le statut « cassé »"),
                          (["--category", "grille-pain"], "Codes possibles"), (["--plan", "X"], "Plans connus"),
                          (["--commune", "Paris"], "Aucune école dans la commune « Paris »"),
                          (["--school", uai, "--room", "Grenier"], "La salle « Grenier » n'existe pas")):
        refused = demo("equipment", "list", *argv)
        assert refused.code == 2 and message in refused.err, argv


def test_list_shows_plan_or_hors_plan_on_every_row(demo):
    items = {i["inventory_number"]: i for i in demo("equipment", "list", "--json").json}
    result = demo("equipment", "list")
    rows = [line for line in result.out.splitlines() if line.split(" ", 1)[0] in items]
    assert len(rows) == len(items)
    for line in rows:
        item = items[line.split(" ", 1)[0]]
        assert (item["plan_code"] in line) if item["in_plan"] else ("HORS PLAN (" in line)
    assert result.out.splitlines()[0].split() == ["Numéro", "Catégorie", "Matériel", "Statut", "Lieu", "Plan"]
    stats = demo("stats", "--json").json
    assert (f"{stats['equipment']} équipements (plan : {stats['in_plan']}, hors plan : {stats['out_of_plan']})"
            in result.out)
    assert "non maintenu par la Ville" in result.out

    limited = demo("equipment", "list", "--limit", 3)
    assert f"Affichés : 3 sur {stats['equipment']}" in limited.out


def test_show_json_and_children(demo):
    trolley = next(i for i in demo("equipment", "list", "--category", "CMO", "--json").json if i["school_id"])
    data = demo("equipment", "show", trolley["inventory_number"], "--json").json
    assert {"inventory_number", "category_code", "status", "in_plan", "plan_code", "phase_name", "funding_origin",
            "school_uai", "room_name", "acquisition_date", "purchase_price_cents", "warranty_end",
            "children"} <= set(data)
    assert ISO_DATE.match(data["acquisition_date"]) and isinstance(data["purchase_price_cents"], int)
    assert data["children"] and all(c["parent_number"] == data["inventory_number"] for c in data["children"])

    human = demo("equipment", "show", trolley["inventory_number"])
    assert f"{len(data['children'])} éléments rattachés" in human.out
    assert all(c["inventory_number"] in human.out for c in data["children"])

    hors_plan = demo("equipment", "list", "--hors-plan", "--json").json[0]
    shown = demo("equipment", "show", hors_plan["inventory_number"])
    assert "Financement" in shown.out and "Hors plan — non maintenu (" in shown.out

    missing = demo("equipment", "show", "NEXISTE-PAS")
    assert missing.code == 2
    assert missing.err == "Erreur : Aucun équipement n'a le numéro d'inventaire « NEXISTE-PAS ».\n"


def test_duplicate_12_then_move_status_retire_are_audited_as_cli(demo, demo_path: Path):
    source = next(i for i in demo("equipment", "list", "--plan", "DIJON-2009", "--status", "en_service",
                                  "--category", "PCF", "--json").json if i["room_id"])
    serials = [f"CLI-SN-{n:02d}" for n in range(1, 13)]
    copies = demo("equipment", "duplicate", source["inventory_number"], "--count", 12,
                  "--serials", ",".join(serials), "--json")
    assert copies.code == 0, copies.err
    assert [c["serial_number"] for c in copies.json] == serials
    assert all(c["plan_code"] == "DIJON-2009" and c["school_uai"] == source["school_uai"] for c in copies.json)
    numbers = [c["inventory_number"] for c in copies.json]
    ids = [c["id"] for c in copies.json]
    assert len(set(numbers)) == 12 and source["inventory_number"] not in numbers

    target = next(s["uai"] for s in demo("school", "list", "--json").json if s["uai"] != source["school_uai"])
    room = demo("room", "list", target, "--json").json[0]["name"]
    moved = demo("equipment", "move", *numbers, "--school", target, "--room", room, "--date", "01/09/2026")
    assert moved.code == 0, moved.err
    assert moved.out.startswith("12 équipements déplacés vers : ")
    after_move = [i for i in demo("equipment", "list", "--school", target, "--json").json if i["id"] in ids]
    assert len(after_move) == 12 and all((i["school_uai"], i["room_name"], i["assigned_on"]) == (target, room, "2026-09-01")
               for i in after_move)

    status = demo("equipment", "status", *numbers, "en réparation", "--json")
    assert status.code == 0 and {i["status"] for i in status.json} == {"en_reparation"}

    retired = demo("equipment", "retire", *numbers, "--reason", "Lot défectueux", "--date", "02/09/2026", "--json")
    assert retired.code == 0, retired.err
    assert {(i["status"], i["retired_on"], i["retirement_reason"]) for i in retired.json} == {
        ("reforme", "2026-09-02", "Lot défectueux")}

    rows = audit_rows(demo_path, AuditLog.entity == "equipment", AuditLog.entity_id.in_(ids))
    assert {(r.source, r.user) for r in rows} == {("cli", current_user())}
    for equipment_id in ids:
        mine = [(r.action, r.field, r.new_value) for r in rows if r.entity_id == equipment_id]
        assert mine[0][0] == "create"
        assert ("update", "status", "en_reparation") in mine and ("update", "status", "reforme") in mine
        assert ("update", "retired_on", "2026-09-02") in mine
        assert any(action == "update" and field == "school_id" for action, field, _v in mine)

    again = demo("equipment", "retire", numbers[0], "--reason", "encore")
    assert again.code == 2 and "est réformé depuis le 02/09/2026" in again.err


def test_bulk_actions_are_all_or_nothing(demo, demo_path: Path):
    in_school = next(i for i in demo("equipment", "list", "--status", "en_panne", "--json").json if i["school_id"])
    in_stock = next(i for i in demo("equipment", "list", "--stock", "--en-parc", "--json").json)
    snapshot = (demo("equipment", "list", "--json").json, audit_count(demo_path))

    missing = demo("equipment", "move", in_school["inventory_number"], "NEXISTE-PAS", "--stock")
    assert missing.code == 2 and "NEXISTE-PAS" in missing.err
    # the first item may become « prêté », the stock one may not: neither changes
    rule = demo("equipment", "status", in_school["inventory_number"], in_stock["inventory_number"], "prêté")
    assert rule.code == 2 and "est dans le stock de la ville" in rule.err
    clash = demo("equipment", "duplicate", in_school["inventory_number"], "--count", 3,
                 "--serials", f"NOUVEAU-1,{in_school['serial_number'] or 'X'},NOUVEAU-3")
    if in_school["serial_number"]:
        assert clash.code == 2 and "est déjà celui de l'équipement" in clash.err
    bad_room = demo("equipment", "move", in_school["inventory_number"], "--school", in_school["school_uai"],
                    "--room", "Grenier")
    assert bad_room.code == 2 and "La salle « Grenier » n'existe pas" in bad_room.err
    stock_room = demo("equipment", "move", in_school["inventory_number"], "--stock", "--room", "BCD")
    assert stock_room.code == 2
    too_many = demo("equipment", "duplicate", in_school["inventory_number"], "--count", 1, "--serials", "A,B")
    assert too_many.code == 2 and "il y en a trop" in too_many.err
    reformer = demo("equipment", "status", in_school["inventory_number"], "reforme")
    assert reformer.code == 2 and "equipment retire" in reformer.err
    bad_date = demo("equipment", "retire", in_school["inventory_number"], "--reason", "x", "--date", "demain")
    assert bad_date.code == 2 and "jj/mm/aaaa" in bad_date.err

    assert (demo("equipment", "list", "--json").json, audit_count(demo_path)) == snapshot


def test_move_to_stock_and_back(demo):
    item = next(i for i in demo("equipment", "list", "--category", "ILN", "--status", "en_service", "--json").json
                if i["school_id"])
    to_stock = demo("equipment", "move", item["inventory_number"], "--stock", "--json")
    assert to_stock.code == 0
    assert to_stock.json[0]["school_id"] is None and to_stock.json[0]["status"] == "en_stock"
    back = demo("equipment", "move", item["inventory_number"], "--school", item["school_uai"])
    assert back.code == 0
    assert "1 équipement déplacé vers : " in back.out
    assert demo("equipment", "show", item["inventory_number"], "--json").json["status"] == "en_service"


def test_move_a_trolley_with_or_without_its_contents(demo):
    trolley = next(i for i in demo("equipment", "list", "--category", "CMO", "--stock", "--json").json)
    children = demo("equipment", "show", trolley["inventory_number"], "--json").json["children"]
    assert children
    uai, room = _school_with_room(demo)

    alone = demo("equipment", "move", trolley["inventory_number"], "--school", uai, "--without-contents", "--json")
    assert alone.code == 0 and len(alone.json) == 1
    assert all(c["school_id"] is None for c in demo("equipment", "show", trolley["inventory_number"],
                                                     "--json").json["children"])

    together = demo("equipment", "move", trolley["inventory_number"], "--school", uai, "--room", room, "--json")
    assert together.code == 0 and together.err == ""
    assert len(together.json) == 1 + len(children)
    assert {(i["school_uai"], i["room_name"]) for i in together.json} == {(uai, room)}
