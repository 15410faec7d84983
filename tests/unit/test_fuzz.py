"""Whatever a user types, the checks answer with a French reason, never with a crash."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ticeinventory.domain import inventory_number, uai
from ticeinventory.domain import validation as v
from ticeinventory.domain.enums import EquipmentStatus, SchoolType
from ticeinventory.domain.errors import TiceError, ValidationError
from ticeinventory.services.schools import SCHOOL_FIELDS, clean_room, clean_school

typed = st.text(max_size=60) | st.from_regex(r"[0-9 ,.\-€]{0,30}", fullmatch=True) | \
    st.from_regex(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{1,5}", fullmatch=True)


def french_or_none(check, text: str) -> None:
    result = check(text)
    assert result is None or isinstance(result, str) and result


@given(typed)
def test_field_checks_never_crash(text: str) -> None:
    for check in (uai.uai_problem, v.mac_problem, v.ip_problem, v.email_problem, v.postcode_problem,
                  v.phone_problem, inventory_number.number_problem):
        french_or_none(check, text)
    assert isinstance(v.normalise_mac(text), str) and isinstance(v.normalise_phone(text), str)


@example("9" * 5000)  # past int()'s 4 300-digit limit, whose own message is in English
@given(typed)
def test_parse_amount_answers_in_french(text: str) -> None:
    try:
        cents = v.parse_amount(text)
    except ValueError as error:
        assert "montant" in str(error)
    else:
        assert v.parse_amount(v.format_amount(cents)) == cents


@given(typed)
def test_parse_date_answers_in_french(text: str) -> None:
    try:
        day = v.parse_date(text)
    except ValueError as error:
        assert "La date" in str(error)
    else:
        assert v.parse_date(v.format_date(day)) == day


@given(st.text(max_size=40))
def test_enum_parse_only_raises_value_error(text: str) -> None:
    for enum_cls in (SchoolType, EquipmentStatus):
        try:
            member = enum_cls.parse(text)
        except ValueError:
            continue
        assert enum_cls.parse(member.value) is member


@given(st.text(max_size=50))
def test_pattern_check_answers_in_french(pattern: str) -> None:
    try:
        inventory_number.check_pattern(pattern)
    except ValidationError as error:
        assert error.errors["pattern"]
        return
    before, after, width = inventory_number.prefix_and_width(
        pattern, inventory_number.NumberContext("WIFI", 2024, "0210001M"))
    assert inventory_number.number_problem(inventory_number.format_number(before, after, width, 1)) is None


@settings(max_examples=200)
@given(st.dictionaries(st.sampled_from(SCHOOL_FIELDS), typed | st.none() | st.booleans(), max_size=6))
def test_clean_school_answers_with_validation_errors(values: dict) -> None:
    try:
        clean = clean_school(values)
    except ValidationError as error:
        assert error.errors and set(error.errors) <= set(values)
        assert all(isinstance(message, str) and message for message in error.errors.values())
    except TiceError:
        raise AssertionError("only ValidationError is expected for known fields") from None
    else:
        assert set(clean) == set(values)
        if "uai" in clean:
            assert uai.is_valid(clean["uai"]) and clean["uai"] == clean["uai"].upper()


@given(typed, typed | st.none())
def test_clean_room_answers_with_validation_errors(name: str, kind) -> None:
    try:
        clean = clean_room({"name": name, "kind": kind})
    except ValidationError as error:
        assert set(error.errors) <= {"name", "kind"}
    else:
        assert clean["name"] == name.strip() and clean["name"]
