"""What an import did, or would do (dry run): plain records for the command line, the GUI assistant and the tests.

Memory stays flat on big files: created rows are only counted; errors and changes are listed up to
``ImportOptions.max_details`` each, and the rest counted (``errors_not_listed``, ``changes_not_listed``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ticeinventory.domain.errors import TiceError
from ticeinventory.domain.i18n import N_, _, ngettext


class ImportFileError(TiceError):
    """The file cannot be read as a table: wrong format, damaged, truncated, too big, unsafe."""


class ImportCancelled(TiceError):
    """The progress callback returned False: the transaction was rolled back."""

    def __init__(self) -> None:
        super().__init__(_("Import annulé : la base n'a pas été modifiée."))


class DuplicatePolicy(StrEnum):
    """What to do with a row that designates an item already in the database."""

    SKIP = "ignorer"
    UPDATE = "mettre_a_jour"


class Outcome(StrEnum):
    CREATED = "cree"
    UPDATED = "mis_a_jour"
    UNCHANGED = "inchange"
    SKIPPED = "ignore"
    REJECTED = "rejete"
    FILTERED = "filtre"

    @property
    def label(self) -> str:
        return _({"cree": N_("créé"), "mis_a_jour": N_("mis à jour"), "inchange": N_("inchangé"),
                  "ignore": N_("doublon ignoré"), "rejete": N_("rejeté"), "filtre": N_("hors filtre")}[self.value])


@dataclass(frozen=True)
class ImportOptions:
    """``dry_run``: check and count everything, write nothing. ``valid_only``: import the valid rows and skip the
    others (by default a single rejected row cancels the whole import)."""

    dry_run: bool = False
    valid_only: bool = False
    on_duplicate: DuplicatePolicy = DuplicatePolicy.SKIP
    max_details: int = 10_000


@dataclass(frozen=True)
class RowError:
    """One problem: the file line (as a spreadsheet numbers it), the column as headed in the file, the value read."""

    line: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        if self.column:
            return _("ligne {line}, colonne « {column} », valeur « {value} » : {reason}").format(
                line=self.line, column=self.column, value=self.value, reason=self.reason)
        return _("ligne {line} : {reason}").format(line=self.line, reason=self.reason)


@dataclass(frozen=True)
class FieldChange:
    column: str
    old: str
    new: str


@dataclass(frozen=True)
class RowChange:
    """A row that meets an existing record (school by UAI, item by inventory number or make + serial number)."""

    line: int
    key: str
    outcome: Outcome
    changes: tuple[FieldChange, ...] = ()
    matched_by: str = ""
    label: str = ""

    def describe(self) -> str:
        detail = "; ".join(f"{c.column} : « {c.old} » → « {c.new} »" for c in self.changes)
        text = _("ligne {line}, {key} ({outcome})").format(line=self.line, key=self.key, outcome=self.outcome.label)
        return f"{text} : {detail}" if detail else text


@dataclass(frozen=True)
class SourceInfo:
    """How the file was read."""

    name: str
    format: str
    encoding: str = ""
    delimiter: str = ""
    layout: str = ""

    def describe(self) -> str:
        parts = [self.format.upper()]
        if self.encoding:
            parts.append(_("encodage {encoding}").format(encoding=self.encoding))
        if self.delimiter:
            shown = {"\t": _("tabulation"), ";": _("point-virgule"), ",": _("virgule")}.get(self.delimiter,
                                                                                          self.delimiter)
            parts.append(_("séparateur {delimiter}").format(delimiter=shown))
        if self.layout:
            parts.append(self.layout)
        return ", ".join(parts)


@dataclass
class ImportReport:
    kind: str  # "equipements" or "ecoles"
    source: SourceInfo
    options: ImportOptions
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rejected: int = 0
    filtered: int = 0
    committed: bool = False
    errors: list[RowError] = field(default_factory=list)
    errors_not_listed: int = 0
    changes: list[RowChange] = field(default_factory=list)
    changes_not_listed: int = 0
    rooms_created: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    mapping_used: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """No row was rejected."""
        return self.rejected == 0

    @property
    def rejected_lines(self) -> list[int]:
        return sorted({e.line for e in self.errors})

    def add_error(self, error: RowError) -> None:
        if len(self.errors) < self.options.max_details:
            self.errors.append(error)
        else:
            self.errors_not_listed += 1

    def add_change(self, change: RowChange) -> None:
        if len(self.changes) < self.options.max_details:
            self.changes.append(change)
        else:
            self.changes_not_listed += 1

    def summary(self) -> list[str]:
        """French lines for a terminal or a dialog: what was read, what happened (or would), then the warnings."""
        lines = [_("{file} ({how}) : {n} ligne(s) lue(s).").format(file=self.source.name, how=self.source.describe(),
                                                                    n=self.rows)]
        what = _("Équipements") if self.kind == "equipements" else _("Écoles")
        counts = [
            (self.created, ngettext("{n} ajout", "{n} ajouts", self.created)),
            (self.updated, ngettext("{n} mise à jour", "{n} mises à jour", self.updated)),
            (self.unchanged, ngettext("{n} sans changement", "{n} sans changement", self.unchanged)),
            (self.skipped, ngettext("{n} doublon laissé tel quel", "{n} doublons laissés tels quels", self.skipped)),
            (self.filtered, ngettext("{n} hors filtre", "{n} hors filtre", self.filtered)),
        ]
        done = ", ".join(text.format(n=n) for n, text in counts if n) or _("aucune ligne")
        rejected = ngettext("{n} ligne rejetée", "{n} lignes rejetées", self.rejected).format(n=self.rejected)
        if self.committed:
            lines.append(_("{what} : {done}.").format(what=what, done=done + (", " + rejected if self.rejected
                                                                              else "")))
            lines.append(_("Import enregistré."))
        elif self.options.dry_run:
            lines.append(_("Simulation — {what} : {done}.").format(
                what=what.lower(), done=done + (", " + rejected if self.rejected else "")))
            lines.append(_("Rien n'a été enregistré."))
        else:
            lines.append(_("Rien n'a été enregistré : {rejected}. Sans ces lignes, l'import donnerait — {what} : {done}."
                           ).format(rejected=rejected, what=what.lower(), done=done))
            lines.append(_("Corrigez le fichier, ou importez seulement les lignes valides."))
        if self.rooms_created:
            n = len(self.rooms_created)
            lines.append((ngettext("{n} salle créée à la demande.", "{n} salles créées à la demande.", n)
                          if self.committed else
                          ngettext("{n} salle à créer à la demande.", "{n} salles à créer à la demande.", n)
                          ).format(n=n))
        if self.errors_not_listed:
            lines.append(_("… et {n} autre(s) erreur(s) non détaillée(s).").format(n=self.errors_not_listed))
        lines.extend(self.warnings)
        return lines
