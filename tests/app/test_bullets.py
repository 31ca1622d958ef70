"""The bullets page: grouped by experience, edited in place, hints beside each, add and delete."""

from __future__ import annotations

from sqlmodel import Session

from services import achievements, bullets, experiences
from services.access import Actor

GOOD = (
    "Rebuilt card settlement as event-driven services on Kafka, cutting settlement time from "
    "26 hours to 40 minutes"
)


def _record(session: Session, actor: Actor):
    exp = experiences.create_experience(session, actor, company_name="Acme", job_title="Engineer")
    ach = achievements.create_achievement(
        session, actor, experience_id=exp.id, description="Rebuilt settlement"
    )
    return exp, ach


def test_without_an_experience_the_page_leads_to_one(run_page, alice: Actor) -> None:
    at = run_page("bullets", alice)
    assert not at.exception
    assert "First, add an experience" in at.markdown[0].value


def test_adding_a_custom_bullet_shows_its_hints(run_page, session: Session, alice: Actor) -> None:
    exp, ach = _record(session, alice)
    at = run_page("bullets", alice)
    assert any("No bullets yet" in m.value for m in at.markdown)
    at.button(key="bullet.add").click().run()
    assert at.selectbox(key="bullet.new.experience_id").value == exp.id
    at.selectbox(key="bullet.new.achievement_id").set_value(ach.id)
    at.text_area(key="bullet.new.content").set_value("was in charge of stuff").run()
    # Hints follow the text as it is typed.
    assert any("No action verb" in m.value and "No number" in m.value for m in at.markdown)
    at.text_area(key="bullet.new.content").set_value(GOOD)
    at.button(key="bullet.new.save").click().run()
    assert not at.exception and not at.error
    assert [t.value for t in at.toast] == ["Bullet added."]
    [saved] = bullets.list_bullets(session, alice)
    assert saved.content == GOOD and saved.is_custom and not saved.ai_generated
    assert saved.achievement_id == ach.id and saved.experience_id == exp.id
    assert GOOD in [t.value for t in at.text]
    assert any("Written by you" in c.value for c in at.caption)
    [hints] = [m.value for m in at.markdown if "Action verb" in m.value]
    assert "Has a number" in hints and "No number" not in hints


def test_a_blank_bullet_is_refused_and_nothing_is_written(
    run_page, session: Session, alice: Actor
) -> None:
    exp, _ = _record(session, alice)
    at = run_page("bullets", alice)
    at.button(key="bullet.add").click().run()
    at.text_area(key="bullet.new.content").set_value("   ")
    at.button(key="bullet.new.save").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Bullet is required."]
    assert at.selectbox(key="bullet.new.experience_id").value == exp.id
    assert bullets.list_bullets(session, alice) == []


def test_ai_bullets_show_their_confidence_and_edit_in_place(
    run_page, session: Session, alice: Actor
) -> None:
    _, ach = _record(session, alice)
    bullet = bullets.create_bullet(
        session, alice, achievement_id=ach.id, content="Did things", confidence_score=87
    )
    at = run_page("bullets", alice)
    assert any("AI-written · 87% confidence" in c.value for c in at.caption)
    assert any("Rebuilt settlement" in c.value for c in at.caption)
    at.button(key=f"bullet.edit.{bullet.id}").click().run()
    assert at.text_area(key=f"bullet.{bullet.id}.content").value == "Did things"
    at.text_area(key=f"bullet.{bullet.id}.content").set_value(GOOD)
    at.button(key=f"bullet.{bullet.id}.save").click().run()
    assert [t.value for t in at.toast] == ["Bullet saved."]
    session.expire_all()
    assert bullets.get_bullet(session, alice, bullet.id).content == GOOD


def test_deleting_asks_first(run_page, session: Session, alice: Actor) -> None:
    _, ach = _record(session, alice)
    bullet = bullets.create_bullet(session, alice, achievement_id=ach.id, content=GOOD)
    at = run_page("bullets", alice)
    at.button(key=f"bullet.ask.{bullet.id}").click().run()
    assert any("will be deleted" in t.value for t in at.text)
    assert len(bullets.list_bullets(session, alice)) == 1
    at.button(key=f"bullet.delete.{bullet.id}.yes").click().run()
    assert [t.value for t in at.toast] == ["Bullet deleted."]
    assert bullets.list_bullets(session, alice) == []


def test_only_the_ones_with_hints(run_page, session: Session, alice: Actor) -> None:
    _, ach = _record(session, alice)
    bullets.create_bullet(session, alice, achievement_id=ach.id, content=GOOD)
    bullets.create_bullet(session, alice, achievement_id=ach.id, content="Did things")
    at = run_page("bullets", alice)
    assert len(at.text) == 2
    at.toggle(key="bullets.filter.needs_work").set_value(True).run()
    assert [t.value for t in at.text] == ["Did things"]
