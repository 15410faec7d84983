"""Undo and redo of the screen's edits: each step is a QUndoCommand whose undo and redo call the services.

So every undo is a real transaction, checked by the same rules and written to the audit trail like the edit
itself (source « ecran »). An edit reads the state of what it touches before and after; its undo puts back
only the fields it changed, and only if nobody changed them since (else the French refusal of the service is
shown and nothing moves). Creations are undone by deleting what was created and redone by recreating it with
the same identifier and inventory number, so that later steps of the stack still find their items.

A command is run once by :meth:`ServiceCommand.perform` (a refusal then stays in the dialog) and only then
pushed: its first ``redo()`` has nothing left to do. A command knows whether the database holds its effect
(:attr:`ServiceCommand.done`): a failed undo leaves it done, and :func:`undo` / :func:`redo` move the stack
only on success. Should a failure happen when the stack itself drives the commands (``setIndex``), the stack
is brought back, on the next turn of the event loop, to the last step the database really holds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.errors import TiceError

if TYPE_CHECKING:
    from ticeinventory.services.app import Services

log = logging.getLogger(__name__)

State = dict[str, Any]


def tr(text: str) -> str:
    return QCoreApplication.translate("Undo", text)


def failure_message(error: BaseException) -> str:
    """What to tell the user when a step fails: the service's French message, else a plain French sentence."""
    if isinstance(error, TiceError):
        return error.message
    log.error("undo/redo failed", exc_info=error)
    return tr("L'opération n'a pas abouti (la base de données l'a refusée)\u00a0; rien n'a été modifié. "
              "Si cela se reproduit, transmettez le journal à la cellule de maintenance informatique.")


@dataclass
class UndoContext:
    """What every command needs: the services, the stack, and whom to tell about a failure or a change."""

    services: Services
    stack: QUndoStack
    report: Callable[[str], None] = lambda message: None
    changed: Callable[[], None] = lambda: None
    halted: bool = field(default=False, init=False)


class ServiceCommand(QUndoCommand):
    """A step whose effect lives in the database; subclasses write :meth:`_do`, :meth:`_undo` and
    :meth:`_redo`."""

    def __init__(self, context: UndoContext, text: str = "") -> None:
        super().__init__(text)
        self.context = context
        self.done = False
        """Whether the database holds this step's effect."""

    @property
    def services(self) -> Services:
        return self.context.services

    # -- run by the application ----------------------------------------------------------------------------

    def perform(self) -> None:
        """The first run, before the command is pushed; raises TiceError (ValidationError…) when refused."""
        self._do()
        self.done = True

    def revert(self) -> None:
        """Undo now; raises on refusal and then stays done."""
        if self.done:
            self._undo()
            self.done = False

    def reapply(self) -> None:
        """Redo now; raises on refusal and then stays undone."""
        if not self.done:
            self._redo()
            self.done = True

    # -- run by QUndoStack ---------------------------------------------------------------------------------

    def redo(self) -> None:
        if not self.done:
            self._step(self.reapply)

    def undo(self) -> None:
        if self.done:
            self._step(self.revert)

    def _step(self, action: Callable[[], None]) -> None:
        if self.context.halted:  # an earlier step of the same move failed: the rest waits for the repair
            return
        try:
            action()
        except Exception as error:  # noqa: BLE001 - called from C++: tell the user, never lose the exception
            self.context.halted = True
            self.context.report(failure_message(error))
            QTimer.singleShot(0, lambda: repair(self.context))
        else:
            self.context.changed()

    # -- the effect ----------------------------------------------------------------------------------------

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError

    def _redo(self) -> None:
        raise NotImplementedError


def repair(context: UndoContext) -> None:
    """Put the stack's index back on the last step the database holds, without running anything."""
    stack = context.stack
    index = stack.index()
    target = 0
    while target < stack.count():
        command = stack.command(target)
        done = command.done if isinstance(command, ServiceCommand) else target < index
        if not done:
            break
        target += 1
    stack.setIndex(target)  # every step up to there is done: redo()/undo() find nothing to do
    context.halted = False
    context.changed()


def undo(context: UndoContext) -> bool:
    """Undo the last step; on refusal the message is reported and the stack stays where it is."""
    stack = context.stack
    if not stack.canUndo():
        return False
    command = stack.command(stack.index() - 1)
    if isinstance(command, ServiceCommand):
        try:
            command.revert()
        except Exception as error:  # noqa: BLE001 - shown to the user, logged when unexpected
            context.report(failure_message(error))
            return False
    stack.undo()
    context.changed()
    return True


def redo(context: UndoContext) -> bool:
    """Redo the next step; on refusal the message is reported and the stack stays where it is."""
    stack = context.stack
    if not stack.canRedo():
        return False
    command = stack.command(stack.index())
    if isinstance(command, ServiceCommand):
        try:
            command.reapply()
        except Exception as error:  # noqa: BLE001 - shown to the user, logged when unexpected
            context.report(failure_message(error))
            return False
    stack.redo()
    context.changed()
    return True


def push(context: UndoContext, command: ServiceCommand) -> None:
    """Perform ``command`` (raises when the services refuse: nothing is pushed) and put it on the stack."""
    command.perform()
    if not command.isObsolete():  # nothing changed: nothing to undo
        context.stack.push(command)
    context.changed()


def changes(before: Mapping[int, State],
            after: Mapping[int, State]) -> tuple[dict[int, State], dict[int, State]]:
    """For each item, the fields that differ: (their values before, their values after)."""
    old: dict[int, State] = {}
    new: dict[int, State] = {}
    for item_id, state in before.items():
        if item_id not in after:
            continue
        keys = [key for key, value in state.items() if after[item_id].get(key) != value]
        if keys:
            old[item_id] = {key: state[key] for key in keys}
            new[item_id] = {key: after[item_id][key] for key in keys}
    return old, new


def count_text(n: int, one: str, many: str, **values: Any) -> str:
    """``one`` or ``many`` (French: 0 and 1 take the singular), translated and filled in."""
    return (tr(one) if n <= 1 else tr(many)).format(n=n, **values)


# -- equipment ---------------------------------------------------------------------------------------------

class EquipmentStateCommand(ServiceCommand):
    """An action that changes fields of existing items (edit, move, status, bulk edit): undone and redone by
    putting back exactly the fields it changed, on every item it changed (attached elements included)."""

    def __init__(self, context: UndoContext, ids: Iterable[int], text: str = "", *,
                 with_contents: bool = False) -> None:
        super().__init__(context, text)
        self.ids = list(dict.fromkeys(ids))
        self.with_contents = with_contents
        self.before: dict[int, State] = {}
        self.after: dict[int, State] = {}

    def _do(self) -> None:
        equipment = self.services.equipment
        states = equipment.snapshots(self.ids, with_contents=self.with_contents)
        self._action()
        self.before, self.after = changes(states, equipment.snapshots(states))
        self.setObsolete(not self.before)

    def _undo(self) -> None:
        self.services.equipment.restore_many(self.before, expected=self.after)

    def _redo(self) -> None:
        self.services.equipment.restore_many(self.after, expected=self.before)

    def _action(self) -> None:
        raise NotImplementedError

    @property
    def changed_ids(self) -> list[int]:
        return list(self.before)


class EditEquipmentCommand(EquipmentStateCommand):
    def __init__(self, context: UndoContext, equipment_id: int, values: Mapping[str, Any],
                 number: str) -> None:
        super().__init__(context, [equipment_id], tr("Modifier {number}").format(number=number))
        self.values = dict(values)

    def _action(self) -> None:
        self.services.equipment.update(self.ids[0], **self.values)


class MoveCommand(EquipmentStateCommand):
    def __init__(self, context: UndoContext, ids: Iterable[int], school_id: int | None,
                 room_id: int | None, *, on: date | None, with_contents: bool, place: str) -> None:
        ids = list(ids)
        super().__init__(context, ids, count_text(len(ids), "Déplacer {n} équipement vers {place}",
                                                  "Déplacer {n} équipements vers {place}", place=place),
                         with_contents=with_contents)
        self.school_id, self.room_id, self.on = school_id, room_id, on

    def _action(self) -> None:
        self.services.equipment.move(self.ids, self.school_id, self.room_id, on=self.on,
                                     with_contents=self.with_contents)


class StatusCommand(EquipmentStateCommand):
    def __init__(self, context: UndoContext, ids: Iterable[int], status: EquipmentStatus) -> None:
        ids = list(ids)
        text = count_text(len(ids), "Statut « {label} » pour {n} équipement",
                          "Statut « {label} » pour {n} équipements", label=status.label)
        super().__init__(context, ids, text)
        self.status = status

    def _action(self) -> None:
        self.services.equipment.change_status(self.ids, self.status)


class BulkEditCommand(EquipmentStateCommand):
    def __init__(self, context: UndoContext, ids: Iterable[int], values: Mapping[str, Any]) -> None:
        ids = list(ids)
        super().__init__(context, ids, count_text(len(ids), "Modification groupée de {n} équipement",
                                                  "Modification groupée de {n} équipements"))
        self.values = dict(values)

    def _action(self) -> None:
        self.services.equipment.bulk_update(self.ids, **self.values)


class CreateEquipmentCommand(ServiceCommand):
    """Creation ↔ deletion; redone with the same identifier and inventory number."""

    def __init__(self, context: UndoContext, values: Mapping[str, Any]) -> None:
        super().__init__(context, tr("Créer un équipement"))
        self.values = dict(values)
        self.states: dict[int, State] = {}

    @property
    def created_ids(self) -> list[int]:
        return list(self.states)

    def _do(self) -> None:
        item = self.services.equipment.create(**self.values)
        self.states = self.services.equipment.snapshots([item.id])
        self.setText(tr("Créer {number}").format(number=item.inventory_number))

    def _undo(self) -> None:
        self.services.equipment.delete(self.states, expected=self.states)

    def _redo(self) -> None:
        self.services.equipment.recreate(self.states)


class DuplicateCommand(CreateEquipmentCommand):
    """N copies ↔ deletion of the copies; redone with the same numbers."""

    def __init__(self, context: UndoContext, source_id: int, count: int, serials: Iterable[str],
                 number: str) -> None:
        super().__init__(context, {})
        self.source_id, self.count, self.serials = source_id, count, list(serials)
        self.setText(tr("Dupliquer {number} ×{count}").format(number=number, count=count))

    def _do(self) -> None:
        copies = self.services.equipment.duplicate(self.source_id, self.count, self.serials)
        self.states = self.services.equipment.snapshots(copy.id for copy in copies)


class RetireCommand(ServiceCommand):
    """Réforme ↔ back to the previous status, without retirement date or reason."""

    def __init__(self, context: UndoContext, ids: Iterable[int], reason: str, on: date | None) -> None:
        ids = list(dict.fromkeys(ids))
        super().__init__(context, count_text(len(ids), "Réformer {n} équipement", "Réformer {n} équipements"))
        self.ids = ids
        self.reason = reason
        self.on = on or date.today()
        self.previous: dict[int, str] = {}

    def _do(self) -> None:
        states = self.services.equipment.snapshots(self.ids)
        self.services.equipment.retire(self.ids, self.reason, on=self.on)
        self.previous = {item_id: state["status"] for item_id, state in states.items()}

    def _undo(self) -> None:
        self.services.equipment.restore_retired(self.ids, self.previous)

    def _redo(self) -> None:
        self.services.equipment.retire(self.ids, self.reason, on=self.on)


# -- schools and rooms -------------------------------------------------------------------------------------

class CreateSchoolCommand(ServiceCommand):
    def __init__(self, context: UndoContext, values: Mapping[str, Any]) -> None:
        super().__init__(context, tr("Créer l'école « {name} »").format(name=values.get("name", "")))
        self.values = dict(values)
        self.school_id: int | None = None
        self.state: State = {}

    def _do(self) -> None:
        school = self.services.schools.create(**self.values)
        self.school_id = school.id
        self.state = self.services.schools.snapshot(school.id)

    def _undo(self) -> None:
        self.services.schools.delete(self.school_id, expected=self.state)

    def _redo(self) -> None:
        self.services.schools.recreate(self.school_id, self.state)


class EditSchoolCommand(ServiceCommand):
    def __init__(self, context: UndoContext, school_id: int, values: Mapping[str, Any], name: str) -> None:
        super().__init__(context, tr("Modifier l'école « {name} »").format(name=name))
        self.school_id = school_id
        self.values = dict(values)
        self.before: State = {}
        self.after: State = {}

    def _do(self) -> None:
        schools = self.services.schools
        before = schools.snapshot(self.school_id)
        schools.update(self.school_id, **self.values)
        old, new = changes({0: before}, {0: schools.snapshot(self.school_id)})
        self.before, self.after = old.get(0, {}), new.get(0, {})
        self.setObsolete(not self.before)

    def _undo(self) -> None:
        self.services.schools.restore(self.school_id, self.before, expected=self.after)

    def _redo(self) -> None:
        self.services.schools.restore(self.school_id, self.after, expected=self.before)


class CreateRoomCommand(ServiceCommand):
    def __init__(self, context: UndoContext, school_id: int, values: Mapping[str, Any]) -> None:
        super().__init__(context, tr("Créer la salle « {name} »").format(name=values.get("name", "")))
        self.school_id = school_id
        self.values = dict(values)
        self.room_id: int | None = None
        self.state: State = {}

    def _do(self) -> None:
        room = self.services.schools.add_room(self.school_id, **self.values)
        self.room_id = room.id
        self.state = self.services.schools.room_snapshot(room.id)

    def _undo(self) -> None:
        self.services.schools.remove_room(self.room_id, expected=self.state)

    def _redo(self) -> None:
        self.services.schools.recreate_room(self.room_id, self.state)


class EditRoomCommand(ServiceCommand):
    def __init__(self, context: UndoContext, room_id: int, values: Mapping[str, Any], name: str) -> None:
        super().__init__(context, tr("Modifier la salle « {name} »").format(name=name))
        self.room_id = room_id
        self.values = dict(values)
        self.before: State = {}
        self.after: State = {}

    def _do(self) -> None:
        schools = self.services.schools
        before = schools.room_snapshot(self.room_id)
        schools.update_room(self.room_id, **self.values)
        old, new = changes({0: before}, {0: schools.room_snapshot(self.room_id)})
        self.before, self.after = old.get(0, {}), new.get(0, {})
        self.setObsolete(not self.before)

    def _undo(self) -> None:
        self.services.schools.restore_room(self.room_id, self.before, expected=self.after)

    def _redo(self) -> None:
        self.services.schools.restore_room(self.room_id, self.after, expected=self.before)
