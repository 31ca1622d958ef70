"""The app's side of the database: one engine per process, migrated once, a session per action."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models.db import get_engine, session_scope, upgrade_to_head
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
