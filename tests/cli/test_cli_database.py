"""init, demo, stats, check; which database is opened; damaged files; exit codes and French usage errors."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from cli_support import audit_count
from sqlalchemy import create_engine

from ticeinventory.cli.main import build_parser, main
from ticeinventory.db.database import _alembic_config, head_revision
from ticeinventory.services.stats import StatsService

STATS_KEYS = {"schools", "rooms", "equipment", "in_plan", "out_of_plan", "by_category", "by_status", "by_plan",
              "by_school_type"}


def test_init_creates_a_new_database_and_says_where(cli, tmp_path: Path):
    path = tmp_path / "sous-dossier" / "ecoles.sqlite"
    result = cli("--db", path, "init")
    assert result.code == 0, result.err
    assert path.exists()
    assert "Base de données créée" in result.out
    assert str(path) in result.out
    assert f"Version du schéma : {head_revision()}" in result.out

    again = cli("init", "--db", path, "--json")  # --db and --json may follow the command
    assert again.code == 0
    assert again.json == {"database": str(path), "created": False, "revision_before": head_revision(),
                          "revision_after": head_revision(), "backup": None}


def test_init_upgrades_an_old_schema_and_names_the_backup(cli, tmp_path: Path):
    path = tmp_path / "ancienne.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        config = _alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    engine.dispose()

    result = cli("--db", path, "init")
    assert result.code == 0, result.err
    assert "mise à jour" in result.out
    backups = list(tmp_path.glob("ancienne.sauvegarde-0001-*.sqlite"))
    assert len(backups) == 1
    assert f"Copie de sauvegarde de l'ancienne version (vérifiée) : {backups[0]}" in result.out
    assert f"Version du schéma : {head_revision()}" in result.out


def test_demo_then_stats_json_is_consistent(cli, tmp_path: Path):
    path = tmp_path / "ville.sqlite"
    built = cli("--db", path, "demo", "--schools", 2, "--seed", 7, "--json")
    assert built.code == 0, built.err
    assert built.json["schools"] == 2

    stats = cli("--db", path, "stats", "--json")
    assert stats.code == 0
    data = stats.json
    assert set(data) >= STATS_KEYS
    assert data["schools"] == 2
    assert data["equipment"] == built.json["equipment"]
    assert data["in_plan"] + data["out_of_plan"] == data["equipment"]
    assert sum(data["by_category"].values()) == data["equipment"]
    assert sum(data["by_status"].values()) == data["equipment"]
    assert set(data["by_status"]) <= {"en_stock", "en_service", "en_panne", "en_reparation", "prete", "perdu",
                                      "vole", "reforme"}


def test_demo_refuses_a_database_that_has_schools(demo, demo_path: Path):
    before = (demo("stats", "--json").json, audit_count(demo_path))
    result = demo("demo")
    assert result.code == 2
    assert result.err.startswith("Erreur : La base contient déjà des écoles")
    assert (demo("stats", "--json").json, audit_count(demo_path)) == before


def test_stats_human_output_is_a_french_table(demo, demo_db):
    result = demo("stats")
    assert result.code == 0
    stats = StatsService(demo_db).summary()
    for label in ("Écoles", "Équipements", "dans un plan", "hors plan (non maintenus)", "Catégorie", "Statut",
                  "En service", "Hors plan (non maintenu)", "École élémentaire", "Stock de la ville"):
        assert label in result.out
    assert f"{stats.equipment}" in result.out
    assert "%" in result.out and "," in result.out  # French percentages: « 96,6 % »

    retired = demo("stats", "--sans-reformes", "--json").json
    assert retired["equipment"] == stats.equipment - stats.by_status.get("reforme", 0)


def test_check_on_the_demo_is_clean(demo):
    result = demo("check")
    assert result.code == 0
    assert "Aucun problème trouvé." in result.out
    assert demo("check", "--json").json["ok"] is True


def test_check_lists_problems_and_exits_1(demo, demo_path: Path):
    with closing(sqlite3.connect(demo_path)) as conn, conn:
        conn.execute("UPDATE schools SET uai = '0131266A' WHERE id = (SELECT min(id) FROM schools)")
    result = demo("check")
    assert result.code == 1
    assert "1 problème trouvé" in result.out
    assert "code UAI invalide : 0131266A" in result.out
    data = demo("check", "--json")
    assert data.code == 1 and data.json["ok"] is False and len(data.json["problems"]) == 1


def test_damaged_file_is_refused_untouched_with_exit_3(cli, tmp_path: Path):
    path = tmp_path / "abimee.sqlite"
    garbage = bytes((i * 37 + 11) % 256 for i in range(8192))
    path.write_bytes(garbage)
    for command_line in (["init"], ["stats"], ["school", "list"], ["demo"]):
        result = cli("--db", path, *command_line)
        assert result.code == 3, command_line
        assert result.err.startswith("Erreur : Le fichier")
        assert "endommagé" in result.err and "Rien n'a été modifié" in result.err
        assert result.out == ""
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["abimee.sqlite"]  # no -wal, -shm nor backup


def test_a_missing_database_is_not_created_by_other_commands(cli, tmp_path: Path):
    path = tmp_path / "faute-de-frappe.sqlite"
    result = cli("--db", path, "school", "list")
    assert result.code == 3
    assert "n'existe pas" in result.err and "init" in result.err
    assert not path.exists()


def test_unusable_targets_exit_3(cli, tmp_path: Path):
    assert cli("--db", tmp_path, "stats").code == 3  # a folder
    result = cli("--db", "inconnu://moi:secret@serveur/base", "stats")
    assert result.code == 3
    assert "secret" not in result.err and "n'est pas comprise" in result.err


def test_db_option_wins_over_the_environment_variable(cli, demo_path: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TICEINVENTORY_DB", str(demo_path))
    assert len(cli("school", "list", "--json").json) == 12  # the variable alone

    empty = tmp_path / "vide.sqlite"
    assert cli("--db", empty, "init").code == 0
    assert cli("--db", empty, "school", "list", "--json").json == []
    assert cli("school", "list", "--db", empty, "--json").json == []  # after the command too

    monkeypatch.delenv("TICEINVENTORY_DB")  # neither: the per-user default file (XDG_DATA_HOME is a temp dir)
    result = cli("init")
    assert result.code == 0
    default = tmp_path / "data" / "ticeinventory" / "ticeinventory.sqlite"
    assert default.exists() and str(default) in result.out


def test_help_is_french_and_documents_exit_codes(cli):
    result = cli("--help")
    assert result.code == 0
    assert result.out.startswith("Utilisation : ticeinventory")
    assert "Codes de sortie" in result.out
    for line in ("0  succès", "1  « check » a trouvé des problèmes", "2  saisie refusée",
                 "3  base de données impossible à ouvrir", "4  erreur inattendue"):
        assert line in result.out
    assert "usage:" not in result.out and "show this help" not in result.out


def _leaf_commands(parser, prefix=()):
    for action in parser._subparsers._group_actions if parser._subparsers else ():
        for name, sub in action.choices.items():
            if sub._subparsers is None:
                yield (*prefix, name)
            else:
                yield from _leaf_commands(sub, (*prefix, name))


@pytest.mark.parametrize("command_line", list(_leaf_commands(build_parser())), ids=" ".join)
def test_every_command_has_a_french_help(cli, command_line):
    result = cli(*command_line, "--help")
    assert result.code == 0
    assert result.out.startswith("Utilisation : ")
    assert "options :" in result.out and "afficher cette aide et quitter" in result.out


@pytest.mark.parametrize(("argv", "message"), [
    ([], "arguments obligatoires manquants : COMMANDE"),
    (["inventer"], "argument COMMANDE : choix inconnu : « inventer »"),
    (["stats", "--en-trop"], "arguments non reconnus : --en-trop"),
    (["demo", "--schools", "zéro"], "argument --schools : « zéro » n'est pas un nombre entier"),
    (["equipment", "move", "PCF-2009-00001"], "indiquez l'un des arguments --school ou --stock"),
    (["equipment", "retire", "PCF-2009-00001"], "arguments obligatoires manquants : --reason"),
    (["equipment", "list", "--stock", "--school", "0210001A"], "argument --school : incompatible avec l'argument --stock"),
])
def test_usage_errors_are_french_with_exit_2(cli, argv, message):
    result = cli(*argv)
    assert result.code == 2
    assert f"Erreur : {message}" in result.err
    assert "error:" not in result.err and "usage:" not in result.err
    assert "Aide : ticeinventory" in result.err


def test_unexpected_error_is_short_with_exit_4(demo, demo_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    def broken(self, **_kwargs):
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(StatsService, "summary", broken)
    result = demo("stats")
    assert result.code == 4
    assert result.err.startswith("Erreur inattendue (RuntimeError) : panne simulée.")
    assert "--debug" in result.err

    assert main(["--db", str(demo_path), "--debug", "stats"]) == 4
    assert "Traceback" in capsys.readouterr().err  # the technical detail only when asked for
