"""``ticeinventory``: the command line. Parses, opens the database for the current user (audit source ``cli``),
runs one command, and turns every failure into a French message and an exit code:

0 success · 1 ``check`` found problems · 2 refused input · 3 database cannot be opened or used · 4 unexpected.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from ticeinventory.domain.enums import AuditSource
from ticeinventory.domain.errors import DatabaseError, TiceError
from ticeinventory.domain.i18n import _
from ticeinventory.services.app import Services, default_path, open_services, resolve_target

from . import admin, equipment, maintenance, output, reports, schools, settings_cmd, transfer
from .parser import FrenchArgumentParser, ParserExit, UsageError

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_REFUSED = 2
EXIT_DATABASE = 3
EXIT_UNEXPECTED = 4
EXIT_INTERRUPTED = 130

PROG = "ticeinventory"


@dataclass
class Context:
    """What a command handler receives: its arguments, the open services and the output format."""

    args: argparse.Namespace
    services: Services

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    def emit_json(self, value: object) -> None:
        output.out(output.dumps(value))


def _epilog() -> str:
    return _(
        "Codes de sortie :\n"
        "  0  succès\n"
        "  1  « check » a trouvé des problèmes\n"
        "  2  saisie refusée (donnée invalide, élément introuvable, règle des conventions)\n"
        "  3  base de données impossible à ouvrir ou à utiliser\n"
        "  4  erreur inattendue (à signaler, avec --debug pour le détail)\n"
        "\n"
        "Base de données : --db CHEMIN|URL, sinon la variable d'environnement TICEINVENTORY_DB, sinon\n"
        "  {default}\n"
        "Seules « init » et « demo » créent une base absente ; les autres commandes la refusent.\n"
        "--db et --json s'écrivent avant ou après la commande.\n"
        "\n"
        "Exemples :\n"
        "  ticeinventory --db ecoles.sqlite init\n"
        "  ticeinventory school add --uai 0210001m --name \"École élémentaire Voltaire\" --type elementaire\n"
        "  ticeinventory room add 0210001M \"Salle informatique\" --kind salle_informatique\n"
        "  ticeinventory equipment add --category PCF --school 0210001M --room \"Salle informatique\" "
        "--plan DIJON-2009\n"
        "  ticeinventory equipment list --school 0210001M --hors-plan\n"
        "  ticeinventory stats --json"
    ).format(default=default_path())


def common_options() -> argparse.ArgumentParser:
    """``--db`` and ``--json`` repeated on every command (they may follow it); SUPPRESS keeps the global value."""
    common = argparse.ArgumentParser(add_help=False)
    common._optionals.title = _("options")
    common.add_argument("--db", default=argparse.SUPPRESS, metavar=_("CHEMIN|URL"),
                        help=_("fichier SQLite ou URL de la base (voir ticeinventory --help)"))
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help=_("sortie JSON pour les programmes (dates ISO, montants en centimes)"))
    return common


@functools.cache
def build_parser() -> FrenchArgumentParser:
    """The whole command tree (built once per process: argparse parsers are reusable, and building ~25 of them
    costs more than parsing)."""
    parser = FrenchArgumentParser(
        prog=PROG,
        description=_("TICE Inventaire en ligne de commande : écoles, salles et matériel informatique des écoles, "
                      "plan d'équipement ou hors plan."),
        epilog=_epilog())
    parser.add_argument("--db", default=None, metavar=_("CHEMIN|URL"),
                        help=_("fichier SQLite (créé par init) ou URL PostgreSQL ; sinon $TICEINVENTORY_DB, sinon le "
                               "fichier par défaut"))
    parser.add_argument("--json", action="store_true", default=False,
                        help=_("sortie JSON (UTF-8, dates ISO, montants en centimes, valeurs stockées des listes)"))
    parser.add_argument("--debug", action="store_true", default=False,
                        help=_("afficher le détail technique d'une erreur inattendue"))
    commands = parser.add_subparsers(dest="command", metavar=_("COMMANDE"), title=_("commandes"),
                                     parser_class=FrenchArgumentParser)
    commands.required = True
    common = common_options()
    admin.register(commands, common)
    schools.register(commands, common)
    equipment.register(commands, common)
    maintenance.register(commands, common)
    transfer.register(commands, common)
    reports.register(commands, common)
    settings_cmd.register(commands, common)
    return parser


def sqlite_file(target: str | None) -> Path | None:
    """The file a target names when it is SQLite (None for a server URL or an in-memory database)."""
    url = make_url(resolve_target(target))
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def open_for(args: argparse.Namespace) -> Services:
    creates = getattr(args, "creates", False)
    try:
        path = sqlite_file(args.db)
        if path is not None and not creates and not path.exists():
            raise DatabaseError(_("La base « {path} » n'existe pas. Créez-la avec « ticeinventory --db {path} init » "
                                  "(ou « demo » pour une ville de démonstration), ou vérifiez le chemin indiqué par "
                                  "--db ou TICEINVENTORY_DB.").format(path=path))
        services = open_services(args.db, AuditSource.CLI)
    except ArgumentError as error:
        raise DatabaseError(_("L'adresse de base de données « {target} » n'est pas comprise ({error}). Indiquez un "
                              "fichier .sqlite ou une URL postgresql+psycopg://utilisateur@serveur/base.").format(
            target=_shown(args.db or os.environ.get("TICEINVENTORY_DB", "")), error=error)) from error
    report = services.db.report
    if report.backup is not None and not getattr(args, "reports_opening", False):
        output.err(_("Base mise à jour du schéma {before} au schéma {after} ; sauvegarde de l'ancienne version : "
                     "{backup}").format(before=report.revision_before, after=report.revision_after,
                                        backup=report.backup))
    return services


def _shown(target: str) -> str:
    """A target as it may be printed: never with its password."""
    try:
        return make_url(target).render_as_string(hide_password=True)
    except ArgumentError:
        return target if "@" not in target else _("(adresse illisible)")


def _report_error(message: str, prefix: str | None = None) -> None:
    prefix = _("Erreur : ") if prefix is None else prefix
    lines = str(message).strip().split("\n") or [""]
    output.err(prefix + lines[0], *(" " * len(prefix) + line for line in lines[1:]))


def main(argv: Sequence[str] | None = None) -> int:
    output.prepare_streams(sys.stdout, sys.stderr)
    parser = build_parser()
    args: argparse.Namespace | None = None
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        services = open_for(args)
        try:
            return args.handler(Context(args, services))
        finally:
            services.close()
    except ParserExit as stop:
        return stop.status
    except UsageError as error:
        usage = error.parser.format_usage()
        if usage.count("\n") <= 6:  # a long usage (equipment add) would hide the message: --help has it
            sys.stderr.write(usage)
        _report_error(error.message)
        output.err(_("Aide : {prog} --help").format(prog=error.parser.prog))
        return EXIT_REFUSED
    except DatabaseError as error:
        _report_error(error.message)
        return EXIT_DATABASE
    except TiceError as error:
        _report_error(error.message)
        return EXIT_REFUSED
    except OperationalError as error:
        _report_error(_("La base de données ne peut pas être utilisée : {error}. Rien n'a été enregistré pour cette "
                        "commande ; réessayez, ou vérifiez le fichier avec « ticeinventory check ».").format(
            error=str(getattr(error, "orig", error)).strip()))
        return EXIT_DATABASE
    except KeyboardInterrupt:
        output.err(_("Interrompu : rien n'a été enregistré pour la commande en cours."))
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except Exception as error:  # noqa: BLE001 — the last resort: a short message, never a traceback by default
        if args is not None and getattr(args, "debug", False):
            traceback.print_exc(file=sys.stderr)
        _report_error(_("Erreur inattendue ({kind}) : {error}. Signalez-la à l'équipe TICE Inventaire avec la "
                        "commande lancée ; l'option --debug affiche le détail technique.").format(
            kind=type(error).__name__, error=error), prefix="")
        return EXIT_UNEXPECTED


def _silence_stdout() -> None:
    """The reader of a pipe went away (``… | head``): stop writing without a second error at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
