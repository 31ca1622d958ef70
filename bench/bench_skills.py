"""Key-skill extraction against human-marked spans in whole job postings; prints JSON.

Data: postings.jsonl from the evaluation folder (SkillSpan dev split), each posting with the
spans annotators marked as knowledge (`knowledge_spans`) and as skills (`skill_spans`).

Measure (micro-averaged over postings):
- recall: share of a posting's distinct knowledge spans matched by at least one extracted skill;
- precision: share of extracted skills that match at least one span (skill or knowledge);
- f1: their harmonic mean.

Span matching: a predicted skill matches a span when the vocabulary normalises the span to the
same canonical name, or when the two share enough words: the Dice coefficient of their sets of
content words (lowercased, plurals folded, stop words and punctuation dropped) is at least 0.5,
computed against the skill's name and against each of its vocabulary aliases (an extractor that
answers "Kubernetes" for a span "k8s" is right). So "cloud adoption" matches "cloud adoption and
migration" (0.8) but "engineering" does not match "modern engineering from toolsets to methods
practices to technologies".

Usage: python -m bench.bench_skills [--data DIR] [--limit N] [--show K]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from services.skills import extract_skills, normalize_skill, vocabulary, words_of  # noqa: E402
from services.text import STOP_WORDS, fold  # noqa: E402

DEFAULT_DATA = Path("/work/shared/eval")
THRESHOLD = 0.5


def content_words(text: str) -> frozenset[str]:
    """Lowercased, plural-folded words of a phrase without stop words."""
    return frozenset(fold(w) for w in words_of(text) if w not in STOP_WORDS)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def surface_forms(skill: str) -> list[frozenset[str]]:
    """The word sets a predicted skill is known by: its name and its aliases."""
    entry = vocabulary().skills.get(skill)
    forms = [skill, *(entry.aliases if entry else ())]
    return [w for w in (content_words(f) for f in forms) if w]


def matches(skill: str, forms: list[frozenset[str]], span: str, span_norm: str) -> bool:
    if span_norm == skill:
        return True
    span_words = content_words(span)
    return any(dice(f, span_words) >= THRESHOLD for f in forms)


def evaluate(postings: list[dict], limit: int | None) -> dict:
    tp_pred = n_pred = tp_gold = n_gold = 0
    times: list[float] = []
    per_posting = []
    for p in postings:
        t0 = time.perf_counter()
        predicted = extract_skills(p["text"], limit=limit)
        times.append((time.perf_counter() - t0) * 1000)
        knowledge = list(dict.fromkeys(s.strip() for s in p["knowledge_spans"] if s.strip()))
        spans = list(dict.fromkeys(s.strip() for s in p["knowledge_spans"] + p["skill_spans"]))
        norm = {s: normalize_skill(s) for s in spans}
        forms = {s: surface_forms(s) for s in predicted}
        hit_pred = [s for s in predicted if any(matches(s, forms[s], g, norm[g]) for g in spans)]
        hit_gold = [
            g for g in knowledge if any(matches(s, forms[s], g, norm[g]) for s in predicted)
        ]
        tp_pred += len(hit_pred)
        n_pred += len(predicted)
        tp_gold += len(hit_gold)
        n_gold += len(knowledge)
        per_posting.append(
            {
                "id": p["id"],
                "predicted": predicted,
                "wrong": [s for s in predicted if s not in hit_pred],
                "missed": [g for g in knowledge if g not in hit_gold],
            }
        )
    precision = tp_pred / n_pred if n_pred else 0.0
    recall = tp_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "n_postings": len(postings),
        "skills_per_posting": round(n_pred / max(1, len(postings)), 1),
        "ms_per_posting": round(statistics.mean(times), 2) if times else 0.0,
        "details": per_posting,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="keep the top N skills")
    parser.add_argument("--show", type=int, default=0, help="print details of N postings")
    args = parser.parse_args(argv)
    path = args.data / "postings.jsonl"
    postings = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    vocabulary()  # load outside the timing
    extract_skills("warm up")
    result = evaluate(postings, args.limit)
    details = result.pop("details")
    for d in details[: args.show]:
        print(json.dumps(d, ensure_ascii=False), file=sys.stderr)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
