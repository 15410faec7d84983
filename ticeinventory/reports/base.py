"""The machinery every PDF document shares: page templates, running header and footer, "Page n / N", output.

A renderer subclasses :class:`DocumentRenderer`, sets its title and returns its story; page size, margins and
fonts are class attributes (the pretix invoice renderer's layout), data arrives as plain objects.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import BinaryIO, Literal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from ticeinventory.domain.errors import TiceError
from ticeinventory.domain.i18n import _
from ticeinventory.domain.validation import format_date

from . import fonts, styles
from .data import CityIdentity
from .text import ellipsize

Output = str | os.PathLike[str] | BinaryIO
Format = Literal["pdf", "csv"]
CREATOR = "TICE Inventaire"


class ReportError(TiceError):
    """A document cannot be produced (unwritable file, unreadable logo, impossible label layout…)."""


@dataclass(frozen=True)
class ReportOptions:
    """Presentation choices. ``city_name`` and ``logo`` override what the data carries (the settings)."""

    barcodes: bool = False  # a Code 128 under each inventory number of the inventory sheet
    logo: Path | None = None
    city_name: str | None = None

    def city(self, given: CityIdentity) -> CityIdentity:
        return CityIdentity(name=given.name if self.city_name is None else self.city_name,
                            logo=self.logo if self.logo is not None else given.logo)


@dataclass(frozen=True)
class RenderResult:
    format: Format
    pages: int  # 0 for CSV
    items: int


def output_format(out: Output, fmt: Format | None = None) -> Format:
    """``fmt`` if given, else from the file name: ``.csv`` → CSV, anything else (or a stream) → PDF."""
    if fmt is not None:
        if fmt not in ("pdf", "csv"):
            raise ReportError(_("Format de sortie inconnu « {fmt} » : choisissez pdf ou csv.").format(fmt=fmt))
        return fmt
    if not hasattr(out, "write") and Path(out).suffix.lower() == ".csv":
        return "csv"
    return "pdf"


@contextmanager
def opened(out: Output) -> Iterator[BinaryIO]:
    """A binary stream for ``out``. A file is written beside its final name and renamed at the end, so that a
    failed or cancelled document never leaves half a PDF under the name the user chose."""
    if hasattr(out, "write"):
        yield out  # type: ignore[misc]
        return
    path = Path(out)
    partial_path = path.with_name(f".{path.name}.part")
    try:
        stream = open(partial_path, "wb")  # noqa: SIM115 - closed below, before the rename
    except OSError as error:
        raise ReportError(_("Impossible d'écrire « {path} » : {reason}. Vérifiez que le dossier existe et que "
                            "vous pouvez y écrire.").format(path=path, reason=error.strerror or error)) from error
    try:
        with stream:
            yield stream
        os.replace(partial_path, path)
    except PermissionError as error:
        partial_path.unlink(missing_ok=True)
        raise ReportError(_("Impossible de remplacer « {path} » : le fichier est peut-être ouvert dans un autre "
                            "programme. Fermez-le puis recommencez.").format(path=path)) from error
    except BaseException:
        partial_path.unlink(missing_ok=True)
        raise


class NumberedCanvas(Canvas):
    """Keeps each finished page until the end, when the page count is known, to print "Page n / N"."""

    def __init__(self, *args, renderer: DocumentRenderer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._renderer = renderer
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._renderer.draw_page_number(self, self._pageNumber, total)
            super().showPage()
        self._renderer.page_count = total
        self._pages = []
        super().save()


class SectionMarker(Flowable):
    """Zero-size flowable: from where it is drawn on, the running header names ``title`` (a school…)."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title
        self.width = self.height = 0

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self) -> None:
        self.canv._tice_section = self.title  # noqa: SLF001 - read back by the running header


class DocumentRenderer:
    """Base of the A4 documents: a first page without running header, the others with it; footers on all."""

    pagesize = A4
    left_margin = 15 * mm
    right_margin = 15 * mm
    top_margin = 19 * mm  # pages after the first: room for the running header
    first_top_margin = 12 * mm
    bottom_margin = 16 * mm
    header_font = fonts.REGULAR
    header_size = 7.5

    title = ""  # the document's name, in the footer and the PDF metadata

    def __init__(self, city: CityIdentity, printed_on: date) -> None:
        fonts.register_fonts()
        self.city = city
        self.printed_on = printed_on
        self.styles = styles.stylesheet()
        self.page_count = 0

    @property
    def width(self) -> float:
        return self.pagesize[0] - self.left_margin - self.right_margin

    # -- to override ---------------------------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        raise NotImplementedError

    def running_title(self) -> str:
        """Left of the running header on pages after the first."""
        return self.title

    def footer_text(self) -> str:
        parts = [self.title, self.city.title, _("édité le {date}").format(date=format_date(self.printed_on))]
        return " — ".join(part for part in parts if part)

    def subject(self) -> str:
        return self.title

    # -- building ------------------------------------------------------------------------------------------

    def render(self, stream: BinaryIO) -> int:
        """Write the PDF to ``stream``; returns the number of pages."""
        width, height = self.pagesize
        frame_width = self.width
        first = Frame(self.left_margin, self.bottom_margin, frame_width,
                      height - self.first_top_margin - self.bottom_margin, id="first",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        later = Frame(self.left_margin, self.bottom_margin, frame_width,
                      height - self.top_margin - self.bottom_margin, id="later",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc = BaseDocTemplate(
            stream, pagesize=self.pagesize, title=self.title, author=self.city.title or CREATOR,
            subject=self.subject(), creator=CREATOR, producer=CREATOR, lang="fr-FR", displayDocTitle=True,
            leftMargin=self.left_margin, rightMargin=self.right_margin, topMargin=self.top_margin,
            bottomMargin=self.bottom_margin, initialFontName=fonts.REGULAR)
        doc.addPageTemplates([
            PageTemplate(id="first", frames=[first], onPageEnd=self._first_page_end, autoNextPageTemplate="later",
                         pagesize=self.pagesize),
            PageTemplate(id="later", frames=[later], onPageEnd=self._later_page_end, pagesize=self.pagesize),
        ])
        doc.build(self.story(), canvasmaker=partial(NumberedCanvas, renderer=self))
        return self.page_count

    def _first_page_end(self, canvas: Canvas, doc) -> None:
        self._draw_footer(canvas)

    def _later_page_end(self, canvas: Canvas, doc) -> None:
        self._draw_running_header(canvas)
        self._draw_footer(canvas)

    def _draw_running_header(self, canvas: Canvas) -> None:
        width, height = self.pagesize
        y = height - self.top_margin + 6 * mm
        section = getattr(canvas, "_tice_section", "")
        right = ellipsize(section or self.city.title, self.header_font, self.header_size, self.width * 0.45)
        room = self.width - stringWidth(right, self.header_font, self.header_size) - 6 * mm
        canvas.saveState()
        canvas.setFont(fonts.BOLD, self.header_size + 0.5)
        canvas.setFillColor(styles.ACCENT)
        canvas.drawString(self.left_margin, y, ellipsize(self.running_title(), fonts.BOLD, self.header_size + 0.5,
                                                         room))
        canvas.setFont(self.header_font, self.header_size)
        canvas.setFillColor(styles.MUTED)
        if right:
            canvas.drawRightString(width - self.right_margin, y, right)
        canvas.setStrokeColor(styles.RULE)
        canvas.setLineWidth(0.5)
        canvas.line(self.left_margin, y - 2.2 * mm, width - self.right_margin, y - 2.2 * mm)
        canvas.restoreState()

    def _draw_footer(self, canvas: Canvas) -> None:
        width, _height = self.pagesize
        y = self.bottom_margin - 8 * mm
        canvas.saveState()
        canvas.setStrokeColor(styles.LIGHT_RULE)
        canvas.setLineWidth(0.5)
        canvas.line(self.left_margin, y + 3.5 * mm, width - self.right_margin, y + 3.5 * mm)
        canvas.setFont(self.header_font, self.header_size)
        canvas.setFillColor(styles.MUTED)
        canvas.drawString(self.left_margin, y, ellipsize(self.footer_text(), self.header_font, self.header_size,
                                                         self.width - 30 * mm))
        canvas.restoreState()

    def draw_page_number(self, canvas: Canvas, number: int, total: int) -> None:
        width, _height = self.pagesize
        canvas.saveState()
        canvas.setFont(fonts.BOLD, self.header_size)
        canvas.setFillColor(styles.INK)
        canvas.drawRightString(width - self.right_margin, self.bottom_margin - 8 * mm,
                               _("Page {n} / {total}").format(n=number, total=total))
        canvas.restoreState()
