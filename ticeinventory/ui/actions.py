"""The window's actions, menus and toolbar.

Menus: Fichier, Édition, Affichage, Inventaire, Maintenance, Prêts, Rapports, Outils, Aide. What a later
version brings (imports, printed documents, the maintenance screens, loans) is shown greyed with a tooltip
saying so, never as an action that pretends. The editing layer's actions go into the named slots
(:attr:`WindowActions.edit_slot`, :attr:`inventory_slot`, :attr:`toolbar_slot`) through
:meth:`ticeinventory.ui.main_window.MainWindow.install_edit_actions`.

Mnemonics: the menus use F, D, A, I, M, P, R, O, E; the filters T, S, N, G, Y, U; the detail tabs C, V, Q.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from . import icons

MenuActions = Iterable[QAction | None]


class WindowActions(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.placeholders: list[QAction] = []

        # Fichier
        # No Ctrl+N: it belongs to « Nouvel équipement… », far more frequent than a new base.
        self.new = self._action(self.tr("&Nouvelle base…"),
                                tip=self.tr("Créer un nouveau fichier de base, vide ou de démonstration"))
        self.open = self._action(self.tr("&Ouvrir…"), QKeySequence.StandardKey.Open,
                                 tip=self.tr("Ouvrir un autre fichier de base TICE Inventaire"))
        self.quit = self._action(self.tr("&Quitter"), QKeySequence(self.tr("Ctrl+Q")),
                                 tip=self.tr("Fermer TICE Inventaire"))
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        # Édition
        self.copy = self._action(self.tr("&Copier les lignes"), QKeySequence.StandardKey.Copy,
                                 tip=self.tr("Copier les lignes sélectionnées (colonnes affichées) pour un tableur"))
        self.select_all = self._action(self.tr("&Tout sélectionner"), QKeySequence.StandardKey.SelectAll,
                                       tip=self.tr("Sélectionner toutes les lignes de la liste"))
        self.find = self._action(self.tr("Rec&hercher…"), QKeySequence.StandardKey.Find, icon=icons.SEARCH,
                                 tip=self.tr("Aller au champ de recherche (n° d'inventaire, série, nom réseau, MAC, "
                                             "marque, modèle, école, UAI)"))
        self.clear_search = self._action(self.tr("&Effacer la recherche et les filtres"),
                                         tip=self.tr("Revenir à tout le matériel du lieu choisi"))
        # Affichage
        self.refresh = self._action(self.tr("&Actualiser"), QKeySequence(Qt.Key.Key_F5), icon=icons.REFRESH,
                                    tip=self.tr("Relire la base (modifications faites depuis un autre poste)"))
        self.show_filters = self._action(self.tr("Barre de &filtres"), QKeySequence(Qt.Key.Key_F8),
                                         icon=icons.FILTER, checkable=True,
                                         tip=self.tr("Afficher ou masquer les filtres au-dessus de la liste"))
        self.show_sheet = self._action(self.tr("&Fiche de l'équipement"), QKeySequence(self.tr("Ctrl+1")),
                                       tip=self.tr("Afficher la fiche de l'équipement choisi"))
        self.show_interventions = self._action(self.tr("&Interventions de l'équipement"),
                                               QKeySequence(self.tr("Ctrl+2")),
                                               tip=self.tr("Afficher les interventions sur l'équipement choisi"))
        self.show_history = self._action(self.tr("&Historique de l'équipement"), QKeySequence(self.tr("Ctrl+3")),
                                         tip=self.tr("Afficher qui a modifié l'équipement choisi, et quand"))
        # Inventaire
        self.go_fleet = self._action(self.tr("&Tout le parc"), QKeySequence(self.tr("Alt+Home")),
                                     tip=self.tr("Afficher tout le matériel de la ville"))
        self.go_stock = self._action(self.tr("Stoc&k de la ville (non affecté)"),
                                     tip=self.tr("Afficher le matériel qui n'est encore affecté à aucune école"))
        self.go_home = self._action(self.tr("Affic&her dans son école"), QKeySequence(self.tr("Ctrl+J")),
                                    tip=self.tr("Montrer l'équipement choisi parmi ceux de son école (ou du stock)"))
        # Aide
        self.about = self._action(self.tr("À &propos de TICE Inventaire"))
        self.about.setMenuRole(QAction.MenuRole.AboutRole)

        # Where the editing layer's actions go (see MainWindow.install_edit_actions).
        self.edit_slot = self._slot("editSlot")
        self.inventory_slot = self._slot("inventorySlot")
        self.toolbar_slot = self._slot("toolbarSlot")
        self.transfer_slot = self._slot("transferSlot")

    # -- building ------------------------------------------------------------------------------------------

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | None = None, *,
                tip: str = "", icon: str | None = None, checkable: bool = False) -> QAction:
        action = QAction(text, self._window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{text.replace('&', '').rstrip('…')} — {tip}")
        if icon:
            action.setIcon(icons.icon(icon))
            action.setData(icon)
        action.setCheckable(checkable)
        return action

    def _slot(self, name: str) -> QAction:
        slot = QAction(self._window)
        slot.setObjectName(name)
        slot.setSeparator(True)
        return slot

    def later(self, text: str, what: str) -> QAction:
        """A greyed entry for a feature of a later version; its tooltip says so."""
        action = QAction(text, self._window)
        action.setEnabled(False)
        tip = self.tr("Arrive dans une prochaine version\u00a0: {what}.").format(what=what)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        self.placeholders.append(action)
        return action

    def build_menus(self, window: QMainWindow, view_extras: MenuActions) -> dict[str, QMenu]:
        """The menu bar; ``view_extras``: the window's own entries of Affichage (detail panel, toolbar…)."""
        bar = window.menuBar()
        menus: dict[str, QMenu] = {}

        def menu(key: str, title: str, entries: MenuActions) -> QMenu:
            created = bar.addMenu(title)
            created.setObjectName(f"{key}Menu")
            created.setToolTipsVisible(True)
            for entry in entries:
                created.addSeparator() if entry is None else created.addAction(entry)
            menus[key] = created
            return created

        menu("file", self.tr("&Fichier"), [self.new, self.open, None, self.transfer_slot, self.quit])
        menu("edit", self.tr("É&dition"), [self.edit_slot, self.copy, self.select_all, None, self.find,
                                           self.clear_search])
        menu("view", self.tr("&Affichage"), [self.refresh, None, *view_extras, self.show_filters, None,
                                             self.show_sheet, self.show_interventions, self.show_history])
        menu("inventory", self.tr("&Inventaire"), [self.inventory_slot, self.go_fleet, self.go_stock,
                                                   self.go_home])
        # filled by the maintenance feature (MainWindow.install_feature)
        menu("maintenance", self.tr("&Maintenance"), [self.show_interventions, None])
        loans = self.tr("prêts de tablettes et d'ordinateurs portables")
        menu("loans", self.tr("&Prêts"), [self.later(self.tr("Nouveau prêt…"), loans),
                                          self.later(self.tr("Prêts en cours"), loans),
                                          self.later(self.tr("Retours attendus"), loans)])
        menu("reports", self.tr("&Rapports"), [])  # filled by the reports feature
        menu("tools", self.tr("&Outils"), [
            self.later(self.tr("Plans d'équipement et dotations…"), self.tr("gestion des plans")),
            self.later(self.tr("Catégories de matériel…"), self.tr("gestion des catégories")),
            self.later(self.tr("Préférences…"), self.tr("préférences"))])
        menu("help", self.tr("Aid&e"), [self.about])
        return menus

    def build_toolbar(self, window: QMainWindow, extras: MenuActions) -> QToolBar:
        toolbar = QToolBar(self.tr("Barre d'outils"), window)
        toolbar.setObjectName("mainToolBar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        toolbar.addAction(self.refresh)
        toolbar.addAction(self.toolbar_slot)
        toolbar.addAction(self.find)
        toolbar.addSeparator()
        for entry in (*extras, self.show_filters):
            toolbar.addSeparator() if entry is None else toolbar.addAction(entry)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        return toolbar

    def reload_icons(self) -> None:
        """After a palette change (light ↔ dark)."""
        for action in self._window.findChildren(QAction):
            if isinstance(action.data(), str) and action.data():
                action.setIcon(icons.icon(action.data()))
