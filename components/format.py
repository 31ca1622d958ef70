"""Words for the screen: escaped user text, months, periods, counts."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from services.career import ExperienceNode

# Every character Markdown or Streamlit's Markdown directives give a meaning to.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|$~:=^&\"'])")

MONTHS = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
]  # fmt: skip


def escaped(text: object) -> str:
    """User text made safe to put inside Markdown, line breaks kept: it shows as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def md(text: object) -> str:
    """User text made safe to put inside Markdown on one line: it shows as typed."""
    return escaped(" ".join(str(text).split()))


def month_label(when: date | None) -> str:
    """Mar 2021."""
    return f"{MONTHS[when.month - 1]} {when.year}" if when else ""


def period(start: date | None, end: date | None, current: bool | None) -> str:
    """Mar 2021 – now, or Jun 2018 – Feb 2021."""
    if start is None and end is None:
        return "Now" if current else "Dates not set"
    first = month_label(start) if start else "?"
    last = "now" if current else (month_label(end) if end else "?")
    return f"{first} – {last}"


def experience_label(node: ExperienceNode) -> str:
    """Staff Engineer · Acme (plain text: escape it with `md` inside Markdown)."""
    e = node.experience
    return f"{e.job_title} · {e.company_name}"


def count(n: int, word: str, plural: str | None = None) -> str:
    """1 achievement, 3 achievements."""
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def shorten(text: str | None, limit: int = 80) -> str:
    """The text on one line, cut to `limit` characters with an ellipsis."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def ago(when: datetime, now: datetime) -> str:
    """How long ago, in words: just now, 5 minutes ago, 3 days ago, on 4 Mar 2025."""
    seconds = max(0, (now - when).total_seconds())
    if seconds < 60:
        return "just now"
    for size, unit in ((86_400, "day"), (3_600, "hour"), (60, "minute")):
        if seconds >= size:
            n = int(seconds // size)
            if unit == "day" and n > 30:
                return f"on {when.day} {month_label(when)}"
            return f"{count(n, unit)} ago"
    return "just now"
