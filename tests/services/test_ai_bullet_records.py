"""Keeping AI-written bullets: scores that mean support, links to the achievement, batch choice."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from services import achievements, bullets, experiences
from services.access import Actor
from services.ai.bullets import BulletCandidate, generate_bullets
from services.ai.offline import OfflineProvider
from services.errors import NotFound, ValidationFailed


def _record(session: Session, actor: Actor):
    exp = experiences.create_experience(
        session, actor, company_name="Northwind", job_title="Backend Engineer"
    )
    ach = achievements.create_achievement(
        session,
        actor,
        experience_id=exp.id,
        description="Rebuilt the settlement pipeline on Kafka",
        impact="Settlement time fell from 26 hours to 40 minutes",
        skills=["Kafka", "Python"],
    )
    return exp, ach


def test_facts_carry_the_achievement_and_its_job(session: Session, alice: Actor) -> None:
    _, ach = _record(session, alice)
    facts = bullets.achievement_facts(session, alice, ach.id)
    assert facts.achievement_id == ach.id
    assert (facts.job_title, facts.company) == ("Backend Engineer", "Northwind")
    assert facts.skills == ("Apache Kafka", "Python")


def test_facts_of_a_strangers_achievement_are_not_found(
    session: Session, alice: Actor, bob: Actor
) -> None:
    _, ach = _record(session, alice)
    with pytest.raises(NotFound):
        bullets.achievement_facts(session, bob, ach.id)
    with pytest.raises(NotFound):
        bullets.save_ai_bullet(session, bob, ach.id, "Rebuilt the settlement pipeline")
    assert bullets.list_bullets(session, alice) == []


def test_a_kept_suggestion_has_the_score_it_was_shown_with(session: Session, alice: Actor) -> None:
    exp, ach = _record(session, alice)
    facts = bullets.achievement_facts(session, alice, ach.id)
    best = generate_bullets(facts, provider=OfflineProvider())[0]
    saved = bullets.save_ai_bullet(session, alice, ach.id, best.text)
    assert saved.content == best.text
    assert saved.confidence_score == best.confidence
    assert saved.ai_generated and not saved.is_custom
    assert (saved.achievement_id, saved.experience_id) == (ach.id, exp.id)


def test_an_edited_suggestion_is_rescored_on_its_new_words(session: Session, alice: Actor) -> None:
    _, ach = _record(session, alice)
    plain = bullets.save_ai_bullet(
        session, alice, ach.id, "Rebuilt the settlement pipeline on Kafka, cutting 26 hours to 40"
    )
    invented = bullets.save_ai_bullet(
        session,
        alice,
        ach.id,
        "Rebuilt the settlement pipeline on Kafka at Google, saving $3M and winning an award",
    )
    assert plain.confidence_score is not None and invented.confidence_score is not None
    assert invented.confidence_score < plain.confidence_score
    assert invented.ai_generated and not invented.is_custom


def test_an_empty_edit_is_refused(session: Session, alice: Actor) -> None:
    _, ach = _record(session, alice)
    with pytest.raises(ValidationFailed):
        bullets.save_ai_bullet(session, alice, ach.id, "   ")
    assert bullets.list_bullets(session, alice) == []


def test_facts_without_bullets_skip_achievements_with_one(session: Session, alice: Actor) -> None:
    exp, ach = _record(session, alice)
    other = achievements.create_achievement(
        session, alice, experience_id=exp.id, description="Mentored four engineers"
    )
    bullets.create_bullet(session, alice, achievement_id=ach.id, content="Rebuilt it")
    facts = bullets.facts_without_bullets(session, alice)
    assert [f.achievement_id for f in facts] == [other.id]
    assert facts[0].company == "Northwind"


def test_the_batch_keeps_only_a_well_supported_candidate() -> None:
    good = BulletCandidate("Rebuilt the pipeline", 95, [])
    invented = BulletCandidate("Rebuilt the pipeline at Google", 97, ["Google"])
    weak = BulletCandidate("Did some things", bullets.BATCH_MIN_CONFIDENCE - 1, [])
    assert bullets.batch_choice([good, weak]) is good
    assert bullets.batch_choice([invented, good]) is None  # the best one needs checking
    assert bullets.batch_choice([weak]) is None
    assert bullets.batch_choice([]) is None


def test_a_batch_bullet_is_saved_or_left_for_review(session: Session, alice: Actor) -> None:
    exp, ach = _record(session, alice)
    facts = bullets.achievement_facts(session, alice, ach.id)
    held = bullets.save_batch_bullet(
        session, alice, facts, [BulletCandidate("Rebuilt it at Google", 70, ["Google"])]
    )
    assert held is None and bullets.list_bullets(session, alice) == []
    saved = bullets.save_batch_bullet(
        session, alice, facts, generate_bullets(facts, provider=OfflineProvider())
    )
    assert saved is not None and saved.ai_generated and saved.confidence_score == 100
    assert (saved.achievement_id, saved.experience_id) == (ach.id, exp.id)
