"""Reading a pasted job description, offline and with a model."""

from __future__ import annotations

import pytest

from services.ai.jobs import ParsedJob, parse_job_description, parse_job_offline
from services.errors import ValidationFailed
from services.skills import extract_skills

POSTING = """Senior Backend Engineer at Acme Corp
Location: Remote (EU)

About Acme
Acme builds payment tools for small businesses.

What you'll do:
- Design and build APIs
- Own services end to end

Requirements:
- 5+ years of experience with Python
- Experience with PostgreSQL and AWS
- Strong communication skills

Nice to have:
- Kubernetes

Benefits:
- 30 days of holiday
"""

MODEL_ANSWER = {
    "json": {
        "title": "Senior Backend Engineer",
        "company": "Acme Corp",
        "key_skills": ["python", "Postgres", "k8s", "AWS", "python"],
        "requirements": [
            "- 5+ years of experience with Python",
            "Experience with PostgreSQL and AWS",
            "Strong communication skills",
        ],
    }
}


def test_both_providers_read_title_company_skills_and_requirements(harness):
    harness.will_answer(MODEL_ANSWER)
    job = parse_job_description(POSTING, provider=harness.provider)
    assert isinstance(job, ParsedJob)
    assert job.title == "Senior Backend Engineer"
    assert job.company == "Acme Corp"
    assert job.requirements[:3] == [
        "5+ years of experience with Python",
        "Experience with PostgreSQL and AWS",
        "Strong communication skills",
    ]
    for skill in ("Python", "PostgreSQL", "Kubernetes"):
        assert skill in job.key_skills
    assert len(job.key_skills) == len({s.lower() for s in job.key_skills})
    assert job.requirements_text.split("\n") == job.requirements
    assert "Python" in job.key_skills_text


def test_model_skills_are_normalised_and_merged_with_the_text(make_openai, fake_openai):
    fake_openai.enqueue(MODEL_ANSWER)
    job = parse_job_description(POSTING, provider=make_openai())
    assert job.key_skills[:3] == ["Python", "PostgreSQL", "Kubernetes"]
    assert set(extract_skills(POSTING)) <= set(job.key_skills)


def test_model_gaps_are_filled_by_the_heuristics(make_openai, fake_openai):
    fake_openai.enqueue(
        {"json": {"title": "", "company": "unknown", "key_skills": [], "requirements": []}}
    )
    job = parse_job_description(POSTING, provider=make_openai())
    assert job.title == "Senior Backend Engineer"
    assert job.company == "Acme Corp"
    assert "Strong communication skills" in job.requirements


def test_offline_reading_of_fields_and_prose():
    job = parse_job_offline(
        "Job title: Data Analyst\nCompany: Globex\nWe are looking for a data analyst to join "
        "our team. You must have a degree in statistics. Knowledge of SQL is required. "
        "Apply by sending your CV. We offer great perks."
    )
    assert (job.title, job.company) == ("Data Analyst", "Globex")
    assert job.requirements == [
        "You must have a degree in statistics.",
        "Knowledge of SQL is required.",
    ]
    assert "SQL" in job.key_skills


@pytest.mark.parametrize(
    ("text", "title", "company"),
    [
        ("Product Designer | Stripe\nWe design payments.", "Product Designer", "Stripe"),
        (
            "We're hiring!\nGlobex is hiring a Staff Engineer to lead our platform.",
            "Staff Engineer",
            "Globex",
        ),
        (
            "Position: Nurse (m/f/d)\nAbout St Mary's Hospital\nCare for patients.",
            "Nurse",
            "St Mary's Hospital",
        ),
        ("DevOps Engineer ( CI CD Docker ) <ORGANIZATION>\nRole:\nDevOps", "DevOps Engineer", None),
    ],
)
def test_offline_title_and_company(text, title, company):
    job = parse_job_offline(text)
    assert job.title == title
    assert job.company == company


def test_nice_to_have_items_are_marked():
    job = parse_job_offline(POSTING)
    assert "Nice to have: Kubernetes" in job.requirements
    assert not any("holiday" in r or "Design and build" in r for r in job.requirements)


def test_long_fields_fit_the_schema():
    job = parse_job_offline("Title: " + "Engineer " * 60 + "\nRequirements:\n- " + "x " * 400)
    assert len(job.title) <= 255
    assert all(len(r) <= 301 for r in job.requirements)


def test_empty_text_is_refused(harness):
    with pytest.raises(ValidationFailed) as caught:
        parse_job_description("  \n ", provider=harness.provider)
    assert "description" in caught.value.errors
