"""Fiche d'inventaire de l'école: what one school holds, room by room, plan and hors plan apart, signed by the
director and the technician."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from ticeinventory.domain.i18n import N_, _, ngettext
from ticeinventory.domain.validation import format_date

from . import blocks, tables
from .base import DocumentRenderer, ReportOptions
from .data import InventorySheetData, ItemRow, count_by_category, group_by_room

OUT_OF_PLAN_TITLE = N_("Matériel hors plan — non maintenu par la Ville")
PLAN_TITLE = N_("Matériel du plan d'équipement — maintenu par la Ville")
SECTION_ROOM = 45 * mm  # a section title starts a new page unless this much room is left under it
# column widths, in millimetres of the 180 mm between the margins
WIDTHS = (24, 25, 33, 22, 17, 40, 19)
BARCODE_WIDTHS = (40, 22, 29, 19, 17, 34, 19)


def school_address(school) -> str:
    town = " ".join(part for part in (school.postcode, school.commune) if part)
    return ", ".join(part for part in (school.address, town) if part)


def items_sentence(count: int, in_plan: int, out_of_plan: int) -> str:
    if not count:
        return _("Aucun équipement.")
    return ngettext("{n} équipement : {plan} du plan d'équipement, {out} hors plan.",
                    "{n} équipements : {plan} du plan d'équipement, {out} hors plan.", count).format(
        n=count, plan=in_plan, out=out_of_plan)


def room_title(name: str | None, count: int) -> str:
    room = name or _("Sans salle attribuée")
    return ngettext("{room} — {n} équipement", "{room} — {n} équipements", count).format(room=room, n=count)


class InventorySheetRenderer(DocumentRenderer):
    def __init__(self, data: InventorySheetData, options: ReportOptions | None = None) -> None:
        self.options = options or ReportOptions()
        super().__init__(self.options.city(data.city), data.printed_on)
        self.data = data
        self.title = _("Fiche d'inventaire de l'école")
        self.status_labels = tables.status_labels()

    def running_title(self) -> str:
        school = self.data.school
        return f"{self.title} — {school.uai} — {school.name}"  # the UAI first: a long name may be cut

    def subject(self) -> str:
        return self.running_title()

    def columns(self, *, out_of_plan: bool) -> list[tables.Column]:
        widths = BARCODE_WIDTHS if self.options.barcodes else WIDTHS
        w = [x * self.width / sum(widths) for x in widths]
        plan = tables.Column(_("Origine") if out_of_plan else _("Plan / phase"), w[5], tables.plan_text, max_lines=3)
        return [tables.number_column(w[0]), tables.category_column(w[1]), tables.model_column(w[2]),
                tables.serial_column(w[3]), tables.date_column(w[4]), plan,
                tables.status_column(w[6], self.status_labels)]

    def story(self) -> list[Flowable]:
        data, school = self.data, self.data.school
        story: list[Flowable] = [
            blocks.letterhead(self.city, self.title, [
                school.name, _("État au {date}").format(date=format_date(data.printed_on))], self.width),
            Spacer(1, 5 * mm),
            self._identity_and_summary(),
            Spacer(1, 2 * mm),
        ]
        plan_items, out_items = data.plan_items, data.out_of_plan_items
        story.append(blocks.para(items_sentence(len(data.items), len(plan_items), len(out_items)), "body"))
        if not data.include_retired:
            story.append(blocks.para(_("Le matériel réformé, perdu ou volé ne figure pas sur cette fiche."),
                                     "note"))
        story += self._section(_(PLAN_TITLE), plan_items, out_of_plan=False)
        story += self._section(_(OUT_OF_PLAN_TITLE), out_items, out_of_plan=True)
        story.append(Spacer(1, 4 * mm))
        story.append(blocks.signature_boxes(
            [(_("Directeur·rice de l'école"), school.director_name), (_("Technicien·ne de la Ville"), "")],
            school.commune, self.width,
            statement=_("Les signataires attestent que cet inventaire correspond au matériel présent dans "
                        "l'école le jour de la vérification.")))
        return story

    def _identity_and_summary(self) -> Table:
        school = self.data.school
        left_width = self.width * 0.52
        right_width = self.width - left_width - 5 * mm
        identity = blocks.key_values([
            (_("École"), school.name),
            (_("UAI"), school.uai),
            (_("Type"), school.type.label),
            (_("Adresse"), school_address(school)),
            (_("Circonscription"), school.circonscription),
            (_("Directeur·rice"), school.director_name),
            (_("Téléphone"), school.phone),
            (_("Courriel"), school.email),
        ], left_width, label_width=30 * mm)
        summary = blocks.count_table(count_by_category(self.data.items), right_width, _("Catégorie"))
        return blocks.side_by_side(identity, summary, left_width, right_width)

    def _section(self, title: str, items: list[ItemRow], *, out_of_plan: bool) -> list[Flowable]:
        flow: list[Flowable] = [CondPageBreak(SECTION_ROOM), blocks.para(title, "section_out" if out_of_plan else "section")]
        if out_of_plan:
            flow.append(blocks.para(_(
                "Le matériel acquis ou cédé en dehors du plan d'équipement (fonds propres de l'école, don, "
                "coopérative, autre collectivité) échappe à la convention : la Ville n'en assure ni l'installation "
                "ni la maintenance."), "note"))
            flow.append(Spacer(1, 2 * mm))
        if not items:
            flow.append(blocks.para(_("Aucun matériel hors plan dans cette école.") if out_of_plan else
                                    _("Aucun matériel du plan d'équipement dans cette école."), "small"))
            return flow
        columns = self.columns(out_of_plan=out_of_plan)
        for room, room_items in group_by_room(items):
            flow.append(tables.item_table(room_items, columns, title=room_title(room, len(room_items)),
                                          barcodes=self.options.barcodes, status_column_index=len(columns) - 1))
            flow.append(Spacer(1, 3 * mm))
        return flow
