"""Matching a person's bullets against a saved or pasted job: ownership, the embedding blend,
its fallback, and the caches."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session

from services import accounts, bullets, coaching, job_match, jobs
from services.access import Actor
from services.ai.provider import clear_provider_cache
from services.errors import NotFound
from services.job_match import (
    EmbeddingCache,
    cached_embedder,
    highlight_segments,
    match_job,
    match_text,
)
from services.settings import get_settings
from tests.fakes.openai_server import FakeOpenAIServer
from tests.matching_data import LINES, build_record

POSTING = """Data Engineer

We build data pipelines in Python and SQL on Kubernetes.
Requirements: Python, SQL, Kubernetes, Terraform."""


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts offline with empty caches."""
    monkeypatch.setenv("ACHIEV_AI_PROVIDER", "offline")
    get_settings.cache_clear()
    clear_provider_cache()
    job_match.clear_caches()
    yield
    get_settings.cache_clear()
    clear_provider_cache()
    job_match.clear_caches()


@pytest.fixture
def record(session: Session, alice: Actor) -> dict:
    return build_record(session, alice, POSTING)


def use_fake_openai(monkeypatch: pytest.MonkeyPatch, fake: FakeOpenAIServer) -> None:
    monkeypatch.setenv("ACHIEV_AI_PROVIDER", "openai")
    monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
    monkeypatch.setenv("ACHIEV_AI_MAX_RETRIES", "0")
    monkeypatch.setenv("ACHIEV_AI_TIMEOUT", "2")
    get_settings.cache_clear()
    clear_provider_cache()


def embedding_requests(fake: FakeOpenAIServer) -> list[dict]:
    return [r for r in fake.requests if r["path"] == "/v1/embeddings"]


def test_a_saved_job_ranks_the_owners_bullets_with_its_stored_skills(
    session: Session, alice: Actor, record: dict
) -> None:
    match = match_job(session, alice, record["job"].id)
    ids = record["bullets"]
    assert match.key_skills == ["Python", "SQL", "Kubernetes", "Terraform"]
    assert match.method == "offline" and match.note is None
    assert [r.bullet_id for r in match.rows][-1] == ids["party"]
    assert {r.bullet_id for r in match.rows[:2]} == {ids["pipeline"], ids["k8s"]}
    top = {r.bullet_id: r for r in match.rows}
    assert "Python" in top[ids["pipeline"]].matched_skills
    assert top[ids["party"]].band == "weak"
    assert top[ids["pipeline"]].experience_id == record["experience"].id
    assert match.experience_label(record["experience"].id) == "Data Engineer at Acme"
    assert match.experience_label(None) == "No experience"
    assert match.label == "Data Engineer at Lumen"
    assert match.result.missing_skills == ["Terraform"]

    # coverage and skill states follow the chosen bullets
    assert match.coverage([]) == 0
    assert match.coverage([ids["pipeline"]]) < match.coverage([ids["pipeline"], ids["k8s"]])
    states = dict(match.skill_states([ids["pipeline"]]))
    assert states == {
        "Python": "covered",
        "SQL": "covered",
        "Kubernetes": "available",
        "Terraform": "missing",
    }
    assert "pipelines" in {t.lower() for t in match.highlight_terms([ids["pipeline"]])}


def test_a_stranger_gets_not_found_and_a_coach_reads(
    session: Session, alice: Actor, bob: Actor, record: dict
) -> None:
    with pytest.raises(NotFound):
        match_job(session, bob, record["job"].id)
    with pytest.raises(NotFound):
        match_job(session, alice, "no-such-job")
    with pytest.raises(NotFound):
        match_job(session, alice, record["job"].id, owner_id=bob.user_id)
    with pytest.raises(NotFound):
        match_text(session, bob, POSTING, owner_id=alice.user_id)

    coach = accounts.create_account(
        session,
        username="coach.kim",
        email="kim@coaching.example",
        password_hash=accounts.hash_password("correct horse", rounds=4),
        role="coach",
    ).actor
    invited = coaching.invite_coach(session, alice, "coach.kim")
    coaching.accept_invitation(session, coach, invited.id)
    seen = match_job(session, coach, record["job"].id, owner_id=alice.user_id)
    assert {r.bullet_id for r in seen.rows} == set(record["bullets"].values())
    pasted = match_text(session, coach, POSTING, owner_id=alice.user_id)
    assert len(pasted.rows) == 3


def test_a_pasted_job_reads_its_own_key_skills(
    session: Session, alice: Actor, record: dict
) -> None:
    match = match_text(session, alice, POSTING, title=" ", company="Lumen")
    assert match.job_id is None and match.title == "Pasted job" and match.company == "Lumen"
    assert {"Python", "SQL", "Kubernetes"} <= set(match.key_skills)
    assert match.rows[-1].bullet_id == record["bullets"]["party"]
    empty = match_text(session, alice, "")
    assert empty.key_skills == [] and all(r.score == 0 for r in empty.rows)


def test_results_are_cached_until_a_bullet_or_the_job_changes(
    session: Session, alice: Actor, record: dict
) -> None:
    first = match_job(session, alice, record["job"].id)
    assert match_job(session, alice, record["job"].id).result is first.result
    bullets.update_bullet(
        session, alice, record["bullets"]["party"], content="Ran Terraform for 40 services"
    )
    second = match_job(session, alice, record["job"].id)
    assert second.result is not first.result
    assert "Terraform" not in second.result.missing_skills
    jobs.update_job(session, alice, record["job"].id, key_skills=["Python"])
    assert match_job(session, alice, record["job"].id).key_skills == ["Python"]
    bullets.delete_bullet(session, alice, record["bullets"]["party"])
    assert len(match_job(session, alice, record["job"].id).rows) == 2


def test_embeddings_are_blended_in_and_cached(
    session: Session, alice: Actor, record: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    offline = match_job(session, alice, record["job"].id)
    with FakeOpenAIServer() as fake:
        use_fake_openai(monkeypatch, fake)
        blended = match_job(session, alice, record["job"].id)
        assert blended.method == "embeddings" and blended.note is None
        sent = embedding_requests(fake)
        assert len(sent) == 1
        texts = sent[0]["body"]["input"]
        assert POSTING in texts and set(LINES.values()) <= set(texts)
        assert [r.score for r in blended.rows] != [r.score for r in offline.rows]
        assert blended.rows[-1].bullet_id == record["bullets"]["party"]

        # the same again: no new request (the result is cached)
        match_job(session, alice, record["job"].id)
        assert len(embedding_requests(fake)) == 1
        # a changed bullet: only its text is embedded, the rest come from the cache
        bullets.update_bullet(
            session, alice, record["bullets"]["party"], content="Planned the summer party"
        )
        match_job(session, alice, record["job"].id)
        sent = embedding_requests(fake)
        assert len(sent) == 2 and sent[1]["body"]["input"] == ["Planned the summer party"]


def test_an_embedding_failure_falls_back_to_offline_scores_with_a_note(
    session: Session, alice: Actor, record: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    offline = match_job(session, alice, record["job"].id)
    job_match.clear_caches()
    with FakeOpenAIServer() as fake:
        use_fake_openai(monkeypatch, fake)
        fake.set_sticky({"status": 500})
        fallback = match_job(session, alice, record["job"].id)
    assert fallback.method == "offline"
    assert fallback.note and fallback.note.startswith("Matching by meaning is unavailable")
    assert "HTTP 500" in fallback.note
    assert [(r.bullet_id, r.score) for r in fallback.rows] == [
        (r.bullet_id, r.score) for r in offline.rows
    ]


def test_an_unreachable_embedding_server_falls_back_too(
    session: Session, alice: Actor, record: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeOpenAIServer() as fake:
        url = fake.base_url
    monkeypatch.setenv("ACHIEV_AI_PROVIDER", "openai")
    monkeypatch.setenv("OPENAI_BASE_URL", url)  # nothing listens there any more
    monkeypatch.setenv("ACHIEV_AI_MAX_RETRIES", "0")
    get_settings.cache_clear()
    clear_provider_cache()
    match = match_job(session, alice, record["job"].id)
    assert match.method == "offline" and "could not reach" in match.note


def test_the_embedding_cache_is_bounded_and_keyed_by_model() -> None:
    calls: list[list[str]] = []

    def embed(texts: list[str]) -> list[list[float]]:
        calls.append(list(texts))
        return [[float(len(t)), 1.0, 0.0, 0.0] for t in texts]

    cache = EmbeddingCache(max_floats=12)  # three vectors of four
    run = cached_embedder(embed, "m1", cache)
    assert run(["a", "bb", "a"]) == [
        [1.0, 1.0, 0.0, 0.0],
        [2.0, 1.0, 0.0, 0.0],
        [1.0, 1.0, 0.0, 0.0],
    ]
    assert calls == [["a", "bb"]]
    run(["a", "bb"])
    assert calls == [["a", "bb"]] and cache.hits >= 2
    run(["ccc", "dddd"])  # four vectors do not fit: the least recently used goes
    assert len(cache) == 3
    cached_embedder(embed, "m2", cache)(["a"])
    assert calls[-1] == ["a"]  # another model: embedded again
    with pytest.raises(Exception, match="no vectors"):
        cached_embedder(lambda texts: None, "m3", cache)(["x"])


def test_highlighting_marks_shared_words_and_keeps_the_text() -> None:
    text = "We need <b>Python</b> pipelines & strong team skills."
    parts = highlight_segments(text, ["python", "pipeline", "team"])
    assert "".join(p for p, _ in parts) == text
    assert [p for p, marked in parts if marked] == ["Python", "pipelines"]
    assert highlight_segments(text, []) == [(text, False)]
    assert highlight_segments("", ["x"]) == []
