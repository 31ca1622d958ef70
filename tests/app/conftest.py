"""AppTest fixtures: run the app or one page against the test database, as a given person."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from services.access import Actor
from services.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]


def _pages_through_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every page through app.py, as a server does once its first st.navigation ran.

    AppTest starts each run as if the process were new, and with a pages/ folder beside
    app.py Streamlit would run a switched-to page straight from the folder, skipping the
    login gate (and, after `components.session.through_app` corrects that, the click).
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def app_env(engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """Point the app's settings at the test database (and a scratch data directory)."""
    _pages_through_app(monkeypatch)
    url = engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("ACHIEV_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ACHIEV_AI_PROVIDER", "offline")
    monkeypatch.setenv("ACHIEV_COOKIE_KEY", "k" * 48)
    get_settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    get_settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def run_page(app_env: str) -> Callable[..., AppTest]:
    """Run `pages/<name>.py` on its own as `actor`: `run_page("profile", alice)`."""

    def run(name: str, actor: Actor | None, **state: object) -> AppTest:
        at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=30)
        if actor is not None:
            at.session_state["actor"] = {"user_id": actor.user_id, "role": actor.role}
        for key, value in state.items():
            at.session_state[key] = value
        return at.run()

    return run
