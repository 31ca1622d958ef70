"""Tailored resumes: a summary and chosen, ordered bullets for one job."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import delete, func, select
from sqlmodel import Session

from models import (
    Experience,
    JobDescription,
    Profile,
    ResumeBullet,
    TailoredBullet,
    TailoredResume,
    User,
)
from services.access import Actor, check_read
from services.errors import AchievError, NotFound, ValidationFailed
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


# --- tailoring a resume to a job -------------------------------------------------------------

#: Bullets at most in one tailored resume (a resume is one or two pages).
MAX_RESUME_BULLETS = 60


def default_resume_name(title: str | None, company: str | None) -> str:
    """ "<title> at <company>", or the title alone, within the name's 255 characters."""
    title = " ".join((title or "").split()) or "Tailored resume"
    company = " ".join((company or "").split())
    name = f"{title} at {company}" if company else title
    return name[:255].rstrip()


def tailor_resume(
    session: Session,
    actor: Actor,
    *,
    bullet_ids: list[str],
    name: str | None = None,
    summary: str | None = None,
    job_id: str | None = None,
    job: dict[str, Any] | None = None,
) -> TailoredResume:
    """A tailored resume with `bullet_ids` in that order, for a saved job (`job_id`) or a pasted
    one (`job`: its fields, saved with the resume), all in one transaction.

    The name defaults to "<title> at <company>".
    """
    from services.jobs import EDITABLE as JOB_FIELDS
    from services.jobs import LABELS as JOB_LABELS
    from services.jobs import _check_url, _tidy

    if not bullet_ids:
        raise ValidationFailed({"bullets": "Pick at least one bullet for the resume."})
    if len(bullet_ids) > MAX_RESUME_BULLETS:
        raise ValidationFailed(
            {"bullets": f"A resume takes at most {MAX_RESUME_BULLETS} bullets; pick fewer."}
        )
    try:
        title: str | None = None
        company: str | None = None
        if job is not None:
            values = cleaned(JobDescription, _tidy(job), JOB_LABELS, JOB_FIELDS)
            _check_url(values)
            row = JobDescription(user_id=actor.user_id, **values)
            session.add(row)
            session.flush()
            job_id, title, company = row.id, row.title, row.company
        elif job_id:
            row = fetch_owned(session, actor, JobDescription, job_id, "job description", write=True)
            title, company = row.title, row.company
        chosen = " ".join((name or "").split()) or default_resume_name(title, company)
        values = cleaned(
            TailoredResume,
            {"name": chosen, "summary": summary, "job_description_id": job_id},
            LABELS,
            EDITABLE,
        )
        resume = TailoredResume(user_id=actor.user_id, **values)
        session.add(resume)
        session.flush()
        _add_bullets(session, actor, resume.id, list(bullet_ids), start=0)
    except BaseException:
        session.rollback()
        raise
    commit(session)
    return resume


def move_tailored_bullet(
    session: Session, actor: Actor, resume_id: str, bullet_id: str, step: int
) -> list[TailoredBullet]:
    """Move one bullet up (step -1) or down (+1) in its resume; at an end, nothing moves."""
    ids = [rb.id for _, rb in list_tailored_bullets(session, actor, resume_id)]
    if bullet_id not in ids:
        raise NotFound("resume bullet")
    at = ids.index(bullet_id)
    to = max(0, min(len(ids) - 1, at + step))
    ids.insert(to, ids.pop(at))
    return set_tailored_bullets(session, actor, resume_id, ids)


def resume_bullet_counts(
    session: Session, actor: Actor, owner_id: str | None = None
) -> dict[str, int]:
    """How many bullets each of a person's tailored resumes holds, in one query."""
    owner = reader_scope(session, actor, owner_id, "tailored resume")
    rows = session.execute(
        select(TailoredBullet.tailored_resume_id, func.count())
        .join(TailoredResume, TailoredResume.id == TailoredBullet.tailored_resume_id)
        .where(TailoredResume.user_id == owner)
        .group_by(TailoredBullet.tailored_resume_id)
    ).all()
    return {resume_id: int(n) for resume_id, n in rows}


def resume_match(session: Session, actor: Actor, resume_id: str):
    """The resume owner's bullets matched against the resume's job (None when it has none).

    Returns a `services.job_match.JobMatch`, to read the resume's coverage of the job's key
    skills and to rank the bullets that could be added.
    """
    from services.job_match import match_job

    resume = get_tailored_resume(session, actor, resume_id)
    if not resume.job_description_id:
        return None
    try:
        return match_job(session, actor, resume.job_description_id, owner_id=resume.user_id)
    except NotFound:
        return None


# --- the summary -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryDraft:
    """A drafted summary: its text, who wrote it ("ai" or "offline") and a note for the page."""

    text: str
    source: str
    note: str | None = None


class _SummaryAnswer(BaseModel):
    summary: str


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip()
    if text and text[-1] not in ".!?":
        text += "."
    return text[:1].upper() + text[1:]


def _and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def offline_summary(headline: str | None, profile_summary: str | None, skills: list[str]) -> str:
    """A summary from the person's own words only: their headline, the first sentences of
    their profile summary, and the job's key skills their chosen bullets show."""
    parts = []
    if headline and headline.strip():
        parts.append(_sentence(headline))
    if profile_summary and profile_summary.strip():
        sentences = _SENTENCE_END.split(" ".join(profile_summary.split()))
        kept: list[str] = []
        for s in sentences:
            if kept and len(" ".join(kept)) + len(s) > 320:
                break
            kept.append(s)
        parts.append(_sentence(" ".join(kept)))
    if skills:
        parts.append(f"Experience with {_and_list(skills[:5])}, as the roles below show.")
    return " ".join(p for p in parts if p)


def draft_summary(
    session: Session,
    actor: Actor,
    *,
    bullet_ids: list[str],
    skills: list[str],
    job_title: str = "",
    company: str | None = None,
    provider: Any = None,
) -> SummaryDraft:
    """A summary for a tailored resume of the acting person's, from facts they recorded.

    With an AI model configured, the model writes it from the profile, the chosen bullets and
    the key skills they show (`skills`); an answer naming a number, name or claim those do not
    state is set aside for the offline summary, as is any failure of the model.
    """
    from services.ai.bullets import AchievementFacts, support_check
    from services.ai.prompts import TAILORED_SUMMARY_SYSTEM, tailored_summary_user
    from services.ai.provider import get_provider

    profile = session.scalars(select(Profile).where(Profile.user_id == actor.user_id)).first()
    headline = (profile.headline if profile else None) or ""
    about = (profile.summary if profile else None) or ""
    offline = offline_summary(headline, about, skills)
    provider = provider or get_provider()
    if provider.is_offline:
        note = (
            None
            if offline
            else (
                "Add a headline or a summary to your profile, or pick bullets that show the job's "
                "key skills, for a summary to draw on."
            )
        )
        return SummaryDraft(offline, "offline", note)
    texts = []
    if bullet_ids:
        found = dict(
            session.execute(
                select(ResumeBullet.id, ResumeBullet.content).where(
                    ResumeBullet.id.in_(bullet_ids), ResumeBullet.user_id == actor.user_id
                )
            ).all()
        )
        texts = [found[b] for b in bullet_ids if b in found]
    user = tailored_summary_user(
        headline=headline,
        profile_summary=about,
        job_title=job_title,
        company=company or "",
        skills=skills,
        bullets=texts,
    )
    try:
        answer = provider.complete_json(TAILORED_SUMMARY_SYSTEM, user, _SummaryAnswer)
    except AchievError as exc:
        return SummaryDraft(
            offline,
            "offline",
            f"{str(exc).rstrip('.')}. This summary is written from your profile instead.",
        )
    text = " ".join(answer.summary.split())
    facts = AchievementFacts(
        description=" ".join([headline, about, *texts]),
        skills=skills,
        job_title=job_title,
        company=company or "",
    )
    _, unsupported = support_check(text, facts)
    if not text or unsupported:
        shown = ", ".join(f'"{u}"' for u in unsupported[:3])
        return SummaryDraft(
            offline,
            "offline",
            "The AI summary named things your record does not state"
            + (f" ({shown})" if shown else "")
            + ", so this one is written from your profile instead.",
        )
    return SummaryDraft(text, "ai")


# --- the document to export ------------------------------------------------------------------


def load_resume_document(session: Session, actor: Actor, resume_id: str):
    """A tailored resume as a `services.export.ResumeDocument`, ready to export.

    Bullets are grouped under their experience; experiences come in the order their first
    bullet appears, bullets in the resume's order.
    """
    from services.export import ResumeDocument, ResumeSection
    from services.profiles import display_name

    resume = get_tailored_resume(session, actor, resume_id)
    owner = resume.user_id
    profile = session.scalars(select(Profile).where(Profile.user_id == owner)).first()
    user = session.get(User, owner)
    placed = list_tailored_bullets(session, actor, resume_id)
    exp_ids = {rb.experience_id for _, rb in placed if rb.experience_id}
    experiences = (
        {
            e.id: e
            for e in session.scalars(
                select(Experience).where(Experience.id.in_(exp_ids), Experience.user_id == owner)
            ).all()
        }
        if exp_ids
        else {}
    )
    sections: dict[str | None, ResumeSection] = {}
    for _, rb in placed:
        exp = experiences.get(rb.experience_id or "")
        key = exp.id if exp else None
        section = sections.get(key)
        if section is None:
            section = sections[key] = (
                ResumeSection(
                    title=exp.job_title,
                    company=exp.company_name,
                    bullets=[],
                    start=exp.start_date.date() if exp.start_date else None,
                    end=exp.end_date.date() if exp.end_date else None,
                    is_current=bool(exp.is_current),
                    location=exp.location,
                )
                if exp
                else ResumeSection(title="", company="", bullets=[])
            )
        section.bullets.append(" ".join(rb.content.split()))
    ordered = [s for k, s in sections.items() if k is not None]
    if None in sections:
        ordered.append(sections[None])
    email = user.email if user else None
    return ResumeDocument(
        resume_name=resume.name,
        name=display_name(profile) or "",
        headline=profile.headline if profile else None,
        location=profile.location if profile else None,
        email=email,
        summary=resume.summary,
        sections=ordered,
    )
