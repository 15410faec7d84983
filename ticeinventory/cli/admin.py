"""Commands about the database as a whole: init, demo, stats, check, and the reference lists (categories, plans)."""

from __future__ import annotations

import argparse
import sys

from ticeinventory.domain.enums import EquipmentStatus, SchoolType, fold
from ticeinventory.domain.i18n import _
from ticeinventory.domain.validation import format_amount, format_date

from . import output
from .output import out, percent, plural, table
from .parser import any_int, positive_int


def register(commands, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser("init", parents=[common], help=_("créer ou mettre à jour la base de données"),
                            description=_("Crée la base si elle n'existe pas, ou la met à jour vers le schéma de "
                                          "cette version (après une copie de sauvegarde vérifiée), puis indique où "
                                          "elle se trouve et la version de son schéma."))
    p.set_defaults(handler=init, creates=True, reports_opening=True)

    p = commands.add_parser("demo", parents=[common], help=_("créer une ville de démonstration dans une base vide"),
                            description=_("Remplit une base vide (créée au besoin) avec une ville de démonstration "
                                          "déterministe : écoles, salles, matériel du plan et hors plan. La même "
                                          "graine donne toujours la même ville. Refuse une base qui contient déjà "
                                          "des écoles."))
    p.add_argument("--schools", type=positive_int, default=12, metavar="N",
                   help=_("nombre d'écoles, de 1 à 2000 (par défaut 12)"))
    p.add_argument("--seed", type=any_int, default=2009, metavar="S",
                   help=_("graine du tirage aléatoire (par défaut 2009)"))
    p.set_defaults(handler=demo, creates=True)

    p = commands.add_parser("stats", parents=[common], help=_("chiffres de la ville (plan, hors plan, catégories…)"),
                            description=_("Chiffres de l'ensemble de la base pour le comité de pilotage : écoles, "
                                          "salles, équipements dans un plan ou hors plan, par catégorie, statut, plan "
                                          "et type d'école."))
    p.add_argument("--sans-reformes", dest="without_retired", action="store_true",
                   help=_("ne pas compter le matériel réformé"))
    p.set_defaults(handler=stats)

    p = commands.add_parser("check", parents=[common], help=_("vérifier l'intégrité de la base"),
                            description=_("Vérifie, sans rien modifier, le fichier et les règles du domaine (codes "
                                          "UAI, plan ou origine hors plan, salles, phases, statuts). Code de sortie 0 "
                                          "si tout est correct, 1 avec la liste des problèmes sinon."))
    p.set_defaults(handler=check)

    p = commands.add_parser("category", help=_("catégories de matériel (codes pour --category)"),
                            description=_("Les catégories de matériel et leurs codes."))
    sub = p.add_subparsers(dest="action", metavar=_("ACTION"), title=_("actions"), required=True)
    lp = sub.add_parser("list", parents=[common], help=_("lister les catégories"),
                        description=_("Liste les catégories actives : code, libellé, durée de vie en années."))
    lp.set_defaults(handler=category_list)

    p = commands.add_parser("plan", help=_("plans d'équipement (codes pour --plan, phases pour --phase)"),
                            description=_("Les plans d'équipement (conventions, avenants) et leurs phases."))
    sub = p.add_subparsers(dest="action", metavar=_("ACTION"), title=_("actions"), required=True)
    lp = sub.add_parser("list", parents=[common], help=_("lister les plans et leurs phases"),
                        description=_("Liste les plans : code, intitulé, date de signature, budget, phases."))
    lp.set_defaults(handler=plan_list)


def init(ctx) -> int:
    db = ctx.services.db
    report = db.report
    if ctx.json:
        ctx.emit_json({"database": db.describe(), "created": report.created,
                       "revision_before": report.revision_before, "revision_after": report.revision_after,
                       "backup": report.backup})
        return 0
    if report.created:
        out(_("Base de données créée : {where}").format(where=db.describe()))
    elif report.revision_before != report.revision_after:
        out(_("Base de données mise à jour : {where}").format(where=db.describe()),
            _("Schéma {before} → {after}.").format(before=report.revision_before, after=report.revision_after))
    else:
        out(_("Base de données déjà à jour : {where}").format(where=db.describe()))
    if report.backup is not None:
        out(_("Copie de sauvegarde de l'ancienne version (vérifiée) : {backup}").format(backup=report.backup))
    out(_("Version du schéma : {revision}").format(revision=report.revision_after))
    return 0


def demo(ctx) -> int:
    args = ctx.args
    show_progress = not ctx.json and sys.stderr.isatty()

    def progress(done: int, total: int) -> bool:
        sys.stderr.write("\r" + _("Création de la démonstration : {done}/{total}").format(done=done, total=total))
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()
        return True

    report = ctx.services.demo.build(args.schools, args.seed, progress if show_progress else None)
    summary = ctx.services.stats.summary()
    if ctx.json:
        ctx.emit_json({"database": ctx.services.db.describe(), "schools": report.schools, "rooms": report.rooms,
                       "equipment": report.equipment, "in_plan": summary.in_plan,
                       "out_of_plan": summary.out_of_plan, "seed": args.seed})
        return 0
    out(_("Ville de démonstration créée dans « {where} » (graine {seed}) :").format(
        where=ctx.services.db.describe(), seed=args.seed))
    out(*output.key_values([
        (_("Écoles"), report.schools), (_("Salles"), report.rooms), (_("Équipements"), report.equipment),
        (_("dans un plan"), summary.in_plan), (_("hors plan"), summary.out_of_plan)]))
    return 0


def stats(ctx) -> int:
    s = ctx.services.stats.summary(include_retired=not ctx.args.without_retired)
    if ctx.json:
        ctx.emit_json(s)
        return 0
    title = _("Statistiques de « {where} »").format(where=ctx.services.db.describe())
    if ctx.args.without_retired:
        title += " " + _("(sans le matériel réformé)")
    out(title, "")
    rows = [[_("Écoles"), s.schools, ""], [_("Salles"), s.rooms, ""], [_("Équipements"), s.equipment, ""],
            ["  " + _("dans un plan"), s.in_plan, percent(s.in_plan, s.equipment)],
            ["  " + _("hors plan (non maintenus)"), s.out_of_plan, percent(s.out_of_plan, s.equipment)]]
    out(*table([_("Ensemble"), _("Nombre"), _("Part")], rows, right=(1, 2)), "")

    def section(heading: str, counts: dict[str, int], label) -> None:
        rows = sorted(([label(key), n, percent(n, s.equipment)] for key, n in counts.items()),
                      key=lambda row: fold(row[0]))
        out(*table([heading, _("Nombre"), _("Part")], rows, right=(1, 2)), "")

    section(_("Catégorie"), s.by_category, str)
    section(_("Statut"), s.by_status, lambda v: _label(EquipmentStatus, v))
    section(_("Plan"), s.by_plan, lambda v: _("Hors plan (non maintenu)") if v == "hors_plan" else v)
    section(_("Type d'école"), s.by_school_type,
            lambda v: _("Stock de la ville (non affecté)") if v == "stock" else _label(SchoolType, v))
    return 0


def _label(enum_cls, value: str) -> str:
    try:
        return enum_cls(value).label
    except ValueError:
        return value


def check(ctx) -> int:
    report = ctx.services.integrity.check()
    if ctx.json:
        ctx.emit_json({"ok": report.ok, "problems": report.problems, "checked": report.checked})
        return 0 if report.ok else 1
    out(_("Vérification de « {where} » :").format(where=ctx.services.db.describe()))
    out(*("  - " + item for item in report.checked))
    if report.ok:
        out(_("Aucun problème trouvé."))
        return 0
    out("", plural(len(report.problems), _("{n} problème trouvé :"), _("{n} problèmes trouvés :")))
    out(*("  ! " + problem for problem in report.problems))
    return 1


def category_list(ctx) -> int:
    categories = ctx.services.catalog.categories()
    if ctx.json:
        ctx.emit_json(categories)
        return 0
    out(*table([_("Code"), _("Catégorie"), _("Durée de vie (ans)")],
               [[c.code, c.label, c.lifetime_years] for c in categories], right=(2,)))
    return 0


def plan_list(ctx) -> int:
    plans = ctx.services.catalog.plans()
    if ctx.json:
        ctx.emit_json(plans)
        return 0
    for plan in plans:
        out(f"{plan.code} — {plan.title}")
        out(*output.key_values([
            (_("Type"), _("{kind} à {parent}").format(kind=plan.kind.label, parent=plan.parent_code)
             if plan.parent_code else plan.kind.label),
            (_("Ville"), plan.city), (_("Signé le"), format_date(plan.signed_on)),
            (_("Budget"), format_amount(plan.budget_cents))]))
        for phase in plan.phases:
            details = ", ".join(x for x in (format_date(phase.start_date), format_amount(phase.budget_cents)) if x)
            out("    " + _("phase « {name} »").format(name=phase.name) + (f" ({details})" if details else ""))
        out("")
    return 0
