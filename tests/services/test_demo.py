"""The demo and large accounts."""

from __future__ import annotations

from sqlmodel import Session

from services.access import Actor
from services.career import load_career
from services.demo import DEMO_USER_ID, LARGE, record_counts, seed_demo, seed_large


def test_demo_account_is_realistic_and_seeding_twice_changes_nothing(session: Session) -> None:
    user, created = seed_demo(session)
    assert created
    counts = record_counts(session, user.user_id)
    assert counts["experiences"] >= 4 and counts["achievements"] >= 15
    assert counts["bullets"] >= 10 and counts["jobs"] == 3
    assert counts["resumes"] == 1 and counts["conversations"] == 1 and counts["messages"] >= 2
    tree = load_career(session, Actor(DEMO_USER_ID))
    assert tree.profile.first_name == "Maya"
    years = {n.experience.start_date.year for n in tree.experiences}
    assert len(years) >= 4
    assert all(
        a.achievement.impact and a.achievement.skills
        for n in tree.experiences
        for a in n.achievements
    )
    again, created_again = seed_demo(session)
    assert not created_again and record_counts(session, again.user_id) == counts


def test_large_account_has_the_promised_size(session: Session) -> None:
    user, created = seed_large(session)
    assert created
    counts = record_counts(session, user.user_id)
    assert counts == {
        "experiences": LARGE["experiences"],
        "achievements": LARGE["achievements"],
        "bullets": LARGE["bullets"],
        "jobs": LARGE["jobs"],
        "resumes": LARGE["resumes"],
        "conversations": LARGE["conversations"],
        "messages": LARGE["conversations"] * LARGE["messages_per_conversation"],
    }
    assert not seed_large(session)[1]
