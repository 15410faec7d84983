"""The import assistant's pages and tables, layout only: :mod:`.import_wizard` fills them and decides.

Also used by the export dialog: :class:`ProgressStrip` (a worker's progress with « Annuler ») and the French
helpers :func:`plural` and :func:`error_message`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ticeinventory.domain.enums import SchoolType
from ticeinventory.domain.errors import TiceError
from ticeinventory.domain.i18n import _ as gettext
from ticeinventory.services.importing import (
    CANONICAL,
    ColumnMapping,
    DirectoryFilter,
    FileOverview,
    ImportReport,
    RowChange,
    RowError,
    school_types,
)
from ticeinventory.services.importing.mapping import LABELS

from .form_widgets import ErrorLabel
from .texts import number

T = TypeVar("T")
AnyIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SAMPLE_SHOWN = 8
SCHOOL_FIELDS = {"uai": "UAI", "name": "nom", "type": "type", "address": "adresse", "postcode": "code postal",
                 "commune": "commune", "circonscription": "circonscription", "holiday_zone": "zone de vacances",
                 "director_name": "directeur", "phone": "téléphone", "email": "courriel", "active": "active",
                 "notes": "remarques"}


class ImportKind(StrEnum):
    EQUIPMENT = "equipements"
    SCHOOLS = "ecoles"


def plural(n: int, one: str, many: str, **values: object) -> str:
    """``one`` or ``many`` (French: 0 and 1 take the singular), with ``{n}`` and ``values`` filled in."""
    return (one if n <= 1 else many).format(n=number(n), **values)


def error_message(error: BaseException) -> str:
    if isinstance(error, TiceError):
        return error.message
    return _tr("Erreur inattendue\u00a0: {error}").format(error=error)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportWizard", text)


# -- tables of records (errors, changes, file sample) ------------------------------------------------------------


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    text: Callable[[T], str]
    sort_key: Callable[[T], Any] | None = None


class RecordsModel(QAbstractTableModel, Generic[T]):
    """Plain records in columns; :data:`SORT_ROLE` gives each cell's sort key (numbers sort as numbers)."""

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        record, column = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return " ".join(column.text(record).split())
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.text(record) or None
        if role == SORT_ROLE:
            return column.sort_key(record) if column.sort_key else column.text(record).casefold()
        return None


def records_view(model: RecordsModel, name: str, accessible: str, *, stretch: int = -1) -> QTableView:
    """A read-only table sorted by clicking its headers (on the records' sort keys)."""
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView()
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch < 0)
    if stretch >= 0:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def error_columns() -> list[Column[RowError]]:
    tr = _tr
    return [Column(tr("Ligne"), lambda e: str(e.line), lambda e: e.line),
            Column(tr("Colonne"), lambda e: e.column),
            Column(tr("Valeur lue"), lambda e: e.value),
            Column(tr("Raison"), lambda e: e.reason)]


def change_columns(kind: ImportKind) -> list[Column[RowChange]]:
    tr = _tr

    def detail(change: RowChange) -> str:
        parts = []
        for c in change.changes:
            what = _tr(SCHOOL_FIELDS.get(c.column, c.column)) if kind is ImportKind.SCHOOLS else c.column
            parts.append(f"{what}\u00a0: « {c.old} » → « {c.new} »")
        return " ; ".join(parts) or change.label

    key_title = tr("École") if kind is ImportKind.SCHOOLS else tr("Équipement")
    return [Column(tr("Ligne"), lambda c: str(c.line), lambda c: c.line),
            Column(key_title, lambda c: c.key),
            Column(tr("Résultat"), lambda c: c.outcome.label),
            Column(tr("Ce qui change"), detail)]


# -- progress ------------------------------------------------------------------------------------------------


class ProgressStrip(QWidget):
    """What a worker is doing, its progress bar and its « Annuler » button; hidden while idle."""

    sig_cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Annuler"))
        self.cancel_button.setObjectName("cancelRunButton")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self._on_cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self.setVisible(False)

    def start(self, text: str, *, cancellable: bool) -> None:
        self.label.setText(text)
        self.bar.setRange(0, 0)
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText(self.tr("Annuler"))
        self.setVisible(True)

    def set_progress(self, done: int, total: int, *, unit: str = "") -> None:
        """``unit``: how to say it, « ligne {done} sur {total} » by default."""
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.bar.setFormat((unit or self.tr("ligne {done} sur {total}")).format(done=number(done),
                                                                                     total=number(total)))

    def stop(self) -> None:
        self.setVisible(False)

    def _on_cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Annulation…"))
        self.sig_cancel_requested.emit()


# -- the pages (layout only; the wizard decides) ------------------------------------------------------------------


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.2)
    font.setBold(True)
    label.setFont(font)
    return label


def note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class FilePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.equipment_radio = QRadioButton(self.tr("&Équipements (CSV ou XLSX : format d'export de TICE Inventaire, "
                                                    "ou tout tableur d'inventaire)"))
        self.schools_radio = QRadioButton(self.tr("É&coles de l'annuaire de l'Éducation nationale "
                                                  "(fr-en-annuaire-education, CSV)"))
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.equipment_radio)
        self.kind_group.addButton(self.schools_radio)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPathEdit")
        self.path_edit.setPlaceholderText(self.tr("Chemin du fichier à importer"))
        self.browse_button = QPushButton(self.tr("&Parcourir…"))
        self.browse_button.setAutoDefault(False)
        self.sheet_label = QLabel(self.tr("&Feuille\u00a0:"))
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("sheetCombo")
        self.sheet_label.setBuddy(self.sheet_combo)
        self.info_label = note()
        self.info_label.setObjectName("fileInfoLabel")
        self.error = ErrorLabel()
        self.sample_table = QTableWidget()
        self.sample_table.setObjectName("sampleTable")
        self.sample_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sample_table.setAlternatingRowColors(True)
        self.sample_table.setWordWrap(False)
        self.sample_table.verticalHeader().setDefaultSectionSize(self.sample_table.fontMetrics().height() + 8)
        self.sample_table.setAccessibleName(self.tr("Premières lignes du fichier"))
        self.sample_table.horizontalHeader().setStretchLastSection(True)
        self.format_note = note(self.tr(
            "Format d'import standard des équipements (celui de l'export, colonnes dans n'importe quel ordre)\u00a0: "
            "{columns}. Tout autre tableur passe par l'étape « Colonnes ».").format(columns=", ".join(CANONICAL)))
        self.format_note.setEnabled(False)

        kind_box = QGroupBox(self.tr("Que contient le fichier\u00a0?"))
        kind_layout = QVBoxLayout(kind_box)
        kind_layout.addWidget(self.equipment_radio)
        kind_layout.addWidget(self.schools_radio)
        path_row = QHBoxLayout()
        path_label = QLabel(self.tr("F&ichier\u00a0:"))
        path_label.setBuddy(self.path_edit)
        path_row.addWidget(path_label)
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        path_row.addSpacing(12)
        path_row.addWidget(self.sheet_label)
        path_row.addWidget(self.sheet_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(kind_box)
        layout.addLayout(path_row)
        layout.addWidget(self.info_label)
        layout.addWidget(self.error)
        layout.addWidget(self.sample_table, 1)
        layout.addWidget(self.format_note)

    def show_sample(self, overview: FileOverview | None) -> None:
        table = self.sample_table
        table.clear()
        if overview is None:
            table.setRowCount(0)
            table.setColumnCount(0)
            return
        rows = overview.sample[:SAMPLE_SHOWN]
        table.setColumnCount(len(overview.headers))
        table.setHorizontalHeaderLabels(overview.headers)
        table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells[:len(overview.headers)]):
                table.setItem(r, c, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        for c in range(table.columnCount() - 1):
            table.setColumnWidth(c, min(table.columnWidth(c), 220))
        header = table.horizontalHeader()
        header.setStretchLastSection(False)  # set again: the last column fills the width it has now
        header.setStretchLastSection(True)


class MappingPage(QWidget):
    """One row per column of the import format: the file's column that holds it, or a value for every row."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = note()
        self.intro.setObjectName("mappingIntro")
        self.table = QTableWidget(len(CANONICAL), 4)
        self.table.setObjectName("mappingTable")
        self.table.setAccessibleName(self.tr("Correspondance des colonnes"))
        self.table.setHorizontalHeaderLabels([self.tr("Donnée de l'inventaire"), self.tr("Colonne du fichier"),
                                              self.tr("Sinon, valeur par défaut"),
                                              self.tr("Exemples lus dans le fichier")])
        self.table.horizontalHeaderItem(2).setToolTip(self.tr(
            "Valeur prise pour chaque ligne quand le fichier n'a pas cette colonne, ou que la case est vide "
            "(par exemple le plan d'équipement de toute une livraison)"))
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.combos: dict[str, QComboBox] = {}
        self.defaults: dict[str, QLineEdit] = {}
        required = {"categorie", "plan", "origine"}
        for row, column in enumerate(CANONICAL):
            label = QTableWidgetItem(gettext(LABELS[column]) + (" *" if column in required else ""))
            label.setToolTip(self.tr("Colonne « {name} » du format d'import").format(name=column))
            if column in required:
                font = QFont(label.font())
                font.setBold(True)
                label.setFont(font)
            self.table.setItem(row, 0, label)
            combo = QComboBox()
            combo.setObjectName(f"mapping_{column}")
            combo.setAccessibleName(gettext(LABELS[column]))
            combo.currentIndexChanged.connect(self._on_changed)
            self.table.setCellWidget(row, 1, combo)
            self.combos[column] = combo
            default = QLineEdit()
            default.setObjectName(f"default_{column}")
            default.setAccessibleName(self.tr("{what} : valeur pour toutes les lignes").format(
                what=gettext(LABELS[column])))
            default.textChanged.connect(self._on_changed)
            self.table.setCellWidget(row, 2, default)
            self.defaults[column] = default
            self.table.setItem(row, 3, QTableWidgetItem(""))
        self.table.verticalHeader().setDefaultSectionSize(self.combos["uai"].sizeHint().height() + 2)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(1, 250)
        self.table.setColumnWidth(2, 200)
        self.required_note = note(self.tr("* Obligatoires\u00a0: la catégorie, et le plan d'équipement ou l'origine "
                                           "hors plan (une colonne, ou une valeur pour toutes les lignes)."))
        self.required_note.setEnabled(False)
        self.reset_button = QPushButton(self.tr("&Reprendre la proposition"))
        self.reset_button.setAutoDefault(False)
        self.problems = ErrorLabel()
        self.problems.setObjectName("mappingProblems")
        self.unused = note()
        self.unused.setObjectName("unusedColumns")
        self._headers: list[str] = []
        self._sample: list[list[str]] = []
        self._loading = False
        self.loaded_for: object = None
        """Which file (path, sheet) the rows were last filled for: going back and forth keeps the user's choices."""

        bottom = QHBoxLayout()
        bottom.addWidget(self.required_note, 1)
        bottom.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.unused)
        layout.addWidget(self.problems)

    def load(self, headers: Sequence[str], sample: Sequence[Sequence[str]], mapping: ColumnMapping) -> None:
        self._headers = [h for h in headers if h]
        self._sample = [list(r) for r in sample]
        self._loading = True
        try:
            for column, combo in self.combos.items():
                combo.clear()
                combo.addItem(self.tr("— aucune —"), "")
                for header in self._headers:
                    combo.addItem(header, header)
                chosen = mapping.columns.get(column, "")
                combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen else 0)
                self.defaults[column].setText(mapping.defaults.get(column, ""))
        finally:
            self._loading = False
        self._on_changed()

    def mapping(self) -> ColumnMapping:
        columns = {c: combo.currentData() for c, combo in self.combos.items() if combo.currentData()}
        defaults = {c: edit.text().strip() for c, edit in self.defaults.items() if edit.text().strip()}
        return ColumnMapping(columns=columns, defaults=defaults)

    def _on_changed(self) -> None:
        if self._loading:
            return
        position = {h: i for i, h in reversed(list(enumerate(self._headers)))}
        chosen: dict[str, list[str]] = {}
        for row, (column, combo) in enumerate(self.combos.items()):
            header = combo.currentData() or ""
            examples: list[str] = []
            if header:
                chosen.setdefault(header, []).append(column)
                index = position[header]
                for cells in self._sample:
                    value = cells[index].strip() if index < len(cells) else ""
                    if value and value not in examples:
                        examples.append(value)
                    if len(examples) == 3:
                        break
            item = self.table.item(row, 3)
            item.setText(" · ".join(examples))
            item.setToolTip("\n".join(examples))
        unused = [h for h in self._headers if h not in chosen]
        twice = [h for h, columns in chosen.items() if len(columns) > 1]
        notes = []
        if unused:
            notes.append(self.tr("Colonnes du fichier laissées de côté\u00a0: {columns}.").format(
                columns=", ".join(unused)))
        if twice:
            notes.append(self.tr("Attention\u00a0: la colonne « {column} » est choisie pour plusieurs données.")
                         .format(column=twice[0]))
        self.unused.setText(" ".join(notes))
        self.sig_changed.emit()


class FiltersPage(QWidget):
    """Which schools of the national directory to take."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.departements_edit = QLineEdit()
        self.departements_edit.setObjectName("departementsEdit")
        self.departements_edit.setPlaceholderText(self.tr("ex. 021 — vide\u00a0: tous"))
        self.communes_edit = QLineEdit()
        self.communes_edit.setObjectName("communesEdit")
        self.communes_edit.setPlaceholderText(self.tr("ex. Dijon, Talant — vide\u00a0: toutes"))
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("typeCombo")
        for text, key in ((self.tr("Tous (écoles et collèges)"), ""),
                          (self.tr("Écoles (maternelles, élémentaires, primaires)"), "ecole"),
                          (SchoolType.MATERNELLE.label, SchoolType.MATERNELLE.value),
                          (SchoolType.ELEMENTAIRE.label, SchoolType.ELEMENTAIRE.value),
                          (SchoolType.PRIMAIRE.label, SchoolType.PRIMAIRE.value),
                          (self.tr("Collèges"), "college")):
            self.type_combo.addItem(text, key)
        self.sector_combo = QComboBox()
        self.sector_combo.setObjectName("sectorCombo")
        for text, key in ((self.tr("Public et privé"), ""), (self.tr("Public"), "public"),
                          (self.tr("Privé"), "prive")):
            self.sector_combo.addItem(text, key)
        self.hint = ErrorLabel(neutral=True)
        self.hint.setObjectName("filtersHint")

        grid = QGridLayout()
        for row, (text, widget) in enumerate(((self.tr("&Département(s)\u00a0:"), self.departements_edit),
                                              (self.tr("&Commune(s)\u00a0:"), self.communes_edit),
                                              (self.tr("&Type d'établissement\u00a0:"), self.type_combo),
                                              (self.tr("S&ecteur\u00a0:"), self.sector_combo))):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(widget, row, 1)
        grid.setColumnStretch(2, 1)
        self.departements_edit.setMinimumWidth(320)
        layout = QVBoxLayout(self)
        layout.addWidget(note(self.tr(
            "Le fichier de l'annuaire couvre toute la France\u00a0: choisissez les écoles de la ville. Plusieurs "
            "valeurs se séparent par des virgules. Les écoles déjà dans la base sont reconnues par leur code UAI et "
            "mises à jour\u00a0; les lycées et les services sont laissés de côté.")))
        layout.addLayout(grid)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.departements_edit.textChanged.connect(self._update_hint)
        self.communes_edit.textChanged.connect(self._update_hint)
        self._update_hint()

    def directory_filter(self) -> DirectoryFilter:
        key = self.type_combo.currentData()
        return DirectoryFilter(departements=tuple(_split(self.departements_edit.text())),
                               communes=tuple(_split(self.communes_edit.text())),
                               types=school_types(key) if key else frozenset(),
                               sector=self.sector_combo.currentData() or None)

    def _update_hint(self) -> None:
        empty = not (_split(self.departements_edit.text()) or _split(self.communes_edit.text()))
        self.hint.setText(self.tr("Sans département ni commune, toutes les écoles du fichier seront importées.")
                          if empty else "")


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class CountsPanel(QFrame):
    """The counts of a report, as big numbers over their captions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(24)
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}

    def show_counts(self, counts: Sequence[tuple[str, str, int]]) -> None:
        """(key, caption, value) in order."""
        for label in (*self.values.values(), *self.captions.values()):
            label.hide()
        for col, (key, caption, value) in enumerate(counts):
            if key not in self.values:
                value_label = QLabel()
                value_label.setObjectName(f"count_{key}")
                font = QFont(value_label.font())
                font.setPointSizeF(font.pointSizeF() * 1.6)
                font.setBold(True)
                value_label.setFont(font)
                self.values[key] = value_label
                self.captions[key] = QLabel()
            self.grid.addWidget(self.values[key], 0, col, Qt.AlignmentFlag.AlignHCenter)
            self.grid.addWidget(self.captions[key], 1, col, Qt.AlignmentFlag.AlignHCenter)
            self.values[key].setText(number(value))
            self.captions[key].setText(caption)
            self.values[key].show()
            self.captions[key].show()


class ReportPane(QWidget):
    """A report: counts, summary, the errors and the changes in sortable tables."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headline = heading("")
        self.headline.setObjectName("reportHeadline")
        self.headline.setWordWrap(True)
        self.counts = CountsPanel()
        self.summary = note()
        self.summary.setObjectName("reportSummary")
        self.errors_model: RecordsModel[RowError] = RecordsModel(error_columns(), self)
        self.errors_view = records_view(self.errors_model, "errorsView", self.tr("Lignes rejetées"), stretch=3)
        self.errors_view.setColumnWidth(0, 60)
        self.errors_view.setColumnWidth(1, 150)
        self.errors_view.setColumnWidth(2, 150)
        self.changes_model: RecordsModel[RowChange] = RecordsModel(change_columns(ImportKind.EQUIPMENT), self)
        self.changes_view = records_view(self.changes_model, "changesView", self.tr("Ce qui change"), stretch=3)
        self.changes_view.setColumnWidth(0, 60)
        self.changes_view.setColumnWidth(1, 150)
        self.changes_view.setColumnWidth(2, 130)
        self.save_errors_button = QPushButton(self.tr("&Enregistrer les erreurs…"))
        self.save_errors_button.setObjectName("saveErrorsButton")
        self.save_errors_button.setAutoDefault(False)
        self.save_errors_button.setToolTip(self.tr("Les lignes rejetées (ligne, colonne, valeur, raison) en CSV ou "
                                                   "XLSX, pour corriger le fichier"))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.errors_view, "")
        self.tabs.addTab(self.changes_view, "")
        self.tabs.setCornerWidget(self.save_errors_button)
        self.detail = note()
        self.detail.setObjectName("reportDetail")
        self.detail.setMinimumHeight(self.detail.fontMetrics().lineSpacing() * 2)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.strip = ProgressStrip()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.headline)
        layout.addWidget(self.counts)
        layout.addWidget(self.summary)
        self.options_slot = QVBoxLayout()
        layout.addLayout(self.options_slot)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.strip)
        for view in (self.errors_view, self.changes_view):
            view.selectionModel().currentRowChanged.connect(self._show_detail)
        self.tabs.currentChanged.connect(lambda _index: self._show_detail())

    def _show_detail(self, *_args: object) -> None:
        """The whole text of the current row (a reason is often longer than its column)."""
        view = self.tabs.currentWidget()
        text = ""
        if isinstance(view, QTableView) and view.currentIndex().isValid():
            proxy = view.model()
            row = proxy.mapToSource(view.currentIndex()).row()
            record = proxy.sourceModel().rows[row]
            text = record.describe() if isinstance(record, RowChange) else str(record)
        self.detail.setText(text)

    def clear(self, headline: str = "") -> None:
        self.headline.setText(headline)
        self.counts.setVisible(False)
        self.summary.setText("")
        self.errors_model.set_rows([])
        self.changes_model.set_rows([])
        self.tabs.setVisible(False)
        self.detail.setText("")
        self.save_errors_button.setEnabled(False)

    def show_report(self, report: ImportReport, kind: ImportKind, headline: str) -> None:
        self.headline.setText(headline)
        dry = report.options.dry_run
        counts = [("rows", self.tr("lignes lues"), report.rows),
                  ("created", self.tr("ajouts"), report.created),
                  ("updated", self.tr("mises à jour"), report.updated),
                  ("unchanged", self.tr("sans changement"), report.unchanged),
                  ("skipped", self.tr("doublons laissés"), report.skipped)]
        if kind is ImportKind.SCHOOLS:
            counts.append(("filtered", self.tr("hors filtre"), report.filtered))
        else:
            counts.append(("rooms", self.tr("salles à créer") if dry else self.tr("salles créées"),
                           len(report.rooms_created)))
        counts.append(("rejected", self.tr("lignes laissées de côté") if report.committed else
                       self.tr("lignes rejetées"), report.rejected))
        self.counts.show_counts(counts)
        self.counts.setVisible(True)
        lines = report.summary()
        self.summary.setText("\n".join(lines[:2 if report.committed else 1] + _details(report)))
        self.changes_model.columns = change_columns(kind)
        self.errors_model.set_rows(report.errors)
        self.changes_model.set_rows(report.changes)
        more_errors = f" + {number(report.errors_not_listed)}" if report.errors_not_listed else ""
        more_changes = f" + {number(report.changes_not_listed)}" if report.changes_not_listed else ""
        self.tabs.setTabText(0, self.tr("Erreurs ({n}{more})").format(n=number(len(report.errors)), more=more_errors))
        self.tabs.setTabText(1, self.tr("Ce qui change ({n}{more})").format(n=number(len(report.changes)),
                                                                            more=more_changes))
        self.tabs.setCurrentIndex(0 if report.errors else 1)
        view = self.tabs.currentWidget()
        if isinstance(view, QTableView) and view.model().rowCount():
            view.setCurrentIndex(view.model().index(0, 0))
        self._show_detail()
        self.tabs.setVisible(True)
        self.save_errors_button.setEnabled(bool(report.errors))


def _details(report: ImportReport) -> list[str]:
    """The summary's useful lines past the first, without the counts the panel already shows."""
    lines = []
    if report.rooms_created:
        rooms = ", ".join(f"{name} ({uai})" for uai, name in report.rooms_created[:8])
        more = "…" if len(report.rooms_created) > 8 else ""
        lines.append(_tr("Salles {verb}\u00a0: {rooms}{more}.").format(
            verb=_tr("créées") if report.committed else _tr("à créer"), rooms=rooms, more=more))
    if report.errors_not_listed:
        lines.append(_tr("… et {n} autre(s) erreur(s) non détaillée(s).").format(n=number(report.errors_not_listed)))
    warnings = report.warnings[:5]
    lines.extend(warnings)
    if len(report.warnings) > 5:
        lines.append(_tr("… et {n} autre(s) avertissement(s).").format(n=number(len(report.warnings) - 5)))
    return lines


class PreviewPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pane = ReportPane()
        self.skip_radio = QRadioButton(self.tr("les &laisser tels quels"))
        self.skip_radio.setObjectName("skipDuplicatesRadio")
        self.update_radio = QRadioButton(self.tr("les &mettre à jour avec les valeurs du fichier"))
        self.update_radio.setObjectName("updateDuplicatesRadio")
        self.policy_group = QButtonGroup(self)
        self.policy_group.addButton(self.skip_radio)
        self.policy_group.addButton(self.update_radio)
        self.skip_radio.setChecked(True)
        self.duplicates_label = QLabel()
        self.valid_only_check = QCheckBox(self.tr("Importer &seulement les lignes valides (les lignes rejetées sont "
                                                  "laissées de côté)"))
        self.valid_only_check.setObjectName("validOnlyCheck")
        self.verdict = ErrorLabel()
        self.verdict.setObjectName("importVerdict")
        self.rerun_button = QPushButton(self.tr("&Relancer la vérification"))
        self.rerun_button.setObjectName("rerunButton")
        self.rerun_button.setAutoDefault(False)
        self.rerun_button.setVisible(False)
        options = QGridLayout()
        options.setContentsMargins(0, 0, 0, 0)
        options.addWidget(self.duplicates_label, 0, 0)
        options.addWidget(self.skip_radio, 0, 1)
        options.addWidget(self.update_radio, 0, 2)
        options.addWidget(self.valid_only_check, 1, 0, 1, 3)
        options.setColumnStretch(3, 1)
        self.pane.options_slot.addLayout(options)
        self.pane.options_slot.addWidget(self.verdict)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pane, 1)
        layout.addWidget(self.rerun_button, 0, Qt.AlignmentFlag.AlignLeft)

    def set_kind(self, kind: ImportKind) -> None:
        self.duplicates_label.setText(
            self.tr("Écoles déjà dans la base\u00a0:") if kind is ImportKind.SCHOOLS else
            self.tr("Doublons (même n° d'inventaire, ou même marque et n° de série)\u00a0:"))
        schools = kind is ImportKind.SCHOOLS
        for widget in (self.skip_radio, self.update_radio):
            widget.setVisible(not schools)
        if schools:
            self.duplicates_label.setText(self.tr("Les écoles déjà dans la base (même code UAI) sont mises à jour."))


class ResultPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pane = ReportPane()
        self.pane.save_errors_button.setText(self.tr("&Enregistrer les lignes laissées de côté…"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.pane, 1)


