"""Wordings shared by several widgets (counts, numbers), in French through Qt's translation."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from ticeinventory.services.listing import PlanCounts


def number(value: int) -> str:
    """``1234`` → ``1 234`` (the locale's digit grouping)."""
    return QLocale().toString(value)


def equipment_count(value: int) -> str:
    """« 1 équipement », « 42 équipements » (French: 0 and 1 take the singular)."""
    if value <= 1:
        return QCoreApplication.translate("Counts", "{n} équipement").format(n=number(value))
    return QCoreApplication.translate("Counts", "{n} équipements").format(n=number(value))


def counts_summary(counts: PlanCounts) -> str:
    """« 42 équipements — 39 dans le plan, 3 hors plan »."""
    return QCoreApplication.translate("Counts", "{items} — {in_plan} dans le plan, {out} hors plan").format(
        items=equipment_count(counts.total), in_plan=number(counts.in_plan), out=number(counts.out_of_plan))
