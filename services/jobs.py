"""Job descriptions: the postings a person aims at."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlmodel import Session

from models import JobDescription, TailoredResume
from services.access import Actor
from services.errors import ValidationFailed
from services.records import apply, cleaned, commit, fetch_owned, insert, reader_scope
from services.skills import join_skills, split_skills

LABELS = {
    "title": "Job title",
    "company": "Company",
    "description": "Job description",
    "key_skills": "Key skills",
    "requirements": "Requirements",
    "url": "Link",
}
EDITABLE = set(LABELS)


def _tidy(fields: dict[str, Any]) -> dict[str, Any]:
    """Lists are accepted for key skills (normalised) and requirements (one a line)."""
    fields = dict(fields)
    if isinstance(fields.get("key_skills"), list | tuple):
        fields["key_skills"] = join_skills(list(fields["key_skills"]))
    elif isinstance(fields.get("key_skills"), str):
        fields["key_skills"] = join_skills(split_skills(fields["key_skills"]))
    if isinstance(fields.get("requirements"), list | tuple):
        fields["requirements"] = "\n".join(r.strip() for r in fields["requirements"] if r.strip())
    return fields


def _check_url(values: dict[str, Any]) -> None:
    """A link is a web address, so it can be opened safely."""
    url = values.get("url")
    if not url:
        return
    if not url.lower().startswith(("http://", "https://")) or any(c.isspace() for c in url):
        raise ValidationFailed({"url": "Link must be a web address starting with https://."})


def create_job(session: Session, actor: Actor, **fields: Any) -> JobDescription:
    """A new job description in the acting user's record."""
    values = cleaned(JobDescription, _tidy(fields), LABELS, EDITABLE)
    _check_url(values)
    return insert(session, JobDescription(user_id=actor.user_id, **values))


def get_job(session: Session, actor: Actor, job_id: str) -> JobDescription:
    """One job description the actor may read."""
    return fetch_owned(session, actor, JobDescription, job_id, "job description")


def list_jobs(session: Session, actor: Actor, owner_id: str | None = None) -> list[JobDescription]:
    """A person's job descriptions, newest first."""
    owner = reader_scope(session, actor, owner_id, "job description")
    query = (
        select(JobDescription)
        .where(JobDescription.user_id == owner)
        .order_by(JobDescription.created_at.desc(), JobDescription.id)
    )
    return list(session.scalars(query).all())


def update_job(session: Session, actor: Actor, job_id: str, **fields: Any) -> JobDescription:
    """Change a job description of the acting user's; fields left out stay as they are."""
    row = fetch_owned(session, actor, JobDescription, job_id, "job description", write=True)
    values = cleaned(JobDescription, _tidy(fields), LABELS, EDITABLE, partial=True)
    for field in fields:
        values.setdefault(field, None)
    _check_url(values)
    return apply(session, row, values)


def delete_job(session: Session, actor: Actor, job_id: str) -> None:
    """Remove a job description; resumes tailored to it stay, no longer linked to it."""
    row = fetch_owned(session, actor, JobDescription, job_id, "job description", write=True)
    session.execute(
        update(TailoredResume)
        .where(TailoredResume.job_description_id == row.id)
        .values(job_description_id=None)
    )
    session.delete(row)
    commit(session)
