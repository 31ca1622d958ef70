"""The services behind the member pages: hints, search, dashboard figures, links, demo loading."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlmodel import Session

from models import Experience, JobDescription, Profile
from services import achievements, bullets, experiences, jobs, profiles
from services.access import Actor
from services.bullets import BULLET_MAX_CHARS, bullet_hints, starts_with_action_verb
from services.career import load_career
from services.dashboard import load_dashboard, next_steps
from services.demo import load_demo_record, record_counts, seed_large
from services.errors import ValidationFailed
from services.validation import MAX_TEXT_CHARS, max_chars

# --- bullet hints ---------------------------------------------------------------------------


def _rules(text: str) -> dict[str, bool]:
    return {h.rule: h.ok for h in bullet_hints(text)}


def test_a_strong_bullet_passes_every_hint() -> None:
    text = (
        "Led the migration of 14 payment services to Kubernetes with Terraform, raising "
        "deploys from weekly to 30 a day"
    )
    assert _rules(text) == {"verb": True, "number": True, "length": True}
    assert bullet_hints(text)[0].message == "Starts with an action verb (Led)."


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("Built the billing service", True),
        ("- Reduced churn", True),
        ("• Rearchitected the API", True),
        ("Spearheaded a rewrite", True),
        ("Automate the reports", True),
        ("Responsible for the website", False),
        ("Was in charge of hiring", False),
        ("Helped with the launch", False),
        ("Worked on payments", False),
        ("The team shipped it", False),
        ("", False),
    ],
)
def test_action_verb_first(text: str, verb: bool) -> None:
    assert starts_with_action_verb(text) is verb
    assert _rules(text)["verb"] is verb


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Cut costs by 22%", True),
        ("Served 40 million transactions", True),
        ("Doubled the team", True),
        ("Hired five engineers", True),
        ("Made things better", False),
    ],
)
def test_carries_a_number(text: str, number: bool) -> None:
    assert _rules(text)["number"] is number


def test_length_between_80_and_220() -> None:
    short, long_ = bullet_hints("Built it in 2 days")[2], bullet_hints("Built " + "x" * 230)[2]
    assert not short.ok and short.label == "Short: 18 characters"
    assert not long_.ok and str(BULLET_MAX_CHARS) in long_.message
    assert bullet_hints("Built " + "x" * 100)[2].ok
    # Whitespace does not count towards the length.
    assert bullet_hints("Built " + " " * 200 + "it")[2].label == "Short: 8 characters"


# --- schema limits ----------------------------------------------------------------------------


def test_max_chars_follows_the_schema() -> None:
    assert max_chars(Profile, "first_name") == 100
    assert max_chars(Experience, "company_name") == 255
    assert max_chars(JobDescription, "description") == MAX_TEXT_CHARS


# --- job links --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["javascript:alert(1)", "example.com/job", "https://a b.test"])
def test_a_job_link_must_be_a_web_address(session: Session, alice: Actor, url: str) -> None:
    with pytest.raises(ValidationFailed) as failed:
        jobs.create_job(session, alice, title="Engineer", description="Build.", url=url)
    assert failed.value.errors == {"url": "Link must be a web address starting with https://."}


def test_a_web_address_is_kept_and_can_be_cleared(session: Session, alice: Actor) -> None:
    job = jobs.create_job(
        session, alice, title="Engineer", description="Build.", url="HTTPS://x.test/1"
    )
    assert job.url == "HTTPS://x.test/1"
    assert jobs.update_job(session, alice, job.id, url="").url is None
    with pytest.raises(ValidationFailed):
        jobs.update_job(session, alice, job.id, url="ftp://x.test")


# --- searching achievements --------------------------------------------------------------------


@pytest.fixture
def record(session: Session, alice: Actor) -> dict:
    acme = experiences.create_experience(
        session,
        alice,
        company_name="Acme",
        job_title="Engineer",
        start_date=date(2019, 1, 1),
        end_date=date(2021, 1, 1),
    )
    globex = experiences.create_experience(
        session,
        alice,
        company_name="Globex",
        job_title="Lead",
        start_date=date(2021, 2, 1),
        is_current=True,
    )
    a1 = achievements.create_achievement(
        session,
        alice,
        experience_id=acme.id,
        description="Moved to Kubernetes",
        impact="Deploys 10x faster",
        skills="k8s, Python",
    )
    a2 = achievements.create_achievement(
        session,
        alice,
        experience_id=acme.id,
        description="Wrote the style guide",
        skills="Writing, python",
    )
    a3 = achievements.create_achievement(
        session,
        alice,
        experience_id=globex.id,
        description="Hired five engineers",
        impact="Team doubled",
        skills="Leadership",
    )
    return {"acme": acme, "globex": globex, "a1": a1, "a2": a2, "a3": a3}


def _ids(found) -> list[str]:
    return [child.achievement.id for _, children in found for child in children]


def test_search_by_experience_skill_and_words(session: Session, alice: Actor, record) -> None:
    tree = load_career(session, alice)
    everything = achievements.search_achievements(tree)
    # Newest experience first, oldest achievement first within it.
    assert _ids(everything) == [record[k].id for k in ("a3", "a1", "a2")]
    by_job = achievements.search_achievements(tree, experience_id=record["acme"].id)
    assert _ids(by_job) == [record["a1"].id, record["a2"].id]
    assert _ids(achievements.search_achievements(tree, skill="kubernetes")) == [record["a1"].id]
    assert _ids(achievements.search_achievements(tree, skill="PYTHON")) == [
        record["a1"].id,
        record["a2"].id,
    ]
    assert _ids(achievements.search_achievements(tree, text="  team   DOUBLED ")) == [
        record["a3"].id
    ]
    assert _ids(achievements.search_achievements(tree, text="style kubernetes")) == []
    assert (
        achievements.search_achievements(tree, experience_id=record["globex"].id, skill="Python")
        == []
    )


def test_skill_counts_most_used_first(session: Session, alice: Actor, record) -> None:
    tree = load_career(session, alice)
    counts = achievements.skill_counts(tree)
    assert counts[0] == ("Python", 2)
    assert {name for name, n in counts if n == 1} == {"Kubernetes", "Writing", "Leadership"}


# --- the dashboard ---------------------------------------------------------------------------


def test_dashboard_figures(session: Session, alice: Actor, record) -> None:
    bullets.create_bullet(session, alice, achievement_id=record["a1"].id, content="Moved it")
    profiles.update_profile(session, alice, first_name="Alice")
    jobs.create_job(session, alice, title="Staff engineer", company="Initech", description="x")
    board = load_dashboard(session, alice, today=date(2026, 6, 1))
    assert board.name == "Alice"
    c = board.counts
    assert (c.experiences, c.achievements, c.bullets, c.jobs) == (2, 3, 1, 1)
    assert [(t.company, t.start, t.end, t.is_current) for t in board.timeline] == [
        ("Acme", date(2019, 1, 1), date(2021, 1, 1), False),
        ("Globex", date(2021, 2, 1), date(2026, 6, 1), True),
    ]
    assert board.achievements_per_year == [(2019, 2), (2020, 0), (2021, 1)]
    assert board.top_skills[0] == ("Python", 2)
    kinds = [a.kind for a in board.recent]
    assert kinds[0] == "job" and "profile" in kinds and len(board.recent) <= 6
    assert board.recent[0].text == "Staff engineer at Initech" and board.recent[0].action == "Added"
    assert [s.title for s in board.next_steps] == [
        "Generate bullets for 2 achievements",
        "Match a job",
        "Complete your profile",
    ]


def test_next_steps_lead_a_newcomer_in_order(session: Session, alice: Actor) -> None:
    def steps() -> list[str]:
        tree = load_career(session, alice)
        return [s.title for s in next_steps(tree, jobs.list_jobs(session, alice))]

    assert steps() == ["Add your first experience", "Complete your profile"]
    exp = experiences.create_experience(session, alice, company_name="Acme", job_title="Dev")
    assert steps()[0] == "Add your first achievement"
    achievements.create_achievement(session, alice, experience_id=exp.id, description="Did it")
    assert steps()[:2] == ["Generate bullets for 1 achievement", "Paste a job description"]
    experiences.create_experience(session, alice, company_name="Globex", job_title="Dev")
    assert steps()[0] == "Add achievements to 1 experience"


def test_the_dashboard_reads_a_large_record_in_constant_queries(
    session: Session, alice: Actor
) -> None:
    import sqlalchemy as sa

    user, _ = seed_large(session)
    statements: list[str] = []
    engine = session.get_bind()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        board = load_dashboard(session, Actor(user.user_id))
        large = len(statements)
        statements.clear()
        load_dashboard(session, alice)
        small = len(statements)
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
    assert board.counts.achievements == 400 and board.counts.bullets == 1200
    assert large == small <= 6


# --- the example record -------------------------------------------------------------------------


def test_the_example_record_loads_only_into_an_empty_account(
    session: Session, alice: Actor
) -> None:
    load_demo_record(session, alice)
    counts = record_counts(session, alice.user_id)
    assert counts["experiences"] == 4 and counts["jobs"] == 3
    assert profiles.get_profile(session, alice).first_name == "Maya"
    with pytest.raises(ValidationFailed) as failed:
        load_demo_record(session, alice)
    assert "empty record" in failed.value.errors["record"]
    assert record_counts(session, alice.user_id) == counts


def test_month_values_round_trip() -> None:
    from components.format import period

    assert period(datetime(2021, 3, 1), None, True) == "Mar 2021 – now"
    assert period(datetime(2018, 6, 1), datetime(2021, 2, 1), False) == "Jun 2018 – Feb 2021"
    assert period(None, None, False) == "Dates not set"
