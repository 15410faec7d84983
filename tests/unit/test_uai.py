"""UAI codes: 7 digits and a check letter from "ABCDEFGHJKLMNPRSTUVWXYZ"[int(first7) % 23]."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticeinventory.domain import uai


@pytest.mark.parametrize("code", ["0131266F", "0210001M", "9740001H"])
def test_real_codes_are_valid(code: str) -> None:
    assert uai.uai_problem(code) is None
    assert uai.is_valid(code)


def test_check_letter_of_known_codes() -> None:
    assert uai.check_letter("0131266") == "F"
    assert uai.check_letter("0210001") == "M"


def test_lower_case_and_spaces_are_accepted_and_normalised() -> None:
    assert uai.is_valid("0131266f")
    assert uai.is_valid(" 0131 266f ")
    assert uai.normalise(" 0131266f ") == "0131266F"
    assert uai.departement("0210001m") == "021"


def test_wrong_letter_message_names_the_right_letter() -> None:
    message = uai.uai_problem("0131266A")
    assert message is not None
    assert "« F »" in message
    assert "0131266" in message


@pytest.mark.parametrize("code, words", [
    ("", "obligatoire"),
    ("013126F", "8 caractères"),
    ("01312666F", "8 caractères"),
    ("A131266F", "7 chiffres"),
    ("01312661", "7 chiffres"),
    ("0131266É", "7 chiffres"),
])
def test_malformed_codes_are_explained_in_french(code: str, words: str) -> None:
    message = uai.uai_problem(code)
    assert message is not None and words in message


def test_digits_of_other_scripts_are_refused() -> None:
    """\\d in a regular expression matches Arabic-Indic digits, which int() then reads: such a code must not pass."""
    arabic = "".join(chr(0x0660 + int(c)) for c in "0131266") + "F"
    assert not uai.is_valid(arabic)
    fullwidth = "".join(chr(0xFF10 + int(c)) for c in "0131266") + "F"
    assert not uai.is_valid(fullwidth)


def test_i_o_q_are_never_check_letters() -> None:
    assert not set("IOQ") & set(uai.CHECK_LETTERS)
    assert len(uai.CHECK_LETTERS) == 23
    for letter in "IOQ":
        message = uai.uai_problem("0131266" + letter)
        assert message is not None and "« F »" in message


@given(st.text(alphabet="0123456789", min_size=7, max_size=7))
def test_computed_letter_always_validates(digits: str) -> None:
    code = digits + uai.check_letter(digits)
    assert uai.is_valid(code)
    assert uai.is_valid(code.lower())
    assert code[-1] not in "IOQ"


@given(st.text(alphabet="0123456789", min_size=7, max_size=7), st.sampled_from(uai.CHECK_LETTERS))
def test_exactly_one_letter_validates(digits: str, letter: str) -> None:
    assert uai.is_valid(digits + letter) == (letter == uai.check_letter(digits))
