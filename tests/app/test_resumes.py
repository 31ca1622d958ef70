"""The tailored resumes page: list, open, reorder, add, remove, edit, coverage, delete."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from services import bullets, experiences, jobs, tailoring
from services.access import Actor

LINES = [
    "Built Python data pipelines loading 2 TB a day into a SQL warehouse",
    "Moved 40 services onto Kubernetes, cutting hosting cost by 30%",
    "Organised the office summer party for 120 people",
]


@pytest.fixture
def record(session: Session, alice: Actor) -> dict:
    exp = experiences.create_experience(
        session, alice, company_name="Acme", job_title="Data Engineer", start_date=date(2020, 1, 1)
    )
    ids = [
        bullets.create_bullet(session, alice, experience_id=exp.id, content=text).id
        for text in LINES
    ]
    job = jobs.create_job(
        session,
        alice,
        title="Data Engineer",
        company="Lumen",
        description="Python, SQL, Kubernetes and Terraform.",
        key_skills=["Python", "SQL", "Kubernetes", "Terraform"],
    )
    resume = tailoring.tailor_resume(
        session, alice, bullet_ids=ids[:2], job_id=job.id, summary="Builds pipelines."
    )
    return {"bullets": ids, "job": job, "resume": resume}


def order(session: Session, alice: Actor, resume_id: str) -> list[str]:
    session.expire_all()
    return [b.id for _, b in tailoring.list_tailored_bullets(session, alice, resume_id)]


def test_no_resumes_yet_points_to_the_matcher(run_page, alice: Actor) -> None:
    at = run_page("resumes", alice)
    assert not at.exception
    assert any("No tailored resumes yet" in m.value for m in at.markdown)


def test_the_list_and_an_opened_resume(
    run_page, session: Session, record: dict, alice: Actor
) -> None:
    resume = record["resume"]
    at = run_page("resumes", alice)
    assert "**Data Engineer at Lumen**" in [m.value for m in at.markdown]
    assert any("For Data Engineer at Lumen · 2 bullets" in c.value for c in at.caption)
    at.button(key=f"resume.open.{resume.id}").click().run()
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Data Engineer at Lumen"]
    texts = [m.value for m in at.markdown]
    assert "**Bullets, in order (2)**" in texts
    assert any(t.startswith("1. Built Python data pipelines") for t in texts)
    assert any(":red-badge[:material/close: Terraform]" in t for t in texts)
    assert "%" in at.get("progress")[0].proto.text
    assert at.text_input(key=f"resume.{resume.id}.name").value == "Data Engineer at Lumen"
    assert at.text_area(key=f"resume.{resume.id}.summary").value == "Builds pipelines."
    assert len(at.get("download_button")) == 4


def test_reordering_adding_and_removing(
    run_page, session: Session, record: dict, alice: Actor
) -> None:
    resume, ids = record["resume"], record["bullets"]
    at = run_page("resumes", alice, **{"resumes.open": resume.id})
    [first, _second] = tailoring.list_tailored_bullets(session, alice, resume.id)
    at.button(key=f"resume.down.{first[0].id}").click().run()
    assert not at.exception
    assert order(session, alice, resume.id) == [ids[1], ids[0]]

    at.multiselect(key=f"resume.{resume.id}.add").set_value([ids[2]])
    at.button(key=f"resume.{resume.id}.add.go").click().run()
    assert "1 bullet added." in [t.value for t in at.toast]
    assert order(session, alice, resume.id) == [ids[1], ids[0], ids[2]]

    spots = tailoring.list_tailored_bullets(session, alice, resume.id)
    at.button(key=f"resume.up.{spots[2][0].id}").click().run()
    assert order(session, alice, resume.id) == [ids[1], ids[2], ids[0]]
    spots = tailoring.list_tailored_bullets(session, alice, resume.id)
    at.button(key=f"resume.remove.{spots[0][0].id}").click().run()
    assert "Bullet taken out of this resume." in [t.value for t in at.toast]
    assert order(session, alice, resume.id) == [ids[2], ids[0]]
    assert bullets.get_bullet(session, alice, ids[1])  # the bullet itself stays


def test_renaming_relinking_and_a_blank_name(
    run_page, session: Session, record: dict, alice: Actor
) -> None:
    resume = record["resume"]
    form = f"resume.{resume.id}"
    at = run_page("resumes", alice, **{"resumes.open": resume.id})
    at.text_input(key=f"{form}.name").set_value("   ")
    at.button(key=f"{form}.save").click().run()
    assert [e.value for e in at.error] == ["Name is required."]
    at.text_input(key=f"{form}.name").set_value("Lumen")
    at.selectbox(key=f"{form}.job").set_value("__none__")
    at.text_area(key=f"{form}.summary").set_value("Pipelines and platforms.")
    at.button(key=f"{form}.save").click().run()
    assert "Resume saved." in [t.value for t in at.toast]
    session.expire_all()
    saved = tailoring.get_tailored_resume(session, alice, resume.id)
    assert (saved.name, saved.summary, saved.job_description_id) == (
        "Lumen",
        "Pipelines and platforms.",
        None,
    )
    assert any("Link a job description" in c.value for c in at.caption)

    at.button(key=f"{form}.draft").click().run()
    assert not at.exception
    assert at.toast  # offline: a note on what the summary can draw on


def test_deleting_asks_first(run_page, session: Session, record: dict, alice: Actor) -> None:
    resume = record["resume"]
    at = run_page("resumes", alice, **{"resumes.open": resume.id})
    at.button(key=f"resume.ask.{resume.id}").click().run()
    assert any("Data Engineer at Lumen will be deleted." in t.value for t in at.text)
    at.button(key=f"resume.delete.{resume.id}.yes").click().run()
    assert "Tailored resume deleted." in [t.value for t in at.toast]
    assert tailoring.list_tailored_resumes(session, alice) == []
    assert len(bullets.list_bullets(session, alice)) == 3
    assert any("No tailored resumes yet" in m.value for m in at.markdown)


def test_someone_elses_resume_is_not_opened(run_page, record: dict, bob: Actor) -> None:
    at = run_page("resumes", bob, **{"resumes.open": record["resume"].id})
    assert not at.exception
    assert not at.subheader
    assert any("No tailored resumes yet" in m.value for m in at.markdown)
