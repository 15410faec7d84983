"""Reference data, settings and the services facade the front ends hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from ticeinventory.domain.enums import AuditSource, PlanKind
from ticeinventory.services.app import Services, open_services
from ticeinventory.services.catalog import CatalogService
from ticeinventory.services.settings import SettingsService


def test_categories_sorted_by_label(db) -> None:
    labels = [c.label for c in CatalogService(db).categories()]
    assert labels == sorted(labels) and "Écran" in labels
    assert all(c.lifetime_years > 0 for c in CatalogService(db).categories())


def test_plans(db) -> None:
    plans = CatalogService(db).plans()
    assert [p.code for p in plans][0] == "DIJON-2009"  # by signature date
    avenant = next(p for p in plans if p.code == "DIJON-2015-AV2")
    assert avenant.kind is PlanKind.AVENANT and avenant.signed_on.isoformat() == "2015-11-16"
    assert [ph.name for ph in avenant.phases] == ["Expérimentation classes tablettes et VPI (2015/2016)",
                                                  "Dotation des écoles maternelles"]
    assert sum(ph.budget_cents or 0 for ph in avenant.phases) == avenant.budget_cents == 11_000_000


def test_settings_defaults_and_changes(db, actor) -> None:
    settings = SettingsService(db, actor)
    assert settings.get("city_name") == ""
    settings.set("city_name", "Dijon")
    assert SettingsService(db).get("city_name") == "Dijon"
    with pytest.raises(RuntimeError):
        SettingsService(db).set("city_name", "Talant")
    with pytest.raises(KeyError):
        settings.get("inconnu")


def test_open_services(tmp_path: Path) -> None:
    seen: list[Path] = []
    services = open_services(tmp_path / "ville.sqlite", AuditSource.CLI, user="mdupont", on_backup=seen.append)
    try:
        assert isinstance(services, Services)
        assert (services.actor.user, services.actor.source) == ("mdupont", "cli")
        school = services.schools.create(uai="0210001M", name="Voltaire")
        assert services.equipment.create(category="PCF", plan="DIJON-2009", school=school.uai).school_id == school.id
        assert services.stats.summary().equipment == 1 and services.integrity.check().ok
        assert seen == []
    finally:
        services.close()


def test_open_services_default_target_is_the_environment(tmp_path: Path) -> None:
    services = open_services(None, AuditSource.SCREEN)
    try:
        assert services.db.path == tmp_path / "default.sqlite"  # TICEINVENTORY_DB set by the conftest
        assert services.actor.user
    finally:
        services.close()
