"""Enumerations: stored values, French labels, and parsing that ignores case, accents and separators."""

from __future__ import annotations

import pytest

from ticeinventory.domain.enums import (
    AuditSource,
    EquipmentStatus,
    FundingOrigin,
    RoomKind,
    SchoolType,
    fold,
)


@pytest.mark.parametrize("text", ["Élémentaire", "elementaire", "ÉLÉMENTAIRE", "école élémentaire", "ELEMENTAIRE ",
                                  "Ecole-Elementaire"])
def test_parse_school_type_with_or_without_accents(text: str) -> None:
    assert SchoolType.parse(text) is SchoolType.ELEMENTAIRE


@pytest.mark.parametrize("enum_cls, text, member", [
    (RoomKind, "Bureau de direction", RoomKind.BUREAU_DIRECTION),
    (RoomKind, "bureau_direction", RoomKind.BUREAU_DIRECTION),
    (RoomKind, "salle des maitres", RoomKind.SALLE_DES_MAITRES),
    (EquipmentStatus, "En réparation", EquipmentStatus.EN_REPARATION),
    (EquipmentStatus, "en-service", EquipmentStatus.EN_SERVICE),
    (EquipmentStatus, "RÉFORMÉ", EquipmentStatus.REFORME),
    (FundingOrigin, "Coopérative / association de parents", FundingOrigin.COOPERATIVE),
    (FundingOrigin, "don", FundingOrigin.DON),
    (AuditSource, "Écran", AuditSource.SCREEN),
    (SchoolType, "Collège", SchoolType.COLLEGE),
])
def test_parse_by_value_or_label(enum_cls, text: str, member) -> None:
    assert enum_cls.parse(text) is member


@pytest.mark.parametrize("text", ["", "lycée", "élémentaires", "école"])
def test_unknown_text_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        SchoolType.parse(text)


def test_fold() -> None:
    assert fold("Élémentaire") == "elementaire"
    assert fold("Salle des maîtres") == "salledesmaitres"
    assert fold("N&B / couleur") == "n&b/couleur"
    assert fold(None) == ""  # type: ignore[arg-type]


def test_labels_are_french_and_every_member_has_one() -> None:
    assert SchoolType.ELEMENTAIRE.label == "École élémentaire"
    assert EquipmentStatus.PRETE.label == "Prêté"
    for enum_cls in (SchoolType, RoomKind, EquipmentStatus, FundingOrigin, AuditSource):
        for member in enum_cls:
            assert member.label and member.label != member.value or member.value == "bcd"
    labels = [m.label for m in EquipmentStatus]
    assert len(set(labels)) == len(labels)


def test_final_statuses() -> None:
    assert {s for s in EquipmentStatus if s.is_final} == {EquipmentStatus.REFORME, EquipmentStatus.PERDU,
                                                          EquipmentStatus.VOLE}
    assert SchoolType.choices().startswith("maternelle, elementaire")
