"""Bullets for many achievements at once: bounded concurrency, stop, and failures kept apart."""

from __future__ import annotations

import threading
import time

from services.ai.bullets import AchievementFacts, generate_bullets_batch
from services.ai.offline import OfflineProvider
from services.errors import AIUnavailable, ValidationFailed


def achievements(count: int) -> list[AchievementFacts]:
    return [
        AchievementFacts(
            f"Automated report number {i} with Python",
            f"Saved {i + 1} hours a week",
            achievement_id=f"a{i}",
        )
        for i in range(count)
    ]


BULLETS = {"json": {"bullets": [{"text": "Automated the report with Python"}]}}


def test_runs_concurrently_within_the_bound(make_openai, fake_openai):
    fake_openai.set_sticky(BULLETS)
    fake_openai.latency = 0.2
    items = achievements(8)
    started = time.monotonic()
    outcome = generate_bullets_batch(items, provider=make_openai(), concurrency=4)
    elapsed = time.monotonic() - started
    assert fake_openai.max_in_flight == 4
    assert elapsed < 2 * 0.2 * 2  # two rounds of four, with room to spare
    assert {item.achievement_id for item, _ in outcome.results} == {f"a{i}" for i in range(8)}
    assert outcome.errors == [] and outcome.not_started == [] and not outcome.stopped


def test_on_result_is_called_in_the_calling_thread_as_each_finishes(make_openai, fake_openai):
    fake_openai.set_sticky(BULLETS)
    calls = []

    def save(item, result):
        calls.append((item.achievement_id, threading.current_thread() is threading.main_thread()))
        assert result[0].text == "Automated the report with Python"

    generate_bullets_batch(achievements(5), provider=make_openai(), concurrency=2, on_result=save)
    assert sorted(c[0] for c in calls) == [f"a{i}" for i in range(5)]
    assert all(in_main for _, in_main in calls)


def test_one_failure_does_not_stop_the_others(make_openai, fake_openai):
    fake_openai.set_sticky(BULLETS)
    fake_openai.enqueue({"status": 500})
    seen = {}
    items = [*achievements(5), AchievementFacts("", achievement_id="empty")]
    outcome = generate_bullets_batch(
        items,
        provider=make_openai(ai_max_retries=0),
        concurrency=3,
        on_result=lambda item, result: seen.setdefault(item.achievement_id, result),
    )
    assert len(seen) == 6
    errors = dict((item.achievement_id, err) for item, err in outcome.errors)
    assert isinstance(errors.pop("empty"), ValidationFailed)
    assert len(errors) == 1 and isinstance(next(iter(errors.values())), AIUnavailable)
    assert len(outcome.results) == 4


def test_stop_keeps_what_finished_and_starts_nothing_new(make_openai, fake_openai):
    fake_openai.set_sticky(BULLETS)
    fake_openai.latency = 0.1
    stop = threading.Event()
    finished = []

    def save(item, result):
        finished.append(item.achievement_id)
        stop.set()

    items = achievements(10)
    outcome = generate_bullets_batch(
        items, provider=make_openai(), concurrency=2, on_result=save, stop_event=stop
    )
    assert outcome.stopped
    assert 1 <= len(outcome.results) <= 2  # the first, and the one already running
    assert len(outcome.results) + len(outcome.not_started) == 10
    assert len(fake_openai.requests) == len(outcome.results)
    assert sorted(finished) == sorted(item.achievement_id for item, _ in outcome.results)


def test_an_error_while_saving_is_reported_and_the_batch_goes_on(make_openai, fake_openai):
    fake_openai.set_sticky(BULLETS)

    def save(item, result):
        if item.achievement_id == "a1":
            raise RuntimeError("database is down")

    outcome = generate_bullets_batch(achievements(3), provider=make_openai(), on_result=save)
    assert [item.achievement_id for item, _ in outcome.errors] == ["a1"]
    assert len(outcome.results) == 2


def test_offline_batch_runs_in_order_and_can_stop():
    stop = threading.Event()
    order = []

    def save(item, result):
        order.append(item.achievement_id)
        if len(order) == 3:
            stop.set()

    outcome = generate_bullets_batch(
        achievements(6), provider=OfflineProvider(), on_result=save, stop_event=stop
    )
    assert order == ["a0", "a1", "a2"]
    assert [i.achievement_id for i in outcome.not_started] == ["a3", "a4", "a5"]
    assert outcome.stopped
