"""``import`` (schools, equipment) and ``export`` (equipment, schools): files in and out, in the formats of
``services.importing`` and ``services.export``.

An import checks every row first, then writes all of it or nothing (``--valid-only``: the valid rows only);
``--dry-run`` shows what would happen and writes nothing. The exit code is 2 whenever a row was rejected, even
when the valid rows were written, so that a script notices.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ticeinventory.domain.errors import TiceError
from ticeinventory.domain.i18n import _
from ticeinventory.services.export import ExportResult, export_errors
from ticeinventory.services.importing import (
    CANONICAL,
    DirectoryFilter,
    DuplicatePolicy,
    ImportFileError,
    ImportOptions,
    ImportReport,
    MappingRequired,
    RowChange,
    mappings,
    school_types,
)

from .equipment import _filter as equipment_filter
from .equipment import add_filter_arguments
from .output import err, out, plural, to_data

EXIT_REFUSED = 2
CHANGES_SHOWN = 100  # « what changed » lines printed for people; --json lists them all

Progress = Callable[[int, int], bool]
# school field → its column in the school export (``SCHOOL_COLUMNS``)
SCHOOL_FIELD_COLUMNS = {
    "uai": "uai", "name": "nom", "type": "type", "address": "adresse", "postcode": "code_postal",
    "commune": "commune", "circonscription": "circonscription", "holiday_zone": "zone_vacances",
    "director_name": "directeur", "phone": "telephone", "email": "courriel", "active": "active", "notes": "notes"}


def register(commands, common: argparse.ArgumentParser) -> None:
    _register_import(commands, common)
    _register_export(commands, common)


def _register_import(commands, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser(
        "import", help=_("importer des écoles (annuaire de l'éducation) ou du matériel (CSV, XLSX)"),
        description=_("Importe un fichier. Chaque ligne est vérifiée d'abord ; ensuite tout est enregistré, ou rien "
                      "si une ligne est rejetée (sauf --valid-only). --dry-run montre ce qui serait fait sans rien "
                      "enregistrer. Code de sortie 2 dès qu'une ligne est rejetée."))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), title=_("actions"), required=True)

    p = sub.add_parser(
        "schools", parents=[common], help=_("écoles de l'annuaire de l'éducation (ou d'un export d'écoles)"),
        description=_("Crée ou met à jour les écoles d'un fichier de l'annuaire de l'éducation "
                      "(fr-en-annuaire-education, ancien format géolocalisation) ou d'un export d'écoles de TICE "
                      "Inventaire, par code UAI : réimporter le même fichier ne change rien. Les lycées et services "
                      "sont laissés de côté. Les filtres se combinent."))
    p.add_argument("file", metavar=_("FICHIER"), help=_("fichier CSV ou XLSX"))
    p.add_argument("--departement", action="append", default=[], metavar=_("CODE"),
                   help=_("seulement ce département, par exemple 021 ou 2A (répétable)"))
    p.add_argument("--type", dest="types", action="append", default=[], metavar=_("TYPE"),
                   help=_("seulement ce type : ecole (maternelle, élémentaire, primaire), college, ou un type "
                          "précis : maternelle, elementaire, primaire (répétable)"))
    p.add_argument("--commune", action="append", default=[], metavar=_("COMMUNE"),
                   help=_("seulement cette commune, sans tenir compte des majuscules ni des accents (répétable)"))
    sector = p.add_mutually_exclusive_group()
    sector.add_argument("--public", dest="sector", action="store_const", const="public",
                        help=_("seulement les établissements publics"))
    sector.add_argument("--prive", dest="sector", action="store_const", const="prive",
                        help=_("seulement les établissements privés"))
    _import_options(p)
    p.set_defaults(handler=import_schools)

    p = sub.add_parser(
        "equipment", parents=[common], help=_("matériel d'un fichier CSV ou XLSX"),
        description=_("Importe du matériel. Le format d'import (celui de « export equipment ») a les colonnes : "
                      "{columns} ; « plan » porte le code du plan, vide pour le matériel hors plan dont « origine » "
                      "dit la provenance. Un autre fichier demande une correspondance de colonnes (--mapping), "
                      "proposée d'après ses en-têtes puis mémorisée dans la base. Les salles nommées sont créées au "
                      "besoin. Un équipement déjà présent (même numéro d'inventaire, ou même marque et numéro de "
                      "série) est laissé tel quel, ou mis à jour avec --update.").format(columns=", ".join(CANONICAL)))
    p.add_argument("file", metavar=_("FICHIER"),
                   help=_("fichier CSV (UTF-8 ou Windows-1252, séparé par des points-virgules, des virgules ou des "
                          "tabulations) ou XLSX"))
    p.add_argument("--update", action="store_true",
                   help=_("mettre à jour le matériel déjà présent d'après le fichier (sinon il est laissé tel quel)"))
    p.add_argument("--mapping", metavar=_("FICHIER.json"),
                   help=_("correspondance des colonnes, en JSON : {\"colonnes\": {\"numero_serie\": \"N° de série\", "
                          "…}, \"valeurs\": {\"plan\": \"DIJON-2009\"}}"))
    p.add_argument("--sheet", metavar=_("FEUILLE"), help=_("feuille à lire dans un classeur XLSX (par défaut la "
                                                           "première)"))
    _import_options(p)
    p.set_defaults(handler=import_equipment)


def _import_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dry-run", action="store_true",
                   help=_("simulation : tout vérifier et dire ce qui serait fait, sans rien enregistrer"))
    p.add_argument("--valid-only", action="store_true",
                   help=_("enregistrer les lignes valides et laisser de côté les lignes rejetées (par défaut, une "
                          "seule ligne rejetée annule tout l'import)"))
    p.add_argument("--errors", metavar=_("FICHIER.csv"),
                   help=_("écrire les lignes rejetées (ligne, colonne, valeur, raison) dans ce fichier CSV ou XLSX"))


def _register_export(commands, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser(
        "export", help=_("exporter le matériel ou les écoles en CSV ou XLSX"),
        description=_("Écrit un fichier CSV (UTF-8 avec BOM, « ; », pour Excel en français) ou XLSX, selon "
                      "l'extension du nom donné, dans le format que relit « import ». Une cellule qu'un tableur "
                      "prendrait pour une formule (=, +, -, @…) est précédée d'une apostrophe."))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), title=_("actions"), required=True)

    p = sub.add_parser(
        "equipment", parents=[common], help=_("exporter le matériel (tout, un filtre ou une sélection)"),
        description=_("Exporte le matériel trié par numéro d'inventaire, au format d'import : tout, ou ce que "
                      "choisissent les filtres (les mêmes que « equipment list »), ou les numéros de --items."))
    p.add_argument("file", metavar=_("FICHIER"), help=_("fichier .csv ou .xlsx à écrire"))
    add_filter_arguments(p)
    p.add_argument("--items", metavar="N,N,…",
                   help=_("seulement ces numéros d'inventaire, séparés par des virgules"))
    p.set_defaults(handler=export_equipment)

    p = sub.add_parser(
        "schools", parents=[common], help=_("exporter les écoles"),
        description=_("Exporte les écoles triées par code UAI, dans le format que relit « import schools » : "
                      "exporter les écoles puis le matériel, les importer dans une base vide (écoles d'abord) et "
                      "exporter à nouveau donne les mêmes fichiers."))
    p.add_argument("file", metavar=_("FICHIER"), help=_("fichier .csv ou .xlsx à écrire"))
    p.add_argument("--school", dest="schools", action="append", default=[], metavar="UAI",
                   help=_("seulement cette école (répétable, ou plusieurs codes séparés par des virgules)"))
    p.set_defaults(handler=export_schools)


# -- import ------------------------------------------------------------------------------------------------------


def _progress(ctx, what: str) -> Progress | None:
    """A counter on a terminal's stderr (a long file takes a while); nothing for pipes and --json."""
    if ctx.json or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> bool:
        sys.stderr.write("\r" + _("{what} : ligne {done}/{total}").format(what=what, done=done, total=total))
        if done >= total:
            sys.stderr.write("\r" + " " * 60 + "\r")
        sys.stderr.flush()
        return True

    return show


def _options(args: argparse.Namespace, on_duplicate: DuplicatePolicy = DuplicatePolicy.SKIP) -> ImportOptions:
    return ImportOptions(dry_run=args.dry_run, valid_only=args.valid_only, on_duplicate=on_duplicate)


def import_schools(ctx) -> int:
    args = ctx.args
    types = frozenset().union(*(school_types(text) for text in args.types)) if args.types else frozenset()
    filters = DirectoryFilter(departements=tuple(d.strip() for d in args.departement if d.strip()),
                              communes=tuple(c.strip() for c in args.commune if c.strip()), types=types,
                              sector=args.sector)
    try:
        report = ctx.services.importing.schools(args.file, filters=filters, options=_options(args),
                                                progress=_progress(ctx, _("Import des écoles")))
    except ImportFileError:
        if _kind(ctx, args.file) == "equipements":
            raise TiceError(_("« {file} » est une liste de matériel, pas d'écoles : importez-la avec « ticeinventory "
                              "import equipment {file} ».").format(file=args.file)) from None
        raise
    return _finish(ctx, report)


def _kind(ctx, path: str, sheet: str | None = None) -> str:
    """What the file looks like (``ecoles``, ``equipements`` or ``""``), to point to the right command."""
    try:
        return ctx.services.importing.inspect(path, sheet=sheet).kind
    except TiceError:
        return ""


def import_equipment(ctx) -> int:
    args = ctx.args
    mapping = mappings.load_file(args.mapping) if args.mapping else None
    policy = DuplicatePolicy.UPDATE if args.update else DuplicatePolicy.SKIP
    try:
        report = ctx.services.importing.equipment(args.file, mapping=mapping, options=_options(args, policy),
                                                  progress=_progress(ctx, _("Import du matériel")),
                                                  sheet=args.sheet)
    except MappingRequired as error:
        return _mapping_required(ctx, error)
    return _finish(ctx, report)


def _mapping_required(ctx, error: MappingRequired) -> int:
    """The file needs a mapping: say so, with the guessed one ready to save as the --mapping file."""
    if _kind(ctx, ctx.args.file, ctx.args.sheet) == "ecoles":
        raise TiceError(_("« {file} » est une liste d'écoles, pas de matériel : importez-la avec « ticeinventory "
                          "import schools {file} ».").format(file=ctx.args.file))
    hint = _("Enregistrez cette correspondance dans un fichier (par exemple correspondance.json), vérifiez-la, puis "
             "relancez : ticeinventory import equipment {file} --mapping correspondance.json").format(
        file=_quoted(ctx.args.file))
    if ctx.json:
        ctx.emit_json({"mapping_required": True, "headers": error.headers, "mapping": error.guess.to_dict(),
                       "message": error.message})
    lines = f"{error.message}\n{hint}".split("\n")
    prefix = _("Erreur : ")
    err(prefix + lines[0], *(" " * len(prefix) + line for line in lines[1:]))
    return EXIT_REFUSED


def _quoted(path: str) -> str:
    return f'"{path}"' if any(c.isspace() for c in path) else path


def _finish(ctx, report: ImportReport) -> int:
    """Write the errors file if asked, print the report, and say with the exit code whether rows were rejected."""
    errors_file: ExportResult | None = None
    if ctx.args.errors:
        errors_file = export_errors(report, ctx.args.errors)
    code = EXIT_REFUSED if report.rejected else 0
    if ctx.json:
        data: dict[str, Any] = to_data(report)
        data["ok"] = report.ok
        data["summary"] = report.summary()
        data["errors_file"] = str(errors_file.path) if errors_file else None
        ctx.emit_json(data)
        return code
    out(*report.summary())
    if report.rooms_created:
        out("", _("Salles créées :") if report.committed else _("Salles à créer :"))
        rooms = sorted(report.rooms_created)
        out(*(f"  {uai} {name}" for uai, name in rooms[:CHANGES_SHOWN]))
        if len(rooms) > CHANGES_SHOWN:
            out("  " + _("… et {n} autre(s) (liste complète avec --json).").format(n=len(rooms) - CHANGES_SHOWN))
    if report.changes:
        out("", _("Changements :") if report.committed else _("Changements prévus :"))
        out(*("  " + _change_line(change, report.kind) for change in report.changes[:CHANGES_SHOWN]))
        hidden = len(report.changes) - CHANGES_SHOWN + report.changes_not_listed
        if hidden > 0:
            out("  " + _("… et {n} autre(s) (liste complète avec --json).").format(n=hidden))
    if report.skipped and report.kind == "equipements":
        out(_("Pour appliquer les différences des doublons laissés tels quels, relancez avec --update."))
    if report.errors:
        out("", plural(len(report.errors) + report.errors_not_listed, _("{n} erreur :"), _("{n} erreurs :")))
        out(*("  " + str(error) for error in report.errors))
    if errors_file is not None:
        out("", _("Lignes rejetées écrites dans « {path} » ({n}).").format(path=errors_file.path,
                                                                          n=errors_file.rows))
    return code


def _change_line(change: RowChange, kind: str) -> str:
    """``ligne 4, 0210001M (créé) — École maternelle Colette``, or the fields that change, named as the file's
    columns (the school import reports its fields by their names in the database: shown as the export's)."""
    text = _("ligne {line}, {key} ({outcome})").format(line=change.line, key=change.key,
                                                       outcome=change.outcome.label)
    if not change.changes:
        return f"{text} — {change.label}" if change.label else text
    names = SCHOOL_FIELD_COLUMNS if kind == "ecoles" else {}
    detail = "; ".join(_("{column} : « {old} » → « {new} »").format(column=names.get(c.column, c.column), old=c.old,
                                                                    new=c.new) for c in change.changes)
    return f"{text} : {detail}"


# -- export ------------------------------------------------------------------------------------------------------


def _numbers(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def export_equipment(ctx) -> int:
    args = ctx.args
    flt = equipment_filter(ctx)
    ids = None
    if args.items is not None:
        numbers = _numbers(args.items)
        if not numbers:
            raise TiceError(_("--items attend des numéros d'inventaire séparés par des virgules."))
        ids = list(dict.fromkeys(ctx.services.equipment.find(number).id for number in numbers))
    result = ctx.services.export.equipment(args.file, flt, ids=ids)
    return _exported(ctx, result, plural(result.rows, _("{n} équipement exporté"), _("{n} équipements exportés")))


def export_schools(ctx) -> int:
    uais = [uai for text in ctx.args.schools for uai in _numbers(text)]
    chosen = [ctx.services.schools.find(uai).uai for uai in uais] if uais else None  # an unknown UAI is refused
    result = ctx.services.export.schools(ctx.args.file, uais=chosen)
    return _exported(ctx, result, plural(result.rows, _("{n} école exportée"), _("{n} écoles exportées")))


def _exported(ctx, result: ExportResult, what: str) -> int:
    if ctx.json:
        ctx.emit_json({"path": str(result.path), "format": result.format.value, "rows": result.rows})
        return 0
    out(_("{what} dans « {path} » ({format}).").format(what=what, path=Path(result.path),
                                                      format=result.format.value.upper()))
    return 0
