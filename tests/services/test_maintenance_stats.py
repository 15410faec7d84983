"""Maintenance figures for the steering committee: interventions and hours per school, category, type and month,
mean delays, and incidents refused as hors plan per school."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from maintenance_support import Site, report

from ticeinventory.domain.maintenance import DelayFigures, InterventionType, RefusalTally, Tally, Urgency

T = InterventionType



@pytest.fixture
def busy(site: Site) -> Site:
    """Three months of work in two schools and the city's workshop."""
    record = site.interventions.record
    laptop = site.equipment.create(category="PC portable", plan="DIJON-2015-AV2", acquisition_date="01/09/2015")
    record(equipment=site.pc.id, type=T.DEPANNAGE_MATERIEL, outcome="résolu", date=date(2026, 1, 12),
           start_time=time(9), duration_minutes=60)
    record(equipment=site.screen.id, type=T.REMPLACEMENT_PIECE, outcome="résolu", date=date(2026, 2, 3),
           start_time=time(14), duration_minutes=30, parts=["Câble VGA"])
    record(school=site.school.uai, type=T.RESEAU, outcome="résolu", date=date(2026, 2, 20), start_time=time(8),
           duration_minutes=90)
    record(equipment=site.other_pc.id, type=T.DIAGNOSTIC, outcome="à revoir", date=date(2026, 3, 2),
           start_time=time(10), duration_minutes=45)
    record(equipment=laptop.id, type=T.INSTALLATION, outcome="résolu", date=date(2026, 3, 5), start_time=time(13),
           duration_minutes=120)
    record(equipment=site.pc.id, type=T.DEPANNAGE_MATERIEL, outcome="résolu", date=date(2026, 3, 9),
           start_time=time(11), duration_minutes=30)

    fast = report(site, site.pc, urgency="haute", reported_at=datetime(2026, 3, 2, 8, 0))
    site.incidents.take_charge(fast.id, at=datetime(2026, 3, 2, 9, 0))
    site.incidents.resolve(fast.id, at=datetime(2026, 3, 2, 12, 0))
    slow = report(site, site.screen, reported_at=datetime(2026, 3, 3, 8, 0))
    site.incidents.take_charge(slow.id, at=datetime(2026, 3, 3, 10, 0))
    report(site, site.switch, nature="reseau", urgency="bloquante", reported_at=datetime(2026, 3, 9, 7, 0))
    refused = report(site, site.donated, reported_at=datetime(2026, 3, 4, 8, 0))
    site.incidents.refuse_out_of_plan(refused.id, at=datetime(2026, 3, 4, 8, 30))
    gift = site.equipment.create(category="Tablette", school=site.other.uai, funding_origin="cooperative")
    for day in (10, 11):
        again = report(site, gift, reported_at=datetime(2026, 3, day, 8, 0))
        site.incidents.refuse_out_of_plan(again.id, at=datetime(2026, 3, day, 9, 0))
    return site


def test_interventions_and_hours_per_school_category_type_month(busy: Site) -> None:
    stats = busy.maintenance.stats
    assert stats.by_school() == [
        Tally("0210001M", "École élémentaire Voltaire", 4, 210),
        Tally("0131266F", "École Jean Macé", 1, 45),
        Tally("", "Stock de la ville / atelier", 1, 120),
    ]
    assert stats.by_school()[0].hours == 3.5
    assert stats.by_category() == [
        Tally("ECR", "Écran", 1, 30), Tally("PCF", "PC fixe", 3, 135), Tally("PCP", "PC portable", 1, 120),
        Tally("", "Sans équipement (réseau, école, salle)", 1, 90),
    ]
    assert stats.by_type()[0] == Tally("depannage_materiel", "Dépannage matériel", 2, 90)
    assert {t.key for t in stats.by_type()} == {"depannage_materiel", "remplacement_piece", "reseau", "diagnostic",
                                                "installation"}
    assert stats.by_month() == [Tally("2026-01", "janvier 2026", 1, 60), Tally("2026-02", "février 2026", 2, 120),
                                Tally("2026-03", "mars 2026", 3, 195)]
    assert stats.by_month(start=date(2026, 2, 1), end=date(2026, 2, 28)) == [
        Tally("2026-02", "février 2026", 2, 120)]


def test_mean_delays(busy: Site) -> None:
    overall, *per_urgency = busy.maintenance.stats.delays()
    # taken: 60, 120, 30, 60, 60 minutes after the report (refusals are the cell's answer too); resolved: 240
    assert overall == DelayFigures(None, reported=6, taken=5, mean_minutes_to_take_charge=66.0, resolved=1,
                                   mean_minutes_to_resolve=240.0)
    assert [d.urgency for d in per_urgency] == [Urgency.BLOQUANTE, Urgency.HAUTE, Urgency.NORMALE]
    assert per_urgency[0] == DelayFigures(Urgency.BLOQUANTE, 1, 0, None, 0, None)
    assert per_urgency[1] == DelayFigures(Urgency.HAUTE, 1, 1, 60.0, 1, 240.0)
    march_3 = busy.maintenance.stats.delays(start=date(2026, 3, 3), end=date(2026, 3, 3))
    assert march_3[0] == DelayFigures(None, 1, 1, 120.0, 0, None)


def test_refused_hors_plan_per_school(busy: Site) -> None:
    assert busy.maintenance.stats.refused_out_of_plan() == [
        RefusalTally(busy.other.id, "0131266F", "École Jean Macé", 2),
        RefusalTally(busy.school.id, "0210001M", "École élémentaire Voltaire", 1),
    ]
    assert busy.maintenance.stats.refused_out_of_plan(end=date(2026, 3, 9)) == [
        RefusalTally(busy.school.id, "0210001M", "École élémentaire Voltaire", 1)]


def test_all_figures_at_once(busy: Site) -> None:
    figures = busy.maintenance.stats.figures(start=date(2026, 3, 1))
    assert (figures.interventions, figures.minutes, figures.start, figures.end) == (3, 195, date(2026, 3, 1), None)
    assert [t.key for t in figures.by_month] == ["2026-03"]
    assert len(figures.refused_out_of_plan) == 2 and figures.delays[0].reported == 6


def test_empty_database_gives_empty_figures(site: Site) -> None:
    figures = site.maintenance.stats.figures()
    assert (figures.interventions, figures.minutes, figures.by_school, figures.refused_out_of_plan) == (0, 0, (), ())
    assert figures.delays == (DelayFigures(None, 0, 0, None, 0, None),)
