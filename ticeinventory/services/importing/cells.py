"""Cell values between files and the application: text of a spreadsheet cell, formula neutralisation.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula by
spreadsheets (CSV injection). The export prefixes such text with an apostrophe, as spreadsheets themselves do
for text typed that way; the import takes that apostrophe off again, so export → import changes nothing. The
rule is reversible for every text: ``'=x`` is written ``''=x``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from ticeinventory.domain.i18n import _

_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")


def neutralise(text: str) -> str:
    """Text a spreadsheet will show as text, never run."""
    return "'" + text if _NEEDS_QUOTE.match(text) else text


def restore(text: str) -> str:
    """The text before :func:`neutralise`."""
    return text[1:] if text[:1] == "'" and _QUOTED.match(text) else text


def date_text(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def amount_text(cents: int | None) -> str:
    """``123450`` → ``1234,50``: a number for French spreadsheets, read back by ``parse_amount``."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    return f"{sign}{euros},{rest:02d}"


def cell_text(value: object) -> str:
    """The text of a cell as read from a file (CSV text, or an XLSX value of any type)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return restore(value)
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return date_text(value.date())
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return date_text(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, timedelta):
        return str(value)
    return str(value)
