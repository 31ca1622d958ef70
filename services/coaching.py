"""Coach grants: who may read whose record."""

from __future__ import annotations

from sqlmodel import Session, select

from models.coaching import CoachClient


def active_grant(session: Session, *, coach_id: str, client_id: str) -> CoachClient | None:
    """The active grant letting `coach_id` read `client_id`'s record, if there is one."""
    return session.exec(
        select(CoachClient).where(
            CoachClient.coach_id == coach_id,
            CoachClient.client_id == client_id,
            CoachClient.status == "active",
        )
    ).first()
