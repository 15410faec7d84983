"""Many inventory sheets in one go (one file per school), with progress and cancel for the window's worker."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ticeinventory.domain.i18n import _

from .base import Format, ReportError, ReportOptions
from .data import InventorySheetData
from .render import render_inventory_sheet

Progress = Callable[[int, int], bool | None]


@dataclass
class BatchResult:
    written: list[Path] = field(default_factory=list)
    cancelled: bool = False
    pages: int = 0


def sheet_file_name(data: InventorySheetData, fmt: Format = "pdf") -> str:
    """``0210001A_ecole-elementaire-jean-mace.pdf``: the UAI first (unique, sorts well), then a readable name."""
    bare = unicodedata.normalize("NFKD", data.school.name)
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(c for c in bare if not unicodedata.combining(c)).lower()).strip("-")
    return f"{data.school.uai}_{slug[:60] or 'ecole'}.{fmt}"


def render_all_sheets(sheets: Iterable[InventorySheetData], out_dir: str | Path, *, total: int,
                      options: ReportOptions | None = None, fmt: Format = "pdf",
                      progress: Progress | None = None) -> BatchResult:
    """Write one sheet per school into ``out_dir`` (created if needed).

    ``sheets`` may be a generator that reads each school only when its turn comes (see
    ``ReportingService.inventory_sheets``). After each file, ``progress(done, total)`` is called; returning
    False stops the batch: the files already written stay, the result says it was cancelled.
    """
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReportError(_("Impossible de créer le dossier « {path} » : {reason}.").format(
            path=folder, reason=error.strerror or error)) from error
    result = BatchResult()
    if progress is not None and progress(0, total) is False:
        result.cancelled = True
        return result
    for done, data in enumerate(sheets, start=1):
        path = folder / sheet_file_name(data, fmt)
        rendered = render_inventory_sheet(data, path, options=options, fmt=fmt)
        result.written.append(path)
        result.pages += rendered.pages
        if progress is not None and progress(done, total) is False:
            result.cancelled = done < total
            break
    return result
