"""Schools and rooms: validation of every field, French messages, duplicates."""

from __future__ import annotations

import pytest

from ticeinventory.domain.enums import RoomKind, SchoolType
from ticeinventory.domain.errors import NotFoundError, TiceError, ValidationError
from ticeinventory.services.equipment import EquipmentService
from ticeinventory.services.schools import SchoolService


@pytest.fixture
def schools(db, actor) -> SchoolService:
    return SchoolService(db, actor)


def test_create_normalises_every_field(schools: SchoolService) -> None:
    school = schools.create(uai=" 0131266f ", name="  École Jean Macé ", type="ÉLÉMENTAIRE", address="3 rue Voltaire",
                            postcode="13001", commune="Marseille", circonscription="Marseille 1",
                            holiday_zone="Zone B", director_name="Sophie Martin", phone="0491123456",
                            email="ce.0131266f@ac-aix-marseille.fr", notes="Groupe scolaire")
    assert (school.uai, school.name, school.type) == ("0131266F", "École Jean Macé", SchoolType.ELEMENTAIRE)
    assert school.phone == "04 91 12 34 56" and school.active
    assert schools.get(school.id) == school
    assert schools.find("0131266f") == school


def test_type_defaults_to_elementaire_and_accepts_labels(schools: SchoolService) -> None:
    assert schools.create(uai="0131266F", name="A").type is SchoolType.ELEMENTAIRE
    assert schools.create(uai="0210001M", name="B", type="École maternelle").type is SchoolType.MATERNELLE
    assert schools.create(uai="9740001H", name="C", type=SchoolType.COLLEGE).type is SchoolType.COLLEGE


def test_required_fields(schools: SchoolService) -> None:
    with pytest.raises(ValidationError) as info:
        schools.create()
    assert set(info.value.errors) == {"uai", "name"}
    assert "obligatoire" in info.value.errors["uai"] and "obligatoire" in info.value.errors["name"]


def test_every_problem_is_reported_at_once(schools: SchoolService) -> None:
    with pytest.raises(ValidationError) as info:
        schools.create(uai="0131266A", name=" ", type="lycée", postcode="1300", phone="04 91", email="directeur@",
                       active="peut-être")
    errors = info.value.errors
    assert set(errors) == {"uai", "name", "type", "postcode", "phone", "email", "active"}
    assert "« F »" in errors["uai"]
    assert "lycée" in errors["type"] and "École maternelle" in errors["type"]
    assert "5 chiffres" in errors["postcode"]
    assert "10 chiffres" in errors["phone"]
    assert "directeur@" in errors["email"]
    assert "oui ou non" in errors["active"]
    assert str(info.value).count("\n") == 6  # the message lists them all, one a line
    assert schools.list() == []


def test_too_long_values_are_refused(schools: SchoolService) -> None:
    with pytest.raises(ValidationError) as info:
        schools.create(uai="0131266F", name="É" * 201, commune="c" * 121)
    assert set(info.value.errors) == {"name", "commune"}
    assert info.value.errors["name"] == "Le nom ne doit pas dépasser 200 caractères (201 saisis)."


def test_unknown_field_is_refused(schools: SchoolService) -> None:
    with pytest.raises(TiceError, match="inconnus : ville"):
        schools.create(uai="0131266F", name="A", ville="Marseille")


def test_duplicate_uai_names_the_other_school(schools: SchoolService) -> None:
    schools.create(uai="0131266F", name="École Jean Macé")
    with pytest.raises(ValidationError) as info:
        schools.create(uai="0131266f", name="Autre école")
    assert info.value.errors == {"uai": "Le code UAI 0131266F est déjà celui de l'école « École Jean Macé »."}
    other = schools.create(uai="0210001M", name="École Voltaire")
    with pytest.raises(ValidationError, match="Jean Macé"):
        schools.update(other.id, uai="0131266F")
    assert schools.update(other.id, uai="0210001m").uai == "0210001M"  # its own code is no duplicate


def test_update_validates_only_the_given_fields(schools: SchoolService) -> None:
    school = schools.create(uai="0131266F", name="École Jean Macé", phone="0491123456")
    updated = schools.update(school.id, director_name="Nathalie Petit", active=False)
    assert updated.director_name == "Nathalie Petit" and not updated.active and updated.phone == "04 91 12 34 56"
    assert schools.update(school.id, active="oui").active
    assert not schools.update(school.id, active="non").active
    with pytest.raises(ValidationError) as info:
        schools.update(school.id, name="", email="pas une adresse")
    assert set(info.value.errors) == {"name", "email"}
    assert schools.get(school.id).name == "École Jean Macé"


def test_not_found(schools: SchoolService) -> None:
    with pytest.raises(NotFoundError, match="0131266F"):
        schools.find("0131266f")
    with pytest.raises(NotFoundError, match="identifiant 42"):
        schools.get(42)
    with pytest.raises(NotFoundError):
        schools.update(42, name="X")
    with pytest.raises(NotFoundError):
        schools.add_room(42, "BCD")


def test_list_filters(schools: SchoolService) -> None:
    schools.create(uai="0131266F", name="Jean Macé", commune="Marseille")
    schools.create(uai="0210001M", name="Voltaire", commune="Dijon", type="maternelle")
    closed = schools.create(uai="9740001H", name="Les Camélias", commune="Saint-Denis", active=False)
    assert [s.name for s in schools.list()] == ["Voltaire", "Jean Macé", "Les Camélias"]  # by commune, then name
    assert [s.name for s in schools.list(commune="Dijon")] == ["Voltaire"]
    assert [s.name for s in schools.list(school_type=SchoolType.MATERNELLE)] == ["Voltaire"]
    assert closed.id not in [s.id for s in schools.list(include_inactive=False)]


# -- rooms -----------------------------------------------------------------------------------------------------


def test_rooms(schools: SchoolService) -> None:
    school = schools.create(uai="0131266F", name="École Jean Macé")
    bcd = schools.add_room(school.id, " BCD ", "bcd")
    office = schools.add_room(school.id, "Bureau de direction", "Bureau de direction")
    assert (bcd.name, bcd.kind, office.kind) == ("BCD", RoomKind.BCD, RoomKind.BUREAU_DIRECTION)
    assert [r.name for r in schools.rooms(school.id)] == ["BCD", "Bureau de direction"]
    assert schools.add_room(school.id, "Réserve").kind is RoomKind.AUTRE
    assert schools.room(bcd.id) == bcd


@pytest.mark.parametrize("existing, duplicate", [("BCD", "bcd"), ("Salle Été", "SALLE ÉTÉ"),
                                                 ("Classe d'Éveil", "classe d'éveil")])
def test_duplicate_room_names_are_refused_whatever_the_case(schools: SchoolService, existing: str,
                                                            duplicate: str) -> None:
    school = schools.create(uai="0131266F", name="École Jean Macé")
    schools.add_room(school.id, existing)
    with pytest.raises(ValidationError) as info:
        schools.add_room(school.id, duplicate)
    assert info.value.errors["name"] == f"L'école « École Jean Macé » a déjà une salle nommée « {existing} »."
    other = schools.create(uai="0210001M", name="École Voltaire")
    assert schools.add_room(other.id, duplicate).name == duplicate  # another school may use the name


def test_rename_room(schools: SchoolService) -> None:
    school = schools.create(uai="0131266F", name="École Jean Macé")
    bcd = schools.add_room(school.id, "bcd", "bcd")
    schools.add_room(school.id, "Salle Été")
    assert schools.update_room(bcd.id, name="BCD").name == "BCD"  # its own name, other case: fine
    with pytest.raises(ValidationError, match="déjà une salle"):
        schools.update_room(bcd.id, name="salle été")
    with pytest.raises(ValidationError) as info:
        schools.update_room(bcd.id, name="", kind="piscine")
    assert set(info.value.errors) == {"name", "kind"}


def test_delete_room_refused_while_equipment_inside(schools: SchoolService, db, actor) -> None:
    school = schools.create(uai="0131266F", name="École Jean Macé")
    lab = schools.add_room(school.id, "Salle informatique", "salle_informatique")
    empty = schools.add_room(school.id, "Réserve")
    equipment = EquipmentService(db, actor)
    item = equipment.create(category="PCF", plan="DIJON-2009", school=school.uai, room=lab.id)
    equipment.create(category="ECR", plan="DIJON-2009", school=school.uai, room=lab.id)
    with pytest.raises(TiceError) as info:
        schools.delete_room(lab.id)
    assert "contient encore 2 équipement(s)" in str(info.value) and "Salle informatique" in str(info.value)
    assert [r.name for r in schools.rooms(school.id)] == ["Réserve", "Salle informatique"]
    schools.delete_room(empty.id)
    equipment.retire([item.id], "Obsolète")  # a retired item still stands in the room: still refused
    with pytest.raises(TiceError, match="contient encore 2"):
        schools.delete_room(lab.id)
    with pytest.raises(NotFoundError):
        schools.delete_room(empty.id)
