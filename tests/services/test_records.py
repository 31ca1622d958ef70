"""Every entity: create, get, list, update, delete; only ever the acting user's rows."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from models import (
    Achievement,
    Conversation,
    Experience,
    Message,
    ResumeBullet,
    TailoredBullet,
    TailoredResume,
)
from services import (
    achievements,
    bullets,
    conversations,
    experiences,
    jobs,
    profiles,
    tailoring,
)
from services.access import Actor
from services.errors import NotFound, ValidationFailed


@pytest.fixture
def record(session: Session, alice: Actor) -> dict:
    """Alice's record: one of every entity."""
    exp = experiences.create_experience(
        session, alice, company_name="Acme", job_title="Engineer", start_date=date(2020, 1, 1)
    )
    ach = achievements.create_achievement(
        session,
        alice,
        experience_id=exp.id,
        description="Cut build time",
        impact="by 40%",
        skills="Python, CI/CD",
    )
    bullet = bullets.create_bullet(
        session, alice, achievement_id=ach.id, content="Cut build time 40%", confidence_score=80
    )
    job = jobs.create_job(session, alice, title="Backend Engineer", description="Python, SQL")
    resume = tailoring.create_tailored_resume(
        session, alice, name="Backend at X", job_description_id=job.id, bullet_ids=[bullet.id]
    )
    [(placed, _)] = tailoring.list_tailored_bullets(session, alice, resume.id)
    conv = conversations.create_conversation(session, alice, title="Plans")
    msg = conversations.add_message(session, alice, conv.id, role="user", content="Hello")
    return {
        "experience": exp,
        "achievement": ach,
        "bullet": bullet,
        "job": job,
        "resume": resume,
        "placed": placed,
        "conversation": conv,
        "message": msg,
    }


def test_create_get_list_update_delete_each_entity(session: Session, alice: Actor, record):
    r = record
    assert experiences.get_experience(session, alice, r["experience"].id).company_name == "Acme"
    assert [e.id for e in experiences.list_experiences(session, alice)] == [r["experience"].id]
    assert achievements.get_achievement(session, alice, r["achievement"].id).impact == "by 40%"
    assert bullets.get_bullet(session, alice, r["bullet"].id).experience_id == r["experience"].id
    assert jobs.list_jobs(session, alice)[0].title == "Backend Engineer"
    assert tailoring.get_tailored_resume(session, alice, r["resume"].id).name == "Backend at X"
    assert tailoring.get_tailored_bullet(session, alice, r["placed"].id).order == 0
    assert conversations.list_messages(session, alice, r["conversation"].id)[0].content == "Hello"
    assert conversations.get_message(session, alice, r["message"].id).role == "user"

    before = r["experience"].updated_at
    exp = experiences.update_experience(session, alice, r["experience"].id, location="Remote")
    assert exp.location == "Remote" and exp.company_name == "Acme" and exp.updated_at >= before
    assert (
        achievements.update_achievement(
            session, alice, r["achievement"].id, skills=["js", "Python"]
        ).skills
        == "JavaScript, Python"
    )
    assert bullets.update_bullet(session, alice, r["bullet"].id, content="New").content == "New"
    assert jobs.update_job(session, alice, r["job"].id, company="Lumen").company == "Lumen"
    assert tailoring.update_tailored_resume(session, alice, r["resume"].id, summary="S").summary
    assert tailoring.update_tailored_bullet(session, alice, r["placed"].id, order=3).order == 3
    assert conversations.update_conversation(session, alice, r["conversation"].id, title="T").title
    assert conversations.update_message(session, alice, r["message"].id, content="Hi").content
    assert profiles.update_profile(session, alice, first_name="Ada").first_name == "Ada"

    conversations.delete_message(session, alice, r["message"].id)
    tailoring.remove_tailored_bullet(session, alice, r["placed"].id)
    tailoring.delete_tailored_resume(session, alice, r["resume"].id)
    jobs.delete_job(session, alice, r["job"].id)
    bullets.delete_bullet(session, alice, r["bullet"].id)
    achievements.delete_achievement(session, alice, r["achievement"].id)
    experiences.delete_experience(session, alice, r["experience"].id)
    conversations.delete_conversation(session, alice, r["conversation"].id)
    profiles.delete_profile(session, alice)
    for model in (Experience, Achievement, ResumeBullet, TailoredResume, Conversation, Message):
        assert session.exec(select(model)).all() == []


def test_updated_at_moves_on_update(session: Session, alice: Actor) -> None:
    exp = experiences.create_experience(session, alice, company_name="A", job_title="B")
    created, first = exp.created_at, exp.updated_at
    again = experiences.update_experience(session, alice, exp.id, job_title="C")
    assert again.created_at == created
    assert again.updated_at > first


# --- ownership: a stranger gets "not found" for every entity and operation -----------------

STRANGER_CALLS = {
    "get experience": lambda s, a, r: experiences.get_experience(s, a, r["experience"].id),
    "update experience": lambda s, a, r: experiences.update_experience(
        s, a, r["experience"].id, job_title="x"
    ),
    "delete experience": lambda s, a, r: experiences.delete_experience(s, a, r["experience"].id),
    "count experience": lambda s, a, r: experiences.experience_dependents(s, a, r["experience"].id),
    "list experiences": lambda s, a, r: experiences.list_experiences(
        s, a, owner_id=r["experience"].user_id
    ),
    "get achievement": lambda s, a, r: achievements.get_achievement(s, a, r["achievement"].id),
    "add achievement": lambda s, a, r: achievements.create_achievement(
        s, a, experience_id=r["experience"].id, description="x"
    ),
    "update achievement": lambda s, a, r: achievements.update_achievement(
        s, a, r["achievement"].id, description="x"
    ),
    "delete achievement": lambda s, a, r: achievements.delete_achievement(
        s, a, r["achievement"].id
    ),
    "list achievements": lambda s, a, r: achievements.list_achievements(
        s, a, owner_id=r["experience"].user_id
    ),
    "get bullet": lambda s, a, r: bullets.get_bullet(s, a, r["bullet"].id),
    "add bullet to their achievement": lambda s, a, r: bullets.create_bullet(
        s, a, achievement_id=r["achievement"].id, content="x"
    ),
    "add bullet to their experience": lambda s, a, r: bullets.create_bullet(
        s, a, experience_id=r["experience"].id, content="x"
    ),
    "update bullet": lambda s, a, r: bullets.update_bullet(s, a, r["bullet"].id, content="x"),
    "delete bullet": lambda s, a, r: bullets.delete_bullet(s, a, r["bullet"].id),
    "list bullets": lambda s, a, r: bullets.list_bullets(s, a, owner_id=r["bullet"].user_id),
    "get job": lambda s, a, r: jobs.get_job(s, a, r["job"].id),
    "update job": lambda s, a, r: jobs.update_job(s, a, r["job"].id, title="x"),
    "delete job": lambda s, a, r: jobs.delete_job(s, a, r["job"].id),
    "list jobs": lambda s, a, r: jobs.list_jobs(s, a, owner_id=r["job"].user_id),
    "get resume": lambda s, a, r: tailoring.get_tailored_resume(s, a, r["resume"].id),
    "resume for their job": lambda s, a, r: tailoring.create_tailored_resume(
        s, a, name="x", job_description_id=r["job"].id
    ),
    "resume with their bullet": lambda s, a, r: tailoring.create_tailored_resume(
        s, a, name="x", bullet_ids=[r["bullet"].id]
    ),
    "update resume": lambda s, a, r: tailoring.update_tailored_resume(
        s, a, r["resume"].id, name="x"
    ),
    "delete resume": lambda s, a, r: tailoring.delete_tailored_resume(s, a, r["resume"].id),
    "list resumes": lambda s, a, r: tailoring.list_tailored_resumes(
        s, a, owner_id=r["resume"].user_id
    ),
    "list resume bullets": lambda s, a, r: tailoring.list_tailored_bullets(s, a, r["resume"].id),
    "get resume bullet": lambda s, a, r: tailoring.get_tailored_bullet(s, a, r["placed"].id),
    "add resume bullet": lambda s, a, r: tailoring.add_tailored_bullet(
        s, a, r["resume"].id, r["bullet"].id
    ),
    "move resume bullet": lambda s, a, r: tailoring.update_tailored_bullet(
        s, a, r["placed"].id, order=5
    ),
    "remove resume bullet": lambda s, a, r: tailoring.remove_tailored_bullet(s, a, r["placed"].id),
    "set resume bullets": lambda s, a, r: tailoring.set_tailored_bullets(s, a, r["resume"].id, []),
    "get conversation": lambda s, a, r: conversations.get_conversation(s, a, r["conversation"].id),
    "rename conversation": lambda s, a, r: conversations.update_conversation(
        s, a, r["conversation"].id, title="x"
    ),
    "delete conversation": lambda s, a, r: conversations.delete_conversation(
        s, a, r["conversation"].id
    ),
    "list conversations": lambda s, a, r: conversations.list_conversations(
        s, a, owner_id=r["conversation"].user_id
    ),
    "add message": lambda s, a, r: conversations.add_message(
        s, a, r["conversation"].id, role="user", content="x"
    ),
    "list messages": lambda s, a, r: conversations.list_messages(s, a, r["conversation"].id),
    "get message": lambda s, a, r: conversations.get_message(s, a, r["message"].id),
    "update message": lambda s, a, r: conversations.update_message(
        s, a, r["message"].id, content="x"
    ),
    "delete message": lambda s, a, r: conversations.delete_message(s, a, r["message"].id),
    "get profile": lambda s, a, r: profiles.get_profile(s, a, owner_id=r["job"].user_id),
}


@pytest.mark.parametrize("call", sorted(STRANGER_CALLS))
def test_a_stranger_gets_not_found(session: Session, record, bob: Actor, call: str) -> None:
    with pytest.raises(NotFound):
        STRANGER_CALLS[call](session, bob, record)
    session.rollback()
    # Nothing of alice's changed.
    assert session.get(Experience, record["experience"].id).job_title == "Engineer"
    assert session.get(ResumeBullet, record["bullet"].id).content == "Cut build time 40%"
    assert session.get(TailoredBullet, record["placed"].id).order == 0
    assert session.get(Message, record["message"].id).content == "Hello"


def test_lists_show_only_the_actors_rows(session: Session, record, bob: Actor) -> None:
    experiences.create_experience(session, bob, company_name="Bob Co", job_title="Chef")
    assert [e.company_name for e in experiences.list_experiences(session, bob)] == ["Bob Co"]
    assert achievements.list_achievements(session, bob) == []
    assert bullets.list_bullets(session, bob) == []
    assert jobs.list_jobs(session, bob) == []
    assert tailoring.list_tailored_resumes(session, bob) == []
    assert conversations.list_conversations(session, bob) == []
    assert [p.user_id for p in profiles.list_profiles(session, bob)] == [bob.user_id]


def test_unknown_ids_are_not_found(session: Session, alice: Actor) -> None:
    for call in (
        lambda: experiences.get_experience(session, alice, "nope"),
        lambda: achievements.get_achievement(session, alice, ""),
        lambda: bullets.update_bullet(session, alice, "nope", content="x"),
        lambda: jobs.delete_job(session, alice, "nope"),
        lambda: tailoring.get_tailored_bullet(session, alice, "nope"),
        lambda: conversations.add_message(session, alice, "nope", role="user", content="x"),
        lambda: achievements.create_achievement(
            session, alice, experience_id="nope", description="x"
        ),
    ):
        with pytest.raises(NotFound):
            call()


# --- validation: a sentence per field, and nothing written ----------------------------------


def _rows(session: Session) -> int:
    return sum(
        len(session.exec(select(m)).all())
        for m in (Experience, Achievement, ResumeBullet, TailoredResume, TailoredBullet, Message)
    )


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"job_title": "Engineer"}, "company_name", "is required"),
        ({"company_name": "   ", "job_title": "Engineer"}, "company_name", "is required"),
        ({"company_name": "A" * 256, "job_title": "E"}, "company_name", "at most 255"),
        ({"company_name": "A", "job_title": "E", "location": "x" * 300}, "location", "at most 255"),
        (
            {
                "company_name": "A",
                "job_title": "E",
                "start_date": date(2022, 1, 1),
                "end_date": date(2021, 1, 1),
            },
            "end_date",
            "before the start",
        ),
        (
            {
                "company_name": "A",
                "job_title": "E",
                "is_current": True,
                "end_date": date(2021, 1, 1),
            },
            "end_date",
            "current job",
        ),
        ({"company_name": "A", "job_title": "E", "start_date": "last year"}, "start_date", "date"),
    ],
)
def test_bad_experience_input(session: Session, alice: Actor, fields, field, words) -> None:
    before = _rows(session)
    with pytest.raises(ValidationFailed) as error:
        experiences.create_experience(session, alice, **fields)
    assert words in error.value.errors[field]
    assert error.value.errors[field].endswith(".")
    assert _rows(session) == before


def test_every_failing_field_is_reported_at_once(session: Session, alice: Actor) -> None:
    with pytest.raises(ValidationFailed) as error:
        experiences.create_experience(session, alice, company_name="", job_title="x" * 300)
    assert set(error.value.errors) == {"company_name", "job_title"}


def test_profile_lengths_hold_on_every_backend(session: Session, alice: Actor) -> None:
    with pytest.raises(ValidationFailed) as error:
        profiles.update_profile(session, alice, first_name="x" * 101, headline="y" * 256)
    assert set(error.value.errors) == {"first_name", "headline"}
    assert profiles.get_profile(session, alice).first_name is None


def test_bullet_rules(session: Session, alice: Actor, record) -> None:
    for score in (-1, 101):
        with pytest.raises(ValidationFailed) as error:
            bullets.create_bullet(session, alice, content="x", confidence_score=score)
        assert "0 to 100" in error.value.errors["confidence_score"]
    with pytest.raises(ValidationFailed):
        bullets.create_bullet(session, alice, content=" \n ")
    other = experiences.create_experience(session, alice, company_name="B", job_title="C")
    with pytest.raises(ValidationFailed):
        bullets.create_bullet(
            session,
            alice,
            content="x",
            achievement_id=record["achievement"].id,
            experience_id=other.id,
        )
    custom = bullets.create_bullet(session, alice, content="Mine", is_custom=True)
    assert custom.is_custom and not custom.ai_generated
    assert bullets.create_bullet(session, alice, content="AI").ai_generated


def test_tailored_bullet_order_is_unique_and_not_negative(session: Session, alice: Actor, record):
    extra = bullets.create_bullet(session, alice, content="Second")
    resume = record["resume"]
    with pytest.raises(ValidationFailed) as error:
        tailoring.add_tailored_bullet(session, alice, resume.id, extra.id, order=0)
    assert "already taken" in error.value.errors["order"]
    with pytest.raises(ValidationFailed):
        tailoring.add_tailored_bullet(session, alice, resume.id, extra.id, order=-1)
    with pytest.raises(ValidationFailed):
        tailoring.add_tailored_bullet(session, alice, resume.id, record["bullet"].id)
    placed = tailoring.add_tailored_bullet(session, alice, resume.id, extra.id)
    assert placed.order == 1
    with pytest.raises(ValidationFailed):
        tailoring.update_tailored_bullet(session, alice, placed.id, order=0)
    with pytest.raises(ValidationFailed):
        tailoring.set_tailored_bullets(session, alice, resume.id, [extra.id, extra.id])
    session.rollback()
    order = tailoring.set_tailored_bullets(
        session, alice, resume.id, [extra.id, record["bullet"].id]
    )
    assert [(t.resume_bullet_id, t.order) for t in order] == [
        (extra.id, 0),
        (record["bullet"].id, 1),
    ]
    listed = tailoring.list_tailored_bullets(session, alice, resume.id)
    assert [b.content for _, b in listed] == ["Second", "Cut build time 40%"]


def test_message_roles(session: Session, alice: Actor, record) -> None:
    with pytest.raises(ValidationFailed) as error:
        conversations.add_message(
            session, alice, record["conversation"].id, role="robot", content="x"
        )
    assert "user, assistant or system" in error.value.errors["role"]
    for role in ("user", "assistant", "system"):
        conversations.add_message(
            session, alice, record["conversation"].id, role=role, content=role
        )


def test_unicode_emoji_and_100kb_text_round_trip(session: Session, alice: Actor) -> None:
    name = "Zoë Åström 🚀 李小龍"
    long = ("Résumé ✓ 数据 " * 9000)[:100_000]
    exp = experiences.create_experience(
        session, alice, company_name=name, job_title="Ingénieure 👩‍💻", description=long
    )
    session.expire_all()
    back = experiences.get_experience(session, alice, exp.id)
    assert back.company_name == name and back.description == long.strip()
    assert len(back.description) >= 99_990
    with pytest.raises(ValidationFailed):
        experiences.create_experience(
            session, alice, company_name="A", job_title="B", description="x" * 200_001
        )


def test_messages_page_from_the_latest(session: Session, alice: Actor) -> None:
    conv = conversations.create_conversation(session, alice, title="Long")
    for i in range(10):
        conversations.add_message(session, alice, conv.id, role="user", content=f"m{i}")
    latest = conversations.list_messages(session, alice, conv.id, limit=4)
    assert [m.content for m in latest] == ["m6", "m7", "m8", "m9"]
    earlier = conversations.list_messages(
        session, alice, conv.id, limit=4, before=latest[0].timestamp
    )
    assert [m.content for m in earlier] == ["m2", "m3", "m4", "m5"]
    assert conversations.count_messages(session, alice, conv.id) == 10
