"""A tailored resume as files: Markdown, Word (DOCX), PDF and JSON Resume.

Every function here is pure: it takes a `ResumeDocument` (built by
`services.tailoring.load_resume_document`) and returns text or bytes, touching no database.

The layout is the same in every format: the person's name, headline, location and email; the
summary; then the experiences, each with its title, company, dates and the chosen bullets in
their order. Experiences come in the order their first bullet appears in the resume, so the
order the person chose is the order printed. Bullets tied to no experience come last, under
"Other highlights".

The PDF uses DejaVu Sans (Debian's fonts-dejavu-core) or Liberation Sans when installed, so any
Latin, Greek or Cyrillic text prints as typed. Without either, it falls back to the PDF core
font Helvetica, and characters outside Latin-1 are transliterated (é stays é, "—" becomes "-",
"ł" becomes "l") or, failing that, replaced by "?".
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

OTHER_HIGHLIGHTS = "Other highlights"
JSON_RESUME_SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
JSON_RESUME_VERSION = "v1.2.1"
MONTHS = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
]  # fmt: skip


@dataclass
class ResumeSection:
    """One experience on the resume, with the chosen bullets in their order (no experience:
    `title` and `company` empty, shown as "Other highlights")."""

    title: str
    company: str
    bullets: list[str]
    start: date | None = None
    end: date | None = None
    is_current: bool = False
    location: str | None = None

    @property
    def is_other(self) -> bool:
        return not self.title and not self.company

    @property
    def heading(self) -> str:
        if self.is_other:
            return OTHER_HIGHLIGHTS
        if self.title and self.company:
            return f"{self.title}, {self.company}"
        return self.title or self.company

    @property
    def dates(self) -> str:
        """Mar 2021 – Present, Jun 2018 – Feb 2021, or ""."""
        if self.start is None and self.end is None:
            return "Present" if self.is_current else ""
        first = _month(self.start) if self.start else ""
        last = "Present" if self.is_current else (_month(self.end) if self.end else "")
        if first and last:
            return f"{first} – {last}"
        return first or last


@dataclass
class ResumeDocument:
    """Everything a tailored resume prints."""

    resume_name: str
    name: str
    headline: str | None = None
    location: str | None = None
    email: str | None = None
    summary: str | None = None
    sections: list[ResumeSection] = field(default_factory=list)

    @property
    def bullets(self) -> list[str]:
        """Every bullet, in print order."""
        return [b for s in self.sections for b in s.bullets]

    @property
    def contact(self) -> str:
        return " · ".join(p for p in (self.location, self.email) if p)


def _month(when: date | None) -> str:
    return f"{MONTHS[when.month - 1]} {when.year}" if when else ""


def _iso_month(when: date | datetime | None) -> str | None:
    return f"{when.year:04d}-{when.month:02d}" if when else None


def file_stem(doc: ResumeDocument) -> str:
    """A safe file name (without extension) from the resume's name."""
    text = unicodedata.normalize("NFKD", doc.resume_name or "resume")
    text = text.encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text[:80] or "resume"


# --- Markdown --------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-]|\d+\.)(?=\s)")


def _md(text: str | None) -> str:
    """Text as typed, on one line, so Markdown shows it literally."""
    text = " ".join((text or "").split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def to_markdown(doc: ResumeDocument) -> str:
    """The resume as Markdown text."""
    lines: list[str] = []
    if doc.name:
        lines += [f"# {_md(doc.name)}", ""]
    if doc.headline:
        lines += [f"**{_md(doc.headline)}**", ""]
    if doc.contact:
        lines += [_md(doc.contact), ""]
    if doc.summary:
        lines += ["## Summary", "", _md(doc.summary), ""]
    work = [s for s in doc.sections if not s.is_other]
    if work:
        lines += ["## Experience", ""]
        for section in work:
            lines.append(f"### {_md(section.heading)}")
            details = " · ".join(p for p in (section.dates, section.location) if p)
            if details:
                lines += ["", f"*{_md(details)}*"]
            lines.append("")
            lines += [f"- {_md(b)}" for b in section.bullets]
            lines.append("")
    for section in doc.sections:
        if section.is_other:
            lines += [f"## {OTHER_HIGHLIGHTS}", ""]
            lines += [f"- {_md(b)}" for b in section.bullets]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --- DOCX ------------------------------------------------------------------------------------

_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str | None) -> str:
    """Text Word can store (no control characters)."""
    return _XML_INVALID.sub("", " ".join((text or "").split()))


def to_docx(doc: ResumeDocument) -> bytes:
    """The resume as a Word document."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    word = Document()
    word.core_properties.title = _xml_text(doc.resume_name)
    word.core_properties.author = _xml_text(doc.name)
    style = word.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    for section in word.sections:
        section.top_margin = section.bottom_margin = Pt(48)
        section.left_margin = section.right_margin = Pt(56)

    if doc.name:
        title = word.add_heading(_xml_text(doc.name), level=0)
        title.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if doc.headline:
        run = word.add_paragraph().add_run(_xml_text(doc.headline))
        run.bold = True
        run.font.size = Pt(12)
    if doc.contact:
        run = word.add_paragraph().add_run(_xml_text(doc.contact))
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    if doc.summary:
        word.add_heading("Summary", level=1)
        word.add_paragraph(_xml_text(doc.summary))
    work = [s for s in doc.sections if not s.is_other]
    if work:
        word.add_heading("Experience", level=1)
    for section in work + [s for s in doc.sections if s.is_other]:
        if section.is_other:
            word.add_heading(OTHER_HIGHLIGHTS, level=1)
        else:
            heading = word.add_paragraph()
            heading.paragraph_format.space_before = Pt(8)
            heading.paragraph_format.space_after = Pt(0)
            if section.title:
                heading.add_run(_xml_text(section.title)).bold = True
                if section.company:
                    heading.add_run(f", {_xml_text(section.company)}")
            else:
                heading.add_run(_xml_text(section.company)).bold = True
            details = " · ".join(p for p in (section.dates, section.location) if p)
            if details:
                line = word.add_paragraph()
                line.paragraph_format.space_after = Pt(2)
                run = line.add_run(_xml_text(details))
                run.italic = True
                run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        for bullet in section.bullets:
            word.add_paragraph(_xml_text(bullet), style="List Bullet")

    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# --- PDF -------------------------------------------------------------------------------------

_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
)
_FONT_FILES = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf"),
)
_LIBERATION_DIRS = (Path("/usr/share/fonts/truetype/liberation"),)

# Characters outside Latin-1 with a plain equivalent, for the core-font fallback.
_PLAIN = str.maketrans(
    {
        "—": "-", "–": "-", "‒": "-", "−": "-", "‐": "-", "‑": "-",
        "‘": "'", "’": "'", "‚": ",", "“": '"', "”": '"', "„": '"',
        "•": "·", "…": "...", "€": "EUR", "™": "(TM)", "ł": "l", "Ł": "L", "ø": "o",
        "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "œ": "oe", "Œ": "OE", "ı": "i",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    }
)  # fmt: skip


def unicode_font() -> tuple[Path, Path, Path] | None:
    """Regular, bold and italic TTF files of a Unicode font installed here, if any."""
    for regular, bold, italic in _FONT_FILES:
        dirs = _FONT_DIRS + _LIBERATION_DIRS
        for folder in dirs:
            paths = (folder / regular, folder / bold, folder / italic)
            if all(p.is_file() for p in paths):
                return paths
    return None


def to_latin1(text: str) -> str:
    """Text the PDF core fonts can print: Latin-1 kept, the rest transliterated or "?"."""
    text = text.translate(_PLAIN)
    out = []
    for ch in text:
        if ord(ch) < 256:
            out.append(ch)
            continue
        plain = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
        plain = "".join(c for c in plain if not unicodedata.combining(c))
        out.append(plain or "?")
    return "".join(out)


def to_pdf(doc: ResumeDocument, *, font: tuple[Path, Path, Path] | bool | None = True) -> bytes:
    """The resume as a PDF, on one A4 page when it fits (the type shrinks a little to fit).

    `font`: True finds an installed Unicode font; None or False uses the core font Helvetica
    with transliteration; or give the regular, bold and italic TTF paths.
    """
    fonts = unicode_font() if font is True else (font or None)
    data = b""
    for size in (10.5, 10.0, 9.5, 9.0):
        pdf = _render_pdf(doc, fonts, size)
        data = bytes(pdf.output())
        if pdf.page_no() <= 1:
            break
    return data


def _render_pdf(doc: ResumeDocument, fonts: tuple[Path, Path, Path] | None, size: float):
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.set_margins(48, 44, 48)
    pdf.set_auto_page_break(True, margin=44)
    pdf.set_title(doc.resume_name)
    pdf.set_author(doc.name or "")
    pdf.set_creator("Achiev")
    if fonts:
        regular, bold, italic = fonts
        pdf.add_font("Body", "", str(regular))
        pdf.add_font("Body", "B", str(bold))
        pdf.add_font("Body", "I", str(italic))
        family = "Body"

        def text(value: str | None) -> str:
            return " ".join((value or "").split())

        dot = "•"
    else:
        family = "Helvetica"

        def text(value: str | None) -> str:
            return to_latin1(" ".join((value or "").split()))

        dot = "·"
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    line = size * 1.35
    grey = (90, 90, 90)

    if doc.name:
        pdf.set_font(family, "B", size + 9)
        pdf.multi_cell(
            width, (size + 9) * 1.2, text(doc.name), new_x="LMARGIN", new_y="NEXT", align="L"
        )
    if doc.headline:
        pdf.set_font(family, "", size + 1.5)
        pdf.multi_cell(
            width, line + 2, text(doc.headline), new_x="LMARGIN", new_y="NEXT", align="L"
        )
    if doc.contact:
        pdf.set_font(family, "", size - 0.5)
        pdf.set_text_color(*grey)
        pdf.multi_cell(width, line, text(doc.contact), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_text_color(0, 0, 0)

    def heading(title: str) -> None:
        pdf.ln(size * 0.8)
        pdf.set_font(family, "B", size + 1.5)
        pdf.cell(width, line + 2, text(title).upper(), new_x="LMARGIN", new_y="NEXT")
        y = pdf.get_y()
        pdf.set_draw_color(180, 180, 180)
        pdf.line(pdf.l_margin, y, pdf.l_margin + width, y)
        pdf.ln(size * 0.4)

    if doc.summary:
        heading("Summary")
        pdf.set_font(family, "", size)
        pdf.multi_cell(width, line, text(doc.summary), new_x="LMARGIN", new_y="NEXT", align="L")

    work = [s for s in doc.sections if not s.is_other]
    if work:
        heading("Experience")
    indent = size * 1.4
    for section in work + [s for s in doc.sections if s.is_other]:
        if section.is_other:
            heading(OTHER_HIGHLIGHTS)
        else:
            pdf.ln(size * 0.6)
            dates = text(section.dates)
            pdf.set_font(family, "", size - 0.5)
            dates_width = pdf.get_string_width(dates) + 4 if dates else 0
            pdf.set_font(family, "B", size + 0.5)
            pdf.multi_cell(
                width - dates_width,
                line,
                text(section.heading),
                new_x="RIGHT" if dates else "LMARGIN",
                new_y="TOP" if dates else "NEXT",
                align="L",
            )
            if dates:
                top = pdf.get_y()
                pdf.set_font(family, "", size - 0.5)
                pdf.set_text_color(*grey)
                pdf.set_xy(pdf.l_margin + width - dates_width, top)
                pdf.cell(dates_width, line, dates, align="R", new_x="LMARGIN", new_y="NEXT")
                pdf.set_text_color(0, 0, 0)
            if section.location:
                pdf.set_font(family, "I", size - 0.5)
                pdf.set_text_color(*grey)
                pdf.multi_cell(
                    width, line, text(section.location), new_x="LMARGIN", new_y="NEXT", align="L"
                )
                pdf.set_text_color(0, 0, 0)
        pdf.set_font(family, "", size)
        for bullet in section.bullets:
            y = pdf.get_y()
            pdf.set_x(pdf.l_margin + size * 0.3)
            pdf.cell(indent - size * 0.3, line, dot)
            pdf.set_xy(pdf.l_margin + indent, y)
            pdf.multi_cell(
                width - indent, line, text(bullet), new_x="LMARGIN", new_y="NEXT", align="L"
            )
            pdf.ln(size * 0.15)
    return pdf


# --- JSON Resume -----------------------------------------------------------------------------


def _location(text: str | None) -> dict[str, str] | None:
    """ "London, UK" as a JSON Resume location: city, and the rest as the region."""
    if not text:
        return None
    city, _, rest = text.partition(",")
    out = {"address": text.strip(), "city": city.strip()}
    if rest.strip():
        out["region"] = rest.strip()
    return out


def to_json_resume(doc: ResumeDocument) -> dict:
    """The resume in the JSON Resume format (schema v1.2.1): basics, work with highlights."""
    basics: dict = {"name": doc.name or ""}
    if doc.headline:
        basics["label"] = doc.headline
    if doc.email:
        basics["email"] = doc.email
    if doc.summary:
        basics["summary"] = doc.summary
    location = _location(doc.location)
    if location:
        basics["location"] = location
    work = []
    projects = []
    for section in doc.sections:
        if section.is_other:
            projects.append({"name": OTHER_HIGHLIGHTS, "highlights": list(section.bullets)})
            continue
        item: dict = {"name": section.company, "position": section.title}
        if section.location:
            item["location"] = section.location
        if section.start:
            item["startDate"] = _iso_month(section.start)
        if section.end and not section.is_current:
            item["endDate"] = _iso_month(section.end)
        item["highlights"] = list(section.bullets)
        work.append(item)
    out: dict = {"$schema": JSON_RESUME_SCHEMA, "basics": basics, "work": work}
    if projects:
        out["projects"] = projects
    out["meta"] = {"version": JSON_RESUME_VERSION}
    return out


def to_json_resume_text(doc: ResumeDocument) -> str:
    """`to_json_resume` as indented UTF-8 JSON text."""
    return json.dumps(to_json_resume(doc), indent=2, ensure_ascii=False) + "\n"
