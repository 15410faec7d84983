"""The Maintenance menu: its actions, and what they do with the services, the queue and the dialogs.

The main window builds one controller and puts :meth:`MaintenanceController.menu_actions` in its menu; the
controller asks the window, through callables, which item and which school are chosen, and tells it after every
change (``on_changed``) so that the inventory shows the new equipment statuses. Every refusal comes from the
services and is shown as it is, with the convention's article; nothing is decided here that the services would
not enforce themselves.

The questions asked on the way (a note when closing, the supplier's ticket, the retirement, the deletion of an
intervention) go through :class:`MaintenancePrompts`, which tests replace by scripted answers.

Deleting an intervention entered by mistake is asked from the context menu of every list of interventions and
confirmed here. Like recording one, it is not on the window's undo stack (only the inventory's edits are): the
question says it is final, and the audit trail keeps what was deleted.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDockWidget, QInputDialog, QLineEdit, QMainWindow, QMessageBox, QWidget

from ticeinventory.domain.errors import TiceError
from ticeinventory.domain.validation import format_date

from . import icons

if TYPE_CHECKING:
    from ticeinventory.services.app import Services

if TYPE_CHECKING:  # the maintenance rules, the dialogs and the maintenance windows are imported when first used
    from ticeinventory.domain.maintenance import (
        IncidentInfo,
        IncidentStatus,
        InterventionInfo,
        InterventionResult,
    )

    from .incident_dialog import IncidentDialog
    from .intervention_dialog import InterventionDialog
    from .interventions_view import InterventionsView
    from .maintenance_figures import MaintenanceFiguresView
    from .maintenance_history import EquipmentInterventionsView, MyWeekView, SchoolHistoryView
    from .maintenance_queue import MaintenanceQueue

QUEUE_DOCK = "maintenanceQueueDock"
NO_STACKING = ("offscreen", "minimal")  # platforms without windows to raise (they warn when asked)


class MaintenancePrompts(QObject):
    """Every message and question of the maintenance feature, as real dialogs. Messages are non-blocking
    (``open()``; the last one is kept in :attr:`last_box`), questions wait for the answer."""

    def __init__(self, parent_widget: QWidget | None = None) -> None:
        super().__init__(parent_widget)
        self.parent_widget = parent_widget
        self.last_box: QMessageBox | None = None

    def show_refusal(self, title: str, message: str) -> None:
        """An action the conventions forbid: the services' explanation, article quoted."""
        self._open_box(QMessageBox.Icon.Warning, title, message, "maintenanceRefusal")

    def show_error(self, message: str) -> None:
        self._open_box(QMessageBox.Icon.Warning, self.tr("Maintenance"), message, "maintenanceError")

    def _open_box(self, icon: QMessageBox.Icon, title: str, message: str, name: str) -> None:
        box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, self.parent_widget)
        box.setObjectName(name)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 34em; }")  # an article reads badly in a column
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result: self._forget(box))
        self.last_box = box
        box.open()

    def _forget(self, box: QMessageBox) -> None:
        if self.last_box is box:
            self.last_box = None

    def confirm_step(self, incident: IncidentInfo, status: IncidentStatus) -> str | None:
        """A final step (clore, refuser, transmettre): the note to keep, possibly empty, or None to give up."""
        what = incident.equipment_number or incident.school_name
        note, ok = QInputDialog.getText(
            self.parent_widget, self.tr("Signalement n° {id} : {status}").format(id=incident.id, status=status.label),
            self.tr("Passer le signalement n° {id} ({what}) à « {status} » ? Cette étape est définitive.\n\n"
                    "Note pour l'historique (facultative)\u00a0:").format(id=incident.id, what=what,
                                                                          status=status.label),
            QLineEdit.EchoMode.Normal, "")
        return note if ok else None

    def supplier_ticket(self, incident: IncidentInfo) -> str | None:
        ticket, ok = QInputDialog.getText(
            self.parent_widget, self.tr("Envoyer au fournisseur"),
            self.tr("Signalement n° {id} ({what}) : numéro de ticket donné par le fournisseur\u00a0:").format(
                id=incident.id, what=incident.equipment_number or incident.school_name))
        return ticket if ok else None

    def propose_retirement(self, result: InterventionResult) -> bool:
        """« Irréparable » or « mise au rebut »: retire the item now?"""
        from ticeinventory.domain.maintenance import InterventionType

        work = result.intervention
        answer = QMessageBox.question(
            self.parent_widget, self.tr("Réformer l'équipement\u00a0?"),
            self.tr("L'intervention n° {id} conclut « {outcome} » pour l'équipement {number}.\n\nLe réformer "
                    "maintenant ? Il sortira du parc (statut « Réformé »), avec ce motif\u00a0: {reason}").format(
                id=work.id, outcome=work.outcome.label if work.type is not InterventionType.MISE_AU_REBUT
                else work.type.label, number=work.equipment_number, reason=retirement_reason(result)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes

    def confirm_delete_intervention(self, work: InterventionInfo) -> bool:
        """« Supprimer l'intervention du 12/03/2026 ? », with what it was; No is the default."""
        from .interventions_view import duration_text

        what = work.equipment_number or work.room_name or work.school_name or ""
        answer = QMessageBox.question(
            self.parent_widget, self.tr("Supprimer l'intervention"),
            self.tr("Supprimer l'intervention du {date}\u00a0?\n\n{type} — {what}, {start}, {duration}, par "
                    "{technician} (n° {id}).\n\nLa suppression est définitive\u00a0; le journal garde ce qui a été "
                    "supprimé. Les étapes des signalements et le statut de l'équipement ne changent pas.").format(
                date=format_date(work.date), type=work.type.label, what=what, start=f"{work.start_time:%H:%M}",
                duration=duration_text(work.duration_minutes), technician=work.technician, id=work.id),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes


def retirement_reason(result: InterventionResult) -> str:
    from ticeinventory.domain.maintenance import InterventionType

    work = result.intervention
    why = work.type.label if work.type is InterventionType.MISE_AU_REBUT else work.outcome.label.split(" — ")[0]
    return QCoreApplication.translate("MaintenanceController", "{why} (intervention n° {id} du {date})").format(
        why=why, id=work.id, date=format_date(work.date))


class MaintenanceController(QObject):
    sig_status_message = Signal(str)
    """A short report of what was just done (« Signalement n° 12 : pris en charge. »), for the status bar."""

    def __init__(self, parent: QWidget, services: Services | None,
                 selected_equipment: Callable[[], int | None], current_school: Callable[[], int | None],
                 on_changed: Callable[[], None], *, prompts: MaintenancePrompts | None = None) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.services = services
        self.selected_equipment = selected_equipment
        self.current_school = current_school
        self.on_changed = on_changed
        self.prompts = prompts or MaintenancePrompts(parent)
        self.queue: MaintenanceQueue | None = None
        self.queue_dock: QDockWidget | None = None
        self.history: SchoolHistoryView | None = None
        self.week: MyWeekView | None = None
        self.figures: MaintenanceFiguresView | None = None
        self.incident_dialog: IncidentDialog | None = None
        self.intervention_dialog: InterventionDialog | None = None
        self._tabs: weakref.WeakSet[EquipmentInterventionsView] = weakref.WeakSet()
        self._create_actions()
        for created in self.menu_actions():
            if created is not None:
                parent.addAction(created)  # the shortcuts work before (and besides) the menu
        self._connect_signals()
        self.update_enabled()

    # -- building ------------------------------------------------------------------------------------------

    def _create_actions(self) -> None:
        def action(name: str, text: str, tip: str, shortcut: QKeySequence | str | None = None) -> QAction:
            created = QAction(text, self)
            created.setObjectName(name)
            created.setStatusTip(tip)
            if shortcut is not None:
                created.setShortcut(QKeySequence(shortcut))
            return created

        self.report_action = action("reportIncidentAction", self.tr("&Signaler un incident…"),
                                    self.tr("Enregistrer le signalement d'une école (panne, réseau, logiciel…)"),
                                    self.tr("Ctrl+I"))
        self.intervention_action = action(
            "enterInterventionAction", self.tr("Saisir une &intervention…"),
            self.tr("Enregistrer une intervention sur l'équipement ou l'école choisis"), self.tr("Ctrl+Shift+I"))
        self.queue_action = action("maintenanceQueueAction", self.tr("&File de maintenance"),
                                   self.tr("Les signalements à traiter, les plus urgents et les plus anciens d'abord"),
                                   QKeySequence(Qt.Key.Key_F7))
        self.history_action = action("schoolHistoryAction", self.tr("&Historique de maintenance de l'école"),
                                     self.tr("Signalements et interventions de l'école choisie"))
        self.week_action = action("myWeekAction", self.tr("&Mes interventions de la semaine"),
                                  self.tr("Vos interventions de lundi à dimanche, et le temps passé"))
        self.figures_action = action("maintenanceFiguresAction", self.tr("&Chiffres de maintenance"),
                                     self.tr("Interventions, temps passé, délais et refus hors plan, pour le comité "
                                             "de pilotage"))
        self.queue_action.setIcon(icons.icon(icons.FLEET))

    def menu_actions(self) -> list[QAction | None]:
        """The Maintenance menu, in order; None stands for a separator."""
        return [self.report_action, self.intervention_action, None, self.queue_action, self.history_action,
                self.week_action, None, self.figures_action]

    def _connect_signals(self) -> None:
        self.report_action.triggered.connect(lambda: self.report_incident())
        self.intervention_action.triggered.connect(lambda: self.enter_intervention())
        self.queue_action.triggered.connect(self.show_queue)
        self.history_action.triggered.connect(lambda: self.show_school_history())
        self.week_action.triggered.connect(self.show_my_week)
        self.figures_action.triggered.connect(self.show_figures)

    # -- state ---------------------------------------------------------------------------------------------

    def set_services(self, services: Services) -> None:
        """Another base is open: the dialogs on the previous one close, the views read the new one."""
        self.services = services
        for dialog in (self.incident_dialog, self.intervention_dialog):
            if dialog is not None:
                dialog.reject()
        for view in (self.queue, self.history, self.week, self.figures, *self._tabs):
            if view is not None:
                view.set_services(services)
        self.update_enabled()

    def update_enabled(self) -> None:
        """Call when the chosen item or place changes."""
        has = self.services is not None
        for action in (self.report_action, self.queue_action, self.week_action, self.figures_action):
            action.setEnabled(has)
        self.intervention_action.setEnabled(has and (self.selected_equipment() is not None
                                                     or self.current_school() is not None))
        self.history_action.setEnabled(has and self._history_school() is not None)

    def _history_school(self) -> int | None:
        school = self.current_school()
        if school is None and self.services is not None and (item := self.selected_equipment()) is not None:
            try:
                school = self.services.equipment.get(item).school_id
            except TiceError:
                return None
        return school

    def _changed(self) -> None:
        """The base changed: the window and every open view read it again."""
        self.on_changed()
        if self.queue is not None:
            self.queue.reload()
        for view in (self.history, self.week, *self._tabs):
            if view is not None and view.isVisible():
                view.refresh()
        if self.figures is not None and self.figures.isVisible():
            self.figures.refresh()
        self.update_enabled()

    # -- incidents -----------------------------------------------------------------------------------------

    def report_incident(self, *, school_id: int | None = None, equipment_id: int | None = None) -> IncidentDialog:
        """Open the report form (non-blocking), pre-filled with the chosen item or school."""
        if school_id is None and equipment_id is None:
            equipment_id, school_id = self.selected_equipment(), self.current_school()
        from .incident_dialog import IncidentDialog

        dialog = IncidentDialog(self.services, school_id=school_id, equipment_id=equipment_id,
                                parent=self.parent_widget)
        dialog.accepted.connect(lambda: self._on_reported(dialog.incident))
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self.incident_dialog = dialog
        dialog.open()
        return dialog

    def _on_reported(self, incident: IncidentInfo | None) -> None:
        if incident is None:
            return
        self.sig_status_message.emit(self.tr("Signalement n° {id} enregistré ({school}).").format(
            id=incident.id, school=incident.school_name))
        self._changed()
        if self.queue is not None:
            self.queue.select_incident(incident.id)

    def advance(self, incident_id: int, status: IncidentStatus | str) -> IncidentInfo | None:
        """One step of the incident, asking what the step needs (a note, the supplier's ticket)."""
        from ticeinventory.domain.maintenance import IncidentStatus

        status = IncidentStatus(status)
        incidents = self.services.maintenance.incidents
        try:
            info = incidents.get(incident_id)
            if status is IncidentStatus.PRIS_EN_CHARGE:
                done = incidents.take_charge(incident_id)
            elif status is IncidentStatus.ENVOYE_FOURNISSEUR:
                ticket = self.prompts.supplier_ticket(info)
                if ticket is None:
                    return None
                done = incidents.send_to_supplier(incident_id, ticket)
            elif status.is_terminal:
                note = self.prompts.confirm_step(info, status)
                if note is None:
                    return None
                done = incidents.advance(incident_id, status, note=note)
            else:
                done = incidents.advance(incident_id, status)
        except TiceError as error:
            self.prompts.show_error(error.message)
            return None
        if status is IncidentStatus.PRIS_EN_CHARGE:
            message = self.tr("Signalement n° {id} pris en charge par {who}.").format(id=done.id,
                                                                                     who=done.assigned_to)
        else:
            message = self.tr("Signalement n° {id} : {status}.").format(id=done.id, status=done.status.label)
        self.sig_status_message.emit(message)
        self._changed()
        return done

    # -- interventions -------------------------------------------------------------------------------------

    def enter_intervention(self, *, incident: int | None = None, equipment: int | None = None,
                           school: int | None = None) -> InterventionDialog | None:
        """Quick entry pre-filled from an incident, an item or a school (default: what the window has chosen).
        When the conventions forbid any intervention (hors plan, out of the fleet, software), the refusal is
        shown with its article and no form opens."""
        if incident is None and equipment is None and school is None:
            equipment = self.selected_equipment()
            school = self.current_school() if equipment is None else None
        if incident is None and equipment is None and school is None:
            self.prompts.show_error(self.tr("Choisissez d'abord un équipement ou une école dans l'inventaire, ou "
                                            "un signalement dans la file de maintenance."))
            return None
        try:
            draft = self.services.maintenance.interventions.draft(incident=incident, equipment=equipment,
                                                                  school=school)
        except TiceError as error:
            self.prompts.show_error(error.message)
            return None
        if draft.refusal:
            self.prompts.show_refusal(self.tr("Intervention impossible"), draft.refusal)
            return None
        from .intervention_dialog import InterventionDialog

        dialog = InterventionDialog(self.services, draft, self.parent_widget)
        dialog.accepted.connect(lambda: self._on_recorded(dialog.result))
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self.intervention_dialog = dialog
        dialog.open()
        return dialog

    def _on_recorded(self, result: InterventionResult | None) -> None:
        """After the dialog closed: the notices, then the retirement question when the item cannot be saved."""
        if result is None:
            return
        work = result.intervention
        messages = [self.tr("Intervention n° {id} enregistrée.").format(id=work.id), *result.notices]
        if result.retirement_proposed and work.equipment_id is not None and self.prompts.propose_retirement(result):
            try:
                self.services.equipment.retire([work.equipment_id], retirement_reason(result), on=work.date)
            except TiceError as error:
                self.prompts.show_error(error.message)
            else:  # the notice « réformez-le depuis sa fiche » is done: say so instead
                messages = [self.tr("Intervention n° {id} enregistrée ; l'équipement {number} est réformé.").format(
                    id=work.id, number=work.equipment_number)]
        self.sig_status_message.emit(" ".join(messages))
        self._changed()

    def delete_intervention(self, intervention_id: int) -> bool:
        """Delete an intervention entered by mistake, once confirmed. A refusal of the services (an incident it
        answers is resolved or ended, the item left the fleet) is shown instead of the question."""
        interventions = self.services.maintenance.interventions
        try:
            work = interventions.get(intervention_id)
            refusal = interventions.deletion_refusal(intervention_id)
        except TiceError as error:
            self.prompts.show_error(error.message)
            return False
        if refusal:
            self.prompts.show_refusal(self.tr("Suppression impossible"), refusal)
            return False
        if not self.prompts.confirm_delete_intervention(work):
            return False
        try:
            deleted = interventions.delete(intervention_id)
        except TiceError as error:
            self.prompts.show_error(error.message)
            return False
        self.sig_status_message.emit(" ".join([self.tr("Intervention n° {id} du {date} supprimée.").format(
            id=work.id, date=format_date(work.date)), *deleted.notices]))
        self._changed()
        return True

    def deletion_refusal(self, intervention_id: int) -> str | None:
        """The services' reason why this intervention cannot be deleted, or None (for the views' actions)."""
        if self.services is None:
            return self.tr("Aucune base ouverte.")
        try:
            return self.services.maintenance.interventions.deletion_refusal(intervention_id)
        except TiceError as error:
            return error.message

    def attach_interventions_view(self, view: InterventionsView) -> None:
        """The detail panel's « Interventions » tab: its context menu deletes through this controller."""
        view.deletion_refusal = self.deletion_refusal
        view.sig_delete_requested.connect(self.delete_intervention)

    def _forget_dialog(self, dialog: QObject) -> None:
        if self.incident_dialog is dialog:
            self.incident_dialog = None
        if self.intervention_dialog is dialog:
            self.intervention_dialog = None
        dialog.deleteLater()

    def create_interventions_tab(self, parent: QWidget | None = None) -> EquipmentInterventionsView:
        """The item's « Interventions » tab, its « Saisir une intervention… » button wired to quick entry; call
        ``set_equipment(id)`` when the item shown changes."""
        from .maintenance_history import EquipmentInterventionsView

        view = EquipmentInterventionsView(self.services, parent)
        view.sig_intervention_requested.connect(lambda item_id: self.enter_intervention(equipment=item_id))
        view.sig_delete_requested.connect(self.delete_intervention)
        self._tabs.add(view)
        return view

    # -- windows -------------------------------------------------------------------------------------------

    def show_queue(self) -> MaintenanceQueue:
        """Open the queue — docked at the bottom of a main window, else a window of its own — or raise it."""
        if self.queue is None:
            from .maintenance_queue import MaintenanceQueue

            self.queue = MaintenanceQueue(self.services)
            self.queue.sig_step_requested.connect(self.advance)
            self.queue.sig_intervention_requested.connect(lambda incident_id: self.enter_intervention(
                incident=incident_id))
            if isinstance(self.parent_widget, QMainWindow):
                dock = QDockWidget(self.tr("File de maintenance"), self.parent_widget)
                dock.setObjectName(QUEUE_DOCK)
                dock.setWidget(self.queue)
                dock.setAllowedAreas(Qt.DockWidgetArea.BottomDockWidgetArea | Qt.DockWidgetArea.TopDockWidgetArea
                                     | Qt.DockWidgetArea.RightDockWidgetArea)
                self.parent_widget.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
                self.parent_widget.resizeDocks([dock], [self.parent_widget.height() * 2 // 5],
                                               Qt.Orientation.Vertical)
                self.queue_dock = dock
            else:
                self._as_window(self.queue, 1200, 520)
        else:
            self.queue.reload()
        if self.queue_dock is not None:
            self.queue_dock.show()
            self.queue_dock.raise_()  # a dock tabbed with others comes to the front
        self._raise(self.queue.window())
        self.queue.table.setFocus()
        return self.queue

    def show_school_history(self, school_id: int | None = None) -> SchoolHistoryView | None:
        school_id = school_id if school_id is not None else self._history_school()
        if self.history is None:
            from .maintenance_history import SchoolHistoryView

            self.history = SchoolHistoryView(self.services, school_id)
            self.history.sig_delete_requested.connect(self.delete_intervention)
            self._as_window(self.history, 1200, 600)
        elif school_id is not None:
            self.history.set_school(school_id)
        self._raise(self.history)
        return self.history

    def show_my_week(self) -> MyWeekView:
        if self.week is None:
            from .maintenance_history import MyWeekView

            self.week = MyWeekView(self.services)
            self.week.sig_delete_requested.connect(self.delete_intervention)
            self._as_window(self.week, 1200, 520)
        else:
            self.week.refresh()
        self._raise(self.week)
        return self.week

    def show_figures(self) -> MaintenanceFiguresView:
        if self.figures is None:
            from .maintenance_figures import MaintenanceFiguresView

            self.figures = MaintenanceFiguresView(self.services)
            self._as_window(self.figures, 1000, 600)
        else:
            self.figures.refresh()
        self._raise(self.figures)
        return self.figures

    def _as_window(self, view: QWidget, width: int, height: int) -> None:
        """A window of its own above the main one, closed with it; sized to fit a 1366×768 screen."""
        view.setParent(self.parent_widget, Qt.WindowType.Window)
        screen = (self.parent_widget.screen() if self.parent_widget else None)
        if screen is not None:
            available = screen.availableGeometry()
            width, height = min(width, available.width() - 40), min(height, available.height() - 60)
        view.resize(width, height)

    @staticmethod
    def _raise(view: QWidget) -> None:
        view.show()
        if QGuiApplication.platformName() not in NO_STACKING:
            view.raise_()
        view.activateWindow()
