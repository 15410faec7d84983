"""Inventaire général: the city's figures for the steering committee, then one section per school."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, LongTable, PageBreak, Spacer, TableStyle

from ticeinventory.domain.i18n import _, ngettext
from ticeinventory.domain.validation import format_date

from . import blocks, fonts, styles, tables
from .base import DocumentRenderer, ReportOptions, SectionMarker
from .data import CityInventoryData, CountRow, SchoolSection, group_by_room
from .inventory_sheet import items_sentence, school_address
from .text import wrap


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %".replace(".", ",") if whole else "—"


class CityInventoryRenderer(DocumentRenderer):
    def __init__(self, data: CityInventoryData, options: ReportOptions | None = None) -> None:
        self.options = options or ReportOptions()
        super().__init__(self.options.city(data.city), data.printed_on)
        self.data = data
        self.title = _("Inventaire général")
        self.status_labels = tables.status_labels()
        w = [x * self.width / 180 for x in (24, 24, 31, 23, 17, 42, 19)]
        self.columns = [
            tables.number_column(w[0]), tables.category_column(w[1]), tables.model_column(w[2]),
            tables.room_column(w[3]), tables.date_column(w[4]),
            tables.Column(_("Plan / origine"), w[5], tables.plan_or_origin_text, max_lines=3),
            tables.status_column(w[6], self.status_labels)]

    def selection_text(self) -> str:
        count = self.data.school_count
        if self.data.all_schools:
            return ngettext("Toutes les écoles ({n} école)", "Toutes les écoles ({n} écoles)", count).format(n=count)
        return ngettext("Sélection de {n} école", "Sélection de {n} écoles", count).format(n=count)

    def story(self) -> list[Flowable]:
        data, totals = self.data, self.data.totals
        story: list[Flowable] = [
            blocks.letterhead(self.city, self.title, [
                _("Comité de pilotage — état au {date}").format(date=format_date(data.printed_on)),
                self.selection_text()], self.width),
            Spacer(1, 5 * mm),
            self._key_figures(),
        ]
        if not data.include_retired:
            story.append(Spacer(1, 1.5 * mm))
            story.append(blocks.para(_("Le matériel réformé, perdu ou volé n'est pas compté."), "note"))
        half = (self.width - 6 * mm) / 2
        story += [
            CondPageBreak(40 * mm),
            blocks.para(_("Totaux par catégorie"), "section"),
            blocks.count_table(totals.by_category, self.width, _("Catégorie")),
            CondPageBreak(40 * mm),
            blocks.para(_("Totaux par type d'école et par plan"), "section"),
            blocks.side_by_side(self._type_table(half), self._plan_table(half), half, half, self.width - 2 * half),
            CondPageBreak(40 * mm),
            blocks.para(_("Écoles"), "section"),
            self._school_index(),
        ]
        for section in data.sections:
            story += self._school_section(section)
        return story

    # -- city figures --------------------------------------------------------------------------------------

    def _key_figures(self) -> LongTable:
        totals = self.data.totals
        labels = [_("Écoles"), _("Équipements"), _("Plan d'équipement"), _("Hors plan"), _("Part hors plan")]
        values = [str(self.data.school_count), str(totals.total), str(totals.in_plan), str(totals.out_of_plan),
                  percent(totals.out_of_plan, totals.total)]
        table = LongTable([labels, values], colWidths=[self.width / 5] * 5)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, 0), fonts.CONDENSED, 8, 10),
            ("TEXTCOLOR", (0, 0), (-1, 0), styles.MUTED),
            ("FONT", (0, 1), (-1, 1), fonts.BOLD, 15, 19),
            ("TEXTCOLOR", (0, 1), (-1, 1), styles.ACCENT),
            ("TEXTCOLOR", (3, 1), (4, 1), styles.OUT_INK),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("BOX", (0, 0), (-1, -1), 0.5, styles.RULE),
            ("LINEAFTER", (0, 0), (-2, -1), 0.25, styles.LIGHT_RULE),
            ("BACKGROUND", (0, 0), (-1, -1), styles.ZEBRA),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 1), (-1, 1), 5),
        ]))
        return table

    def _type_table(self, width: float) -> LongTable:
        rows = [CountRow(f"{row.label} ({row.schools})" if row.schools else row.label, row.in_plan,
                         row.out_of_plan) for row in self.data.totals.by_school_type]
        return blocks.count_table(rows, width, _("Type d'école (nombre)"))

    def _plan_table(self, width: float) -> LongTable:
        totals = self.data.totals
        size = styles.TABLE_FONT_SIZE
        number = 18 * mm
        text_width = width - number - 2 * tables.CELL_PADDING
        data = [[_("Plan d'équipement"), _("Équipements")]]
        for plan in totals.by_plan:
            label = f"{plan.code} — {plan.title}" if plan.title else plan.code
            data.append([wrap(label, fonts.CONDENSED, size, text_width, 3), str(plan.count)])
        data.append([_("Hors plan — non maintenu par la Ville"), str(totals.out_of_plan)])
        data.append([_("Total"), str(totals.total)])
        table = LongTable(data, colWidths=[width - number, number], repeatRows=1)
        table.setStyle(TableStyle(styles.grid_style() + [
            ("ALIGN", (1, 0), (1, -1), "RIGHT"),
            ("TEXTCOLOR", (0, -2), (-1, -2), styles.OUT_INK),
            ("FONT", (0, -1), (-1, -1), fonts.CONDENSED_BOLD, size, styles.TABLE_LEADING),
            ("BACKGROUND", (0, -1), (-1, -1), styles.HEADER_BG),
            ("LINEABOVE", (0, -1), (-1, -1), 0.6, styles.RULE),
        ]))
        return table

    def _school_index(self) -> LongTable:
        size = styles.TABLE_FONT_SIZE
        widths = [x * self.width / 180 for x in (64, 18, 25, 28, 15, 15, 15)]
        data = [[_("École"), _("UAI"), _("Commune"), _("Type"), _("Plan"), _("Hors plan"), _("Total")]]
        for section in self.data.sections:
            school = section.school
            name = school.name if school else _("Stock de la ville (non affecté)")
            data.append([
                wrap(name, fonts.CONDENSED, size, widths[0] - 6), school.uai if school else "",
                wrap(school.commune if school else "", fonts.CONDENSED, size, widths[2] - 6),
                wrap(school.type.label if school else "", fonts.CONDENSED, size, widths[3] - 6),
                str(section.in_plan), str(section.out_of_plan) if section.out_of_plan else "—", str(section.total)])
        table = LongTable(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(styles.grid_style() + [
            ("ALIGN", (4, 0), (-1, -1), "RIGHT"),
            ("TEXTCOLOR", (5, 1), (5, -1), styles.OUT_INK),
        ]))
        return table

    # -- one school ----------------------------------------------------------------------------------------

    def _school_section(self, section: SchoolSection) -> list[Flowable]:
        school = section.school
        head: list[Flowable] = [SectionMarker(section.title), blocks.para(section.title, "h1")]
        if school is not None:
            facts = [school.type.label, school_address(school),
                     _("circonscription {name}").format(name=school.circonscription) if school.circonscription
                     else "",
                     _("directeur·rice : {name}").format(name=school.director_name) if school.director_name else ""]
            head.append(blocks.para(" · ".join(fact for fact in facts if fact), "small"))
        else:
            head.append(blocks.para(_("Matériel détenu par la Ville, qui n'est affecté à aucune école (par exemple le "
                                      "matériel d'expérimentation avant son affectation définitive)."), "small"))
        head.append(blocks.para(items_sentence(section.total, section.in_plan, section.out_of_plan), "small"))
        head.append(Spacer(1, 2 * mm))
        head.append(blocks.count_table(section.by_category, self.width * 0.62, _("Catégorie")))
        flow: list[Flowable] = [PageBreak() if self.data.detail else CondPageBreak(60 * mm), KeepTogether(head)]
        if self.data.detail and section.items:
            flow.append(CondPageBreak(30 * mm))
            flow.append(blocks.para(_("Détail des équipements"), "subsection"))
            items = [item for _room, group in group_by_room(section.items) for item in group]
            flow.append(tables.item_table(items, self.columns, mark_out_of_plan=True,
                                          status_column_index=len(self.columns) - 1))
        return flow
