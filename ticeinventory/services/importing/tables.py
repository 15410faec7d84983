"""A file as a table: its header and its rows of text, streamed, whatever the file format.

Rows carry the line number a user sees (the CSV line where the record starts, the spreadsheet row), blank
rows are skipped, and a row that does not fit the header says so instead of being silently cut or padded.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from ticeinventory.domain.i18n import _

from . import sniff
from .cells import cell_text, restore
from .report import ImportFileError, SourceInfo
from .xlsx import Limits, XlsxSheet


class Row(NamedTuple):  # a tuple: made for every row of the file, at a tuple's cost
    line: int
    cells: list[str]
    problem: str | None = None


class Table:
    """``headers`` then ``rows()``; ``total`` is the number of lines expected, for a progress bar."""

    def __init__(self, source: SourceInfo, headers: list[str], header_line: int, total: int) -> None:
        self.source = source
        self.headers = headers
        self.header_line = header_line
        self.total = total

    def rows(self) -> Iterator[Row]:
        raise NotImplementedError

    def _fit(self, line: int, cells: list[str], last: bool = False) -> Row:
        width = len(self.headers)
        if len(cells) > width:
            extra = [c for c in cells[width:] if c.strip()]
            if extra:
                return Row(line, cells[:width], _("la ligne compte {n} colonnes alors que l'en-tête en compte {width} "
                                                  "(séparateur en trop dans une valeur ?)").format(
                    n=len(cells), width=width))
            cells = cells[:width]
        elif len(cells) < width:
            if last:
                return Row(line, cells + [""] * (width - len(cells)),
                           _("la dernière ligne est incomplète ({n} colonnes sur {width}) : le fichier semble "
                             "tronqué").format(n=len(cells), width=width))
            cells = cells + [""] * (width - len(cells))
        return Row(line, cells)


class CsvTable(Table):
    def __init__(self, path: Path) -> None:
        self.path = path
        encoding = sniff.detect_encoding(path)
        sample, complete = sniff.read_sample(path, encoding)
        self.encoding = encoding
        self.delimiter = sniff.detect_delimiter(sample, complete=complete)
        with path.open("rb") as f:
            total = 0
            last = b""
            while chunk := f.read(sniff.CHUNK_BYTES):
                total += chunk.count(b"\n")
                last = chunk[-1:]
        self.ends_with_newline = last == b"\n"
        total += 0 if self.ends_with_newline else 1
        self._file = path.open("r", encoding=encoding, newline="")
        self._reader = csv.reader(self._file, delimiter=self.delimiter, strict=True)
        self._line = 0
        headers: list[str] = []
        header_line = 0
        for line, cells in self._records():
            if any(c.strip() for c in cells):
                headers = [c.strip().lstrip("\ufeff").strip() for c in cells]
                header_line = line
                break
        if not headers:
            self.close()
            raise ImportFileError(_("Le fichier « {name} » ne contient aucune ligne.").format(name=path.name))
        display = {"utf-8-sig": "UTF-8 (BOM)", "utf-8": "UTF-8", "cp1252": "Windows-1252", "latin-1": "ISO-8859-1",
                   "utf-16": "UTF-16"}[encoding]
        super().__init__(SourceInfo(name=path.name, format="csv", encoding=display, delimiter=self.delimiter),
                         headers, header_line, max(total, header_line))

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        with self._reading():
            for cells in self._reader:
                start = self._line + 1
                self._line = self._reader.line_num
                yield start, cells

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """The reader's errors as the user is told them."""
        try:
            yield
        except csv.Error as error:
            raise ImportFileError(_("Le fichier « {name} » est mal formé vers la ligne {line} ({detail}) : guillemet "
                                    "non fermé ou mal placé, ou valeur démesurée. Le fichier est peut-être tronqué."
                                    ).format(name=self.path.name, line=self._reader.line_num + 1, detail=error)
                                  ) from error
        except UnicodeDecodeError as error:
            raise ImportFileError(_("Le fichier « {name} » contient des caractères illisibles en {encoding} : "
                                    "enregistrez-le en UTF-8.").format(name=self.path.name, encoding=self.encoding)
                                  ) from error

    def rows(self) -> Iterator[Row]:
        """The records after the header (the reading of :meth:`_records`, inlined: it runs for every row)."""
        width = len(self.headers)
        reader = self._reader
        pending: tuple[int, list[str]] | None = None
        with self._reading():
            for cells in reader:
                line, self._line = self._line + 1, reader.line_num
                text = "".join(cells)
                if not text or text.isspace():  # no cell with anything but blanks
                    continue
                if pending is not None:
                    yield Row(*pending) if len(pending[1]) == width else self._fit(*pending)
                pending = (line, [restore(c) for c in cells] if "'" in text else cells)  # restore() needs a '
        if pending is not None:
            yield self._fit(*pending, last=not self.ends_with_newline)

    def close(self) -> None:
        self._file.close()


class XlsxTable(Table):
    def __init__(self, path: Path, sheet: str | None = None, limits: Limits | None = None) -> None:
        self._sheet = XlsxSheet(path, sheet=sheet, limits=limits)
        self._rows = self._sheet.rows()
        headers: list[str] = []
        header_line = 0
        for number, values in self._rows:
            cells = [cell_text(v) for v in values]
            if any(c.strip() for c in cells):
                while cells and not cells[-1].strip():
                    cells.pop()
                headers = [c.strip() for c in cells]
                header_line = number
                break
        if not headers:
            self.close()
            raise ImportFileError(_("La feuille « {sheet} » du classeur « {name} » est vide.").format(
                sheet=self._sheet.sheet_name, name=path.name))
        layout = _("feuille « {sheet} »").format(sheet=self._sheet.sheet_name)
        super().__init__(SourceInfo(name=path.name, format="xlsx", layout=layout), headers, header_line,
                         max(self._sheet.row_estimate, header_line))

    @property
    def sheet_names(self) -> list[str]:
        return self._sheet.sheet_names

    def rows(self) -> Iterator[Row]:
        for number, values in self._rows:
            cells = [cell_text(v) for v in values]
            if any(c.strip() for c in cells):
                yield self._fit(number, cells)

    def close(self) -> None:
        self._sheet.close()


@contextmanager
def open_table(path: str | Path, *, sheet: str | None = None, limits: Limits | None = None) -> Iterator[Table]:
    """The file at ``path`` as a :class:`Table` (CSV or XLSX, recognised by content, not by name)."""
    path = Path(path)
    kind = sniff.detect_kind(path)
    table: CsvTable | XlsxTable = XlsxTable(path, sheet, limits) if kind is sniff.FileKind.XLSX else CsvTable(path)
    try:
        yield table
    finally:
        table.close()
