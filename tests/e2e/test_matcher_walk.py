"""In a real browser: paste a job description into the matcher, tick a bullet in the table,
pick the strong ones, create a tailored resume, open it, and download it as Word and PDF; both
files are opened and hold the chosen bullets in order. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
from datetime import date

import pytest
from docx import Document
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from sqlmodel import Session

from tests.e2e.conftest import AppServer
from tests.e2e.helpers import settle, shot

pytestmark = pytest.mark.e2e

USERNAME = "grace.h"
PASSWORD = "a long enough secret"
BULLETS = [
    "Built Python data pipelines loading 2 TB a day into a SQL warehouse on Kubernetes",
    "Moved 40 Python services onto Kubernetes with Terraform, cutting hosting cost by 30%",
    "Wrote SQL models in dbt for 25 analysts, replacing 300 hand-run queries",
    "Organised the office summer party for 120 people",
]
POSTING = """Senior Data Engineer

You will build data pipelines in Python and SQL, and run them on Kubernetes.
Requirements: Python, SQL, Kubernetes, Terraform, dbt.
<b>Not bold</b> & not a tag."""


@pytest.fixture(scope="module")
def member(app_server: AppServer) -> None:
    """A member with one experience and four bullets, made straight in the server's database."""
    from models.db import create_db_engine
    from services import accounts, bullets, experiences

    engine = create_db_engine(app_server.database_url)
    with Session(engine, expire_on_commit=False) as session:
        account = accounts.create_account(
            session,
            username=USERNAME,
            email="grace@example.com",
            password=PASSWORD,
            first_name="Grace",
            last_name="Hopper",
        )
        actor = account.actor
        exp = experiences.create_experience(
            session,
            actor,
            company_name="Harvard Computation Lab",
            job_title="Data Engineer",
            start_date=date(2019, 5, 1),
            is_current=True,
        )
        for text in BULLETS:
            bullets.create_bullet(session, actor, experience_id=exp.id, content=text)
    engine.dispose()


def log_in(page: Page) -> None:
    page.goto("/")
    settle(page)
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Login").click()
    settle(page)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    settle(page, quiet=1000)


def open_page(page: Page, title: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("link", name=title, exact=True).click()
    settle(page)
    expect(page.get_by_role("heading", name=title).first).to_be_visible()


def picks(page: Page) -> list[str]:
    """The picked bullets, in order, as the page lists them."""
    items = page.locator('[data-testid="stMarkdownContainer"] ol li')
    return [re.sub(r" · \d+$", "", t.strip()) for t in items.all_inner_texts()]


def tick_first_row(page: Page) -> None:
    """Click the Include box of the table's first row (the table is drawn on a canvas)."""
    table = page.get_by_test_id("stDataFrame")
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 40, box["y"] + 35 + 17)
    settle(page)


def test_from_a_pasted_job_to_downloaded_word_and_pdf(
    page: Page, app_server: AppServer, member: None
) -> None:
    log_in(page)
    open_page(page, "Matcher")
    # no saved job yet: the paste form is open
    page.get_by_label("Job title").fill("Senior Data Engineer")
    page.get_by_label("Company").fill("Difference Engines")
    page.get_by_label("Job description").fill(POSTING)
    page.get_by_role("button", name="Match my bullets").click()
    settle(page)
    expect(page.get_by_text("4 bullets of 4, best first.", exact=False)).to_be_visible()
    # the posting is shown as text, never as HTML, with shared words marked
    posting = page.get_by_test_id("stHtml")
    expect(posting.get_by_text("<b>Not bold</b> & not a tag.", exact=False)).to_be_visible()
    expect(posting.locator("b")).to_have_count(0)
    expect(posting.locator("mark", has_text="Kubernetes").first).to_be_visible()
    expect(page.get_by_text("Python", exact=True).first).to_be_visible()
    expect(page.get_by_text("Your picks (0)")).to_be_visible()
    shot(page, "matcher-walk-1-matched")

    tick_first_row(page)
    expect(page.get_by_text("Your picks (1)")).to_be_visible()
    first = picks(page)
    assert len(first) == 1 and first[0] in BULLETS[:3]
    page.get_by_role("button", name="Pick the strong ones").click()
    settle(page)
    chosen = picks(page)
    assert chosen[0] == first[0] and BULLETS[3] not in chosen
    expect(page.get_by_text(f"Your picks ({len(chosen)})")).to_be_visible()
    expect(page.get_by_text("Key-skill coverage by your picks:")).to_be_visible()
    shot(page, "matcher-walk-2-picked")

    expect(page.get_by_label("Resume name")).to_have_value(
        "Senior Data Engineer at Difference Engines"
    )
    page.get_by_role("button", name="Create tailored resume").click()
    settle(page)
    expect(page.get_by_text("Tailored resume created.")).to_be_visible()
    page.get_by_role("link", name="Open it in Tailored resumes").click()
    settle(page)
    expect(
        page.get_by_role("heading", name="Senior Data Engineer at Difference Engines")
    ).to_be_visible()
    expect(page.get_by_text(f"Bullets, in order ({len(chosen)})")).to_be_visible()
    expect(page.get_by_text("Coverage of the job's key skills")).to_be_visible()
    shot(page, "matcher-walk-3-resume")

    with page.expect_download() as word_download:
        page.get_by_role("button", name="Word").click()
    word = word_download.value
    assert word.suggested_filename == "senior-data-engineer-at-difference-engines.docx"
    document = Document(str(word.path()))
    assert [p.text for p in document.paragraphs if p.style.name == "List Bullet"] == chosen
    assert document.paragraphs[0].text == "Grace Hopper"

    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="PDF").click()
    pdf = pdf_download.value
    assert pdf.suggested_filename.endswith(".pdf")
    reader = PdfReader(pdf.path())
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert len(reader.pages) == 1 and text.startswith("Grace Hopper")
    at = 0
    for bullet in chosen:
        found = text.find(bullet, at)
        assert found >= 0, f"{bullet!r} missing or out of order in the PDF"
        at = found + len(bullet)
    assert BULLETS[3] not in text
    shot(page, "matcher-walk-4-downloaded")
