"""Reading an XLSX workbook without trusting it.

An XLSX file is a zip of XML documents. Before openpyxl opens anything, the zip's directory is checked: total
uncompressed size, compression ratio of each member, number of members, no encryption. Python's zipfile never
inflates past the size a member declares (it stops and fails on the checksum), so a lying directory cannot
get around the limits, and a zip bomb is refused in milliseconds. The XML itself is parsed by openpyxl through
defusedxml (no DTD entities, no external references): that is checked when openpyxl is first loaded, not
assumed. openpyxl (and defusedxml) are loaded when a workbook is first opened, not with this module: most
imports are CSV files, and the application starts faster without them.
"""

from __future__ import annotations

import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

from ticeinventory.domain.i18n import _

from .report import ImportFileError


def _openpyxl():
    """openpyxl, loaded on first use, and only if it parses XML through defusedxml."""
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # openpyxl only uses defusedxml when it was importable when openpyxl loaded
        raise ImportError("openpyxl must parse XML through defusedxml (install defusedxml)")
    return openpyxl


MAX_UNCOMPRESSED = 512 * 1024 * 1024  # bytes, whole workbook
MAX_RATIO = 100  # uncompressed / compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 10_000
BATCH = 1000


@dataclass(frozen=True)
class Limits:
    uncompressed: int = MAX_UNCOMPRESSED
    ratio: int = MAX_RATIO
    members: int = MAX_MEMBERS


def _damaged(name: str, detail: object) -> ImportFileError:
    return ImportFileError(_("Le classeur « {name} » est endommagé ou tronqué ({detail}) : ouvrez-le dans Excel ou "
                             "LibreOffice et enregistrez-le à nouveau, ou demandez une nouvelle copie."
                             ).format(name=name, detail=detail))


def check_archive(path: Path, limits: Limits | None = None) -> None:
    """Refuse, from the zip directory alone, anything that is not a plausible XLSX workbook."""
    limits = limits or Limits()
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if "xl/workbook.xml" not in names:
                raise ImportFileError(_not_a_workbook(archive, names, name))
            if len(members) > limits.members:
                raise ImportFileError(_("Le classeur « {name} » contient {n} éléments : trop pour un tableau, il est "
                                        "refusé par sécurité.").format(name=name, n=len(members)))
            total = 0
            for member in members:
                if member.flag_bits & 0x1:
                    raise ImportFileError(_("Le classeur « {name} » est chiffré : enregistrez-le sans mot de passe."
                                            ).format(name=name))
                if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise _damaged(name, _("compression inconnue"))
                total += member.file_size
                if member.file_size > RATIO_FLOOR and member.file_size > limits.ratio * max(member.compress_size, 1):
                    raise ImportFileError(_(
                        "Le classeur « {name} » est refusé par sécurité : l'élément « {member} » se décompresse "
                        "{ratio} fois plus gros que son volume dans le fichier (bombe de décompression ?). Si le "
                        "fichier est sûr, enregistrez-le au format CSV.").format(
                        name=name, member=member.filename, ratio=member.file_size // max(member.compress_size, 1)))
            if total > limits.uncompressed:
                raise ImportFileError(_(
                    "Le classeur « {name} » occuperait {size} Mo une fois décompressé (limite {limit} Mo) : il est "
                    "refusé par sécurité. Enregistrez-le au format CSV, ou découpez-le.").format(
                    name=name, size=total // (1024 * 1024), limit=limits.uncompressed // (1024 * 1024)))
    except zipfile.BadZipFile as error:
        raise _damaged(name, error) from error
    except (OSError, EOFError) as error:
        raise _damaged(name, error) from error


def _not_a_workbook(archive: zipfile.ZipFile, names: set[str], name: str) -> str:
    mimetype = b""
    if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
        mimetype = archive.read("mimetype")
    if b"opendocument.spreadsheet" in mimetype:
        return _("« {name} » est un classeur OpenDocument (.ods) : enregistrez-le au format .xlsx ou CSV depuis "
                 "LibreOffice.").format(name=name)
    if "word/document.xml" in names or b"opendocument.text" in mimetype:
        return _("« {name} » est un document de traitement de texte, pas un tableau : choisissez un fichier CSV "
                 "ou XLSX.").format(name=name)
    return _("« {name} » est une archive zip mais pas un classeur Excel (.xlsx) : choisissez un fichier CSV ou XLSX."
             ).format(name=name)


class XlsxSheet:
    """The first worksheet (or the one named) of a checked workbook, read as rows of values, streamed."""

    def __init__(self, path: str | Path, *, sheet: str | None = None, limits: Limits | None = None) -> None:
        self.path = Path(path)
        check_archive(self.path, limits)
        self._workbook = None
        # openpyxl gets an open file, not a name: it would refuse a workbook named .csv, and would leave its own
        # handle open when the workbook turns out to be unreadable
        self._file = self.path.open("rb")
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
                self._workbook = _openpyxl().load_workbook(self._file, read_only=True, data_only=True)
                sheets = self._workbook.worksheets
                if not sheets:
                    raise ImportFileError(_("Le classeur « {name} » ne contient aucune feuille de calcul.").format(
                        name=self.path.name))
                chosen = next((ws for ws in sheets if sheet and ws.title.casefold() == sheet.casefold()), sheets[0])
                self.sheet_name = chosen.title
                self.sheet_names = [ws.title for ws in sheets]
                self.row_estimate = chosen.max_row or 0
                chosen.reset_dimensions()  # a wrong <dimension> would otherwise cut the sheet short
                self._sheet = chosen
        except ImportFileError:
            self.close()
            raise
        except Exception as error:
            self.close()
            raise _translate(self.path.name, error) from error

    def rows(self) -> Iterator[tuple[int, tuple]]:
        """(row number, values) for every row, empty rows included, numbered as the spreadsheet shows them."""
        try:
            cells = self._sheet.iter_rows(values_only=True)
            number = 0
            while True:
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
                    batch = []
                    for values in cells:
                        batch.append(values)
                        if len(batch) >= BATCH:
                            break
                for values in batch:
                    number += 1
                    yield number, values
                if len(batch) < BATCH:
                    return
        except ImportFileError:
            raise
        except Exception as error:
            raise _translate(self.path.name, error) from error

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None
        self._file.close()


def _translate(name: str, error: Exception) -> ImportFileError:
    from defusedxml import DefusedXmlException
    from openpyxl.utils.exceptions import InvalidFileException

    cause: BaseException | None = error
    while cause is not None:  # openpyxl wraps what went wrong in a sheet into its own exception
        if isinstance(cause, DefusedXmlException):
            error = cause
            break
        cause = cause.__cause__ or cause.__context__
    if isinstance(error, DefusedXmlException):
        return ImportFileError(_("Le classeur « {name} » contient des constructions XML interdites (entités, "
                                 "références externes) : il est refusé par sécurité.").format(name=name))
    if isinstance(error, KeyError | InvalidFileException):
        return ImportFileError(_("« {name} » n'est pas un classeur Excel (.xlsx) lisible ({detail}).").format(
            name=name, detail=error))
    if isinstance(error, zipfile.BadZipFile | zlib.error | ParseError | EOFError | OSError | ValueError | TypeError
                  | AttributeError | IndexError):
        return _damaged(name, error)
    return _damaged(name, repr(error))
