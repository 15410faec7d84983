"""The welcome dialog shown when the database to open does not exist yet."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from . import icons


class StartChoice(Enum):
    EMPTY = "empty"
    DEMO = "demo"
    OPEN = "open"
    QUIT = "quit"


def breakable_path(path: str) -> str:
    """A long path that a label may wrap after its separators."""
    return path.replace("/", "/\u200b").replace("\\", "\\\u200b")


class FirstStartDialog(QDialog):
    """« Base vide », « Base de démonstration » or « Ouvrir un fichier… »; :attr:`choice` says which."""

    def __init__(self, location: str, demo_schools: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = StartChoice.QUIT
        self.setObjectName("firstStartDialog")
        self.setWindowTitle(self.tr("Bienvenue dans TICE Inventaire"))
        self.setWindowIcon(icons.icon(icons.APP))

        title = QLabel(self.tr("Aucune base de données n'existe encore à cet emplacement"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        title.setFont(font)
        title.setWordWrap(True)
        where = QLabel(breakable_path(location))
        where.setObjectName("locationLabel")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        question = QLabel(self.tr("Que voulez-vous faire\u00a0?"))

        self.empty_button = self._choice_button(
            "emptyButton", StartChoice.EMPTY, self.tr("&Base vide"),
            self.tr("Commencer l'inventaire de vos écoles. Les plans d'équipement de référence (Dijon, "
                    "Saint-Denis, Bouches-du-Rhône) sont déjà fournis."))
        self.demo_button = self._choice_button(
            "demoButton", StartChoice.DEMO, self.tr("Base de &démonstration"),
            self.tr("Une ville fictive de {n} écoles (Dijon, Talant, Chenôve)\u00a0: matériel des plans de Dijon, "
                    "matériel hors plan, pannes et réformes. Pour découvrir l'application ou former un "
                    "collègue.").format(n=demo_schools))
        self.open_button = self._choice_button(
            "openButton", StartChoice.OPEN, self.tr("&Ouvrir un fichier…"),
            self.tr("Une base existante (.sqlite), par exemple copiée depuis un autre poste ou une "
                    "sauvegarde."))

        buttons = QDialogButtonBox()
        quit_button = buttons.addButton(self.tr("&Quitter"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setObjectName("quitButton")
        buttons.rejected.connect(self.reject)

        logo = QLabel()
        logo.setPixmap(icons.icon(icons.APP).pixmap(48, 48))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        heading = QVBoxLayout()
        heading.addWidget(title)
        heading.addWidget(where)
        top = QHBoxLayout()
        top.addWidget(logo)
        top.addSpacing(8)
        top.addLayout(heading, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(6)
        layout.addWidget(question)
        for button in (self.empty_button, self.demo_button, self.open_button):
            layout.addWidget(button)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.demo_button.setFocus()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)

    def _choice_button(self, name: str, choice: StartChoice, text: str, description: str) -> QCommandLinkButton:
        button = QCommandLinkButton(text, description)
        button.setObjectName(name)
        button.clicked.connect(lambda: self._choose(choice))
        return button

    def _choose(self, choice: StartChoice) -> None:
        self.choice = choice
        self.accept()

    def reject(self) -> None:
        self.choice = StartChoice.QUIT
        super().reject()
