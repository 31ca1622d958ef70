"""Reading a pasted job description: the title, company, key skills (aliases unified) and
requirements fill the form for review before saving; each fault of the model server shows a
sentence and a retry, keeps what was typed and pasted, and saves nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from services import jobs
from services.access import Actor
from tests.app.ai_support import FAULTS, fake_openai, openai_app, point_at, refused_app
from tests.fakes.openai_server import FakeOpenAIServer

__all__ = ["fake_openai", "openai_app", "refused_app"]

POSTING = """Platform Engineer at Lumen Bank

We are hiring a Platform Engineer to run our payment infrastructure.

Requirements:
- 3+ years of experience with k8s and Terraform
- Strong Python and Go skills
- Experience with PostgreSQL in production

Benefits:
- Remote friendly"""
REQUIREMENTS = [
    "3+ years of experience with k8s and Terraform",
    "Strong Python and Go skills",
    "Experience with PostgreSQL in production",
]


def _paste(at: AppTest, text: str = POSTING, key: str = "job.new") -> None:
    at.text_area(key=f"{key}.description").set_value(text)
    at.button(key=f"{key}.read").click().run()


def test_reading_fills_the_form_for_review_and_saving_stores_it(
    run_page, session: Session, alice: Actor
) -> None:
    at = run_page("jobs", alice)
    assert any("AI: Offline" in c.value for c in at.sidebar.caption)
    _paste(at)
    assert not at.exception and not at.error
    assert at.text_input(key="job.new.title").value == "Platform Engineer"
    assert at.text_input(key="job.new.company").value == "Lumen Bank"
    skills = at.multiselect(key="job.new.key_skills").value
    assert "Kubernetes" in skills and "k8s" not in skills
    assert {"Terraform", "PostgreSQL", "Python", "Go"} <= set(skills)
    assert at.text_area(key="job.new.requirements").value.splitlines() == REQUIREMENTS
    [note] = at.info
    assert "filled the title, company and requirements" in note.value
    assert jobs.list_jobs(session, alice) == []  # nothing saved before the person saves

    # The person reviews: drops a skill, adds one by its alias, edits a requirement.
    at.multiselect(key="job.new.key_skills").unselect("Go").select("postgres")
    at.text_area(key="job.new.requirements").set_value(
        "\n".join([*REQUIREMENTS[:2], "", "Experience running PostgreSQL"])
    )
    at.button(key="job.new.save").click().run()
    assert not at.exception and not at.error
    assert [t.value for t in at.toast] == ["Job description saved."]
    [saved] = jobs.list_jobs(session, alice)
    assert (saved.title, saved.company, saved.description) == (
        "Platform Engineer",
        "Lumen Bank",
        POSTING,
    )
    stored = saved.key_skills.split(", ")
    assert "Kubernetes" in stored and "Go" not in stored
    assert stored.count("PostgreSQL") == 1 and "postgres" not in stored
    assert saved.requirements.splitlines() == [*REQUIREMENTS[:2], "Experience running PostgreSQL"]
    # The card shows the requirements read from the posting.
    assert any("Experience running PostgreSQL" in m.value for m in at.markdown)


def test_reading_keeps_what_the_person_typed_and_adds_skills(
    run_page, session: Session, alice: Actor
) -> None:
    at = run_page("jobs", alice)
    at.text_input(key="job.new.title").set_value("Senior Platform Engineer")
    at.multiselect(key="job.new.key_skills").set_value(["k8s", "Rust"])
    _paste(at)
    assert at.text_input(key="job.new.title").value == "Senior Platform Engineer"
    assert at.text_input(key="job.new.company").value == "Lumen Bank"
    skills = at.multiselect(key="job.new.key_skills").value
    assert skills[:2] == ["Kubernetes", "Rust"] and skills.count("Kubernetes") == 1
    assert "Terraform" in skills


def test_reading_nothing_asks_for_the_posting(run_page, session: Session, alice: Actor) -> None:
    at = run_page("jobs", alice)
    at.text_input(key="job.new.title").set_value("Engineer")
    _paste(at, "   ")
    assert not at.exception
    assert [e.value for e in at.error] == ["Paste the job description first."]
    assert at.text_input(key="job.new.title").value == "Engineer"
    assert jobs.list_jobs(session, alice) == []


def test_an_existing_job_is_read_again(run_page, session: Session, alice: Actor) -> None:
    job = jobs.create_job(session, alice, title="Platform Engineer", description=POSTING)
    at = run_page("jobs", alice)
    at.button(key=f"job.read.{job.id}").click().run()
    assert not at.exception and not at.error
    assert at.text_input(key=f"job.{job.id}.title").value == "Platform Engineer"
    assert at.text_input(key=f"job.{job.id}.company").value == "Lumen Bank"
    assert at.text_area(key=f"job.{job.id}.requirements").value.splitlines() == REQUIREMENTS
    at.button(key=f"job.{job.id}.save").click().run()
    assert [t.value for t in at.toast] == ["Job description updated."]
    session.expire_all()
    saved = jobs.get_job(session, alice, job.id)
    assert saved.company == "Lumen Bank" and "Kubernetes" in saved.key_skills
    assert saved.requirements.splitlines() == REQUIREMENTS


# -- with a model -----------------------------------------------------------------------------

ANSWER = {
    "json": {
        "title": "Platform Engineer (Payments)",
        "company": "Lumen Bank",
        "key_skills": ["k8s", "golang", "Terraform"],
        "requirements": ["- Kubernetes in production", "Go or Python"],
    }
}


def test_a_good_structured_reply_fills_the_form(
    run_page, session: Session, alice: Actor, openai_app: FakeOpenAIServer
) -> None:
    openai_app.enqueue(ANSWER)
    at = run_page("jobs", alice)
    assert any("AI: OpenAI-compatible" in c.value.replace("\\", "") for c in at.caption)
    _paste(at)
    assert not at.exception and not at.error
    body = openai_app.requests[-1]["body"]
    assert body["response_format"]["type"] == "json_schema"
    assert "k8s and Terraform" in body["messages"][-1]["content"]
    assert at.text_input(key="job.new.title").value == "Platform Engineer"
    skills = at.multiselect(key="job.new.key_skills").value
    assert skills[:3] == ["Kubernetes", "Go", "Terraform"] and "k8s" not in skills
    assert at.text_area(key="job.new.requirements").value.splitlines() == [
        "Kubernetes in production",
        "Go or Python",
    ]
    at.button(key="job.new.save").click().run()
    [saved] = jobs.list_jobs(session, alice)
    assert saved.key_skills.startswith("Kubernetes, Go, Terraform")


def _assert_kept(at: AppTest, session: Session, alice: Actor) -> None:
    assert at.text_area(key="job.new.description").value == POSTING
    assert at.text_input(key="job.new.title").value == "My own title"
    assert at.text_input(key="job.new.company").value == ""
    assert at.text_area(key="job.new.requirements").value == ""
    assert jobs.list_jobs(session, alice) == []


@pytest.mark.parametrize(("reply", "words"), [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS])
def test_each_fault_gives_a_sentence_and_a_retry_and_keeps_the_form(
    run_page,
    session: Session,
    alice: Actor,
    openai_app: FakeOpenAIServer,
    reply: dict[str, Any],
    words: str,
) -> None:
    at = run_page("jobs", alice)
    at.text_input(key="job.new.title").set_value("My own title")
    openai_app.enqueue(reply)
    _paste(at)
    assert not at.exception
    [error] = at.error
    assert words in error.value and "try" in error.value.lower()
    _assert_kept(at, session, alice)

    openai_app.enqueue(ANSWER)
    at.button(key="job.new.read_again").click().run()
    assert not at.exception and not at.error
    assert at.text_input(key="job.new.title").value == "My own title"
    assert at.text_input(key="job.new.company").value == "Lumen Bank"
    assert "Kubernetes" in at.multiselect(key="job.new.key_skills").value
    at.button(key="job.new.save").click().run()
    [saved] = jobs.list_jobs(session, alice)
    assert saved.title == "My own title" and saved.requirements


def test_a_refused_connection_keeps_the_form_and_a_retry_works_once_it_is_up(
    run_page,
    session: Session,
    alice: Actor,
    refused_app: FakeOpenAIServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = run_page("jobs", alice)
    at.text_input(key="job.new.title").set_value("My own title")
    _paste(at)
    [error] = at.error
    assert "could not reach the AI service at 127.0.0.1" in error.value
    _assert_kept(at, session, alice)
    point_at(monkeypatch, refused_app.base_url)
    refused_app.enqueue(ANSWER)
    at.button(key="job.new.read_again").click().run()
    assert not at.error
    assert at.text_input(key="job.new.company").value == "Lumen Bank"
