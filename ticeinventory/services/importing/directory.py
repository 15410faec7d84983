"""Schools from the national directory, or from this application's own school export, updated by UAI.

Layouts recognised from their headers (extra columns are ignored, names compared without case or accents):

- « Annuaire de l'éducation » (``fr-en-annuaire-education``): ``Identifiant_de_l_etablissement``,
  ``Nom_etablissement``, ``Type_etablissement``, ``Statut_public_prive``, ``Adresse_1``, ``Code_postal``,
  ``Nom_commune``, ``Code_departement``, ``libelle_nature``, ``Ecole_maternelle``, ``Ecole_elementaire``,
  ``Telephone``, ``Mail``, ``nom_circonscription``…, in whatever set a given year has;
- the older geolocation file: ``numero_uai``, ``appellation_officielle``, ``adresse_uai``, ``code_postal_uai``,
  ``libelle_commune``, ``nature_uai_libe``, ``secteur_public_prive_libe``…;
- this application's export (``ExportService.schools``): ``uai``, ``nom``, ``type``, … every field of a school.

Re-importing the same file changes nothing (each school is matched by UAI and only differences are written,
through the ORM so that the audit trail records them). The national files speak for the fields they have: an
empty cell there never erases what the city typed (a director's phone, say), and a malformed phone or postcode
is left aside with a warning rather than losing the school. This application's own export is authoritative for
every field, and strict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ticeinventory.db import models as m
from ticeinventory.db.audit import Actor
from ticeinventory.db.database import Database
from ticeinventory.domain import uai as uai_rules
from ticeinventory.domain.enums import AuditSource, SchoolType, fold
from ticeinventory.domain.errors import TiceError, ValidationError
from ticeinventory.domain.i18n import N_, _

from ..schools import FIELD_LABELS, clean_school
from .report import (
    FieldChange,
    ImportCancelled,
    ImportFileError,
    ImportOptions,
    ImportReport,
    Outcome,
    RowChange,
    RowError,
)
from .tables import open_table

Progress = Callable[[int, int], bool | None]
CHUNK = 500

SCHOOL_COLUMNS = ("uai", "nom", "type", "adresse", "code_postal", "commune", "circonscription", "zone_vacances",
                  "directeur", "telephone", "courriel", "active", "notes")
_OWN_FIELDS = dict(zip(SCHOOL_COLUMNS, ("uai", "name", "type", "address", "postcode", "commune", "circonscription",
                                        "holiday_zone", "director_name", "phone", "email", "active", "notes"),
                       strict=True))

# what we read → folded header names that may hold it, first found wins
_ALIASES = {
    "uai": ("identifiantdeletablissement", "numerouai", "uai"),
    "name": ("nometablissement", "appellationofficielle"),
    "denomination": ("denominationprincipale",),
    "patronyme": ("patronymeuai",),
    "nature": ("libellenature", "natureuailibe"),
    "nature_code": ("codenature", "natureuai"),
    "kind": ("typeetablissement",),
    "maternelle": ("ecolematernelle",),
    "elementaire": ("ecoleelementaire",),
    "sector": ("statutpublicprive", "secteurpublicprivelibe"),
    "address": ("adresse1", "adresseuai"),
    "postcode": ("codepostal", "codepostaluai"),
    "commune": ("nomcommune", "libellecommune", "localiteacheminementuai"),
    "departement": ("codedepartement",),
    "phone": ("telephone",),
    "email": ("mail",),
    "circonscription": ("nomcirconscription",),
}
LAYOUTS = {"annuaire": N_("Annuaire de l'éducation"), "geolocalisation": N_("Annuaire, format géolocalisation"),
           "tice": N_("Écoles exportées de TICE Inventaire")}
_SOFT = {"postcode", "phone", "email", "address", "commune", "circonscription"}
_SCHOOL_TYPES = {"ecole": frozenset({SchoolType.MATERNELLE, SchoolType.ELEMENTAIRE, SchoolType.PRIMAIRE}),
                 "ecoles": frozenset({SchoolType.MATERNELLE, SchoolType.ELEMENTAIRE, SchoolType.PRIMAIRE}),
                 "college": frozenset({SchoolType.COLLEGE}), "colleges": frozenset({SchoolType.COLLEGE})}


def school_types(text: str) -> frozenset[SchoolType]:
    """``ecole`` (maternelle, élémentaire, primaire), ``college``, or one school type by value or label."""
    key = fold(text)
    if key in _SCHOOL_TYPES:
        return _SCHOOL_TYPES[key]
    try:
        return frozenset({SchoolType.parse(text)})
    except ValueError:
        raise TiceError(_("Type d'établissement « {value} » inconnu : indiquez ecole, college, maternelle, "
                          "elementaire ou primaire.").format(value=text)) from None


def departement_key(text: str) -> str:
    """``021``, ``21`` → ``21``; ``2A`` stays ``2A``."""
    return text.strip().upper().lstrip("0")


@dataclass(frozen=True)
class DirectoryFilter:
    """Which schools of the file to take. Empty means no filter; ``sector`` is ``public`` or ``prive``."""

    departements: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()
    types: frozenset[SchoolType] = frozenset()
    sector: str | None = None

    def keeps(self, row: dict[str, str], school_type: SchoolType) -> bool:
        if self.departements:
            dept = row.get("departement") or row["uai"][:3]
            if departement_key(dept) not in {departement_key(d) for d in self.departements}:
                return False
        if self.communes and fold(row.get("commune", "")) not in {fold(c) for c in self.communes}:
            return False
        if self.types and school_type not in self.types:
            return False
        return not (self.sector and row.get("sector") and not fold(row["sector"]).startswith(fold(self.sector)[:4]))


def detect_layout(headers: list[str]) -> str:
    folded = {fold(h) for h in headers}
    if "identifiantdeletablissement" in folded:
        return "annuaire"
    if "numerouai" in folded:
        return "geolocalisation"
    if {"uai", "nom"} <= folded:
        return "tice"
    raise ImportFileError(_("Ce fichier n'a pas la forme de l'annuaire de l'éducation : la colonne de l'identifiant "
                            "(Identifiant_de_l_etablissement, numero_uai ou uai) est introuvable. Colonnes lues : "
                            "{headers}.").format(headers=", ".join(headers)))


def school_type_of(row: dict[str, str]) -> SchoolType | None:
    """The application's type for a directory row; None for what it does not manage (lycées, services…)."""
    nature = fold(row.get("nature", ""))
    code = row.get("nature_code", "").strip()
    both = row.get("maternelle", "").strip() == "1" and row.get("elementaire", "").strip() == "1"
    primary = both or "primaire" in fold(row.get("name", ""))
    if nature:
        if "maternelle" in nature:
            return SchoolType.MATERNELLE
        if "elementaire" in nature or "primaire" in nature or "premierdegre" in nature:
            return SchoolType.PRIMAIRE if primary else SchoolType.ELEMENTAIRE
        if "college" in nature:
            return SchoolType.COLLEGE
        return None
    if code.isdigit():
        number = int(code)
        if 100 <= number < 150:
            return SchoolType.MATERNELLE
        if 150 <= number < 200:
            return SchoolType.PRIMAIRE if primary else SchoolType.ELEMENTAIRE
        return SchoolType.COLLEGE if number == 340 else None
    kind = fold(row.get("kind", ""))
    if kind.startswith("ecole"):
        if both or row.get("elementaire", "").strip() == "1":
            return SchoolType.PRIMAIRE if primary else SchoolType.ELEMENTAIRE
        return SchoolType.MATERNELLE if row.get("maternelle", "").strip() == "1" else SchoolType.ELEMENTAIRE
    return SchoolType.COLLEGE if kind.startswith("college") else None


class DirectoryImporter:
    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = Actor(user=actor.user, source=AuditSource.IMPORT.value)

    def run(self, path: str | Path, *, filters: DirectoryFilter | None = None,
            options: ImportOptions | None = None, progress: Progress | None = None) -> ImportReport:
        """Create or update the schools of ``path`` kept by ``filters``; same transaction rules as the
        equipment import (all or nothing unless ``valid_only``; nothing written on a dry run or a cancel)."""
        filters = filters or DirectoryFilter()
        options = options or ImportOptions()
        with open_table(path) as table:
            layout = detect_layout(table.headers)
            report = ImportReport("ecoles", replace(table.source, layout=_(LAYOUTS[layout])), options)
            positions = _positions(table.headers, layout)
            try:
                with self.db.writing(self.actor) as session:
                    run = _Run(session, report, filters, layout)
                    for done, row in enumerate(table.rows(), start=1):
                        report.rows += 1
                        if row.problem:
                            report.rejected += 1
                            report.add_error(RowError(row.line, "", "", row.problem))
                        else:
                            values = {key: row.cells[i].strip() for key, i in positions.items()}
                            run.row(row.line, values, {key: table.headers[i] for key, i in positions.items()})
                        if done % CHUNK == 0:
                            run.flush()
                            _tick(progress, row.line, table.total)
                    run.finish()
                    _tick(progress, table.total, table.total)
                    if options.dry_run or (report.rejected and not options.valid_only):
                        raise _Rollback
                    report.committed = True
            except _Rollback:
                report.committed = False
        return report


class _Rollback(Exception):
    pass


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and progress(min(done, max(total, done)), max(total, done)) is False:
        raise ImportCancelled


def _positions(headers: list[str], layout: str) -> dict[str, int]:
    folded = [fold(h) for h in headers]
    positions: dict[str, int] = {}
    if layout == "tice":
        for column in SCHOOL_COLUMNS:
            if fold(column) in folded:
                positions[_OWN_FIELDS[column]] = folded.index(fold(column))
        return positions
    for key, aliases in _ALIASES.items():
        for alias in aliases:
            if alias in folded:
                positions[key] = folded.index(alias)
                break
    return positions


class _Run:
    def __init__(self, session: Session, report: ImportReport, filters: DirectoryFilter, layout: str) -> None:
        self.session = session
        self.report = report
        self.filters = filters
        self.own = layout == "tice"
        self.existing = {s.uai: s.id for s in session.execute(select(m.School.uai, m.School.id))}
        self.seen: dict[str, int] = {}
        self.unmanaged = 0

    def row(self, line: int, row: dict[str, str], headers: dict[str, str]) -> None:
        report = self.report
        school_type: SchoolType | None
        if self.own:
            try:
                school_type = SchoolType.parse(row.get("type", ""))
            except ValueError:
                school_type = None  # clean_school says why, with the value read
        else:
            if not row.get("name"):  # the geolocation file sometimes leaves the official name empty
                row["name"] = " ".join(p for p in (row.get("denomination", ""), row.get("patronyme", "")) if p)
            school_type = school_type_of(row)
            if school_type is None:
                report.filtered += 1
                self.unmanaged += 1
                return
        uai = uai_rules.normalise(row.get("uai", ""))
        if school_type is not None and uai and not self.filters.keeps({**row, "uai": uai}, school_type):
            report.filtered += 1
            return
        values = self._values(row, school_type)
        clean, problems = _clean(values, soft=set() if self.own else _SOFT)
        errors: list[RowError] = []
        for key, message in problems.items():
            if key in _SOFT and not self.own:
                report.warnings.append(_("Ligne {line} : {field} « {value} » laissé de côté ({reason}).").format(
                    line=line, field=_(FIELD_LABELS.get(key, key)).lower(), value=values.get(key, ""),
                    reason=message))
            else:
                errors.append(RowError(line, headers.get(key) or headers.get("uai", ""), str(values.get(key, "")),
                                       message))
        if not errors and uai in self.seen:
            errors.append(RowError(line, headers.get("uai", ""), uai, _(
                "L'école {uai} figure déjà ligne {other} de ce fichier.").format(uai=uai, other=self.seen[uai])))
        if errors:
            report.rejected += 1
            for error in errors:
                report.add_error(error)
            return
        self.seen[uai] = line
        if uai in self.existing:
            self._update(line, self.existing[uai], clean)
        else:
            self._create(line, clean)

    def _values(self, row: dict[str, str], school_type: SchoolType | str | None) -> dict[str, Any]:
        if self.own:
            values: dict[str, Any] = {field: row[field] for field in _OWN_FIELDS.values() if field in row}
            values["type"] = school_type if school_type is not None else row.get("type", "")
            return values
        values = {"uai": row.get("uai", ""), "name": row.get("name", ""), "type": school_type}
        for key in ("address", "postcode", "commune", "phone", "email", "circonscription"):
            text = row.get(key, "")
            if text:
                values[key] = text.zfill(5) if key == "postcode" and text.isdigit() and len(text) == 4 else text
        return values

    def _create(self, line: int, clean: dict[str, Any]) -> None:
        school = m.School(**{**_BLANK_SCHOOL, **clean})
        self.session.add(school)
        self.session.flush()
        self.existing[school.uai] = school.id
        self.report.created += 1
        self.report.add_change(RowChange(line=line, key=school.uai, outcome=Outcome.CREATED, label=school.name))

    def _update(self, line: int, school_id: int, clean: dict[str, Any]) -> None:
        school = self.session.get(m.School, school_id)
        changes = []
        for key, value in clean.items():
            if getattr(school, key) != value:
                changes.append(FieldChange(column=key, old=_shown(key, getattr(school, key)),
                                           new=_shown(key, value)))
                setattr(school, key, value)
        if not changes:
            self.report.unchanged += 1
            return
        self.report.updated += 1
        self.report.add_change(RowChange(line=line, key=school.uai, outcome=Outcome.UPDATED, changes=tuple(changes),
                                         label=school.name))

    def flush(self) -> None:
        self.session.flush()
        self.session.expunge_all()

    def finish(self) -> None:
        self.flush()
        if self.unmanaged:
            self.report.warnings.append(_("{n} établissement(s) d'un type que l'application ne gère pas (lycées, "
                                          "services…) laissé(s) de côté.").format(n=self.unmanaged))


_BLANK_SCHOOL = {"address": "", "postcode": "", "commune": "", "circonscription": "", "holiday_zone": "",
                 "director_name": "", "phone": "", "email": "", "active": True, "notes": ""}


def _shown(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if key == "type" and value:
        return SchoolType(value).label
    return "" if value is None else str(value)


def _clean(values: dict[str, Any], *, soft: set[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """``clean_school`` on the row; soft fields in error are dropped and reported, others make the row fail."""
    try:
        return clean_school(values), {}
    except ValidationError as error:
        problems = dict(error.errors)
    kept = {k: v for k, v in values.items() if k not in problems or k not in soft}
    if any(k not in soft for k in problems):
        return {}, problems
    try:
        return clean_school(kept), problems
    except ValidationError as error:
        return {}, {**problems, **error.errors}
