"""Coach grants: who may read whose record.

A member invites a coach (by the coach's username or email: pending until the coach accepts),
or enters a code the coach made (active at once: the coach agreed by handing it out). While a
grant is active the coach reads the client's record, and their conversations only if the
client shares them; the coach never changes anything. Either side can end it at any time.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, select

from models import CoachInviteCode, Profile, User, UserCredentials, utcnow
from models.coaching import CoachClient
from services.access import Actor
from services.errors import NotFound, PermissionDenied, ValidationFailed
from services.records import commit

COACH_ROLES = ("coach", "admin")
CODE_LIFETIME = timedelta(days=14)
# No 0/O, 1/I/L: a code is read aloud and typed from a message.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


@dataclass
class Coaching:
    """One grant seen from one side: the grant and the other person's name and contact."""

    grant: CoachClient
    user_id: str
    username: str
    email: str
    name: str

    @property
    def id(self) -> str:
        """The grant's id."""
        return self.grant.id

    @property
    def status(self) -> str:
        """pending, active or ended."""
        return self.grant.status


def active_grant(session: Session, *, coach_id: str, client_id: str) -> CoachClient | None:
    """The active grant letting `coach_id` read `client_id`'s record, if there is one."""
    return session.exec(
        select(CoachClient).where(
            CoachClient.coach_id == coach_id,
            CoachClient.client_id == client_id,
            CoachClient.status == "active",
        )
    ).first()


def _require_coach(actor: Actor) -> None:
    if actor.role not in COACH_ROLES:
        raise PermissionDenied(
            "Only coaches can do this. Ask an administrator for a coach account."
        )


def _open_grant(session: Session, coach_id: str, client_id: str) -> CoachClient | None:
    return session.exec(
        select(CoachClient).where(
            CoachClient.coach_id == coach_id,
            CoachClient.client_id == client_id,
            CoachClient.status.in_(("pending", "active")),
        )
    ).first()


def _coach_by_username_or_email(session: Session, who: str) -> str | None:
    who = (who or "").strip().lower()
    if not who:
        return None
    query = select(UserCredentials.user_id).where(
        UserCredentials.role.in_(COACH_ROLES), UserCredentials.expires_at.is_(None)
    )
    if "@" in who:
        query = query.join(User, User.user_id == UserCredentials.user_id).where(
            func.lower(User.email) == who
        )
    else:
        query = query.where(UserCredentials.username == who)
    return session.exec(query).first()


def _grant(session: Session, actor: Actor, coach_id: str, share: bool, status: str) -> CoachClient:
    if coach_id == actor.user_id:
        raise ValidationFailed({"coach": "You cannot be your own coach."})
    existing = _open_grant(session, coach_id, actor.user_id)
    if existing is not None:
        state = (
            "is already your coach"
            if existing.status == "active"
            else "already has your invitation"
        )
        raise ValidationFailed({"coach": f"That coach {state}."})
    now = utcnow()
    grant = CoachClient(
        coach_id=coach_id,
        client_id=actor.user_id,
        status=status,
        share_conversations=bool(share),
        activated_at=now if status == "active" else None,
    )
    session.add(grant)
    commit(session)
    return grant


def invite_coach(
    session: Session, actor: Actor, coach: str, *, share_conversations: bool = False
) -> CoachClient:
    """Invite a coach by username or email; they read your record once they accept."""
    coach_id = _coach_by_username_or_email(session, coach)
    if coach_id is None:
        raise ValidationFailed(
            {"coach": "No coach has that username or email address. Check it with your coach."}
        )
    return _grant(session, actor, coach_id, share_conversations, "pending")


def redeem_code(
    session: Session, actor: Actor, code: str, *, share_conversations: bool = False
) -> CoachClient:
    """Enter a code a coach made: the coach reads your record from now on."""
    clean = "".join(c for c in (code or "").upper() if c.isalnum())
    row = session.exec(select(CoachInviteCode).where(CoachInviteCode.code == clean)).first()
    if row is None or row.expires_at <= utcnow():
        raise ValidationFailed(
            {"code": "That code is not valid or has expired. Ask your coach for a new one."}
        )
    return _grant(session, actor, row.coach_id, share_conversations, "active")


def _own_grant(session: Session, actor: Actor, grant_id: str) -> CoachClient:
    grant = session.get(CoachClient, grant_id) if isinstance(grant_id, str) and grant_id else None
    if grant is None or actor.user_id not in (grant.coach_id, grant.client_id):
        raise NotFound("coaching invitation")
    return grant


def accept_invitation(session: Session, actor: Actor, grant_id: str) -> CoachClient:
    """The coach accepts a member's invitation: the member becomes their client."""
    _require_coach(actor)
    grant = _own_grant(session, actor, grant_id)
    if grant.coach_id != actor.user_id:
        raise PermissionDenied("Only the invited coach can accept this invitation.")
    if grant.status != "pending":
        raise ValidationFailed({"status": "This invitation is no longer open."})
    grant.status = "active"
    grant.activated_at = utcnow()
    grant.updated_at = utcnow()
    session.add(grant)
    commit(session)
    return grant


def end_coaching(session: Session, actor: Actor, grant_id: str) -> CoachClient:
    """End a grant from either side (or withdraw or decline an invitation); access stops at once."""
    grant = _own_grant(session, actor, grant_id)
    if grant.status == "ended":
        return grant
    grant.status = "ended"
    grant.ended_at = utcnow()
    grant.updated_at = utcnow()
    session.add(grant)
    commit(session)
    return grant


def set_share_conversations(
    session: Session, actor: Actor, grant_id: str, share: bool
) -> CoachClient:
    """The client chooses whether this coach also reads their conversations."""
    grant = _own_grant(session, actor, grant_id)
    if grant.client_id != actor.user_id:
        raise PermissionDenied("Only the client decides whether conversations are shared.")
    if grant.status == "ended":
        raise ValidationFailed({"status": "This coaching has ended."})
    grant.share_conversations = bool(share)
    grant.updated_at = utcnow()
    session.add(grant)
    commit(session)
    return grant


# --- codes ---------------------------------------------------------------------------------


def format_code(code: str) -> str:
    """A code in groups of four, as people read it: ABCD-EFGH-JKMN."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def create_invite_code(session: Session, actor: Actor) -> CoachInviteCode:
    """A new code for the acting coach to hand to members; it works for 14 days."""
    _require_coach(actor)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    row = CoachInviteCode(code=code, coach_id=actor.user_id, expires_at=utcnow() + CODE_LIFETIME)
    session.add(row)
    commit(session)
    return row


def list_invite_codes(session: Session, actor: Actor) -> list[CoachInviteCode]:
    """The acting coach's codes that still work, newest first."""
    _require_coach(actor)
    return list(
        session.exec(
            select(CoachInviteCode)
            .where(CoachInviteCode.coach_id == actor.user_id, CoachInviteCode.expires_at > utcnow())
            .order_by(CoachInviteCode.created_at.desc(), CoachInviteCode.id)
        ).all()
    )


def revoke_invite_code(session: Session, actor: Actor, code_id: str) -> None:
    """Stop a code working (clients who used it stay clients)."""
    row = session.get(CoachInviteCode, code_id) if isinstance(code_id, str) else None
    if row is None or row.coach_id != actor.user_id:
        raise NotFound("code")
    session.execute(delete(CoachInviteCode).where(CoachInviteCode.id == row.id))
    commit(session)


# --- lists ---------------------------------------------------------------------------------


def _with_people(session: Session, where: object, other_side: str, order: object) -> list[Coaching]:
    """Grants matching `where`, each with the person on `other_side` (coach_id or client_id)."""
    other = getattr(CoachClient, other_side)
    rows = session.exec(
        select(
            CoachClient, UserCredentials.username, User.email, Profile.first_name, Profile.last_name
        )
        .join(User, User.user_id == other)
        .outerjoin(UserCredentials, UserCredentials.user_id == other)
        .outerjoin(Profile, Profile.user_id == other)
        .where(where)
        .order_by(order, CoachClient.id)
    ).all()
    result = []
    for grant, username, email, first, last in rows:
        name = " ".join(p for p in (first, last) if p) or username or email
        result.append(
            Coaching(
                grant=grant,
                user_id=getattr(grant, other_side),
                username=username or "",
                email=email,
                name=name,
            )
        )
    return result


def list_clients(session: Session, actor: Actor) -> list[Coaching]:
    """The acting coach's active clients, by name."""
    _require_coach(actor)
    clients = _with_people(
        session,
        (CoachClient.coach_id == actor.user_id) & (CoachClient.status == "active"),
        "client_id",
        CoachClient.activated_at.desc(),
    )
    return sorted(clients, key=lambda c: c.name.lower())


def list_invitations(session: Session, actor: Actor) -> list[Coaching]:
    """Members waiting for the acting coach to accept them, oldest first."""
    _require_coach(actor)
    return _with_people(
        session,
        (CoachClient.coach_id == actor.user_id) & (CoachClient.status == "pending"),
        "client_id",
        CoachClient.created_at,
    )


def list_coaches(session: Session, actor: Actor) -> list[Coaching]:
    """The acting member's coaches: active and invited (not ended), newest first."""
    return _with_people(
        session,
        (CoachClient.client_id == actor.user_id) & CoachClient.status.in_(("pending", "active")),
        "coach_id",
        CoachClient.created_at.desc(),
    )


def client_grant(session: Session, actor: Actor, client_id: str) -> Coaching:
    """The acting coach's active grant for one client (NotFound if there is none)."""
    for client in list_clients(session, actor):
        if client.user_id == client_id:
            return client
    raise NotFound("client")
