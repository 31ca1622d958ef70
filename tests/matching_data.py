"""A small record for matcher tests: one experience, three bullets, one saved job."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from services import bullets, experiences, jobs
from services.access import Actor

LINES = {
    "pipeline": "Built Python data pipelines loading 2 TB a day into a SQL warehouse",
    "k8s": "Moved 40 services onto Kubernetes, cutting hosting cost by 30%",
    "party": "Organised the office summer party for 120 people",
}


def build_record(session: Session, actor: Actor, posting: str) -> dict:
    """The experience, the bullets' ids by key, and a Data Engineer job with `posting`."""
    exp = experiences.create_experience(
        session, actor, company_name="Acme", job_title="Data Engineer", start_date=date(2020, 1, 1)
    )
    ids = {
        key: bullets.create_bullet(session, actor, experience_id=exp.id, content=text).id
        for key, text in LINES.items()
    }
    job = jobs.create_job(
        session,
        actor,
        title="Data Engineer",
        company="Lumen",
        description=posting,
        key_skills=["Python", "SQL", "Kubernetes", "Terraform"],
    )
    return {"experience": exp, "bullets": ids, "job": job}
