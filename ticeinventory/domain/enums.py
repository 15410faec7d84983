"""Closed vocabularies of the domain. Values are stored in the database; labels are shown (French)."""

from __future__ import annotations

import unicodedata
from enum import StrEnum

from .i18n import N_, _


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a French label, translated when read."""

    @property
    def label(self) -> str:
        return _(self._labels()[self.value])

    @classmethod
    def _labels(cls) -> dict[str, str]:
        raise NotImplementedError

    @classmethod
    def parse(cls, text: str) -> LabelledEnum:
        """Find a member by value or label, ignoring case, accents, spaces, hyphens and underscores."""
        wanted = fold(text)
        for member in cls:
            if wanted in (fold(member.value), fold(member.label), fold(cls._labels()[member.value])):
                return member
        raise ValueError(text)

    @classmethod
    def choices(cls) -> str:
        return ", ".join(member.value for member in cls)


def fold(text: str) -> str:
    """Case-, accent- and separator-insensitive key: ``'Élémentaire'`` → ``'elementaire'``."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "".join(c for c in bare if c.isalnum() or c in "&/")


class SchoolType(LabelledEnum):
    MATERNELLE = "maternelle"
    ELEMENTAIRE = "elementaire"
    PRIMAIRE = "primaire"
    COLLEGE = "college"
    AUTRE_SITE = "autre_site"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "maternelle": N_("École maternelle"),
            "elementaire": N_("École élémentaire"),
            "primaire": N_("École primaire"),
            "college": N_("Collège"),
            "autre_site": N_("Autre site (salle de formation, stock…)"),
        }


class RoomKind(LabelledEnum):
    BUREAU_DIRECTION = "bureau_direction"
    SECRETARIAT = "secretariat"
    BCD = "bcd"
    SALLE_INFORMATIQUE = "salle_informatique"
    CLASSE = "classe"
    SALLE_DES_MAITRES = "salle_des_maitres"
    LOCAL_TECHNIQUE = "local_technique"
    AUTRE = "autre"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "bureau_direction": N_("Bureau de direction"),
            "secretariat": N_("Secrétariat"),
            "bcd": N_("BCD"),
            "salle_informatique": N_("Salle informatique"),
            "classe": N_("Salle de classe"),
            "salle_des_maitres": N_("Salle des maîtres"),
            "local_technique": N_("Local technique"),
            "autre": N_("Autre"),
        }


class EquipmentStatus(LabelledEnum):
    EN_STOCK = "en_stock"
    EN_SERVICE = "en_service"
    EN_PANNE = "en_panne"
    EN_REPARATION = "en_reparation"
    PRETE = "prete"
    PERDU = "perdu"
    VOLE = "vole"
    REFORME = "reforme"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "en_stock": N_("En stock"),
            "en_service": N_("En service"),
            "en_panne": N_("En panne"),
            "en_reparation": N_("En réparation"),
            "prete": N_("Prêté"),
            "perdu": N_("Perdu"),
            "vole": N_("Volé"),
            "reforme": N_("Réformé"),
        }

    @property
    def is_final(self) -> bool:
        """Retired, lost or stolen: the item is out of the fleet."""
        return self in (EquipmentStatus.REFORME, EquipmentStatus.PERDU, EquipmentStatus.VOLE)


class FundingOrigin(LabelledEnum):
    """Why an item is hors plan: who paid for it or gave it."""

    FONDS_PROPRES = "fonds_propres"
    DON = "don"
    COOPERATIVE = "cooperative"
    AUTRE_COLLECTIVITE = "autre_collectivite"
    AUTRE = "autre"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "fonds_propres": N_("Fonds propres de l'école"),
            "don": N_("Don"),
            "cooperative": N_("Coopérative / association de parents"),
            "autre_collectivite": N_("Autre collectivité"),
            "autre": N_("Autre"),
        }


class Attribution(LabelledEnum):
    ELEVE = "eleve"
    ENSEIGNANT = "enseignant"
    DIRECTION = "direction"
    CLASSE = "classe"
    COLLECTIF = "collectif"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "eleve": N_("Élève"),
            "enseignant": N_("Enseignant"),
            "direction": N_("Direction"),
            "classe": N_("Classe"),
            "collectif": N_("Collectif"),
        }


class AuditSource(LabelledEnum):
    SCREEN = "ecran"
    IMPORT = "import"
    CLI = "cli"
    SYSTEM = "systeme"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"ecran": N_("Écran"), "import": N_("Import"), "cli": N_("Ligne de commande"),
                "systeme": N_("Système")}


class PlanKind(LabelledEnum):
    CONVENTION = "convention"
    AVENANT = "avenant"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"convention": N_("Convention"), "avenant": N_("Avenant")}
