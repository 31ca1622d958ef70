"""The import page: a JSON Resume file, a preview, then one import; a bad file explained."""

from __future__ import annotations

import json

from sqlmodel import Session

from services import achievements, experiences, profiles
from services.access import Actor

RESUME = {
    "basics": {"name": "Ada Lovelace", "label": "Analyst of engines"},
    "work": [
        {
            "name": "Analytical Engines",
            "position": "Programmer",
            "startDate": "1842-10",
            "highlights": ["Wrote the first algorithm for a machine", "Described loops"],
        }
    ],
    "education": [{"institution": "Home"}],
}


def upload(at, content: bytes, name: str = "resume.json"):
    at.file_uploader[0].set_value((name, content, "application/json"))
    return at.run()


def test_preview_then_import(run_page, session: Session, alice: Actor) -> None:
    at = run_page("resume_import", alice)
    assert not at.exception
    at = upload(at, json.dumps(RESUME).encode())
    assert not at.exception and not at.error
    texts = " ".join(m.value for m in at.markdown)
    assert "First name: Ada" in texts and "Headline: Analyst of engines" in texts
    table = at.dataframe[0].value
    assert table.to_dict("records") == [
        {"Job title": "Programmer", "Company": "Analytical Engines", "Dates": "Oct 1842 – now",
         "Achievements": 2, "Import": "New"},
    ]  # fmt: skip
    assert any("education" in c.value for c in at.caption)
    assert experiences.list_experiences(session, alice) == []  # the preview writes nothing

    at.button(key="import.go").click().run()
    assert not at.exception
    assert "Imported: 1 experience, 2 achievements, your profile filled in." in [
        t.value for t in at.toast
    ]
    [exp] = experiences.list_experiences(session, alice)
    assert exp.company_name == "Analytical Engines" and exp.is_current
    assert len(achievements.list_achievements(session, alice)) == 2
    assert profiles.get_profile(session, alice).headline == "Analyst of engines"
    assert at.file_uploader[0].value is None  # ready for another file

    at = upload(at, json.dumps(RESUME).encode())
    assert [i.value for i in at.info] == [
        "Everything in this file is already in your record: importing it adds nothing."
    ]
    assert not [b for b in at.button if b.key == "import.go"]


def test_a_bad_file_is_a_sentence(run_page, session: Session, alice: Actor) -> None:
    at = run_page("resume_import", alice)
    at = upload(at, b"{this is not json")
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert error.startswith("That file is not valid JSON (line 1, column 2")
    at = upload(at, json.dumps({"work": [{"name": "Co"}]}).encode())
    assert [e.value for e in at.error] == [
        'Work entry 1 ("Co") has no job title ("position"). Add it and try again.'
    ]
    assert experiences.list_experiences(session, alice) == []
