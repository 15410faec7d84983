"""Bon d'intervention: one intervention on one item, handed to the school and signed on site."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, ListFlowable, ListItem, Spacer, Table, TableStyle

from ticeinventory.domain.i18n import _
from ticeinventory.domain.validation import format_date

from . import blocks, fonts, styles
from .base import DocumentRenderer, ReportOptions
from .data import InterventionSlipData, SlipEquipment, SlipSchool
from .tables import NumberWithBarcode


def duration_text(minutes: int | None) -> str:
    if minutes is None:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("{m} min").format(m=rest)
    return _("{h} h {m:02d}").format(h=hours, m=rest) if rest else _("{h} h").format(h=hours)


def funding_text(item: SlipEquipment) -> str:
    if item.in_plan:
        plan = f"{item.plan_code} ({item.phase_name})" if item.phase_name else item.plan_code or ""
        return _("Plan d'équipement {plan}").format(plan=plan)
    origin = item.funding_origin.label if item.funding_origin else _("origine inconnue")
    return _("Hors plan — non maintenu par la Ville ({origin})").format(origin=origin)


def address(school: SlipSchool) -> str:
    town = " ".join(part for part in (school.postcode, school.commune) if part)
    return ", ".join(part for part in (school.address, town) if part)


class InterventionSlipRenderer(DocumentRenderer):
    def __init__(self, data: InterventionSlipData, options: ReportOptions | None = None) -> None:
        self.options = options or ReportOptions()
        super().__init__(self.options.city(data.city), data.printed_on or data.date)
        self.data = data
        self.title = _("Bon d'intervention")

    def running_title(self) -> str:
        return _("Bon d'intervention n° {number}").format(number=self.data.number)

    def subject(self) -> str:
        return f"{self.running_title()} — {self.data.school.name}"

    def story(self) -> list[Flowable]:
        data = self.data
        half = (self.width - 5 * mm) / 2
        story: list[Flowable] = [
            blocks.letterhead(self.city, self.title, [
                _("N° {number}").format(number=data.number),
                _("Intervention du {date}").format(date=format_date(data.date))], self.width),
            Spacer(1, 5 * mm),
            blocks.side_by_side(self._school_box(half), self._equipment_box(half), half, half),
        ]
        for incident in data.incidents:
            story += [Spacer(1, 3 * mm), blocks.key_values([
                (_("N° d'incident"), incident.number),
                (_("Signalé le"), format_date(incident.reported_on)),
                (_("Signalé par"), incident.reported_by),
                (_("Description"), incident.description),
            ], self.width, label_width=38 * mm, title=_("Incident"))]
        when = format_date(data.date)
        if data.start_time is not None:
            when = _("{date} à {time}").format(date=when, time=data.start_time.strftime("%H:%M"))
        story += [Spacer(1, 3 * mm), blocks.key_values([
            (_("Date"), when),
            (_("Technicien·ne"), data.technician),
            (_("Type d'intervention"), data.kind),
            (_("Durée"), duration_text(data.duration_minutes)),
            (_("Résultat"), data.outcome),
            (_("Ticket fournisseur"), data.supplier_ticket),
        ], self.width, label_width=38 * mm, title=_("Intervention"))]
        story += self._actions()
        story += self._parts()
        if data.remarks:
            story += [blocks.para(_("Observations"), "h2"), blocks.para(data.remarks, "body")]
        story.append(Spacer(1, 3 * mm))
        story.append(blocks.signature_boxes(
            [(_("Technicien·ne de la Ville"), data.technician),
             (_("Directeur·rice ou représentant·e"), data.school.director_name)],
            data.school.commune, self.width,
            statement=_("Les signataires attestent que l'intervention décrite ci-dessus a été réalisée.")))
        return story

    def _school_box(self, width: float) -> Table:
        school = self.data.school
        return blocks.key_values([
            (_("École"), school.name), (_("UAI"), school.uai), (_("Adresse"), address(school)),
            (_("Directeur·rice"), school.director_name), (_("Téléphone"), school.phone),
        ], width, label_width=28 * mm, title=_("École"))

    def _equipment_box(self, width: float) -> Table:
        item = self.data.equipment
        label_width = 28 * mm
        number: str | Flowable = item.inventory_number
        if self.options.barcodes:
            number = NumberWithBarcode(item.inventory_number, min(50 * mm, width - label_width - 6))
        return blocks.key_values([
            (_("N° d'inventaire"), number),
            (_("Catégorie"), item.category_label),
            (_("Matériel"), " ".join(p for p in (item.manufacturer, item.model) if p)),
            (_("N° de série"), item.serial_number),
            (_("Salle"), item.room_name),
            (_("Financement"), funding_text(item)),
            (_("Fin de garantie"), format_date(item.warranty_end)),
        ], width, label_width=label_width, title=_("Matériel"))

    def _actions(self) -> list[Flowable]:
        if not self.data.actions:
            return []
        items = [ListItem(blocks.para(action, "body"), leftIndent=10, value="•") for action in self.data.actions]
        return [blocks.para(_("Actions réalisées"), "h2"),
                ListFlowable(items, bulletType="bullet", start="•", leftIndent=10, bulletColor=styles.ACCENT,
                             bulletFontName=fonts.REGULAR)]

    def _parts(self) -> list[Flowable]:
        if not self.data.parts:
            return []
        widths = [self.width * 0.25, self.width * 0.60, self.width * 0.15]
        rows = [[_("Référence"), _("Désignation"), _("Quantité")]]
        rows += [[blocks.para(p.reference, "cell"), blocks.para(p.designation, "cell"), str(p.quantity)]
                 for p in self.data.parts]
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle(styles.grid_style() + [("ALIGN", (2, 0), (2, -1), "RIGHT")]))
        return [blocks.para(_("Pièces fournies"), "h2"), table]
