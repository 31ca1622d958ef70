"""The job descriptions page: paste, list, read, edit and delete postings."""

from __future__ import annotations

from sqlmodel import Session

from services import jobs
from services.access import Actor

POSTING = """Senior Backend Engineer

We need someone to build payment services in Python and Go.
Requirements: PostgreSQL, Kafka, Kubernetes."""


def test_pasting_a_job_description(run_page, session: Session, alice: Actor) -> None:
    at = run_page("jobs", alice)
    assert not at.exception
    assert "Paste your first job description" in at.markdown[0].value
    at.text_input(key="job.new.title").set_value("Senior Backend Engineer")
    at.text_input(key="job.new.company").set_value("Lumen Bank")
    at.text_input(key="job.new.url").set_value("https://example.com/jobs/1")
    at.text_area(key="job.new.description").set_value(POSTING)
    at.multiselect(key="job.new.key_skills").set_value(["python", "Kafka"])
    at.button(key="job.new.save").click().run()
    assert not at.exception and not at.error
    assert [t.value for t in at.toast] == ["Job description saved."]
    [saved] = jobs.list_jobs(session, alice)
    assert (saved.title, saved.company, saved.url) == (
        "Senior Backend Engineer",
        "Lumen Bank",
        "https://example.com/jobs/1",
    )
    assert saved.description == POSTING and saved.key_skills.startswith("Python, ")
    assert any("Senior Backend Engineer" in m.value for m in at.markdown)
    assert POSTING in [t.value for t in at.text]


def test_a_missing_title_and_a_bad_link_are_explained_and_nothing_is_lost(
    run_page, session: Session, alice: Actor
) -> None:
    at = run_page("jobs", alice)
    at.text_input(key="job.new.url").set_value("javascript:alert(1)")
    at.text_area(key="job.new.description").set_value(POSTING)
    at.button(key="job.new.save").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Job title is required."]
    at.text_input(key="job.new.title").set_value("Engineer")
    at.button(key="job.new.save").click().run()
    assert [e.value for e in at.error] == ["Link must be a web address starting with https://."]
    assert at.text_area(key="job.new.description").value == POSTING
    assert at.text_input(key="job.new.title").value == "Engineer"
    assert jobs.list_jobs(session, alice) == []


def test_editing_and_deleting(run_page, session: Session, alice: Actor) -> None:
    job = jobs.create_job(session, alice, title="Analyst", description="Numbers.")
    at = run_page("jobs", alice)
    at.button(key=f"job.edit.{job.id}").click().run()
    assert at.text_area(key=f"job.{job.id}.description").value == "Numbers."
    at.text_input(key=f"job.{job.id}.company").set_value("Initech")
    at.button(key=f"job.{job.id}.save").click().run()
    assert [t.value for t in at.toast] == ["Job description updated."]
    session.expire_all()
    assert jobs.get_job(session, alice, job.id).company == "Initech"

    at.button(key=f"job.ask.{job.id}").click().run()
    assert any("Analyst at Initech will be deleted." in t.value for t in at.text)
    at.button(key=f"job.delete.{job.id}.yes").click().run()
    assert [t.value for t in at.toast] == ["Job description deleted."]
    assert jobs.list_jobs(session, alice) == []
