"""Achievements: the concrete things done inside an experience."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlmodel import Session

from models import Achievement, Experience, ResumeBullet
from services.access import Actor, check_read, check_write
from services.errors import NotFound
from services.records import apply, cleaned, commit, fetch_owned, insert, reader_scope
from services.skills import join_skills, normalize_skill, split_skills

if TYPE_CHECKING:
    from services.career import AchievementNode, CareerTree, ExperienceNode

LABELS = {
    "experience_id": "Experience",
    "description": "Description",
    "impact": "Impact",
    "skills": "Skills",
}
EDITABLE = set(LABELS)


def _normalise_skills(values: dict[str, Any]) -> None:
    """Skills are kept as one tidy comma-separated list; a list is accepted too."""
    if "skills" in values and values["skills"] is not None:
        values["skills"] = join_skills(split_skills(values["skills"])) or None


def _owned(session: Session, actor: Actor, achievement_id: str, *, write: bool) -> Achievement:
    found = (
        session.execute(
            select(Achievement, Experience.user_id)
            .join(Experience, Experience.id == Achievement.experience_id)
            .where(Achievement.id == achievement_id)
        ).first()
        if isinstance(achievement_id, str)
        else None
    )
    if found is None:
        raise NotFound("achievement")
    row, owner = found
    (check_write if write else check_read)(session, actor, owner, "achievement")
    return row


def create_achievement(session: Session, actor: Actor, **fields: Any) -> Achievement:
    """A new achievement inside one of the acting user's experiences."""
    if isinstance(fields.get("skills"), list):
        fields["skills"] = join_skills(fields["skills"])
    values = cleaned(Achievement, fields, LABELS, EDITABLE)
    fetch_owned(session, actor, Experience, values["experience_id"], "experience", write=True)
    _normalise_skills(values)
    return insert(session, Achievement(**values))


def get_achievement(session: Session, actor: Actor, achievement_id: str) -> Achievement:
    """One achievement the actor may read."""
    return _owned(session, actor, achievement_id, write=False)


def list_achievements(
    session: Session,
    actor: Actor,
    *,
    experience_id: str | None = None,
    owner_id: str | None = None,
) -> list[Achievement]:
    """A person's achievements (or one experience's), oldest first within each experience."""
    owner = reader_scope(session, actor, owner_id, "achievement")
    query = (
        select(Achievement)
        .join(Experience, Experience.id == Achievement.experience_id)
        .where(Experience.user_id == owner)
        .order_by(Achievement.experience_id, Achievement.created_at, Achievement.id)
    )
    if experience_id is not None:
        query = query.where(Achievement.experience_id == experience_id)
    return list(session.scalars(query).all())


def update_achievement(
    session: Session, actor: Actor, achievement_id: str, **fields: Any
) -> Achievement:
    """Change an achievement of the acting user's; fields left out stay as they are."""
    row = _owned(session, actor, achievement_id, write=True)
    if isinstance(fields.get("skills"), list):
        fields["skills"] = join_skills(fields["skills"])
    values = cleaned(Achievement, fields, LABELS, EDITABLE, partial=True)
    for field in fields:
        values.setdefault(field, None)
    if "experience_id" in values:
        fetch_owned(session, actor, Experience, values["experience_id"], "experience", write=True)
    _normalise_skills(values)
    return apply(session, row, values)


def delete_achievement(session: Session, actor: Actor, achievement_id: str) -> None:
    """Remove an achievement; its bullets stay with their experience, detached from it."""
    row = _owned(session, actor, achievement_id, write=True)
    session.execute(
        update(ResumeBullet)
        .where(ResumeBullet.achievement_id == row.id)
        .values(achievement_id=None, experience_id=row.experience_id)
    )
    session.delete(row)
    commit(session)


# --- finding achievements in a loaded record ----------------------------------------------


def skill_counts(tree: CareerTree) -> list[tuple[str, int]]:
    """Every skill named across the record's achievements, most used first (then by name)."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for node in tree.experiences:
        for child in node.achievements:
            for skill in split_skills(child.achievement.skills):
                names.setdefault(skill.casefold(), skill)
                counts[skill.casefold()] += 1
    return sorted(((names[k], n) for k, n in counts.items()), key=lambda p: (-p[1], p[0].lower()))


def search_achievements(
    tree: CareerTree,
    *,
    experience_id: str | None = None,
    skill: str | None = None,
    text: str | None = None,
) -> list[tuple[ExperienceNode, list[AchievementNode]]]:
    """The record's achievements grouped by experience (newest first), narrowed by the filters.

    `skill` matches a tag whatever its spelling ("k8s" finds "Kubernetes"); `text` matches
    every one of its words in the description, impact or skills, ignoring case.
    """
    wanted_skill = normalize_skill(skill).casefold() if skill else None
    words = (text or "").casefold().split()
    found = []
    for node in tree.experiences:
        if experience_id and node.experience.id != experience_id:
            continue
        matches = []
        for child in node.achievements:
            row = child.achievement
            if wanted_skill and wanted_skill not in {
                s.casefold() for s in split_skills(row.skills)
            }:
                continue
            if words:
                haystack = " ".join(
                    part for part in (row.description, row.impact, row.skills) if part
                ).casefold()
                if not all(word in haystack for word in words):
                    continue
            matches.append(child)
        if matches:
            found.append((node, matches))
    return found
