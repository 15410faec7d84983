"""Recognise a file before reading it: spreadsheet or text, then the text's encoding and delimiter.

Real files come from Excel (Windows-1252, or UTF-8 with a BOM, ``;``), LibreOffice (UTF-8, ``,``), the national
open data portal (UTF-8 with a BOM, ``;``) and other tools (tab, UTF-16). A wrong guess turns « é » into « Ã© »
or puts a whole line in one column, so the encoding is checked on the whole file, not on its first kilobytes.
"""

from __future__ import annotations

import codecs
import csv
import io
from enum import StrEnum
from pathlib import Path

from ticeinventory.domain.i18n import _

from .report import ImportFileError

DELIMITERS = (";", "\t", ",")  # preference order when two fit as well
SAMPLE_BYTES = 64 * 1024
CHUNK_BYTES = 1 << 20

_SIGNATURES = (  # start of file → what it is (French, for the message)
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", None),  # OLE2: .xls, or any password-protected Office file
    (b"%PDF", "PDF"),
    (b"\x89PNG", "image PNG"),
    (b"\xff\xd8\xff", "image JPEG"),
    (b"GIF8", "image GIF"),
    (b"\x1f\x8b", "archive gzip"),
    (b"7z\xbc\xaf", "archive 7-Zip"),
    (b"Rar!", "archive RAR"),
    (b"SQLite format 3\x00", "base de données SQLite"),
)


class FileKind(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


def detect_kind(path: str | Path) -> FileKind:
    """XLSX for a zip container, CSV for anything that may be text; known binary formats refused here."""
    path = Path(path)
    if not path.exists():
        raise ImportFileError(_("Le fichier « {path} » n'existe pas.").format(path=path))
    if path.is_dir():
        raise ImportFileError(_("« {path} » est un dossier : choisissez un fichier CSV ou XLSX.").format(path=path))
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError as error:
        raise ImportFileError(_("Impossible de lire « {path} » : {error}.").format(
            path=path, error=error.strerror or error)) from error
    if not head:
        raise ImportFileError(_("Le fichier « {name} » est vide.").format(name=path.name))
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return FileKind.XLSX
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            if what is None:
                raise ImportFileError(_("« {name} » est un classeur Excel 97-2003 (.xls) ou un classeur protégé par "
                                        "mot de passe : ouvrez-le dans Excel ou LibreOffice et enregistrez-le au "
                                        "format .xlsx ou CSV, sans mot de passe.").format(name=path.name))
            raise ImportFileError(_("« {name} » n'est pas un tableau (c'est un fichier {what}) : choisissez un "
                                    "fichier CSV ou XLSX.").format(name=path.name, what=what))
    return FileKind.CSV


def _not_text(name: str) -> ImportFileError:
    return ImportFileError(_("« {name} » n'est pas un fichier texte CSV (il contient des données binaires) : "
                             "choisissez un fichier CSV ou XLSX, ou enregistrez le tableau dans l'un de ces formats."
                             ).format(name=name))


def detect_encoding(path: str | Path) -> str:
    """``utf-8-sig``, ``utf-16``, ``utf-8`` or ``cp1252``; refuses binary and truncated files."""
    path = Path(path)
    with path.open("rb") as f:
        head = f.read(4)
        if head.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        else:
            encoding = "utf-8"
        f.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        control = 0
        first = True
        while chunk := f.read(CHUNK_BYTES):
            if b"\x00" in chunk:
                raise _not_text(path.name)
            if first:
                control = sum(chunk[:SAMPLE_BYTES].count(bytes([c])) for c in range(32) if c not in (9, 10, 12, 13))
                if control > max(8, len(chunk[:SAMPLE_BYTES]) // 100):
                    raise _not_text(path.name)
                first = False
            if encoding:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    encoding = ""  # not UTF-8: keep scanning for binary content, then try Windows-1252
        if encoding:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                raise ImportFileError(_("« {name} » se termine au milieu d'un caractère : le fichier semble tronqué "
                                        "(copie ou téléchargement interrompu). Récupérez-le à nouveau."
                                        ).format(name=path.name)) from None
            return encoding
    return "cp1252" if _decodes(path, "cp1252") else "latin-1"


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as f:
            while chunk := f.read(CHUNK_BYTES):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_delimiter(sample: str, *, complete: bool = False) -> str:
    """The delimiter that splits the first lines into the same number of columns (the most columns wins).

    ``sample`` is the start of the file; unless ``complete``, its last line may be cut and is not counted.
    """
    best: tuple[tuple, str] | None = None
    for rank, delimiter in enumerate(DELIMITERS):
        try:
            rows = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
                    if any(cell.strip() for cell in r)][:51]
        except csv.Error:
            continue
        if not complete and len(rows) > 1:
            rows = rows[:-1]
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        body = rows[1:]
        regular = sum(1 for r in body if len(r) == width) / len(body) if body else 1.0
        score = (regular >= 0.8, width if regular >= 0.8 else 0, regular, -rank)
        if best is None or score > best[0]:
            best = (score, delimiter)
    return best[1] if best else DELIMITERS[0]


def read_sample(path: str | Path, encoding: str) -> tuple[str, bool]:
    """The first decoded kilobytes, and whether they are the whole file."""
    with Path(path).open("r", encoding=encoding, errors="replace", newline="") as f:
        text = f.read(SAMPLE_BYTES)
        complete = not f.read(1)
    return text, complete
