"""Bullet ranking quality and speed of the matcher against plain BM25; prints JSON.

Quality: the skill-to-sentence sets from the evaluation folder (TECH and HOUSE validation
sets): each query is one ESCO skill label standing for a job requirement; every sentence of the
set is ranked for every query with `services.matching.score_bullets` (query = job text) and
scored with nDCG@5, P@1 and MRR against the relevant sentences. Reported per set and as the mean
of the two sets, for:
- "bm25s": plain bm25s (English stop words, no stemming), the baseline;
- "offline": the default matcher (no embeddings);
- "semantic": the matcher with the local MiniLM embedder, when the semantic extra is installed.

Speed: one job (a whole posting from postings.jsonl) against 1,000 distinct bullets (lines of
the other postings), median over repeated interleaved runs: plain bm25s (tokenise + index +
retrieve all) against `score_bullets` (which also extracts the job's key skills), and their
ratio. Also reported: scoring with the job's key skills already stored (the app's path), and
scoring with the per-word caches emptied before each run (a process seeing these words for the
first time).

Usage: python -m bench.bench_matcher [--data DIR] [--no-semantic] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import bm25s  # noqa: E402

from services.matching import local_embedder, score_bullets  # noqa: E402
from services.skills import extract_skills, vocabulary  # noqa: E402
from services.text import fold, stem  # noqa: E402

DEFAULT_DATA = Path("/work/shared/eval")
SETS = ("tech", "house")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def load_set(data: Path, name: str) -> tuple[list[dict], list[dict], dict[str, set[str]]]:
    jobs = read_jsonl(data / f"skill2bullets_{name}.jobs.jsonl")
    bullets = read_jsonl(data / f"skill2bullets_{name}.bullets.jsonl")
    qrels = {
        q["job"]: set(q["relevant"]) for q in read_jsonl(data / f"skill2bullets_{name}.qrels.jsonl")
    }
    return jobs, bullets, qrels


def metrics(ranking: list[str], relevant: set[str]) -> tuple[float, float, float]:
    """nDCG@5, P@1 and reciprocal rank of one ranking."""
    dcg = sum(1 / math.log2(i + 2) for i, b in enumerate(ranking[:5]) if b in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(5, len(relevant))))
    ndcg = dcg / ideal if ideal else 0.0
    p1 = 1.0 if ranking and ranking[0] in relevant else 0.0
    rr = next((1 / (i + 1) for i, b in enumerate(ranking) if b in relevant), 0.0)
    return ndcg, p1, rr


def evaluate(rank_fn, data: Path) -> dict:
    out: dict[str, dict] = {}
    for name in SETS:
        jobs, bullets, qrels = load_set(data, name)
        rows = [metrics(rank_fn(job["text"], bullets), qrels.get(job["id"], set())) for job in jobs]
        out[name] = {
            "ndcg@5": round(statistics.mean(r[0] for r in rows), 4),
            "p@1": round(statistics.mean(r[1] for r in rows), 4),
            "mrr": round(statistics.mean(r[2] for r in rows), 4),
            "queries": len(rows),
        }
    out["mean"] = {
        key: round(statistics.mean(out[n][key] for n in SETS), 4)
        for key in ("ndcg@5", "p@1", "mrr")
    }
    return out


def bm25s_rank(query: str, bullets: list[dict]) -> list[str]:
    """Plain bm25s over the bullets, every bullet ranked (stable on ties)."""
    corpus = [b["text"] for b in bullets]
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize(corpus, stopwords="en", show_progress=False), show_progress=False
    )
    q = bm25s.tokenize([query], stopwords="en", show_progress=False, return_ids=False)
    scores = retriever.get_scores(q[0]) if q and q[0] else [0.0] * len(bullets)
    order = sorted(range(len(bullets)), key=lambda i: (-scores[i], i))
    return [bullets[i]["id"] for i in order]


def matcher_rank(embed=None):
    def rank(query: str, bullets: list[dict]) -> list[str]:
        result = score_bullets(query, [(b["id"], b["text"]) for b in bullets], embed=embed)
        return [b.id for b in result.bullets]

    return rank


def speed(data: Path, repeat: int) -> dict:
    postings = read_jsonl(data / "postings.jsonl")
    job = postings[0]["text"]
    lines: list[str] = []
    seen: set[str] = set()
    for p in postings[1:]:
        for line in p["text"].splitlines():
            line = line.strip()
            if len(line.split()) >= 4 and line not in seen:
                seen.add(line)
                lines.append(line)
    bullets = lines[:1000]
    pairs = [(str(i), t) for i, t in enumerate(bullets)]

    def run_bm25s() -> None:
        retriever = bm25s.BM25()
        retriever.index(
            bm25s.tokenize(bullets, stopwords="en", show_progress=False), show_progress=False
        )
        q = bm25s.tokenize([job], stopwords="en", show_progress=False)
        retriever.retrieve(q, k=len(bullets), show_progress=False)

    def run_matcher() -> None:
        score_bullets(job, pairs)

    key_skills = extract_skills(job, limit=25)

    def run_stored() -> None:
        score_bullets(job, pairs, key_skills=key_skills)

    def run_cold_words() -> None:
        clear_word_caches()
        score_bullets(job, pairs)

    run_matcher()  # load the vocabulary once, as a running app has
    runs = (
        ("bm25s", run_bm25s),
        ("matcher", run_matcher),
        ("stored", run_stored),
        ("cold", run_cold_words),
    )
    times: dict[str, list[float]] = {name: [] for name, _ in runs}
    for _ in range(repeat):
        for name, fn in runs:
            t0 = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - t0) * 1000)
    med = {k: statistics.median(v) for k, v in times.items()}
    return {
        "bullets": len(bullets),
        "bm25s_ms": round(med["bm25s"], 2),
        "matcher_ms": round(med["matcher"], 2),
        "ratio": round(med["matcher"] / med["bm25s"], 2),
        # the app stores each job's key skills, so it skips extraction when scoring
        "matcher_stored_key_skills_ms": round(med["stored"], 2),
        "ratio_stored_key_skills": round(med["stored"] / med["bm25s"], 2),
        # with the per-word caches (stems, vocabulary look-ups) emptied before each run
        "matcher_cold_word_cache_ms": round(med["cold"], 2),
        "ratio_cold_word_cache": round(med["cold"] / med["bm25s"], 2),
    }


def clear_word_caches() -> None:
    """Forget every word seen so far, as a fresh process would."""
    vocabulary()._winfo.clear()
    stem.cache_clear()
    fold.cache_clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--no-semantic", action="store_true")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    # timed first, before a semantic model loads into the process
    timing = speed(args.data, args.repeat)
    result: dict = {
        "bm25s": evaluate(bm25s_rank, args.data),
        "offline": evaluate(matcher_rank(), args.data),
    }
    embed = None if args.no_semantic else local_embedder()
    result["semantic"] = evaluate(matcher_rank(embed), args.data) if embed else None
    result["speed"] = timing
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
