from ticeinventory.services.stats import StatsService


def test_demo_city_has_plan_and_hors_plan_items(demo_db):
    stats = StatsService(demo_db).summary()
    assert stats.schools == 12
    assert stats.in_plan > 0 and stats.out_of_plan > 0
    assert stats.in_plan + stats.out_of_plan == stats.equipment
