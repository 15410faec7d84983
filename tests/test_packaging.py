"""What a built wheel carries: every package of the source tree, the migrations, the resources."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_folder_is_declared_for_the_wheel():
    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "ticeinventory").rglob("__init__.py")}
    assert found - declared == set(), "add these packages to [tool.setuptools] packages in pyproject.toml"
    assert "ticeinventory.resources" in declared


def test_resources_ship_the_fonts_with_their_licence():
    fonts = ROOT / "resources" / "fonts"
    assert (fonts / "DejaVuSans.ttf").stat().st_size > 100_000
    assert (fonts / "LICENSE-DejaVu.txt").exists()
