"""The preview's pages on paper: every chosen page rasterised at the printer's resolution, on a worker.

Qt paints on a QPrinter from any thread, so a long document never freezes the window; the resolution is capped
at :data:`PRINT_DPI` because a page is painted as one image.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter

from ticeinventory.domain.errors import TiceError

from .pdf_pages import PdfPages
from .tasks import Progress

PRINT_DPI = 300
"""Pages are rasterised for the printer at its resolution, but never above this (a 600 dpi A4 page is 140 MB)."""


def chosen_pages(printer: QPrinter, count: int) -> list[int]:
    """0-based pages to print: the range asked in the print dialog, or all."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage(), printer.toPage() or count
        return list(range(max(1, first) - 1, min(last, count)))
    return list(range(count))


def print_pdf(data: bytes, printer: QPrinter, progress: Progress) -> tuple[int, bool]:
    """Paint each chosen page on its sheet (worker thread: Qt paints on a QPrinter from any thread).

    Returns ``(pages printed, cancelled)``; a cancel aborts the print job (what was spooled may still print)."""
    pages = PdfPages(data)
    try:
        wanted = chosen_pages(printer, len(pages))
        dpi = min(printer.resolution(), PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise TiceError(QCoreApplication.translate(
                "PdfPreview", "L'imprimante « {name} » n'a pas pu démarrer l'impression. Vérifiez qu'elle est "
                "allumée et connectée, puis recommencez.").format(name=printer.printerName() or printer.outputFileName()))
        try:
            for done, index in enumerate(wanted):
                if not progress(done, len(wanted)):
                    printer.abort()
                    return done, True
                if done:
                    printer.newPage()
                width, height = pages.sizes[index]
                paper = QRectF(painter.viewport())
                scale = min(paper.width() / width, paper.height() / height)
                target = QRectF(0, 0, width * scale, height * scale)
                target.moveCenter(paper.center())
                painter.drawImage(target, pages.render(index, dpi / 72))
            progress(len(wanted), len(wanted))
            return len(wanted), False
        finally:
            painter.end()
    finally:
        pages.close()
