"""The technician's window on a real demo city: tree, table, plan / hors plan on every row, counts, menus."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtWidgets import QLabel, QTableView, QTreeView

from ticeinventory.domain.enums import AuditSource, EquipmentStatus
from ticeinventory.services.app import open_services
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.ui.equipment_model import COLUMN, ID_ROLE, PAGE_SIZE
from ticeinventory.ui.first_start_dialog import StartChoice
from ticeinventory.ui.location_model import NAME_COLUMN, STOCK_NODE, Node, NodeKind

DISPLAY = Qt.ItemDataRole.DisplayRole


def tree_of(window) -> QTreeView:
    tree = window.findChild(QTreeView, "schoolTree")
    assert tree is not None
    return tree


def table_of(window) -> QTableView:
    table = window.findChild(QTableView, "equipmentTable")
    assert table is not None
    return table


def column_texts(table: QTableView, key: str) -> list[str]:
    model = table.model()
    return [model.index(row, COLUMN[key]).data(DISPLAY) for row in range(model.rowCount())]


def find_in_tree(tree: QTreeView, text: str, parent: QModelIndex | None = None) -> QModelIndex:
    model = tree.model()
    parent = parent or QModelIndex()
    for row in range(model.rowCount(parent)):
        index = model.index(row, NAME_COLUMN, parent)
        if index.data(DISPLAY) == text:
            return index
        found = find_in_tree(tree, text, index)
        if found.isValid():
            return found
    return QModelIndex()


def choose(window, node: Node) -> None:
    assert window.inventory.select_node(node)


def counts_text(services, flt: EquipmentFilter) -> str:
    total = services.equipment.count(flt)
    in_plan = services.equipment.count(replace(flt, in_plan=True))
    word = "équipement" if total <= 1 else "équipements"
    return f"{total} {word} — {in_plan} dans le plan, {total - in_plan} hors plan"


def test_window_opens_on_the_demo_with_communes_and_stock(window, services, demo_path):
    assert window.windowTitle() == f"TICE Inventaire — {demo_path.name}"
    tree = tree_of(window)
    top = [tree.model().index(row, NAME_COLUMN).data(DISPLAY) for row in range(tree.model().rowCount())]
    communes = sorted({school.commune for school in services.schools.list()})
    assert top == ["Tout le parc", *communes, "Stock de la ville (non affecté)"]
    assert table_of(window).model().rowCount() == services.equipment.count()
    assert window.findChild(QLabel, "placeLabel").text() == "Tout le parc"


def test_selecting_a_school_shows_exactly_its_items(window, services):
    school = next(s for s in services.schools.list() if "Colette" in s.name)
    tree = tree_of(window)
    tree.setCurrentIndex(find_in_tree(tree, school.name))

    flt = EquipmentFilter(school_id=school.id)
    table = table_of(window)
    assert table.model().rowCount() == services.equipment.count(flt)
    assert column_texts(table, "number") == [item.inventory_number for item in services.equipment.list(flt)]
    assert window.findChild(QLabel, "placeLabel").text() == school.name
    assert table.isColumnHidden(COLUMN["school"])  # the heading names it: not repeated on every row
    assert window.findChild(QLabel, "countsLabel").text() == counts_text(services, flt)


def test_selecting_a_room_narrows_to_that_room(window, services):
    school = next(s for s in services.schools.list() if "Colette" in s.name)
    room = next(r for r in services.schools.rooms(school.id) if r.name == "Salle informatique")
    choose(window, Node(NodeKind.SCHOOL, id=school.id))
    everything = table_of(window).model().rowCount()
    choose(window, Node(NodeKind.ROOM, id=room.id, school_id=school.id))

    flt = EquipmentFilter(school_id=school.id, room_id=room.id)
    table = table_of(window)
    assert 0 < table.model().rowCount() == services.equipment.count(flt) < everything
    assert set(column_texts(table, "number")) == {item.inventory_number for item in services.equipment.list(flt)}
    assert window.findChild(QLabel, "placeLabel").text() == f"{school.name} — Salle informatique"


def test_commune_node_shows_the_commune_s_schools(window, services):
    tree = tree_of(window)
    tree.setCurrentIndex(find_in_tree(tree, "Talant"))
    flt = EquipmentFilter(commune="Talant")
    assert table_of(window).model().rowCount() == services.equipment.count(flt) > 0
    assert not table_of(window).isColumnHidden(COLUMN["school"])


def test_stock_node_shows_the_unassigned_items(window, services):
    tree = tree_of(window)
    tree.setCurrentIndex(find_in_tree(tree, "Stock de la ville (non affecté)"))
    table = table_of(window)
    stock = services.equipment.list(EquipmentFilter(unassigned=True))
    assert stock and table.model().rowCount() == len(stock)
    assert column_texts(table, "number") == [item.inventory_number for item in stock]
    assert all(item.school_id is None for item in stock)


def test_hors_plan_row_carries_the_marker_and_the_words(window, services):
    hors_plan = services.equipment.list(EquipmentFilter(in_plan=False))[0]
    in_plan = services.equipment.list(EquipmentFilter(in_plan=True))[0]
    choose(window, Node(NodeKind.SCHOOL, id=hors_plan.school_id))
    model = table_of(window).model()

    def funding(item_id: int) -> QModelIndex:
        return model.index(model.row_of(item_id), COLUMN["funding"])

    cell = funding(hors_plan.id)
    assert cell.data(DISPLAY) == "Hors plan — non maintenu"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == hors_plan.funding_label
    assert hors_plan.funding_label.startswith("Hors plan — non maintenu (")
    marker = cell.data(Qt.ItemDataRole.DecorationRole)
    assert marker is not None and not marker.isNull()

    choose(window, Node(NodeKind.SCHOOL, id=in_plan.school_id))
    plan_cell = funding(in_plan.id)
    assert plan_cell.data(DISPLAY) == in_plan.plan_code
    assert plan_cell.data(Qt.ItemDataRole.ToolTipRole) == in_plan.funding_label
    plan_mark = plan_cell.data(Qt.ItemDataRole.DecorationRole)
    # A different shape, not only a different colour: the images differ even in grey.
    grey = [icon.pixmap(16, 16).toImage().convertToFormat(icon.pixmap(16, 16).toImage().Format.Format_Grayscale8)
            for icon in (marker, plan_mark)]
    assert grey[0] != grey[1]


def test_status_bar_counts_match_the_services(window, services):
    label = window.findChild(QLabel, "countsLabel")
    assert label.text() == counts_text(services, EquipmentFilter())
    choose(window, STOCK_NODE)
    assert label.text() == counts_text(services, EquipmentFilter(unassigned=True))
    for school in services.schools.list():
        choose(window, Node(NodeKind.SCHOOL, id=school.id))
        assert label.text() == counts_text(services, EquipmentFilter(school_id=school.id))


def test_tree_counts_and_hors_plan_flags_match_the_services(window, services):
    model = tree_of(window).model()
    for school in services.schools.list():
        index = window.inventory.tree_model.index_of(Node(NodeKind.SCHOOL, id=school.id))
        count = index.siblingAtColumn(1)
        assert count.data(DISPLAY) == str(services.equipment.count(EquipmentFilter(school_id=school.id)))
        hors_plan = services.equipment.count(EquipmentFilter(school_id=school.id, in_plan=False))
        assert (count.data(Qt.ItemDataRole.DecorationRole) is not None) == (hors_plan > 0)
    assert model.rowCount() > 2


def test_rows_are_fetched_lazily_a_page_at_a_time(window, services):
    model = table_of(window).model()
    assert model.rowCount() > PAGE_SIZE  # the whole demo fleet
    assert model.cached_row_count() <= PAGE_SIZE  # only the page on screen was read
    last = model.rowCount() - 1
    assert model.index(last, COLUMN["number"]).data(DISPLAY) == \
        services.equipment.list(limit=1, offset=last)[0].inventory_number
    assert model.cached_row_count() <= 2 * PAGE_SIZE
    assert model.index(0, 0).data(ID_ROLE) == services.equipment.list(limit=1)[0].id


def test_sorting_by_a_header_asks_the_database(window, services):
    table = table_of(window)
    table.sortByColumn(COLUMN["acquisition"], Qt.SortOrder.DescendingOrder)
    newest = max(item.acquisition_date for item in services.equipment.list() if item.acquisition_date)
    assert table.model().index(0, COLUMN["acquisition"]).data(DISPLAY) == newest.strftime("%d/%m/%Y")
    assert table.model().rowCount() == services.equipment.count()


def test_retired_rows_are_greyed_but_keep_their_words(window, services):
    retired = services.equipment.list(EquipmentFilter(status=EquipmentStatus.REFORME))[0]
    choose(window, Node(NodeKind.SCHOOL, id=retired.school_id))
    model = table_of(window).model()
    status = model.index(model.row_of(retired.id), COLUMN["status"])
    assert status.data(DISPLAY) == "Réformé"
    assert status.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert retired.retirement_reason in status.data(Qt.ItemDataRole.ToolTipRole)


def test_refresh_shows_changes_made_elsewhere_and_keeps_the_place(window, services, qtbot):
    school = next(s for s in services.schools.list() if "Colette" in s.name)
    choose(window, Node(NodeKind.SCHOOL, id=school.id))
    before = table_of(window).model().rowCount()
    moved = services.equipment.list(EquipmentFilter(school_id=school.id), limit=2)
    services.equipment.move([item.id for item in moved], None)  # « another workstation » sends two to the stock

    window.refresh_action.trigger()
    assert window.inventory.current_node() == Node(NodeKind.SCHOOL, id=school.id)
    now = services.equipment.count(EquipmentFilter(school_id=school.id))
    assert table_of(window).model().rowCount() == now <= before - 2
    assert window.findChild(QLabel, "countsLabel").text() == counts_text(
        services, EquipmentFilter(school_id=school.id))


def test_menus_are_french_with_mnemonics_and_shortcuts(window):
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&Fichier", "É&dition", "&Affichage", "&Inventaire", "&Maintenance", "&Prêts", "&Rapports",
                      "&Outils", "Aid&e"]
    assert window.new_action.text() == "&Nouvelle base…"
    assert window.open_action.text() == "&Ouvrir…"
    assert window.quit_action.text() == "&Quitter"
    assert window.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    assert window.refresh_action.shortcut() == QKeySequence(Qt.Key.Key_F5)
    headers = [table_of(window).model().headerData(c, Qt.Orientation.Horizontal) for c in range(10)]
    assert headers == ["N° d'inventaire", "Catégorie", "Marque", "Modèle", "N° de série", "École", "Salle",
                       "Statut", "Financement", "Acquisition"]


def test_everything_that_matters_fits_1366x768(window, services):
    """No column cut at the right edge on a director's laptop: plan / hors plan and the date stay in view."""
    assert window.minimumSizeHint().width() <= 1366 and window.minimumSizeHint().height() <= 768 - 40
    table = table_of(window)
    header = table.horizontalHeader()
    for node in (Node(NodeKind.FLEET), Node(NodeKind.SCHOOL, id=services.schools.list()[0].id)):
        choose(window, node)
        right = max(header.sectionViewportPosition(c) + header.sectionSize(c)
                    for c in range(header.count()) if not header.isSectionHidden(c))
        assert right <= table.viewport().width()
        for column in ("number", "status", "funding", "acquisition"):
            assert header.sectionSize(COLUMN[column]) >= header.sectionSizeHint(COLUMN[column])


def test_splitter_and_column_widths_are_remembered(make_window, demo_path):
    first = make_window(open_services(demo_path, AuditSource.SCREEN))
    first.inventory.setSizes([420, 900])
    tree_width = first.inventory.sizes()[0]
    table = table_of(first)
    table.auto_fit = False  # as when the user drags a column edge
    table.horizontalHeader().resizeSection(COLUMN["model"], 333)
    first.close()

    second = make_window(open_services(demo_path, AuditSource.SCREEN))
    assert second.inventory.sizes()[0] == tree_width
    assert not table_of(second).auto_fit
    assert table_of(second).horizontalHeader().sectionSize(COLUMN["model"]) == 333


def test_an_empty_base_shows_an_empty_fleet(make_window, tmp_path):
    window = make_window(open_services(tmp_path / "vide.sqlite", AuditSource.SCREEN))
    tree = tree_of(window)
    assert [tree.model().index(r, 0).data(DISPLAY) for r in range(tree.model().rowCount())] == \
        ["Tout le parc", "Stock de la ville (non affecté)"]
    assert table_of(window).model().rowCount() == 0
    assert window.findChild(QLabel, "countsLabel").text() == "0 équipement — 0 dans le plan, 0 hors plan"
    assert "aucun équipement" in table_of(window).placeholder_text


def test_open_menu_switches_to_another_base(make_window, scripted_prompts, demo_path, tmp_path):
    prompts = scripted_prompts(open_paths=[demo_path])
    window = make_window(open_services(tmp_path / "vide.sqlite", AuditSource.SCREEN), prompts)
    previous = window.services
    window.open_action.trigger()
    assert window.windowTitle() == f"TICE Inventaire — {demo_path.name}"
    assert window.services is not previous
    assert table_of(window).model().rowCount() > 0


def test_open_menu_tells_why_a_file_cannot_be_opened(make_window, scripted_prompts, demo_path, tmp_path):
    damaged = tmp_path / "abime.sqlite"
    damaged.write_bytes(b"ceci n'est pas une base" * 100)
    prompts = scripted_prompts(open_paths=[damaged])
    window = make_window(open_services(demo_path, AuditSource.SCREEN), prompts)
    window.open_action.trigger()
    assert window.windowTitle() == f"TICE Inventaire — {demo_path.name}"  # still on the previous base
    assert len(prompts.errors) == 1 and "endommagé" in prompts.errors[0]


def test_new_base_menu_builds_a_demonstration(make_window, scripted_prompts, demo_path, tmp_path):
    target = tmp_path / "nouvelle.sqlite"
    prompts = scripted_prompts(new_paths=[target], new_kinds=[StartChoice.DEMO])
    window = make_window(open_services(demo_path, AuditSource.SCREEN), prompts)
    window.new_action.trigger()
    assert window.windowTitle() == "TICE Inventaire — nouvelle.sqlite"
    assert window.services.schools.list() and len(window.services.schools.list()) == 2


def test_tree_icons_follow_a_switch_to_a_dark_palette(window, qapp):
    tree_model = window.inventory.tree_model
    fleet = tree_model.index(0, NAME_COLUMN)
    before = fleet.data(Qt.ItemDataRole.DecorationRole).pixmap(16, 16).toImage()
    light = qapp.palette()
    dark = QPalette(light)
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.Base, "#1e1e1e"),
                         (QPalette.ColorRole.Text, "#e6e6e6"), (QPalette.ColorRole.WindowText, "#e6e6e6")):
        dark.setColor(role, QColor(colour))
    try:
        qapp.setPalette(dark)
        qapp.processEvents()
        after = tree_model.index(0, NAME_COLUMN).data(Qt.ItemDataRole.DecorationRole).pixmap(16, 16).toImage()
        assert after != before  # drawn in the light text colour now
    finally:
        qapp.setPalette(light)
