"""``school`` (add, list, show) and ``room`` (add, list): schools by UAI, rooms by name within a school."""

from __future__ import annotations

import argparse
import textwrap
from collections import Counter

from ticeinventory.domain.enums import RoomKind, SchoolType, fold
from ticeinventory.domain.errors import ValidationError
from ticeinventory.domain.i18n import N_, _
from ticeinventory.domain.records import EquipmentInfo, RoomInfo, SchoolInfo
from ticeinventory.services.equipment import EquipmentFilter

from .output import key_values, out, plural, table, to_data, yes_no

SCHOOL_OPTIONS = (  # option, service field, metavar, help
    ("--commune", "commune", N_("COMMUNE"), N_("commune (par exemple Dijon)")),
    ("--postcode", "postcode", N_("CODE_POSTAL"), N_("code postal (5 chiffres)")),
    ("--address", "address", N_("ADRESSE"), N_("adresse postale")),
    ("--circonscription", "circonscription", N_("CIRCONSCRIPTION"), N_("circonscription de l'Éducation nationale")),
    ("--director", "director_name", N_("NOM"), N_("nom du directeur ou de la directrice")),
    ("--phone", "phone", N_("TÉLÉPHONE"), N_("téléphone (10 chiffres)")),
    ("--email", "email", N_("COURRIEL"), N_("adresse électronique de l'école")),
    ("--holiday-zone", "holiday_zone", N_("ZONE"), N_("zone de vacances scolaires (A, B, C…)")),
    ("--notes", "notes", N_("TEXTE"), N_("remarques libres")),
)


def register(commands, common: argparse.ArgumentParser) -> None:
    school = commands.add_parser(
        "school", help=_("écoles : ajouter, lister, afficher"),
        description=_("Les écoles, désignées par leur code UAI (7 chiffres et une lettre de contrôle, saisi en "
                      "minuscules ou majuscules). Les salles d'une école se gèrent avec « ticeinventory room »."))
    sub = school.add_subparsers(dest="action", metavar=_("ACTION"), title=_("actions"), required=True)

    p = sub.add_parser("add", parents=[common], help=_("ajouter une école"),
                       description=_("Ajoute une école. Le code UAI est vérifié (lettre de contrôle) et mis en "
                                     "majuscules."))
    p.add_argument("--uai", required=True, metavar="UAI", help=_("code UAI, par exemple 0210001M"))
    p.add_argument("--name", required=True, metavar=_("NOM"), help=_("nom de l'école"))
    p.add_argument("--type", required=True, dest="school_type", metavar=_("TYPE"),
                   help=_("type d'école : {choices} (ou leur libellé)").format(choices=SchoolType.choices()))
    for option, dest, metavar, text in SCHOOL_OPTIONS:
        p.add_argument(option, dest=dest, default=None, metavar=_(metavar), help=_(text))
    p.set_defaults(handler=school_add)

    p = sub.add_parser("list", parents=[common], help=_("lister les écoles"),
                       description=_("Liste les écoles, triées par commune puis par nom."))
    p.add_argument("--commune", metavar=_("COMMUNE"), help=_("seulement cette commune (sans tenir compte des majuscules ni des accents)"))
    p.add_argument("--type", dest="school_type", metavar=_("TYPE"),
                   help=_("seulement ce type d'école : {choices}").format(choices=SchoolType.choices()))
    p.set_defaults(handler=school_list)

    p = sub.add_parser("show", parents=[common], help=_("afficher une école, ses salles et ses effectifs de matériel"),
                       description=_("Affiche la fiche d'une école, ses salles et le nombre d'équipements de chaque "
                                     "salle, dans un plan et hors plan."))
    p.add_argument("uai", metavar="UAI", help=_("code UAI de l'école"))
    p.set_defaults(handler=school_show)

    room = commands.add_parser(
        "room", help=_("salles d'une école : ajouter, lister"),
        description=_("Les salles d'une école (bureau de direction, BCD, salle informatique, classes…), désignées "
                      "par leur nom dans l'école."))
    sub = room.add_subparsers(dest="action", metavar=_("ACTION"), title=_("actions"), required=True)
    p = sub.add_parser("add", parents=[common], help=_("ajouter une salle à une école"),
                       description=_("Ajoute une salle à l'école de code UAI. Deux salles d'une même école ne peuvent "
                                     "pas porter le même nom."))
    p.add_argument("uai", metavar="UAI", help=_("code UAI de l'école"))
    p.add_argument("name", metavar=_("NOM"), help=_("nom de la salle, par exemple « Salle informatique »"))
    p.add_argument("--kind", default=RoomKind.AUTRE.value, metavar=_("TYPE"),
                   help=_("type de salle : {choices} (par défaut autre)").format(choices=RoomKind.choices()))
    p.add_argument("--notes", default="", metavar=_("TEXTE"), help=_("remarques libres"))
    p.set_defaults(handler=room_add)

    p = sub.add_parser("list", parents=[common], help=_("lister les salles d'une école"),
                       description=_("Liste les salles d'une école avec leur nombre d'équipements."))
    p.add_argument("uai", metavar="UAI", help=_("code UAI de l'école"))
    p.set_defaults(handler=room_list)


def parse_school_type(text: str) -> SchoolType:
    try:
        return SchoolType.parse(text)
    except ValueError:
        raise ValidationError({"type": _("Le type d'école « {value} » est inconnu. Valeurs possibles : {choices}.")
                               .format(value=text, choices=SchoolType.choices())}) from None


# -- handlers --------------------------------------------------------------------------------------------------


def school_add(ctx) -> int:
    args = ctx.args
    values = {"uai": args.uai, "name": args.name, "type": args.school_type}
    values.update({dest: getattr(args, dest) for _option, dest, _metavar, _text in SCHOOL_OPTIONS
                   if getattr(args, dest) is not None})
    school = ctx.services.schools.create(**values)
    if ctx.json:
        ctx.emit_json(school)
        return 0
    out(_("École ajoutée : {uai} — {name} ({type}).").format(uai=school.uai, name=school.name,
                                                             type=school.type.label))
    return 0


def school_list(ctx) -> int:
    args = ctx.args
    school_type = parse_school_type(args.school_type) if args.school_type else None
    found = ctx.services.schools.list(school_type=school_type)
    if args.commune:
        found = [s for s in found if fold(s.commune) == fold(args.commune)]
    if ctx.json:
        ctx.emit_json(found)
        return 0
    if not found:
        out(_("Aucune école ne correspond."))
        return 0
    out(*table([_("UAI"), _("Type"), _("Nom"), _("Commune"), _("Circonscription")],
               [[s.uai, s.type.label, s.name, s.commune, s.circonscription] for s in found]))
    out(plural(len(found), _("{n} école"), _("{n} écoles")))
    return 0


def _counts(items: list[EquipmentInfo]) -> dict[str, int]:
    in_plan = sum(1 for item in items if item.in_plan)
    return {"total": len(items), "in_plan": in_plan, "out_of_plan": len(items) - in_plan,
            "out_of_fleet": sum(1 for item in items if item.status.is_final)}


def _rooms_with_counts(ctx, school: SchoolInfo) -> tuple[list[RoomInfo], dict, list[EquipmentInfo]]:
    rooms = ctx.services.schools.rooms(school.id)
    items = ctx.services.equipment.list(EquipmentFilter(school_id=school.id))
    per_room = {room.id: _counts([i for i in items if i.room_id == room.id]) for room in rooms}
    return rooms, per_room, items


def _room_data(room: RoomInfo, counts: dict[str, int]) -> dict:
    return {"id": room.id, "name": room.name, "kind": room.kind.value, "notes": room.notes,
            "equipment": counts["total"], "in_plan": counts["in_plan"], "out_of_plan": counts["out_of_plan"]}


def _room_table(rooms: list[RoomInfo], per_room: dict, unplaced: dict[str, int] | None) -> list[str]:
    rows = [[room.name, room.kind.label, per_room[room.id]["in_plan"], per_room[room.id]["out_of_plan"]]
            for room in rooms]
    if unplaced and unplaced["total"]:
        rows.append([_("(sans salle)"), "", unplaced["in_plan"], unplaced["out_of_plan"]])
    return table([_("Salle"), _("Type"), _("Plan"), _("Hors plan")], rows, right=(2, 3))


def school_show(ctx) -> int:
    school = ctx.services.schools.find(ctx.args.uai)
    rooms, per_room, items = _rooms_with_counts(ctx, school)
    totals = _counts(items)
    unplaced = _counts([i for i in items if i.room_id is None])
    categories = Counter(i.category_label for i in items if not i.status.is_final)
    if ctx.json:
        data = to_data(school)
        data["rooms"] = [_room_data(room, per_room[room.id]) for room in rooms]
        data["equipment"] = {**totals, "without_room": unplaced["total"]}
        ctx.emit_json(data)
        return 0
    out(f"{school.name} ({school.uai})")
    address = ", ".join(x for x in (school.address, f"{school.postcode} {school.commune}".strip()) if x)
    out(*key_values([
        (_("Type"), school.type.label), (_("Adresse"), address), (_("Circonscription"), school.circonscription),
        (_("Zone de vacances"), school.holiday_zone), (_("Direction"), school.director_name),
        (_("Téléphone"), school.phone), (_("Courriel"), school.email), (_("Active"), yes_no(school.active)),
        (_("Notes"), school.notes)]))
    out("", _("Équipements : {total} — dans un plan : {in_plan}, hors plan (non maintenus) : {out}").format(
        total=totals["total"], in_plan=totals["in_plan"], out=totals["out_of_plan"]))
    if totals["out_of_fleet"]:
        out("  " + _("dont sortis du parc (réformés, perdus ou volés) : {n}").format(n=totals["out_of_fleet"]))
    if categories:
        text = ", ".join(f"{label}\u00a0: {n}" for label, n in sorted(categories.items(), key=lambda c: fold(c[0])))
        out(textwrap.fill(text, width=100, initial_indent="  ", subsequent_indent="  "))
    out("", plural(len(rooms), _("{n} salle :"), _("{n} salles :")) if rooms else _("Aucune salle."))
    if rooms or unplaced["total"]:
        out(*_room_table(rooms, per_room, unplaced))
    return 0


def room_add(ctx) -> int:
    school = ctx.services.schools.find(ctx.args.uai)
    room = ctx.services.schools.add_room(school.id, ctx.args.name, ctx.args.kind, ctx.args.notes)
    if ctx.json:
        ctx.emit_json(room)
        return 0
    out(_("Salle ajoutée à {school} ({uai}) : {room} ({kind}).").format(
        school=school.name, uai=school.uai, room=room.name, kind=room.kind.label))
    return 0


def room_list(ctx) -> int:
    school = ctx.services.schools.find(ctx.args.uai)
    rooms, per_room, _items = _rooms_with_counts(ctx, school)
    if ctx.json:
        ctx.emit_json([_room_data(room, per_room[room.id]) for room in rooms])
        return 0
    out(f"{school.name} ({school.uai})")
    if not rooms:
        out(_("Aucune salle."))
        return 0
    out(*_room_table(rooms, per_room, None))
    return 0
