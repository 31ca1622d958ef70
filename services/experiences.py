"""Experiences: the jobs a person held."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlmodel import Session

from models import Achievement, Experience, ResumeBullet, TailoredBullet
from services.access import Actor
from services.errors import ValidationFailed
from services.records import apply, cleaned, commit, fetch_owned, insert, reader_scope

LABELS = {
    "company_name": "Company",
    "job_title": "Job title",
    "start_date": "Start date",
    "end_date": "End date",
    "is_current": "Current job",
    "location": "Location",
    "description": "Description",
}
EDITABLE = set(LABELS)


def _check_dates(values: dict[str, Any]) -> None:
    """End after start; a current job has no end."""
    start, end = values.get("start_date"), values.get("end_date")
    errors = {}
    if start and end and end < start:
        errors["end_date"] = "End date cannot be before the start date."
    if values.get("is_current") and end:
        errors["end_date"] = "A current job has no end date: clear it or untick 'I work here now'."
    if errors:
        raise ValidationFailed(errors)


def create_experience(session: Session, actor: Actor, **fields: Any) -> Experience:
    """A new job in the acting user's record."""
    values = cleaned(Experience, fields, LABELS, EDITABLE)
    values.setdefault("is_current", False)
    _check_dates(values)
    return insert(session, Experience(user_id=actor.user_id, **values))


def get_experience(session: Session, actor: Actor, experience_id: str) -> Experience:
    """One experience the actor may read."""
    return fetch_owned(session, actor, Experience, experience_id, "experience")


def list_experiences(
    session: Session, actor: Actor, owner_id: str | None = None
) -> list[Experience]:
    """A person's experiences, current and newest first."""
    owner = reader_scope(session, actor, owner_id, "experience")
    rows = session.scalars(select(Experience).where(Experience.user_id == owner)).all()
    return sort_experiences(rows)


def sort_experiences(rows: list[Experience]) -> list[Experience]:
    """Current jobs first, then by end (or start) date, newest first."""

    def key(e: Experience) -> tuple:
        last = e.end_date or e.start_date
        return (not e.is_current, -(last.timestamp() if last else 0), e.company_name)

    return sorted(rows, key=key)


def update_experience(
    session: Session, actor: Actor, experience_id: str, **fields: Any
) -> Experience:
    """Change an experience of the acting user's; fields left out stay as they are."""
    row = fetch_owned(session, actor, Experience, experience_id, "experience", write=True)
    values = cleaned(Experience, fields, LABELS, EDITABLE, partial=True)
    for field in fields:
        values.setdefault(field, None)
    merged = {f: values.get(f, getattr(row, f)) for f in ("start_date", "end_date", "is_current")}
    _check_dates(merged)
    if "is_current" in values and values["is_current"] is None:
        values["is_current"] = False
    return apply(session, row, values)


@dataclass(frozen=True)
class Dependents:
    """What goes with an experience when it is deleted."""

    achievements: int
    bullets: int


def experience_dependents(session: Session, actor: Actor, experience_id: str) -> Dependents:
    """How many achievements and bullets deleting this experience removes."""
    row = fetch_owned(session, actor, Experience, experience_id, "experience")
    achievement_ids = select(Achievement.id).where(Achievement.experience_id == row.id)
    achievements = session.scalar(
        select(func.count()).select_from(Achievement).where(Achievement.experience_id == row.id)
    )
    bullets = session.scalar(
        select(func.count())
        .select_from(ResumeBullet)
        .where(
            or_(
                ResumeBullet.experience_id == row.id,
                ResumeBullet.achievement_id.in_(achievement_ids),
            )
        )
    )
    return Dependents(achievements=achievements or 0, bullets=bullets or 0)


def delete_experience(session: Session, actor: Actor, experience_id: str) -> None:
    """Remove an experience with its achievements and bullets, in one transaction.

    Its bullets leave the tailored resumes they were in; nothing else is touched.
    """
    row = fetch_owned(session, actor, Experience, experience_id, "experience", write=True)
    achievement_ids = select(Achievement.id).where(Achievement.experience_id == row.id)
    bullet_ids = select(ResumeBullet.id).where(
        or_(ResumeBullet.experience_id == row.id, ResumeBullet.achievement_id.in_(achievement_ids))
    )
    session.execute(delete(TailoredBullet).where(TailoredBullet.resume_bullet_id.in_(bullet_ids)))
    session.execute(
        delete(ResumeBullet).where(
            or_(
                ResumeBullet.experience_id == row.id,
                ResumeBullet.achievement_id.in_(achievement_ids),
            )
        )
    )
    session.execute(delete(Achievement).where(Achievement.experience_id == row.id))
    session.execute(delete(Experience).where(Experience.id == row.id))
    commit(session)
