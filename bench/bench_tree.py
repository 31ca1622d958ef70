"""Loading a person's whole tree (experiences, achievements, bullets): ms and SQL statements.

The statement count is the same for the demo account and the large one: no query per row.
Run: `.venv/bin/python bench/bench_tree.py [POSTGRESQL_SERVER_URL]` (default: SQLite).
"""

from __future__ import annotations

import sys

from common import StatementCounter, emit, measure, scratch_engine
from sqlmodel import Session

from services.access import Actor
from services.career import load_career
from services.demo import seed_demo, seed_large


def main(url: str | None = None) -> dict:
    """Seed both accounts, then time and count `load_career` for each."""
    results = {}
    with scratch_engine(url) as engine:
        with Session(engine, expire_on_commit=False) as session:
            demo, _ = seed_demo(session)
            large, _ = seed_large(session)
        counter = StatementCounter(engine)
        for label, user in (("demo", demo), ("large", large)):
            actor = Actor(user.user_id)

            def load(actor: Actor = actor) -> object:
                with Session(engine) as session:
                    return load_career(session, actor)

            with counter.counting():
                tree = load()
            statements = counter.count
            results[label] = {
                "experiences": len(tree.experiences),
                "achievements": tree.achievement_count,
                "bullets": tree.bullet_count,
                "statements": statements,
                **measure(load),
            }
        results["backend"] = engine.dialect.name
    results["same_statement_count"] = (
        results["demo"]["statements"] == results["large"]["statements"]
    )
    return results


if __name__ == "__main__":
    emit("load_career", main(sys.argv[1] if len(sys.argv) > 1 else None))
