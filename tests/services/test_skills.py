"""The shared skills vocabulary: normalising, extracting, splitting and joining skills."""

from __future__ import annotations

import json

import pytest

from services.skills import (
    DATA_FILE,
    extract_skills,
    get_skill,
    join_skills,
    normalize_skill,
    skills_in,
    split_skills,
    vocabulary,
)

JOB_AD = """Senior Platform Engineer
About the role
You will run our Kubernetes clusters and build CI/CD pipelines for a growing product team.
Requirements:
- 5+ years of experience with Python and Postgres
- Hands-on knowledge of k8s, Terraform and AWS
- Experience with Zorblax streaming pipelines
- Excellent communication skills in English
Benefits:
- Free lunch, gym membership and a Python conference budget
"""


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("k8s", "Kubernetes"),
        ("JS", "JavaScript"),
        ("javascript", "JavaScript"),
        ("ECMAScript", "JavaScript"),
        ("Postgres", "PostgreSQL"),
        ("psql", "PostgreSQL"),
        ("continuous integration", "CI/CD"),
        ("Continuous Delivery", "CI/CD"),
        ("aws", "Amazon Web Services (AWS)"),
        ("Amazon Web Services", "Amazon Web Services (AWS)"),
        ("PYTHON", "Python"),
        ("team player", "Teamwork"),
        ("problem-solving", "Problem solving"),
        ("Java (computer programming)", "Java"),
        ("golang", "Go"),
        ("go", "Go"),
        ("housekeeping", "Housekeeping"),
        ("lesson planning", "Lesson planning"),
    ],
)
def test_normalize_skill_maps_aliases_and_casing(written: str, canonical: str) -> None:
    assert normalize_skill(written) == canonical


def test_normalize_skill_tidies_unknown_names() -> None:
    assert normalize_skill("  Quantum   basket\tweaving ") == "Quantum basket weaving"
    assert normalize_skill("") == ""
    assert normalize_skill("   ") == ""


def test_get_skill_knows_category_and_broader_skills() -> None:
    skill = get_skill("postgres")
    assert skill is not None
    assert skill.name == "PostgreSQL"
    assert skill.category == "Databases"
    assert "SQL" in skill.broader
    assert get_skill("Quantum basket weaving") is None


def test_vocabulary_is_broad_and_consistent() -> None:
    vocab = vocabulary()
    assert len(vocab.skills) >= 500
    categories = {s.category for s in vocab.skills.values()}
    for expected in (
        "Programming languages",
        "Cloud and DevOps",
        "Soft skills",
        "Healthcare",
        "Hospitality",
        "Education",
        "Sales",
        "Marketing",
        "Business and finance",
    ):
        assert expected in categories
    for skill in vocab.skills.values():
        for wider in skill.broader:
            assert wider in vocab.skills, f"{skill.name} -> unknown broader skill {wider}"


def test_vocabulary_file_has_no_alias_claimed_by_two_skills() -> None:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    owner: dict[str, str] = {}
    for entry in raw["skills"]:
        for form in [entry["name"], *entry.get("aliases", [])]:
            key = normalize_skill(form)
            # every name and alias normalises to its own skill
            assert key == entry["name"], f"{form!r} normalises to {key!r}, not {entry['name']!r}"
            owner.setdefault(form.lower(), entry["name"])


def test_extract_skills_unifies_aliases_and_ranks_requirements_first() -> None:
    skills = extract_skills(JOB_AD)
    assert skills.count("Kubernetes") == 1  # "Kubernetes" and "k8s"
    assert skills.count("PostgreSQL") == 1
    for expected in (
        "Python",
        "Kubernetes",
        "Terraform",
        "Amazon Web Services (AWS)",
        "CI/CD",
        "Communication",
        "English",
    ):
        assert expected in skills
    assert len(skills) == len(set(skills))
    assert skills.index("Kubernetes") < 6


def test_extract_skills_finds_phrases_outside_the_vocabulary() -> None:
    skills = extract_skills(JOB_AD)
    assert any("Zorblax" in s for s in skills)


def test_extract_skills_ignores_benefits() -> None:
    ad = "Requirements:\nExperience with Django\nBenefits:\nGym membership and yoga classes\n"
    skills = extract_skills(ad)
    assert "Django" in skills
    assert not any("yoga" in s.lower() or "gym" in s.lower() for s in skills)


def test_extract_skills_reads_tag_lists() -> None:
    ad = "Technologies\npython django amazon-web-services react\nJob description\nBuild things."
    skills = extract_skills(ad)
    for expected in ("Python", "Django", "Amazon Web Services (AWS)", "React"):
        assert expected in skills


def test_extract_skills_limit_and_empty_text() -> None:
    assert extract_skills("") == []
    assert extract_skills("   \n  ") == []
    assert len(extract_skills(JOB_AD, limit=3)) == 3
    assert extract_skills(JOB_AD, limit=3) == extract_skills(JOB_AD)[:3]


def test_extract_skills_covers_non_technical_jobs() -> None:
    ad = (
        "Room attendant wanted for our hotel.\n"
        "Requirements:\n"
        "Experience with housekeeping and laundry\n"
        "Good attention to detail and customer service skills\n"
    )
    skills = extract_skills(ad)
    for expected in ("Housekeeping", "Laundry", "Attention to detail", "Customer service"):
        assert expected in skills


def test_split_and_join_round_trip() -> None:
    skills = split_skills("python, JS , k8s,Python,, Quantum basket weaving")
    assert skills == ["Python", "JavaScript", "Kubernetes", "Quantum basket weaving"]
    joined = join_skills(skills)
    assert joined == "Python, JavaScript, Kubernetes, Quantum basket weaving"
    assert split_skills(joined) == skills
    assert join_skills(["k8s", "Kubernetes", " kubernetes "]) == "Kubernetes"


def test_split_and_join_empty_values() -> None:
    assert split_skills(None) == []
    assert split_skills("") == []
    assert split_skills(" , ;") == []
    assert join_skills([]) == ""


def test_skills_in_finds_aliases_and_respects_ambiguous_words() -> None:
    assert {"Kubernetes", "Terraform"} <= skills_in("Deployed services on k8s with Terraform.")
    assert "Go" in skills_in("Built payment APIs in Go and Python")
    assert "Go" not in skills_in("Ready to go the extra mile")
    assert "Excel" not in skills_in("You will excel at talking to customers")
    assert skills_in("") == set()
