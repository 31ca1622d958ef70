"""Does a run cost more when there are more accounts? It should not: a run loads only the
account it needs (the one logging in, or the one in the session or cookie).

For 10 and for 10,000 accounts, three AppTest runs of the app: logged out (the login page),
logged in (the dashboard, login restored from the session) and a login form submission.
Prints JSON: SQL statements per run and the median milliseconds of each.

    .venv/bin/python bench/bench_accounts.py [--runs 7] [--database-url postgresql+psycopg://...]

Without --database-url each size gets a fresh SQLite file in a temporary directory; with one,
a fresh database is made on that PostgreSQL server for each size and dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402

SIZES = (10, 10_000)
PASSWORD = "bench password 1"
LOGIN = "FormSubmitter:Login-Login"


class StatementCounter:
    """Counts SQL statements sent by any engine while switched on."""

    def __init__(self) -> None:
        self.count = 0
        self.on = False
        sa.event.listen(Engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: object) -> None:
        if self.on:
            self.count += 1

    def measure(self, action) -> tuple[int, float]:
        """(statements, milliseconds) of one call."""
        self.count, self.on = 0, True
        start = time.perf_counter()
        try:
            action()
        finally:
            self.on = False
        return self.count, (time.perf_counter() - start) * 1000


def bulk_accounts(engine: Engine, n: int, password_hash: str) -> str:
    """`n` members with one shared password hash, inserted in bulk; returns one username."""
    from models import Profile, User, UserCredentials

    users, profiles, credentials = [], [], []
    for i in range(n):
        uid = str(uuid.uuid4())
        users.append({"user_id": uid, "email": f"user{i:05d}@bench.example"})
        profiles.append(
            {"id": str(uuid.uuid4()), "user_id": uid, "first_name": "Bench", "last_name": str(i)}
        )
        credentials.append(
            {"user_id": uid, "username": f"user{i:05d}", "password_hash": password_hash,
             "role": "member"}
        )  # fmt: skip
    with engine.begin() as conn:
        for table, rows in ((User, users), (Profile, profiles), (UserCredentials, credentials)):
            for start in range(0, len(rows), 2000):
                conn.execute(sa.insert(table.__table__), rows[start : start + 2000])
    return f"user{n // 2:05d}"


def _through_app() -> None:
    """Run pages through app.py, as a server does after its first navigation."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init


def _runs(counter: StatementCounter, username: str, runs: int) -> dict[str, dict]:
    from streamlit.testing.v1 import AppTest

    app = str(ROOT / "app.py")

    def logged_out() -> None:
        at = AppTest.from_file(app, default_timeout=60).run()
        assert not at.exception, at.exception

    def logged_in() -> None:
        at = AppTest.from_file(app, default_timeout=60)
        at.session_state["authentication_status"] = True
        at.session_state["username"] = username
        at.session_state["name"] = "Bench"
        at.run()
        assert not at.exception, at.exception
        assert at.session_state["actor"], "not logged in"

    results: dict[str, dict] = {}
    for name, action in (("logged_out", logged_out), ("logged_in", logged_in)):
        action()  # warm: first-run caches
        samples = [counter.measure(action) for _ in range(runs)]
        results[name] = _summary(samples)

    samples = []
    for _ in range(runs + 1):
        at = AppTest.from_file(app, default_timeout=60).run()
        for field in at.text_input:
            field.input(username if field.label == "Username" else PASSWORD)
        at.button(key=LOGIN).click()
        samples.append(counter.measure(at.run))
        assert at.session_state["actor"], "the login failed"
    results["login_submit"] = _summary(samples[1:])
    return results


def _summary(samples: list[tuple[int, float]]) -> dict:
    statements = sorted({s for s, _ in samples})
    return {
        "statements": statements[0] if len(statements) == 1 else statements,
        "median_ms": round(statistics.median(ms for _, ms in samples), 1),
    }


def _database(server_url: str | None, home: Path, size: int) -> tuple[str, object]:
    """A fresh database URL for one size, and how to drop it."""
    if not server_url:
        return f"sqlite:///{home / f'accounts-{size}.db'}", lambda: None
    base = make_url(server_url).set(drivername="postgresql+psycopg")
    name = f"achiev_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        from models.db import dispose_engines

        dispose_engines()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return base.set(database=name).render_as_string(hide_password=False), drop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each kind")
    parser.add_argument("--database-url", help="a PostgreSQL server to bench on (default SQLite)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)

    import streamlit as st

    from models.db import create_db_engine, upgrade_to_head
    from services import accounts
    from services.settings import get_settings

    _through_app()
    counter = StatementCounter()
    password_hash = accounts.hash_password(PASSWORD)  # once, shared by every account
    report: dict[str, object] = {"runs": args.runs, "backend": "sqlite"}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        for size in SIZES:
            url, drop = _database(args.database_url, home, size)
            report["backend"] = make_url(url).get_backend_name()
            try:
                engine = create_db_engine(url)
                upgrade_to_head(engine)
                started = time.perf_counter()
                username = bulk_accounts(engine, size, password_hash)
                filled = (time.perf_counter() - started) * 1000
                engine.dispose()
                os.environ.update(
                    DATABASE_URL=url,
                    ACHIEV_DATA_DIR=str(home / f"data-{size}"),
                    ACHIEV_COOKIE_KEY="b" * 48,
                    ACHIEV_AI_PROVIDER="offline",
                )
                get_settings.cache_clear()
                st.cache_resource.clear()
                st.cache_data.clear()
                report[str(size)] = {
                    "insert_accounts_ms": round(filled, 1),
                    **_runs(counter, username, args.runs),
                }
            finally:
                drop()
    small, large = (report[str(s)] for s in SIZES)
    report["same_statements"] = all(
        small[k]["statements"] == large[k]["statements"]  # type: ignore[index]
        for k in ("logged_out", "logged_in", "login_submit")
    )
    print(json.dumps(report, indent=2))
    return 0 if report["same_statements"] else 1


if __name__ == "__main__":
    sys.exit(main())
