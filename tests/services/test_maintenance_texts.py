"""What users type and read in maintenance: times, durations, labels, and the articles quoted word for word."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from ticeinventory.domain.maintenance import (
    DIJON_ART8_OUT_OF_PLAN,
    DIJON_ART8_SOFTWARE,
    SAINT_DENIS_ART4_OUT_OF_PLAN,
    SAINT_DENIS_ART4_WARRANTY,
    SERVICE_TARGETS,
    TRANSITIONS,
    IncidentNature,
    IncidentStatus,
    InterventionOutcome,
    InterventionType,
    Urgency,
    format_minutes,
    parse_datetime,
    parse_minutes,
    parse_time,
    warranty_message,
)

SEEDS = Path("/work/shared/seeds")


@pytest.mark.parametrize(("text", "minutes"), [("90", 90), ("45 min", 45), ("1h30", 90), ("1 h 30", 90),
                                               ("1:05", 65), ("2h", 120), ("2 H", 120)])
def test_durations(text: str, minutes: int) -> None:
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize("text", ["", "une heure", "1h75", "-5"])
def test_bad_durations_say_how_to_write_them(text: str) -> None:
    with pytest.raises(ValueError, match="écrivez des minutes"):
        parse_minutes(text)


def test_times_and_moments() -> None:
    assert parse_time("9h") == time(9, 0) and parse_time("09:30") == time(9, 30) and parse_time("14h05") == time(14, 5)
    with pytest.raises(ValueError, match="hh:mm"):
        parse_time("25:00")
    assert parse_datetime("16/03/2026 07:30") == datetime(2026, 3, 16, 7, 30)
    assert parse_datetime("2026-03-16T07:30:59") == datetime(2026, 3, 16, 7, 30)
    assert parse_datetime("16/03/2026") == datetime(2026, 3, 16, 0, 0)
    with pytest.raises(ValueError):
        parse_datetime("hier")


def test_durations_read_by_people() -> None:
    assert [format_minutes(n) for n in (None, 0, 45, 125, 24 * 60, 4560)] == ["", "0 min", "45 min", "2 h 05",
                                                                               "1 j 0 h", "3 j 4 h"]


def test_labels_and_parsing() -> None:
    assert IncidentStatus.parse("Refusé — matériel hors plan") is IncidentStatus.REFUSE_HORS_PLAN
    assert IncidentStatus.parse("transmis à l'education nationale") is IncidentStatus.TRANSMIS_EN
    assert IncidentNature.parse("réseau / internet") is IncidentNature.RESEAU
    assert InterventionType.parse("Dépannage matériel") is InterventionType.DEPANNAGE_MATERIEL
    assert InterventionOutcome.IRREPARABLE.label == "Irréparable — réforme proposée"
    assert all(target.is_terminal for target in IncidentStatus if target not in TRANSITIONS)
    assert set(SERVICE_TARGETS) == set(Urgency)
    assert all(t.take_charge < t.resolve for t in SERVICE_TARGETS.values())


def test_warranty_message_says_until_when() -> None:
    text = warranty_message("PCF-2025-00003", date(2027, 6, 30), "Dell SAS")
    assert "sous garantie du fournisseur (Dell SAS) jusqu'au 30/06/2027" in text
    assert "« Diagnostic » et « Retour garantie »" in text


@pytest.mark.skipif(not SEEDS.exists(), reason="conventions d'origine absentes")
def test_quotations_are_the_conventions_own_words() -> None:
    def flat(text: str) -> str:
        return " ".join(text.replace("’", "'").split())

    dijon = flat((SEEDS / "convention_tice_dijon_2009.txt").read_text(encoding="utf-8"))
    saint_denis = flat((SEEDS / "convention_numerique_saint_denis_2017.txt").read_text(encoding="utf-8"))
    assert DIJON_ART8_OUT_OF_PLAN in dijon and DIJON_ART8_SOFTWARE in dijon
    assert SAINT_DENIS_ART4_OUT_OF_PLAN in saint_denis and SAINT_DENIS_ART4_WARRANTY in saint_denis
