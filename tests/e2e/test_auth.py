"""In a real browser: sign up, log out, log in, reload a deep page and stay there (the login
cookie), and log out so the member pages are gone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AppServer
from tests.e2e.helpers import LOGIN_COOKIE, settle, shot, wait_for_cookie

pytestmark = pytest.mark.e2e

PASSWORD = "a long enough secret"


def logged_in(page: Page) -> None:
    settle(page)
    expect(page.get_by_text("Logged in as")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    wait_for_cookie(page, LOGIN_COOKIE, present=True)


def logged_out(page: Page) -> None:
    settle(page)
    expect(page.get_by_role("button", name="Login")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    wait_for_cookie(page, LOGIN_COOKIE, present=False)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    logged_out(page)


def test_sign_up_log_out_log_in_reload_and_log_out(page: Page, app_server: AppServer) -> None:
    page.goto("/")
    logged_out(page)
    page.get_by_role("link", name=re.compile("Create an account")).click()
    settle(page)
    expect(page.get_by_role("button", name="Create account")).to_be_visible()
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Hopper")
    page.get_by_label("Email").fill("grace@example.com")
    page.get_by_label("Username").fill("Grace.H")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    logged_in(page)
    expect(page.get_by_test_id("stSidebar").get_by_text("Grace Hopper")).to_be_visible()
    shot(page, "auth-signed-up")

    log_out(page)
    page.get_by_label("Username").fill("grace.h")
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Login").click()
    settle(page)
    expect(page.get_by_text("did not match an account")).to_be_visible()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Login").click()
    logged_in(page)

    # A deep page survives a reload: the login cookie logs the person back in, on that page.
    page.goto("/account")
    settle(page)
    expect(page.get_by_role("button", name="Change password")).to_be_visible()
    page.reload()
    logged_in(page)
    expect(page).to_have_url(re.compile(r"/account$"))
    expect(page.get_by_role("button", name="Change password")).to_be_visible()
    shot(page, "auth-account-after-reload")

    # Logged out, the member pages do not exist, even by their address: it asks to log in,
    # and after logging in the person is on the page the address names.
    log_out(page)
    page.goto("/account")
    logged_out(page)
    expect(page.get_by_role("button", name="Change password")).to_have_count(0)
    page.reload()
    logged_out(page)
    page.get_by_label("Username").fill("grace.h")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Login").click()
    logged_in(page)
    expect(page.get_by_role("button", name="Change password")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/account$"))
    log_out(page)


def test_a_fresh_browser_is_not_logged_in(page: Page) -> None:
    page.goto("/account")
    logged_out(page)
    expect(page.get_by_role("button", name="Change password")).to_have_count(0)
