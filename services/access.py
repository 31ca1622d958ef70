"""Who may read and change what: the one place ownership and coach grants are checked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlmodel import Session

from services.errors import NotFound, PermissionDenied

Role = Literal["member", "coach", "admin"]


@dataclass(frozen=True)
class Actor:
    """The person acting: every service call says who, and is scoped by it."""

    user_id: str
    role: Role = "member"


def can_read(session: Session, actor: Actor, owner_id: str, *, conversations: bool = False) -> bool:
    """Whether `actor` may read `owner_id`'s data (their own, or a client's under a grant)."""
    if actor.user_id == owner_id:
        return True
    from services.coaching import active_grant

    grant = active_grant(session, coach_id=actor.user_id, client_id=owner_id)
    if grant is None:
        return False
    return grant.share_conversations if conversations else True


def check_read(
    session: Session, actor: Actor, owner_id: str, what: str, *, conversations: bool = False
) -> None:
    """Raise NotFound unless `actor` may read `owner_id`'s `what`."""
    if not can_read(session, actor, owner_id, conversations=conversations):
        raise NotFound(what)


def check_write(
    session: Session, actor: Actor, owner_id: str, what: str, *, conversations: bool = False
) -> None:
    """Raise unless `actor` owns it: NotFound for strangers, PermissionDenied for readers."""
    if actor.user_id == owner_id:
        return
    if can_read(session, actor, owner_id, conversations=conversations):
        raise PermissionDenied(f"You can view this {what} but only its owner can change it.")
    raise NotFound(what)
