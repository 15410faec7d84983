"""Inventory numbers generated from a configurable pattern.

A pattern mixes text and fields: ``{cat}`` (category code), ``{annee}`` (acquisition year, else the
current year), ``{uai}`` (school UAI, ``STOCK`` when unassigned) and ``{seq}`` or ``{seq:N}`` (a counter,
zero-padded to N digits, kept per prefix). Example: ``{cat}-{annee}-{seq:5}`` → ``PCF-2009-00012``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ValidationError
from .i18n import _

DEFAULT_PATTERN = "{cat}-{annee}-{seq:5}"
_FIELD = re.compile(r"\{(\w+)(?::(\d+))?\}")
_KNOWN = {"cat", "annee", "uai", "seq"}
MAX_LENGTH = 40


@dataclass(frozen=True)
class NumberContext:
    category_code: str
    year: int
    uai: str | None


def check_pattern(pattern: str) -> None:
    fields = [m.group(1) for m in _FIELD.finditer(pattern)]
    unknown = sorted(set(fields) - _KNOWN)
    if unknown:
        raise ValidationError({"pattern": _("Champ inconnu dans le modèle de numéro d'inventaire : {fields}. "
                                            "Champs possibles : {{cat}}, {{annee}}, {{uai}}, {{seq}} ou {{seq:5}}.")
                               .format(fields=", ".join(unknown))})
    if fields.count("seq") != 1:
        raise ValidationError({"pattern": _("Le modèle de numéro d'inventaire doit contenir une fois {seq} "
                                            "(le compteur), par exemple {cat}-{annee}-{seq:5}.")})
    # Every number the pattern makes must be a valid number (characters, length), or it could not be typed
    # back, searched for or stored. Longest case: a 12-letter category code, a 6-digit counter.
    literal = _FIELD.sub("", pattern)
    if literal and not re.fullmatch(r"[A-Za-z0-9._/-]+", literal):
        raise ValidationError({"pattern": _("Le modèle de numéro d'inventaire « {pattern} » ne peut contenir, en "
                                            "dehors des champs, que des lettres sans accent, des chiffres et les "
                                            "signes - _ . /").format(pattern=pattern)})
    if pattern[:1] in ("-", "_", ".", "/"):
        raise ValidationError({"pattern": _("Le modèle de numéro d'inventaire « {pattern} » doit commencer par une "
                                            "lettre, un chiffre ou un champ.").format(pattern=pattern)})
    lengths = {"cat": 12, "annee": 4, "uai": 8}
    longest = len(literal) + sum(lengths.get(m.group(1), max(6, int(m.group(2) or 0))) for m in _FIELD.finditer(pattern))
    if longest > MAX_LENGTH:
        raise ValidationError({"pattern": _("Le modèle de numéro d'inventaire « {pattern} » peut produire des numéros "
                                            "de plus de {n} caractères : raccourcissez-le.").format(
            pattern=pattern, n=MAX_LENGTH)})


def prefix_and_width(pattern: str, ctx: NumberContext) -> tuple[str, str, int]:
    """Split the expanded pattern around the counter: (text before, text after, width)."""
    check_pattern(pattern)
    values = {"cat": ctx.category_code, "annee": str(ctx.year), "uai": ctx.uai or "STOCK"}
    before, after, width = [], [], 0
    target = before
    pos = 0
    for m in _FIELD.finditer(pattern):
        target.append(pattern[pos:m.start()])
        if m.group(1) == "seq":
            width = int(m.group(2) or 0)
            target = after
        else:
            target.append(values[m.group(1)])
        pos = m.end()
    target.append(pattern[pos:])
    return normalise("".join(before)), normalise("".join(after)), width


def format_number(before: str, after: str, width: int, seq: int) -> str:
    return f"{before}{seq:0{width}d}{after}"


def normalise(number: str) -> str:
    return (number or "").strip().upper()


def number_problem(number: str) -> str | None:
    n = normalise(number)
    if not n:
        return _("Le numéro d'inventaire est obligatoire.")
    if len(n) > MAX_LENGTH:
        return _("Le numéro d'inventaire ne doit pas dépasser {n} caractères.").format(n=MAX_LENGTH)
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9._/-]*", n):
        return _("Le numéro d'inventaire « {number} » ne peut contenir que des lettres sans accent, des chiffres "
                 "et les signes - _ . /").format(number=n)
    return None
