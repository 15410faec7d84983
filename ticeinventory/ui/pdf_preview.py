"""Aperçu avant impression: a PDF shown page by page, printed to any printer, saved as a PDF file.

The window ties the pieces together: :mod:`.pdf_pages` renders with pdfium, :mod:`.pdf_page_view` shows the
pages in view at the zoom shown, :mod:`.pdf_printing` paints the chosen pages on a worker so that a long
document never freezes the window.

The document itself arrives from a worker too (:meth:`PdfPreviewDialog.load`): the window shows the preview at
once, busy with « Annuler » until the PDF is ready.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPageSize
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
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

from .detached_tasks import start_task
from .pdf_document import FOLDER_KEY, Cancelled, PdfFile, pages_text
from .pdf_page_view import PageView
from .pdf_pages import PdfPages
from .pdf_printing import print_pdf
from .tasks import Progress, Task

log = logging.getLogger(__name__)


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
