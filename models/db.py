"""The engine, sessions and schema upgrades, for SQLite (embedded) and PostgreSQL."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
ALEMBIC_INI = ROOT / "alembic.ini"
MIGRATIONS = ROOT / "migrations"
# Any fixed 64-bit number: the key of the PostgreSQL advisory lock held while migrating.
MIGRATION_LOCK_KEY = 7_361_024_519

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    """Enforce foreign keys, use WAL and wait on a busy database, on every SQLite connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_db_engine(url: str) -> Engine:
    """A new engine for `url`: SQLite with its pragmas, or PostgreSQL with pre-ping and UTC."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        sa.event.listen(engine, "connect", _sqlite_on_connect)
        return engine
    connect_args = (
        {"options": "-c timezone=UTC"} if parsed.get_backend_name() == "postgresql" else {}
    )
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, connect_args=connect_args)


def get_engine(url: str | None = None) -> Engine:
    """The process's engine for `url` (default: the settings' database), made once."""
    if url is None:
        from services.settings import get_settings

        url = get_settings().resolved_database_url
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = create_db_engine(url)
        return engine


def dispose_engines() -> None:
    """Close every pooled connection and forget the engines (tests, forks)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session for one action; rolled back if the action fails, closed afterwards."""
    session = Session(engine or get_engine(), expire_on_commit=False)
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _alembic_config(connection: sa.Connection):
    from alembic.config import Config

    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    """Hold an exclusive lock on a file beside the SQLite database while migrating."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    import fcntl

    with open(f"{database}.migrate-lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade_to_head(engine: Engine | None = None) -> None:
    """Bring the schema to the newest migration, one process at a time.

    PostgreSQL: an advisory lock. SQLite: a lock file beside the database.
    """
    from alembic import command

    engine = engine or get_engine()
    with _sqlite_file_lock(engine), engine.connect() as connection:
        locked = connection.dialect.name == "postgresql"
        if locked:
            connection.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            connection.commit()
        try:
            command.upgrade(_alembic_config(connection), "head")
            connection.commit()
        finally:
            if locked:
                connection.execute(
                    sa.text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY}
                )
                connection.commit()
    log.info("database schema is at head")


def downgrade_to_base(engine: Engine | None = None) -> None:
    """Remove every table the migrations made (tests and `achiev migrate --down`)."""
    from alembic import command

    engine = engine or get_engine()
    with engine.connect() as connection:
        command.downgrade(_alembic_config(connection), "base")
        connection.commit()


def current_revision(engine: Engine | None = None) -> str | None:
    """The migration the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with (engine or get_engine()).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
