"""Bullets from achievements, and the one confidence score for both providers."""

from __future__ import annotations

import re

import pytest

from services.ai.bullets import (
    AchievementFacts,
    BulletCandidate,
    generate_bullets,
    offline_bullets,
    support_check,
    tidy_bullet,
)
from services.ai.phrasing import is_past_tense, past_tense, present_participle
from services.errors import AIUnavailable, ValidationFailed

BILLING = AchievementFacts(
    description=(
        "I was responsible for migrating our billing system to Stripe, which reduced failed "
        "payments by 35%."
    ),
    impact="Cut failed payments by 35% and saved $120K a year",
    skills="Stripe, Python",
    job_title="Backend Engineer",
    company="Acme",
)

ACHIEVEMENTS = [
    BILLING,
    AchievementFacts(
        "Helped the team set up CI pipelines with GitHub Actions",
        "Deploys went from weekly to daily",
    ),
    AchievementFacts("worked on the onboarding flow redesign"),
    AchievementFacts("Reduced API latency by 40% by adding Redis caching"),
    AchievementFacts("Mentored three junior developers", "Two were promoted within a year"),
    AchievementFacts(
        "I lead the weekly incident review and write postmortems",
        "MTTR dropped from 4 hours to 90 minutes",
    ),
    AchievementFacts(
        "Helped with the migration to Kubernetes", "zero downtime", "Kubernetes, Docker"
    ),
    AchievementFacts(
        "I used Python to automate the monthly finance reports",
        "Saved 20 hours per month for the finance team",
    ),
    AchievementFacts(
        "Designed and launched a referral program for the mobile app. We ran A/B tests for 6 "
        "weeks and the program drove 12,000 new users."
    ),
]

WEAK_OPENINGS = re.compile(
    r"^(i |we |responsible|helped|worked on|was |assisted|participated|involved)", re.IGNORECASE
)


def good_answer(facts: AchievementFacts) -> dict:
    """A canned model answer built from the facts (what a careful model would write)."""
    return {"json": {"bullets": [{"text": b} for b in offline_bullets(facts)]}}


def assert_house_shape(text: str) -> None:
    assert text == text.strip() and "  " not in text
    assert not text.endswith((".", ",", ";"))
    assert text[0].isupper()
    assert not WEAK_OPENINGS.match(text), text
    assert len(text.split()) <= 40


@pytest.mark.parametrize("facts", ACHIEVEMENTS, ids=lambda f: f.description[:30])
def test_bullets_from_both_providers(harness, facts):
    harness.will_answer(good_answer(facts))
    candidates = generate_bullets(facts, provider=harness.provider)
    assert 1 <= len(candidates) <= 3
    for candidate in candidates:
        assert isinstance(candidate, BulletCandidate)
        assert 0 <= candidate.confidence <= 100
        assert_house_shape(candidate.text)
        assert (candidate.confidence, candidate.unsupported) == support_check(candidate.text, facts)
    assert [c.confidence for c in candidates] == sorted(
        (c.confidence for c in candidates), reverse=True
    )


def test_offline_bullets_are_deterministic_strong_and_honest():
    for facts in ACHIEVEMENTS:
        bullets = offline_bullets(facts)
        assert bullets == offline_bullets(facts)
        for bullet in bullets:
            first = bullet.split()[0]
            assert is_past_tense(first) or first in ("Led", "Built", "Cut", "Ran", "Set"), bullet
            score, unsupported = support_check(bullet, facts)
            assert unsupported == [], bullet
            assert score >= 90, bullet


def test_weak_openings_become_strong_verbs_in_the_past_tense():
    bullets = {f.description: offline_bullets(f)[0] for f in ACHIEVEMENTS}
    assert bullets[BILLING.description] == (
        "Migrated the billing system to Stripe, cutting failed payments by 35% and saving "
        "$120K a year"
    )
    assert bullets[ACHIEVEMENTS[1].description].startswith("Partnered with the team to set up")
    assert bullets[ACHIEVEMENTS[2].description] == "Delivered the onboarding flow redesign"
    assert bullets[ACHIEVEMENTS[5].description].startswith(
        "Led the weekly incident review and wrote postmortems"
    )
    assert bullets[ACHIEVEMENTS[6].description].startswith("Contributed to the migration")
    assert bullets[ACHIEVEMENTS[7].description].startswith("Applied Python to automate")
    # The impact comes last.
    assert bullets[ACHIEVEMENTS[5].description].endswith("MTTR dropped from 4 hours to 90 minutes")


def test_offline_bullets_never_carry_a_number_absent_from_the_achievement():
    number = re.compile(r"\d[\d,.]*")
    for facts in ACHIEVEMENTS:
        source_numbers = set(number.findall(facts.source_text))
        for bullet in offline_bullets(facts):
            assert set(number.findall(bullet)) <= source_numbers, bullet


def test_long_achievements_are_trimmed():
    facts = AchievementFacts(
        "Rebuilt the internal reporting platform " + "and its many dashboards " * 20,
        "Cut report time from 3 days to 2 hours",
    )
    for bullet in offline_bullets(facts):
        assert len(bullet.split()) <= 32
        assert bullet.endswith("2 hours")


def test_confidence_falls_for_an_invented_number():
    faithful, none = support_check(
        "Migrated billing to Stripe, cutting failed payments by 35% and saving $120K a year",
        BILLING,
    )
    inflated, unsupported = support_check(
        "Migrated billing to Stripe, cutting failed payments by 50% and saving $120K a year",
        BILLING,
    )
    assert none == []
    assert unsupported == ["50%"]
    assert inflated <= faithful - 25


def test_confidence_falls_for_an_invented_name_and_claim():
    score, unsupported = support_check(
        "Led the first billing migration to Stripe at Google, cutting failed payments by 35%",
        BILLING,
    )
    assert "Google" in unsupported and "first" in unsupported
    assert score <= 100 - 20 - 15


@pytest.mark.parametrize(
    ("bullet", "flagged"),
    [
        ("Saved $2M a year by migrating billing to Stripe", "$2M"),
        ("Migrated billing to Stripe in 3 weeks", "3 weeks"),
        ("Cut failed payments 3x by migrating billing to Stripe", "3x"),
        ("Migrated billing to Stripe for 40 merchants", "40"),
        ("Migrated billing to Stripe with AWS Lambda", "AWS Lambda"),
        ("Doubled payment success by migrating billing to Stripe", "Doubled"),
    ],
)
def test_each_kind_of_unsupported_item_is_listed(bullet, flagged):
    score, unsupported = support_check(bullet, BILLING)
    assert flagged in unsupported
    assert score < 100


def test_numbers_match_by_value_and_kind():
    facts = AchievementFacts(
        "Onboarded three clients", "Revenue grew 20 percent, about $1.5 million"
    )
    assert support_check("Onboarded 3 clients, growing revenue 20% to $1.5M", facts) == (100, [])
    assert "$20" in support_check("Onboarded 3 clients, saving $20", facts)[1]


def test_names_supported_by_skills_and_aliases():
    facts = AchievementFacts("Moved services to containers", skills="k8s, Python")
    score, unsupported = support_check("Moved services to Kubernetes containers with Python", facts)
    assert unsupported == []
    assert score >= 90


def test_fluff_unrelated_to_the_facts_scores_low():
    score, _ = support_check("Spearheaded enterprise transformation leveraging synergies", BILLING)
    assert score <= 60


def test_model_bullets_are_tidied_and_scored_with_the_same_check(make_openai, fake_openai):
    fake_openai.enqueue(
        {
            "json": {
                "bullets": [
                    {"text": "- Migrated billing to Stripe, cutting failed payments by 35%."},
                    {"text": "Led a record migration at Google, cutting failures by 50%"},
                    {"text": "• migrated billing to Stripe, cutting failed payments by 35%"},
                ]
            }
        }
    )
    candidates = generate_bullets(BILLING, provider=make_openai())
    assert [c.text for c in candidates] == [
        "Migrated billing to Stripe, cutting failed payments by 35%",
        "Led a record migration at Google, cutting failures by 50%",
    ]
    best, worst = candidates
    assert best.confidence == 100 and best.unsupported == []
    assert set(worst.unsupported) == {"50%", "record", "Google"}
    assert worst.confidence <= 40
    prompt = fake_openai.requests[-1]["body"]["messages"]
    assert "Stripe" in prompt[1]["content"] and "$120K" in prompt[1]["content"]


def test_model_with_no_usable_bullets(make_openai, fake_openai):
    fake_openai.enqueue({"json": {"bullets": [{"text": "  "}]}})
    with pytest.raises(AIUnavailable, match="no usable bullets"):
        generate_bullets(BILLING, provider=make_openai())


def test_an_achievement_without_description_is_refused(harness):
    with pytest.raises(ValidationFailed) as caught:
        generate_bullets(AchievementFacts("   "), provider=harness.provider)
    assert "description" in caught.value.errors


def test_facts_from_records():
    class Achievement:
        id = "a1"
        description = "Built the thing"
        impact = None
        skills = "python, k8s"

    class Experience:
        job_title = "Engineer"
        company_name = "Acme"

    facts = AchievementFacts.of(Achievement(), Experience())
    assert facts.achievement_id == "a1"
    assert facts.skills == ("Python", "Kubernetes")
    assert facts.company == "Acme" and facts.impact == ""


def test_tidy_bullet():
    assert tidy_bullet("  * “reduced costs by 5%.”  ") == "Reduced costs by 5%"


@pytest.mark.parametrize(
    ("base", "past", "ing"),
    [
        ("build", "built", "building"),
        ("reduce", "reduced", "reducing"),
        ("plan", "planned", "planning"),
        ("simplify", "simplified", "simplifying"),
        ("lead", "led", "leading"),
        ("cut", "cut", "cutting"),
    ],
)
def test_verb_forms(base, past, ing):
    assert past_tense(base) == past
    assert present_participle(base) == ing


def test_names_keep_their_capitals_and_common_words_do_not():
    facts = AchievementFacts("Stripe integration for the billing team", "Revenue grew 20%")
    assert offline_bullets(facts)[0] == (
        "Delivered Stripe integration for the billing team; revenue grew 20%"
    )
    facts = AchievementFacts("Built a Jira bot", "Jira tickets closed 2x faster")
    assert offline_bullets(facts)[0] == "Built a Jira bot; Jira tickets closed 2x faster"
