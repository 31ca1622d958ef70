"""Shared fixtures: a migrated database per backend (SQLite always, PostgreSQL when given).

PostgreSQL runs when TEST_DATABASE_URL points at a server (any database on it: each run makes
its own database there and drops it afterwards). With CI=true a PostgreSQL test may not skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, SQLModel

from models.db import create_db_engine, upgrade_to_head
from services.access import Actor
from services.users import create_user

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
BACKENDS = ["sqlite", "postgres"]


def _postgres_unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"PostgreSQL is required under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this run, dropped at the end."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        _postgres_unavailable("TEST_DATABASE_URL is not set")
    url = make_url(base).set(drivername="postgresql+psycopg")
    name = f"achiev_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        _postgres_unavailable(f"cannot reach PostgreSQL: {exc.orig}")
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        from models.db import dispose_engines

        dispose_engines()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _url_for(backend: str, request: pytest.FixtureRequest, tmp_dir) -> str:
    if backend == "postgres":
        return request.getfixturevalue("postgres_url")
    return f"sqlite:///{tmp_dir / 'achiev-test.db'}"


@pytest.fixture(scope="session", params=BACKENDS)
def migrated_engine(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[Engine]:
    """An engine on a database migrated to head, one per backend for the whole run."""
    url = _url_for(request.param, request, tmp_path_factory.mktemp(request.param))
    engine = create_db_engine(url)
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


def wipe(engine: Engine) -> None:
    """Empty every table (children first), keeping the schema."""
    tables = list(reversed(SQLModel.metadata.sorted_tables))
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(sa.text(f"TRUNCATE {names} CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture
def engine(migrated_engine: Engine) -> Iterator[Engine]:
    """The backend's migrated engine, emptied after the test."""
    yield migrated_engine
    wipe(migrated_engine)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the test database."""
    with Session(engine, expire_on_commit=False) as s:
        yield s


def make_actor(session: Session, name: str, role: str = "member") -> Actor:
    """A new user with an empty profile, as the Actor that acts for them."""
    user = create_user(session, email=f"{name}-{uuid.uuid4().hex[:6]}@example.com")
    return Actor(user_id=user.user_id, role=role)  # type: ignore[arg-type]


@pytest.fixture
def alice(session: Session) -> Actor:
    """A member with her own record."""
    return make_actor(session, "alice")


@pytest.fixture
def bob(session: Session) -> Actor:
    """Another member: a stranger to alice's record."""
    return make_actor(session, "bob")
