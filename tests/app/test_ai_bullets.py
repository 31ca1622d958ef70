"""Bullets written by AI from achievements: suggestions with their confidence and what is not
supported, kept, edited or discarded; every achievement at once; and each fault of the model
server, which shows a sentence and a retry and saves nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from services import achievements, bullets, experiences
from services.access import Actor
from services.ai.bullets import AchievementFacts, support_check
from tests.app.ai_support import FAULTS, fake_openai, openai_app, point_at, refused_app
from tests.fakes.openai_server import FakeOpenAIServer

__all__ = ["fake_openai", "openai_app", "refused_app"]

SETTLEMENT = "Rebuilt the settlement pipeline on Kafka"
SETTLEMENT_IMPACT = "Settlement time fell from 26 hours to 40 minutes"
SUPPORTED = (
    "Rebuilt the settlement pipeline on Kafka, cutting settlement from 26 hours to 40 minutes"
)
INVENTED = "Rebuilt the settlement pipeline on Kafka at Stripe, cutting costs by 90% for 3M users"


def _record(session: Session, actor: Actor):
    exp = experiences.create_experience(
        session, actor, company_name="Northwind", job_title="Backend Engineer"
    )
    ach = achievements.create_achievement(
        session,
        actor,
        experience_id=exp.id,
        description=SETTLEMENT,
        impact=SETTLEMENT_IMPACT,
        skills=["Kafka"],
    )
    return exp, ach


def _more(session: Session, actor: Actor, exp, *descriptions: str):
    return [
        achievements.create_achievement(session, actor, experience_id=exp.id, description=d)
        for d in descriptions
    ]


def _candidate_keys(at: AppTest, action: str) -> list[str]:
    return [
        b.key
        for b in at.button
        if b.key and b.key.startswith("ai.bullets.") and b.key.endswith(f".{action}")
    ]


def _support_lines(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if "Confidence" in m.value]


def _plain(markdown: str) -> str:
    """Markdown as read: escapes removed."""
    return markdown.replace("\\", "")


def _drafts(text: str) -> dict[str, Any]:
    return {"json": {"bullets": [{"text": text}]}}


# -- one achievement, offline -----------------------------------------------------------------


def test_suggestions_show_their_confidence_and_one_is_kept(
    run_page, session: Session, alice: Actor
) -> None:
    exp, ach = _record(session, alice)
    at = run_page("achievements", alice)
    assert any("AI: Offline" in c.value for c in at.sidebar.caption)
    at.button(key=f"achievement.ai.{ach.id}").click().run()
    assert not at.exception and not at.error
    assert any("Suggested bullets" in m.value for m in at.markdown)
    keep = _candidate_keys(at, "accept")
    assert 1 <= len(keep) <= 3
    assert all("Confidence 100/100" in line for line in _support_lines(at))
    suggested = [t.value for t in at.text if t.value != SETTLEMENT]
    assert suggested and all(t.startswith("Rebuilt") for t in suggested)
    assert bullets.list_bullets(session, alice) == []  # nothing saved before a decision

    at.run()  # a rerun keeps the suggestions
    assert _candidate_keys(at, "accept") == keep

    at.button(key=keep[0]).click().run()
    assert not at.exception and not at.error
    assert [t.value for t in at.toast] == ["Bullet saved."]
    [saved] = bullets.list_bullets(session, alice)
    assert saved.content == suggested[0]
    assert saved.ai_generated and not saved.is_custom and saved.confidence_score == 100
    assert (saved.achievement_id, saved.experience_id) == (ach.id, exp.id)
    assert keep[0] not in _candidate_keys(at, "accept")
    assert any(":gray[1 bullet]" in m.value for m in at.markdown)


def test_a_discarded_suggestion_is_gone_and_nothing_is_saved(
    run_page, session: Session, alice: Actor
) -> None:
    _, ach = _record(session, alice)
    at = run_page("achievements", alice)
    at.button(key=f"achievement.ai.{ach.id}").click().run()
    for key in _candidate_keys(at, "discard"):
        at.button(key=key).click().run()
    assert not at.exception
    assert _candidate_keys(at, "accept") == []
    assert not any("Suggested bullets" in m.value for m in at.markdown)
    assert bullets.list_bullets(session, alice) == []


def test_an_edited_suggestion_is_rescored_and_kept_as_ai_written(
    run_page, session: Session, alice: Actor
) -> None:
    _, ach = _record(session, alice)
    at = run_page("achievements", alice)
    at.button(key=f"achievement.ai.{ach.id}").click().run()
    [edit, *_] = _candidate_keys(at, "edit")
    at.button(key=edit).click().run()
    form = edit.removesuffix(".edit")
    box = at.text_area(key=f"{form}.text")
    assert box.value.startswith("Rebuilt")
    box.set_value(INVENTED).run()
    # The score follows the edit, and what the achievement lacks is named.
    facts = AchievementFacts(
        description=SETTLEMENT,
        impact=SETTLEMENT_IMPACT,
        skills=["Apache Kafka"],
        job_title="Backend Engineer",
        company="Northwind",
    )
    score, unsupported = support_check(INVENTED, facts)
    assert score < 60 and "Stripe" in unsupported
    [line] = [m for m in _support_lines(at) if f"Confidence {score}/100" in m]
    assert "Stripe" in line and "Not in the achievement" in line
    at.run()  # the edit survives a rerun
    assert at.text_area(key=f"{form}.text").value == INVENTED

    at.button(key=f"{form}.accept").click().run()
    assert not at.exception and not at.error
    [saved] = bullets.list_bullets(session, alice)
    assert saved.content == INVENTED
    assert saved.ai_generated and not saved.is_custom
    assert saved.confidence_score == score


def test_an_emptied_edit_is_refused_beside_the_suggestion(
    run_page, session: Session, alice: Actor
) -> None:
    _, ach = _record(session, alice)
    at = run_page("achievements", alice)
    at.button(key=f"achievement.ai.{ach.id}").click().run()
    [edit, *_] = _candidate_keys(at, "edit")
    form = edit.removesuffix(".edit")
    at.button(key=edit).click().run()
    at.text_area(key=f"{form}.text").set_value("  ")
    at.button(key=f"{form}.accept").click().run()
    assert [e.value for e in at.error] == ["Bullet is required."]
    assert f"{form}.accept" in _candidate_keys(at, "accept")
    assert bullets.list_bullets(session, alice) == []


def test_bullets_page_writes_for_the_chosen_achievement(
    run_page, session: Session, alice: Actor
) -> None:
    exp, ach = _record(session, alice)
    [mentoring] = _more(session, alice, exp, "Mentored four engineers through their first launch")
    bullets.create_bullet(session, alice, achievement_id=ach.id, content=SUPPORTED)
    at = run_page("bullets", alice)
    assert any("AI: Offline" in c.value for c in at.sidebar.caption)
    at.button(key="ai.bullets.open").click().run()
    # The first achievement without a bullet is offered first.
    assert at.selectbox(key="ai.bullets.pick").value == mentoring.id
    assert at.button(key="ai.batch.start").label.endswith("(1)")
    at.button(key="ai.bullets.write").click().run()
    assert not at.exception and not at.error
    assert any("Suggested bullets" in m.value and "Mentored" in m.value for m in at.markdown)
    at.button(key=_candidate_keys(at, "accept")[0]).click().run()
    saved = bullets.list_bullets(session, alice, achievement_id=mentoring.id)
    assert len(saved) == 1 and saved[0].content.startswith("Mentored")
    # The new bullet is in the list, marked as AI-written with its confidence.
    assert saved[0].content in [t.value for t in at.text]
    assert any("AI-written · 100% confidence" in c.value for c in at.caption)


# -- every achievement that has none ----------------------------------------------------------


@pytest.fixture
def progress_updates(monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, str]]:
    """Each update of a progress bar after it is drawn: (fraction, text)."""
    updates: list[tuple[float, str]] = []
    original = DeltaGenerator.progress

    def progress(self, value, text=None, **kwargs):
        updates.append((value, text or ""))
        return original(self, value, text=text, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "progress", progress)
    return updates


def test_every_achievement_without_a_bullet_gets_one_with_progress(
    run_page, session: Session, alice: Actor, progress_updates
) -> None:
    exp, ach = _record(session, alice)
    others = _more(
        session,
        alice,
        exp,
        "Mentored four engineers through their first launch",
        "Automated the weekly permit statistics report",
        "Introduced automated testing for the warehouse API",
    )
    kept = bullets.create_bullet(session, alice, achievement_id=ach.id, content=SUPPORTED)
    at = run_page("bullets", alice)
    at.button(key="ai.bullets.open").click().run()
    assert at.button(key="ai.batch.start").label.endswith("(3)")
    at.button(key="ai.batch.start").click().run()
    assert not at.exception and not at.error
    assert [t.value for t in at.toast] == ["Bullets written for 3 achievements."]
    # The bar moved as each achievement finished.
    assert [round(v, 2) for v, _ in progress_updates] == [0.33, 0.67, 1.0]
    assert progress_updates[-1][1] == "3 of 3 achievements done · 3 bullets saved"
    for other in others:
        [bullet] = bullets.list_bullets(session, alice, achievement_id=other.id)
        assert bullet.ai_generated and bullet.confidence_score == 100
    assert bullets.list_bullets(session, alice, achievement_id=ach.id) == [kept]
    assert bullets.achievements_without_bullets(session, alice) == []
    assert any("Bullets written and saved for 3 achievements." in m.value for m in at.markdown)
    assert at.button(key="ai.batch.start").disabled
    at.button(key="ai.batch.close").click().run()
    assert not any("Bullets written and saved" in m.value for m in at.markdown)


def test_a_batch_with_a_model_runs_as_many_at_once_as_the_setting_allows(
    run_page,
    session: Session,
    alice: Actor,
    openai_app: FakeOpenAIServer,
    monkeypatch: pytest.MonkeyPatch,
    progress_updates,
) -> None:
    monkeypatch.setenv("ACHIEV_AI_CONCURRENCY", "2")
    point_at(monkeypatch, openai_app.base_url)
    exp = experiences.create_experience(session, alice, company_name="Acme", job_title="Analyst")
    _more(session, alice, exp, *(f"Built the finance report number {n}" for n in range(5)))
    openai_app.latency = 0.2
    openai_app.set_sticky(_drafts("Built the finance report"))
    at = run_page("bullets", alice)
    assert any("AI: OpenAI-compatible" in _plain(c.value) for c in at.sidebar.caption)
    at.button(key="ai.bullets.open").click().run()
    at.button(key="ai.batch.start").click().run(timeout=60)
    assert not at.exception and not at.error
    assert openai_app.max_in_flight == 2
    assert len(openai_app.requests) == 5
    assert len(progress_updates) == 5
    saved = bullets.list_bullets(session, alice)
    assert [b.content for b in saved] == ["Built the finance report"] * 5
    assert all(b.ai_generated and b.confidence_score == 100 for b in saved)


def test_a_batch_holds_a_suggestion_that_needs_checking_for_review(
    run_page, session: Session, alice: Actor, openai_app: FakeOpenAIServer
) -> None:
    exp, ach = _record(session, alice)
    [report] = _more(session, alice, exp, "Built the Tableau finance report")
    # The same answer for both: all in the report's own words, but Tableau is news to the other.
    openai_app.set_sticky(_drafts("Built the Tableau finance report"))
    at = run_page("bullets", alice)
    at.button(key="ai.bullets.open").click().run()
    at.button(key="ai.batch.start").click().run()
    assert not at.exception and not at.error
    [saved] = bullets.list_bullets(session, alice)
    assert saved.achievement_id == report.id and saved.confidence_score == 100
    assert bullets.list_bullets(session, alice, achievement_id=ach.id) == []
    outcome = " ".join(m.value for m in at.markdown)
    assert "Bullets written and saved for 1 achievement." in outcome
    assert "1 achievement waits for your review below" in outcome
    # The held suggestion is shown with what the achievement lacks marked in its text.
    assert any("Suggested bullets" in m.value and "settlement" in m.value for m in at.markdown)
    assert any(":orange-background[Tableau]" in m.value for m in at.markdown)
    [line] = _support_lines(at)
    assert "Not in the achievement" in line and ":orange-badge[Tableau]" in line
    at.button(key=_candidate_keys(at, "accept")[0]).click().run()
    [kept] = bullets.list_bullets(session, alice, achievement_id=ach.id)
    assert kept.content == "Built the Tableau finance report" and kept.confidence_score < 60


def test_a_failed_achievement_in_a_batch_is_named_and_tried_again(
    run_page, session: Session, alice: Actor, openai_app: FakeOpenAIServer
) -> None:
    exp, ach = _record(session, alice)
    [tests] = _more(session, alice, exp, "Rebuilt the settlement pipeline tests")
    names = {ach.id: SETTLEMENT, tests.id: "Rebuilt the settlement pipeline tests"}
    # One of the two meets a server error (whichever asks first); the other carries on.
    openai_app.enqueue({"status": 500})
    openai_app.set_sticky(_drafts("Rebuilt the settlement pipeline"))  # fits both
    at = run_page("bullets", alice)
    at.button(key="ai.bullets.open").click().run()
    at.button(key="ai.batch.start").click().run()
    assert not at.exception
    [warning] = at.warning
    assert "HTTP 500" in warning.value
    [failed] = [a_id for a_id, name in names.items() if f"“{name}”" in warning.value]
    assert bullets.list_bullets(session, alice, achievement_id=failed) == []
    [other] = set(names) - {failed}
    assert len(bullets.list_bullets(session, alice, achievement_id=other)) == 1
    at.button(key="ai.batch.retry").click().run()
    assert not at.warning
    assert len(bullets.list_bullets(session, alice, achievement_id=failed)) == 1
    assert bullets.achievements_without_bullets(session, alice) == []


# -- faults of the model server ---------------------------------------------------------------


def test_a_good_structured_reply_is_scored_against_the_achievement(
    run_page, session: Session, alice: Actor, openai_app: FakeOpenAIServer
) -> None:
    _, ach = _record(session, alice)
    openai_app.enqueue({"json": {"bullets": [{"text": INVENTED}, {"text": f"- {SUPPORTED}."}]}})
    at = run_page("achievements", alice)
    assert any("AI: OpenAI-compatible gpt-4o-mini" in _plain(c.value) for c in at.caption)
    at.button(key=f"achievement.ai.{ach.id}").click().run()
    assert not at.exception and not at.error
    request = openai_app.requests[-1]["body"]
    assert request["response_format"]["type"] == "json_schema"
    assert SETTLEMENT in request["messages"][-1]["content"]
    lines = _support_lines(at)
    # Best supported first; the invented one is marked.
    assert "Confidence 100/100" in lines[0] and "Not in the achievement" in lines[1]
    assert SUPPORTED in [t.value for t in at.text]  # tidied: no list marker or period
    assert bullets.list_bullets(session, alice) == []


def _pick_second(at: AppTest, second_id: str) -> None:
    at.button(key="ai.bullets.open").click().run()
    at.selectbox(key="ai.bullets.pick").set_value(second_id).run()


@pytest.mark.parametrize(("reply", "words"), [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS])
def test_each_fault_gives_a_sentence_and_a_retry_and_saves_nothing(
    run_page,
    session: Session,
    alice: Actor,
    openai_app: FakeOpenAIServer,
    reply: dict[str, Any],
    words: str,
) -> None:
    exp, _ = _record(session, alice)
    [report] = _more(session, alice, exp, "Built the finance report")
    at = run_page("bullets", alice)
    _pick_second(at, report.id)
    openai_app.enqueue(reply)
    at.button(key="ai.bullets.write").click().run()
    assert not at.exception
    [error] = at.error
    assert words in error.value and "try" in error.value.lower()
    assert at.selectbox(key="ai.bullets.pick").value == report.id  # the choice is kept
    assert bullets.list_bullets(session, alice) == []
    assert _candidate_keys(at, "accept") == []

    # Once the server behaves, the retry writes the suggestions.
    openai_app.enqueue(_drafts("Built the finance report"))
    at.button(key=f"ai.bullets.retry.{report.id}").click().run()
    assert not at.exception and not at.error
    at.button(key=_candidate_keys(at, "accept")[0]).click().run()
    [kept] = bullets.list_bullets(session, alice)
    assert (kept.achievement_id, kept.content) == (report.id, "Built the finance report")


def test_a_refused_connection_gives_a_sentence_and_a_retry_works_once_it_is_up(
    run_page,
    session: Session,
    alice: Actor,
    refused_app: FakeOpenAIServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    exp, _ = _record(session, alice)
    [report] = _more(session, alice, exp, "Built the finance report")
    at = run_page("bullets", alice)
    _pick_second(at, report.id)
    at.button(key="ai.bullets.write").click().run()
    [error] = at.error
    assert "could not reach the AI service at 127.0.0.1" in error.value
    assert bullets.list_bullets(session, alice) == []
    point_at(monkeypatch, refused_app.base_url)
    refused_app.enqueue(_drafts("Built the finance report"))
    at.button(key=f"ai.bullets.retry.{report.id}").click().run()
    assert not at.error and _candidate_keys(at, "accept")


def test_a_failed_rewrite_keeps_the_suggestions_and_the_edit_in_progress(
    run_page, session: Session, alice: Actor, openai_app: FakeOpenAIServer
) -> None:
    _, ach = _record(session, alice)
    openai_app.enqueue(_drafts(SUPPORTED))
    at = run_page("achievements", alice)
    at.button(key=f"achievement.ai.{ach.id}").click().run()
    [edit] = _candidate_keys(at, "edit")
    form = edit.removesuffix(".edit")
    at.button(key=edit).click().run()
    at.text_area(key=f"{form}.text").set_value("Rebuilt settlement on Kafka in my own words").run()
    openai_app.enqueue({"fault": "prose"})
    at.button(key=f"achievement.ai.{ach.id}").click().run()
    assert not at.exception
    assert "could not read" in at.error[0].value
    assert at.text_area(key=f"{form}.text").value == "Rebuilt settlement on Kafka in my own words"
    assert bullets.list_bullets(session, alice) == []
