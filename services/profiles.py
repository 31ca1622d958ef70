"""Profiles: what a person says about themselves (one per user)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from models import CoachClient, Profile
from services.access import Actor, check_read, check_write
from services.errors import NotFound, ValidationFailed
from services.records import apply, cleaned, commit, insert

LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "headline": "Headline",
    "summary": "Summary",
    "industry": "Industry",
    "location": "Location",
    "career_goals": "Career goals",
}
EDITABLE = set(LABELS)


def create_profile(session: Session, actor: Actor, **fields: Any) -> Profile:
    """The acting user's profile; a person has at most one."""
    values = cleaned(Profile, fields, LABELS, EDITABLE)
    existing = session.exec(select(Profile).where(Profile.user_id == actor.user_id)).first()
    if existing is not None:
        raise ValidationFailed({"profile": "You already have a profile; edit it instead."})
    return insert(session, Profile(user_id=actor.user_id, **values))


def get_profile(session: Session, actor: Actor, owner_id: str | None = None) -> Profile:
    """A profile by its owner (default: the acting user's own)."""
    owner = owner_id or actor.user_id
    check_read(session, actor, owner, "profile")
    profile = session.exec(select(Profile).where(Profile.user_id == owner)).first()
    if profile is None:
        raise NotFound("profile")
    return profile


def list_profiles(session: Session, actor: Actor) -> list[Profile]:
    """Every profile the actor may read: their own, then their active clients'."""
    clients = select(CoachClient.client_id).where(
        CoachClient.coach_id == actor.user_id, CoachClient.status == "active"
    )
    rows = session.exec(
        select(Profile).where((Profile.user_id == actor.user_id) | Profile.user_id.in_(clients))
    ).all()
    return sorted(rows, key=lambda p: (p.user_id != actor.user_id, p.last_name or "", p.id))


def update_profile(session: Session, actor: Actor, **fields: Any) -> Profile:
    """Change the acting user's profile (made if missing); fields left out stay as they are."""
    values = cleaned(Profile, fields, LABELS, EDITABLE, partial=True)
    for field in fields:  # a field sent blank is cleared
        values.setdefault(field, None)
    profile = session.exec(select(Profile).where(Profile.user_id == actor.user_id)).first()
    if profile is None:
        return insert(session, Profile(user_id=actor.user_id, **values))
    check_write(session, actor, profile.user_id, "profile")
    return apply(session, profile, values)


def delete_profile(session: Session, actor: Actor) -> None:
    """Remove the acting user's profile (their account and record stay)."""
    profile = session.exec(select(Profile).where(Profile.user_id == actor.user_id)).first()
    if profile is None:
        raise NotFound("profile")
    session.delete(profile)
    commit(session)


def display_name(profile: Profile | None, fallback: str = "") -> str:
    """First and last name, or the fallback."""
    if profile is None:
        return fallback
    name = " ".join(p for p in (profile.first_name, profile.last_name) if p)
    return name or fallback
