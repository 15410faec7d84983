"""Fitting text into a width, cheaply: table cells stay plain strings (fast) yet never overflow their column."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

ELLIPSIS = "…"


def ellipsize(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis so that it fits ``width`` points."""
    if stringWidth(text, font, size) <= width:
        return text
    return _cut_with_ellipsis(text, font, size, width)


def _cut_with_ellipsis(text: str, font: str, size: float, width: float) -> str:
    room = width - stringWidth(ELLIPSIS, font, size)
    low, high = 0, len(text)
    while low < high:  # longest prefix that fits
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle], font, size) <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip(" -—,/") + ELLIPSIS


def _cut_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word longer than the column (a serial number, a long inventory number): cut after a separator when
    possible, else where it must."""
    pieces = []
    while stringWidth(word, font, size) > width:
        low, high = 1, len(word)
        while low < high:
            middle = (low + high + 1) // 2
            if stringWidth(word[:middle], font, size) <= width:
                low = middle
            else:
                high = middle - 1
        cut = low
        for separator in "-/_.":
            at = word.rfind(separator, 0, low)
            if at >= low // 2:
                cut = at + 1
                break
        pieces.append(word[:cut])
        word = word[cut:]
    pieces.append(word)
    return pieces


def wrap(text: str, font: str, size: float, width: float, max_lines: int = 2) -> str:
    """``text`` broken into at most ``max_lines`` lines (joined by newlines) of ``width`` points at most."""
    if not text:
        return ""
    if "\n" not in text and stringWidth(text, font, size) <= width:
        return text
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if stringWidth(candidate, font, size) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            *full, current = _cut_word(word, font, size, width)
            lines.extend(full)
        lines.append(current)
    if len(lines) > max_lines:
        kept = lines[:max_lines]
        kept[-1] = _cut_with_ellipsis(kept[-1] + " " + lines[max_lines], font, size, width)
        lines = kept
    return "\n".join(lines)
