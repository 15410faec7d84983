"""``incident``: add, list, show, take, start, close — the incident protocol (Saint-Denis Art. 4) on the command
line. ``incident close`` covers every ending, ``--as`` says which (résolu, clos, refusé hors plan, transmis à
l'Éducation nationale, envoyé au fournisseur). Interventions and figures: :mod:`.maintenance_work`."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from ticeinventory.domain.errors import RuleError, ValidationError
from ticeinventory.domain.i18n import _
from ticeinventory.domain.maintenance import (
    DIJON_ART8_SOFTWARE,
    SERVICE_TARGETS,
    IncidentInfo,
    IncidentNature,
    IncidentStatus,
    ReporterRole,
    Urgency,
    due_at,
    format_minutes,
    is_overdue,
    out_of_plan_citation,
)
from ticeinventory.domain.validation import format_date
from ticeinventory.services.maintenance import IncidentFilter

from . import maintenance_work
from .maintenance_work import PROG, STEP_COMMANDS, ending_commands, intervention_data, item_cell, stamp
from .output import hors_plan_note, key_values, out, plural, shorten, table, to_data
from .parser import positive_int

# ``incident close --as``: the word typed → the ending.
ENDINGS = {
    "clos": IncidentStatus.CLOS,
    "resolu": IncidentStatus.RESOLU,
    "refuse-hors-plan": IncidentStatus.REFUSE_HORS_PLAN,
    "transmis-en": IncidentStatus.TRANSMIS_EN,
    "fournisseur": IncidentStatus.ENVOYE_FOURNISSEUR,
}


def register(commands, common: argparse.ArgumentParser) -> None:
    targets = " ; ".join(_("{urgency} : prise en charge {take}, résolution {resolve}").format(
        urgency=u.value, take=_delay(t.take_charge), resolve=_delay(t.resolve)) for u, t in SERVICE_TARGETS.items())
    group = commands.add_parser(
        "incident", help=_("signalements d'incidents : signaler, lister, afficher, prendre en charge, clore"),
        description=_("Les signalements d'incidents des écoles et leur suivi, chaque étape datée (convention de "
                      "Saint-Denis, art. 4) : nouveau → pris en charge → en cours → résolu → clos, ou une fin "
                      "imposée par les conventions : refusé — matériel hors plan (Dijon, art. 8 ; Saint-Denis, "
                      "art. 4), transmis à l'Éducation nationale (logiciels : Dijon, art. 8 ; Saint-Denis, art. 6), "
                      "envoyé au fournisseur sous garantie (Saint-Denis, art. 4). Un signalement est désigné par son "
                      "numéro."))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), title=_("actions"), required=True)

    p = sub.add_parser("add", parents=[common], help=_("enregistrer un signalement"),
                       description=_("Enregistre le signalement d'une école. Une panne (matériel, système, réseau) "
                                     "met l'équipement « en panne ». Un signalement sur du matériel hors plan est "
                                     "enregistré mais ne peut être clos que comme refusé ; un signalement sur un "
                                     "logiciel est transmis à l'Éducation nationale."))
    p.add_argument("--school", required=True, metavar="UAI", help=_("école qui signale (code UAI)"))
    p.add_argument("--equipment", metavar=_("NUMÉRO"), help=_("numéro d'inventaire de l'équipement en cause"))
    p.add_argument("--description", required=True, metavar=_("TEXTE"),
                   help=_("ce qui ne marche pas, depuis quand"))
    p.add_argument("--nature", required=True, metavar=_("NATURE"),
                   help=_("nature : {choices}").format(choices=IncidentNature.choices()))
    p.add_argument("--urgency", default=Urgency.NORMALE.value, metavar=_("URGENCE"),
                   help=_("urgence : {choices} (par défaut normale)").format(choices=Urgency.choices()))
    p.add_argument("--reporter", required=True, metavar=_("NOM"), help=_("qui signale"))
    p.add_argument("--role", default=ReporterRole.DIRECTION.value, metavar=_("RÔLE"),
                   help=_("rôle de qui signale : {choices} (par défaut direction)").format(
                       choices=ReporterRole.choices()))
    p.add_argument("--at", metavar=_("DATE_HEURE"),
                   help=_("moment du signalement « jj/mm/aaaa hh:mm » (par défaut maintenant)"))
    p.set_defaults(handler=incident_add)

    p = sub.add_parser("list", parents=[common], help=_("lister les signalements (file de maintenance)"),
                       description=_("Liste les signalements avec leur âge et leur retard. Sans option : tous, les "
                                     "plus récents d'abord. --open : ceux qui ne sont pas terminés (résolus compris, "
                                     "en attente de clôture), --overdue : ceux en retard, les plus urgents puis les "
                                     "plus anciens d'abord. Délais cibles de la cellule, depuis le signalement : "
                                     "{targets}.").format(targets=targets))
    p.add_argument("--school", metavar="UAI", help=_("seulement cette école"))
    p.add_argument("--status", action="append", metavar=_("ÉTAT"),
                   help=_("seulement cet état (répétable) : {choices} ; ou les fins de « incident close --as »").format(
                       choices=", ".join(s.value for s in IncidentStatus)))
    who = p.add_mutually_exclusive_group()
    who.add_argument("--technician", metavar=_("TECHNICIEN"), help=_("seulement ceux pris en charge par lui"))
    who.add_argument("--unassigned", action="store_true", help=_("seulement ceux que personne n'a pris en charge"))
    which = p.add_mutually_exclusive_group()
    which.add_argument("--open", action="store_true", help=_("seulement ceux qui ne sont pas terminés"))
    which.add_argument("--overdue", action="store_true", help=_("seulement ceux en retard"))
    p.add_argument("--limit", type=positive_int, metavar="N", help=_("au plus N lignes"))
    p.set_defaults(handler=incident_list)

    p = sub.add_parser("show", parents=[common], help=_("afficher un signalement, ses étapes datées et ses délais"),
                       description=_("Affiche un signalement : l'école, l'équipement (plan ou hors plan), chaque "
                                     "étape datée et signée, les délais, les interventions, et les suites "
                                     "possibles."))
    p.add_argument("id", type=positive_int, metavar="ID", help=_("numéro du signalement"))
    p.set_defaults(handler=incident_show)

    p = sub.add_parser("take", parents=[common], help=_("prendre en charge"),
                       description=_("La cellule maintenance prend le signalement en charge. Refusé pour un "
                                     "signalement sur un logiciel éducatif ou bureautique : il est transmis à "
                                     "l'Éducation nationale (« incident close ID --as transmis-en »)."))
    p.add_argument("id", type=positive_int, metavar="ID", help=_("numéro du signalement"))
    p.add_argument("--technician", metavar=_("TECHNICIEN"),
                   help=_("technicien responsable (par défaut l'utilisateur courant)"))
    _step_options(p)
    p.set_defaults(handler=incident_take)

    p = sub.add_parser("start", parents=[common], help=_("commencer le travail (en cours)"),
                       description=_("Le travail commence : le signalement passe « en cours », l'équipement « en "
                                     "réparation ». « intervention add --incident ID » le fait aussi."))
    p.add_argument("id", type=positive_int, metavar="ID", help=_("numéro du signalement"))
    _step_options(p)
    p.set_defaults(handler=incident_start)

    p = sub.add_parser("close", parents=[common], help=_("clore, ou terminer autrement (--as)"),
                       description=_("Termine un signalement. --as clos (par défaut) : clôture d'un signalement "
                                     "résolu ; resolu : le problème est réglé, en attente de clôture ; "
                                     "refuse-hors-plan : matériel hors plan, non maintenu (Dijon, art. 8 ; "
                                     "Saint-Denis, art. 4) ; transmis-en : logiciel, transmis à l'Éducation nationale "
                                     "(Dijon, art. 8 ; Saint-Denis, art. 6) ; fournisseur : envoyé au fournisseur "
                                     "sous garantie, avec son numéro de ticket (Saint-Denis, art. 4)."))
    p.add_argument("id", type=positive_int, metavar="ID", help=_("numéro du signalement"))
    p.add_argument("--as", dest="ending", default="clos", choices=list(ENDINGS), metavar=_("FIN"),
                   help=_("fin : {choices} (par défaut clos)").format(choices=", ".join(ENDINGS)))
    p.add_argument("--ticket", default="", metavar="N",
                   help=_("numéro de ticket du fournisseur (avec --as fournisseur)"))
    _step_options(p)
    p.set_defaults(handler=incident_close)

    maintenance_work.register(commands, common)


def _delay(delta: timedelta) -> str:
    """A service target in whole days or hours: ``2 j``, ``4 h``."""
    if delta.days and not delta.seconds:
        return _("{n} j").format(n=delta.days)
    return _("{n} h").format(n=int(delta.total_seconds() // 3600))


def _step_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--at", metavar=_("DATE_HEURE"), help=_("moment de l'étape « jj/mm/aaaa hh:mm » (par défaut "
                                                           "maintenant)"))
    p.add_argument("--note", default="", metavar=_("TEXTE"), help=_("note jointe à l'étape"))


# -- data --------------------------------------------------------------------------------------------------------


def _timing(info: IncidentInfo, now: datetime) -> dict[str, Any]:
    """Age (open incidents only), overdue flag and next deadline, as the queue computes them."""
    deadline = due_at(info.status, info.urgency, info.reported_at)
    return {"age_minutes": int((now - info.reported_at).total_seconds() // 60) if info.is_open else None,
            "overdue": is_overdue(info.status, info.urgency, info.reported_at, now),
            "due_at": deadline.isoformat() if deadline else None}


def _row_data(info: IncidentInfo, now: datetime) -> dict[str, Any]:
    data = to_data(info)
    data.pop("steps")
    return {**data, "out_of_plan": info.out_of_plan, **_timing(info, now)}


def _full_data(ctx, info: IncidentInfo) -> dict[str, Any]:
    """What ``incident show --json`` (and every incident command's --json) prints."""
    now = ctx.services.maintenance.now()
    next_steps = ctx.services.maintenance.incidents.next_steps(info.id) if info.is_open else {}
    return {**to_data(info), "out_of_plan": info.out_of_plan, **_timing(info, now),
            "equipment_status": to_data(_equipment_status(ctx, info)),
            "interventions": [intervention_data(w) for w in _interventions(ctx, info)],
            "next_steps": [{"status": target.value, "allowed": refusal is None, "refusal": refusal}
                           for target, refusal in next_steps.items()]}


def _equipment_status(ctx, info: IncidentInfo):
    return ctx.services.equipment.get(info.equipment_id).status if info.equipment_id else None


def _interventions(ctx, info: IncidentInfo):
    rows = ctx.services.maintenance.interventions.list(school=info.school_id)
    return sorted((w for w in rows if info.id in w.incident_ids), key=lambda w: (w.date, w.start_time, w.id))


def _statuses(texts: list[str] | None) -> tuple[IncidentStatus, ...] | None:
    if not texts:
        return None
    found = []
    for text in texts:
        status = ENDINGS.get(text.strip().lower())
        if status is None:
            try:
                status = IncidentStatus.parse(text)
            except ValueError:
                raise ValidationError({"status": _("L'état « {value} » est inconnu. Valeurs possibles : "
                                                   "{choices}.").format(
                    value=text, choices=", ".join(s.value for s in IncidentStatus))}) from None
        found.append(status)
    return tuple(dict.fromkeys(found))


# -- rendering ---------------------------------------------------------------------------------------------------


def _equipment_line(ctx, info: IncidentInfo) -> str:
    if not info.equipment_number:
        return ""
    status = _equipment_status(ctx, info)
    funding = _("dans un plan") if info.equipment_in_plan else _("HORS PLAN — non maintenu")
    return f"{info.equipment_number} — {info.equipment_label} ({funding}, {status.label.lower()})"


def _warranty_runs(info: IncidentInfo, today: date) -> bool:
    return bool(info.equipment_in_plan and info.warranty_end and info.warranty_end >= today)


def _rule_notes(ctx, info: IncidentInfo) -> list[str]:
    """What the conventions say about this incident (while it is open)."""
    if not info.is_open:
        return []
    notes = []
    if info.out_of_plan:
        notes.append(_("Matériel hors plan : la cellule n'intervient pas, ce signalement ne peut être clos que "
                       "comme refusé (« {prog} incident close {id} --as refuse-hors-plan »). {citation}").format(
            prog=PROG, id=info.id, citation=out_of_plan_citation()))
    elif info.nature is IncidentNature.LOGICIEL:
        notes.append(_("Logiciel éducatif ou bureautique : transmis à l'Éducation nationale, pas traité par la "
                       "cellule (« {prog} incident close {id} --as transmis-en »). Convention TICE de Dijon, "
                       "art. 8 : « {quote} »").format(prog=PROG, id=info.id, quote=_(DIJON_ART8_SOFTWARE)))
    elif _warranty_runs(info, ctx.services.maintenance.now().date()):
        notes.append(_("Sous garantie du fournisseur jusqu'au {until} : la Ville ne fait que le diagnostic et le "
                       "retour au fournisseur (convention de Saint-Denis, art. 4) ; une fois pris en charge : "
                       "« {prog} incident close {id} --as fournisseur --ticket N ».").format(
            until=format_date(info.warranty_end), prog=PROG, id=info.id))
    return notes


def _step_table(info: IncidentInfo) -> list[str]:
    return table([_("Date"), _("État"), _("Par"), _("Note")],
                 [[stamp(s.at), s.status.label, s.by, s.note] for s in info.steps])


def show_lines(ctx, info: IncidentInfo) -> list[str]:
    now = ctx.services.maintenance.now()
    timing = _timing(info, now)
    lines = [_("Signalement n° {id} — {status}").format(id=info.id, status=info.status.label)]
    age = ""
    if timing["age_minutes"] is not None:
        age = format_minutes(timing["age_minutes"])
        deadline = due_at(info.status, info.urgency, info.reported_at)
        if deadline:
            late = _("EN RETARD, ") if timing["overdue"] else ""
            age += _(" ({late}échéance le {due})").format(late=late, due=stamp(deadline))
    lines += key_values([
        (_("École"), f"{info.school_name} ({info.school_uai})"), (_("Équipement"), _equipment_line(ctx, info)),
        (_("Nature"), info.nature.label), (_("Urgence"), info.urgency.label),
        (_("Signalé par"), _("{name} ({role}), le {at}").format(
            name=info.reporter_name, role=info.reporter_role.label, at=stamp(info.reported_at))),
        (_("Description"), info.description), (_("Technicien"), info.assigned_to), (_("Âge"), age),
        (_("Pris en charge en"), format_minutes(info.minutes_to_take_charge)),
        (_("Résolu en"), format_minutes(info.minutes_to_resolve)),
        (_("Terminé le"), stamp(info.ended_at)), (_("Ticket fournisseur"), info.supplier_ticket)])
    lines += ["", _("Étapes :"), *("  " + line for line in _step_table(info))]
    works = _interventions(ctx, info)
    if works:
        lines += ["", _("Interventions :")]
        lines += ["  " + _("n° {id} le {date} à {start} ({duration}) : {type} — {outcome}, {tech}").format(
            id=w.id, date=format_date(w.date), start=f"{w.start:%H:%M}", duration=format_minutes(w.duration_minutes),
            type=w.type.label, outcome=w.outcome.label, tech=w.technician) for w in works]
    notes = _rule_notes(ctx, info)
    if notes:
        lines += ["", *notes]
    commands = ending_commands(ctx, info.id) if info.is_open else []
    if commands:
        lines += ["", _("Suite possible : {commands}").format(commands=" ; ".join(commands))]
    return lines


def _done(ctx, info: IncidentInfo, headline: str) -> int:
    """What every step command prints: the full record in JSON, or a line and the item's new status."""
    if ctx.json:
        ctx.emit_json(_full_data(ctx, info))
        return 0
    out(headline)
    status = _equipment_status(ctx, info)
    if status is not None:
        out(_("Équipement {number} : {status}.").format(number=info.equipment_number, status=status.label))
    return 0


def _step(ctx, incident_id: int, call):
    """Run one step; a refusal says which commands are possible instead."""
    try:
        return call()
    except RuleError as error:
        commands = ending_commands(ctx, incident_id)
        hint = _("Possible maintenant : {commands}").format(commands=" ; ".join(commands)) if commands else ""
        raise RuleError(error.message + (f"\n{hint}" if hint else "")) from None


# -- handlers ----------------------------------------------------------------------------------------------------


def incident_add(ctx) -> int:
    args = ctx.args
    info = ctx.services.maintenance.incidents.report(
        school=args.school, equipment=args.equipment or None, description=args.description, nature=args.nature,
        urgency=args.urgency, reporter_name=args.reporter, reporter_role=args.role, reported_at=args.at)
    if ctx.json:
        ctx.emit_json(_full_data(ctx, info))
        return 0
    where = f"{info.school_name} ({info.school_uai})"
    if info.equipment_number:
        where += _(", équipement {item}").format(item=item_cell(info.equipment_number, info.equipment_in_plan))
    _done(ctx, info, _("Signalement n° {id} enregistré le {at} : {where}.").format(
        id=info.id, at=stamp(info.reported_at), where=where))
    out(*_rule_notes(ctx, info))
    return 0


def incident_list(ctx) -> int:
    args = ctx.args
    service = ctx.services.maintenance.incidents
    now = ctx.services.maintenance.now()
    statuses = _statuses(args.status)
    school_id = ctx.services.schools.find(args.school).id if args.school else None
    flt = IncidentFilter(school_id=school_id, statuses=statuses, technician=args.technician or None,
                         unassigned=args.unassigned)
    if args.open:
        flt = replace(flt, statuses=tuple(s for s in (statuses or IncidentStatus) if s.is_open))
    if args.open or args.overdue:
        found = [e.incident for e in service.queue(flt, overdue_only=args.overdue, now=now, limit=args.limit)]
        total = service.queue_count(flt, overdue_only=args.overdue, now=now)
    else:
        found = service.list(flt, limit=args.limit)
        total = service.count(flt)
    if ctx.json:
        ctx.emit_json([_row_data(info, now) for info in found])
        return 0
    if not found:
        out(_("Aucun signalement ne correspond."))
        return 0
    rows = []
    for info in found:
        timing = _timing(info, now)
        rows.append([info.id, stamp(info.reported_at),
                     format_minutes(timing["age_minutes"]), info.school_uai,
                     item_cell(info.equipment_number, info.equipment_in_plan), shorten(info.nature.label, 14),
                     info.urgency.label, info.status.label, info.assigned_to,
                     _("EN RETARD") if timing["overdue"] else "", shorten(info.description, 30)])
    out(*table([_("N°"), _("Signalé le"), _("Âge"), _("École"), _("Équipement"), _("Nature"), _("Urgence"),
                _("État"), _("Technicien"), _("Retard"), _("Description")], rows, right=(0, 2)))
    late = sum(1 for info in found if is_overdue(info.status, info.urgency, info.reported_at, now))
    summary = plural(len(found), _("{n} signalement"), _("{n} signalements"))
    if late:
        summary += plural(late, _(", dont {n} en retard"), _(", dont {n} en retard"))
    out("", summary)
    if len(found) < total:
        out(_("Affichés : {shown} sur {total} (--limit).").format(shown=len(found), total=total))
    if any(info.out_of_plan for info in found):
        out(hors_plan_note())
    return 0


def incident_show(ctx) -> int:
    info = ctx.services.maintenance.incidents.get(ctx.args.id)
    if ctx.json:
        ctx.emit_json(_full_data(ctx, info))
        return 0
    out(*show_lines(ctx, info))
    return 0


def incident_take(ctx) -> int:
    args = ctx.args
    info = _step(ctx, args.id, lambda: ctx.services.maintenance.incidents.take_charge(
        args.id, technician=args.technician, at=args.at, note=args.note))
    return _done(ctx, info, _("Signalement n° {id} pris en charge par {tech} le {at} (délai : {delay}).").format(
        id=info.id, tech=info.assigned_to, at=stamp(info.steps[-1].at),
        delay=format_minutes(info.minutes_to_take_charge)))


def incident_start(ctx) -> int:
    args = ctx.args
    info = _step(ctx, args.id, lambda: ctx.services.maintenance.incidents.start_work(args.id, at=args.at,
                                                                                      note=args.note))
    return _done(ctx, info, _("Signalement n° {id} en cours depuis le {at}.").format(
        id=info.id, at=stamp(info.steps[-1].at)))


def incident_close(ctx) -> int:
    args = ctx.args
    target = ENDINGS[args.ending]
    ticket = args.ticket.strip()
    if ticket and target is not IncidentStatus.ENVOYE_FOURNISSEUR:
        raise ValidationError({"ticket": _("--ticket ne va qu'avec --as fournisseur (envoi sous garantie).")})
    info = _step(ctx, args.id, lambda: ctx.services.maintenance.incidents.advance(
        args.id, target, at=args.at, note=args.note, supplier_ticket=ticket or None))
    headline = _("Signalement n° {id} : {status} le {at}.").format(id=info.id, status=info.status.label,
                                                                   at=stamp(info.steps[-1].at))
    if target is IncidentStatus.RESOLU:
        headline += " " + _("Délai de résolution : {delay}. À clore ensuite : « {prog} {command} ».").format(
            delay=format_minutes(info.minutes_to_resolve), prog=PROG,
            command=STEP_COMMANDS[IncidentStatus.CLOS].format(id=info.id))
    if target is IncidentStatus.ENVOYE_FOURNISSEUR:
        headline += " " + _("Ticket du fournisseur : {ticket}.").format(ticket=info.supplier_ticket)
    return _done(ctx, info, headline)
