"""``equipment``: add, list, show, move, status, retire, duplicate. Items are designated by inventory number."""

from __future__ import annotations

import argparse

from ticeinventory.domain.enums import Attribution, EquipmentStatus, FundingOrigin, fold
from ticeinventory.domain.errors import NotFoundError, RuleError, ValidationError
from ticeinventory.domain.i18n import N_, _
from ticeinventory.domain.records import EquipmentInfo
from ticeinventory.domain.validation import format_amount, format_date, parse_date
from ticeinventory.services.equipment import EquipmentFilter

from .output import (
    equipment_summary,
    equipment_table,
    hors_plan_note,
    key_values,
    out,
    plural,
    to_data,
    warranty_text,
)
from .parser import positive_int

ADD_OPTIONS = (  # option, service field, metavar, help
    ("--number", "inventory_number", "N", N_("numéro d'inventaire imposé (sinon attribué selon le modèle de "
                                             "numérotation)")),
    ("--manufacturer", "manufacturer", N_("FABRICANT"), N_("fabricant")),
    ("--model", "model", N_("MODÈLE"), N_("modèle")),
    ("--serial", "serial_number", N_("N°SÉRIE"), N_("numéro de série")),
    ("--acquired", "acquisition_date", "DATE", N_("date d'acquisition jj/mm/aaaa")),
    ("--price", "purchase_price", N_("MONTANT"), N_("prix d'achat, par exemple « 1 234,50 »")),
    ("--supplier", "supplier", N_("FOURNISSEUR"), N_("fournisseur")),
    ("--order-ref", "order_reference", N_("RÉF"), N_("référence du bon de commande")),
    ("--warranty-end", "warranty_end", "DATE", N_("fin de garantie jj/mm/aaaa")),
    ("--network-name", "network_name", N_("NOM"), N_("nom sur le réseau")),
    ("--mac", "mac_address", "MAC", N_("adresse MAC")),
    ("--ip", "ip_address", "IP", N_("adresse IP")),
    ("--attribution", "attribution", N_("ATTRIBUTION"), N_("attribué à : {choices}")),
    ("--parent", "parent", N_("NUMÉRO"), N_("numéro d'inventaire de l'équipement qui le contient (classe mobile…)")),
    ("--status", "status", N_("STATUT"), N_("statut initial : {statuses} (par défaut en_service dans une école, "
                                             "en_stock sinon)")),
    ("--notes", "notes", N_("TEXTE"), N_("remarques libres")),
)


def add_filter_arguments(p: argparse.ArgumentParser) -> None:
    """The filters of a list of equipment (``equipment list``, ``export equipment``)."""
    where = p.add_mutually_exclusive_group()
    where.add_argument("--school", metavar="UAI", help=_("seulement cette école"))
    where.add_argument("--stock", action="store_true", help=_("seulement le stock de la ville (non affecté)"))
    p.add_argument("--room", metavar=_("SALLE"), help=_("seulement cette salle (avec --school)"))
    p.add_argument("--commune", metavar=_("COMMUNE"), help=_("seulement les écoles de cette commune"))
    p.add_argument("--category", metavar=_("CATÉGORIE"), help=_("code ou libellé de catégorie"))
    p.add_argument("--status", metavar=_("STATUT"),
                   help=_("seulement ce statut : {choices}").format(choices=EquipmentStatus.choices()))
    funding = p.add_mutually_exclusive_group()
    funding.add_argument("--plan", metavar=_("CODE"), help=_("seulement ce plan d'équipement"))
    funding.add_argument("--hors-plan", action="store_true", help=_("seulement le matériel hors plan"))
    p.add_argument("--en-parc", dest="in_fleet", action="store_true",
                   help=_("sans le matériel sorti du parc (réformé, perdu, volé)"))
    p.add_argument("--search", metavar=_("TEXTE"),
                   help=_("texte dans le numéro, le n° de série, le nom réseau, la MAC, le fabricant, le modèle, "
                          "le nom ou l'UAI de l'école"))


def register(commands, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser(
        "equipment", help=_("matériel : ajouter, lister, afficher, déplacer, changer le statut, réformer, dupliquer"),
        description=_("Le matériel, désigné par son numéro d'inventaire. Chaque équipement est soit dans un plan "
                      "d'équipement (--plan), soit hors plan avec son origine (--hors-plan) : le matériel hors plan "
                      "n'est pas maintenu par la Ville. Les actions sur plusieurs numéros sont faites toutes ou "
                      "aucune."))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), title=_("actions"), required=True)

    p = sub.add_parser("add", parents=[common], help=_("ajouter un équipement"),
                       description=_("Ajoute un équipement dans une école (--school, --room) ou dans le stock de la "
                                     "ville (sans --school). Indiquez son plan (--plan, --phase) ou, s'il est hors "
                                     "plan, son origine (--hors-plan). Codes : « ticeinventory category list » et "
                                     "« ticeinventory plan list »."))
    p.add_argument("--category", required=True, metavar=_("CATÉGORIE"), help=_("code ou libellé de la catégorie"))
    p.add_argument("--school", metavar="UAI", help=_("école (code UAI) ; sans elle, stock de la ville"))
    p.add_argument("--room", metavar=_("SALLE"), help=_("nom de la salle dans l'école"))
    funding = p.add_mutually_exclusive_group()
    funding.add_argument("--plan", metavar=_("CODE"), help=_("code du plan d'équipement, par exemple DIJON-2009"))
    funding.add_argument("--hors-plan", dest="funding_origin", metavar=_("ORIGINE"),
                         help=_("matériel hors plan (non maintenu), origine : {choices}").format(
                             choices=FundingOrigin.choices()))
    p.add_argument("--phase", metavar=_("NOM"), help=_("phase du plan (avec --plan)"))
    for option, dest, metavar, text in ADD_OPTIONS:
        p.add_argument(option, dest=dest, default=None, metavar=_(metavar),
                       help=_(text).format(choices=Attribution.choices(), statuses=", ".join(
                           s.value for s in EquipmentStatus if s is not EquipmentStatus.REFORME)))
    p.set_defaults(handler=equipment_add)

    p = sub.add_parser("list", parents=[common], help=_("lister le matériel"),
                       description=_("Liste le matériel, trié par numéro d'inventaire ; chaque ligne indique le plan "
                                     "ou HORS PLAN. Les filtres se combinent."))
    add_filter_arguments(p)
    p.add_argument("--limit", type=positive_int, metavar="N", help=_("au plus N lignes"))
    p.set_defaults(handler=equipment_list)

    p = sub.add_parser("show", parents=[common], help=_("afficher la fiche complète d'un équipement"),
                       description=_("Affiche toute la fiche d'un équipement, son plan ou « Hors plan — non "
                                     "maintenu », et les éléments qu'il contient."))
    p.add_argument("number", metavar=_("NUMÉRO"), help=_("numéro d'inventaire"))
    p.set_defaults(handler=equipment_show)

    p = sub.add_parser("move", parents=[common], help=_("déplacer vers une école (et une salle) ou vers le stock"),
                       description=_("Déplace un ou plusieurs équipements vers une école et éventuellement une "
                                     "salle, ou vers le stock de la ville. Tous sont déplacés, ou aucun."))
    p.add_argument("numbers", nargs="+", metavar=_("NUMÉRO"), help=_("numéros d'inventaire"))
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--school", metavar="UAI", help=_("école de destination"))
    where.add_argument("--stock", action="store_true", help=_("retour au stock de la ville"))
    p.add_argument("--room", metavar=_("SALLE"), help=_("salle de destination (avec --school)"))
    p.add_argument("--date", metavar="DATE", help=_("date d'affectation jj/mm/aaaa (par défaut aujourd'hui)"))
    p.add_argument("--without-contents", action="store_true",
                   help=_("laisser en place les éléments rattachés (écran d'un PC, tablettes d'une classe mobile…), "
                          "qui sont sinon déplacés avec lui"))
    p.set_defaults(handler=equipment_move)

    p = sub.add_parser("status", parents=[common], help=_("changer le statut"),
                       description=_("Change le statut d'un ou plusieurs équipements (tous ou aucun). Statuts : "
                                     "{choices}. Pour réformer, utilisez « equipment retire ».").format(
                           choices=EquipmentStatus.choices()))
    p.add_argument("numbers", nargs="+", metavar=_("NUMÉRO"), help=_("numéros d'inventaire"))
    p.add_argument("status", metavar=_("STATUT"), help=_("nouveau statut (valeur ou libellé)"))
    p.set_defaults(handler=equipment_status)

    p = sub.add_parser("retire", parents=[common], help=_("réformer (sortie définitive du parc)"),
                       description=_("Réforme un ou plusieurs équipements : ils sortent du parc pour de bon, avec "
                                     "le motif et la date. Tous ou aucun."))
    p.add_argument("numbers", nargs="+", metavar=_("NUMÉRO"), help=_("numéros d'inventaire"))
    p.add_argument("--reason", required=True, metavar=_("MOTIF"),
                   help=_("motif : irréparable, obsolète, remplacé…"))
    p.add_argument("--date", metavar="DATE", help=_("date de réforme jj/mm/aaaa (par défaut aujourd'hui)"))
    p.set_defaults(handler=equipment_retire)

    p = sub.add_parser("duplicate", parents=[common], help=_("créer des copies d'un équipement"),
                       description=_("Crée N copies d'un équipement (même catégorie, modèle, lieu, plan, achat) avec "
                                     "de nouveaux numéros d'inventaire ; numéros de série pris dans --serials, dans "
                                     "l'ordre, les autres laissés vides. Toutes ou aucune."))
    p.add_argument("number", metavar=_("NUMÉRO"), help=_("numéro d'inventaire du modèle"))
    p.add_argument("--count", required=True, type=positive_int, metavar="N", help=_("nombre de copies"))
    p.add_argument("--serials", metavar="S1,S2,…", help=_("numéros de série des copies, séparés par des virgules"))
    p.set_defaults(handler=equipment_duplicate)


# -- resolving what the user typed -----------------------------------------------------------------------------


def _date(text: str | None, field: str):
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as error:
        raise ValidationError({field: str(error)}) from None


def _items(ctx, numbers: list[str]) -> list[EquipmentInfo]:
    """Every item by number (each once, in the given order); NotFoundError before anything is written."""
    found: dict[int, EquipmentInfo] = {}
    for number in numbers:
        item = ctx.services.equipment.find(number)
        found.setdefault(item.id, item)
    return list(found.values())


def _status(text: str) -> EquipmentStatus:
    try:
        return EquipmentStatus.parse(text)
    except ValueError:
        raise ValidationError({"status": _("Le statut « {value} » est inconnu. Valeurs possibles : {choices}.")
                               .format(value=text, choices=EquipmentStatus.choices())}) from None


def _category_code(ctx, text: str) -> str:
    wanted = fold(text)
    categories = ctx.services.catalog.categories(include_inactive=True)
    for category in categories:
        if wanted in (fold(category.code), fold(category.label)):
            return category.code
    raise ValidationError({"category": _("La catégorie « {value} » n'existe pas. Codes possibles : {codes} "
                                         "(ticeinventory category list).").format(
        value=text, codes=", ".join(sorted(c.code for c in categories)))})


def _plan_code(ctx, text: str) -> str:
    plans = ctx.services.catalog.plans()
    for plan in plans:
        if plan.code.upper() == text.strip().upper():
            return plan.code
    raise ValidationError({"plan": _("Le plan « {value} » n'existe pas. Plans connus : {codes}.").format(
        value=text, codes=", ".join(p.code for p in plans))})


def _commune(ctx, text: str) -> str:
    """The commune as the schools spell it (the filter compares exactly; people type « chenove »)."""
    communes = sorted({s.commune for s in ctx.services.schools.list() if s.commune})
    for commune in communes:
        if fold(commune) == fold(text):
            return commune
    raise ValidationError({"commune": _("Aucune école dans la commune « {value} ». Communes : {communes}.").format(
        value=text, communes=", ".join(communes) or "-")})


def _filter(ctx) -> EquipmentFilter:
    args = ctx.args
    school_id = room_id = None
    if args.room and not args.school:
        raise ValidationError({"room": _("Une salle se choisit dans une école : ajoutez --school UAI.")})
    if args.school:
        school = ctx.services.schools.find(args.school)
        school_id = school.id
        if args.room:
            rooms = ctx.services.schools.rooms(school.id)
            room = next((r for r in rooms if r.name.casefold() == args.room.strip().casefold()), None)
            if room is None:
                raise NotFoundError(_("La salle « {room} » n'existe pas dans l'école {school} ({uai}). Salles : "
                                      "{rooms}.").format(room=args.room, school=school.name, uai=school.uai,
                                                         rooms=", ".join(r.name for r in rooms) or "-"))
            room_id = room.id
    return EquipmentFilter(
        school_id=school_id, room_id=room_id, unassigned=args.stock,
        commune=_commune(ctx, args.commune) if args.commune else None,
        category_code=_category_code(ctx, args.category) if args.category else None,
        status=_status(args.status) if args.status else None,
        in_plan=False if args.hors_plan else None, plan_code=_plan_code(ctx, args.plan) if args.plan else None,
        text=args.search or None, include_retired=not args.in_fleet)


# -- rendering -------------------------------------------------------------------------------------------------


def detail_lines(item: EquipmentInfo, children: list[EquipmentInfo]) -> list[str]:
    lines = [f"{item.inventory_number} — {item.category_label}"]
    place = item.location_label + (f" ({item.school_uai})" if item.school_uai else "")
    lines += key_values([
        (_("Financement"), item.funding_label),
        (_("Catégorie"), f"{item.category_label} ({item.category_code})"),
        (_("Fabricant"), item.manufacturer), (_("Modèle"), item.model), (_("N° de série"), item.serial_number),
        (_("Statut"), item.status.label), (_("Lieu"), place), (_("Affecté le"), format_date(item.assigned_on)),
        (_("Attribution"), item.attribution.label if item.attribution else ""),
        (_("Contenu dans"), item.parent_number),
        (_("Acquis le"), format_date(item.acquisition_date)), (_("Prix d'achat"), format_amount(item.purchase_price_cents)),
        (_("Fournisseur"), item.supplier), (_("Réf. commande"), item.order_reference),
        (_("Fin de garantie"), warranty_text(item.warranty_end)),
        (_("Nom réseau"), item.network_name), (_("Adresse MAC"), item.mac_address), (_("Adresse IP"), item.ip_address),
        (_("Réformé le"), format_date(item.retired_on)), (_("Motif de réforme"), item.retirement_reason),
        (_("Notes"), item.notes)])
    if not item.in_plan:
        lines += ["", hors_plan_note()]
    if children:
        lines += ["", plural(len(children), _("{n} élément rattaché :"), _("{n} éléments rattachés :"))]
        lines += ["  " + line for line in equipment_table(children)]
    return lines


def _report(ctx, headline: str, items: list[EquipmentInfo]) -> int:
    if ctx.json:
        ctx.emit_json(items)
        return 0
    out(headline, *equipment_table(items))
    if any(not item.in_plan for item in items):
        out(hors_plan_note())
    return 0


# -- handlers --------------------------------------------------------------------------------------------------


def equipment_add(ctx) -> int:
    args = ctx.args
    values: dict[str, object] = {"category": args.category}
    for key in ("school", "room", "plan", "phase", "funding_origin"):
        if getattr(args, key):
            values[key] = getattr(args, key)
    for _option, dest, _metavar, _text in ADD_OPTIONS:
        if getattr(args, dest) is not None:
            values[dest] = getattr(args, dest)
    item = ctx.services.equipment.create(**values)
    if ctx.json:
        ctx.emit_json(item)
        return 0
    out(_("Équipement créé : {number}").format(number=item.inventory_number), "", *detail_lines(item, []))
    return 0


def equipment_list(ctx) -> int:
    flt = _filter(ctx)
    items = ctx.services.equipment.list(flt, limit=ctx.args.limit)
    if ctx.json:
        ctx.emit_json(items)
        return 0
    if not items:
        out(_("Aucun équipement ne correspond."))
        return 0
    out(*equipment_table(items), "", equipment_summary(items))
    if ctx.args.limit and len(items) == ctx.args.limit:
        total = ctx.services.equipment.count(flt)
        if total > len(items):
            out(_("Affichés : {shown} sur {total} (--limit).").format(shown=len(items), total=total))
    if any(not item.in_plan for item in items):
        out(hors_plan_note())
    return 0


def equipment_show(ctx) -> int:
    item = ctx.services.equipment.find(ctx.args.number)
    children = ctx.services.equipment.children(item.id)
    if ctx.json:
        ctx.emit_json({**to_data(item), "children": [to_data(child) for child in children]})
        return 0
    out(*detail_lines(item, children))
    return 0


def equipment_move(ctx) -> int:
    args = ctx.args
    if args.room and not args.school:
        raise ValidationError({"room": _("Une salle se choisit dans une école : --room va avec --school, pas avec "
                                         "--stock.")})
    items = _items(ctx, args.numbers)
    moved = ctx.services.equipment.move([i.id for i in items], None if args.stock else args.school, args.room or None,
                                        on=_date(args.date, "date"), with_contents=not args.without_contents)
    where = moved[0].location_label if moved else ""
    return _report(ctx, plural(len(moved), _("{n} équipement déplacé vers : {where}"),
                               _("{n} équipements déplacés vers : {where}"), where=where), moved)


def equipment_status(ctx) -> int:
    status = _status(ctx.args.status)
    if status is EquipmentStatus.REFORME:
        raise RuleError(_("Pour réformer, utilisez « ticeinventory equipment retire NUMÉRO… --reason MOTIF » : une "
                          "réforme demande son motif."))
    items = _items(ctx, ctx.args.numbers)
    changed = ctx.services.equipment.change_status([i.id for i in items], status)
    return _report(ctx, plural(len(changed), _("{n} équipement passé au statut « {status} » :"),
                               _("{n} équipements passés au statut « {status} » :"), status=status.label),
                   changed)


def equipment_retire(ctx) -> int:
    items = _items(ctx, ctx.args.numbers)
    retired = ctx.services.equipment.retire([i.id for i in items], ctx.args.reason, on=_date(ctx.args.date, "date"))
    return _report(ctx, plural(len(retired), _("{n} équipement réformé :"), _("{n} équipements réformés :")), retired)


def equipment_duplicate(ctx) -> int:
    source = ctx.services.equipment.find(ctx.args.number)
    serials = [s.strip() for s in ctx.args.serials.split(",")] if ctx.args.serials else None
    copies = ctx.services.equipment.duplicate(source.id, ctx.args.count, serials)
    return _report(ctx, plural(len(copies), _("{n} copie de {number} créée :"), _("{n} copies de {number} créées :"),
                          number=source.inventory_number), copies)
