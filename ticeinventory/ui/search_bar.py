"""The search field: as-you-type search after a short pause, and Entrée for a barcode scanner.

A scanner types an inventory number quickly and ends with Entrée: the pause never elapses, and Entrée hands the
text over at once (:attr:`SearchBar.sig_submitted`). Typing by hand searches once the user pauses for
:data:`DEBOUNCE_MS` (:attr:`SearchBar.sig_search_changed`). Échap clears the field, ↓ goes to the list.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from . import icons

DEBOUNCE_MS = 150


class SearchBar(QWidget):
    sig_search_changed = Signal(str)
    """The text to search for (after a pause in typing, or when cleared)."""
    sig_submitted = Signal(str)
    """Entrée: the text as typed or scanned."""
    sig_leave = Signal()
    """↓ in the field: the user wants the list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setObjectName("searchEdit")
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText(self.tr("Rechercher\u00a0: n° d'inventaire, série, nom réseau, MAC, marque, "
                                             "modèle, école, UAI…"))
        self.edit.setAccessibleName(self.tr("Rechercher un équipement"))
        self.edit.setToolTip(self.tr("Tapez une partie d'un n° d'inventaire, de série, d'un nom réseau, d'une adresse "
                                     "MAC, d'une marque, d'un modèle, du nom ou de l'UAI d'une école (Ctrl+F).\n"
                                     "Un n° d'inventaire complet suivi d'Entrée (douchette) montre l'équipement, où "
                                     "qu'il soit. Échap efface la recherche."))
        self._search_action = self.edit.addAction(icons.icon(icons.SEARCH), QLineEdit.ActionPosition.LeadingPosition)
        self._applied = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)

        self.edit.installEventFilter(self)
        self.edit.textChanged.connect(self._on_text_changed)
        self.edit.returnPressed.connect(self._on_return)
        self._timer.timeout.connect(self.apply)

    @property
    def text(self) -> str:
        return self.edit.text().strip()

    @property
    def applied_text(self) -> str:
        """The text the list is filtered on now."""
        return self._applied

    def apply(self) -> None:
        """Search now for what the field holds (the pause is over, or Entrée)."""
        self._timer.stop()
        if self.text != self._applied:
            self._applied = self.text
            self.sig_search_changed.emit(self._applied)

    def clear(self, *, quietly: bool = False) -> None:
        """Empty the field; ``quietly``: the caller reloads the list itself."""
        if quietly:
            self._applied = ""
        self.edit.clear()
        if quietly:
            self._timer.stop()
        else:
            self.apply()

    def type_in(self, text: str) -> None:
        """Characters typed elsewhere (in the list): the first starts a new search here, the field takes the
        focus and the next ones (a scanner is quick) follow it."""
        if self.edit.hasFocus():
            self.edit.insert(text)
            return
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edit.setText(text)

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def refresh_icons(self) -> None:
        self._search_action.setIcon(icons.icon(icons.SEARCH))

    def _on_text_changed(self, _text: str) -> None:
        if not self.text:  # cleared (clear button, Échap): no reason to wait
            self.apply()
        else:
            self._timer.start()

    def _on_return(self) -> None:
        self._timer.stop()
        self.sig_submitted.emit(self.text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape and self.edit.text():
                self.clear()
                return True
            if event.key() == Qt.Key.Key_Down:
                self.sig_leave.emit()
                return True
        return super().eventFilter(watched, event)
