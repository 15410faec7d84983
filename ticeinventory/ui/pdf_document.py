"""A finished document as the report code hands it over, and the words and settings that go with it.

Kept apart from the preview so that what only needs these (the choice dialogs, the batch of sheets, the
documents built on a worker) imports neither pdfium nor the preview window.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

FOLDER_KEY = "reports/folder"
"""QSettings: the folder where the user last saved a document."""


def pages_text(count: int) -> str:
    """« 1 page », « 12 pages » (French: 0 and 1 take the singular)."""
    if count <= 1:
        return QCoreApplication.translate("PdfPreview", "{n} page").format(n=count)
    return QCoreApplication.translate("PdfPreview", "{n} pages").format(n=count)


class Cancelled(Exception):
    """The user cancelled before the document was ready."""


@dataclass(frozen=True)
class PdfFile:
    """A rendered document: its bytes, the file name to suggest, the title of its preview window."""

    data: bytes
    file_name: str
    title: str
