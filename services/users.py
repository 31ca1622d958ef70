"""Users: the account row every record hangs from, and removing all of a person's data."""

from __future__ import annotations

import re

from sqlalchemy import delete, or_, select, update
from sqlmodel import Session

from models import (
    Achievement,
    CoachClient,
    CoachInviteCode,
    Conversation,
    Experience,
    JobDescription,
    Message,
    Profile,
    ResumeBullet,
    TailoredBullet,
    TailoredResume,
    User,
    UserCredentials,
    new_id,
)
from services.access import Actor
from services.errors import NotFound, ValidationFailed
from services.records import commit

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_email(email: str | None) -> str:
    """A trimmed, lower-cased email address, or ValidationFailed."""
    email = (email or "").strip().lower()
    if not email:
        raise ValidationFailed({"email": "Email is required."})
    if len(email) > 254 or not EMAIL.match(email):
        raise ValidationFailed({"email": "Enter an email address like name@example.com."})
    return email


def create_user(
    session: Session, *, email: str, user_id: str | None = None, commit_now: bool = True
) -> User:
    """A new `users` row with an empty profile (the two are one-to-one)."""
    user = User(user_id=user_id or new_id(), email=check_email(email))
    session.add(user)
    session.flush()
    session.add(Profile(user_id=user.user_id))
    if commit_now:
        commit(session)
    return user


def get_user(session: Session, actor: Actor) -> User:
    """The acting user's own `users` row."""
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFound("account")
    return user


def delete_user_data(session: Session, user_id: str, *, commit_now: bool = True) -> None:
    """Remove every row of `user_id`'s, children first, in one transaction."""
    experience_ids = select(Experience.id).where(Experience.user_id == user_id)
    bullet_ids = select(ResumeBullet.id).where(ResumeBullet.user_id == user_id)
    resume_ids = select(TailoredResume.id).where(TailoredResume.user_id == user_id)
    conversation_ids = select(Conversation.id).where(Conversation.user_id == user_id)
    session.execute(
        delete(TailoredBullet).where(
            or_(
                TailoredBullet.tailored_resume_id.in_(resume_ids),
                TailoredBullet.resume_bullet_id.in_(bullet_ids),
            )
        )
    )
    session.execute(delete(TailoredResume).where(TailoredResume.user_id == user_id))
    # Another person's bullet never points at this user's achievements, but detach defensively.
    achievement_ids = select(Achievement.id).where(Achievement.experience_id.in_(experience_ids))
    session.execute(
        update(ResumeBullet)
        .where(ResumeBullet.achievement_id.in_(achievement_ids))
        .where(ResumeBullet.user_id != user_id)
        .values(achievement_id=None)
    )
    session.execute(delete(ResumeBullet).where(ResumeBullet.user_id == user_id))
    session.execute(delete(Achievement).where(Achievement.experience_id.in_(experience_ids)))
    session.execute(delete(Experience).where(Experience.user_id == user_id))
    session.execute(delete(JobDescription).where(JobDescription.user_id == user_id))
    session.execute(delete(Message).where(Message.conversation_id.in_(conversation_ids)))
    session.execute(delete(Conversation).where(Conversation.user_id == user_id))
    session.execute(
        delete(CoachClient).where(
            or_(CoachClient.coach_id == user_id, CoachClient.client_id == user_id)
        )
    )
    session.execute(delete(CoachInviteCode).where(CoachInviteCode.coach_id == user_id))
    session.execute(delete(Profile).where(Profile.user_id == user_id))
    session.execute(delete(UserCredentials).where(UserCredentials.user_id == user_id))
    session.execute(delete(User).where(User.user_id == user_id))
    if commit_now:
        commit(session)
