"""Aperçu avant impression: a PDF shown page by page, printed to any printer, saved as a PDF file.

PySide6-Essentials has no QtPdf, so pdfium (pypdfium2) renders each page into a QImage: on screen, only the
pages in view, at the zoom shown; on paper, every chosen page at the printer's resolution (at most
:data:`PRINT_DPI`), painted by a worker so that a long document never freezes the window. pdfium is not
thread-safe, not even across documents: every call into it holds :data:`_PDFIUM`.

The document itself arrives from a worker too (:meth:`PdfPreviewDialog.load`): the window shows the preview at
once, busy with « Annuler » until the PDF is ready.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PySide6.QtCore import (
    QCoreApplication,
    QPoint,
    QRect,
    QRectF,
    QSettings,
    QSize,
    QStandardPaths,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QImage, QKeySequence, QPageSize, QPainter, QPalette
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ticeinventory.domain.errors import TiceError

from .tasks import Progress, Task

log = logging.getLogger(__name__)

_PDFIUM = threading.Lock()
PRINT_DPI = 300
"""Pages are rasterised for the printer at its resolution, but never above this (a 600 dpi A4 page is 140 MB)."""
FOLDER_KEY = "reports/folder"
"""QSettings: the folder where the user last saved a document."""


def pages_text(count: int) -> str:
    """« 1 page », « 12 pages » (French: 0 and 1 take the singular)."""
    if count <= 1:
        return QCoreApplication.translate("PdfPreview", "{n} page").format(n=count)
    return QCoreApplication.translate("PdfPreview", "{n} pages").format(n=count)


class Cancelled(Exception):
    """The user cancelled before the document was ready."""


@dataclass(frozen=True)
class PdfFile:
    """A rendered document: its bytes, the file name to suggest, the title of its preview window."""

    data: bytes
    file_name: str
    title: str


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


# -- on screen -------------------------------------------------------------------------------------------------

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


# -- on paper -------------------------------------------------------------------------------------------------

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


_RUNNING: set[Task] = set()
"""Workers still running, kept alive after their preview window has closed."""


def start_task(work: Callable[[Progress], object], wire: Callable[[Task], None]) -> Task:
    """``work`` on the pool, its signals connected by ``wire`` before it starts (a quick worker could otherwise
    report before anyone listens). The task outlives the window which started it (that may close meanwhile)."""
    task = Task(work)
    _RUNNING.add(task)

    def forget() -> None:
        _RUNNING.discard(task)
        task.deleteLater()  # frees its connections (and what their closures hold: a PDF, a printer)

    task.sig_finished.connect(forget)
    wire(task)
    task.start()
    return task


def wait_for_workers(msecs: int = 30_000) -> bool:
    """Before the application quits: let a print or a preview in progress finish."""
    return QThreadPool.globalInstance().waitForDone(msecs)


# -- the window -----------------------------------------------------------------------------------------------

class PdfPreviewDialog(QDialog):
    """« Aperçu avant impression »: not modal, deleted when closed."""

    sig_loaded = Signal(int)
    """The document is shown: its number of pages."""
    sig_failed = Signal(str)
    """The document could not be prepared: the message shown."""
    sig_printed = Signal(int, bool)
    """A print run ended: pages painted, and whether it was cancelled."""
    sig_saved = Signal(str)
    """The document was saved to this path."""

    BUSY, PAGES, ERROR = range(3)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("pdfPreview")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.file: PdfFile | None = None
        self.pages: PdfPages | None = None
        self.printer: QPrinter | None = None
        self.print_dialog: QPrintDialog | None = None
        self.save_dialog: QFileDialog | None = None
        self.message_box: QMessageBox | None = None
        self._render_task: Task | None = None
        self._print_task: Task | None = None
        self._set_title(title)

        self.view = PageView()
        self.stack = QStackedWidget()
        self.stack.addWidget(self._busy_panel())
        self.stack.addWidget(self.view)
        self.error_label = QLabel()
        self.error_label.setObjectName("previewError")
        self.error_label.setWordWrap(True)
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setContentsMargins(40, 40, 40, 40)
        self.stack.addWidget(self.error_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._toolbar())
        layout.addWidget(self.stack, 1)
        layout.addWidget(self._status_bar())
        self.view.sig_page_changed.connect(self._on_page_changed)
        self.view.sig_zoom_changed.connect(self._on_zoom_changed)
        self._set_loaded(False)
        self._fit_screen()

    # -- building ------------------------------------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], None], shortcut=None, *, name: str, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip or text.replace("&", "").rstrip("…"))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _toolbar(self) -> QToolBar:
        self.print_action = self._action(self.tr("&Imprimer…"), self.open_print_dialog, QKeySequence.StandardKey.Print,
                                         name="printAction", tip=self.tr("Imprimer sur une imprimante du système"))
        self.save_action = self._action(self.tr("&Enregistrer en PDF…"), self.open_save_dialog,
                                        QKeySequence.StandardKey.Save, name="saveAction",
                                        tip=self.tr("Enregistrer le document dans un fichier PDF"))
        self.previous_action = self._action(self.tr("◀"), lambda: self.view.go_to_page(self.view.current_page() - 1),
                                            Qt.Key.Key_PageUp, name="previousAction", tip=self.tr("Page précédente"))
        self.next_action = self._action(self.tr("▶"), lambda: self.view.go_to_page(self.view.current_page() + 1),
                                        Qt.Key.Key_PageDown, name="nextAction", tip=self.tr("Page suivante"))
        self.fit_action = self._action(self.tr("Pleine &largeur"), self.view.set_fit_width, name="fitWidthAction",
                                       tip=self.tr("La page occupe toute la largeur de la fenêtre"))
        self.fit_action.setCheckable(True)
        self.actual_action = self._action(self.tr("100 %"), lambda: self.view.set_zoom(1.0), "Ctrl+0",
                                          name="actualSizeAction", tip=self.tr("La page à sa taille réelle"))
        self.actual_action.setCheckable(True)
        self.zoom_out_action = self._action(self.tr("−"), lambda: self.view.set_zoom(self.view.zoom() / 1.25),
                                            QKeySequence.StandardKey.ZoomOut, name="zoomOutAction",
                                            tip=self.tr("Zoom arrière"))
        self.zoom_in_action = self._action(self.tr("+"), lambda: self.view.set_zoom(self.view.zoom() * 1.25),
                                           QKeySequence.StandardKey.ZoomIn, name="zoomInAction",
                                           tip=self.tr("Zoom avant"))
        self.page_spin = QSpinBox()
        self.page_spin.setObjectName("pageSpin")
        self.page_spin.setPrefix(self.tr("Page "))
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.setAccessibleName(self.tr("Page affichée"))
        self.page_spin.valueChanged.connect(lambda number: self.view.go_to_page(number - 1))
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoomLabel")
        self.zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("400 %") + 12)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        bar = QToolBar()
        bar.setObjectName("previewToolBar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addActions([self.print_action, self.save_action])
        bar.addSeparator()
        bar.addAction(self.previous_action)
        bar.addWidget(self.page_spin)
        bar.addAction(self.next_action)
        bar.addSeparator()
        bar.addActions([self.fit_action, self.actual_action, self.zoom_out_action])
        bar.addWidget(self.zoom_label)
        bar.addAction(self.zoom_in_action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addAction(self._action(self.tr("&Fermer"), self.close, QKeySequence.StandardKey.Close,
                                   name="closeAction", tip=self.tr("Fermer l'aperçu")))
        return bar

    def _busy_panel(self) -> QWidget:
        panel = QWidget()
        self.busy_label = QLabel(self.tr("Préparation du document…"))
        self.busy_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        busy_bar = QProgressBar()
        busy_bar.setRange(0, 0)
        busy_bar.setFixedWidth(260)
        busy_bar.setTextVisible(False)
        self.cancel_button = QPushButton(self.tr("Annuler"))
        self.cancel_button.setObjectName("cancelRenderButton")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(panel)
        layout.addStretch(1)
        layout.addWidget(self.busy_label)
        layout.addWidget(busy_bar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        return panel

    def _status_bar(self) -> QWidget:
        bar = QWidget()
        self.status_label = QLabel()
        self.status_label.setObjectName("previewStatus")
        self.print_progress = QProgressBar()
        self.print_progress.setMaximumWidth(240)
        self.print_progress.setFormat(self.tr("%v / %m pages"))
        self.cancel_print_button = QPushButton(self.tr("Arrêter l'impression"))
        self.cancel_print_button.setObjectName("cancelPrintButton")
        self.cancel_print_button.clicked.connect(self.cancel_print)
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(8, 3, 8, 3)
        layout.addWidget(self.status_label, 1)
        layout.addWidget(self.print_progress)
        layout.addWidget(self.cancel_print_button)
        self._show_printing(False)
        return bar

    def _fit_screen(self) -> None:
        """Most of the screen (a 1366 × 768 laptop included), a sheet at full width still readable."""
        screen = (self.parentWidget() or self).screen().availableGeometry()
        self.resize(min(1100, int(screen.width() * 0.9)), int(screen.height() * 0.92))

    def _set_title(self, title: str) -> None:
        self.setWindowTitle(self.tr("Aperçu avant impression — {title}").format(title=title))

    # -- loading -------------------------------------------------------------------------------------------

    def load(self, work: Callable[[Progress], PdfFile]) -> None:
        """Prepare the document on a worker (``work`` opens its own database connection), then show it."""
        self.stack.setCurrentIndex(self.BUSY)

        def wire(task: Task) -> None:
            task.sig_succeeded.connect(self._on_rendered)
            task.sig_failed.connect(self._on_render_failed)
            self._render_task = task

        start_task(work, wire)

    @property
    def busy(self) -> bool:
        return self._render_task is not None or self._print_task is not None

    def cancel(self) -> None:
        """« Annuler » while the document is prepared: the window closes, the result is dropped."""
        if self._render_task is not None:
            self._render_task.cancel()
            self._render_task = None
        self.close()

    def show_pdf(self, file: PdfFile) -> None:
        self.file = file
        self._set_title(file.title)
        if self.pages is not None:
            self.pages.close()
        self.pages = PdfPages(file.data)
        self.destroyed.connect(self.pages.close)  # also when the window goes with its parent, unclosed
        count = len(self.pages)
        self.page_spin.setRange(1, max(1, count))
        self.page_spin.setSuffix(self.tr(" / {n}").format(n=count))
        self.stack.setCurrentIndex(self.PAGES)
        self.view.set_pages(self.pages)
        self._set_loaded(True)
        self.view.setFocus()
        self.status_label.setText(self.tr("{pages} — {size} Ko").format(
            pages=pages_text(count), size=max(1, round(len(file.data) / 1024))))
        self.sig_loaded.emit(count)

    def page_count(self) -> int:
        return len(self.pages) if self.pages is not None else 0

    def _on_rendered(self, file: PdfFile) -> None:
        if self.sender() is not self._render_task:
            return
        self._render_task = None
        self.show_pdf(file)

    def _on_render_failed(self, error: BaseException) -> None:
        if self.sender() is not self._render_task:
            return
        self._render_task = None
        if isinstance(error, Cancelled):
            return
        if isinstance(error, TiceError):
            message = str(error)
        else:
            log.error("preparing a document failed", exc_info=error)
            message = self.tr("Le document n'a pas pu être préparé : {error}").format(error=error)
        self.error_label.setText(message)
        self.stack.setCurrentIndex(self.ERROR)
        self.sig_failed.emit(message)

    def _set_loaded(self, loaded: bool) -> None:
        for action in (self.print_action, self.save_action, self.previous_action, self.next_action,
                       self.fit_action, self.actual_action, self.zoom_in_action, self.zoom_out_action):
            action.setEnabled(loaded)
        self.page_spin.setEnabled(loaded)
        self.page_spin.setSpecialValueText("" if loaded else self.tr("Page –"))
        if not loaded:
            self.page_spin.setRange(0, 0)
            self.page_spin.setSuffix("")
            self.zoom_label.clear()
            self.fit_action.setChecked(False)

    def _on_page_changed(self, index: int) -> None:
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(index + 1)
        self.page_spin.blockSignals(False)
        self.previous_action.setEnabled(self.file is not None and index > 0)
        self.next_action.setEnabled(self.file is not None and index + 1 < self.page_count())

    def _on_zoom_changed(self, zoom: float) -> None:
        shown = self.pages is not None
        self.zoom_label.setText(self.tr("{n} %").format(n=round(zoom * 100)) if shown else "")
        self.fit_action.setChecked(shown and self.view.fit_width)
        self.actual_action.setChecked(shown and not self.view.fit_width and round(zoom * 100) == 100)

    # -- saving --------------------------------------------------------------------------------------------

    def open_save_dialog(self) -> QFileDialog:
        folder = QSettings().value(FOLDER_KEY, "") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        dialog = QFileDialog(self, self.tr("Enregistrer en PDF"), str(Path(folder) / self.file.file_name),
                             self.tr("Documents PDF (*.pdf)"))
        dialog.setObjectName("savePdfDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.save_to)
        self.save_dialog = dialog
        dialog.open()
        return dialog

    def save_to(self, path: str | os.PathLike[str]) -> bool:
        """Write the PDF (beside, then renamed: never half a file under the chosen name)."""
        target = Path(path)
        partial = target.with_name(f".{target.name}.part")
        try:
            partial.write_bytes(self.file.data)
            os.replace(partial, target)
        except OSError as error:
            partial.unlink(missing_ok=True)
            self._show_message(QMessageBox.Icon.Warning, self.tr(
                "Impossible d'enregistrer « {path} » : {reason}. Choisissez un autre dossier, ou fermez le fichier "
                "s'il est ouvert dans un autre programme.").format(path=target, reason=error.strerror or error))
            return False
        QSettings().setValue(FOLDER_KEY, str(target.parent))
        self.status_label.setText(self.tr("Enregistré dans « {path} ».").format(path=target))
        self.sig_saved.emit(str(target))
        return True

    def _show_message(self, icon: QMessageBox.Icon, text: str) -> None:
        box = QMessageBox(icon, self.windowTitle(), text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("previewMessage")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()

    # -- printing ------------------------------------------------------------------------------------------

    def open_print_dialog(self) -> QPrintDialog:
        if self.printer is None:
            self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            self.printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
            self.printer.setFullPage(True)  # the document has its own margins
        self.printer.setDocName(self.file.title)
        dialog = QPrintDialog(self.printer, self)
        dialog.setObjectName("printDialog")
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setMinMax(1, self.page_count())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.print_to(self.printer))
        self.print_dialog = dialog
        QDialog.open(dialog)  # QPrintDialog.open(receiver, member) hides the plain one
        return dialog

    def print_to(self, printer: QPrinter) -> Task:
        """Print the chosen pages on ``printer`` (set up by the print dialog, or by a caller) on a worker."""
        data = self.file.data

        def wire(task: Task) -> None:
            task.sig_progress.connect(self._on_print_progress)
            task.sig_succeeded.connect(self._on_printed)
            task.sig_failed.connect(self._on_print_failed)
            task.sig_finished.connect(self._on_print_finished)
            self._print_task = task

        self._printing_to = printer.outputFileName() if printer.outputFormat() == \
            QPrinter.OutputFormat.PdfFormat else printer.printerName()
        self.print_action.setEnabled(False)
        self.status_label.setText(self.tr("Impression en cours…"))
        self._show_printing(True)
        return start_task(lambda progress: print_pdf(data, printer, progress), wire)

    def cancel_print(self) -> None:
        if self._print_task is not None:
            self._print_task.cancel()
            self.status_label.setText(self.tr("Arrêt de l'impression…"))

    def _show_printing(self, shown: bool) -> None:
        self.print_progress.setVisible(shown)
        self.cancel_print_button.setVisible(shown)
        if not shown and self.file is not None:
            self.print_action.setEnabled(True)

    def _on_print_finished(self) -> None:
        self._show_printing(False)

    def _on_print_progress(self, done: int, total: int) -> None:
        self.print_progress.setRange(0, total)
        self.print_progress.setValue(done)

    def _on_printed(self, outcome: tuple[int, bool]) -> None:
        self._print_task = None
        pages, cancelled = outcome
        if cancelled:
            text = self.tr("Impression arrêtée après {pages}.").format(pages=pages_text(pages))
        elif pages == 1:
            text = self.tr("1 page envoyée à « {printer} ».").format(printer=self._printing_to)
        else:
            text = self.tr("{n} pages envoyées à « {printer} ».").format(n=pages, printer=self._printing_to)
        self.status_label.setText(text)
        self.sig_printed.emit(pages, cancelled)

    def _on_print_failed(self, error: BaseException) -> None:
        self._print_task = None
        if not isinstance(error, TiceError):
            log.error("printing failed", exc_info=error)
        self.status_label.clear()
        self._show_message(QMessageBox.Icon.Warning, str(error) if isinstance(error, TiceError) else self.tr(
            "L'impression a échoué : {error}").format(error=error))

    # -- closing -------------------------------------------------------------------------------------------

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._render_task is not None:
            self._render_task.cancel()
            self._render_task = None
        self.view.set_pages(None)
        if self.pages is not None:
            self.pages.close()
            self.pages = None
        super().closeEvent(event)
