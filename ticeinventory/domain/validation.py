"""Field checks shared by every entry path (screen, import, command line). Each returns a French reason or None."""

from __future__ import annotations

import ipaddress
import re
from datetime import date

from .i18n import _

_MAC_HEX = re.compile(r"^[0-9A-F]{12}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_mac(text: str) -> str:
    """``00-1a:2b.3C4d5e`` → ``00:1A:2B:3C:4D:5E``; unchanged (stripped) when it is not 12 hex digits."""
    raw = re.sub(r"[\s:.\-]", "", text or "").upper()
    if _MAC_HEX.match(raw):
        return ":".join(raw[i:i + 2] for i in range(0, 12, 2))
    return (text or "").strip()


def mac_problem(text: str) -> str | None:
    if _MAC_HEX.match(re.sub(r"[\s:.\-]", "", text).upper()):
        return None
    return _("L'adresse MAC « {mac} » doit compter 12 chiffres hexadécimaux, par exemple 00:1A:2B:3C:4D:5E.").format(
        mac=text)


def ip_problem(text: str) -> str | None:
    try:
        ipaddress.ip_address(text.strip())
    except ValueError:
        return _("L'adresse IP « {ip} » n'est pas valable (exemple : 192.168.1.20).").format(ip=text)
    return None


def email_problem(text: str) -> str | None:
    if _EMAIL.match(text.strip()):
        return None
    return _("L'adresse électronique « {email} » n'est pas valable (exemple : ce.0210001a@ac-dijon.fr).").format(
        email=text)


def postcode_problem(text: str) -> str | None:
    if re.fullmatch(r"[0-9]{5}", text.strip()):
        return None
    return _("Le code postal « {code} » doit compter 5 chiffres.").format(code=text)


def normalise_phone(text: str) -> str:
    digits = re.sub(r"[^0-9+]", "", text or "")
    if re.fullmatch(r"0\d{9}", digits):
        return " ".join(digits[i:i + 2] for i in range(0, 10, 2))
    return (text or "").strip()


def phone_problem(text: str) -> str | None:
    digits = re.sub(r"[^0-9+]", "", text)
    if re.fullmatch(r"0\d{9}", digits) or re.fullmatch(r"\+\d{8,15}", digits):
        return None
    return _("Le numéro de téléphone « {phone} » doit compter 10 chiffres (exemple : 03 80 12 34 56).").format(
        phone=text)


def date_order_problem(acquired: date | None, warranty_end: date | None) -> str | None:
    if acquired and warranty_end and warranty_end < acquired:
        return _("La fin de garantie ({end}) ne peut pas précéder la date d'acquisition ({start}).").format(
            end=format_date(warranty_end), start=format_date(acquired))
    return None


def format_date(value: date | None) -> str:
    # not strftime("%Y"): glibc writes year 1 as "1", which parse_date cannot read back
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}" if value else ""


def parse_date(text: str) -> date:
    """``dd/mm/yyyy`` or ISO ``yyyy-mm-dd``; raises ValueError with a French message."""
    t = (text or "").strip()
    for pattern in (r"(\d{1,2})/(\d{1,2})/(\d{4})", r"(\d{1,2})\.(\d{1,2})\.(\d{4})"):
        m = re.fullmatch(pattern, t)
        if m:
            day, month, year = (int(g) for g in m.groups())
            return _checked_date(t, year, month, day)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t)
    if m:
        year, month, day = (int(g) for g in m.groups())
        return _checked_date(t, year, month, day)
    raise ValueError(_("La date « {text} » n'est pas comprise : écrivez-la jj/mm/aaaa (par exemple 14/12/2009).")
                     .format(text=text))


def _checked_date(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(_("La date « {text} » n'existe pas dans le calendrier.").format(text=text)) from None


def format_amount(cents: int | None) -> str:
    """``123450`` → ``1 234,50 €`` (narrow no-break space as thousands separator)."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    grouped = f"{euros:,}".replace(",", "\u202f")
    return f"{sign}{grouped},{rest:02d}\u00a0€"


def parse_amount(text: str) -> int:
    """``1 234,50 €``, ``1234.5``, ``1.234,50`` → cents; raises ValueError with a French message."""
    t = re.sub(r"[\s\u00a0\u202f€]", "", text or "").replace("EUR", "")
    if not t:
        raise ValueError(_("Le montant est vide."))
    if "," in t and "." in t:
        t = t.replace(".", "").replace(",", ".") if t.rfind(",") > t.rfind(".") else t.replace(",", "")
    else:
        t = t.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d{1,2})?", t):
        raise ValueError(_("Le montant « {text} » n'est pas compris : écrivez par exemple 1 234,50 €.").format(
            text=text))
    whole, _sep, frac = t.partition(".")
    if len(whole.lstrip("-")) > 15:  # int() refuses past 4 300 digits, in English: answer before
        raise ValueError(_("Le montant « {text} » est trop grand.").format(text=text))
    cents = abs(int(whole)) * 100 + int((frac + "00")[:2])
    return -cents if t.startswith("-") else cents
