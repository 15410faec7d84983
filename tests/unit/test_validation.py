"""Field checks: MAC, IP, e-mail, phone, postcode, dates (dd/mm/yyyy or ISO) and amounts (« 1 234,50 € »)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticeinventory.domain import validation as v

# -- amounts ---------------------------------------------------------------------------------------------------


def test_format_amount_french_style() -> None:
    assert v.format_amount(123450) == "1\u202f234,50\u00a0€"
    assert v.format_amount(5) == "0,05\u00a0€"
    assert v.format_amount(-12345) == "-123,45\u00a0€"
    assert v.format_amount(None) == ""


@pytest.mark.parametrize("text, cents", [
    ("1 234,50 €", 123450), ("1\u202f234,50\u00a0€", 123450), ("1234.5", 123450), ("1.234,50", 123450),
    ("1,234.50", 123450), ("426 000 €", 42600000), ("12", 1200), ("0,5", 50), ("380 EUR", 38000), ("-0,05", -5),
])
def test_parse_amount_accepts_usual_writings(text: str, cents: int) -> None:
    assert v.parse_amount(text) == cents


@pytest.mark.parametrize("text", ["", "   ", "abc", "1,234", "12,345", "1.2.3", "1,5,0", "12,3456", "5,"])
def test_parse_amount_refuses_ambiguous_or_wrong_text_in_french(text: str) -> None:
    with pytest.raises(ValueError) as info:
        v.parse_amount(text)
    assert "montant" in str(info.value)


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_amount_round_trip(cents: int) -> None:
    assert v.parse_amount(v.format_amount(cents)) == cents


# -- dates -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("14/12/2009", date(2009, 12, 14)), ("1/2/2024", date(2024, 2, 1)), ("2009-12-14", date(2009, 12, 14)),
    (" 29/02/2024 ", date(2024, 2, 29)), ("14.12.2009", date(2009, 12, 14)),
])
def test_parse_date_accepts_french_and_iso(text: str, expected: date) -> None:
    assert v.parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2024", "2023-02-29", "00/01/2024", "15/13/2020"])
def test_parse_date_refuses_impossible_dates_in_french(text: str) -> None:
    with pytest.raises(ValueError) as info:
        v.parse_date(text)
    assert str(info.value) == f"La date « {text} » n'existe pas dans le calendrier."


@pytest.mark.parametrize("text", ["", "demain", "12/2024", "2024/12/14", "14-12-2009", "14/12/09"])
def test_parse_date_refuses_unknown_shapes_with_an_example(text: str) -> None:
    with pytest.raises(ValueError) as info:
        v.parse_date(text)
    assert "jj/mm/aaaa" in str(info.value)


@given(st.dates())
def test_date_round_trips(day: date) -> None:
    assert v.parse_date(v.format_date(day)) == day
    assert v.parse_date(day.isoformat()) == day


def test_format_date() -> None:
    assert v.format_date(date(2009, 12, 14)) == "14/12/2009"
    assert v.format_date(None) == ""


def test_warranty_before_acquisition() -> None:
    problem = v.date_order_problem(date(2020, 5, 2), date(2020, 5, 1))
    assert problem is not None and "01/05/2020" in problem and "02/05/2020" in problem
    assert v.date_order_problem(date(2020, 5, 1), date(2020, 5, 1)) is None
    assert v.date_order_problem(None, date(2020, 5, 1)) is None


# -- network ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["00-1a:2b.3C4d5e", "001a2b3c4d5e", "00:1A:2B:3C:4D:5E", "001A.2B3C.4D5E",
                                  " 00 1a 2b 3c 4d 5e "])
def test_mac_is_normalised(text: str) -> None:
    assert v.mac_problem(text) is None
    assert v.normalise_mac(text) == "00:1A:2B:3C:4D:5E"


@pytest.mark.parametrize("text", ["00:1A:2B:3C:4D", "00:1A:2B:3C:4D:5G", "00:1A:2B:3C:4D:5E:6F", "",
                                  "\uff10\uff10:1A:2B:3C:4D:5E"])
def test_bad_mac_is_refused_and_left_as_typed(text: str) -> None:
    message = v.mac_problem(text)
    assert message is not None and "12 chiffres hexadécimaux" in message
    assert v.normalise_mac(text) == text.strip()


@given(st.binary(min_size=6, max_size=6), st.sampled_from([":", "-", "", "."]), st.booleans())
def test_any_mac_normalises_to_canonical_form(raw: bytes, sep: str, lower: bool) -> None:
    text = sep.join(f"{b:02x}" if lower else f"{b:02X}" for b in raw)
    assert v.mac_problem(text) is None
    assert v.normalise_mac(text) == ":".join(f"{b:02X}" for b in raw)


def test_ip() -> None:
    assert v.ip_problem("192.168.1.20") is None
    assert v.ip_problem("fe80::1") is None
    assert "n'est pas valable" in (v.ip_problem("192.168.1.300") or "")
    assert v.ip_problem("10.21.256.1") is not None


# -- contact ---------------------------------------------------------------------------------------------------


def test_email() -> None:
    assert v.email_problem("ce.0210001m@ac-dijon.fr") is None
    assert "n'est pas valable" in (v.email_problem("ce.0210001m@ac-dijon") or "")
    assert v.email_problem("a b@c.fr") is not None


def test_phone() -> None:
    assert v.phone_problem("03 80 12 34 56") is None
    assert v.phone_problem("03.80.12.34.56") is None
    assert v.phone_problem("+262 262 12 34 56") is None
    assert v.normalise_phone("0380123456") == "03 80 12 34 56"
    assert v.normalise_phone("03.80.12.34.56") == "03 80 12 34 56"
    assert "10 chiffres" in (v.phone_problem("03 80 12 34") or "")
    arabic_digits = "0" + "".join(chr(0x0660 + int(c)) for c in "380123456")
    assert v.phone_problem(arabic_digits) is not None


def test_postcode() -> None:
    assert v.postcode_problem("21000") is None
    assert v.postcode_problem(" 97400 ") is None
    assert "5 chiffres" in (v.postcode_problem("2100") or "")
    assert v.postcode_problem("2A004") is not None
    assert v.postcode_problem("".join(chr(0x0660 + int(c)) for c in "21000")) is not None
