"""In a real browser, a new member builds a record with no guide: sign up, fill the profile,
add an experience and two achievements, write a bullet, paste a job description, and see it
all on the dashboard. A screenshot of each page is kept under test-artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AppServer
from tests.e2e.helpers import settle, shot

pytestmark = pytest.mark.e2e

PASSWORD = "a long enough secret"
BULLET = (
    "Cut the nightly build from 40 to 12 minutes by caching dependencies, giving 30 engineers "
    "back an hour a day"
)
POSTING = """Senior Platform Engineer

You will own our build and deployment tooling.
Requirements: Python, CI/CD, Kubernetes, mentoring."""


def sign_up(page: Page) -> None:
    page.goto("/")
    settle(page)
    page.get_by_role("link", name=re.compile("Create an account")).click()
    settle(page)
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Username").fill("ada.l")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    settle(page)


def open_page(page: Page, title: str) -> None:
    """Follow the sidebar link to a page and wait for its header."""
    page.get_by_test_id("stSidebar").get_by_role("link", name=title, exact=True).click()
    settle(page)
    expect(page.get_by_role("heading", name=title).first).to_be_visible()


def choose(page: Page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def saved(page: Page, message: str) -> None:
    settle(page)
    expect(page.get_by_text(message)).to_be_visible()


def test_a_new_member_builds_a_record_and_sees_it_on_the_dashboard(
    page: Page, app_server: AppServer
) -> None:
    sign_up(page)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.get_by_role("heading", name="Welcome to Achiev")).to_be_visible()
    expect(page.get_by_text("Add your first experience")).to_be_visible()
    shot(page, "member-walk-1-dashboard-new")

    open_page(page, "Profile")
    expect(page.get_by_label("First name")).to_have_value("Ada")
    page.get_by_label("Headline").fill("Platform engineer · Build and delivery")
    page.get_by_label("Location").fill("London, UK")
    page.get_by_label("Summary").fill("I make builds fast and deployments boring.")
    page.get_by_role("button", name="Save profile").click()
    saved(page, "Profile saved.")
    shot(page, "member-walk-2-profile")

    open_page(page, "Experiences")
    # A mistake is explained beside its field, and what was typed stays.
    page.get_by_label("Job title *").fill("Build Engineer")
    page.get_by_role("button", name="Save").click()
    saved(page, "Company is required.")
    expect(page.get_by_label("Job title *")).to_have_value("Build Engineer")
    page.get_by_label("Company *").fill("Analytical Engines Ltd")
    choose(page, "Start month", "Mar")
    choose(page, "Start year", "2021")
    page.get_by_text("I work here now").click()
    settle(page)
    expect(page.get_by_label("End month", exact=True)).to_have_count(0)
    page.get_by_role("button", name="Save").click()
    saved(page, "Experience added.")
    expect(page.get_by_text("Mar 2021 – now")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Current$"))).to_be_visible()
    shot(page, "member-walk-3-experiences")

    open_page(page, "Achievements")
    for description, impact, skills in (
        ("Rebuilt the build pipeline with remote caching", "Builds went from 40 to 12 minutes",
         ("Python", "CI/CD")),
        ("Mentored two junior engineers", "Both were promoted within a year", ("Mentoring",)),
    ):  # fmt: skip
        page.get_by_role("button", name="Add achievement").click()
        settle(page)
        page.get_by_label("What you did *").fill(description)
        page.get_by_label("Impact", exact=True).fill(impact)
        page.get_by_label("Skills", exact=True).click()
        for skill in skills:
            page.keyboard.type(skill)
            page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        settle(page)
        page.get_by_role("button", name="Save").click()
        saved(page, "Achievement added.")
        expect(page.get_by_text(description)).to_be_visible()
    expect(page.get_by_text("Mentoring", exact=True).first).to_be_visible()
    shot(page, "member-walk-4-achievements")

    open_page(page, "Resume bullets")
    page.get_by_role("button", name="Add a bullet").click()
    settle(page)
    choose(page, "From achievement", "Rebuilt the build pipeline with remote caching")
    page.get_by_label("Bullet *").fill(BULLET)
    page.get_by_role("button", name="Save").click()
    saved(page, "Bullet added.")
    expect(page.get_by_text(BULLET)).to_be_visible()
    expect(page.get_by_text("Written by you")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Action verb$"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Has a number$"))).to_be_visible()
    shot(page, "member-walk-5-bullets")

    open_page(page, "Job descriptions")
    page.get_by_label("Job title *").fill("Senior Platform Engineer")
    page.get_by_label("Company").fill("Difference Engines")
    page.get_by_label("Link to the posting").fill("https://example.com/jobs/42")
    page.get_by_label("Job description *").fill(POSTING)
    page.get_by_role("button", name="Save").click()
    saved(page, "Job description saved.")
    expect(page.get_by_text("Senior Platform Engineer", exact=True)).to_be_visible()
    shot(page, "member-walk-6-jobs")

    open_page(page, "Dashboard")
    metrics = page.get_by_test_id("stMetric")
    for label, value in (
        ("Experiences", "1"), ("Achievements", "2"), ("Bullets", "1"), ("Job descriptions", "1"),
    ):  # fmt: skip
        expect(metrics.filter(has_text=label)).to_contain_text(value)
    expect(page.get_by_text("Hello, Ada Lovelace.")).to_be_visible()
    expect(page.get_by_text("Added job")).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(3)
    expect(page.get_by_text("Build Engineer · Analytical Engines Ltd").first).to_be_attached()
    settle(page)
    shot(page, "member-walk-7-dashboard")
