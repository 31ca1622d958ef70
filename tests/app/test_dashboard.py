"""The dashboard: a welcome that leads a new account in, the example record, and the figures."""

from __future__ import annotations

from sqlmodel import Session

from services import achievements, experiences
from services.access import Actor
from services.demo import record_counts


def test_a_new_account_is_welcomed_and_led_to_its_first_experience(run_page, alice: Actor) -> None:
    at = run_page("home", alice)
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Welcome to Achiev" in text and "Add your first experience" in text
    assert not at.metric


def test_loading_the_example_record_into_an_empty_account(
    run_page, session: Session, alice: Actor
) -> None:
    at = run_page("home", alice)
    at.button(key="dashboard.demo.ask").click().run()
    assert any("Maya Chen" in t.value for t in at.text)
    at.button(key="dashboard.demo.yes").click().run()
    assert not at.exception and not at.error
    assert [t.value for t in at.toast] == ["Example data loaded. Have a look around."]
    counts = record_counts(session, alice.user_id)
    assert counts["experiences"] == 4 and counts["jobs"] == 3
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Experiences"] == "4" and metrics["Job descriptions"] == "3"
    assert len(at.get("plotly_chart")) == 3


def test_the_example_record_only_goes_into_an_empty_account(
    run_page, session: Session, alice: Actor
) -> None:
    at = run_page("home", alice)
    at.button(key="dashboard.demo.ask").click().run()
    # Meanwhile the person adds a job in another tab.
    experiences.create_experience(session, alice, company_name="Acme", job_title="Engineer")
    at.button(key="dashboard.demo.yes").click().run()
    assert not at.exception
    assert record_counts(session, alice.user_id)["experiences"] == 1


def test_figures_and_next_step(run_page, session: Session, alice: Actor) -> None:
    exp = experiences.create_experience(
        session, alice, company_name="Acme", job_title="Engineer", is_current=True
    )
    achievements.create_achievement(
        session, alice, experience_id=exp.id, description="Shipped *it*", skills="Python, SQL"
    )
    at = run_page("home", alice)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Experiences": "1",
        "Achievements": "1",
        "Bullets": "0",
        "Job descriptions": "0",
    }
    text = " ".join(m.value for m in at.markdown)
    assert "Generate bullets for 1 achievement" in text
    assert "Added achievement" in text and "Shipped \\*it\\*" in text
