"""An item's record: what it is, where it stands, how it was funded (plan or hors plan, and what that means),
its purchase and its network identity. The inventory number is generated when left empty.

The dialog reads the reference lists (categories, plans, schools, rooms) from the services and hands the
values to a saver; it never writes itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ticeinventory.domain import inventory_number as numbers
from ticeinventory.domain import validation as v
from ticeinventory.domain.enums import Attribution, EquipmentStatus, FundingOrigin
from ticeinventory.domain.errors import TiceError
from ticeinventory.domain.records import EquipmentInfo, PlanInfo
from ticeinventory.services.app import Services

from . import icons
from .form_widgets import (
    NOT_IN_LIST,
    ChoiceCombo,
    ErrorLabel,
    FormDialog,
    InlineForm,
    OptionalDateEdit,
    PlaceCombos,
    PriceEdit,
    add_row,
    compact_form,
    plain,
)

Saver = Callable[[dict[str, Any]], None]
FUNDING_KEYS = ("plan_id", "phase_id", "funding_origin")
LOCATION_KEYS = ("school_id", "room_id")


class FundingBox(QGroupBox):
    """« Dans le plan » (plan, phase of that plan) or « Hors plan — non maintenu par la Ville » (origin), with
    what the choice means for maintenance spelled out."""

    sig_changed = Signal()

    def __init__(self, plans: list[PlanInfo], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Financement"), parent)
        self.setObjectName("fundingBox")
        self.plans = {plan.id: plan for plan in plans}
        self.in_plan_radio = QRadioButton(self.tr("Dans le &plan d'équipement"))
        self.in_plan_radio.setObjectName("inPlanRadio")
        self.out_radio = QRadioButton(self.tr("&Hors plan — non maintenu par la Ville"))
        self.out_radio.setObjectName("horsPlanRadio")
        self.group = QButtonGroup(self)
        self.group.addButton(self.in_plan_radio)
        self.group.addButton(self.out_radio)

        self.plan_combo = ChoiceCombo()
        self.plan_combo.setObjectName("planCombo")
        self.plan_combo.set_items([(self.tr("— Choisir le plan —"), None)] + [
            (plan.code, plan.id) for plan in plans])
        for index, plan in enumerate(plans, start=1):
            self.plan_combo.setItemData(index, plan.title, Qt.ItemDataRole.ToolTipRole)
        self.plan_title = QLabel()
        self.plan_title.setObjectName("planTitleLabel")
        self.plan_title.setWordWrap(True)
        small = QFont(self.plan_title.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.plan_title.setFont(small)
        self.plan_title.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.phase_combo = ChoiceCombo()
        self.phase_combo.setObjectName("phaseCombo")
        self.origin_combo = ChoiceCombo()
        self.origin_combo.setObjectName("originCombo")
        self.origin_combo.set_items([(self.tr("— Choisir l'origine —"), None)] + [
            (origin.label, origin) for origin in FundingOrigin])
        self.plan_error = ErrorLabel()
        self.plan_error.setObjectName("planError")
        self.phase_error = ErrorLabel()
        self.phase_error.setObjectName("phaseError")
        self.origin_error = ErrorLabel()
        self.origin_error.setObjectName("fundingOriginError")
        self.choice_error = ErrorLabel()
        self.choice_error.setObjectName("fundingError")

        self.consequence_icon = QLabel()
        self.consequence = QLabel()
        self.consequence.setObjectName("fundingConsequenceLabel")
        self.consequence.setWordWrap(True)

        plan_form = compact_form()
        plan_form.setContentsMargins(22, 0, 0, 0)
        add_row(plan_form, self.tr("Pla&n"), self.plan_combo, self.plan_error, self.plan_title)
        add_row(plan_form, self.tr("Phase"), self.phase_combo, self.phase_error)
        origin_form = compact_form()
        origin_form.setContentsMargins(22, 0, 0, 0)
        add_row(origin_form, self.tr("Ori&gine"), self.origin_combo, self.origin_error)
        consequence = QHBoxLayout()
        consequence.addWidget(self.consequence_icon, 0, Qt.AlignmentFlag.AlignTop)
        consequence.addWidget(self.consequence, 1)

        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(self.in_plan_radio)
        layout.addLayout(plan_form)
        layout.addWidget(self.out_radio)
        layout.addLayout(origin_form)
        layout.addWidget(self.choice_error)
        layout.addLayout(consequence)

        self.group.buttonToggled.connect(self._on_choice)
        self.toggled.connect(self._on_choice)  # a checkable box (bulk edit) enables every child when ticked
        self.plan_combo.currentIndexChanged.connect(self._on_plan)
        self.phase_combo.currentIndexChanged.connect(self.sig_changed)
        self.origin_combo.currentIndexChanged.connect(self.sig_changed)
        self._on_plan()
        self._on_choice()

    def register(self, form: InlineForm) -> None:
        form.add("funding", self, self.choice_error, self._choice_problem, name=self.tr("le financement"),
                 signals=[self.group.buttonToggled])
        form.add("plan", self.plan_combo, self.plan_error, self._plan_problem, name=self.tr("le plan"),
                 aliases=("plan_id",))
        form.add("phase", self.phase_combo, self.phase_error, aliases=("phase_id",))
        form.add("funding_origin", self.origin_combo, self.origin_error, self._origin_problem,
                 name=self.tr("l'origine du matériel hors plan"))

    def value(self) -> dict[str, Any]:
        if self.in_plan_radio.isChecked():
            plan = self.plan_combo.value()
            return {"plan_id": plan if plan is not NOT_IN_LIST else None,
                    "phase_id": self.phase_combo.value() or None, "funding_origin": None}
        if self.out_radio.isChecked():
            origin = self.origin_combo.value()
            return {"plan_id": None, "phase_id": None, "funding_origin": origin.value if origin else None}
        return {"plan_id": None, "phase_id": None, "funding_origin": None}

    def set_value(self, plan_id: int | None, phase_id: int | None, origin: FundingOrigin | None) -> None:
        if plan_id is not None:
            self.in_plan_radio.setChecked(True)
            self.plan_combo.set_value(plan_id)
            self.phase_combo.set_value(phase_id)
        elif origin is not None:
            self.out_radio.setChecked(True)
            self.origin_combo.set_value(origin)

    def _skipped(self) -> bool:
        """In a bulk edit, the box is ticked to change the funding: unticked, nothing to check."""
        return self.isCheckable() and not self.isChecked()

    def _choice_problem(self) -> str | None:
        if self._skipped():
            return None
        if self.group.checkedButton() is None:
            return self.tr("Choisissez «\u00a0Dans le plan\u00a0» ou «\u00a0Hors plan\u00a0»\u00a0: "
                           "le matériel hors plan n'est pas maintenu par la Ville.")
        return None

    def _plan_problem(self) -> str | None:
        chosen = self.plan_combo.value() not in (None, NOT_IN_LIST)
        if not self._skipped() and self.in_plan_radio.isChecked() and not chosen:
            return self.tr("Choisissez le plan d'équipement (convention ou avenant) qui a financé ce "
                           "matériel.")
        return None

    def _origin_problem(self) -> str | None:
        if not self._skipped() and self.out_radio.isChecked() and not self.origin_combo.value():
            return self.tr("Indiquez l'origine du matériel hors plan\u00a0: fonds propres de l'école, don, "
                           "coopérative ou association de parents, autre collectivité, autre.")
        return None

    def _on_plan(self) -> None:
        plan = self.plans.get(self.plan_combo.value())
        previous = self.phase_combo.value()
        phases = plan.phases if plan else ()
        choices = [(self.tr("(sans phase)"), None)] + [(phase.name, phase.id) for phase in phases]
        kept = previous if any(phase.id == previous for phase in phases) else None
        self.phase_combo.set_items(choices, kept)
        self.plan_title.setText(plan.title if plan else "")
        self.plan_title.setVisible(plan is not None)
        self.sig_changed.emit()

    def _on_choice(self, *_args: Any) -> None:
        in_plan, out = self.in_plan_radio.isChecked(), self.out_radio.isChecked()
        active = not self._skipped()
        for widget in (self.plan_combo, self.phase_combo):
            widget.setEnabled(in_plan and active)
        self.origin_combo.setEnabled(out and active)
        size = self.style().pixelMetric(self.style().PixelMetric.PM_SmallIconSize)
        if out:
            self.consequence_icon.setPixmap(icons.icon(icons.HORS_PLAN).pixmap(size, size))
            self.consequence.setText(self.tr(
                "<b>Hors plan\u00a0: ni installation ni maintenance par la Ville.</b> Les demandes "
                "d'intervention sur ce matériel seront refusées (convention de Dijon, art.\u00a08\u00a0; "
                "Saint-Denis, art.\u00a04)."))
        elif in_plan:
            self.consequence_icon.setPixmap(icons.icon(icons.PLAN).pixmap(size, size))
            self.consequence.setText(self.tr("Installé et maintenu par la cellule de maintenance "
                                             "informatique de la Ville, après la garantie du fournisseur."))
        else:
            self.consequence_icon.clear()
            self.consequence.setText(self.tr("Le matériel hors plan (fonds propres, don…) n'est pas maintenu "
                                             "par la Ville."))
        self.sig_changed.emit()


class EquipmentDialog(FormDialog):
    """New item (``item`` None, placed at ``place``) or the record of ``item`` (read-only once retired)."""

    def __init__(self, parent: QWidget | None, saver: Saver, services: Services,
                 item: EquipmentInfo | None = None,
                 place: tuple[int | None, int | None] = (None, None)) -> None:
        title = (self.tr("Nouvel équipement") if item is None
                 else self.tr("Équipement {number}").format(number=item.inventory_number))
        super().__init__(parent, title, self.tr("&Enregistrer"))
        self.setObjectName("equipmentDialog")
        self.saver = saver
        self.services = services
        self.item = item
        self._parents: dict[str, EquipmentInfo | str] = {}
        self._status_chosen = item is not None

        self._build_fields()
        body = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self._identity_box())
        left.addWidget(self._place_box())
        left.addStretch(1)
        right.addWidget(self.funding)
        right.addWidget(self._purchase_box())
        right.addWidget(self._network_box())
        right.addStretch(1)
        body.addLayout(left, 1)
        body.addLayout(right, 1)
        outer = QVBoxLayout()
        self.banner = QLabel()
        self.banner.setObjectName("retiredBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        outer.addWidget(self.banner)
        outer.addLayout(body, 1)
        self._register()
        if item is not None:
            self._load(item)
        else:
            self.place.set_place(*place)
            self._on_school()
        self._initial = self._collect()
        self.finish(outer)
        self.setMinimumWidth(min(self.fontMetrics().averageCharWidth() * 150, 1300))
        self._connect_signals()
        if item is not None and item.status is EquipmentStatus.REFORME:
            self._read_only(item)

    # -- building ------------------------------------------------------------------------------------------

    def _build_fields(self) -> None:
        width = self.fontMetrics().averageCharWidth()
        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("inventoryNumberEdit")
        self.number_edit.setPlaceholderText(self.tr("attribué à l'enregistrement si vide"))
        self.category_combo = ChoiceCombo()
        self.category_combo.setObjectName("categoryCombo")
        categories = self.services.catalog.categories(include_inactive=self.item is not None)
        self.category_combo.set_items([(self.tr("— Choisir la catégorie —"), None)] + [
            (category.label, category.id) for category in categories])
        self.manufacturer_edit = QLineEdit()
        self.manufacturer_edit.setObjectName("manufacturerEdit")
        self.model_edit = QLineEdit()
        self.model_edit.setObjectName("modelEdit")
        self.serial_edit = QLineEdit()
        self.serial_edit.setObjectName("serialEdit")
        self.parent_edit = QLineEdit()
        self.parent_edit.setObjectName("parentEdit")
        self.parent_edit.setPlaceholderText(self.tr("n° d'inventaire du PC, du chariot…"))
        self.parent_label = QLabel()
        self.parent_label.setObjectName("parentLabel")
        self.parent_label.setWordWrap(True)
        self.parent_label.setVisible(False)
        self.attribution_combo = ChoiceCombo()
        self.attribution_combo.setObjectName("attributionCombo")
        self.attribution_combo.set_items([(self.tr("(non précisée)"), None)] + [
            (attribution.label, attribution) for attribution in Attribution])

        schools = [school for school in self.services.schools.list()
                   if school.active or (self.item is not None and school.id == self.item.school_id)]
        self.place = PlaceCombos(schools, self.services.schools.rooms, self)
        self.school_combo, self.room_combo = self.place.school_combo, self.place.room_combo
        self.status_combo = ChoiceCombo()
        self.status_combo.setObjectName("statusCombo")
        self.status_combo.set_items((status.label, status) for status in EquipmentStatus
                                    if status is not EquipmentStatus.REFORME or self.item is not None)
        self.status_note = QLabel(self.tr("Pour changer le statut\u00a0: «\u00a0Changer le statut…\u00a0» ou "
                                          "«\u00a0Réformer…\u00a0»."))
        self.status_note.setObjectName("statusNote")
        self.status_note.setWordWrap(True)
        self.status_note.setVisible(self.item is not None)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("notesEdit")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)

        self.funding = FundingBox(self.services.catalog.plans())

        self.acquired_edit = OptionalDateEdit()
        self.acquired_edit.setObjectName("acquisitionDateEdit")
        self.price_edit = PriceEdit()
        self.price_edit.setObjectName("priceEdit")
        self.price_edit.setMaximumWidth(width * 22)
        self.supplier_edit = QLineEdit()
        self.supplier_edit.setObjectName("supplierEdit")
        self.order_edit = QLineEdit()
        self.order_edit.setObjectName("orderReferenceEdit")
        self.warranty_edit = OptionalDateEdit()
        self.warranty_edit.setObjectName("warrantyEndEdit")
        for date_edit in (self.acquired_edit, self.warranty_edit):
            date_edit.setMaximumWidth(width * 18)

        self.network_edit = QLineEdit()
        self.network_edit.setObjectName("networkNameEdit")
        self.mac_edit = QLineEdit()
        self.mac_edit.setObjectName("macEdit")
        self.mac_edit.setPlaceholderText("00:1A:2B:3C:4D:5E")
        self.mac_edit.editingFinished.connect(self._tidy_mac)
        self.ip_edit = QLineEdit()
        self.ip_edit.setObjectName("ipEdit")
        self.ip_edit.setPlaceholderText(self.tr("ex. 192.168.1.20"))

        self.rows: list[tuple[str, str, QWidget, Callable[[], str | None] | None, str, tuple[str, ...]]] = [
            ("inventory_number", self.tr("N° d'&inventaire"), self.number_edit, self._number_problem,
             self.tr("le numéro d'inventaire"), ()),
            ("category", self.tr("&Catégorie\u00a0*"), self.category_combo, self._category_problem,
             self.tr("la catégorie"), ("category_id",)),
            ("manufacturer", self.tr("Mar&que"), self.manufacturer_edit, None, "", ()),
            ("model", self.tr("Mo&dèle"), self.model_edit, None, "", ()),
            ("serial_number", self.tr("N° de &série"), self.serial_edit, None, "", ()),
            ("parent", self.tr("&Rattaché à"), self.parent_edit, self._parent_problem, "", ("parent_id",)),
            ("attribution", self.tr("Attri&bution"), self.attribution_combo, None, "", ()),
            ("school", self.tr("Éc&ole"), self.school_combo, self.place.school_problem, self.tr("l'école"),
             ("school_id",)),
            ("room", self.tr("Sa&lle"), self.room_combo, None, "", ("room_id",)),
            ("status", self.tr("S&tatut"), self.status_combo, self._status_problem, "", ()),
            ("notes", self.tr("Remarq&ues"), self.notes_edit, None, "", ()),
            ("acquisition_date", self.tr("Date d'&acquisition"), self.acquired_edit, self._acquired_problem,
             "", ()),
            ("purchase_price", self.tr("Pri&x d'achat"), self.price_edit, self.price_edit.problem, "",
             ("purchase_price_cents",)),
            ("supplier", self.tr("&Fournisseur"), self.supplier_edit, None, "", ()),
            ("order_reference", self.tr("Réf. de commande"), self.order_edit, None, "", ()),
            ("warranty_end", self.tr("Fin de garantie"), self.warranty_edit, self._warranty_problem, "", ()),
            ("network_name", self.tr("Nom réseau"), self.network_edit, None, "", ()),
            ("mac_address", self.tr("Adresse &MAC"), self.mac_edit, self._mac_problem, "", ()),
            ("ip_address", self.tr("Adresse IP"), self.ip_edit, self._ip_problem, "", ()),
        ]
        self.errors = {key: self.error_label(key) for key, *_rest in self.rows}

    def _box(self, title: str, keys: tuple[str, ...],
             extra: dict[str, list[QWidget]] | None = None) -> QGroupBox:
        box = QGroupBox(title)
        form = compact_form()
        rows = {row[0]: row for row in self.rows}
        for key in keys:
            _key, text, widget, *_rest = rows[key]
            add_row(form, text, widget, self.errors[key], *(extra or {}).get(key, []))
        box.setLayout(form)
        return box

    def _identity_box(self) -> QGroupBox:
        return self._box(self.tr("Identification"), ("inventory_number", "category", "manufacturer", "model",
                                                     "serial_number", "parent", "attribution"),
                         {"parent": [self.parent_label]})

    def _place_box(self) -> QGroupBox:
        return self._box(self.tr("Emplacement et état"), ("school", "room", "status", "notes"),
                         {"status": [self.status_note]})

    def _purchase_box(self) -> QGroupBox:
        return self._box(self.tr("Achat et garantie"), ("acquisition_date", "purchase_price", "supplier",
                                                       "order_reference", "warranty_end"))

    def _network_box(self) -> QGroupBox:
        return self._box(self.tr("Réseau"), ("network_name", "mac_address", "ip_address"))

    def _register(self) -> None:
        for key, _text, widget, check, name, aliases in self.rows:
            self.form.add(key, widget, self.errors[key], check, name=name, aliases=aliases)
        self.funding.register(self.form)

    def _connect_signals(self) -> None:
        self.place.sig_changed.connect(self._on_school)
        self.status_combo.activated.connect(self._on_status_chosen)
        self.parent_edit.textChanged.connect(self._show_parent)
        self.funding.sig_changed.connect(self.form.validate)

    # -- checks --------------------------------------------------------------------------------------------

    def _number_problem(self) -> str | None:
        text = self.number_edit.text()
        if not text.strip() and self.item is None:
            return None
        return numbers.number_problem(text)

    def _category_problem(self) -> str | None:
        if self.category_combo.value() in (None, NOT_IN_LIST):
            return self.tr("Choisissez la catégorie (PC fixe, Écran, Tablette…).")
        return None

    def _status_problem(self) -> str | None:
        status = self.status_combo.value()
        if self.item is None and status in (EquipmentStatus.EN_SERVICE, EquipmentStatus.PRETE) \
                and self.school_combo.value() is None:
            return self.tr("Un équipement du stock de la ville ne peut pas être «\u00a0{status}\u00a0»"
                           "\u00a0: choisissez une école ou laissez-le «\u00a0En stock\u00a0».").format(
                status=status.label)
        return None

    def _parent_problem(self) -> str | None:
        found = self._parent()
        return found if isinstance(found, str) else None

    def _acquired_problem(self) -> str | None:
        acquired = self.acquired_edit.value()
        if acquired is not None and acquired > date.today():
            return self.tr("La date d'acquisition ({date}) est dans le futur.").format(
                date=v.format_date(acquired))
        return None

    def _warranty_problem(self) -> str | None:
        return v.date_order_problem(self.acquired_edit.value(), self.warranty_edit.value())

    def _mac_problem(self) -> str | None:
        text = plain(self.mac_edit.text())
        return v.mac_problem(text) if text else None

    def _ip_problem(self) -> str | None:
        text = plain(self.ip_edit.text())
        return v.ip_problem(text) if text else None

    def _parent(self) -> EquipmentInfo | str | None:
        """The item this one is attached to, a French problem, or None when the field is empty."""
        number = numbers.normalise(self.parent_edit.text())
        if not number:
            return None
        if self.item is not None and number == self.item.inventory_number:
            return self.tr("Un équipement ne peut pas être rattaché à lui-même.")
        if number not in self._parents:
            try:
                self._parents[number] = self.services.equipment.find(number)
            except TiceError as error:
                self._parents[number] = error.message
        return self._parents[number]

    # -- reactions -----------------------------------------------------------------------------------------

    def _on_school(self) -> None:
        if not self._status_chosen:  # a new item: in service in a school, in stock otherwise
            in_stock = self.place.school_id() in (None, NOT_IN_LIST)
            self.status_combo.set_value(EquipmentStatus.EN_STOCK if in_stock else EquipmentStatus.EN_SERVICE)

    def _on_status_chosen(self) -> None:
        self._status_chosen = True

    def _show_parent(self) -> None:
        found = self._parent()
        if isinstance(found, EquipmentInfo):
            self.parent_label.setText(self.tr("{category} {model} — {place}").format(
                category=found.category_label,
                model=" ".join(filter(None, (found.manufacturer, found.model))),
                place=found.location_label))
        self.parent_label.setVisible(isinstance(found, EquipmentInfo))

    def _tidy_mac(self) -> None:
        text = plain(self.mac_edit.text())
        if text and v.mac_problem(text) is None:
            self.mac_edit.setText(v.normalise_mac(text))

    # -- values --------------------------------------------------------------------------------------------

    def _load(self, item: EquipmentInfo) -> None:
        self.number_edit.setText(item.inventory_number)
        self.category_combo.set_value(item.category_id)
        self.manufacturer_edit.setText(item.manufacturer)
        self.model_edit.setText(item.model)
        self.serial_edit.setText(item.serial_number)
        self.parent_edit.setText(item.parent_number or "")
        self._show_parent()
        self.attribution_combo.set_value(item.attribution)
        self.place.set_place(item.school_id, item.room_id)
        self.status_combo.set_value(item.status)
        self.status_combo.setEnabled(False)
        self.notes_edit.setPlainText(item.notes)
        self.funding.set_value(item.plan_id, item.phase_id, item.funding_origin)
        self.acquired_edit.set_value(item.acquisition_date)
        self.price_edit.set_cents(item.purchase_price_cents)
        self.supplier_edit.setText(item.supplier)
        self.order_edit.setText(item.order_reference)
        self.warranty_edit.set_value(item.warranty_end)
        self.network_edit.setText(item.network_name)
        self.mac_edit.setText(item.mac_address)
        self.ip_edit.setText(item.ip_address)
        for field in self.form.fields.values():
            field.touched = True

    def _read_only(self, item: EquipmentInfo) -> None:
        self.banner.setText(self.tr("Réformé le {date} (motif\u00a0: {reason})\u00a0: la fiche ne peut plus "
                                    "être modifiée.").format(date=v.format_date(item.retired_on),
                                                        reason=item.retirement_reason or "—"))
        self.banner.setVisible(True)
        for widget in self.findChildren(QWidget):
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.setReadOnly(True)
            elif widget not in (self.buttons, self.banner) and not isinstance(widget, (QLabel, QGroupBox)) \
                    and widget.parent() is not self.buttons:
                widget.setEnabled(False)
        self.ok_button.setVisible(False)
        self.cancel_button.setText(self.tr("Fermer"))

    def _collect(self) -> dict[str, Any]:
        attribution = self.attribution_combo.value()
        status = self.status_combo.value()
        school = self.place.school_id()
        return {
            "inventory_number": numbers.normalise(self.number_edit.text()),
            "category_id": self.category_combo.value(),
            "manufacturer": plain(self.manufacturer_edit.text()), "model": plain(self.model_edit.text()),
            "serial_number": plain(self.serial_edit.text()),
            "parent": numbers.normalise(self.parent_edit.text()),
            "attribution": attribution.value if attribution else None,
            "school_id": school if school is not NOT_IN_LIST else None, "room_id": self.place.room_id(),
            "status": status.value if status else None,
            "notes": self.notes_edit.toPlainText().strip(),
            **self.funding.value(),
            "acquisition_date": self.acquired_edit.value(),
            "purchase_price_cents": self.price_edit.cents(),
            "supplier": plain(self.supplier_edit.text()), "order_reference": plain(self.order_edit.text()),
            "warranty_end": self.warranty_edit.value(),
            "network_name": plain(self.network_edit.text()), "mac_address": plain(self.mac_edit.text()),
            "ip_address": plain(self.ip_edit.text()),
        }

    def values(self) -> dict[str, Any]:
        """For a new item, every field (the number only when typed); for an edit, what changed — the funding
        and the place as a whole, and never the status (it has its own actions)."""
        values = self._collect()
        if self.item is None:
            if not values["inventory_number"]:
                del values["inventory_number"]
            return values
        changed = {key: value for key, value in values.items()
                   if value != self._initial[key] and key != "status"}
        for group in (FUNDING_KEYS, LOCATION_KEYS):
            if any(key in changed for key in group):
                changed.update((key, values[key]) for key in group)
        return changed

    def save(self) -> None:
        values = self.values()
        if values or self.item is None:
            self.saver(values)
