"""The preview's pages on screen: only the pages in view are rendered, at the zoom shown.

A few rendered pages are kept (:attr:`PageView.CACHE`), so that scrolling back and forth does not render them
again; a zoom or a change of screen resolution renders them anew at the new size.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

if TYPE_CHECKING:
    from .pdf_pages import PdfPages


class PageView(QAbstractScrollArea):
    """The pages one under the other on a grey desk, at the width of the view or at a chosen zoom."""

    sig_page_changed = Signal(int)
    """The page at the top of the view changed (0-based)."""
    sig_zoom_changed = Signal(float)
    """The zoom changed (1.0 is 100 %: a page shown at its paper size)."""

    GAP = 12
    CACHE = 12  # rendered pages kept

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageView")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setAutoFillBackground(False)
        self._pages: PdfPages | None = None
        self._fit_width = True
        self._zoom = 1.0
        self._rects: list[QRect] = []
        self._cache: OrderedDict[tuple[int, int], QImage] = OrderedDict()
        self._current = 0

    # -- state ---------------------------------------------------------------------------------------------

    def set_pages(self, pages: PdfPages | None) -> None:
        self._pages = pages
        self._cache.clear()
        self._current = 0
        self._relayout(keep=False)
        self.sig_page_changed.emit(0)

    @property
    def fit_width(self) -> bool:
        return self._fit_width

    def zoom(self) -> float:
        """The zoom shown, 1.0 = 100 %."""
        return self._scale() / self._real_size_scale()

    def set_fit_width(self) -> None:
        self._fit_width = True
        self._relayout()

    def set_zoom(self, zoom: float) -> None:
        self._fit_width = False
        self._zoom = max(0.25, min(4.0, zoom))
        self._relayout()

    def current_page(self) -> int:
        return self._current

    def go_to_page(self, index: int) -> None:
        """Scroll to page ``index``; it is the current page even when the last pages all fit in the view."""
        if 0 <= index < len(self._rects):
            self.verticalScrollBar().setValue(self._rects[index].top() - self.GAP)
            if index != self._current:
                self._current = index
                self.sig_page_changed.emit(index)

    def page_rect(self, index: int) -> QRect:
        """Where page ``index`` is drawn, in the coordinates of the whole strip of pages."""
        return QRect(self._rects[index])

    def page_image(self, index: int) -> QImage:
        """Page ``index`` as drawn at the current zoom (device pixels)."""
        rect = self._rects[index]
        ratio = self.devicePixelRatioF()
        key = (index, round(rect.width() * ratio))
        image = self._cache.get(key)
        if image is None:
            width_points = self._pages.sizes[index][0]
            image = self._pages.render(index, key[1] / width_points)
            image.setDevicePixelRatio(ratio)
            self._cache[key] = image
            while len(self._cache) > self.CACHE:
                self._cache.popitem(last=False)
        self._cache.move_to_end(key)
        return image

    # -- layout --------------------------------------------------------------------------------------------

    def _real_size_scale(self) -> float:
        return self.logicalDpiX() / 72

    def _scale(self) -> float:
        """Screen pixels per point."""
        if not self._fit_width or not self._pages:
            return self._zoom * self._real_size_scale()
        widest = max(width for width, _height in self._pages.sizes)
        return max(0.1, (self.viewport().width() - 2 * self.GAP) / widest)

    def _relayout(self, *, keep: bool = True) -> None:
        bar = self.verticalScrollBar()
        anchor = self._current
        offset = (bar.value() - self._rects[anchor].top()) / max(1, self._rects[anchor].height()) \
            if keep and anchor < len(self._rects) else 0.0
        scale = self._scale()
        sizes = [QSize(round(w * scale), round(h * scale)) for w, h in (self._pages.sizes if self._pages else [])]
        viewport = self.viewport().size()
        width = max(max((size.width() for size in sizes), default=0) + 2 * self.GAP, viewport.width())
        self._rects, y = [], self.GAP
        for size in sizes:
            self._rects.append(QRect(QPoint((width - size.width()) // 2, y), size))
            y += size.height() + self.GAP
        bar.setRange(0, max(0, y - viewport.height()))
        bar.setPageStep(viewport.height())
        bar.setSingleStep(max(20, viewport.height() // 20))
        self.horizontalScrollBar().setRange(0, max(0, width - viewport.width()))
        self.horizontalScrollBar().setPageStep(viewport.width())
        if keep and anchor < len(self._rects):
            bar.setValue(round(self._rects[anchor].top() + offset * self._rects[anchor].height()))
        self.viewport().update()
        self.sig_zoom_changed.emit(self.zoom())

    def _top_page(self) -> int:
        """The page that fills the upper part of the view."""
        line = self.verticalScrollBar().value() + self.viewport().height() // 3
        for index, rect in enumerate(self._rects):
            if rect.bottom() + self.GAP >= line:
                return index
        return max(0, len(self._rects) - 1)

    # -- Qt overrides --------------------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._relayout()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt override
        self.viewport().update()
        current = self._top_page()
        if current != self._current:
            self._current = current
            self.sig_page_changed.emit(current)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom() * 1.15 ** steps)
            event.accept()
            return
        super().wheelEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Mid))
        shift = QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        seen = event.rect().translated(shift)
        for index, rect in enumerate(self._rects):
            if not rect.intersects(seen):
                continue
            target = rect.translated(-shift)
            painter.fillRect(target.translated(2, 2), QColor(0, 0, 0, 60))  # a thin shadow lifts the sheet
            painter.drawImage(target, self.page_image(index))
        painter.end()
