"""What the import and export GUI tests share: files built in the test, the database read beside the
application, scripted answers to the file choosers."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
from contextlib import closing
from pathlib import Path

from PySide6.QtCore import Qt

from ticeinventory.services.importing import CANONICAL
from ticeinventory.ui.transfer_controller import TransferPrompts

VOLTAIRE = "0219613K"  # École élémentaire Voltaire, Dijon (demo city)

__all__ = ["CANONICAL", "VOLTAIRE", "ScriptedPrompts", "click", "idle", "item", "shots_dir", "table_counts",
           "table_rows", "write_csv"]


# -- files and database --------------------------------------------------------------------------------------


def write_csv(path: Path, rows, *, delimiter: str = ";", encoding: str = "utf-8-sig") -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def item(**values: str) -> list[str]:
    """A row of the canonical format: a valid PC of the Voltaire school unless told otherwise."""
    row = dict.fromkeys(CANONICAL, "")
    row.update(uai=VOLTAIRE, salle="Salle informatique", categorie="PC fixe", marque="Dell", modele="OptiPlex 7010",
               statut="En service", plan="DIJON-2009", date_acquisition="03/09/2024", prix_achat="612,40 €",
               fournisseur="Dell SAS", attribution="Collectif")
    unknown = set(values) - set(row)
    assert not unknown, unknown
    row.update(values)
    return [row[c] for c in CANONICAL]


def table_counts(services) -> dict[str, int]:
    """Rows of every table (the audit trail included), read beside the application's own connections."""
    with closing(sqlite3.connect(services.db.path)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def table_rows(services) -> dict[str, list[tuple]]:
    """Every row of every table: equal before and after means nothing at all was written."""
    with closing(sqlite3.connect(services.db.path)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def shots_dir(tmp_path: Path) -> Path:
    """Screenshots go to $TICEINVENTORY_SHOTS when set (to look at them), else stay in the test's folder."""
    folder = Path(os.environ.get("TICEINVENTORY_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class ScriptedPrompts(TransferPrompts):
    """The user's answers to the file choosers, given in advance; messages are recorded, never shown."""

    def __init__(self, folder: Path, *, open_paths=(), save_paths=(), overwrite=()) -> None:
        super().__init__(None)
        self._folder = folder
        self.answers = {"open": list(open_paths), "save": list(save_paths), "overwrite": list(overwrite)}
        self.errors: list[str] = []
        self.messages: list[str] = []

    def _answer(self, question: str):
        assert self.answers[question], f"unexpected question {question!r}"
        answer = self.answers[question].pop(0)
        return str(answer) if isinstance(answer, Path) else answer

    def folder(self) -> Path:
        return self._folder

    def remember_folder(self, folder: Path) -> None:
        pass

    def open_path(self, title, filters):
        return self._answer("open")

    def save_path(self, title, suggested, filters):
        return self._answer("save")

    def confirm_overwrite(self, path):
        return self._answer("overwrite")

    def show_error(self, message: str) -> None:
        self.errors.append(message)

    def show_message(self, message: str) -> None:
        self.messages.append(message)




def idle(qtbot, busy_widget) -> None:
    """Wait until the assistant's (or the export dialog's) worker has finished."""
    qtbot.waitUntil(lambda: not busy_widget.busy, timeout=15_000)


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
