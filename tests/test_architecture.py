"""The layers stay as drawn: ui/cli → services → db → domain, and no Qt below the front ends.

import-linter checks the contracts declared in pyproject.toml; a second check imports every module of the
lower layers in a fresh interpreter and looks at what got loaded.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = ("Layers: ui/cli -> services -> db -> domain", "Reports take plain data: they import only the domain",
             "Domain, db and services never import Qt")


def test_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    for name in CONTRACTS:
        assert f"{name} KEPT" in output, output
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in output, output


def test_lower_layers_load_no_qt() -> None:
    script = """
import importlib, pkgutil, sys
import ticeinventory
for package in ("domain", "db", "services"):
    module = importlib.import_module(f"ticeinventory.{package}")
    for info in pkgutil.walk_packages(module.__path__, f"ticeinventory.{package}."):
        if not info.name.startswith("ticeinventory.db.migrations"):  # run by Alembic only
            importlib.import_module(info.name)
loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("PySide6", "shiboken6")
                or name.startswith(("ticeinventory.ui", "ticeinventory.cli")))
print(" ".join(loaded) or "none")
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "none"
