"""The matcher and tailored-resume pages' server-side run time with the large account
(1,200 bullets, 60 job descriptions, 20 resumes); prints JSON.

Each page runs as the app runs it for a logged-in person (AppTest), against a scratch database
seeded with `seed_large`. Reported, in milliseconds and SQL statements:

- matcher `first_run`: opening the page on a job no one matched yet in this process (the
  1,200 bullets are loaded and scored);
- matcher `rerun`: the median of reruns in the same session (the result is cached per job and
  bullet set, so a rerun reads a few small rows and draws the table);
- matcher `rerun_with_picks`: the same with 12 bullets picked (coverage and highlighting by
  the picks);
- matcher `other_job`: switching to another job (scored afresh; the large account's jobs
  are one-line postings);
- matcher `full_posting`: switching to a whole posting (a demo job of some 25 lines, its key
  skills read from the text) scored afresh against the 1,200 bullets;
- resumes `list` and `opened`: the list of 20 resumes, and one opened (with its job's match).

Export timings (one resume of 8 bullets) are added: PDF, DOCX, Markdown, JSON Resume.

Run: `.venv/bin/python bench/bench_matcher_page.py [--runs N] [POSTGRESQL_SERVER_URL]`
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import tempfile
import time
import warnings

from common import ROOT, StatementCounter, emit, measure, scratch_engine
from sqlmodel import Session


def _point_settings_at(url: str, data_dir: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["ACHIEV_DATA_DIR"] = data_dir
    os.environ["ACHIEV_AI_PROVIDER"] = "offline"
    os.environ.setdefault("ACHIEV_COOKIE_KEY", "bench-" + "k" * 48)
    from services.settings import get_settings

    get_settings.cache_clear()


def _timed(at, counter: StatementCounter) -> tuple[float, int]:
    with counter.counting():
        started = time.perf_counter()
        at.run()
        elapsed = (time.perf_counter() - started) * 1000
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return round(elapsed, 1), counter.count


def _reruns(at, counter: StatementCounter, runs: int) -> dict:
    times, statements = [], []
    for _ in range(runs):
        ms, n = _timed(at, counter)
        times.append(ms)
        statements.append(n)
    return {
        "median_ms": round(statistics.median(times), 1),
        "max_ms": max(times),
        "statements": max(statements),
    }


def main(server_url: str | None = None, runs: int = 10) -> dict:
    logging.disable(logging.WARNING)
    warnings.filterwarnings("ignore")
    from streamlit.testing.v1 import AppTest

    from models.db import dispose_engines, get_engine
    from services import export
    from services.access import Actor
    from services.demo import JOBS, seed_large
    from services.job_match import clear_caches, match_job
    from services.jobs import create_job, list_jobs
    from services.tailoring import list_tailored_resumes, load_resume_document

    results: dict = {"runs": runs}
    with scratch_engine(server_url) as seeded, tempfile.TemporaryDirectory() as data_dir:
        url = seeded.url.render_as_string(hide_password=False)
        with Session(seeded, expire_on_commit=False) as session:
            user, _ = seed_large(session)
            actor = Actor(user.user_id)
            title, company, _url, text = JOBS[0]
            posting = create_job(session, actor, title=title, company=company, description=text)
            jobs = [j for j in list_jobs(session, actor) if j.id != posting.id]
            resumes = list_tailored_resumes(session, actor)
        _point_settings_at(url, data_dir)
        counter = StatementCounter(get_engine(url))
        results["backend"] = seeded.dialect.name
        clear_caches()

        def page(name: str, **state: object):
            at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=120)
            at.session_state["actor"] = {"user_id": actor.user_id, "role": "member"}
            for key, value in state.items():
                at.session_state[key] = value
            return at

        # warm the app's engine and the page's imports on another job
        warm = page("matcher", **{"matcher.job": jobs[-1].id})
        _timed(warm, counter)

        at = page("matcher", **{"matcher.job": jobs[0].id})
        first_ms, first_statements = _timed(at, counter)
        matcher: dict = {"first_run": {"ms": first_ms, "statements": first_statements}}
        matcher["rerun"] = _reruns(at, counter, runs)
        with Session(seeded) as session:
            rows = match_job(session, actor, jobs[0].id).rows
        at.session_state["matcher.picks"] = {f"job:{jobs[0].id}": [r.bullet_id for r in rows[:12]]}
        matcher["rerun_with_picks"] = _reruns(at, counter, runs)
        at.selectbox(key="matcher.job").set_value(jobs[1].id)
        ms, n = _timed(at, counter)
        matcher["other_job"] = {"ms": ms, "statements": n}
        at.selectbox(key="matcher.job").set_value(posting.id)
        ms, n = _timed(at, counter)
        matcher["full_posting"] = {"ms": ms, "statements": n}
        matcher["full_posting_rerun"] = _reruns(at, counter, runs)
        matcher["bullets"] = len(rows)
        results["matcher"] = matcher

        listing = page("resumes")
        _timed(listing, counter)
        resumes_result = {"list": _reruns(listing, counter, runs)}
        opened = page("resumes", **{"resumes.open": resumes[0].id})
        _timed(opened, counter)
        resumes_result["opened"] = _reruns(opened, counter, runs)
        results["resumes"] = resumes_result

        with Session(seeded) as session:
            doc = load_resume_document(session, actor, resumes[0].id)
        results["export_ms"] = {
            "pdf": measure(lambda: export.to_pdf(doc), repeat=5)["median_ms"],
            "docx": measure(lambda: export.to_docx(doc), repeat=5)["median_ms"],
            "markdown": measure(lambda: export.to_markdown(doc), repeat=5)["median_ms"],
            "json_resume": measure(lambda: export.to_json_resume_text(doc), repeat=5)["median_ms"],
        }
        dispose_engines()
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server_url", nargs="?", help="a PostgreSQL server (default: SQLite)")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    emit("matcher_page", main(args.server_url, args.runs))
