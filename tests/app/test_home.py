"""The app starts, migrates and shows its home page."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def test_app_starts_and_shows_home(app_env: str) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert "Achiev" in [t.value for t in at.title]


def test_every_listed_page_exists() -> None:
    """The page registry names only files that are there."""
    from components.navigation import PAGES

    assert [f for _, f, *_ in PAGES if not (ROOT / "pages" / f).is_file()] == []
