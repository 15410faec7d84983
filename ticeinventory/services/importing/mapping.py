"""Which column of a file holds what: the canonical equipment format, header guessing, remembered mappings.

The canonical format (``CANONICAL``) is exactly what ``ExportService.equipment`` writes, one item per row:

=================  ======================================================================================
numero_inventaire  inventory number; empty: drawn from the configured pattern (``{cat}-{annee}-{seq:5}``)
uai                school UAI (any case); empty: the city stock
salle              room name in that school (any case); created on demand, its kind guessed from its name
categorie          category label or code, without case or accents (« PC fixe », « ecran », « TAB »)
marque, modele     make, model
numero_serie       serial number; make + serial number identify an item as well as its inventory number
statut             status label or code (« En service », « en_stock »…); empty: en service in a school, else en
                   stock; « Réformé »: created, then retired on the day of the import
plan               plan code (« DIJON-2009 »); empty for hors plan equipment…
origine            …whose origin then says why (« Don », « Fonds propres de l'école », « Coopérative »…)
date_acquisition   ``dd/mm/yyyy`` or ISO ``yyyy-mm-dd`` (a date cell in XLSX)
prix_achat         ``1 234,50 €``, ``1234,50`` or ``1234.5`` (a number cell in XLSX)
fournisseur        supplier
fin_garantie       end of warranty, as dates above
nom_reseau         network name
adresse_mac        MAC address, any usual writing (``00-1a-2b…``), stored as ``00:1A:2B:3C:4D:5E``
attribution        « Élève », « Enseignant », « Direction », « Classe », « Collectif », or empty
notes              free text
=================  ======================================================================================

Every value is checked by the entry screen's own rules (``services.equipment._apply``). A text that starts
with an apostrophe followed by ``=``, ``+``, ``-``, ``@``, tab or carriage return loses that apostrophe (the
export's protection against formulas, see ``cells``). When a row updates an existing item (on request), a
column absent from the file leaves its field as it is, an empty cell empties it (an empty ``uai`` moves the
item to the city stock) except ``statut``, whose empty cell keeps the current status; the preview lists every
change before anything is written.

Its column names (any order, any case or accents) need no mapping. Any
other file goes through a mapping, ``canonical column → header in the file``, plus optional values used for
every row (``plan`` of a supplier's delivery list, say). The mapping is guessed from French and English header
names, confirmed by the user, and remembered in the database's ``settings`` table under
``import_mapping:<signature of the headers>``: the database is what the technicians share, so a colleague's
mapping of the same supplier's file is found again by everyone.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from ticeinventory.db import models as m
from ticeinventory.domain.enums import fold
from ticeinventory.domain.errors import TiceError
from ticeinventory.domain.i18n import N_, _

from .report import ImportFileError

CANONICAL = ("numero_inventaire", "uai", "salle", "categorie", "marque", "modele", "numero_serie", "statut", "plan",
             "origine", "date_acquisition", "prix_achat", "fournisseur", "fin_garantie", "nom_reseau", "adresse_mac",
             "attribution", "notes")

LABELS = {
    "numero_inventaire": N_("Numéro d'inventaire"), "uai": N_("École (code UAI)"), "salle": N_("Salle"),
    "categorie": N_("Catégorie"), "marque": N_("Marque"), "modele": N_("Modèle"), "numero_serie": N_("Numéro de série"),
    "statut": N_("Statut"), "plan": N_("Plan d'équipement (code)"), "origine": N_("Origine hors plan"),
    "date_acquisition": N_("Date d'acquisition"), "prix_achat": N_("Prix d'achat"), "fournisseur": N_("Fournisseur"),
    "fin_garantie": N_("Fin de garantie"), "nom_reseau": N_("Nom réseau"), "adresse_mac": N_("Adresse MAC"),
    "attribution": N_("Attribution"), "notes": N_("Remarques"),
}

SYNONYMS: dict[str, tuple[str, ...]] = {
    "numero_inventaire": ("numéro d'inventaire", "n° inventaire", "n° d'inventaire", "no inventaire", "num inventaire",
                          "inventaire", "n° inv", "num inv", "numéro inv", "code inventaire", "n° immobilisation",
                          "immobilisation", "asset tag", "asset number", "asset id", "inventory number", "inventory",
                          "inventory id", "tag"),
    "uai": ("code uai", "rne", "code rne", "n° uai", "uai école", "uai de l'école", "school code", "school id",
            "school uai"),
    "salle": ("local", "pièce", "lieu", "emplacement", "localisation", "room", "location"),
    "categorie": ("catégorie", "type de matériel", "type matériel", "type", "nature", "famille", "category",
                  "device type", "asset type", "equipment type", "kind"),
    "marque": ("fabricant", "constructeur", "manufacturer", "brand", "make"),
    "modele": ("modèle", "model", "référence", "désignation", "model name", "product"),
    "numero_serie": ("numéro de série", "n° de série", "n° série", "no série", "num série", "numéro série", "série",
                     "s/n", "sn", "n/s", "serial", "serial number", "serial no", "serialnumber"),
    "statut": ("état", "status", "state"),
    "plan": ("plan d'équipement", "code plan", "convention", "programme", "plan code", "funding plan"),
    "origine": ("origine hors plan", "financement", "provenance", "origin", "funding", "funding source", "source"),
    "date_acquisition": ("date d'acquisition", "date acquisition", "date d'achat", "date achat", "acquis le",
                         "acheté le", "date de livraison", "date livraison", "date de mise en service",
                         "purchase date", "acquisition date", "date purchased", "delivery date"),
    "prix_achat": ("prix d'achat", "prix achat", "prix", "prix ttc", "prix ht", "montant", "coût", "valeur", "price",
                   "purchase price", "cost", "amount", "unit price"),
    "fournisseur": ("revendeur", "distributeur", "titulaire du marché", "supplier", "reseller", "seller", "vendor"),
    "fin_garantie": ("fin de garantie", "fin garantie", "date fin garantie", "date de fin de garantie",
                     "garantie jusqu'au", "garantie", "warranty", "warranty end", "end of warranty", "warranty expiry",
                     "warranty expiration"),
    "nom_reseau": ("nom réseau", "nom sur le réseau", "nom d'hôte", "nom hôte", "nom machine", "nom du poste",
                   "nom poste", "hostname", "host name", "host", "computer name", "device name", "network name",
                   "netbios"),
    "adresse_mac": ("adresse mac", "mac", "@mac", "mac address", "adresse physique"),
    "attribution": ("attribué à", "affectation", "usage", "assigned to", "user type", "assignment"),
    "notes": ("note", "remarques", "remarque", "commentaire", "commentaires", "observations", "observation",
              "comments", "comment", "remarks", "description"),
}
_FOLDED = {column: (fold(column), {fold(s) for s in SYNONYMS[column]}) for column in CANONICAL}
SETTING_PREFIX = "import_mapping:"


@dataclass(frozen=True)
class ColumnMapping:
    """``columns``: canonical column → header in the file; ``defaults``: canonical column → value for every row
    that has no such column (or an empty cell in it)."""

    columns: Mapping[str, str] = field(default_factory=dict)
    defaults: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"colonnes": dict(self.columns), "valeurs": dict(self.defaults)}

    @classmethod
    def from_dict(cls, data: object) -> ColumnMapping:
        """``{"colonnes": {...}, "valeurs": {...}}``, or a plain ``{canonical: header}``."""
        if not isinstance(data, dict):
            raise ImportFileError(_("Une correspondance de colonnes est un objet JSON, par exemple "
                                    "{\"colonnes\": {\"numero_serie\": \"N° de série\"}}."))
        if "colonnes" in data or "valeurs" in data:
            columns, defaults = data.get("colonnes") or {}, data.get("valeurs") or {}
        else:
            columns, defaults = data, {}
        if not isinstance(columns, dict) or not isinstance(defaults, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for d in (columns, defaults) for k, v in d.items()):
            raise ImportFileError(_("La correspondance de colonnes doit associer des noms de colonnes à des textes."))
        return cls(columns=dict(columns), defaults=dict(defaults))

    def problems(self, headers: Sequence[str]) -> list[str]:
        """Why this mapping cannot read a file with these headers (French), or an empty list."""
        found = []
        present = set(headers)
        for column in sorted(set(self.columns) | set(self.defaults)):
            if column not in CANONICAL:
                found.append(_("« {column} » n'est pas une colonne du format d'import. Colonnes possibles : {all}.")
                             .format(column=column, all=", ".join(CANONICAL)))
        for column, header in self.columns.items():
            if header not in present:
                found.append(_("La colonne « {header} » (pour {what}) n'est pas dans le fichier. Colonnes du fichier : "
                               "{headers}.").format(header=header, what=column, headers=", ".join(headers)))
        if not (self.columns.get("categorie") or self.defaults.get("categorie")):
            found.append(_("Indiquez la colonne de la catégorie du matériel (ou une catégorie pour toutes les lignes)."))
        if not any(self.columns.get(c) or self.defaults.get(c) for c in ("plan", "origine")):
            found.append(_("Indiquez la colonne du plan d'équipement ou celle de l'origine hors plan (ou une valeur "
                           "pour toutes les lignes) : chaque matériel est soit dans un plan, soit hors plan."))
        return found

    def indexes(self, headers: Sequence[str]) -> dict[str, int]:
        """canonical column → position in the row (first column of that header)."""
        position: dict[str, int] = {}
        for index, header in enumerate(headers):
            position.setdefault(header, index)
        return {column: position[header] for column, header in self.columns.items() if header in position}


class MappingRequired(TiceError):
    """The file is not in the canonical format and no mapping was given or remembered; ``guess`` is a proposal."""

    def __init__(self, headers: Sequence[str], guess: ColumnMapping) -> None:
        self.headers = list(headers)
        self.guess = guess
        suggestion = json.dumps(guess.to_dict(), ensure_ascii=False, indent=2)
        super().__init__(_("Les colonnes de ce fichier ne sont pas celles du format d'import ({canonical}). "
                           "Indiquez quelle colonne contient quoi : dans l'assistant d'import, ou avec --mapping et un "
                           "fichier JSON comme celui-ci, proposé d'après les en-têtes (à vérifier) :\n{suggestion}"
                           ).format(canonical=", ".join(CANONICAL), suggestion=suggestion))


def is_canonical(headers: Sequence[str]) -> bool:
    """Every header is a canonical column name (any order, case or accents), the category among them."""
    folded = [fold(h) for h in headers if h.strip()]
    names = {fold(c) for c in CANONICAL}
    return bool(folded) and len(set(folded)) == len(folded) and set(folded) <= names and fold("categorie") in folded


def identity(headers: Sequence[str]) -> ColumnMapping:
    by_fold = {fold(c): c for c in CANONICAL}
    return ColumnMapping(columns={by_fold[fold(h)]: h for h in headers if fold(h) in by_fold})


def guess(headers: Sequence[str]) -> ColumnMapping:
    """Best guess from the header names: exact names, then synonyms, then a synonym inside a longer header."""
    candidates = []
    for index, header in enumerate(headers):
        h = fold(header)
        if not h:
            continue
        for column, (name, synonyms) in _FOLDED.items():
            if h == name:
                candidates.append((3, len(h), -index, column, header))
            elif h in synonyms:
                candidates.append((2, len(h), -index, column, header))
            else:
                inside = [s for s in synonyms | {name} if len(s) >= 4 and s in h]
                if inside:
                    candidates.append((1, max(map(len, inside)), -index, column, header))
    columns: dict[str, str] = {}
    used: set[str] = set()
    for _score, _length, _index, column, header in sorted(candidates, reverse=True):
        if column not in columns and header not in used:
            columns[column] = header
            used.add(header)
    return ColumnMapping(columns={c: columns[c] for c in CANONICAL if c in columns})


def signature(headers: Sequence[str]) -> str:
    return hashlib.sha256("\x1f".join(fold(h) for h in headers).encode()).hexdigest()[:16]


def recall(session: Session, headers: Sequence[str]) -> ColumnMapping | None:
    row = session.get(m.Setting, SETTING_PREFIX + signature(headers))
    if row is None:
        return None
    try:
        return ColumnMapping.from_dict(json.loads(row.value))
    except (ValueError, ImportFileError):
        return None


def remember(session: Session, headers: Sequence[str], mapping: ColumnMapping, file_name: str) -> None:
    """Store the mapping for files with these headers (in the caller's transaction)."""
    key = SETTING_PREFIX + signature(headers)
    value = json.dumps({**mapping.to_dict(), "fichier": file_name, "le": date.today().isoformat()},
                       ensure_ascii=False, sort_keys=True)
    row = session.get(m.Setting, key)
    if row is None:
        session.add(m.Setting(key=key, value=value))
    elif json.loads(row.value).get("colonnes") != dict(mapping.columns) or \
            json.loads(row.value).get("valeurs") != dict(mapping.defaults):
        row.value = value


def load_file(path: str | Path) -> ColumnMapping:
    """A mapping written as JSON (``--mapping FILE``)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise ImportFileError(_("Impossible de lire la correspondance de colonnes « {path} » : {error}.").format(
            path=path, error=error.strerror or error)) from error
    except ValueError as error:
        raise ImportFileError(_("La correspondance de colonnes « {path} » n'est pas du JSON valable : {error}.")
                              .format(path=path, error=error)) from error
    return ColumnMapping.from_dict(data)


def save_file(mapping: ColumnMapping, path: str | Path) -> None:
    Path(path).write_text(json.dumps(mapping.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def resolve(session: Session, headers: Sequence[str], explicit: ColumnMapping | None) -> tuple[ColumnMapping, str]:
    """The mapping to use and how it was found (French); MappingRequired when there is none."""
    if explicit is not None:
        how = _("correspondance de colonnes fournie")
        mapping = explicit
    elif is_canonical(headers):
        how = _("format d'import standard")
        mapping = identity(headers)
    else:
        remembered = recall(session, headers)
        if remembered is None:
            raise MappingRequired(headers, guess(headers))
        how = _("correspondance de colonnes mémorisée pour ce type de fichier")
        mapping = remembered
    problems = mapping.problems(headers)
    if problems:
        raise ImportFileError("\n".join(problems))
    return mapping, how
