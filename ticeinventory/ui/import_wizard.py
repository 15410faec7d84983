"""The import assistant: file → columns (or, for the school directory, filters) → preview → result.

Every step that reads the file runs on a worker of :mod:`.tasks`, with services of its own opened on the same
database (a session or a connection never crosses threads): reading the file's first rows, the preview — the
real import, rolled back — and the import. The preview and the import show their progress and can be
cancelled; a cancel rolls the transaction back, so the database is left as it was. What a row may hold is
decided by the import service alone: the errors listed here are its own, with the file's line and column.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QDeadlineTimer,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ticeinventory.domain.enums import AuditSource
from ticeinventory.domain.errors import TiceError
from ticeinventory.services.app import Services, open_services
from ticeinventory.services.export import export_errors
from ticeinventory.services.importing import (
    DuplicatePolicy,
    FileOverview,
    ImportCancelled,
    ImportOptions,
    ImportReport,
)

from .import_pages import (
    FilePage,
    FiltersPage,
    ImportKind,
    MappingPage,
    PreviewPage,
    ProgressStrip,
    ResultPage,
    error_message,
    heading,
    plural,
)
from .tasks import Progress, Task

if TYPE_CHECKING:
    from .transfer_controller import TransferPrompts

log = logging.getLogger(__name__)
TABLE_FILES = "Tableurs (*.csv *.txt *.xlsx);;CSV (*.csv *.txt);;Excel (*.xlsx);;Tous les fichiers (*)"
ERROR_FILES = "CSV pour tableur (*.csv);;Excel (*.xlsx)"


class Step(IntEnum):
    FILE = 0
    MAPPING = 1
    FILTERS = 2
    PREVIEW = 3
    RESULT = 4


@dataclass
class _Job:
    task: Task
    on_success: Callable[[Any], None]
    on_failure: Callable[[BaseException], None]
    strip: ProgressStrip | None


# -- the assistant ---------------------------------------------------------------------------------------------


class ImportWizard(QDialog):
    """The assistant; :attr:`sig_imported` tells when an import was committed."""

    sig_imported = Signal(object)
    """An import was committed; its ImportReport."""
    sig_task_started = Signal(object)
    """A worker Task is about to start (its progress can be followed: tests, a status bar)."""

    def __init__(self, services: Services, prompts: TransferPrompts, kind: ImportKind = ImportKind.EQUIPMENT,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle(self.tr("Importer"))
        self.setSizeGripEnabled(True)
        self.services = services
        self.prompts = prompts
        self.kind = kind
        self.overview: FileOverview | None = None
        self._overview_of: tuple[str, str] | None = None
        self.inspect_error = ""
        self.preview_report: ImportReport | None = None
        self.result_report: ImportReport | None = None
        self.result_state = ""  # "", "running", "committed", "not_committed", "cancelled", "failed"
        self._job: _Job | None = None
        self._inspect_again = False
        self._inspecting = ""
        self._close_when_idle = False
        self._cancel_asked = False
        self._history: list[Step] = [Step.FILE]

        self.file_page = FilePage()
        self.mapping_page = MappingPage()
        self.filters_page = FiltersPage()
        self.preview_page = PreviewPage()
        self.result_page = ResultPage()
        self.stack = QStackedWidget()
        for page in (self.file_page, self.mapping_page, self.filters_page, self.preview_page, self.result_page):
            self.stack.addWidget(page)
        self.steps_label = QLabel()
        self.steps_label.setObjectName("stepsLabel")
        self.steps_label.setTextFormat(Qt.TextFormat.RichText)
        self.title_label = heading("")
        self.inspect_strip = ProgressStrip()
        self.back_button = QPushButton(self.tr("< &Précédent"))
        self.next_button = QPushButton(self.tr("&Suivant >"))
        self.next_button.setObjectName("nextButton")
        self.import_button = QPushButton(self.tr("&Importer"))
        self.import_button.setObjectName("importButton")
        self.close_button = QPushButton(self.tr("Annuler"))
        self.close_button.setObjectName("closeButton")
        for button in (self.back_button, self.next_button, self.import_button, self.close_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.inspect_strip, 1)
        buttons.addStretch(0)
        for button in (self.back_button, self.next_button, self.import_button, self.close_button):
            buttons.addWidget(button)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps_label)
        layout.addWidget(self.title_label)
        layout.addWidget(self.stack, 1)
        layout.addWidget(line)
        layout.addLayout(buttons)

        (self.file_page.schools_radio if kind is ImportKind.SCHOOLS else self.file_page.equipment_radio).setChecked(True)
        self.filters_page.departements_edit.setText(", ".join(self._known_departements()))
        self.preview_page.set_kind(kind)
        self._connect_signals()
        self._show_step(Step.FILE)
        self.resize(1120, 680)

    def _connect_signals(self) -> None:
        fp = self.file_page
        fp.browse_button.clicked.connect(self.browse)
        fp.path_edit.editingFinished.connect(self._on_path_edited)
        fp.path_edit.textChanged.connect(self._update_buttons)
        fp.sheet_combo.activated.connect(lambda _index: self.inspect())
        fp.kind_group.buttonToggled.connect(self._on_kind_toggled)
        self.mapping_page.sig_changed.connect(self._on_mapping_changed)
        self.mapping_page.reset_button.clicked.connect(self._reset_mapping)
        pp = self.preview_page
        pp.policy_group.buttonToggled.connect(self._on_policy_toggled)
        pp.valid_only_check.toggled.connect(self._update_buttons)
        pp.rerun_button.clicked.connect(self.run_preview)
        pp.pane.save_errors_button.clicked.connect(lambda: self.save_errors(self.preview_report))
        self.result_page.pane.save_errors_button.clicked.connect(lambda: self.save_errors(self.result_report))
        for strip in (pp.pane.strip, self.result_page.pane.strip):
            strip.sig_cancel_requested.connect(self.cancel_run)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.reject)

    # -- state -----------------------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._job is not None

    @property
    def step(self) -> Step:
        return Step(self.stack.currentIndex())

    @property
    def path(self) -> str:
        return self.file_page.path_edit.text().strip()

    @property
    def sheet(self) -> str:
        return self.file_page.sheet_combo.currentText() if self.file_page.sheet_combo.count() > 1 else ""

    def _known_departements(self) -> list[str]:
        """The départements of the schools already in the base: the likely filter of a directory import."""
        return sorted({school.uai[:3] for school in self.services.schools.list() if school.uai})

    def _path_order(self) -> list[Step]:
        if self.kind is ImportKind.SCHOOLS:
            return [Step.FILE, Step.FILTERS, Step.PREVIEW, Step.RESULT]
        if self.overview is not None and self.overview.canonical:
            return [Step.FILE, Step.PREVIEW, Step.RESULT]
        return [Step.FILE, Step.MAPPING, Step.PREVIEW, Step.RESULT]

    def _step_titles(self) -> dict[Step, str]:
        return {Step.FILE: self.tr("Fichier"), Step.MAPPING: self.tr("Colonnes"), Step.FILTERS: self.tr("Filtres"),
                Step.PREVIEW: self.tr("Aperçu"), Step.RESULT: self.tr("Résultat")}

    def _show_step(self, step: Step) -> None:
        self.stack.setCurrentIndex(int(step))
        titles = self._step_titles()
        parts = []
        for position, each in enumerate(self._path_order(), start=1):
            text = f"{position}. {titles[each]}"
            parts.append(f"<b>{text}</b>" if each is step else f"<span style='color: palette(mid)'>{text}</span>")
        self.steps_label.setText(" &nbsp;›&nbsp; ".join(parts))
        what = self.tr("des écoles") if self.kind is ImportKind.SCHOOLS else self.tr("d'équipements")
        self.setWindowTitle(self.tr("Import {what}").format(what=what))
        self.title_label.setText({
            Step.FILE: self.tr("Choisissez le fichier à importer"),
            Step.MAPPING: self.tr("Indiquez quelle colonne du fichier contient quoi"),
            Step.FILTERS: self.tr("Choisissez les écoles à prendre dans l'annuaire"),
            Step.PREVIEW: self.tr("Aperçu\u00a0: chaque ligne est vérifiée, rien n'est encore enregistré"),
            Step.RESULT: self.tr("Résultat de l'import"),
        }[step])
        self._update_buttons()

    def _update_buttons(self) -> None:
        step, busy = self.step, self.busy
        self.back_button.setVisible(step is not Step.FILE)
        self.back_button.setEnabled(not busy and self.result_state not in ("committed", "running"))
        self.next_button.setVisible(step in (Step.FILE, Step.MAPPING, Step.FILTERS))
        self.next_button.setEnabled(not busy and self._can_leave(step))
        self.import_button.setVisible(step is Step.PREVIEW)
        self.import_button.setEnabled(not busy and self._import_refusal() == "")
        if step is Step.PREVIEW:
            self.preview_page.verdict.setText("" if busy or self.preview_report is None else self._import_refusal())
            for radio in (self.preview_page.skip_radio, self.preview_page.update_radio):
                radio.setEnabled(not busy)  # a change reruns the preview, which must match the import
        done = step is Step.RESULT and self.result_state in ("committed", "not_committed")
        self.close_button.setText(self.tr("Fermer") if done else self.tr("Annuler"))
        self.import_button.setDefault(step is Step.PREVIEW)
        self.next_button.setDefault(step is not Step.PREVIEW)

    def _can_leave(self, step: Step) -> bool:
        if step is Step.FILE:
            return self._file_problem() == ""
        if step is Step.MAPPING:
            return not self._mapping_problems()
        return True

    def _file_problem(self) -> str:
        if not self.path:
            return self.tr("Choisissez un fichier.")
        if self.inspect_error:
            return self.inspect_error
        if self.overview is None or self._overview_of != (self.path, self.sheet):
            return self.tr("Lecture du fichier…")
        if self.kind is ImportKind.SCHOOLS and self.file_page.sheet_combo.currentIndex() > 0:
            return self.tr("L'annuaire des écoles est lu dans la première feuille du classeur : choisissez-la, "
                           "ou enregistrez la feuille voulue en CSV.")
        if self.kind is ImportKind.SCHOOLS and self.overview.kind != "ecoles":
            return self.tr("Ce fichier n'a pas la forme de l'annuaire de l'Éducation nationale (colonne "
                           "Identifiant_de_l_etablissement, numero_uai ou uai introuvable). Pour des équipements, "
                           "choisissez « Équipements » ci-dessus.")
        return ""

    def _mapping_problems(self) -> list[str]:
        if self.overview is None:
            return []
        return self.mapping_page.mapping().problems(self.overview.headers)

    def _import_refusal(self) -> str:
        """Why « Importer » cannot be clicked now (French), or ""."""
        report = self.preview_report
        if report is None:
            return self.tr("L'aperçu n'est pas terminé.")
        if report.rows == 0:
            return self.tr("Le fichier ne contient aucune ligne à importer.")
        if report.rejected and not self.preview_page.valid_only_check.isChecked():
            return plural(report.rejected,
                          self.tr("{n} ligne est rejetée\u00a0: rien ne sera importé tant qu'elle reste dans le "
                                  "fichier. Corrigez le fichier (« Enregistrer les erreurs… » les liste), ou cochez "
                                  "« Importer seulement les lignes valides »."),
                          self.tr("{n} lignes sont rejetées\u00a0: rien ne sera importé tant qu'elles restent dans le "
                                  "fichier. Corrigez le fichier (« Enregistrer les erreurs… » les liste), ou cochez "
                                  "« Importer seulement les lignes valides »."))
        return ""

    # -- navigation ------------------------------------------------------------------------------------------

    def go_next(self) -> None:
        step = self.step
        if self.busy or not self._can_leave(step):
            return
        order = self._path_order()
        following = order[order.index(step) + 1]
        if following is Step.MAPPING and self.overview is not None:
            self._load_mapping_if_new()
        self._history.append(following)
        self._show_step(following)
        if following is Step.PREVIEW:
            self.run_preview()

    def go_back(self) -> None:
        if self.busy or len(self._history) < 2 or self.result_state == "committed":
            return
        self._history.pop()
        self.result_state = ""
        self._show_step(self._history[-1])

    def _load_mapping_if_new(self) -> None:
        overview = self.overview
        if overview is None or self.mapping_page.loaded_for == self._overview_of:
            return
        self.mapping_page.loaded_for = self._overview_of
        self.mapping_page.load(overview.headers, overview.sample, overview.remembered or overview.guess)
        if overview.remembered is not None:
            intro = self.tr("Correspondance mémorisée pour les fichiers ayant ces colonnes (retenue lors d'un import "
                            "précédent). Vérifiez-la, modifiez-la si besoin\u00a0: elle sera retenue à nouveau.")
        else:
            intro = self.tr("Correspondance proposée d'après les noms des colonnes du fichier\u00a0: vérifiez-la. "
                            "Elle sera retenue pour les prochains fichiers ayant les mêmes colonnes.")
        self.mapping_page.intro.setText(intro)

    def _reset_mapping(self) -> None:
        if self.overview is not None:
            self.mapping_page.load(self.overview.headers, self.overview.sample, self.overview.guess)

    def _on_mapping_changed(self) -> None:
        self.mapping_page.problems.setText("\n".join(self._mapping_problems()))
        self._update_buttons()

    # -- step 1: the file ------------------------------------------------------------------------------------

    def browse(self) -> None:
        chosen = self.prompts.open_path(self.tr("Fichier à importer"), TABLE_FILES)
        if chosen:
            self.set_path(chosen)

    def set_path(self, path: str | Path) -> None:
        """Choose the file (as typed or browsed) and read its first rows."""
        self.file_page.path_edit.setText(str(path))
        self.file_page.sheet_combo.clear()
        self.inspect()

    def _on_path_edited(self) -> None:
        if self.path and (self.inspect_error or self.path not in (self._inspecting, (self._overview_of or ("",))[0])):
            self.file_page.sheet_combo.clear()
            self.inspect()

    def _on_kind_toggled(self, button: QRadioButton, checked: bool) -> None:
        if not checked:
            return
        self.kind = ImportKind.SCHOOLS if button is self.file_page.schools_radio else ImportKind.EQUIPMENT
        self.preview_page.set_kind(self.kind)
        self._show_file_state()

    def inspect(self) -> None:
        """Read the file's header and first rows on a worker."""
        if not self.path:
            return
        if self.busy:
            self._inspect_again = True
            return
        path, sheet = self.path, self.sheet
        self.overview, self._overview_of, self.inspect_error = None, None, ""
        self._inspecting = path
        self._show_file_state()

        def work(services: Services, _progress: Progress) -> FileOverview:
            return services.importing.inspect(path, sheet=sheet or None)

        def done(overview: FileOverview) -> None:
            self.overview, self._overview_of = overview, (path, sheet)
            self._after_inspect()

        def failed(error: BaseException) -> None:
            self.inspect_error = error_message(error)
            self._overview_of = (path, sheet)
            self._show_file_state()

        self._start(work, done, failed, self.inspect_strip, self.tr("Lecture du fichier…"), cancellable=False)

    def _after_inspect(self) -> None:
        overview = self.overview
        assert overview is not None
        combo = self.file_page.sheet_combo
        if overview.sheets and [combo.itemText(i) for i in range(combo.count())] != overview.sheets:
            combo.clear()
            combo.addItems(overview.sheets)  # read without a sheet named: the first one
            self._overview_of = (self.path, self.sheet)
        if overview.kind == "ecoles" and self.kind is not ImportKind.SCHOOLS:
            self.file_page.schools_radio.setChecked(True)
        elif overview.canonical and self.kind is not ImportKind.EQUIPMENT:
            self.file_page.equipment_radio.setChecked(True)
        self._show_file_state()

    def _show_file_state(self) -> None:
        fp, overview = self.file_page, self.overview
        many_sheets = fp.sheet_combo.count() > 1
        fp.sheet_label.setVisible(many_sheets)
        fp.sheet_combo.setVisible(many_sheets)
        fp.sheet_combo.setEnabled(self.kind is ImportKind.EQUIPMENT)
        fp.sheet_combo.setToolTip("" if self.kind is ImportKind.EQUIPMENT else
                                  self.tr("L'annuaire des écoles est lu dans la première feuille du classeur."))
        if overview is None:
            fp.info_label.setText("")
            fp.show_sample(None)
        else:
            if overview.kind == "ecoles":
                kind = self.tr("annuaire des écoles")
            elif overview.canonical:
                kind = self.tr("équipements au format d'import standard")
            elif self.kind is ImportKind.EQUIPMENT:
                kind = self.tr("équipements, colonnes à faire correspondre à l'étape suivante")
            else:
                kind = self.tr("non reconnu d'après ses colonnes")
            fp.info_label.setText(self.tr("Lu comme\u00a0: {how}. Contenu\u00a0: {kind}. {n} colonnes\u00a0; les "
                                          "premières lignes\u00a0:").format(how=overview.source.describe(), kind=kind,
                                                                            n=len(overview.headers)))
            fp.show_sample(overview)
        problem = self._file_problem() if self.path and not self.busy else ""
        fp.error.setText("" if problem == self.tr("Lecture du fichier…") else problem)
        self._show_step(self.step)  # the steps depend on the file (a canonical one skips the columns)

    # -- step 3: the preview -----------------------------------------------------------------------------------

    def _policy(self) -> DuplicatePolicy:
        return DuplicatePolicy.UPDATE if self.preview_page.update_radio.isChecked() else DuplicatePolicy.SKIP

    def _on_policy_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked and self.step is Step.PREVIEW and not self.busy:
            self.run_preview()

    def _work(self, options: ImportOptions) -> Callable[[Services, Progress], ImportReport]:
        """The import as it stands on the pages, with plain values only (it runs on a worker)."""
        path, sheet, kind = self.path, self.sheet or None, self.kind
        mapping = None
        if kind is ImportKind.EQUIPMENT and self.overview is not None and not self.overview.canonical:
            mapping = self.mapping_page.mapping()
        filters = self.filters_page.directory_filter()

        def work(services: Services, progress: Progress) -> ImportReport:
            if kind is ImportKind.SCHOOLS:
                return services.importing.schools(path, filters=filters, options=options, progress=progress)
            return services.importing.equipment(path, mapping=mapping, options=options, progress=progress,
                                                sheet=sheet)

        return work

    def run_preview(self) -> None:
        """The real import, rolled back: every row checked, database constraints included."""
        if self.busy:
            return
        page = self.preview_page
        self.preview_report = None
        page.set_kind(self.kind)
        page.rerun_button.setVisible(False)
        page.pane.clear(self.tr("Vérification de chaque ligne du fichier…"))
        self._start(self._work(ImportOptions(dry_run=True, on_duplicate=self._policy())), self._on_preview,
                    self._on_preview_failed, page.pane.strip, self.tr("Vérification…"), cancellable=True)

    def _on_preview(self, report: ImportReport) -> None:
        self.preview_report = report
        if report.rows == 0:
            headline = self.tr("Le fichier ne contient aucune ligne de données sous l'en-tête.")
        elif report.ok:
            headline = self.tr("Toutes les lignes sont valides.")
        else:
            headline = plural(report.rejected, self.tr("{n} ligne rejetée, ci-dessous avec sa raison."),
                              self.tr("{n} lignes rejetées, ci-dessous avec leur raison."))
        self.preview_page.pane.show_report(report, self.kind, headline)

    def _on_preview_failed(self, error: BaseException) -> None:
        page = self.preview_page
        if isinstance(error, ImportCancelled):
            page.pane.clear(self.tr("Vérification interrompue\u00a0: rien n'a été modifié."))
        else:
            page.pane.clear(self.tr("Le fichier n'a pas pu être vérifié\u00a0: {error}").format(
                error=error_message(error)))
        page.rerun_button.setVisible(True)

    def save_errors(self, report: ImportReport | None) -> None:
        if report is None or not report.errors:
            return
        stem = Path(report.source.name).stem or "import"
        chosen = self.prompts.save_path(self.tr("Enregistrer les erreurs"), f"{stem}-erreurs.csv", ERROR_FILES)
        if not chosen:
            return
        try:
            result = export_errors(report, chosen)
        except TiceError as error:
            self.prompts.show_error(error.message)
            return
        self.prompts.show_message(plural(result.rows, self.tr("{n} erreur enregistrée dans « {path} »."),
                                         self.tr("{n} erreurs enregistrées dans « {path} »."), path=result.path))

    # -- step 4: the import ------------------------------------------------------------------------------------

    def start_import(self) -> None:
        if self.busy or self.step is not Step.PREVIEW or self._import_refusal():
            return
        options = ImportOptions(valid_only=self.preview_page.valid_only_check.isChecked(),
                                on_duplicate=self._policy())
        self.result_report = None
        self.result_state = "running"
        self._cancel_asked = False
        self._history.append(Step.RESULT)
        self._show_step(Step.RESULT)
        self.result_page.pane.clear(self.tr("Import en cours…"))
        self._start(self._work(options), self._on_imported, self._on_import_failed, self.result_page.pane.strip,
                    self.tr("Import…"), cancellable=True)

    def _on_imported(self, report: ImportReport) -> None:
        self.result_report = report
        pane = self.result_page.pane
        if report.committed:
            self.result_state = "committed"
            headline = self.tr("Import enregistré.")
            if self._cancel_asked:
                headline += " " + self.tr("(L'import était déjà terminé quand l'annulation a été demandée.)")
        else:
            self.result_state = "not_committed"
            headline = self.tr("Rien n'a été enregistré\u00a0: des lignes sont rejetées (la base a peut-être changé "
                               "depuis l'aperçu).")
        pane.show_report(report, self.kind, headline)
        pane.tabs.setCurrentIndex(1 if report.changes or not report.errors else 0)
        if report.committed:
            self.sig_imported.emit(report)

    def _on_import_failed(self, error: BaseException) -> None:
        pane = self.result_page.pane
        if isinstance(error, ImportCancelled):
            self.result_state = "cancelled"
            pane.clear(error.message)
        else:
            self.result_state = "failed"
            pane.clear(self.tr("L'import a échoué, rien n'a été enregistré\u00a0: {error}").format(
                error=error_message(error)))

    # -- workers ---------------------------------------------------------------------------------------------

    def _start(self, work: Callable[[Services, Progress], Any], on_success: Callable[[Any], None],
               on_failure: Callable[[BaseException], None], strip: ProgressStrip, text: str, *,
               cancellable: bool) -> None:
        url, user = self.services.db.url, self.services.actor.user

        def job(progress: Progress) -> Any:  # on the worker thread: services of its own
            opened = open_services(url, AuditSource.SCREEN, user=user)
            try:
                return work(opened, progress)
            finally:
                opened.close()

        task = Task(job, self)
        task.sig_progress.connect(self._on_task_progress)
        task.sig_succeeded.connect(self._on_task_succeeded)
        task.sig_failed.connect(self._on_task_failed)
        task.sig_finished.connect(self._on_task_finished)
        self._job = _Job(task, on_success, on_failure, strip)
        strip.start(text, cancellable=cancellable)
        self._update_buttons()
        self.sig_task_started.emit(task)
        task.start()

    def cancel_run(self) -> None:
        """What « Annuler » beside the progress bar does: the worker stops at its next progress report."""
        if self._job is not None:
            self._cancel_asked = True
            self._job.task.cancel()

    def _current(self) -> _Job | None:
        job = self._job
        return job if job is not None and self.sender() is job.task else None

    def _on_task_progress(self, done: int, total: int) -> None:
        job = self._current()
        if job is not None and job.strip is not None:
            job.strip.set_progress(done, total)

    def _on_task_succeeded(self, value: Any) -> None:
        job = self._current()
        if job is not None:
            job.on_success(value)

    def _on_task_failed(self, error: BaseException) -> None:
        job = self._current()
        if job is None:
            return
        if not isinstance(error, TiceError):
            log.error("import worker failed", exc_info=error)
        job.on_failure(error)

    def _on_task_finished(self) -> None:
        job = self._current()
        if job is None:
            return
        self._job = None
        if job.strip is not None:
            job.strip.stop()
        job.task.deleteLater()
        self._inspecting = ""
        if self._close_when_idle:
            self._close_when_idle = False
            super().reject()
            return
        if self._inspect_again:
            self._inspect_again = False
            self.inspect()
        if self.step is Step.FILE:
            self._show_file_state()
        self._update_buttons()

    def wait(self, msecs: int = 10_000) -> bool:
        """Wait for the running worker (tests, closing the base)."""
        deadline = QDeadlineTimer(msecs)
        while self._job is not None and not deadline.hasExpired():
            QThreadPool.globalInstance().waitForDone(20)
            QApplication.processEvents()
        return self._job is None

    # -- closing ---------------------------------------------------------------------------------------------

    def reject(self) -> None:
        """Annuler, Échap, the window's close box: a running preview or import is cancelled first (rolled
        back), and the assistant closes once the worker has stopped."""
        if self._job is not None:
            self.cancel_run()
            self._close_when_idle = True
            self.close_button.setEnabled(False)
            return
        super().reject()


__all__ = ["ImportKind", "ImportWizard", "Step"]
