"""Running the command line in-process: ``cli("--db", path, "stats", "--json")`` → exit code, stdout, stderr."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cli_support import Result

from ticeinventory.cli.main import main

Cli = Callable[..., Result]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    def run(*argv: object) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def demo(cli: Cli, demo_path: Path) -> Cli:
    """The command line bound to a fresh copy of the 12-school demo city."""
    return lambda *argv: cli("--db", demo_path, *argv)
