"""pdfium (pypdfium2) opening a PDF and rendering its pages into QImages: PySide6-Essentials has no QtPdf.

pdfium is not thread-safe, not even across documents: every call into it holds :data:`_PDFIUM`, so the
preview (GUI thread) and a print run (worker) take turns. Imported only with the preview: pypdfium2 is not
needed to open the window.
"""

from __future__ import annotations

import threading

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PySide6.QtGui import QImage

_PDFIUM = threading.Lock()


class PdfPages:
    """An open PDF: its page sizes (points) and each page rendered into a QImage. Any thread, one at a time."""

    def __init__(self, data: bytes) -> None:
        with _PDFIUM:
            self._document = pdfium.PdfDocument(data)
            self.sizes = [self._document.get_page_size(index) for index in range(len(self._document))]

    def __len__(self) -> int:
        return len(self.sizes)

    def render(self, index: int, scale: float) -> QImage:
        """Page ``index`` at ``scale`` pixels per point, opaque white paper."""
        with _PDFIUM:
            page = self._document[index]
            try:
                bitmap = page.render(scale=scale, force_bitmap_format=pdfium_c.FPDFBitmap_BGRx)
                try:  # BGRx bytes are Qt's RGB32 on little-endian machines (x is written 0xFF)
                    return QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                                  QImage.Format.Format_RGB32).copy()
                finally:
                    bitmap.close()
            finally:
                page.close()

    def __del__(self) -> None:
        self.close()

    def close(self) -> None:
        """Free pdfium's copy (may be called again)."""
        with _PDFIUM:
            if self._document is not None:
                self._document.close()
                self._document = None
