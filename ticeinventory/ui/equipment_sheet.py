"""The « Fiche » tab: every field of one item, and plan / hors plan impossible to miss.

A banner under the title says whether the city maintains the item: the plan's marker (a ticked disc) and its
code, or the hors plan marker (a warning triangle), « Hors plan — non maintenu », the origin and the
convention's article. Shape, words and colour all say it, so that it reads in grey and for the colour-blind.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ticeinventory.domain.validation import format_amount, format_date

from . import icons

if TYPE_CHECKING:  # the records come with the services, once a base is open
    from ticeinventory.domain.records import EquipmentInfo

BANNER_ICON = 28


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


class FundingBanner(QFrame):
    """Plan or hors plan, in words, marker and colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fundingBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.marker = QLabel()
        self.marker.setObjectName("fundingMarker")
        self.marker.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.title = QLabel()
        self.title.setObjectName("fundingTitle")
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.title.setWordWrap(True)  # a narrow panel (a small window made bigger) wraps it rather than scrolls
        self.detail = QLabel()
        self.detail.setObjectName("fundingDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.title)
        words.addWidget(self.detail)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.marker)
        layout.addLayout(words, 1)
        self.in_plan = True

    def show_item(self, info: EquipmentInfo) -> None:
        self.in_plan = info.in_plan
        if info.in_plan:
            self.title.setText(self.tr("Dans le plan {code}").format(code=info.plan_code))
            lines = [self.tr("Phase\u00a0: {phase}").format(phase=info.phase_name)] if info.phase_name else []
            lines.append(self.tr("Maintenu par la cellule de maintenance informatique de la ville."))
        else:
            self.title.setText(self.tr("Hors plan — non maintenu"))
            origin = info.funding_origin.label if info.funding_origin else self.tr("origine inconnue")
            lines = [self.tr("Origine\u00a0: {origin}").format(origin=origin),
                     self.tr("Acquis ou cédé en dehors du plan d'équipement\u00a0: aucune installation ni "
                             "maintenance par la ville (convention de Dijon, article 8\u00a0; convention de "
                             "Saint-Denis, article 4).")]
        self.detail.setText("\n".join(lines))
        self.setAccessibleName(self.title.text())
        self.repaint_colours()

    def repaint_colours(self) -> None:
        self.marker.setPixmap(icons.icon(icons.PLAN if self.in_plan else icons.HORS_PLAN).pixmap(BANNER_ICON))
        palette = QPalette(self.palette())
        dark = is_dark(QGuiApplication.palette())
        if self.in_plan:
            background, text = ("#1d3553", "#dce9fb") if dark else ("#e7f0fc", "#123a6e")
        else:
            background, text = ("#4a3800", "#ffe08a") if dark else ("#fff3cd", "#5a4000")
        palette.setColor(QPalette.ColorRole.Window, QColor(background))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
        self.setPalette(palette)


class EquipmentSheet(QScrollArea):
    """All the fields of one item, read-only (editing is the equipment dialog's job)."""

    FIELDS = ("category", "manufacturer", "model", "serial", "status", "retired", "school", "room", "assigned",
              "parent", "acquisition", "supplier", "order", "price", "warranty", "network_name", "mac", "ip",
              "attribution", "notes")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("equipmentSheet")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 8, 8, 8)
        self.heading = QLabel()
        self.heading.setObjectName("sheetHeading")
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.heading.setFont(font)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse |
                                             Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.banner = FundingBanner()
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}
        titles = {
            "category": self.tr("Catégorie"), "manufacturer": self.tr("Marque"), "model": self.tr("Modèle"),
            "serial": self.tr("N° de série"), "status": self.tr("Statut"), "retired": self.tr("Réforme"),
            "school": self.tr("École"), "room": self.tr("Salle"), "assigned": self.tr("Affecté le"),
            "parent": self.tr("Rattaché à"), "acquisition": self.tr("Acquisition"),
            "supplier": self.tr("Fournisseur"), "order": self.tr("Réf. de commande"),
            "price": self.tr("Prix d'achat"), "warranty": self.tr("Garantie"), "network_name": self.tr("Nom réseau"),
            "mac": self.tr("Adresse MAC"), "ip": self.tr("Adresse IP"), "attribution": self.tr("Attribution"),
            "notes": self.tr("Notes"),
        }
        for key in self.FIELDS:
            value = QLabel()
            value.setObjectName(f"sheet_{key}")
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse |
                                          Qt.TextInteractionFlag.TextSelectableByKeyboard)
            self.values[key] = value
            self.form.addRow(titles[key], value)
        self.empty = QLabel(self.tr("Choisissez un équipement dans la liste pour voir sa fiche."))
        self.empty.setObjectName("sheetEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty)
        layout.addWidget(self.heading)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.banner)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.setWidget(body)
        self.show_item(None)

    def show_item(self, info: EquipmentInfo | None) -> None:
        self.empty.setVisible(info is None)
        for widget in (self.heading, self.subtitle, self.banner):
            widget.setVisible(info is not None)
        for key in self.FIELDS:
            self.form.setRowVisible(self.values[key], info is not None)
        if info is None:
            return
        self.heading.setText(info.inventory_number)
        self.subtitle.setText(" ".join(part for part in (info.category_label, info.manufacturer, info.model) if part))
        self.banner.show_item(info)
        school = (self.tr("{name} (UAI {uai})").format(name=info.school_name, uai=info.school_uai)
                  if info.school_id is not None else self.tr("Stock de la ville (non affecté)"))
        texts = {
            "category": info.category_label, "manufacturer": info.manufacturer, "model": info.model,
            "serial": info.serial_number, "status": info.status.label,
            "retired": (self.tr("le {date}\u00a0: {reason}").format(date=format_date(info.retired_on),
                                                                    reason=info.retirement_reason)
                        if info.retired_on else ""),
            "school": school, "room": info.room_name or "", "assigned": format_date(info.assigned_on),
            "parent": info.parent_number or "", "acquisition": format_date(info.acquisition_date),
            "supplier": info.supplier, "order": info.order_reference,
            "price": format_amount(info.purchase_price_cents) if info.purchase_price_cents is not None else "",
            "warranty": self._warranty(info.warranty_end), "network_name": info.network_name,
            "mac": info.mac_address, "ip": info.ip_address,
            "attribution": info.attribution.label if info.attribution else "", "notes": info.notes,
        }
        for key, text in texts.items():
            self.values[key].setText(text or "—")
        self.form.setRowVisible(self.values["retired"], bool(info.retired_on))

    def _warranty(self, end: date | None) -> str:
        if end is None:
            return self.tr("non renseignée")
        if end >= date.today():
            return self.tr("jusqu'au {date} inclus — sous garantie\u00a0: une panne va au fournisseur "
                           "(convention de Saint-Denis, article 4)").format(date=format_date(end))
        return self.tr("terminée le {date}").format(date=format_date(end))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.banner.isVisible():
            self.banner.repaint_colours()
