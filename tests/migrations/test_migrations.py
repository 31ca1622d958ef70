"""Migrations: from nothing to head and back on each backend, no drift, one migrator at a time."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from models.db import create_db_engine, current_revision, downgrade_to_base, upgrade_to_head

ROOT = Path(__file__).resolve().parents[2]
HEAD_TABLES = {
    "users",
    "profiles",
    "experiences",
    "achievements",
    "resume_bullets",
    "job_descriptions",
    "tailored_resumes",
    "tailored_bullets",
    "conversations",
    "messages",
    "coach_clients",
}


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path):
    """The URL of an empty database of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    base = make_url(request.getfixturevalue("postgres_url"))
    name = f"achiev_mig_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _alembic(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_alembic_cli_upgrades_checks_and_downgrades(empty_url: str) -> None:
    """`alembic upgrade head`, `alembic check` and `alembic downgrade base`, as a person runs them."""
    up = _alembic(empty_url, "upgrade", "head")
    assert up.returncode == 0, up.stderr
    engine = create_db_engine(empty_url)
    assert set(sa.inspect(engine).get_table_names()) >= HEAD_TABLES
    check = _alembic(empty_url, "check")
    assert check.returncode == 0, check.stderr + check.stdout
    assert "No new upgrade operations detected" in check.stdout + check.stderr
    down = _alembic(empty_url, "downgrade", "base")
    assert down.returncode == 0, down.stderr
    left = set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    assert left == set()
    engine.dispose()


def test_upgrade_is_idempotent_and_reversible(empty_url: str) -> None:
    engine = create_db_engine(empty_url)
    assert current_revision(engine) is None
    upgrade_to_head(engine)
    head = current_revision(engine)
    upgrade_to_head(engine)
    assert current_revision(engine) == head is not None
    downgrade_to_base(engine)
    assert current_revision(engine) is None
    upgrade_to_head(engine)
    assert current_revision(engine) == head
    engine.dispose()


def test_two_processes_migrating_together(empty_url: str) -> None:
    """Two app processes starting at once both end at head, and neither fails."""
    code = (
        "from models.db import create_db_engine, upgrade_to_head, current_revision;"
        "import sys; e = create_db_engine(sys.argv[1]); upgrade_to_head(e);"
        "print(current_revision(e))"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, empty_url],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    assert outs[0][0].strip() == outs[1][0].strip() != "None"
