"""Wordings shared by several widgets (counts, numbers), in French through Qt's translation."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from ticeinventory.services.listing import PlanCounts

_locale: QLocale | None = None


def follow_default_locale() -> None:
    """The default locale changed (``QLocale.setDefault``): numbers are written its way from now on."""
    global _locale
    _locale = None


def number(value: int) -> str:
    """``1234`` → ``1 234`` (the default locale's digit grouping). The locale is made once: making one costs more
    than writing the number, and the tree writes four numbers for each of 2 000 schools."""
    global _locale
    if _locale is None:
        _locale = QLocale()
    return _locale.toString(value)


def equipment_count(value: int) -> str:
    """« 1 équipement », « 42 équipements » (French: 0 and 1 take the singular)."""
    if value <= 1:
        return QCoreApplication.translate("Counts", "{n} équipement").format(n=number(value))
    return QCoreApplication.translate("Counts", "{n} équipements").format(n=number(value))


def counts_summary(counts: PlanCounts) -> str:
    """« 42 équipements — 39 dans le plan, 3 hors plan »."""
    return QCoreApplication.translate("Counts", "{items} — {in_plan} dans le plan, {out} hors plan").format(
        items=equipment_count(counts.total), in_plan=number(counts.in_plan), out=number(counts.out_of_plan))
