"""Inline validation shared by the editing dialogs: a message under each field, OK disabled while a field is
wrong, and the services' refusals (``ValidationError.errors``) shown back under the fields they name.

The checks as you type call the domain's own functions (``uai_problem``, ``mac_problem``, ``parse_amount``…):
the rule lives once, the service enforces it again when the dialog saves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QMouseEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ticeinventory.domain import validation as v
from ticeinventory.domain.errors import TiceError, ValidationError
from ticeinventory.domain.records import RoomInfo, SchoolInfo

EMPTY_DATE = QDate(1900, 1, 1)
"""An :class:`OptionalDateEdit` at this date shows nothing and means « no date »."""


def error_colour(widget: QWidget) -> str:
    """A red readable on the widget's background, light or dark theme."""
    dark = widget.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return "#ff8a80" if dark else "#b3261e"


class ErrorLabel(QWidget):
    """A warning icon and a French message, under a field or above the buttons; hidden while empty."""

    def __init__(self, parent: QWidget | None = None, *, neutral: bool = False) -> None:
        super().__init__(parent)
        self._neutral = False
        self.icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.icon.setPixmap(warning.pixmap(size, size))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2)
        layout.setSpacing(4)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        self.set_neutral(neutral)
        self.setVisible(False)

    def set_neutral(self, neutral: bool) -> None:
        """Neutral: a hint (what is missing), in the normal colour and without the icon."""
        self._neutral = neutral
        self.icon.setVisible(not neutral)
        palette = self.label.palette()
        normal = self.palette().color(QPalette.ColorRole.WindowText)
        colour = normal if neutral else QColor(error_colour(self))
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.label.setPalette(palette)

    def setText(self, text: str) -> None:  # noqa: N802 - mirrors QLabel
        self.label.setText(text or "")
        self.setVisible(bool(text))
        self.setAccessibleDescription(text or "")

    def text(self) -> str:
        return self.label.text()


def field_cell(widget: QWidget, error: ErrorLabel, *extra: QWidget) -> QWidget:
    """The field with its message under it, as one cell of a form."""
    cell = QWidget()
    layout = QVBoxLayout(cell)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(widget)
    for other in extra:
        layout.addWidget(other)
    layout.addWidget(error)
    return cell


def add_row(form: QFormLayout, text: str, widget: QWidget, error: ErrorLabel | None = None,
            *extra: QWidget) -> QLabel:
    """A labelled row whose label (with its ``&`` mnemonic) gives the focus to ``widget``."""
    label = QLabel(text)
    label.setBuddy(widget)
    form.addRow(label, field_cell(widget, error, *extra) if error is not None else widget)
    return label


def compact_form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setVerticalSpacing(6)
    return form


class OptionalDateEdit(QDateEdit):
    """A ``jj/mm/aaaa`` date that may stay empty. Typing a digit in an empty field starts a date (day first);
    Suppr or Retour arrière on the whole text, or the field's clear button, empties it again."""

    def __init__(self, parent: QWidget | None = None, *, empty_text: str = "") -> None:
        super().__init__(parent)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self.setMinimumDate(EMPTY_DATE)
        self.setSpecialValueText(empty_text or " ")
        self.setDate(EMPTY_DATE)
        self.lineEdit().setClearButtonEnabled(False)
        self.setToolTip(self.tr("Date au format jj/mm/aaaa. Suppr efface la date."))

    def value(self) -> date | None:
        if self.date() == EMPTY_DATE:
            return None
        return self.date().toPython()

    def set_value(self, value: date | None) -> None:
        self.setDate(QDate(value) if value else EMPTY_DATE)

    def is_empty(self) -> bool:
        return self.date() == EMPTY_DATE

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and (
                self.is_empty() or self.lineEdit().selectedText() == self.text()):
            self.set_value(None)
            event.accept()
            return
        if self.is_empty() and event.text().isdigit():
            self._start_today()
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        super().mousePressEvent(event)
        calendar = self.calendarWidget()
        if self.is_empty() and calendar is not None and calendar.isVisible():
            today = QDate.currentDate()
            calendar.setCurrentPage(today.year(), today.month())  # not 1900; nothing chosen yet

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        if self.is_empty():
            self.lineEdit().selectAll()

    def _start_today(self) -> None:
        today = QDate.currentDate()
        self.setDate(min(max(today, self.minimumDate().addDays(1)), self.maximumDate()))
        self.setSelectedSection(QDateEdit.Section.DaySection)


class PriceEdit(QLineEdit):
    """An amount in euros as people write it (« 1 234,50 € », « 1234.5 »), shown back as « 1 234,50 € »."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("ex. 1 234,50 €"))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.editingFinished.connect(self._tidy)

    def cents(self) -> int | None:
        """The amount in cents; None when empty or not understood (see :meth:`problem`)."""
        if not self.text().strip():
            return None
        try:
            return v.parse_amount(self.text())
        except ValueError:
            return None

    def problem(self) -> str | None:
        if not self.text().strip():
            return None
        try:
            cents = v.parse_amount(self.text())
        except ValueError as error:
            return str(error)
        if cents < 0:
            return self.tr("Le prix d'achat ne peut pas être négatif.")
        return None

    def set_cents(self, cents: int | None) -> None:
        self.setText(v.format_amount(cents) if cents is not None else "")

    def _tidy(self) -> None:
        if self.problem() is None and self.cents() is not None:
            self.set_cents(self.cents())


class NOT_IN_LIST:  # noqa: N801 - a sentinel, used as a value
    """:meth:`ChoiceCombo.value` when the typed text names no item."""


class ChoiceCombo(QComboBox):
    """A list to choose from, that also finds an item by any part of its text (« colette » finds « École
    élémentaire Colette — Dijon »). :meth:`value` is the chosen item's data, ``NOT_IN_LIST`` otherwise."""

    def __init__(self, parent: QWidget | None = None, *, searchable: bool = False) -> None:
        super().__init__(parent)
        self._values: list[Any] = []
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        if searchable:
            self.setEditable(True)
            self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            completer = self.completer()
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def set_items(self, items: Iterable[tuple[str, Any]], value: Any = None) -> None:
        """The texts shown and the values they stand for (kept in Python: Qt would turn an enum into a
        str)."""
        items = list(items)
        self._values = [data for _text, data in items]
        with QSignalBlocker(self):
            self.clear()
            for text, _data in items:
                self.addItem(text)
        self.set_value(value)

    def value(self) -> Any:
        index = self.currentIndex()
        if self.isEditable():
            index = self.findText(self.currentText().strip(), Qt.MatchFlag.MatchFixedString)
        return self._values[index] if 0 <= index < len(self._values) else NOT_IN_LIST

    def values(self) -> list[Any]:
        return list(self._values)

    def set_value(self, value: Any) -> None:
        values = self._values
        index = next((i for i, data in enumerate(values) if data == value), 0 if values else -1)
        self.setCurrentIndex(index)
        if self.isEditable() and index >= 0:
            self.setEditText(self.itemText(index))
            self.lineEdit().setCursorPosition(0)  # the start of a long name, not its end


@dataclass
class _Field:
    key: str
    widget: QWidget
    error: ErrorLabel | None
    check: Callable[[], str | None] | None
    name: str
    aliases: tuple[str, ...] = ()
    touched: bool = False
    service_message: str = ""
    extra: list[QWidget] = field(default_factory=list)


class InlineForm(QObject):
    """The fields of one dialog and their checks.

    A field's message shows once the user has changed it (a new, empty form is not covered in red); OK stays
    disabled while a check fails, and the summary above the buttons says what is missing. A refusal of the
    service is shown under the fields it names until they change; what names no field goes to the summary.
    """

    sig_validity_changed = Signal(bool)
    """Whether the form can be saved."""
    sig_messages_changed = Signal()
    """A message appeared, changed or went away: the dialog may need more room."""

    def __init__(self, ok_button: QAbstractButton | None, summary: ErrorLabel,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ok_button = ok_button
        self.summary = summary
        self.fields: dict[str, _Field] = {}
        self._general = ""
        self._valid = False

    def add(self, key: str, widget: QWidget, error: ErrorLabel | None,
            check: Callable[[], str | None] | None = None, *, name: str = "", aliases: Iterable[str] = (),
            signals: Iterable[Any] | None = None) -> None:
        """Register a field; ``signals`` are its change signals (touch it and check again)."""
        self.fields[key] = _Field(key, widget, error, check, name or key, tuple(aliases))
        for signal in _change_signals(widget) if signals is None else signals:
            signal.connect(lambda *_args, key=key: self.changed(key))

    def changed(self, key: str) -> None:
        item = self.fields[key]
        item.touched = True
        item.service_message = ""
        self._general = ""
        self.validate()

    def touch_all(self) -> None:
        for item in self.fields.values():
            item.touched = True
        self.validate()

    def problems(self) -> dict[str, str]:
        """The checks failing now, by field (whether shown or not)."""
        found = {}
        for key, item in self.fields.items():
            if item.check is not None and item.widget.isEnabled() and (message := item.check()):
                found[key] = message
        return found

    def validate(self) -> bool:
        problems = self.problems()
        shown_before = self._shown()
        for key, item in self.fields.items():
            message = item.service_message or (problems.get(key, "") if item.touched else "")
            if item.error is not None:
                item.error.setText(message)
            item.widget.setAccessibleDescription(message)
        blocking = set(problems) | {key for key, item in self.fields.items() if item.service_message}
        valid = not blocking
        if self._general:
            self.summary.set_neutral(False)
            self.summary.setText(self._general)
        else:
            # What no field shows: the problems of fields without a message of their own, the fields left
            # empty.
            fields = self.fields.items()
            lines = [problems[key] for key, item in fields if key in problems and item.error is None]
            hidden = [item.name for key, item in fields if key in blocking and item.error is not None
                      and not (item.touched or item.service_message)]
            if hidden:
                lines.append(self.tr("Pour enregistrer, renseignez\u00a0: {fields}.").format(
                    fields=", ".join(hidden)))
            self.summary.set_neutral(True)
            self.summary.setText("\n".join(lines))
        if self.ok_button is not None:
            self.ok_button.setEnabled(valid)
        if valid != self._valid:
            self._valid = valid
            self.sig_validity_changed.emit(valid)
        if self._shown() != shown_before:
            self.sig_messages_changed.emit()
        return valid

    def _shown(self) -> tuple[str, ...]:
        return (self.summary.text(), *(item.error.text() for item in self.fields.values() if item.error))

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """A service's ``ValidationError.errors``: each message under its field, the others in the summary."""
        general = []
        first: _Field | None = None
        for key, message in errors.items():
            item = self._field_for(key)
            if item is None or item.error is None or not item.widget.isVisibleTo(item.widget.window()):
                general.append(message)
                continue
            item.service_message = message
            first = first or item
        self._general = "\n".join(general)
        self.validate()
        if first is not None:
            first.widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_general(self, message: str) -> None:
        """A refusal that is about no field (a rule of the conventions, an item changed elsewhere)."""
        self._general = message
        self.validate()

    def _field_for(self, key: str) -> _Field | None:
        if key in self.fields:
            return self.fields[key]
        return next((item for item in self.fields.values() if key in item.aliases), None)


def _change_signals(widget: QWidget) -> list[Any]:
    if isinstance(widget, QDateEdit):
        return [widget.dateChanged]
    if isinstance(widget, QLineEdit):
        return [widget.textChanged]
    if isinstance(widget, QComboBox):
        return [widget.currentIndexChanged, widget.editTextChanged] if widget.isEditable() \
            else [widget.currentIndexChanged]
    if isinstance(widget, QPlainTextEdit):
        return [widget.textChanged]
    if isinstance(widget, QAbstractButton):
        return [widget.toggled]
    raise TypeError(f"no change signal known for {type(widget).__name__}")


def plain(text: str) -> str:
    """A line edit's text as the services want it."""
    return (text or "").strip()


class FormDialog(QDialog):
    """An editing dialog: its body, the summary line, then « Annuler » and the OK button (``ok_text``).

    OK runs :meth:`save`, which hands the values to the controller's saver: a refusal of the services stays
    in the dialog (under the fields it names, or in the summary) and the dialog stays open; success closes it.
    Opened with ``open()`` (window-modal, never blocking), so tests drive it as the user does.
    """

    def __init__(self, parent: QWidget | None, title: str, ok_text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        standard = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
        self.ok_button = self.buttons.button(standard.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setObjectName("okButton")
        self.cancel_button = self.buttons.button(standard.Cancel)
        self.cancel_button.setText(self.tr("Annuler"))
        self.cancel_button.setObjectName("cancelButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.summary = ErrorLabel()
        self.summary.setObjectName("summaryLabel")
        self.form = InlineForm(self.ok_button, self.summary, self)
        self.form.sig_messages_changed.connect(self._fit_later)
        self._sized = False

    def finish(self, body: QLayout | QWidget) -> None:
        """Lay out ``body`` above the summary and the buttons, then check the fields once."""
        layout = QVBoxLayout(self)
        if isinstance(body, QWidget):
            layout.addWidget(body, 1)
        else:
            layout.addLayout(body, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.form.validate()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        if not self._sized:  # wrapped texts: the height depends on the width, which Qt's first guess ignores
            self._sized = True
            width = max(self.sizeHint().width(), self.minimumWidth())
            self.resize(width, self._height_for(width))
            self._fit()
        super().showEvent(event)

    def _fit_later(self) -> None:
        QTimer.singleShot(0, self._fit)

    def _height_for(self, width: int) -> int:
        layout = self.layout()
        if layout is None:
            return self.sizeHint().height()
        layout.activate()
        if layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(width)
        else:
            height = layout.totalSizeHint().height()
        screen = self.screen()
        return min(height, screen.availableGeometry().height() - 40) if screen is not None else height

    def _fit(self) -> None:
        """Grow (never shrink) so that every message and wrapped text shows whole, within the screen."""
        if self.layout() is None:
            return
        height = self._height_for(self.width())
        self.setMinimumHeight(max(height, 0))
        if height > self.height():
            self.resize(self.width(), height)

    def error_label(self, key: str) -> ErrorLabel:
        label = ErrorLabel()
        label.setObjectName(f"{_camel(key)}Error")
        return label

    def accept(self) -> None:
        if not self.form.validate():
            self.form.touch_all()
            return
        try:
            self.save()
        except ValidationError as error:
            self.form.show_errors(error.errors)
            return
        except TiceError as error:
            self.form.show_general(error.message)
            return
        super().accept()

    def save(self) -> None:
        """Hand the values to the saver; raise the services' TiceError to keep the dialog open."""
        raise NotImplementedError

    def error_text(self, key: str) -> str:
        """The message shown under field ``key`` (for tests and accessibility)."""
        item = self.form.fields[key]
        return item.error.text() if item.error is not None else ""


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part.capitalize() for part in rest)


def items_summary(numbers: list[str], shown: int = 4) -> str:
    """« PCF-2009-00001 » or « 25 équipements : PCF-2009-00001, PCF-2009-00002… et 23 autres »."""
    translate = QCoreApplication.translate
    if len(numbers) == 1:
        return numbers[0]
    head = ", ".join(numbers[:shown])
    if len(numbers) > shown:
        head = translate("Forms", "{head} et {n} autres").format(head=head, n=len(numbers) - shown)
    return translate("Forms", "{n} équipements\u00a0: {numbers}").format(n=len(numbers), numbers=head)


def school_text(school: SchoolInfo) -> str:
    return f"{school.name} — {school.commune}" if school.commune else school.name


def stock_text() -> str:
    return QCoreApplication.translate("Forms", "Stock de la ville (non affecté)")


class PlaceCombos(QObject):
    """A school (or the city stock) and a room of that school: the room list follows the school."""

    sig_changed = Signal()

    def __init__(self, schools: Iterable[SchoolInfo], rooms_of: Callable[[int], Iterable[RoomInfo]],
                 parent: QObject | None = None, *, with_stock: bool = True) -> None:
        super().__init__(parent)
        self._rooms_of = rooms_of
        self._rooms: dict[int, list[tuple[str, int]]] = {}
        self.school_combo = ChoiceCombo(searchable=True)
        self.school_combo.setObjectName("schoolCombo")
        self.school_combo.setMinimumContentsLength(40)
        choices = [(school_text(school), school.id) for school in schools]
        self.school_combo.set_items(([(stock_text(), None)] if with_stock else []) + choices)
        self.room_combo = ChoiceCombo()
        self.room_combo.setObjectName("roomCombo")
        self.school_combo.currentIndexChanged.connect(self._on_school)
        self.school_combo.editTextChanged.connect(self._on_school)
        self.room_combo.currentIndexChanged.connect(self.sig_changed)
        self._on_school()

    def school_id(self) -> Any:
        """The chosen school's id, None for the city stock, ``NOT_IN_LIST`` when the typed text names none."""
        return self.school_combo.value()

    def room_id(self) -> int | None:
        room = self.room_combo.value()
        return None if room is NOT_IN_LIST else room

    def set_place(self, school_id: int | None, room_id: int | None) -> None:
        self.school_combo.set_value(school_id)
        self._on_school()
        self.room_combo.set_value(room_id)

    def school_problem(self) -> str | None:
        if self.school_id() is NOT_IN_LIST:
            return QCoreApplication.translate("Forms",
                                              "Choisissez une école de la liste, ou le stock de la ville.")
        return None

    def _on_school(self, *_args: Any) -> None:
        school_id = self.school_id()
        previous = self.room_combo.value()
        if school_id in (None, NOT_IN_LIST):
            self.room_combo.set_items([("—", None)])
            self.room_combo.setEnabled(False)
        else:
            if school_id not in self._rooms:
                self._rooms[school_id] = [(room.name, room.id) for room in self._rooms_of(school_id)]
            rooms = self._rooms[school_id]
            self.room_combo.set_items(
                [(QCoreApplication.translate("Forms", "(sans salle)"), None), *rooms],
                previous if any(room_id == previous for _name, room_id in rooms) else None)
            self.room_combo.setEnabled(True)
        self.sig_changed.emit()
