"""The first request a server sees can be a deep link: a bookmark after a restart. The page
must still run behind the login gate (logged in by cookie, or asked to log in)."""

from __future__ import annotations

import re
import time

import jwt
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from models.db import create_db_engine
from services import accounts
from tests.e2e.conftest import AppServer
from tests.e2e.helpers import LOGIN_COOKIE, settle

pytestmark = pytest.mark.e2e


def test_a_bookmark_is_the_first_request_after_a_restart(page: Page, app_server: AppServer) -> None:
    engine = create_db_engine(app_server.database_url)
    with Session(engine) as session:
        accounts.create_account(
            session, username="early.bird", email="early@example.com",
            password_hash=accounts.hash_password("early password", rounds=4),
            first_name="Early",
        )  # fmt: skip
    engine.dispose()
    # The cookie an earlier login left, signed with the server's key.
    token = jwt.encode(
        {"username": "early.bird", "exp_date": time.time() + 3600},
        app_server.cookie_key,
        algorithm="HS256",
    )
    page.context.add_cookies([{"name": LOGIN_COOKIE, "value": token, "url": app_server.url}])
    page.goto("/account")
    settle(page)
    expect(page.get_by_role("button", name="Change password")).to_be_visible()
    expect(page.get_by_text("Logged in as")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/account$"))


def test_a_deep_link_without_a_login_asks_to_log_in(page: Page) -> None:
    page.goto("/users")
    settle(page)
    expect(page.get_by_role("button", name="Login")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
