"""The search field: as-you-type search after a short pause, and Entrée for a barcode scanner.

A scanner types an inventory number quickly and ends with Entrée: the pause never elapses, and Entrée hands the
text over at once (:attr:`SearchBar.sig_submitted`). Typing by hand searches once the user pauses for
:data:`DEBOUNCE_MS` (:attr:`SearchBar.sig_search_changed`). Échap clears the field, ↓ goes to the list.

A text the owner judges too short to search as it is typed (:attr:`SearchBar.waits_for_enter`: one or two
letters on a big base, found in most of it) is not searched after the pause: the list shows the place
unsearched, :attr:`SearchBar.sig_waiting` lets the window say so, and Entrée searches it.
"""

from __future__ import annotations

from collections.abc import Callable

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
    sig_waiting = Signal(str)
    """The text typed is too short to search as it is typed: searched on Entrée only."""

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
        self.waits_for_enter: Callable[[str], bool] = lambda _text: False
        """Whether a (stripped) text is searched on Entrée only, not after a pause in typing."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)

        self.edit.installEventFilter(self)
        self.edit.textChanged.connect(self._on_text_changed)
        self.edit.returnPressed.connect(self._on_return)
        self._timer.timeout.connect(self._on_pause)

    @property
    def text(self) -> str:
        return self.edit.text().strip()

    @property
    def applied_text(self) -> str:
        """The text the list is filtered on now."""
        return self._applied

    def apply(self) -> None:
        """Search now for what the field holds, however short (Entrée)."""
        self._timer.stop()
        self._set_applied(self.text)

    def _on_pause(self) -> None:
        """The user paused in typing: search, unless the text waits for Entrée (then the list is unsearched)."""
        text = self.text
        if text and self.waits_for_enter(text):
            self._set_applied("")
            self.sig_waiting.emit(text)
        else:
            self._set_applied(text)

    def _set_applied(self, text: str) -> None:
        if text != self._applied:
            self._applied = text
            self.sig_search_changed.emit(text)

    def keep(self, *, entered: bool = False) -> None:
        """What the field holds (typed while there was nothing to search yet) is the search from now on, without a
        signal: the caller reads the list next. A text that waits for Entrée is searched only if it was
        ``entered``; else :attr:`sig_waiting` says so."""
        self._timer.stop()
        text = self.text
        if text and not entered and self.waits_for_enter(text):
            self._applied = ""
            self.sig_waiting.emit(text)
        else:
            self._applied = text

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
