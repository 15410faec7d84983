"""The real entry points in a child process: ``python -m ticeinventory`` and the ``ticeinventory`` console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CONSOLE_SCRIPT = Path(sys.executable).with_name("ticeinventory")

def _run(argv: list[str], **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONIOENCODING"}
    environment.update(env)
    return subprocess.run(argv, capture_output=True, env=environment, timeout=60, check=False)

def test_python_dash_m_prints_utf8_json(demo_path: Path):
    # even when the pipe's encoding is not UTF-8 (a Windows code page), JSON goes out as UTF-8, unescaped
    result = _run([sys.executable, "-m", "ticeinventory", "--db", str(demo_path), "stats", "--json"],
                  PYTHONIOENCODING="cp1252")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    text = result.stdout.decode("utf-8")
    assert "Écran" in text and "\\u00c9" not in text
    data = json.loads(text)
    assert data["schools"] == 12 and data["in_plan"] + data["out_of_plan"] == data["equipment"]

def test_console_script_refuses_a_damaged_file_with_exit_3(tmp_path: Path):
    assert CONSOLE_SCRIPT.exists(), CONSOLE_SCRIPT
    damaged = tmp_path / "abimee.sqlite"
    damaged.write_bytes(b"\x00ceci n'est pas une base" * 200)
    refused = _run([str(CONSOLE_SCRIPT), "--db", str(damaged), "school", "list"])
    assert refused.returncode == 3
    err = refused.stderr.decode("utf-8")
    assert err.startswith("Erreur : Le fichier") and "Traceback" not in err
    assert refused.stdout == b""
    assert damaged.read_bytes() == b"\x00ceci n'est pas une base" * 200

def test_console_script_writes_through_the_environment_variable(demo_path: Path):
    env = {"TICEINVENTORY_DB": str(demo_path)}
    added = _run([str(CONSOLE_SCRIPT), "school", "add", "--uai", "0210001m", "--name", "École test", "--type", "primaire",
                  "--json"], **env)
    assert added.returncode == 0, added.stderr.decode("utf-8", "replace")
    assert json.loads(added.stdout)["uai"] == "0210001M"
