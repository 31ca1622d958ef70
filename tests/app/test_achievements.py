"""The achievements page: by experience, skills as tags, filters and search, edit and delete."""

from __future__ import annotations

from sqlmodel import Session

from services import achievements, bullets, experiences
from services.access import Actor


def _job(session: Session, actor: Actor, company: str = "Acme", **kw):
    return experiences.create_experience(
        session, actor, company_name=company, job_title="Engineer", **kw
    )


def test_without_an_experience_the_page_leads_to_one(run_page, alice: Actor) -> None:
    at = run_page("achievements", alice)
    assert not at.exception
    assert "First, add an experience" in at.markdown[0].value


def test_adding_an_achievement_with_skill_tags(run_page, session: Session, alice: Actor) -> None:
    exp = _job(session, alice)
    at = run_page("achievements", alice)
    assert "Record your first achievement" in "".join(m.value for m in at.markdown)
    at.button(key="achievement.add").click().run()
    assert at.selectbox(key="achievement.new.experience_id").value == exp.id
    at.text_area(key="achievement.new.description").set_value("Cut build time in half")
    at.text_area(key="achievement.new.impact").set_value("Saved 30 engineer-hours a week")
    at.multiselect(key="achievement.new.skills").set_value(["python", "CI/CD", "Bazel"])
    at.button(key="achievement.new.save").click().run()
    assert not at.exception and not at.error
    assert [t.value for t in at.toast] == ["Achievement added."]
    [saved] = achievements.list_achievements(session, alice)
    assert saved.description == "Cut build time in half"
    assert saved.impact == "Saved 30 engineer-hours a week"
    assert saved.skills.split(", ")[0] == "Python" and "Bazel" in saved.skills
    assert "Cut build time in half" in [t.value for t in at.text]


def test_a_blank_description_is_refused_and_the_form_keeps_its_values(
    run_page, session: Session, alice: Actor
) -> None:
    _job(session, alice)
    at = run_page("achievements", alice)
    at.button(key="achievement.add").click().run()
    at.text_area(key="achievement.new.impact").set_value("Everything got faster")
    at.multiselect(key="achievement.new.skills").set_value(["Go"])
    at.button(key="achievement.new.save").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Description is required."]
    assert at.text_area(key="achievement.new.impact").value == "Everything got faster"
    assert at.multiselect(key="achievement.new.skills").value == ["Go"]
    assert achievements.list_achievements(session, alice) == []


def test_filters_and_search(run_page, session: Session, alice: Actor) -> None:
    acme = _job(session, alice, "Acme")
    globex = _job(session, alice, "Globex")
    achievements.create_achievement(
        session, alice, experience_id=acme.id, description="Moved to Kubernetes", skills="k8s"
    )
    achievements.create_achievement(
        session,
        alice,
        experience_id=acme.id,
        description="Wrote the style guide",
        skills="Writing",
    )
    achievements.create_achievement(
        session,
        alice,
        experience_id=globex.id,
        description="Hired five engineers",
        impact="Team doubled",
        skills="Leadership",
    )
    at = run_page("achievements", alice)
    shown = lambda: [t.value for t in at.text]  # noqa: E731
    assert len(shown()) == 3
    at.selectbox(key="achievements.filter.experience").set_value(globex.id).run()
    assert shown() == ["Hired five engineers"]
    at.selectbox(key="achievements.filter.experience").set_value(None).run()
    at.selectbox(key="achievements.filter.skill").set_value("Kubernetes").run()
    assert shown() == ["Moved to Kubernetes"]
    at.selectbox(key="achievements.filter.skill").set_value(None).run()
    at.text_input(key="achievements.filter.text").set_value("team DOUBLED").run()
    assert shown() == ["Hired five engineers"]
    at.text_input(key="achievements.filter.text").set_value("nothing like this").run()
    assert shown() == [] and "No achievements match" in at.info[0].value


def test_editing_and_deleting(run_page, session: Session, alice: Actor) -> None:
    exp = _job(session, alice)
    ach = achievements.create_achievement(
        session, alice, experience_id=exp.id, description="Old words", skills="SQL"
    )
    bullets.create_bullet(session, alice, achievement_id=ach.id, content="Wrote old words")
    at = run_page("achievements", alice)
    at.button(key=f"achievement.edit.{ach.id}").click().run()
    assert at.multiselect(key=f"achievement.{ach.id}.skills").value == ["SQL"]
    at.text_area(key=f"achievement.{ach.id}.description").set_value("New words")
    at.button(key=f"achievement.{ach.id}.save").click().run()
    assert [t.value for t in at.toast] == ["Achievement saved."]
    session.expire_all()
    assert achievements.get_achievement(session, alice, ach.id).description == "New words"

    at.button(key=f"achievement.ask.{ach.id}").click().run()
    [question] = [t.value for t in at.text if "will be deleted" in t.value]
    assert "Its 1 bullet stays with Engineer at Acme, no longer tied to it." in question
    at.button(key=f"achievement.delete.{ach.id}.yes").click().run()
    assert [t.value for t in at.toast] == ["Achievement deleted."]
    assert achievements.list_achievements(session, alice) == []
    assert len(bullets.list_bullets(session, alice)) == 1


def test_an_editor_hidden_by_a_filter_comes_back_filled(
    run_page, session: Session, alice: Actor
) -> None:
    acme, globex = _job(session, alice, "Acme"), _job(session, alice, "Globex")
    ach = achievements.create_achievement(
        session, alice, experience_id=acme.id, description="Kept words", skills="SQL"
    )
    achievements.create_achievement(session, alice, experience_id=globex.id, description="Other")
    at = run_page("achievements", alice)
    at.button(key=f"achievement.edit.{ach.id}").click().run()
    at.selectbox(key="achievements.filter.experience").set_value(globex.id).run()
    assert not [t for t in at.text_area if t.key == f"achievement.{ach.id}.description"]
    at.selectbox(key="achievements.filter.experience").set_value(None).run()
    assert at.text_area(key=f"achievement.{ach.id}.description").value == "Kept words"
    assert at.multiselect(key=f"achievement.{ach.id}.skills").value == ["SQL"]
