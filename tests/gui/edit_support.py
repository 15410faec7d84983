"""The editing controller on a plain host widget, as the window will hold it, and what the tests read back:
the database through the services, the audit trail through ``AuditLog``."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QWidget
from sqlalchemy import select

from ticeinventory.db.models import AuditLog
from ticeinventory.services.app import Services
from ticeinventory.ui.edit_controller import EditController


@dataclass
class Harness:
    """A host widget with the controller's actions; the test sets the selection and the place."""

    host: QWidget
    stack: QUndoStack
    controller: EditController
    services: Services
    selection: list[int] = field(default_factory=list)
    place: list = field(default_factory=lambda: [None, None])
    counter: dict = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    @property
    def refreshed(self) -> int:
        """How many times the window was told to read the database again."""
        return self.counter["refreshed"]

    def select(self, ids, place=None) -> None:
        self.selection[:] = list(ids)
        if place is not None:
            self.place[:] = list(place)
        self.controller.update_enabled()

    def dialog(self, kind: type[QDialog]) -> QDialog:
        dialog = self.controller.dialog
        assert isinstance(dialog, kind), f"expected an open {kind.__name__}, found {dialog!r}"
        assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.WindowModal  # open(), not exec()
        return dialog


def make_harness(qtbot, services: Services) -> Harness:
    host = QWidget()
    host.setObjectName("editHost")
    qtbot.addWidget(host)
    host.resize(1366, 768)
    stack = QUndoStack(host)
    selection: list[int] = []
    place: list = [None, None]
    counter = {"refreshed": 0}

    def refreshed() -> None:
        counter["refreshed"] += 1

    controller = EditController(host, services, stack, lambda: list(selection), lambda: tuple(place), refreshed)
    harness = Harness(host, stack, controller, services, selection, place, counter)
    controller.sig_status_message.connect(harness.messages.append)
    host.show()
    qtbot.waitExposed(host)
    return harness


def press_ok(qtbot, dialog: QDialog) -> None:
    """Click the dialog's OK button as the user does (it must be enabled)."""
    assert dialog.ok_button.isEnabled(), dialog.summary.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def last_audit_id(services: Services) -> int:
    with services.db.reading() as session:
        return session.scalar(select(AuditLog.id).order_by(AuditLog.id.desc()).limit(1)) or 0


def audit_rows(services: Services, entity: str, entity_id: int | None = None, after: int = 0) -> list[tuple]:
    """(entity_id, action, field, old, new, source) written after audit row ``after``, oldest first."""
    query = select(AuditLog.entity_id, AuditLog.action, AuditLog.field, AuditLog.old_value, AuditLog.new_value,
                   AuditLog.source).where(AuditLog.entity == entity, AuditLog.id > after).order_by(AuditLog.id)
    if entity_id is not None:
        query = query.where(AuditLog.entity_id == entity_id)
    with services.db.reading() as session:
        return [tuple(row) for row in session.execute(query)]
