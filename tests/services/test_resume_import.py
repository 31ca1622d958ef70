"""Importing a JSON Resume file: a preview first, then one transaction; bad files explained."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlmodel import Session

from services import achievements, experiences, profiles
from services.access import Actor
from services.resume_import import ImportFailed, import_json_resume, plan_import

RESUME = {
    "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
    "basics": {
        "name": "Ada King Lovelace",
        "label": "Analyst of engines",
        "email": "ignored@example.com",
        "summary": "Writes the first programs.",
        "location": {"city": "London", "countryCode": "UK"},
    },
    "work": [
        {
            "name": "Analytical Engines",
            "position": "Programmer",
            "location": "London",
            "startDate": "1842-10",
            "summary": "Notes on the engine.",
            "highlights": ["Wrote the first algorithm for a machine", "Described loops"],
        },
        {
            "name": "Difference Engines",
            "position": "Translator",
            "startDate": "1840",
            "endDate": "1842-09-30",
            "highlights": [],
        },
    ],
    "education": [{"institution": "Home"}],
    "skills": [],
}


def data(resume: dict = RESUME) -> bytes:
    return json.dumps(resume).encode()


def test_the_preview_says_what_will_change_and_writes_nothing(
    session: Session, alice: Actor
) -> None:
    profiles.update_profile(session, alice, first_name="Ada")
    plan = plan_import(session, alice, data())
    assert plan.profile_fills == {
        "last_name": "King Lovelace",
        "headline": "Analyst of engines",
        "summary": "Writes the first programs.",
        "location": "London, UK",
    }
    assert plan.profile_kept == ["First name"]
    assert [(e.company, e.title) for e in plan.new_experiences] == [
        ("Analytical Engines", "Programmer"),
        ("Difference Engines", "Translator"),
    ]
    first = plan.experiences[0]
    assert first.values["start_date"] == datetime(1842, 10, 1) and first.values["is_current"]
    assert plan.experiences[1].values["end_date"] == datetime(1842, 9, 30)
    assert plan.achievement_count == 2 and plan.ignored_sections == ["education"]
    assert experiences.list_experiences(session, alice) == []


def test_importing_creates_the_rows_once(session: Session, alice: Actor) -> None:
    import_json_resume(session, alice, data())
    profile = profiles.get_profile(session, alice)
    assert (profile.first_name, profile.last_name, profile.headline) == (
        "Ada",
        "King Lovelace",
        "Analyst of engines",
    )
    rows = experiences.list_experiences(session, alice)
    assert [(e.company_name, e.is_current) for e in rows] == [
        ("Analytical Engines", True),
        ("Difference Engines", False),
    ]
    assert rows[0].description == "Notes on the engine." and rows[0].location == "London"
    listed = achievements.list_achievements(session, alice, experience_id=rows[0].id)
    assert [a.description for a in listed] == [
        "Wrote the first algorithm for a machine",
        "Described loops",
    ]
    again = import_json_resume(session, alice, data())
    assert not again.changes_anything and len(again.skipped) == 2
    assert len(experiences.list_experiences(session, alice)) == 2


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        (b"\xff\xfe not text", "not UTF-8 text"),
        (b"{not json", "not valid JSON (line 1, column 2"),
        (b"[1, 2]", 'no "basics" or "work" section'),
        (data({"work": {"name": "x"}}), '"work" section should be a list'),
        (data({"work": [{"position": "Dev"}]}), 'Work entry 1 has no company name ("name")'),
        (data({"work": [{"name": "Co"}]}), 'Work entry 1 ("Co") has no job title'),
        (
            data({"work": [{"name": "Co", "position": "Dev", "startDate": "March 2020"}]}),
            '"March 2020", which is not a date',
        ),
        (
            data({"work": [{"name": "Co", "position": "Dev", "startDate": "2020-02-30"}]}),
            "not a date Achiev can read",
        ),
        (
            data(
                {
                    "work": [
                        {"name": "Co", "position": "Dev", "startDate": "2021", "endDate": "2020"}
                    ]
                }
            ),
            "End date cannot be before the start date",
        ),
        (data({"work": [{"name": "C" * 300, "position": "Dev"}]}), "at most 255 characters"),
        (
            data({"work": [{"name": "Co", "position": "Dev", "highlights": "one"}]}),
            '"highlights" should be a list',
        ),
        (data({"basics": "me"}), '"basics" section should be an object'),
        (data({"basics": {"name": ["A"]}}), "The name should be text"),
        (b"{" + b" " * 2_000_001 + b"}", "Choose a file under 2 MB"),
    ],
)
def test_a_bad_file_gets_a_sentence_and_writes_nothing(
    session: Session, alice: Actor, content: bytes, sentence: str
) -> None:
    with pytest.raises(ImportFailed) as failed:
        import_json_resume(session, alice, content)
    assert sentence in str(failed.value)
    assert str(failed.value).endswith(".")
    assert experiences.list_experiences(session, alice) == []


def test_a_failure_part_way_writes_nothing(session: Session, alice: Actor) -> None:
    bad = dict(RESUME, work=[*RESUME["work"], {"name": "Co", "position": "P" * 300}])
    with pytest.raises(ImportFailed, match="Work entry 3"):
        import_json_resume(session, alice, data(bad))
    assert experiences.list_experiences(session, alice) == []
    assert profiles.get_profile(session, alice).headline is None
