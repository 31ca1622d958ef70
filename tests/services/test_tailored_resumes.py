"""Tailoring a resume to a job: one transaction with the pasted job, the default name,
reordering, counts, and a summary that never invents facts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlmodel import Session, select

from models import JobDescription, TailoredResume
from services import bullets, experiences, jobs, profiles, tailoring
from services.access import Actor
from services.ai.offline import OfflineProvider
from services.ai.openai_provider import OpenAIProvider
from services.errors import NotFound, ValidationFailed
from services.settings import Settings
from tests.fakes.openai_server import FakeOpenAIServer

POSTING = "Data Engineer\n\nPython, SQL and Kubernetes. Requirements: Terraform."


@pytest.fixture
def made(session: Session, alice: Actor) -> list[str]:
    exp = experiences.create_experience(
        session, alice, company_name="Acme", job_title="Engineer", start_date=date(2020, 1, 1)
    )
    texts = [
        "Built Python data pipelines loading 2 TB a day into a SQL warehouse",
        "Moved 40 services onto Kubernetes, cutting hosting cost by 30%",
        "Mentored four engineers through their first on-call rotation",
    ]
    return [
        bullets.create_bullet(session, alice, experience_id=exp.id, content=t).id for t in texts
    ]


def order_of(session: Session, actor: Actor, resume_id: str) -> list[str]:
    return [rb.id for _, rb in tailoring.list_tailored_bullets(session, actor, resume_id)]


def test_a_pasted_job_is_saved_with_the_resume(
    session: Session, alice: Actor, made: list[str]
) -> None:
    resume = tailoring.tailor_resume(
        session,
        alice,
        bullet_ids=[made[1], made[0]],
        job={"title": "Data Engineer", "company": "Lumen", "description": POSTING,
             "key_skills": ["python", "SQL"]},
        summary="Builds pipelines.",
    )  # fmt: skip
    assert resume.name == "Data Engineer at Lumen"
    assert order_of(session, alice, resume.id) == [made[1], made[0]]
    [job] = jobs.list_jobs(session, alice)
    assert resume.job_description_id == job.id and job.key_skills == "Python, SQL"


def test_a_saved_job_names_the_resume_and_a_name_given_wins(
    session: Session, alice: Actor, made: list[str]
) -> None:
    job = jobs.create_job(session, alice, title="Platform Engineer", description=POSTING)
    first = tailoring.tailor_resume(session, alice, bullet_ids=made[:1], job_id=job.id)
    assert first.name == "Platform Engineer"
    second = tailoring.tailor_resume(
        session, alice, bullet_ids=made[:1], job_id=job.id, name="  My   pick "
    )
    assert second.name == "My pick"
    assert tailoring.default_resume_name("T" * 200, "C" * 200) == ("T" * 200 + " at " + "C" * 51)
    assert tailoring.default_resume_name(None, None) == "Tailored resume"


def test_nothing_is_written_when_anything_fails(
    session: Session, alice: Actor, bob: Actor, made: list[str]
) -> None:
    with pytest.raises(ValidationFailed, match="Pick at least one bullet"):
        tailoring.tailor_resume(session, alice, bullet_ids=[], job={"title": "x"})
    stranger = bullets.create_bullet(session, bob, content="Bob's own line")
    with pytest.raises(NotFound):
        tailoring.tailor_resume(
            session,
            alice,
            bullet_ids=[made[0], stranger.id],
            job={"title": "Data Engineer", "description": POSTING},
        )
    with pytest.raises(ValidationFailed, match="Job description is required"):
        tailoring.tailor_resume(session, alice, bullet_ids=made, job={"title": "No text"})
    with pytest.raises(ValidationFailed, match="Summary can be at most"):
        tailoring.tailor_resume(
            session,
            alice,
            bullet_ids=made,
            job={"title": "T", "description": POSTING},
            summary="x" * 200_001,
        )
    session.expire_all()
    assert session.exec(select(JobDescription)).all() == []
    assert session.exec(select(TailoredResume)).all() == []
    bob_job = jobs.create_job(session, bob, title="Bob's", description="x")
    with pytest.raises(NotFound):
        tailoring.tailor_resume(session, alice, bullet_ids=made, job_id=bob_job.id)


def test_moving_bullets_up_and_down_and_counting(
    session: Session, alice: Actor, bob: Actor, made: list[str]
) -> None:
    resume = tailoring.tailor_resume(session, alice, bullet_ids=made, name="R")
    tailoring.move_tailored_bullet(session, alice, resume.id, made[2], -1)
    assert order_of(session, alice, resume.id) == [made[0], made[2], made[1]]
    tailoring.move_tailored_bullet(session, alice, resume.id, made[0], -1)  # already first
    assert order_of(session, alice, resume.id) == [made[0], made[2], made[1]]
    tailoring.move_tailored_bullet(session, alice, resume.id, made[0], +1)
    assert order_of(session, alice, resume.id) == [made[2], made[0], made[1]]
    with pytest.raises(NotFound):
        tailoring.move_tailored_bullet(session, bob, resume.id, made[0], 1)
    with pytest.raises(NotFound):
        tailoring.move_tailored_bullet(session, alice, resume.id, "not-in-it", 1)
    other = tailoring.tailor_resume(session, alice, bullet_ids=made[:1], name="S")
    assert tailoring.resume_bullet_counts(session, alice) == {resume.id: 3, other.id: 1}
    assert tailoring.resume_bullet_counts(session, bob) == {}
    with pytest.raises(NotFound):
        tailoring.resume_bullet_counts(session, bob, owner_id=alice.user_id)


def test_the_resume_match_reads_its_job(session: Session, alice: Actor, made: list[str]) -> None:
    job = jobs.create_job(
        session, alice, title="Data", description=POSTING, key_skills=["Python", "Terraform"]
    )
    linked = tailoring.tailor_resume(session, alice, bullet_ids=made[:1], job_id=job.id)
    unlinked = tailoring.tailor_resume(session, alice, bullet_ids=made[:1], name="Free")
    match = tailoring.resume_match(session, alice, linked.id)
    assert match.key_skills == ["Python", "Terraform"]
    assert dict(match.skill_states(made[:1])) == {"Python": "covered", "Terraform": "missing"}
    assert tailoring.resume_match(session, alice, unlinked.id) is None
    jobs.delete_job(session, alice, job.id)
    assert tailoring.resume_match(session, alice, linked.id) is None


# --- the summary -------------------------------------------------------------------------


def test_the_offline_summary_uses_only_the_persons_words(
    session: Session, alice: Actor, made: list[str]
) -> None:
    profiles.update_profile(
        session,
        alice,
        headline="Data engineer",
        summary="I build pipelines people trust. I like boring deployments. Third sentence "
        "that is long enough to push the summary well past the limit of what is kept " * 4,
    )
    draft = tailoring.draft_summary(
        session, alice, bullet_ids=made[:2], skills=["Python", "SQL", "Kubernetes"],
        provider=OfflineProvider(),
    )  # fmt: skip
    assert draft.source == "offline" and draft.note is None
    assert draft.text.startswith("Data engineer. I build pipelines people trust.")
    assert draft.text.endswith(
        "Experience with Python, SQL and Kubernetes, as the roles below show."
    )
    assert len(draft.text) < 500
    assert tailoring.offline_summary(None, None, ["Python"]) == (
        "Experience with Python, as the roles below show."
    )


def test_with_nothing_to_draw_on_the_summary_says_so(session: Session, alice: Actor) -> None:
    draft = tailoring.draft_summary(
        session, alice, bullet_ids=[], skills=[], provider=OfflineProvider()
    )
    assert draft.text == "" and "headline" in draft.note


@pytest.fixture
def ai(fake_openai_server: FakeOpenAIServer) -> OpenAIProvider:
    settings = Settings(
        ai_provider="openai",
        openai_base_url=fake_openai_server.base_url,
        ai_timeout_seconds=2.0,
        ai_max_retries=0,
    )
    return OpenAIProvider(settings, retry_budget_seconds=1.0, backoff_seconds=0.01)


@pytest.fixture
def fake_openai_server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as server:
        yield server


def test_the_ai_summary_is_used_when_its_facts_are_the_persons(
    session: Session, alice: Actor, made: list[str], ai, fake_openai_server
) -> None:
    profiles.update_profile(session, alice, headline="Data engineer")
    fake_openai_server.enqueue(
        {"json": {"summary": "Data engineer who builds Python pipelines and runs Kubernetes."}}
    )
    draft = tailoring.draft_summary(
        session, alice, bullet_ids=made[:2], skills=["Python", "Kubernetes"],
        job_title="Data Engineer", company="Lumen", provider=ai,
    )  # fmt: skip
    assert draft == tailoring.SummaryDraft(
        "Data engineer who builds Python pipelines and runs Kubernetes.", "ai"
    )
    sent = fake_openai_server.requests[-1]["body"]["messages"][1]["content"]
    assert "Built Python data pipelines" in sent and "Job: Data Engineer at Lumen" in sent


def test_an_ai_summary_that_invents_is_set_aside(
    session: Session, alice: Actor, made: list[str], ai, fake_openai_server
) -> None:
    profiles.update_profile(session, alice, headline="Data engineer")
    fake_openai_server.enqueue(
        {"json": {"summary": "Award-winning engineer with 15 years at Google."}}
    )
    draft = tailoring.draft_summary(
        session, alice, bullet_ids=made[:1], skills=["Python"], provider=ai
    )
    assert draft.source == "offline" and draft.text.startswith("Data engineer.")
    assert "does not state" in draft.note and '"15' in draft.note


def test_an_ai_failure_falls_back_to_the_offline_summary(
    session: Session, alice: Actor, made: list[str], ai, fake_openai_server
) -> None:
    profiles.update_profile(session, alice, headline="Data engineer")
    fake_openai_server.enqueue({"status": 503})
    draft = tailoring.draft_summary(
        session, alice, bullet_ids=made[:1], skills=["Python"], provider=ai
    )
    assert draft.source == "offline" and draft.text.startswith("Data engineer.")
    assert "HTTP 503" in draft.note and draft.note.endswith("from your profile instead.")
