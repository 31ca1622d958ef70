"""In a real browser: ask the career assistant, watch the reply arrive, reload, and find the
conversation still there (offline provider: answers come from the person's record)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AppServer
from tests.e2e.helpers import settle, shot

pytestmark = pytest.mark.e2e

PASSWORD = "a long enough secret"


def sign_up(page: Page) -> None:
    page.goto("/")
    settle(page)
    page.get_by_role("link", name=re.compile("Create an account")).click()
    settle(page)
    page.get_by_label("First name").fill("Katherine")
    page.get_by_label("Last name").fill("Johnson")
    page.get_by_label("Email").fill("katherine@example.com")
    page.get_by_label("Username").fill("katherine.j")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    settle(page)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_conversation_is_answered_and_kept_across_a_reload(
    page: Page, app_server: AppServer
) -> None:
    sign_up(page)
    page.get_by_test_id("stSidebar").get_by_role("link", name="Career assistant").click()
    settle(page)
    expect(page.get_by_role("heading", name="Career assistant")).to_be_visible()
    expect(page.get_by_text("No AI model is connected")).to_be_visible()

    box = page.get_by_test_id("stChatInputTextArea")
    box.fill("Summarise my experience")
    box.press("Enter")
    messages = page.get_by_test_id("stChatMessage")
    expect(messages.first).to_contain_text("Summarise my experience")
    expect(messages.nth(1)).to_contain_text("Your record is empty so far.")
    settle(page)
    expect(messages).to_have_count(2)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("button", name="Summarise my experience")).to_be_visible()
    shot(page, "chat-answered")

    page.reload()
    settle(page)
    expect(page.get_by_role("heading", name="Career assistant")).to_be_visible()
    expect(messages.first).to_contain_text("Summarise my experience")
    expect(messages.nth(1)).to_contain_text("Your record is empty so far.")
    expect(sidebar.get_by_role("button", name="Summarise my experience")).to_be_visible()

    # a second question in the same conversation, after the reload
    box.fill("How should I negotiate my salary?")
    box.press("Enter")
    expect(messages.nth(3)).to_contain_text("Free-form questions need a model.")
    settle(page)
    expect(messages).to_have_count(4)
    shot(page, "chat-after-reload")
