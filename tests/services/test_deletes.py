"""Deleting a parent removes its children (or detaches them where the key is nullable)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from models import (
    Achievement,
    Conversation,
    Experience,
    JobDescription,
    Message,
    Profile,
    ResumeBullet,
    TailoredBullet,
    TailoredResume,
    User,
)
from services import achievements, bullets, conversations, experiences, jobs, tailoring
from services.access import Actor
from services.users import delete_user_data


def _build(session: Session, actor: Actor) -> dict:
    exp = experiences.create_experience(
        session, actor, company_name="Acme", job_title="Eng", start_date=date(2020, 1, 1)
    )
    achs = [
        achievements.create_achievement(session, actor, experience_id=exp.id, description=f"A{i}")
        for i in range(3)
    ]
    bls = [
        bullets.create_bullet(session, actor, achievement_id=a.id, content=f"B{i}")
        for i, a in enumerate(achs)
    ]
    loose = bullets.create_bullet(session, actor, experience_id=exp.id, content="Loose")
    job = jobs.create_job(session, actor, title="Role", description="Text")
    resume = tailoring.create_tailored_resume(
        session, actor, name="R", job_description_id=job.id, bullet_ids=[b.id for b in bls]
    )
    conv = conversations.create_conversation(session, actor)
    for i in range(3):
        conversations.add_message(session, actor, conv.id, role="user", content=f"m{i}")
    return {
        "exp": exp,
        "achs": achs,
        "bullets": bls,
        "loose": loose,
        "job": job,
        "resume": resume,
        "conv": conv,
    }


def _count(session: Session, model) -> int:
    return len(session.exec(select(model)).all())


def test_deleting_an_experience_takes_its_achievements_and_bullets(
    session: Session, alice: Actor, bob: Actor
) -> None:
    mine, theirs = _build(session, alice), _build(session, bob)
    deps = experiences.experience_dependents(session, alice, mine["exp"].id)
    assert (deps.achievements, deps.bullets) == (3, 4)
    experiences.delete_experience(session, alice, mine["exp"].id)
    assert session.get(Experience, mine["exp"].id) is None
    assert _count(session, Achievement) == 3  # bob's
    assert _count(session, ResumeBullet) == 4  # bob's
    resume = session.get(TailoredResume, mine["resume"].id)
    assert resume is not None  # the resume stays, empty
    assert tailoring.list_tailored_bullets(session, alice, resume.id) == []
    assert len(tailoring.list_tailored_bullets(session, bob, theirs["resume"].id)) == 3


def test_deleting_an_achievement_keeps_its_bullets_on_the_experience(
    session: Session, alice: Actor
) -> None:
    built = _build(session, alice)
    achievements.delete_achievement(session, alice, built["achs"][0].id)
    bullet = session.get(ResumeBullet, built["bullets"][0].id)
    assert bullet.achievement_id is None and bullet.experience_id == built["exp"].id
    assert len(tailoring.list_tailored_bullets(session, alice, built["resume"].id)) == 3


def test_deleting_a_bullet_takes_it_out_of_resumes(session: Session, alice: Actor) -> None:
    built = _build(session, alice)
    bullets.delete_bullet(session, alice, built["bullets"][1].id)
    left = tailoring.list_tailored_bullets(session, alice, built["resume"].id)
    assert [b.content for _, b in left] == ["B0", "B2"]


def test_deleting_a_job_detaches_its_resumes(session: Session, alice: Actor) -> None:
    built = _build(session, alice)
    jobs.delete_job(session, alice, built["job"].id)
    assert session.get(JobDescription, built["job"].id) is None
    assert session.get(TailoredResume, built["resume"].id).job_description_id is None


def test_deleting_a_resume_or_conversation_takes_their_children(
    session: Session, alice: Actor
) -> None:
    built = _build(session, alice)
    tailoring.delete_tailored_resume(session, alice, built["resume"].id)
    assert _count(session, TailoredBullet) == 0 and _count(session, ResumeBullet) == 4
    conversations.delete_conversation(session, alice, built["conv"].id)
    assert _count(session, Message) == 0 and _count(session, Conversation) == 0


def test_deleting_a_person_removes_every_row_of_theirs_only(
    session: Session, alice: Actor, bob: Actor
) -> None:
    _build(session, alice)
    _build(session, bob)
    delete_user_data(session, alice.user_id)
    assert session.get(User, alice.user_id) is None
    assert session.exec(select(Profile).where(Profile.user_id == alice.user_id)).all() == []
    assert _count(session, Experience) == 1 and _count(session, Message) == 3
    assert _count(session, TailoredBullet) == 3 and _count(session, ResumeBullet) == 4
