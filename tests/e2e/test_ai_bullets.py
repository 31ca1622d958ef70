"""In a real browser, offline: write bullets from an achievement, keep one, and find it on the
bullets page marked as AI-written with its confidence."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from models.db import create_db_engine, session_scope
from services import achievements, experiences
from services.access import Actor
from services.accounts import find_by_username_or_email
from services.ai.bullets import AchievementFacts, generate_bullets
from services.ai.offline import OfflineProvider
from tests.e2e.conftest import AppServer
from tests.e2e.helpers import settle, shot

pytestmark = pytest.mark.e2e

PASSWORD = "a long enough secret"
USERNAME = "grace.h"
DESCRIPTION = "Rebuilt the settlement pipeline as event-driven services on Kafka"
IMPACT = "Settlement time fell from 26 hours to 40 minutes"


def sign_up(page: Page) -> None:
    page.goto("/")
    settle(page)
    page.get_by_role("link", name=re.compile("Create an account")).click()
    settle(page)
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Hopper")
    page.get_by_label("Email").fill("grace@example.com")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    settle(page)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def add_record(database_url: str) -> None:
    """An experience with one achievement, for the person who just signed up."""
    engine = create_db_engine(database_url)
    try:
        with session_scope(engine) as session:
            account = find_by_username_or_email(session, USERNAME)
            assert account is not None
            actor = Actor(user_id=account.user_id, role="member")
            exp = experiences.create_experience(
                session, actor, company_name="Northwind Payments", job_title="Backend Engineer"
            )
            achievements.create_achievement(
                session,
                actor,
                experience_id=exp.id,
                description=DESCRIPTION,
                impact=IMPACT,
                skills=["Kafka"],
            )
    finally:
        engine.dispose()


def open_page(page: Page, title: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("link", name=title, exact=True).click()
    settle(page)
    expect(page.get_by_role("heading", name=title).first).to_be_visible()


def test_a_bullet_written_offline_is_kept_and_shown_on_the_bullets_page(
    page: Page, app_server: AppServer
) -> None:
    sign_up(page)
    add_record(app_server.database_url)
    facts = AchievementFacts(
        description=DESCRIPTION,
        impact=IMPACT,
        skills=["Kafka"],
        job_title="Backend Engineer",
        company="Northwind Payments",
    )
    best = generate_bullets(facts, provider=OfflineProvider())[0].text

    open_page(page, "Achievements")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("AI: Offline (no model)")).to_be_visible()
    expect(page.get_by_text(DESCRIPTION, exact=True)).to_be_visible()
    page.get_by_role("button", name="Write bullets").click()
    settle(page)
    expect(page.get_by_text("Suggested bullets")).to_be_visible()
    expect(page.get_by_text("Confidence 100/100").first).to_be_visible()
    expect(page.get_by_text(best, exact=True)).to_be_visible()
    shot(page, "ai-bullets-1-suggested")

    page.get_by_role("button", name="Keep").first.click()
    settle(page)
    expect(page.get_by_text("Bullet saved.")).to_be_visible()
    expect(page.get_by_text("1 bullet", exact=True)).to_be_visible()

    open_page(page, "Resume bullets")
    expect(page.get_by_text(best, exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile("AI-written · 100% confidence"))).to_be_visible()
    shot(page, "ai-bullets-2-kept")
