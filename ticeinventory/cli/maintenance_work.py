"""``intervention`` (add, list, delete) and ``maintenance stats``: the work the cell does and its figures, plus
what the incident commands (:mod:`.maintenance`) share with them. The conventions' rules are the services' own: a
refusal reaches the user as ``Erreur : …`` quoting the article, exit code 2."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time, timedelta
from typing import Any

from ticeinventory.domain.errors import RuleError, TiceError, ValidationError
from ticeinventory.domain.i18n import _
from ticeinventory.domain.maintenance import (
    UNDER_WARRANTY_TYPES,
    IncidentStatus,
    InterventionInfo,
    InterventionOutcome,
    InterventionResult,
    InterventionType,
    MaintenanceFigures,
    Tally,
    format_minutes,
    out_of_plan_citation,
    parse_minutes,
)
from ticeinventory.domain.validation import format_amount, format_date, parse_date

from .output import key_values, out, plural, shorten, table, to_data
from .parser import positive_int

PROG = "ticeinventory"
# The incident command that takes each step (``incident close`` covers every ending, ``--as`` says which).
STEP_COMMANDS = {
    IncidentStatus.PRIS_EN_CHARGE: "incident take {id}",
    IncidentStatus.EN_COURS: "incident start {id}",
    IncidentStatus.RESOLU: "incident close {id} --as resolu",
    IncidentStatus.CLOS: "incident close {id}",
    IncidentStatus.REFUSE_HORS_PLAN: "incident close {id} --as refuse-hors-plan",
    IncidentStatus.TRANSMIS_EN: "incident close {id} --as transmis-en",
    IncidentStatus.ENVOYE_FOURNISSEUR: "incident close {id} --as fournisseur --ticket N",
}


# -- shared with the incident commands ---------------------------------------------------------------------------


def read_date(text: str | None, field: str) -> date | None:
    """``jj/mm/aaaa`` (or ISO) typed on the command line; ValidationError naming the option otherwise."""
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as error:
        raise ValidationError({field: str(error)}) from None


def stamp(when: datetime | None) -> str:
    """``16/03/2026 07:30``."""
    return f"{format_date(when.date())} {when:%H:%M}" if when else ""


def hours(minutes: int | float) -> str:
    """Work time in figures, in hours however long: ``65`` → ``1 h 05``, ``7530`` → ``125 h 30``."""
    whole, rest = divmod(int(round(minutes)), 60)
    return _("{h} h {m:02d}").format(h=whole, m=rest)


def item_cell(number: str | None, in_plan: bool | None) -> str:
    """An item in a list, flagged when it is hors plan (DOMAIN rule 1: visible at a glance)."""
    if not number:
        return ""
    return number if in_plan is not False else _("{number} (HORS PLAN)").format(number=number)


def intervention_data(work: InterventionInfo) -> dict[str, Any]:
    data = to_data(work)
    data["start_time"] = work.start_time.isoformat(timespec="minutes")
    data["end"] = work.end.isoformat()
    data["retirement_proposed"] = work.retirement_proposed
    return data


# -- parsers -----------------------------------------------------------------------------------------------------


def register(commands, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser(
        "intervention", help=_("interventions de la cellule maintenance : enregistrer, lister, supprimer"),
        description=_("Le travail fait par la cellule maintenance sur un équipement, ou sur une école ou une salle "
                      "(réseau). Refusé sur le matériel hors plan (convention TICE de Dijon, art. 8 ; convention de "
                      "Saint-Denis, art. 4), sur le matériel sorti du parc, pour un signalement sur un logiciel, et, "
                      "tant que court la garantie du fournisseur, pour tout type autre que diagnostic et retour "
                      "garantie (Saint-Denis, art. 4)."))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), title=_("actions"), required=True)

    p = sub.add_parser("add", parents=[common], help=_("enregistrer une intervention faite"),
                       description=_("Enregistre une intervention faite. Les signalements rattachés (--incident) "
                                     "avancent : pris en charge, en cours, puis résolus (ou envoyés au fournisseur "
                                     "pour un retour garantie), et le statut de l'équipement suit. Sans --equipment "
                                     "ni --school, le lieu est celui du premier signalement. Types : {types}. "
                                     "Résultats : {outcomes}.").format(
                           types=InterventionType.choices(), outcomes=InterventionOutcome.choices()))
    where = p.add_mutually_exclusive_group()
    where.add_argument("--equipment", metavar=_("NUMÉRO"), help=_("numéro d'inventaire de l'équipement"))
    where.add_argument("--school", metavar="UAI", help=_("école, pour un travail sans équipement désigné (réseau…)"))
    p.add_argument("--room", metavar=_("SALLE"), help=_("salle de l'école (avec --school)"))
    p.add_argument("--type", required=True, dest="kind", metavar=_("TYPE"),
                   help=_("type : {choices} (ou leur libellé)").format(choices=InterventionType.choices()))
    p.add_argument("--outcome", required=True, metavar=_("RÉSULTAT"),
                   help=_("résultat : {choices} (irreparable propose la réforme)").format(
                       choices=InterventionOutcome.choices()))
    p.add_argument("--date", metavar="DATE", help=_("jour de l'intervention jj/mm/aaaa (par défaut aujourd'hui)"))
    p.add_argument("--start", metavar="HH:MM",
                   help=_("heure de début (par défaut : aujourd'hui, maintenant moins la durée mais pas avant "
                          "le signalement ; un autre jour, 09:00)"))
    p.add_argument("--duration", required=True, metavar=_("DURÉE"),
                   help=_("durée : 45, 1h30, 2h (au plus 24 h)"))
    p.add_argument("--technician", metavar=_("TECHNICIEN"),
                   help=_("technicien (par défaut celui qui a pris en charge le premier signalement, sinon "
                          "l'utilisateur courant)"))
    p.add_argument("--actions", default="", metavar=_("TEXTE"), help=_("ce qui a été fait"))
    p.add_argument("--part", dest="parts", action="extend", nargs="+", default=[], metavar=_("PIÈCE"),
                   help=_("pièce remplacée : désignation[;référence[;coût[;quantité]]], par exemple "
                          "« Alimentation 300 W;D300AM-00;39,90 » ; plusieurs possibles"))
    p.add_argument("--incident", dest="incidents", action="extend", nargs="+", type=positive_int, default=[],
                   metavar="ID", help=_("numéro(s) des signalements traités"))
    p.add_argument("--ticket", default="", metavar="N",
                   help=_("numéro de ticket du fournisseur (obligatoire pour retour_garantie)"))
    p.add_argument("--notes", default="", metavar=_("TEXTE"), help=_("remarques"))
    p.set_defaults(handler=intervention_add)

    p = sub.add_parser("list", parents=[common], help=_("lister les interventions"),
                       description=_("Liste les interventions, les plus récentes d'abord. --week donne « mes "
                                     "interventions de la semaine » : du lundi au dimanche de la semaine en cours, "
                                     "dans l'ordre, pour --technician ou, sans lui, pour l'utilisateur courant."))
    where = p.add_mutually_exclusive_group()
    where.add_argument("--equipment", metavar=_("NUMÉRO"), help=_("seulement cet équipement"))
    where.add_argument("--school", metavar="UAI", help=_("seulement cette école"))
    p.add_argument("--technician", metavar=_("TECHNICIEN"), help=_("seulement ce technicien"))
    when = p.add_mutually_exclusive_group()
    when.add_argument("--week", action="store_true", help=_("mes interventions de la semaine"))
    when.add_argument("--from", dest="start", metavar="DATE", help=_("à partir de ce jour jj/mm/aaaa"))
    p.add_argument("--to", dest="end", metavar="DATE", help=_("jusqu'à ce jour inclus jj/mm/aaaa"))
    p.add_argument("--limit", type=positive_int, metavar="N", help=_("au plus N lignes"))
    p.set_defaults(handler=intervention_list)

    p = sub.add_parser("delete", parents=[common], help=_("supprimer une intervention saisie par erreur"),
                       description=_("Supprime une intervention saisie par erreur, avec ses pièces et ses liens aux "
                                     "signalements (la suppression est inscrite au journal). Les étapes des "
                                     "signalements encore ouverts et le statut de l'équipement restent tels quels. "
                                     "Refusé quand un signalement auquel elle répond est résolu ou terminé (son "
                                     "suivi daté ne revient pas en arrière, convention de Saint-Denis, art. 4), ou "
                                     "quand l'équipement est sorti du parc."))
    p.add_argument("id", type=positive_int, metavar="ID", help=_("numéro de l'intervention"))
    p.set_defaults(handler=intervention_delete)

    group = commands.add_parser(
        "maintenance", help=_("chiffres de la maintenance pour le comité de pilotage"),
        description=_("Chiffres de la maintenance : interventions et heures par école, par catégorie, par type et "
                      "par mois, délais moyens, signalements refusés pour matériel hors plan par école."))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), title=_("actions"), required=True)
    p = sub.add_parser("stats", parents=[common], help=_("chiffres de la maintenance sur une période"),
                       description=_("Chiffres de la maintenance, sur toute la base ou sur une période (dates "
                                     "d'intervention et de signalement comprises entre --from et --to inclus)."))
    p.add_argument("--from", dest="start", metavar="DATE", help=_("premier jour jj/mm/aaaa"))
    p.add_argument("--to", dest="end", metavar="DATE", help=_("dernier jour jj/mm/aaaa"))
    p.set_defaults(handler=maintenance_stats)


# -- intervention add --------------------------------------------------------------------------------------------


def _parts(texts: list[str]) -> list[dict[str, str]]:
    """``désignation[;référence[;coût[;quantité]]]`` → what the service reads (it checks every field)."""
    parts = []
    for text in texts:
        fields = [f.strip() for f in text.split(";")]
        if len(fields) > 4:
            raise ValidationError({"parts": _("La pièce « {text} » a trop de champs : écrivez "
                                              "« désignation;référence;coût;quantité ».").format(text=text)})
        fields += [""] * (4 - len(fields))
        part = {"designation": fields[0], "reference": fields[1], "cost": fields[2]}
        if fields[3]:
            part["quantity"] = fields[3]
        parts.append(part)
    return parts


def _place(ctx) -> dict[str, Any]:
    """Where the work was done: the item, or the school (and room), or else the first linked incident's."""
    args = ctx.args
    if args.room and not args.school:
        raise ValidationError({"room": _("--room va avec --school ; la salle d'un équipement est la sienne.")})
    if args.equipment:
        return {"equipment": args.equipment}
    if args.school:
        return {"school": args.school, "room": args.room}
    if args.incidents:
        incident = ctx.services.maintenance.incidents.get(args.incidents[0])
        if incident.equipment_number:
            return {"equipment": incident.equipment_number}
        return {"school": incident.school_uai}
    raise ValidationError({"equipment": _("Indiquez l'équipement (--equipment NUMÉRO), ou l'école (--school UAI) "
                                          "pour un travail sur le réseau, ou le signalement traité (--incident ID).")})


def _day(text: str | None) -> date | str | None:
    """The day typed, read when it can be; otherwise left as typed for the service to judge (a refusal under the
    conventions comes before any form error)."""
    try:
        return read_date(text, "date")
    except ValidationError:
        return text


def _start(ctx, day: date | str | None) -> str:
    """The start the user gave, or: today, now less the duration (the work just ended) but not before the linked
    incidents were reported; another day, 09:00."""
    if ctx.args.start:
        return ctx.args.start
    now = ctx.services.maintenance.now()
    if day not in (None, now.date()):
        return "09:00"
    try:
        minutes = parse_minutes(ctx.args.duration)
    except ValueError:
        minutes = 0  # the service reports the duration
    begin = max(now - timedelta(minutes=minutes), datetime.combine(now.date(), time(0, 0)))
    for incident_id in ctx.args.incidents:
        try:
            reported = ctx.services.maintenance.incidents.get(incident_id).reported_at
        except TiceError:
            continue  # the service names the unknown incident
        begin = min(max(begin, reported), now)
    return begin.strftime("%H:%M")


def _refusal_hint(ctx, place: dict[str, Any]) -> str:
    """What the command line can do instead of a refused intervention."""
    hints = []
    equipment = place.get("equipment")
    if equipment:
        item = ctx.services.equipment.find(equipment)
        day = _day(ctx.args.date)
        on = day if isinstance(day, date) else ctx.services.maintenance.now().date()
        if item.in_plan and not item.status.is_final and item.warranty_end and item.warranty_end >= on:
            hints.append(_("--type {diag}, ou --type {back} --ticket N").format(
                diag=UNDER_WARRANTY_TYPES[0].value, back=UNDER_WARRANTY_TYPES[1].value))
    for incident_id in ctx.args.incidents:
        hints.extend(ending_commands(ctx, incident_id, conventions_only=True))
    return _("Possible : {hints}").format(hints=" ; ".join(hints)) if hints else ""


def ending_commands(ctx, incident_id: int, *, conventions_only: bool = False) -> list[str]:
    """The commands that move an incident on now (as « ticeinventory incident … »); ``conventions_only`` keeps the
    outcomes the conventions impose (hors plan, software, warranty)."""
    try:
        allowed = [target for target, refusal in ctx.services.maintenance.incidents.next_steps(incident_id).items()
                   if refusal is None]
    except TiceError:
        return []
    if conventions_only:
        allowed = [t for t in allowed if t in (IncidentStatus.REFUSE_HORS_PLAN, IncidentStatus.TRANSMIS_EN,
                                               IncidentStatus.ENVOYE_FOURNISSEUR)]
    return [f"« {PROG} {STEP_COMMANDS[t].format(id=incident_id)} »" for t in allowed]


def intervention_add(ctx) -> int:
    args = ctx.args
    place = _place(ctx)
    day = _day(args.date)
    technician = args.technician
    if not technician and args.incidents:  # pre-filled as from the queue: whoever took the incident
        technician = ctx.services.maintenance.incidents.get(args.incidents[0]).assigned_to or None
    try:
        result = ctx.services.maintenance.interventions.record(
            type=args.kind, outcome=args.outcome, date=day or ctx.services.maintenance.now().date(),
            start_time=_start(ctx, day), duration_minutes=args.duration, technician=technician,
            actions=args.actions, parts=_parts(args.parts), incidents=args.incidents, supplier_ticket=args.ticket,
            notes=args.notes, **place)
    except RuleError as error:
        hint = _refusal_hint(ctx, place)
        raise RuleError(error.message + (f"\n{hint}" if hint else "")) from None
    if ctx.json:
        ctx.emit_json(result_data(result))
        return 0
    out(*result_lines(result))
    return 0


def result_data(result: InterventionResult) -> dict[str, Any]:
    return {"intervention": intervention_data(result.intervention),
            "equipment_status": to_data(result.equipment_status), "incidents": to_data(result.incidents),
            "retirement_proposed": result.retirement_proposed, "notices": list(result.notices)}


def _place_text(work: InterventionInfo) -> str:
    if work.school_name is None:
        return _("Stock de la ville (non affecté)")
    text = f"{work.school_name} ({work.school_uai})"
    return f"{text}, {work.room_name}" if work.room_name else text


def _part_text(part) -> str:
    text = part.designation + (_(" (réf. {ref})").format(ref=part.reference) if part.reference else "")
    if part.quantity != 1:
        text += f" × {part.quantity}"
    return text + (f", {format_amount(part.cost_cents)}" if part.cost_cents is not None else "")


def result_lines(result: InterventionResult) -> list[str]:
    work = result.intervention
    lines = [_("Intervention n° {id} enregistrée : {type} — {outcome}").format(
        id=work.id, type=work.type.label, outcome=work.outcome.label)]
    lines += detail_lines(work)
    if result.equipment_status is not None:
        lines.append(_("Équipement {number} : {status}.").format(number=work.equipment_number,
                                                                 status=result.equipment_status.label))
    return lines + list(result.notices)


def detail_lines(work: InterventionInfo) -> list[str]:
    return key_values([
        (_("Date"), _("{date}, {start}–{end} ({duration})").format(
            date=format_date(work.date), start=f"{work.start:%H:%M}", end=f"{work.end:%H:%M}",
            duration=format_minutes(work.duration_minutes))),
        (_("Technicien"), work.technician), (_("Lieu"), _place_text(work)),
        (_("Équipement"), f"{work.equipment_number} — {work.equipment_label}" if work.equipment_number else ""),
        (_("Actions"), work.actions), (_("Pièces"), "\n".join(_part_text(p) for p in work.parts)),
        (_("Signalements"), ", ".join(f"n° {i}" for i in work.incident_ids)),
        (_("Ticket fournisseur"), work.supplier_ticket), (_("Notes"), work.notes)])


# -- intervention list -------------------------------------------------------------------------------------------


def intervention_table(rows: list[InterventionInfo]) -> list[str]:
    def where(work: InterventionInfo) -> str:
        if work.equipment_number:
            return work.equipment_number
        return " ".join(x for x in (work.school_uai, work.room_name) if x)

    return table([_("N°"), _("Date"), _("Début"), _("Durée"), _("Type"), _("Résultat"), _("École"), _("Lieu"),
                  _("Technicien"), _("Signalements")],
                 [[w.id, format_date(w.date), f"{w.start:%H:%M}", format_minutes(w.duration_minutes), w.type.label,
                   w.outcome.label, w.school_uai or "", shorten(where(w), 32), w.technician,
                   ", ".join(str(i) for i in w.incident_ids)] for w in rows], right=(0,))


def intervention_list(ctx) -> int:
    args = ctx.args
    service = ctx.services.maintenance.interventions
    start, end = read_date(args.start, "from"), read_date(args.end, "to")
    technician = args.technician
    heading = ""
    if args.week:
        technician = technician or ctx.services.actor.user
        monday = ctx.services.maintenance.now().date()
        monday -= timedelta(days=monday.weekday())
        start, end = monday, monday + timedelta(days=6)
        heading = _("Interventions de {technician}, semaine du {start} au {end}").format(
            technician=technician, start=format_date(start), end=format_date(end))
    rows = service.list(equipment=args.equipment or None, school=args.school or None, technician=technician,
                        start=start, end=end, limit=args.limit)
    if args.week:
        rows.sort(key=lambda w: (w.date, w.start_time, w.id))
    if ctx.json:
        ctx.emit_json([intervention_data(w) for w in rows])
        return 0
    if heading:
        out(heading)
    if not rows:
        out(_("Aucune intervention ne correspond."))
        return 0
    minutes = sum(w.duration_minutes for w in rows)
    out(*intervention_table(rows), "", _("{what}, temps passé : {time}").format(
        what=plural(len(rows), _("{n} intervention"), _("{n} interventions")), time=format_minutes(minutes)))
    return 0


def intervention_delete(ctx) -> int:
    deleted = ctx.services.maintenance.interventions.delete(ctx.args.id)
    work = deleted.intervention
    if ctx.json:
        ctx.emit_json({"intervention": intervention_data(work), "notices": list(deleted.notices)})
        return 0
    out(_("Intervention n° {id} du {date} supprimée : {type} — {outcome}").format(
        id=work.id, date=format_date(work.date), type=work.type.label, outcome=work.outcome.label),
        *detail_lines(work), *deleted.notices)
    return 0


# -- maintenance stats -------------------------------------------------------------------------------------------


def _tally_data(tally: Tally) -> dict[str, Any]:
    return {**to_data(tally), "hours": tally.hours}


def figures_data(figures: MaintenanceFigures) -> dict[str, Any]:
    data = to_data(figures)
    data["hours"] = round(figures.minutes / 60, 2)
    for key in ("by_school", "by_category", "by_type", "by_month"):
        data[key] = [_tally_data(t) for t in getattr(figures, key)]
    return data


def _tally_table(title: str, key_title: str, rows: tuple[Tally, ...], with_key: bool = True) -> list[str]:
    if not rows:
        return []
    headers = ([key_title] if with_key else []) + [title, _("Interventions"), _("Heures")]
    first = 1 if with_key else 0
    body = [([t.key] if with_key else []) + [t.label, t.interventions, hours(t.minutes)] for t in rows]
    return ["", *table(headers, body, right=(first + 1, first + 2))]


def maintenance_stats(ctx) -> int:
    start, end = read_date(ctx.args.start, "from"), read_date(ctx.args.end, "to")
    if start and end and start > end:
        raise ValidationError({"to": _("La période est vide : le {end} précède le {start}.").format(
            start=format_date(start), end=format_date(end))})
    figures = ctx.services.maintenance.stats.figures(start=start, end=end)
    if ctx.json:
        ctx.emit_json(figures_data(figures))
        return 0
    if start or end:
        period = _("du {start} au {end}").format(start=format_date(start) if start else _("début"),
                                                 end=format_date(end) if end else _("aujourd'hui"))
    else:
        period = _("toute la base")
    out(_("Maintenance — {period}").format(period=period),
        _("{what}, temps passé : {time}").format(
            what=plural(figures.interventions, _("{n} intervention"), _("{n} interventions")),
            time=hours(figures.minutes)))
    out(*_tally_table(_("École"), _("UAI"), figures.by_school),
        *_tally_table(_("Catégorie"), _("Code"), figures.by_category),
        *_tally_table(_("Type d'intervention"), "", figures.by_type, with_key=False),
        *_tally_table(_("Mois"), "", figures.by_month, with_key=False))
    out("", _("Délais moyens depuis le signalement :"))
    out(*table([_("Urgence"), _("Signalés"), _("Pris en charge"), _("Délai moyen"), _("Résolus"),
                _("Délai moyen")],
               [[d.urgency.label if d.urgency else _("Toutes"), d.reported, d.taken,
                 format_minutes(d.mean_minutes_to_take_charge), d.resolved,
                 format_minutes(d.mean_minutes_to_resolve)] for d in figures.delays], right=(1, 2, 3, 4, 5)))
    refused = figures.refused_out_of_plan
    out("", _("Signalements refusés pour matériel hors plan, par école :") if refused
        else _("Aucun signalement refusé pour matériel hors plan."))
    if refused:
        out(*table([_("UAI"), _("École"), _("Refusés")], [[r.school_uai, r.school_name, r.refused] for r in refused],
                   right=(2,)), out_of_plan_citation())
    return 0
