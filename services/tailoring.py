"""Tailored resumes: a summary and chosen, ordered bullets for one job."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel import Session

from models import JobDescription, ResumeBullet, TailoredBullet, TailoredResume
from services.access import Actor, check_read
from services.errors import NotFound, ValidationFailed
from services.records import apply, cleaned, commit, fetch_owned, reader_scope

LABELS = {"job_description_id": "Job description", "name": "Name", "summary": "Summary"}
EDITABLE = set(LABELS)
BULLET_LABELS = {"resume_bullet_id": "Bullet", "order": "Position"}


def _check_job(session: Session, actor: Actor, values: dict[str, Any]) -> None:
    if values.get("job_description_id"):
        fetch_owned(
            session,
            actor,
            JobDescription,
            values["job_description_id"],
            "job description",
            write=True,
        )


def create_tailored_resume(
    session: Session, actor: Actor, *, bullet_ids: list[str] | None = None, **fields: Any
) -> TailoredResume:
    """A new tailored resume, with `bullet_ids` in that order, in one transaction."""
    values = cleaned(TailoredResume, fields, LABELS, EDITABLE)
    _check_job(session, actor, values)
    resume = TailoredResume(user_id=actor.user_id, **values)
    session.add(resume)
    session.flush()
    if bullet_ids:
        _add_bullets(session, actor, resume.id, bullet_ids, start=0)
    commit(session)
    return resume


def get_tailored_resume(session: Session, actor: Actor, resume_id: str) -> TailoredResume:
    """One tailored resume the actor may read."""
    return fetch_owned(session, actor, TailoredResume, resume_id, "tailored resume")


def list_tailored_resumes(
    session: Session, actor: Actor, owner_id: str | None = None, *, job_id: str | None = None
) -> list[TailoredResume]:
    """A person's tailored resumes (optionally for one job), newest first."""
    owner = reader_scope(session, actor, owner_id, "tailored resume")
    query = select(TailoredResume).where(TailoredResume.user_id == owner)
    if job_id is not None:
        query = query.where(TailoredResume.job_description_id == job_id)
    query = query.order_by(TailoredResume.created_at.desc(), TailoredResume.id)
    return list(session.scalars(query).all())


def update_tailored_resume(
    session: Session, actor: Actor, resume_id: str, **fields: Any
) -> TailoredResume:
    """Rename, re-summarise or re-link a tailored resume of the acting user's."""
    row = fetch_owned(session, actor, TailoredResume, resume_id, "tailored resume", write=True)
    values = cleaned(TailoredResume, fields, LABELS, EDITABLE, partial=True)
    for field in fields:
        values.setdefault(field, None)
    if "name" in fields and values.get("name") is None:
        raise ValidationFailed({"name": "Name is required."})
    _check_job(session, actor, values)
    return apply(session, row, values)


def delete_tailored_resume(session: Session, actor: Actor, resume_id: str) -> None:
    """Remove a tailored resume and its bullet places (the bullets themselves stay)."""
    row = fetch_owned(session, actor, TailoredResume, resume_id, "tailored resume", write=True)
    session.execute(delete(TailoredBullet).where(TailoredBullet.tailored_resume_id == row.id))
    session.delete(row)
    commit(session)


# --- the bullets of a tailored resume -------------------------------------------------------


def _add_bullets(
    session: Session, actor: Actor, resume_id: str, bullet_ids: list[str], *, start: int
) -> list[TailoredBullet]:
    if len(set(bullet_ids)) != len(bullet_ids):
        raise ValidationFailed({"resume_bullet_id": "A bullet can be in a resume only once."})
    owned = set(
        session.scalars(
            select(ResumeBullet.id).where(
                ResumeBullet.id.in_(bullet_ids), ResumeBullet.user_id == actor.user_id
            )
        ).all()
    )
    if missing := [b for b in bullet_ids if b not in owned]:
        raise NotFound("bullet" if len(missing) == 1 else "bullets")
    rows = [
        TailoredBullet(tailored_resume_id=resume_id, resume_bullet_id=b, order=start + i)
        for i, b in enumerate(bullet_ids)
    ]
    session.add_all(rows)
    return rows


def _resume_for(session: Session, actor: Actor, resume_id: str, *, write: bool) -> TailoredResume:
    return fetch_owned(session, actor, TailoredResume, resume_id, "tailored resume", write=write)


def list_tailored_bullets(
    session: Session, actor: Actor, resume_id: str
) -> list[tuple[TailoredBullet, ResumeBullet]]:
    """A tailored resume's bullets in order, each with its place."""
    _resume_for(session, actor, resume_id, write=False)
    query = (
        select(TailoredBullet, ResumeBullet)
        .join(ResumeBullet, ResumeBullet.id == TailoredBullet.resume_bullet_id)
        .where(TailoredBullet.tailored_resume_id == resume_id)
        .order_by(TailoredBullet.order, TailoredBullet.id)
    )
    return [(tb, rb) for tb, rb in session.execute(query).all()]


def add_tailored_bullet(
    session: Session, actor: Actor, resume_id: str, bullet_id: str, *, order: int | None = None
) -> TailoredBullet:
    """Put a bullet into a tailored resume, at `order` (default: last)."""
    _resume_for(session, actor, resume_id, write=True)
    taken = set(
        session.scalars(
            select(TailoredBullet.order).where(TailoredBullet.tailored_resume_id == resume_id)
        ).all()
    )
    present = session.scalar(
        select(func.count())
        .select_from(TailoredBullet)
        .where(
            TailoredBullet.tailored_resume_id == resume_id,
            TailoredBullet.resume_bullet_id == bullet_id,
        )
    )
    if present:
        raise ValidationFailed({"resume_bullet_id": "That bullet is already in this resume."})
    if order is None:
        order = max(taken, default=-1) + 1
    _check_order(order, taken)
    [row] = _add_bullets(session, actor, resume_id, [bullet_id], start=order)
    commit(session)
    return row


def _check_order(order: Any, taken: set[int]) -> None:
    if isinstance(order, bool) or not isinstance(order, int) or order < 0:
        raise ValidationFailed({"order": "Position must be a whole number, 0 or more."})
    if order in taken:
        raise ValidationFailed({"order": f"Position {order} is already taken in this resume."})


def get_tailored_bullet(session: Session, actor: Actor, tailored_bullet_id: str) -> TailoredBullet:
    """One bullet place the actor may read."""
    row = session.get(TailoredBullet, tailored_bullet_id) if tailored_bullet_id else None
    if row is None:
        raise NotFound("resume bullet")
    resume = session.get(TailoredResume, row.tailored_resume_id)
    check_read(session, actor, resume.user_id, "resume bullet")
    return row


def update_tailored_bullet(
    session: Session, actor: Actor, tailored_bullet_id: str, *, order: int
) -> TailoredBullet:
    """Move one bullet to a free position in its resume."""
    row = get_tailored_bullet(session, actor, tailored_bullet_id)
    _resume_for(session, actor, row.tailored_resume_id, write=True)
    taken = set(
        session.scalars(
            select(TailoredBullet.order).where(
                TailoredBullet.tailored_resume_id == row.tailored_resume_id,
                TailoredBullet.id != row.id,
            )
        ).all()
    )
    _check_order(order, taken)
    return apply(session, row, {"order": order})


def remove_tailored_bullet(session: Session, actor: Actor, tailored_bullet_id: str) -> None:
    """Take a bullet out of its tailored resume (the bullet itself stays)."""
    row = get_tailored_bullet(session, actor, tailored_bullet_id)
    _resume_for(session, actor, row.tailored_resume_id, write=True)
    session.delete(row)
    commit(session)


def set_tailored_bullets(
    session: Session, actor: Actor, resume_id: str, bullet_ids: list[str]
) -> list[TailoredBullet]:
    """Make the resume's bullets exactly `bullet_ids`, in that order, in one transaction."""
    _resume_for(session, actor, resume_id, write=True)
    session.execute(delete(TailoredBullet).where(TailoredBullet.tailored_resume_id == resume_id))
    rows = _add_bullets(session, actor, resume_id, list(bullet_ids), start=0)
    resume = session.get(TailoredResume, resume_id)
    apply(session, resume, {})
    return rows
