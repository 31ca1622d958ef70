"""In a real browser, against the fake OpenAI server in its own process: bullets for every
achievement that has none, written one at a time with a bar that moves, stopped part-way; what
was saved stays, nothing is half-saved, and starting again finishes the rest."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from models.db import create_db_engine, session_scope
from services import achievements, bullets, experiences
from services.access import Actor
from services.accounts import find_by_username_or_email
from tests.e2e.conftest import AppServer
from tests.e2e.helpers import ROOT, settle, shot
from tests.fakes.openai_server import FakeOpenAIControl

pytestmark = pytest.mark.e2e

PASSWORD = "a long enough secret"
USERNAME = "mary.j"
COUNT = 6
LATENCY = 1.0


@pytest.fixture(scope="module")
def fake_server() -> Iterator[FakeOpenAIControl]:
    """The fake OpenAI server as a process of its own, answering each request after a second."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.openai_server", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        control = FakeOpenAIControl(json.loads(line)["url"])
        control.wait_until_up()
        control.set_latency(LATENCY)
        control.set_sticky({"json": {"bullets": [{"text": "Built the finance report"}]}})
        yield control
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def server_env(fake_server: FakeOpenAIControl) -> dict[str, str]:
    return {
        "ACHIEV_AI_PROVIDER": "openai",
        "OPENAI_BASE_URL": fake_server.url + "/v1",
        "ACHIEV_AI_CONCURRENCY": "1",
        "ACHIEV_AI_MAX_RETRIES": "0",
    }


def sign_up(page: Page) -> None:
    page.goto("/")
    settle(page)
    page.get_by_role("link", name=re.compile("Create an account")).click()
    settle(page)
    page.get_by_label("First name").fill("Mary")
    page.get_by_label("Last name").fill("Jackson")
    page.get_by_label("Email").fill("mary@example.com")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    settle(page)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def counts(database_url: str) -> tuple[int, int]:
    """(bullets, achievements still without one) of the person who signed up."""
    engine = create_db_engine(database_url)
    try:
        with session_scope(engine) as session:
            account = find_by_username_or_email(session, USERNAME)
            assert account is not None
            actor = Actor(user_id=account.user_id, role="member")
            if not experiences.list_experiences(session, actor):
                exp = experiences.create_experience(
                    session, actor, company_name="Langley", job_title="Analyst"
                )
                for n in range(COUNT):
                    achievements.create_achievement(
                        session,
                        actor,
                        experience_id=exp.id,
                        description=f"Built the finance report number {n + 1}",
                    )
            return (
                len(bullets.list_bullets(session, actor)),
                len(bullets.achievements_without_bullets(session, actor)),
            )
    finally:
        engine.dispose()


def test_a_batch_stopped_part_way_keeps_what_it_saved_and_finishes_later(
    page: Page, app_server: AppServer, fake_server: FakeOpenAIControl
) -> None:
    sign_up(page)
    assert counts(app_server.database_url) == (0, COUNT)
    page.get_by_test_id("stSidebar").get_by_role("link", name="Resume bullets").click()
    settle(page)
    expect(page.get_by_text(re.compile("AI: OpenAI-compatible gpt-4o-mini")).first).to_be_visible()
    page.get_by_role("button", name="Write with AI").click()
    settle(page)
    page.get_by_role("button", name=f"every achievement that has none ({COUNT})").click()

    # The bar moves as each achievement finishes; stop after the second.
    expect(page.get_by_text(f"2 of {COUNT} achievements done")).to_be_visible(timeout=15_000)
    shot(page, "ai-batch-1-running")
    page.get_by_role("button", name="Stop").click()
    settle(page)
    expect(page.get_by_text(re.compile(r"Stopped after \d of 6"))).to_be_visible()
    saved, left = counts(app_server.database_url)
    # The one under way when Stop was pressed may have finished and been saved first;
    # nothing else was started, and every achievement has a whole bullet or none.
    assert 2 <= saved <= 3 and saved + left == COUNT
    requests = len(fake_server.requests)
    assert requests <= saved + 1
    expect(page.get_by_text(f"Stopped after {saved} of {COUNT}")).to_be_visible()
    shot(page, "ai-batch-2-stopped")

    page.get_by_role("button", name=f"every achievement that has none ({left})").click()
    settle(page, timeout=60_000)
    expect(page.get_by_text(f"Bullets written for {left} achievements.")).to_be_visible()
    assert counts(app_server.database_url) == (COUNT, 0)
    expect(page.get_by_text("Built the finance report", exact=True)).to_have_count(COUNT)
    shot(page, "ai-batch-3-finished")
