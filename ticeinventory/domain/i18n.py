"""Translation of user-visible strings outside Qt.

Source strings are written in French, the default language. A catalogue named ``ticeinventory``
under ``resources/locale/<lang>/LC_MESSAGES`` translates them when ``TICEINVENTORY_LANG`` (or the
usual ``LANGUAGE``/``LANG``) asks for another language; without a catalogue the French text is used.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

import ticeinventory.resources

DOMAIN = "ticeinventory"


def _load() -> gettext.NullTranslations:
    lang = os.environ.get("TICEINVENTORY_LANG")
    languages = [lang] if lang else None
    # beside the package's own file (importlib.resources would add a few milliseconds to every start)
    localedir = str(Path(ticeinventory.resources.__file__).parent / "locale")
    return gettext.translation(DOMAIN, localedir=localedir, languages=languages, fallback=True)


_translations = _load()


def _(message: str) -> str:
    """Translate ``message`` (French source text)."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (translated where it is shown)."""
    return message
