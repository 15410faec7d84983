"""The editing actions of the technician's window, in one place: each QAction opens its dialog, the dialog's
values become an undoable command, and the window is told to read the database again.

Self-contained: the host widget gets the actions (their shortcuts work inside it), the window puts the same
actions in its menus, toolbar and context menus, calls :meth:`EditController.update_enabled` when the
selection changes and :meth:`EditController.open_equipment` on a double-click. Dialogs open window-modal with
``open()``; :attr:`EditController.dialog` is the one open last.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from shiboken6 import isValid

from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.errors import TiceError

from . import undo as history

if TYPE_CHECKING:  # the records come with the services, once a base is open
    from ticeinventory.domain.records import EquipmentInfo
    from ticeinventory.services.app import Services

Place = tuple[int | None, int | None]


class EditController(QObject):
    sig_status_message = Signal(str)
    """What was just done, in French (« 12 copies de PCF-2009-00001 créées »), for the status bar."""
    sig_created = Signal(list)
    """The ids of the items just created (a new item, copies), for the window to select them."""

    def __init__(self, parent: QWidget, services: Services | None, undo_stack: QUndoStack,
                 selected_ids: Callable[[], list[int]], current_place: Callable[[], Place],
                 on_changed: Callable[[], None]) -> None:
        super().__init__(parent)
        self.host = parent
        self.services = services
        self.undo_stack = undo_stack
        self.selected_ids = selected_ids
        self.current_place = current_place
        self.on_changed = on_changed
        self.context = history.UndoContext(services, undo_stack, report=self.report_error,
                                           changed=self._changed)
        self.dialog: QDialog | None = None
        """The dialog opened last, while it is open."""
        self.last_error = ""
        """The last refusal shown in a message box (an undo that could not be done…)."""
        self._create_actions()
        parent.addActions(self.actions())
        self._connect_signals()
        self.update_enabled()

    # -- actions -------------------------------------------------------------------------------------------

    def _action(self, name: str, text: str, tip: str, slot: Callable[[], Any], *keys: Any) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        if keys:
            action.setShortcuts([QKeySequence(key) for key in keys])
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _create_actions(self) -> None:
        ctrl, key = Qt.Modifier.CTRL, Qt.Key
        self.new_equipment_action = self._action(
            "newEquipmentAction", self.tr("&Nouvel équipement…"),
            self.tr("Saisir un nouvel équipement, dans le lieu choisi"), self.new_equipment, ctrl | key.Key_N)
        self.edit_action = self._action(
            "editAction", self.tr("&Modifier…"),
            self.tr("Ouvrir la fiche de l'équipement choisi (plusieurs\u00a0: modification groupée)"),
            self.edit_selected, key.Key_F2)
        self.duplicate_action = self._action(
            "duplicateAction", self.tr("D&upliquer…"),
            self.tr("Créer des copies de l'équipement choisi (par exemple 12 PC identiques)"),
            self.duplicate, ctrl | key.Key_D)
        self.move_action = self._action(
            "moveAction", self.tr("Dé&placer vers…"),
            self.tr("Déplacer les équipements choisis vers une école, une salle ou le stock de la ville"),
            self.move)
        self.status_action = self._action(
            "statusAction", self.tr("Changer le &statut…"), self.tr("En panne, en réparation, perdu…"),
            self.change_status)
        self.retire_action = self._action(
            "retireAction", self.tr("Ré&former…"),
            self.tr("Sortir définitivement du parc les équipements choisis, avec le motif"),
            self.retire, key.Key_Delete)
        self.bulk_edit_action = self._action(
            "bulkEditAction", self.tr("Modification &groupée…"),
            self.tr("Changer la salle, le statut, le plan, le fournisseur ou la garantie de tous les "
                    "équipements choisis"), self.bulk_edit)
        self.new_school_action = self._action(
            "newSchoolAction", self.tr("Nouvelle é&cole…"),
            self.tr("Ajouter une école (code UAI, adresse, direction)"), self.new_school)
        self.edit_school_action = self._action(
            "editSchoolAction", self.tr("Modifier l'éc&ole…"),
            self.tr("Modifier la fiche de l'école choisie"), self.edit_school)
        self.new_room_action = self._action(
            "newRoomAction", self.tr("Nouvelle sa&lle…"), self.tr("Ajouter une salle à l'école choisie"),
            self.new_room)
        self.edit_room_action = self._action(
            "editRoomAction", self.tr("Modifier la sall&e…"),
            self.tr("Renommer la salle choisie ou changer son type"), self.edit_room)
        self.undo_action = self._action(
            "undoAction", self.tr("&Annuler"), self.tr("Annuler la dernière modification"), self.undo,
            ctrl | key.Key_Z)
        self.redo_action = self._action(
            "redoAction", self.tr("&Rétablir"), self.tr("Rétablir la modification annulée"), self.redo,
            ctrl | key.Key_Y, ctrl | Qt.Modifier.SHIFT | key.Key_Z)

    def actions(self) -> list[QAction]:
        """Every action, undo and redo first."""
        return [self.undo_action, self.redo_action, *self.equipment_actions(), *self.school_actions()]

    def equipment_actions(self) -> list[QAction]:
        """For the Inventaire menu and the table's context menu."""
        return [self.new_equipment_action, self.edit_action, self.duplicate_action, self.move_action,
                self.status_action, self.bulk_edit_action, self.retire_action]

    def school_actions(self) -> list[QAction]:
        """For the Inventaire menu and the tree's context menu."""
        return [self.new_school_action, self.edit_school_action, self.new_room_action, self.edit_room_action]

    def _connect_signals(self) -> None:
        stack = self.undo_stack
        for signal in (stack.indexChanged, stack.cleanChanged, stack.canUndoChanged, stack.canRedoChanged,
                       stack.undoTextChanged, stack.redoTextChanged):
            signal.connect(self._update_history_actions)

    def update_enabled(self) -> None:
        """Enable what the selection and the place allow (call it when either changes); nothing while no base
        is open (the window shows itself before its base is read)."""
        has = self.services is not None
        n = len(self.selected_ids()) if has else 0
        school, room = self.current_place() if has else (None, None)
        self.new_equipment_action.setEnabled(has)
        self.new_school_action.setEnabled(has)
        self.edit_action.setEnabled(n >= 1)
        self.duplicate_action.setEnabled(n == 1)
        for action in (self.move_action, self.status_action, self.retire_action):
            action.setEnabled(n >= 1)
        self.bulk_edit_action.setEnabled(n >= 2)
        self.edit_school_action.setEnabled(school is not None)
        self.new_room_action.setEnabled(school is not None)
        self.edit_room_action.setEnabled(room is not None)
        self._update_history_actions()

    def _update_history_actions(self, *_args: Any) -> None:
        stack = self.undo_stack
        if not (isValid(stack) and isValid(self.undo_action)):  # the window is being destroyed
            return
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())
        undo_text, redo_text = stack.undoText().replace("&", "&&"), stack.redoText().replace("&", "&&")
        self.undo_action.setText(self.tr("&Annuler «\u00a0{what}\u00a0»").format(what=undo_text)
                                 if stack.canUndo() else self.tr("&Annuler"))
        self.redo_action.setText(self.tr("&Rétablir «\u00a0{what}\u00a0»").format(what=redo_text)
                                 if stack.canRedo() else self.tr("&Rétablir"))

    def set_services(self, services: Services) -> None:
        """Another database is open: its own history starts empty."""
        self.undo_stack.clear()
        self.services = services
        self.context.services = services
        self.update_enabled()

    # -- equipment -----------------------------------------------------------------------------------------

    def new_equipment(self) -> None:
        from .equipment_dialog import EquipmentDialog

        dialog = EquipmentDialog(self.host, self._create_equipment, self.services, None, self.current_place())
        self._open(dialog)

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.open_equipment(ids[0])
        elif len(ids) > 1:
            self.bulk_edit()

    def open_equipment(self, equipment_id: int) -> None:
        """The record of one item (double-click, F2); read-only once retired."""
        from .equipment_dialog import EquipmentDialog

        item = self._read(lambda: self.services.equipment.get(equipment_id))
        if item is not None:
            self._open(EquipmentDialog(self.host, lambda values: self._edit_equipment(item, values),
                                       self.services, item))

    def duplicate(self) -> None:
        from .duplicate_dialog import DuplicateDialog

        ids = self.selected_ids()
        if len(ids) != 1:
            return
        item = self._read(lambda: self.services.equipment.get(ids[0]))
        if item is not None:
            self._open(DuplicateDialog(
                self.host, lambda count, serials: self._duplicate(item, count, serials), item))

    def move(self) -> None:
        from .move_dialog import MoveDialog

        items = self._selected_items()
        if items:
            schools = self._read(lambda: self.services.schools.list()) or []
            place = (self.current_place()[0], None)
            ids = [item.id for item in items]
            self._open(MoveDialog(self.host, lambda *target: self._move(ids, *target), items, schools,
                                  self.services.schools.rooms, place))

    def move_items(self, ids: list[int], school_id: int | None, room_id: int | None) -> bool:
        """Drag and drop on a place: the items, with what is attached to them, go to a school, a room or the
        city stock at once (the assignment date is today for a new school), undoable like « Déplacer
        vers… »."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return False
        try:
            self._move(ids, school_id, room_id, None, True)
        except TiceError as error:
            self.report_error(error.message)
            return False
        return True

    def change_status(self) -> None:
        from .status_dialog import StatusDialog

        items = self._selected_items()
        if items:
            self._open(StatusDialog(self.host, lambda status: self._change_status(items, status), items))

    def retire(self) -> None:
        """Asks first: the dialog names what leaves the fleet and wants the reason."""
        from .status_dialog import RetireDialog

        items = self._selected_items()
        if items:
            self._open(RetireDialog(self.host, lambda reason, on: self._retire(items, reason, on), items))

    def bulk_edit(self) -> None:
        from .bulk_edit_dialog import BulkEditDialog

        items = self._selected_items()
        if not items:
            return
        schools = {item.school_id for item in items}
        school = next(iter(schools)) if len(schools) == 1 else None
        rooms = self._read(lambda: self.services.schools.rooms(school)) if school is not None else []
        plans = self._read(lambda: self.services.catalog.plans()) or []
        self._open(BulkEditDialog(self.host, lambda values: self._bulk_edit(items, values), items, plans,
                                  rooms or []))

    # -- schools and rooms ---------------------------------------------------------------------------------

    def new_school(self) -> None:
        from .school_dialog import SchoolDialog

        others = self._read(lambda: self.services.schools.list()) or []
        self._open(SchoolDialog(self.host, self._create_school, others))

    def edit_school(self) -> None:
        from .school_dialog import SchoolDialog

        school_id = self.current_place()[0]
        if school_id is None:
            return
        school = self._read(lambda: self.services.schools.get(school_id))
        others = self._read(lambda: self.services.schools.list()) or []
        if school is not None:
            self._open(SchoolDialog(
                self.host, lambda values: self._edit_school(school.id, school.name, values), others, school))

    def new_room(self) -> None:
        from .room_dialog import RoomDialog

        school_id = self.current_place()[0]
        if school_id is None:
            return
        school = self._read(lambda: self.services.schools.get(school_id))
        rooms = self._read(lambda: self.services.schools.rooms(school_id)) or []
        if school is not None:
            self._open(RoomDialog(self.host, lambda values: self._create_room(school_id, values), school,
                                  rooms))

    def edit_room(self) -> None:
        from .room_dialog import RoomDialog

        room_id = self.current_place()[1]
        if room_id is None:
            return
        room = self._read(lambda: self.services.schools.room(room_id))
        if room is None:
            return
        school = self._read(lambda: self.services.schools.get(room.school_id))
        rooms = self._read(lambda: self.services.schools.rooms(room.school_id)) or []
        if school is not None:
            self._open(RoomDialog(
                self.host, lambda values: self._edit_room(room.id, room.name, values), school, rooms, room))

    # -- history -------------------------------------------------------------------------------------------

    def undo(self) -> bool:
        """Undo the last edit (a real transaction, audited); a refusal is shown and nothing moves."""
        text = self.undo_stack.undoText()
        if history.undo(self.context):
            self._say(self.tr("Annulé\u00a0: {what}.").format(what=text))
            return True
        return False

    def redo(self) -> bool:
        text = self.undo_stack.redoText()
        if history.redo(self.context):
            self._say(self.tr("Rétabli\u00a0: {what}.").format(what=text))
            return True
        return False

    def report_error(self, message: str) -> None:
        """A refusal outside any dialog (an undo that the database no longer allows): a message box that does
        not block, and the status bar."""
        self.last_error = message
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("TICE Inventaire"), message,
                          QMessageBox.StandardButton.Ok, self.host)
        box.setObjectName("editErrorBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.sig_status_message.emit(message)

    # -- savers: the dialogs' values become commands -------------------------------------------------------

    def _create_equipment(self, values: dict[str, Any]) -> None:
        command = history.CreateEquipmentCommand(self.context, values)
        history.push(self.context, command)
        self.sig_created.emit(command.created_ids)
        number = next(iter(command.states.values()))["inventory_number"]
        self._say(self.tr("Équipement {number} créé. Ctrl+Z pour annuler.").format(number=number))

    def _edit_equipment(self, item: EquipmentInfo, values: dict[str, Any]) -> None:
        command = history.EditEquipmentCommand(self.context, item.id, values, item.inventory_number)
        history.push(self.context, command)
        self._say(self.tr("Fiche {number} enregistrée.").format(number=item.inventory_number))

    def _duplicate(self, item: EquipmentInfo, count: int, serials: list[str]) -> None:
        command = history.DuplicateCommand(self.context, item.id, count, serials, item.inventory_number)
        history.push(self.context, command)
        numbers = [state["inventory_number"] for state in command.states.values()]
        self.sig_created.emit(command.created_ids)
        self._say(self.tr("{n} copie(s) de {number} créée(s)\u00a0: {first} à {last}.").format(
            n=len(numbers), number=item.inventory_number, first=numbers[0], last=numbers[-1]))

    def _move(self, ids: list[int], school_id: int | None, room_id: int | None, on: date | None,
              with_contents: bool) -> None:
        place = self._place_name(school_id, room_id)
        command = history.MoveCommand(self.context, ids, school_id, room_id, on=on,
                                      with_contents=with_contents, place=place)
        history.push(self.context, command)
        self._say(command.text())

    def _change_status(self, items: list[EquipmentInfo], status: EquipmentStatus) -> None:
        command = history.StatusCommand(self.context, [item.id for item in items], status)
        history.push(self.context, command)
        self._say(command.text())

    def _retire(self, items: list[EquipmentInfo], reason: str, on: date) -> None:
        command = history.RetireCommand(self.context, [item.id for item in items], reason, on)
        history.push(self.context, command)
        self._say(self.tr("{n} équipement(s) réformé(s). Ctrl+Z pour annuler.").format(n=len(items)))

    def _bulk_edit(self, items: list[EquipmentInfo], values: dict[str, Any]) -> None:
        command = history.BulkEditCommand(self.context, [item.id for item in items], values)
        history.push(self.context, command)
        self._say(command.text())

    def _create_school(self, values: dict[str, Any]) -> None:
        history.push(self.context, history.CreateSchoolCommand(self.context, values))
        self._say(self.tr("École «\u00a0{name}\u00a0» créée.").format(name=values.get("name", "")))

    def _edit_school(self, school_id: int, name: str, values: dict[str, Any]) -> None:
        history.push(self.context, history.EditSchoolCommand(self.context, school_id, values, name))
        self._say(self.tr("École «\u00a0{name}\u00a0» enregistrée.").format(
            name=values.get("name", name)))

    def _create_room(self, school_id: int, values: dict[str, Any]) -> None:
        history.push(self.context, history.CreateRoomCommand(self.context, school_id, values))
        self._say(self.tr("Salle «\u00a0{name}\u00a0» créée.").format(name=values.get("name", "")))

    def _edit_room(self, room_id: int, name: str, values: dict[str, Any]) -> None:
        history.push(self.context, history.EditRoomCommand(self.context, room_id, values, name))
        self._say(self.tr("Salle «\u00a0{name}\u00a0» enregistrée.").format(name=values.get("name", name)))

    # -- helpers -------------------------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _result, dialog=dialog: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _read(self, read: Callable[[], Any]) -> Any:
        """A read for a dialog; an item deleted meanwhile is reported, not raised."""
        try:
            return read()
        except TiceError as error:
            self.report_error(error.message)
            return None

    def _selected_items(self) -> list[EquipmentInfo]:
        ids = self.selected_ids()
        return (self._read(lambda: self.services.equipment.get_many(ids)) or []) if ids else []

    def _place_name(self, school_id: int | None, room_id: int | None) -> str:
        if school_id is None:
            return self.tr("le stock de la ville")
        school = self.services.schools.get(school_id)
        if room_id is None:
            return school.name
        return f"{school.name} — {self.services.schools.room(room_id).name}"

    def _changed(self) -> None:
        self.on_changed()
        self.update_enabled()

    def _say(self, message: str) -> None:
        self.sig_status_message.emit(message)
