"""What the command line prints: aligned French tables for people, JSON for programs.

JSON conventions: dates in ISO 8601, amounts in cents (integers), enumerations as their stored values,
UTF-8 left readable (``ensure_ascii=False``).
"""

from __future__ import annotations

import dataclasses
import io
import json
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from ticeinventory.domain.i18n import _
from ticeinventory.domain.records import EquipmentInfo
from ticeinventory.domain.validation import format_date

# -- JSON ------------------------------------------------------------------------------------------------------


def to_data(value: Any) -> Any:
    """Plain JSON-able data: dataclasses → dicts, enums → stored values, dates → ISO strings."""
    if isinstance(value, EquipmentInfo):
        data = {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
        data["in_plan"] = value.in_plan
        return data
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [to_data(v) for v in value]
    return value


def dumps(value: Any) -> str:
    return json.dumps(to_data(value), ensure_ascii=False, indent=2)


# -- people ----------------------------------------------------------------------------------------------------


def shorten(text: str, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[:width - 1] + "…"


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, right: Iterable[int] = ()) -> list[str]:
    """Aligned columns separated by two spaces; columns whose index is in ``right`` are right-aligned."""
    right = set(right)
    cells = [[str(c) for c in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        parts = [row[i].rjust(widths[i]) if i in right else row[i].ljust(widths[i]) for i in range(len(row))]
        return "  ".join(parts).rstrip()

    return [line(cells[0]), "  ".join("-" * w for w in widths)] + [line(row) for row in cells[1:]]


def key_values(pairs: Iterable[tuple[str, Any]], *, indent: str = "  ", skip_empty: bool = True) -> list[str]:
    """``Label     : value`` lines, labels padded to the same width; empty values left out."""
    kept = [(label, "" if value is None else str(value)) for label, value in pairs]
    if skip_empty:
        kept = [(label, value) for label, value in kept if value != ""]
    if not kept:
        return []
    width = max(len(label) for label, _value in kept)
    lines = []
    for label, value in kept:
        first, *rest = value.split("\n")
        lines.append(f"{indent}{label.ljust(width)} : {first}")
        lines.extend(f"{indent}{' ' * width}   {more}" for more in rest)
    return lines


def yes_no(value: bool) -> str:
    return _("oui") if value else _("non")


def percent(part: int, whole: int) -> str:
    if not whole:
        return ""
    return f"{part * 100 / whole:.1f}".replace(".", ",") + "\u00a0%"


def plural(n: int, singular: str, several: str, **fields: object) -> str:
    """``1 école`` / ``3 écoles`` (both forms already translated by the caller; French: 0 and 1 are singular)."""
    return (singular if n in (0, 1) else several).format(n=n, **fields)


# -- equipment -------------------------------------------------------------------------------------------------


def plan_cell(item: EquipmentInfo) -> str:
    """Short funding cell for lists: the plan code, or ``HORS PLAN (origine)`` in capitals so it stands out."""
    if item.in_plan:
        return item.plan_code or ""
    origin = item.funding_origin.label if item.funding_origin else _("origine inconnue")
    return _("HORS PLAN ({origin})").format(origin=origin)


def place_cell(item: EquipmentInfo) -> str:
    if item.school_id is None:
        return _("Stock de la ville")
    return f"{item.school_uai} {item.room_name}" if item.room_name else str(item.school_uai)


def equipment_table(items: Sequence[EquipmentInfo]) -> list[str]:
    headers = [_("Numéro"), _("Catégorie"), _("Matériel"), _("Statut"), _("Lieu"), _("Plan")]
    rows = [[item.inventory_number, shorten(item.category_label, 24),
             shorten(f"{item.manufacturer} {item.model}".strip(), 30), item.status.label,
             shorten(place_cell(item), 32), plan_cell(item)] for item in items]
    return table(headers, rows)


def hors_plan_note() -> str:
    return _("HORS PLAN : matériel acquis ou cédé hors du plan d'équipement, non maintenu par la Ville "
             "(convention de Dijon, art. 8 ; convention de Saint-Denis, art. 4).")


def equipment_summary(items: Sequence[EquipmentInfo]) -> str:
    in_plan = sum(1 for item in items if item.in_plan)
    return _("{what} (plan : {in_plan}, hors plan : {out})").format(
        what=plural(len(items), _("{n} équipement"), _("{n} équipements")), in_plan=in_plan,
        out=len(items) - in_plan)


def warranty_text(end: date | None, today: date | None = None) -> str:
    if end is None:
        return ""
    today = today or date.today()
    state = _("sous garantie") if end >= today else _("garantie échue")
    return f"{format_date(end)} ({state})"


# -- streams ---------------------------------------------------------------------------------------------------


def prepare_streams(*streams: TextIO) -> None:
    """Pipes and files get UTF-8 (what programs reading JSON expect, whatever the Windows code page);
    a terminal keeps its encoding but never fails on a character it cannot show."""
    for stream in streams:
        if not isinstance(stream, io.TextIOWrapper) or (stream.encoding or "").lower().replace("-", "") == "utf8":
            continue
        try:
            if stream.isatty():
                stream.reconfigure(errors="replace")
            else:
                stream.reconfigure(encoding="utf-8")
        except (OSError, ValueError):  # a closed or unusual stream: leave it as it is
            pass


def out(*lines: str) -> None:
    for line in lines:
        print(line, file=sys.stdout)


def err(*lines: str) -> None:
    for line in lines:
        print(line, file=sys.stderr)
