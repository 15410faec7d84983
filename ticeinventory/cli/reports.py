"""``report``: the printed documents from a script — inventory sheets, the city inventory, intervention slips,
labels. The data comes from ``services.reporting``, the PDF (or CSV for a ``.csv`` name) from
``ticeinventory.reports``. The city's name and logo printed in the headers are settings (« ticeinventory
settings set city_name … »)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ticeinventory.domain.errors import NotFoundError, TiceError
from ticeinventory.domain.i18n import _
from ticeinventory.reports import (
    TEMPLATES,
    LabelOptions,
    RenderResult,
    ReportOptions,
    render_city_inventory,
    render_intervention_slip,
    render_inventory_sheet,
    render_labels,
)

from .output import out, plural
from .parser import positive_int


def register(commands, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser(
        "report", help=_("documents imprimables : fiches d'inventaire, inventaire général, bons d'intervention, "
                         "étiquettes"),
        description=_("Écrit les documents imprimables en PDF (ou en CSV pour les tableaux, quand le nom se termine "
                      "par .csv). Le nom et le logo de la ville en en-tête sont des paramètres : « ticeinventory "
                      "settings set city_name Dijon », « ticeinventory settings set city_logo logo.png »."))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), title=_("actions"), required=True)

    p = sub.add_parser(
        "inventory", parents=[common], help=_("fiche d'inventaire d'une école, ou de toutes les écoles"),
        description=_("La fiche d'inventaire d'une école (--school UAI -o FICHIER), ou une fiche par école dans un "
                      "dossier (--all ou plusieurs --school, avec --out-dir) : matériel par salle, matériel hors "
                      "plan à part, « Page n / N », cadres de signature. Le matériel sorti du parc (réformé, perdu, "
                      "volé) n'y figure pas, sauf avec --with-retired."))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--school", dest="schools", action="append", metavar="UAI",
                       help=_("l'école (répétable avec --out-dir)"))
    which.add_argument("--all", action="store_true", help=_("toutes les écoles (avec --out-dir)"))
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", metavar=_("FICHIER"), help=_("fichier .pdf ou .csv à écrire"))
    where.add_argument("--out-dir", metavar=_("DOSSIER"),
                       help=_("dossier où écrire une fiche par école (créé au besoin)"))
    p.add_argument("--csv", action="store_true", help=_("avec --out-dir : des fichiers CSV plutôt que PDF"))
    p.add_argument("--barcodes", action="store_true", help=_("code-barres Code 128 sous chaque numéro d'inventaire"))
    p.add_argument("--with-retired", action="store_true",
                   help=_("inclure le matériel sorti du parc (réformé, perdu, volé)"))
    p.set_defaults(handler=report_inventory)

    p = sub.add_parser(
        "city", parents=[common], help=_("inventaire général de la ville (comité de pilotage)"),
        description=_("L'inventaire général : une section par école (toutes, ou celles de --school), puis les totaux "
                      "de la ville par catégorie, type d'école et plan. Avec toutes les écoles, le stock de la ville "
                      "a sa section. En CSV : une ligne par équipement."))
    p.add_argument("-o", "--output", required=True, metavar=_("FICHIER"), help=_("fichier .pdf ou .csv à écrire"))
    p.add_argument("--school", dest="schools", action="append", metavar="UAI",
                   help=_("seulement cette école (répétable)"))
    p.add_argument("--no-detail", action="store_true",
                   help=_("seulement les effectifs, sans la liste des équipements (PDF seulement)"))
    p.add_argument("--with-retired", action="store_true",
                   help=_("inclure le matériel sorti du parc (réformé, perdu, volé)"))
    p.set_defaults(handler=report_city)

    p = sub.add_parser(
        "intervention", parents=[common], help=_("bon d'intervention à faire signer"),
        description=_("Le bon d'une intervention enregistrée (numéro donné par « intervention add » ou "
                      "« intervention list ») : école, matériel, signalements, actions, pièces, durée, résultat, "
                      "cadres de signature."))
    p.add_argument("intervention_id", type=positive_int, metavar=_("NUMÉRO"), help=_("numéro de l'intervention"))
    p.add_argument("-o", "--output", required=True, metavar=_("FICHIER.pdf"), help=_("fichier PDF à écrire"))
    p.add_argument("--barcodes", action="store_true", help=_("code-barres Code 128 du numéro d'inventaire"))
    p.set_defaults(handler=report_intervention)

    codes = ", ".join(TEMPLATES)
    p = sub.add_parser(
        "labels", parents=[common], help=_("étiquettes d'inventaire sur planches A4 (Avery)"),
        description=_("Étiquettes avec le numéro d'inventaire, l'école, la catégorie et un Code 128 et/ou un QR "
                      "code, sur planches A4 : {templates}. --start commence à une position d'une planche déjà "
                      "entamée (1 = en haut à gauche, en suivant les lignes).").format(
            templates=" ; ".join(t.description for t in TEMPLATES.values())))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--school", metavar="UAI", help=_("tout le matériel de l'école, salle par salle"))
    which.add_argument("--room", metavar=_("SALLE"),
                       help=_("le matériel d'une salle : son identifiant (« room list UAI --json ») ou "
                              "UAI:NOM, par exemple « 0210001M:Salle informatique »"))
    which.add_argument("--items", metavar="N,N,…", help=_("ces numéros d'inventaire, dans cet ordre"))
    p.add_argument("--template", default="L7163", type=str.upper, choices=list(TEMPLATES), metavar=_("MODÈLE"),
                   help=_("modèle de planche : {codes} (par défaut L7163)").format(codes=codes))
    p.add_argument("--start", type=positive_int, default=1, metavar="N",
                   help=_("première position libre sur la première planche (par défaut 1)"))
    p.add_argument("--qr", action="store_true", help=_("ajouter un QR code"))
    p.add_argument("--no-barcode", action="store_true", help=_("sans Code 128 (avec --qr)"))
    p.add_argument("--outline", action="store_true",
                   help=_("tracer le contour des étiquettes, pour un essai sur papier blanc"))
    p.add_argument("--with-retired", action="store_true",
                   help=_("avec --school ou --room : inclure le matériel sorti du parc"))
    p.add_argument("-o", "--output", required=True, metavar=_("FICHIER.pdf"), help=_("fichier PDF à écrire"))
    p.set_defaults(handler=report_labels)


# -- handlers ------------------------------------------------------------------------------------------------------


def _written(ctx, result: RenderResult, path: str, headline: str, **extra: Any) -> int:
    if ctx.json:
        ctx.emit_json({"path": str(Path(path)), "format": result.format, "pages": result.pages,
                       "items": result.items, **extra})
        return 0
    if result.format == "pdf":
        where = plural(result.pages, _("{n} page"), _("{n} pages"))
    else:
        where = plural(result.items, _("{n} ligne"), _("{n} lignes"))
    out(_("{headline} : « {path} » ({where}).").format(headline=headline, path=Path(path), where=where))
    return 0


def report_inventory(ctx) -> int:
    args = ctx.args
    options = ReportOptions(barcodes=args.barcodes)
    schools = [uai for text in (args.schools or []) for uai in _split(text)]
    if args.output is not None:
        if args.all or len(schools) != 1:
            raise TiceError(_("Une fiche d'inventaire dans un fichier (-o) est celle d'une seule école : indiquez "
                              "--school UAI, ou écrivez une fiche par école avec --out-dir DOSSIER."))
        if args.csv:
            raise TiceError(_("--csv va avec --out-dir ; avec -o, le nom du fichier choisit le format (.pdf ou "
                              ".csv)."))
        _checked_output(args.output, tabular=True)
        data = ctx.services.reporting.inventory_sheet(schools[0], include_retired=args.with_retired)
        result = render_inventory_sheet(data, args.output, options=options)
        return _written(ctx, result, args.output, _("Fiche d'inventaire — {school} ({uai})").format(
            school=data.school.name, uai=data.school.uai), school=data.school.uai)
    batch = ctx.services.reporting.write_all_sheets(
        args.out_dir, schools=None if args.all else schools, options=options, fmt="csv" if args.csv else "pdf",
        include_retired=args.with_retired, progress=_progress())
    if ctx.json:
        ctx.emit_json({"out_dir": str(Path(args.out_dir)), "files": [str(p) for p in batch.written],
                       "pages": batch.pages, "cancelled": batch.cancelled})
        return 0
    out(plural(len(batch.written), _("{n} fiche d'inventaire écrite dans « {dir} » :"),
               _("{n} fiches d'inventaire écrites dans « {dir} » :"), dir=Path(args.out_dir)))
    out(*("  " + path.name for path in batch.written))
    if not args.csv:
        out(plural(batch.pages, _("{n} page en tout."), _("{n} pages en tout.")))
    return 0


def _progress():
    """Progress of a batch on stderr: rewritten in place on a terminal, one line per file otherwise."""
    tty = sys.stderr.isatty()

    def show(done: int, total: int) -> bool:
        if done == 0 and total:
            return True
        text = _("Fiches d'inventaire : {done}/{total}").format(done=done, total=total)
        if tty:
            sys.stderr.write("\r" + text + ("\n" if done >= total else ""))
        else:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()
        return True

    return show


def report_city(ctx) -> int:
    args = ctx.args
    schools = [uai for text in (args.schools or []) for uai in _split(text)] or None
    _checked_output(args.output, tabular=True)
    data = ctx.services.reporting.city_inventory(schools, detail=not args.no_detail,
                                                 include_retired=args.with_retired)
    result = render_city_inventory(data, args.output)
    headline = plural(data.school_count, _("Inventaire général ({n} école)"), _("Inventaire général ({n} écoles)"))
    return _written(ctx, result, args.output, headline, schools=data.school_count, in_plan=data.totals.in_plan,
                    out_of_plan=data.totals.out_of_plan)


def report_intervention(ctx) -> int:
    args = ctx.args
    _checked_output(args.output, tabular=False)
    data = ctx.services.reporting.intervention_slip(args.intervention_id)
    result = render_intervention_slip(data, args.output, options=ReportOptions(barcodes=args.barcodes))
    return _written(ctx, result, args.output, _("Bon d'intervention n° {number}").format(number=data.number))


def report_labels(ctx) -> int:
    args = ctx.args
    _checked_output(args.output, tabular=False)
    if args.items is not None:
        numbers = _split(args.items)
        if not numbers:
            raise TiceError(_("--items attend des numéros d'inventaire séparés par des virgules."))
        data = ctx.services.reporting.labels(items=numbers)
    elif args.room is not None:
        data = ctx.services.reporting.labels(room=_room_id(ctx, args.room), include_retired=args.with_retired)
    else:
        data = ctx.services.reporting.labels(school=args.school, include_retired=args.with_retired)
    options = LabelOptions(template=args.template, start=args.start, code128=not args.no_barcode, qr=args.qr,
                           outline=args.outline)
    result = render_labels(data, args.output, options=options)
    headline = plural(result.items, _("{n} étiquette {template}"), _("{n} étiquettes {template}"),
                      template=args.template)
    if args.start > 1:
        headline += " " + _("à partir de la position {start}").format(start=args.start)
    return _written(ctx, result, args.output, headline, template=args.template, start=args.start)


def _checked_output(path: str, *, tabular: bool) -> str:
    """The output name must say what it holds: .pdf, or .csv for the tabular documents."""
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf" or (tabular and suffix == ".csv"):
        return path
    if tabular:
        raise TiceError(_("Choisissez un nom de fichier en .pdf ou en .csv (reçu : « {name} »).").format(
            name=Path(path).name))
    raise TiceError(_("Ce document s'écrit en PDF : choisissez un nom de fichier en .pdf (reçu : « {name} »).")
                    .format(name=Path(path).name))


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _room_id(ctx, text: str) -> int:
    """A room by id, or by ``UAI:name`` (the name without case)."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    uai, sep, name = text.partition(":")
    if not sep or not name.strip():
        raise TiceError(_("Indiquez la salle par son identifiant (« ticeinventory room list UAI --json ») ou par "
                          "UAI:NOM, par exemple « 0210001M:Salle informatique » (reçu : « {value} »).").format(
            value=text))
    school = ctx.services.schools.find(uai)
    rooms = ctx.services.schools.rooms(school.id)
    room = next((r for r in rooms if r.name.casefold() == name.strip().casefold()), None)
    if room is None:
        raise NotFoundError(_("La salle « {room} » n'existe pas dans l'école {school} ({uai}). Salles : {rooms}.")
                            .format(room=name.strip(), school=school.name, uai=school.uai,
                                    rooms=", ".join(r.name for r in rooms) or "-"))
    return room.id
