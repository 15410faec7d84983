"""Inventory numbers from a configurable pattern: {cat}, {annee}, {uai}, {seq} / {seq:N}."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticeinventory.domain import inventory_number as n
from ticeinventory.domain.errors import ValidationError

CTX = n.NumberContext(category_code="PCF", year=2009, uai="0210001M")
STOCK = n.NumberContext(category_code="TAB", year=2015, uai=None)


def number(pattern: str, ctx: n.NumberContext, seq: int) -> str:
    before, after, width = n.prefix_and_width(pattern, ctx)
    return n.format_number(before, after, width, seq)


def test_default_pattern() -> None:
    assert n.DEFAULT_PATTERN == "{cat}-{annee}-{seq:5}"
    assert number(n.DEFAULT_PATTERN, CTX, 12) == "PCF-2009-00012"
    assert n.prefix_and_width(n.DEFAULT_PATTERN, CTX) == ("PCF-2009-", "", 5)


@pytest.mark.parametrize("pattern, ctx, seq, expected", [
    ("{uai}-{seq:4}", CTX, 7, "0210001M-0007"),
    ("{uai}-{seq:4}", STOCK, 7, "STOCK-0007"),
    ("{seq}", CTX, 123456, "123456"),
    ("{seq:3}/{annee}", CTX, 5, "005/2009"),
    ("INV{seq:2}.{cat}", STOCK, 123, "INV123.TAB"),
    ("inv-{seq:3}", CTX, 1, "INV-001"),
])
def test_patterns(pattern: str, ctx: n.NumberContext, seq: int, expected: str) -> None:
    result = number(pattern, ctx, seq)
    assert result == expected
    assert n.number_problem(result) is None


@pytest.mark.parametrize("pattern, words", [
    ("{cat}-{annee}", "une fois {seq}"),
    ("{seq}-{seq}", "une fois {seq}"),
    ("{cat}-{année}-{seq}", "Champ inconnu"),
    ("{ecole}-{seq}", "ecole"),
    ("{cat} {seq}", "lettres sans accent"),
    ("N°{seq}", "lettres sans accent"),
    ("-{seq}", "commencer"),
    ("{uai}-{cat}-{annee}-{seq:20}", "40 caractères"),
])
def test_bad_patterns_are_refused_in_french(pattern: str, words: str) -> None:
    with pytest.raises(ValidationError) as info:
        n.check_pattern(pattern)
    assert words in info.value.errors["pattern"]


@given(st.lists(st.sampled_from(["{cat}", "{annee}", "{uai}", "-", "/", ".", "_", "A", "7"]), max_size=5),
       st.lists(st.sampled_from(["{cat}", "{annee}", "{uai}", "-", "x"]), max_size=3),
       st.integers(min_value=0, max_value=6), st.integers(min_value=0, max_value=999_999),
       st.sampled_from([CTX, STOCK, n.NumberContext("WIFI", 2024, "9740001H")]))
def test_every_accepted_pattern_makes_valid_numbers(before: list[str], after: list[str], width: int, seq: int,
                                                    ctx: n.NumberContext) -> None:
    pattern = "".join(before) + (f"{{seq:{width}}}" if width else "{seq}") + "".join(after)
    try:
        n.check_pattern(pattern)
    except ValidationError:
        return
    result = number(pattern, ctx, seq)
    assert n.number_problem(result) is None, (pattern, result)
    assert n.normalise(result) == result


def test_number_problem() -> None:
    assert n.number_problem("PCF-2009-00012") is None
    assert "obligatoire" in (n.number_problem("  ") or "")
    assert "40 caractères" in (n.number_problem("A" * 41) or "")
    assert "lettres sans accent" in (n.number_problem("PCÉ-1") or "")
    assert n.normalise(" pcf-2009-00012 ") == "PCF-2009-00012"
