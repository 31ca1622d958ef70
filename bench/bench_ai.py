"""Bullet generation speed; prints JSON.

(a) Bullets for 20 achievements through the OpenAI provider against the fake OpenAI server
    answering each request in 300 ms, with the settings' concurrency (4). The figure of merit is
    wall time / (ceil(20 / concurrency) * 300 ms), the time the calls would take in perfectly
    packed rounds; it must be at most 2.
(b) Offline bullets (with their support check) for 400 generated achievements: total ms, which
    must stay under 1000.

Each is run a few times and the median reported.

Usage: python -m bench.bench_ai [--runs N] [--latency SECONDS] [--count N] [--offline-count N]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from services.ai.bullets import AchievementFacts, generate_bullets_batch  # noqa: E402
from services.ai.offline import OfflineProvider  # noqa: E402
from services.ai.openai_provider import OpenAIProvider  # noqa: E402
from services.settings import Settings  # noqa: E402
from tests.fakes.openai_server import FakeOpenAIServer  # noqa: E402

OPENINGS = [
    "I was responsible for {verb_ing} {thing}",
    "Helped the team {verb} {thing}",
    "Worked on {verb_ing} {thing}",
    "{Verb_past} {thing}",
    "We {verb_past} {thing} for the {team} team",
    "Responsible for {verb_ing} {thing} using {skill}",
]
VERBS = [
    ("migrate", "migrating", "migrated"),
    ("automate", "automating", "automated"),
    ("redesign", "redesigning", "redesigned"),
    ("build", "building", "built"),
    ("launch", "launching", "launched"),
    ("simplify", "simplifying", "simplified"),
]
THINGS = [
    "the billing system",
    "our onboarding flow",
    "the monthly finance reports",
    "the CI pipeline",
    "the customer support knowledge base",
    "a churn dashboard",
    "the warehouse picking process",
]
IMPACTS = [
    "Cut processing time by {n}%",
    "Saved {n} hours a week",
    "Reduced errors from {n} to {m} per month",
    "Revenue grew {n}% in two quarters",
    "Saved ${n}K a year",
    "",
]
SKILLS = ["Python", "SQL", "Excel", "Kubernetes", "Stripe", "Tableau", "Terraform", "Figma"]
TEAMS = ["sales", "finance", "support", "operations"]


def generated_achievements(count: int, seed: int = 7) -> list[AchievementFacts]:
    """Varied, realistic achievements (deterministic for a seed)."""
    rnd = random.Random(seed)
    out = []
    for i in range(count):
        verb, verb_ing, verb_past = rnd.choice(VERBS)
        skill = rnd.choice(SKILLS)
        description = rnd.choice(OPENINGS).format(
            verb=verb,
            verb_ing=verb_ing,
            verb_past=verb_past,
            Verb_past=verb_past.capitalize(),
            thing=rnd.choice(THINGS),
            team=rnd.choice(TEAMS),
            skill=skill,
        )
        n = rnd.randint(2, 90)
        impact = rnd.choice(IMPACTS).format(n=n, m=max(1, n // 3))
        out.append(
            AchievementFacts(
                description=description,
                impact=impact,
                skills=[skill, rnd.choice(SKILLS)],
                job_title="Analyst",
                company="Acme",
                achievement_id=str(i),
            )
        )
    return out


def bench_openai(count: int, latency: float, runs: int) -> dict:
    settings = Settings(
        ai_provider="openai",
        openai_api_key=None,
        ai_timeout_seconds=10.0,
        ai_max_retries=0,
    )
    concurrency = settings.ai_concurrency
    ideal = math.ceil(count / concurrency) * latency
    items = generated_achievements(count)
    walls = []
    with FakeOpenAIServer(latency=latency) as server:
        server.set_sticky({"json": {"bullets": [{"text": "Automated the reports with Python"}]}})
        provider = OpenAIProvider(settings.model_copy(update={"openai_base_url": server.base_url}))
        generate_bullets_batch(items[:1], provider=provider)  # warm the connection pool
        for _ in range(runs):
            started = time.perf_counter()
            outcome = generate_bullets_batch(items, provider=provider, concurrency=concurrency)
            walls.append(time.perf_counter() - started)
            if outcome.errors:
                raise SystemExit(f"bench: {len(outcome.errors)} errors: {outcome.errors[0][1]}")
        max_in_flight = server.max_in_flight
    wall = statistics.median(walls)
    return {
        "achievements": count,
        "latency_ms": round(latency * 1000),
        "concurrency": concurrency,
        "max_in_flight": max_in_flight,
        "wall_ms_median": round(wall * 1000, 1),
        "wall_ms_runs": [round(w * 1000, 1) for w in walls],
        "packed_rounds_ms": round(ideal * 1000, 1),
        "sequential_ms": round(count * latency * 1000, 1),
        "ratio_to_packed_rounds": round(wall / ideal, 3),
        "ok": wall <= 2 * ideal,
    }


def bench_offline(count: int, runs: int) -> dict:
    items = generated_achievements(count, seed=11)
    provider = OfflineProvider()
    generate_bullets_batch(items[:5], provider=provider)  # warm caches (verb tables, skills)
    totals = []
    bullets = 0
    for _ in range(runs):
        started = time.perf_counter()
        outcome = generate_bullets_batch(items, provider=provider)
        totals.append(time.perf_counter() - started)
        bullets = sum(len(result) for _, result in outcome.results)
        if outcome.errors:
            raise SystemExit(f"bench: offline errors: {outcome.errors[0][1]}")
    total = statistics.median(totals)
    return {
        "achievements": count,
        "bullets": bullets,
        "total_ms_median": round(total * 1000, 1),
        "total_ms_runs": [round(t * 1000, 1) for t in totals],
        "ms_per_achievement": round(total * 1000 / count, 3),
        "ok": total < 1.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--offline-count", type=int, default=400)
    args = parser.parse_args(argv)
    result = {
        "openai_batch": bench_openai(args.count, args.latency, args.runs),
        "offline": bench_offline(args.offline_count, max(args.runs, 5)),
    }
    print(json.dumps(result, indent=2))
    return 0 if all(part["ok"] for part in result.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
