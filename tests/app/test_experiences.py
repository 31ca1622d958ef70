"""The experiences page: add, edit and delete jobs; dates to the month; asks before deleting."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from services import achievements, bullets, experiences
from services.access import Actor


def fill(at, prefix: str, **values) -> None:
    for field, value in values.items():
        if field in ("start_date.month", "start_date.year", "end_date.month", "end_date.year"):
            at.selectbox(key=f"{prefix}.{field}").set_value(value)
        elif field == "is_current":
            at.checkbox(key=f"{prefix}.{field}").set_value(value)
        elif field == "description":
            at.text_area(key=f"{prefix}.{field}").set_value(value)
        else:
            at.text_input(key=f"{prefix}.{field}").set_value(value)


def test_a_new_member_adds_a_current_job(run_page, session: Session, alice: Actor) -> None:
    at = run_page("experiences", alice)
    assert not at.exception
    # An empty record opens the form straight away.
    assert "Add your first experience" in at.markdown[0].value
    fill(
        at,
        "experience.new",
        company_name="Acme",
        job_title="Engineer",
        location="Lisbon",
        **{"start_date.month": "Mar", "start_date.year": 2021},
    )
    at.checkbox(key="experience.new.is_current").check().run()
    # "I work here now" hides the end date.
    assert not [s for s in at.selectbox if s.key.startswith("experience.new.end_date")]
    at.button(key="experience.new.save").click().run()
    assert not at.exception and not at.error
    assert [t.value for t in at.toast] == ["Experience added."]
    [saved] = experiences.list_experiences(session, alice)
    assert (saved.company_name, saved.job_title, saved.location) == ("Acme", "Engineer", "Lisbon")
    assert saved.start_date == datetime(2021, 3, 1) and saved.is_current and saved.end_date is None
    assert "Current" in at.markdown[0].value and "Mar 2021 – now" in at.caption[1].value


def test_a_blank_company_is_refused_beside_the_field_and_nothing_is_lost(
    run_page, session: Session, alice: Actor
) -> None:
    at = run_page("experiences", alice)
    fill(
        at,
        "experience.new",
        job_title="Engineer",
        description="Built things.",
        **{"start_date.month": "Jan", "start_date.year": 2020},
    )
    at.button(key="experience.new.save").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Company is required."]
    assert not at.toast
    assert at.text_input(key="experience.new.job_title").value == "Engineer"
    assert at.text_area(key="experience.new.description").value == "Built things."
    assert at.selectbox(key="experience.new.start_date.year").value == 2020
    assert experiences.list_experiences(session, alice) == []


def test_half_a_date_and_an_end_before_the_start_are_explained(
    run_page, session: Session, alice: Actor
) -> None:
    at = run_page("experiences", alice)
    fill(
        at,
        "experience.new",
        company_name="Acme",
        job_title="Engineer",
        **{"start_date.month": "Jun"},
    )
    at.button(key="experience.new.save").click().run()
    assert [e.value for e in at.error] == [
        "Choose both the month and the year of the start date, or neither."
    ]
    fill(
        at,
        "experience.new",
        **{"start_date.year": 2022, "end_date.month": "Jan", "end_date.year": 2021},
    )
    at.button(key="experience.new.save").click().run()
    assert [e.value for e in at.error] == ["End date cannot be before the start date."]
    assert at.text_input(key="experience.new.company_name").value == "Acme"
    assert experiences.list_experiences(session, alice) == []


def test_editing_in_place_keeps_the_other_fields(run_page, session: Session, alice: Actor) -> None:
    exp = experiences.create_experience(
        session,
        alice,
        company_name="Acme",
        job_title="Engineer",
        start_date=datetime(2019, 5, 1),
        end_date=datetime(2021, 2, 1),
        location="Porto",
    )
    at = run_page("experiences", alice)
    at.button(key=f"experience.edit.{exp.id}").click().run()
    prefix = f"experience.{exp.id}"
    assert at.text_input(key=f"{prefix}.company_name").value == "Acme"
    assert at.selectbox(key=f"{prefix}.end_date.month").value == "Feb"
    at.text_input(key=f"{prefix}.job_title").set_value("Senior Engineer")
    at.button(key=f"{prefix}.save").click().run()
    assert not at.exception and not at.error
    assert [t.value for t in at.toast] == ["Experience saved."]
    session.expire_all()
    saved = experiences.get_experience(session, alice, exp.id)
    assert (saved.job_title, saved.location, saved.end_date) == (
        "Senior Engineer",
        "Porto",
        datetime(2021, 2, 1),
    )


def test_deleting_says_what_goes_with_it_and_asks_first(
    run_page, session: Session, alice: Actor
) -> None:
    exp = experiences.create_experience(session, alice, company_name="Acme", job_title="Engineer")
    for i in range(3):
        ach = achievements.create_achievement(
            session, alice, experience_id=exp.id, description=f"Did {i}"
        )
        bullets.create_bullet(session, alice, achievement_id=ach.id, content=f"Did {i} well")
    at = run_page("experiences", alice)
    at.button(key=f"experience.ask.{exp.id}").click().run()
    [question] = [t.value for t in at.text if "will be deleted" in t.value]
    assert "Engineer at Acme will be deleted." in question
    assert "Its 3 achievements and 3 bullets go with it." in question
    at.button(key=f"experience.delete.{exp.id}.no").click().run()
    assert len(experiences.list_experiences(session, alice)) == 1
    at.button(key=f"experience.ask.{exp.id}").click().run()
    at.button(key=f"experience.delete.{exp.id}.yes").click().run()
    assert not at.exception
    assert [t.value for t in at.toast] == ["Experience deleted."]
    assert experiences.list_experiences(session, alice) == []


def test_newest_first_and_current_marked(run_page, session: Session, alice: Actor) -> None:
    experiences.create_experience(
        session,
        alice,
        company_name="Old Co",
        job_title="Junior",
        start_date=datetime(2010, 1, 1),
        end_date=datetime(2012, 1, 1),
    )
    experiences.create_experience(
        session,
        alice,
        company_name="Now Co",
        job_title="Lead",
        start_date=datetime(2020, 1, 1),
        is_current=True,
    )
    at = run_page("experiences", alice)
    titles = [m.value for m in at.markdown if "·" in m.value]
    assert "Now Co" in titles[0] and "Current" in titles[0]
    assert "Old Co" in titles[1] and "Current" not in titles[1]


def test_user_text_is_not_read_as_markdown(run_page, session: Session, alice: Actor) -> None:
    experiences.create_experience(
        session, alice, company_name="**Bold** [link](https://x.test)", job_title="Dev $x$"
    )
    at = run_page("experiences", alice)
    [card] = [m.value for m in at.markdown if "Bold" in m.value]
    assert "\\*\\*Bold\\*\\*" in card and "\\[link\\]" in card and "\\$x\\$" in card


def test_the_delete_question_names_only_what_exists(
    run_page, session: Session, alice: Actor
) -> None:
    exp = experiences.create_experience(session, alice, company_name="Acme", job_title="Dev")
    at = run_page("experiences", alice)
    at.button(key=f"experience.ask.{exp.id}").click().run()
    assert any("Nothing else goes with it." in t.value for t in at.text)
    achievements.create_achievement(session, alice, experience_id=exp.id, description="Did it")
    at = run_page("experiences", alice)
    at.button(key=f"experience.ask.{exp.id}").click().run()
    assert any("Its 1 achievement goes with it." in t.value for t in at.text)
