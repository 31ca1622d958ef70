"""Each member page's server-side run, for the demo account and the large one: median
milliseconds and SQL statements per run. Prints JSON.

A page runs as the app runs it for a logged-in person (AppTest, the same way the page tests
do), against a scratch database seeded with `seed_demo` and `seed_large` (40 experiences, 400
achievements, 1,200 bullets, 60 job descriptions). After one warm-up run, the page is run
again `--runs` times in the same browser session (a rerun, as when the person interacts) and
each run is timed and its statements counted. Statements must not grow with the account.
`first_run_ms` includes AppTest's own start-up (about 150 ms for any page, even an empty one);
`first_run_statements` counts what a page reads when it opens (the profile form, for one, reads
the profile only when it opens, so its reruns read nothing).

Run: `.venv/bin/python bench/bench_pages.py [--runs N] [POSTGRESQL_SERVER_URL]`
(default: a SQLite file).
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import tempfile
import time
import warnings

from common import ROOT, StatementCounter, emit, scratch_engine
from sqlmodel import Session

PAGES = ("home", "profile", "experiences", "achievements", "bullets", "jobs")
BUDGET_MS = 150.0


def _point_settings_at(url: str, data_dir: str) -> None:
    """The app's settings read the environment: aim them at the scratch database."""
    os.environ["DATABASE_URL"] = url
    os.environ["ACHIEV_DATA_DIR"] = data_dir
    os.environ["ACHIEV_AI_PROVIDER"] = "offline"
    os.environ.setdefault("ACHIEV_COOKIE_KEY", "bench-" + "k" * 48)
    from services.settings import get_settings

    get_settings.cache_clear()


def run_page(page: str, user_id: str, counter: StatementCounter, runs: int) -> dict:
    """Warm the page up once, then time and count `runs` reruns."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
    at.session_state["actor"] = {"user_id": user_id, "role": "member"}
    with counter.counting():
        started = time.perf_counter()
        at.run()
        first_ms = (time.perf_counter() - started) * 1000
        first_statements = counter.count
    if at.exception:
        raise RuntimeError(f"{page} failed: {at.exception[0].value}")
    times, statements = [], []
    for _ in range(runs):
        with counter.counting():
            started = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - started) * 1000)
            statements.append(counter.count)
    return {
        "median_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "statements": max(statements),
        "first_run_ms": round(first_ms, 1),
        "first_run_statements": first_statements,
    }


def main(server_url: str | None = None, runs: int = 15) -> dict:
    """Seed both accounts, then run every page for each."""
    logging.disable(logging.WARNING)  # AppTest's "missing ScriptRunContext" chatter
    warnings.filterwarnings("ignore")
    from models.db import dispose_engines, get_engine
    from services.demo import seed_demo, seed_large

    results: dict = {"runs_per_page": runs, "budget_ms": BUDGET_MS}
    with scratch_engine(server_url) as seeded, tempfile.TemporaryDirectory() as data_dir:
        url = seeded.url.render_as_string(hide_password=False)
        with Session(seeded, expire_on_commit=False) as session:
            accounts = {"demo": seed_demo(session)[0].user_id, "large": seed_large(session)[0]}
        accounts["large"] = accounts["large"].user_id
        _point_settings_at(url, data_dir)
        counter = StatementCounter(get_engine(url))  # the engine the pages use
        results["backend"] = seeded.dialect.name
        run_page("profile", accounts["demo"], counter, 1)  # the app's engine opens and migrates
        for page in PAGES:
            results[page] = {
                label: run_page(page, user_id, counter, runs) for label, user_id in accounts.items()
            }
        dispose_engines()
    results["statements_constant"] = all(
        results[p]["demo"][k] == results[p]["large"][k]
        for p in PAGES
        for k in ("statements", "first_run_statements")
    )
    results["large_under_budget"] = all(results[p]["large"]["median_ms"] < BUDGET_MS for p in PAGES)
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server_url", nargs="?", help="a PostgreSQL server (default: SQLite)")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    emit("pages", main(args.server_url, args.runs))
