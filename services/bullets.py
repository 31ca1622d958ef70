"""Resume bullets: lines for a resume, AI-written from an achievement or the person's own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlmodel import Session

from models import Achievement, Experience, ResumeBullet, TailoredBullet
from services.access import Actor
from services.achievements import get_achievement
from services.ai.bullets import AchievementFacts, BulletCandidate, support_check
from services.ai.phrasing import is_past_tense, verb_base, verb_kind
from services.errors import ValidationFailed
from services.records import apply, cleaned, commit, fetch_owned, insert, reader_scope

LABELS = {
    "achievement_id": "Achievement",
    "experience_id": "Experience",
    "content": "Bullet",
    "is_custom": "Written by you",
    "ai_generated": "AI-written",
    "confidence_score": "Confidence score",
}
EDITABLE = set(LABELS)


def _check(session: Session, actor: Actor, values: dict[str, Any]) -> None:
    """The score is 0-100; the achievement and experience are the actor's and agree."""
    score = values.get("confidence_score")
    if score is not None and not 0 <= score <= 100:
        raise ValidationFailed({"confidence_score": "Confidence score must be from 0 to 100."})
    if values.get("achievement_id"):
        achievement = get_achievement(session, actor, values["achievement_id"])
        fetch_owned(session, actor, Experience, achievement.experience_id, "experience", write=True)
        if values.get("experience_id") not in (None, achievement.experience_id):
            raise ValidationFailed(
                {"experience_id": "That achievement belongs to a different experience."}
            )
        values["experience_id"] = achievement.experience_id
    elif values.get("experience_id"):
        fetch_owned(session, actor, Experience, values["experience_id"], "experience", write=True)


def create_bullet(session: Session, actor: Actor, **fields: Any) -> ResumeBullet:
    """A new bullet in the acting user's record (AI-written unless `is_custom`)."""
    values = cleaned(ResumeBullet, fields, LABELS, EDITABLE)
    if values.get("is_custom"):
        values.setdefault("ai_generated", False)
    values.setdefault("is_custom", False)
    values.setdefault("ai_generated", not values["is_custom"])
    _check(session, actor, values)
    return insert(session, ResumeBullet(user_id=actor.user_id, **values))


def get_bullet(session: Session, actor: Actor, bullet_id: str) -> ResumeBullet:
    """One bullet the actor may read."""
    return fetch_owned(session, actor, ResumeBullet, bullet_id, "bullet")


def list_bullets(
    session: Session,
    actor: Actor,
    *,
    owner_id: str | None = None,
    experience_id: str | None = None,
    achievement_id: str | None = None,
) -> list[ResumeBullet]:
    """A person's bullets, optionally of one experience or achievement, oldest first."""
    owner = reader_scope(session, actor, owner_id, "bullet")
    query = select(ResumeBullet).where(ResumeBullet.user_id == owner)
    if experience_id is not None:
        query = query.where(ResumeBullet.experience_id == experience_id)
    if achievement_id is not None:
        query = query.where(ResumeBullet.achievement_id == achievement_id)
    query = query.order_by(ResumeBullet.created_at, ResumeBullet.id)
    return list(session.scalars(query).all())


def update_bullet(session: Session, actor: Actor, bullet_id: str, **fields: Any) -> ResumeBullet:
    """Change a bullet of the acting user's; fields left out stay as they are."""
    row = fetch_owned(session, actor, ResumeBullet, bullet_id, "bullet", write=True)
    values = cleaned(ResumeBullet, fields, LABELS, EDITABLE, partial=True)
    for field in fields:
        values.setdefault(field, None)
    if "content" in fields and "content" not in values:
        raise ValidationFailed({"content": "Bullet is required."})
    links = {
        "achievement_id": values.get("achievement_id", row.achievement_id),
        "experience_id": values.get("experience_id", row.experience_id),
        "confidence_score": values.get("confidence_score", row.confidence_score),
    }
    _check(session, actor, links)
    values.update({k: links[k] for k in ("achievement_id", "experience_id")})
    return apply(session, row, values)


def delete_bullet(session: Session, actor: Actor, bullet_id: str) -> None:
    """Remove a bullet, and take it out of every tailored resume it was in."""
    row = fetch_owned(session, actor, ResumeBullet, bullet_id, "bullet", write=True)
    session.execute(delete(TailoredBullet).where(TailoredBullet.resume_bullet_id == row.id))
    session.delete(row)
    commit(session)


def achievements_without_bullets(session: Session, actor: Actor) -> list[Achievement]:
    """The acting user's achievements that have no bullet yet."""
    with_bullets = select(ResumeBullet.achievement_id).where(
        ResumeBullet.user_id == actor.user_id, ResumeBullet.achievement_id.is_not(None)
    )
    query = (
        select(Achievement)
        .join(Experience, Experience.id == Achievement.experience_id)
        .where(Experience.user_id == actor.user_id, Achievement.id.not_in(with_bullets))
        .order_by(Achievement.created_at, Achievement.id)
    )
    return list(session.scalars(query).all())


# --- bullets written by AI ---------------------------------------------------------------------

#: A batch saves a candidate without review only when it is this well supported.
BATCH_MIN_CONFIDENCE = 60


def achievement_facts(session: Session, actor: Actor, achievement_id: str) -> AchievementFacts:
    """What a bullet for this achievement may draw on: the achievement and its experience."""
    achievement = get_achievement(session, actor, achievement_id)
    experience = session.get(Experience, achievement.experience_id)
    return AchievementFacts.of(achievement, experience)


def facts_without_bullets(session: Session, actor: Actor) -> list[AchievementFacts]:
    """The facts of each of the acting user's achievements that has no bullet yet."""
    achievements = achievements_without_bullets(session, actor)
    ids = {a.experience_id for a in achievements}
    experiences = {
        e.id: e for e in session.scalars(select(Experience).where(Experience.id.in_(ids))).all()
    }
    return [AchievementFacts.of(a, experiences.get(a.experience_id)) for a in achievements]


def save_ai_bullet(session: Session, actor: Actor, achievement_id: str, text: str) -> ResumeBullet:
    """Keep an AI-written bullet for an achievement, as suggested or as the person edited it.

    It stays AI-written (`ai_generated`, not `is_custom`), and its confidence score is
    `support_check` of the words being saved against the achievement's facts: for a suggestion
    kept as it is, the score it was shown with; for an edited one, how well the edited words are
    supported (an added number or name the achievement lacks lowers it).
    """
    facts = achievement_facts(session, actor, achievement_id)
    content = " ".join((text or "").split())
    score, _ = support_check(content, facts) if content else (None, [])
    return create_bullet(
        session,
        actor,
        achievement_id=achievement_id,
        content=content,
        ai_generated=True,
        is_custom=False,
        confidence_score=score,
    )


def batch_choice(candidates: list[BulletCandidate]) -> BulletCandidate | None:
    """The candidate a batch may save without review: the best supported one, when nothing in
    it needs checking (no unsupported number, name or claim) and its confidence is at least
    `BATCH_MIN_CONFIDENCE`. None means the candidates wait for the person's review."""
    best = max(candidates, key=lambda c: c.confidence, default=None)
    if best is None or best.unsupported or best.confidence < BATCH_MIN_CONFIDENCE:
        return None
    return best


def save_batch_bullet(
    session: Session, actor: Actor, facts: AchievementFacts, candidates: list[BulletCandidate]
) -> ResumeBullet | None:
    """Save the batch's choice among an achievement's candidates (one transaction), or None
    when they wait for review."""
    chosen = batch_choice(candidates)
    if chosen is None or not facts.achievement_id:
        return None
    return create_bullet(
        session,
        actor,
        achievement_id=facts.achievement_id,
        content=chosen.text,
        ai_generated=True,
        is_custom=False,
        confidence_score=chosen.confidence,
    )


# --- quality hints ---------------------------------------------------------------------------

BULLET_MIN_CHARS = 80
BULLET_MAX_CHARS = 220
_LEADING_MARKS = re.compile(r"^[\s\-*•·–—>]+")
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|dozen|"
    r"hundred|hundreds|thousand|thousands|million|millions|billion|half|double|"
    r"doubled|triple|tripled)\b",
    re.IGNORECASE,
)


# Verbs that say nothing about an action ("Was responsible for", "Had a role in").
_NOT_ACTIONS = frozenset({"be", "have", "do", "get", "go", "help", "work", "use"})


@dataclass(frozen=True)
class BulletHint:
    """One check of a bullet's quality: which rule, whether it passes, a label and advice."""

    rule: str  # "verb", "number" or "length"
    ok: bool
    label: str
    message: str


def _first_word(text: str) -> str:
    words = _LEADING_MARKS.sub("", text).split(maxsplit=1)
    return re.sub(r"[^A-Za-z'-]", "", words[0]) if words else ""


def starts_with_action_verb(text: str) -> bool:
    """Whether the bullet opens with an action verb in the past or present ("Led", "Build")."""
    word = _first_word(text)
    if not word or verb_base(word) in _NOT_ACTIONS:
        return False
    return verb_kind(word) in ("past", "base") or is_past_tense(word)


def bullet_hints(text: str | None) -> list[BulletHint]:
    """What makes this bullet strong or weak: an action verb first, a number, a good length."""
    text = " ".join((text or "").split())
    if starts_with_action_verb(text):
        verb = BulletHint(
            "verb", True, "Action verb", f"Starts with an action verb ({_first_word(text)})."
        )
    else:
        verb = BulletHint(
            "verb",
            False,
            "No action verb",
            "Start with a strong action verb, such as Led, Built or Reduced.",
        )
    if _NUMBER.search(text):
        number = BulletHint("number", True, "Has a number", "Carries a number.")
    else:
        number = BulletHint(
            "number",
            False,
            "No number",
            "Add a number: how much, how many, how fast or how often.",
        )
    size = len(text)
    if size < BULLET_MIN_CHARS:
        length = BulletHint(
            "length",
            False,
            f"Short: {size} characters",
            f"Add the result or the scale; aim for {BULLET_MIN_CHARS} to {BULLET_MAX_CHARS} "
            "characters.",
        )
    elif size > BULLET_MAX_CHARS:
        length = BulletHint(
            "length",
            False,
            f"Long: {size} characters",
            f"Cut it to {BULLET_MAX_CHARS} characters or fewer so it reads at a glance.",
        )
    else:
        length = BulletHint("length", True, f"{size} characters", "A good length.")
    return [verb, number, length]
