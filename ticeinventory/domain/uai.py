"""UAI (ex-RNE), the national identifier of a school: 7 characters then a check letter.

The first three characters give the département (``013``, ``021``, ``974``; Corsica uses ``620``/``720``),
the check letter is ``"ABCDEFGHJKLMNPRSTUVWXYZ"[int(first7) % 23]``.
"""

from __future__ import annotations

import re

from .i18n import _

CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_SHAPE = re.compile(r"[0-9]{7}[A-Z]")  # ASCII only: \d would accept other scripts' digits


def check_letter(first7: str) -> str:
    return CHECK_LETTERS[int(first7) % 23]


def normalise(text: str) -> str:
    """Upper-case and strip spaces: ``' 0131266f '`` → ``'0131266F'``."""
    return re.sub(r"\s+", "", text or "").upper()


def uai_problem(text: str) -> str | None:
    """The French reason why ``text`` is not a valid UAI, or ``None`` when it is."""
    uai = normalise(text)
    if not uai:
        return _("Le code UAI est obligatoire (7 chiffres et une lettre, par exemple 0131266F).")
    if len(uai) != 8:
        return _("Le code UAI « {uai} » doit compter 8 caractères : 7 chiffres puis une lettre "
                 "(par exemple 0131266F).").format(uai=uai)
    if not _SHAPE.fullmatch(uai):
        return _("Le code UAI « {uai} » doit être formé de 7 chiffres suivis d'une lettre "
                 "(par exemple 0131266F).").format(uai=uai)
    expected = check_letter(uai[:7])
    if uai[7] != expected:
        return _("La lettre de contrôle du code UAI « {uai} » est fausse : pour {digits} elle doit être "
                 "« {letter} ». Vérifiez la saisie.").format(uai=uai, digits=uai[:7], letter=expected)
    return None


def is_valid(text: str) -> bool:
    return uai_problem(text) is None


def departement(uai: str) -> str:
    return normalise(uai)[:3]
