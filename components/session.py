"""The app's side of the database: one engine per process, migrated once, a session per action."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models.db import get_engine, session_scope, upgrade_to_head
from services.access import Actor
from services.settings import get_settings

log = logging.getLogger(__name__)


@st.cache_resource(show_spinner="Preparing the database…")
def app_engine(url: str) -> Engine:
    """The engine for `url`, with the schema upgraded to head (once per process)."""
    engine = get_engine(url)
    upgrade_to_head(engine)
    return engine


def engine() -> Engine:
    """The engine of the configured database."""
    return app_engine(get_settings().resolved_database_url)


@contextmanager
def db() -> Iterator[Session]:
    """A session for one action on the page."""
    with session_scope(engine()) as session:
        yield session


def through_app() -> None:
    """Make sure this page runs behind `app.py`'s login gate.

    With a `pages/` folder beside `app.py`, Streamlit runs a page straight from that folder
    (skipping `app.py`) until the first `st.navigation` call of the process: the first
    request after a restart, and every AppTest run. Such a run switches that mode off, as
    `st.navigation` does, and starts again through `app.py`.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def current_actor() -> Actor:
    """Who is using this page: set in `st.session_state["actor"]` by the login gate.

    A page run without a logged-in person (a stale link) stops with a way forward.
    """
    through_app()
    actor = st.session_state.get("actor")
    if not actor:
        st.info("Please log in to see this page.", icon=":material/login:")
        st.stop()
    return Actor(user_id=actor["user_id"], role=actor.get("role", "member"))


def set_actor(actor: Actor | None) -> None:
    """Record who is logged in for this browser session (None logs out)."""
    if actor is None:
        st.session_state.pop("actor", None)
    else:
        st.session_state["actor"] = {"user_id": actor.user_id, "role": actor.role}
