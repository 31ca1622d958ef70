"""Exports of a tailored resume: each format holds the chosen bullets in their order."""

from __future__ import annotations

import io
import json
from datetime import date

import jsonschema
import pytest
from docx import Document
from pypdf import PdfReader
from sqlmodel import Session

from services import bullets, experiences, profiles, tailoring
from services.access import Actor
from services.errors import NotFound
from services.export import (
    OTHER_HIGHLIGHTS,
    ResumeDocument,
    ResumeSection,
    file_stem,
    to_docx,
    to_json_resume,
    to_json_resume_text,
    to_latin1,
    to_markdown,
    to_pdf,
    unicode_font,
)

NEWER = [
    "Cut the nightly build from 40 to 12 minutes by caching dependencies",
    "Moved 40 services onto Kubernetes, cutting hosting cost by 30%",
]
OLDER = ["Wrote 200 SQL reports for the finance team, used by 30 analysts"]
LOOSE = "Organised the office summer party for 120 people"

# The JSON Resume schema's shape for what Achiev writes (v1.2.1: basics, work, projects).
ISO8601 = r"^([1-2][0-9]{3}-[0-1][0-9]-[0-3][0-9]|[1-2][0-9]{3}-[0-1][0-9]|[1-2][0-9]{3})$"
JSON_RESUME_SHAPE = {
    "type": "object",
    "properties": {
        "$schema": {"type": "string"},
        "basics": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "label": {"type": "string"},
                "email": {"type": "string"},
                "summary": {"type": "string"},
                "location": {
                    "type": "object",
                    "properties": {
                        "address": {"type": "string"},
                        "city": {"type": "string"},
                        "region": {"type": "string"},
                    },
                    "additionalProperties": False,
                },
            },
            "additionalProperties": False,
        },
        "work": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "position": {"type": "string"},
                    "location": {"type": "string"},
                    "startDate": {"type": "string", "pattern": ISO8601},
                    "endDate": {"type": "string", "pattern": ISO8601},
                    "highlights": {"type": "array", "items": {"type": "string"}},
                },
                "additionalProperties": False,
            },
        },
        "projects": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "highlights": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
        "meta": {"type": "object"},
    },
    "additionalProperties": False,
}


@pytest.fixture
def resume(session: Session, alice: Actor) -> str:
    """A resume whose chosen order mixes experiences: newer, loose, older, newer."""
    profiles.update_profile(
        session,
        alice,
        first_name="Zoë",
        last_name="Łukasiewicz",
        headline="Platform engineer · builds and delivery",
        location="Zürich, CH",
    )
    newer = experiences.create_experience(
        session,
        alice,
        company_name="Analytical Engines",
        job_title="Build Engineer",
        start_date=date(2021, 3, 1),
        is_current=True,
        location="Remote",
    )
    older = experiences.create_experience(
        session,
        alice,
        company_name="Initech",
        job_title="Analyst",
        start_date=date(2017, 6, 1),
        end_date=date(2021, 2, 1),
    )
    made = {}
    for text in NEWER:
        made[text] = bullets.create_bullet(session, alice, experience_id=newer.id, content=text)
    for text in OLDER:
        made[text] = bullets.create_bullet(session, alice, experience_id=older.id, content=text)
    made[LOOSE] = bullets.create_bullet(session, alice, content=LOOSE, is_custom=True)
    order = [NEWER[1], LOOSE, OLDER[0], NEWER[0]]
    row = tailoring.tailor_resume(
        session,
        alice,
        bullet_ids=[made[t].id for t in order],
        name="Platform Engineer at Difference Engines",
        summary="Makes builds fast and deployments boring.",
    )
    return row.id


def in_order(text: str, items: list[str]) -> bool:
    """Whether every item occurs in `text`, in this order."""
    at = 0
    for item in items:
        found = text.find(item, at)
        if found < 0:
            return False
        at = found + len(item)
    return True


def flat(text: str) -> str:
    return " ".join(text.split())


# experiences in the order of their first bullet; loose bullets last
PRINTED = [NEWER[1], NEWER[0], OLDER[0], LOOSE]


def test_the_document_groups_bullets_under_their_experience(
    session: Session, alice: Actor, resume: str
) -> None:
    doc = tailoring.load_resume_document(session, alice, resume)
    assert doc.name == "Zoë Łukasiewicz" and doc.email.startswith("alice-")
    assert doc.headline.startswith("Platform engineer") and doc.location == "Zürich, CH"
    assert [s.heading for s in doc.sections] == [
        "Build Engineer, Analytical Engines",
        "Analyst, Initech",
        OTHER_HIGHLIGHTS,
    ]
    assert doc.bullets == PRINTED
    assert doc.sections[0].dates == "Mar 2021 – Present"
    assert doc.sections[1].dates == "Jun 2017 – Feb 2021"
    assert file_stem(doc) == "platform-engineer-at-difference-engines"


def test_a_stranger_cannot_load_it(session: Session, bob: Actor, resume: str) -> None:
    with pytest.raises(NotFound):
        tailoring.load_resume_document(session, bob, resume)


def test_markdown(session: Session, alice: Actor, resume: str) -> None:
    text = to_markdown(tailoring.load_resume_document(session, alice, resume))
    assert text.startswith("# Zoë Łukasiewicz\n")
    assert "## Summary" in text and "Makes builds fast and deployments boring." in text
    assert in_order(text, ["## Experience", "### Build Engineer, Analytical Engines"])
    assert in_order(text, [f"- {b}" for b in PRINTED])
    assert "*Mar 2021 – Present · Remote*" in text


def test_markdown_shows_user_text_literally() -> None:
    doc = ResumeDocument(
        resume_name="x",
        name="A *bold* name",
        sections=[ResumeSection("Dev", "Co", ["Used C# and [links](http://x)", "# not a heading"])],
    )
    text = to_markdown(doc)
    assert "# A \\*bold\\* name" in text
    assert "- Used C# and \\[links\\](http://x)" in text
    assert "- \\# not a heading" in text


def test_docx(session: Session, alice: Actor, resume: str) -> None:
    data = to_docx(tailoring.load_resume_document(session, alice, resume))
    word = Document(io.BytesIO(data))
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[0] == "Zoë Łukasiewicz"
    listed = [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    assert listed == PRINTED
    assert "Build Engineer, Analytical Engines" in paragraphs
    assert "Mar 2021 – Present · Remote" in paragraphs
    assert word.core_properties.title == "Platform Engineer at Difference Engines"


def test_pdf_on_one_page_with_unicode(session: Session, alice: Actor, resume: str) -> None:
    data = to_pdf(tailoring.load_resume_document(session, alice, resume))
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = flat(reader.pages[0].extract_text())
    assert in_order(text, PRINTED)
    assert in_order(text, ["SUMMARY", "EXPERIENCE", "Build Engineer, Analytical Engines"])
    if unicode_font() is not None:
        assert "Zoë Łukasiewicz" in text and "Mar 2021 – Present" in text


def test_pdf_without_a_unicode_font_transliterates() -> None:
    doc = ResumeDocument(
        resume_name="r",
        name="Zoë Łukasiewicz",
        sections=[ResumeSection("Dev", "Co", ["Shipped it — twice, for 3 “teams” 中"])],
    )
    text = flat(PdfReader(io.BytesIO(to_pdf(doc, font=None))).pages[0].extract_text())
    assert "Zoë Lukasiewicz" in text
    assert 'Shipped it - twice, for 3 "teams" ?' in text
    assert to_latin1("Crème brûlée — ok…") == "Crème brûlée - ok..."


def test_a_long_resume_shrinks_to_one_page_or_flows_on() -> None:
    many = [
        f"Delivered project number {i} on time with a team of {i + 2} people" for i in range(30)
    ]
    doc = ResumeDocument(resume_name="r", name="N", sections=[ResumeSection("Dev", "Co", many)])
    reader = PdfReader(io.BytesIO(to_pdf(doc)))
    text = flat(" ".join(p.extract_text() for p in reader.pages))
    assert in_order(text, many)
    huge = ResumeDocument(
        resume_name="r", name="N", sections=[ResumeSection("Dev", "Co", many * 3)]
    )
    assert len(PdfReader(io.BytesIO(to_pdf(huge))).pages) > 1  # nothing is dropped


def test_json_resume(session: Session, alice: Actor, resume: str) -> None:
    doc = tailoring.load_resume_document(session, alice, resume)
    data = to_json_resume(doc)
    jsonschema.validate(data, JSON_RESUME_SHAPE)
    assert data["basics"]["name"] == "Zoë Łukasiewicz"
    assert data["basics"]["label"].startswith("Platform engineer")
    assert data["basics"]["summary"] == "Makes builds fast and deployments boring."
    assert data["basics"]["location"]["city"] == "Zürich"
    first, second = data["work"]
    assert (first["name"], first["position"], first["startDate"]) == (
        "Analytical Engines",
        "Build Engineer",
        "2021-03",
    )
    assert "endDate" not in first
    assert (second["startDate"], second["endDate"]) == ("2017-06", "2021-02")
    highlights = [h for w in data["work"] for h in w["highlights"]]
    assert highlights == PRINTED[:3]
    assert data["projects"] == [{"name": OTHER_HIGHLIGHTS, "highlights": [LOOSE]}]
    text = to_json_resume_text(doc)
    assert json.loads(text) == data and "Zoë" in text
