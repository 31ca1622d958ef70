"""Coach access: who may read whose record, and that a coach can never change it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from models import CoachClient, CoachInviteCode, Experience, Message, ResumeBullet, TailoredBullet
from models.base import utcnow
from services import accounts, coaching, profiles
from services.access import Actor
from services.errors import NotFound, PermissionDenied, ValidationFailed
from tests.services import test_records
from tests.services.test_records import STRANGER_CALLS

record = test_records.record  # alice's record: one of every entity (a fixture)

READS = {
    "get experience", "count experience", "list experiences", "get achievement",
    "list achievements", "get bullet", "list bullets", "get job", "list jobs", "get resume",
    "list resumes", "list resume bullets", "get resume bullet", "get profile",
    "get conversation", "list conversations", "list messages", "get message",
}  # fmt: skip
WRITES = set(STRANGER_CALLS) - READS
CONVERSATION_CALLS = {c for c in STRANGER_CALLS if "conversation" in c or "message" in c}
# A resume in the coach's own record made of the client's bullet: refused, because only one's
# own bullets go into one's resumes (so the client's is "not found" among the coach's).
CROSS_RECORD = {"resume with their bullet"}


@pytest.fixture(scope="session")
def fast_hash() -> str:
    """One cheap bcrypt hash for every account the tests make."""
    return accounts.hash_password("correct horse", rounds=4)


@pytest.fixture
def coach(session: Session, fast_hash: str) -> Actor:
    """A coach with a login: members find them by username or email."""
    return accounts.create_account(
        session,
        username="coach.kim",
        email="kim@coaching.example",
        password_hash=fast_hash,
        role="coach",
        first_name="Kim",
        last_name="Lee",
    ).actor


@pytest.fixture
def grant(session: Session, alice: Actor, coach: Actor, record) -> CoachClient:
    """Alice invited the coach, who accepted; conversations are not shared."""
    invited = coaching.invite_coach(session, alice, "coach.kim")
    return coaching.accept_invitation(session, coach, invited.id)


def _unchanged(session: Session, record: dict) -> None:
    session.rollback()
    session.expire_all()
    assert session.get(Experience, record["experience"].id).job_title == "Engineer"
    assert session.get(ResumeBullet, record["bullet"].id).content == "Cut build time 40%"
    assert session.get(TailoredBullet, record["placed"].id).order == 0
    assert session.get(Message, record["message"].id).content == "Hello"


@pytest.mark.parametrize("call", sorted(READS - CONVERSATION_CALLS))
def test_an_active_coach_reads_the_record(session: Session, grant, coach, record, call) -> None:
    STRANGER_CALLS[call](session, coach, record)


@pytest.mark.parametrize("call", sorted(WRITES))
def test_an_active_coach_changes_nothing(session: Session, grant, coach, record, call) -> None:
    coaching.set_share_conversations(session, Actor(grant.client_id), grant.id, True)
    expected = NotFound if call in CROSS_RECORD else PermissionDenied
    with pytest.raises(expected):
        STRANGER_CALLS[call](session, coach, record)
    _unchanged(session, record)


@pytest.mark.parametrize("call", sorted(READS & CONVERSATION_CALLS))
def test_conversations_only_when_shared(session: Session, grant, coach, record, call) -> None:
    with pytest.raises(NotFound):
        STRANGER_CALLS[call](session, coach, record)
    session.rollback()
    client = Actor(grant.client_id)
    coaching.set_share_conversations(session, client, grant.id, True)
    STRANGER_CALLS[call](session, coach, record)
    coaching.set_share_conversations(session, client, grant.id, False)
    with pytest.raises(NotFound):
        STRANGER_CALLS[call](session, coach, record)


@pytest.mark.parametrize("call", sorted(STRANGER_CALLS))
def test_after_the_grant_ends_nothing(session: Session, grant, coach, record, call) -> None:
    coaching.set_share_conversations(session, Actor(grant.client_id), grant.id, True)
    coaching.end_coaching(session, coach, grant.id)
    with pytest.raises(NotFound):
        STRANGER_CALLS[call](session, coach, record)
    _unchanged(session, record)


@pytest.mark.parametrize("call", sorted(STRANGER_CALLS))
def test_a_pending_invitation_gives_nothing(
    session: Session, alice: Actor, coach: Actor, record, call: str
) -> None:
    coaching.invite_coach(session, alice, "coach.kim", share_conversations=True)
    with pytest.raises(NotFound):
        STRANGER_CALLS[call](session, coach, record)
    _unchanged(session, record)


def test_another_coach_sees_nothing(session: Session, grant, record, fast_hash: str) -> None:
    other = accounts.create_account(
        session,
        username="other.coach",
        email="o@coaching.example",
        password_hash=fast_hash,
        role="coach",
    ).actor
    for call in sorted(READS):
        with pytest.raises(NotFound):
            STRANGER_CALLS[call](session, other, record)
        session.rollback()


def test_profiles_list_includes_active_clients_only(
    session: Session, grant: CoachClient, coach: Actor, alice: Actor
) -> None:
    assert {p.user_id for p in profiles.list_profiles(session, coach)} == {
        coach.user_id,
        alice.user_id,
    }
    coaching.end_coaching(session, alice, grant.id)
    assert {p.user_id for p in profiles.list_profiles(session, coach)} == {coach.user_id}


# --- inviting, accepting, codes, ending -------------------------------------------------------


def test_invite_by_username_or_email_in_any_case(
    session: Session, alice: Actor, bob: Actor, coach: Actor
) -> None:
    first = coaching.invite_coach(session, alice, "  Coach.KIM ")
    assert (first.status, first.coach_id, first.client_id) == (
        "pending",
        coach.user_id,
        alice.user_id,
    )
    second = coaching.invite_coach(session, bob, "KIM@coaching.example", share_conversations=True)
    assert second.share_conversations
    waiting = coaching.list_invitations(session, coach)
    assert {w.user_id for w in waiting} == {alice.user_id, bob.user_id}
    assert coaching.list_clients(session, coach) == []
    [mine] = coaching.list_coaches(session, alice)
    assert (mine.name, mine.username, mine.status) == ("Kim Lee", "coach.kim", "pending")


def test_invitation_rules(session: Session, alice: Actor, coach: Actor, fast_hash: str) -> None:
    member = accounts.create_account(
        session, username="plain.member", email="m@example.com", password_hash=fast_hash
    ).actor
    for who in ("plain.member", "m@example.com", "nobody", "", "kim@coaching"):
        with pytest.raises(ValidationFailed) as error:
            coaching.invite_coach(session, alice, who)
        assert "No coach" in error.value.errors["coach"]
    with pytest.raises(ValidationFailed):
        coaching.invite_coach(session, coach, "coach.kim")  # oneself
    coaching.invite_coach(session, alice, "coach.kim")
    with pytest.raises(ValidationFailed) as error:
        coaching.invite_coach(session, alice, "coach.kim")
    assert "already" in error.value.errors["coach"]
    [pending] = coaching.list_invitations(session, coach)
    with pytest.raises(PermissionDenied):
        coaching.accept_invitation(session, alice, pending.id)  # a member accepting their own
    with pytest.raises(NotFound):
        coaching.accept_invitation(session, member.__class__(member.user_id, "coach"), pending.id)
    coaching.accept_invitation(session, coach, pending.id)
    with pytest.raises(ValidationFailed):
        coaching.accept_invitation(session, coach, pending.id)
    with pytest.raises(ValidationFailed) as error:
        coaching.invite_coach(session, alice, "coach.kim")
    assert "already your coach" in error.value.errors["coach"]


def test_declined_or_withdrawn_invitations_end(
    session: Session, alice: Actor, coach: Actor
) -> None:
    invited = coaching.invite_coach(session, alice, "coach.kim")
    assert coaching.end_coaching(session, coach, invited.id).status == "ended"  # declined
    again = coaching.invite_coach(session, alice, "coach.kim")  # may invite again
    coaching.end_coaching(session, alice, again.id)  # withdrawn
    assert coaching.list_invitations(session, coach) == []
    assert coaching.list_coaches(session, alice) == []


def test_either_side_ends_and_access_stops(
    session: Session, grant: CoachClient, alice: Actor, coach: Actor, bob: Actor
) -> None:
    assert coaching.active_grant(session, coach_id=coach.user_id, client_id=alice.user_id)
    with pytest.raises(NotFound):
        coaching.end_coaching(session, bob, grant.id)  # a stranger cannot touch it
    ended = coaching.end_coaching(session, alice, grant.id)
    assert ended.status == "ended" and ended.ended_at is not None
    assert coaching.active_grant(session, coach_id=coach.user_id, client_id=alice.user_id) is None
    assert coaching.end_coaching(session, coach, grant.id).status == "ended"  # twice is fine


def test_only_the_client_chooses_sharing(
    session: Session, grant: CoachClient, alice: Actor, coach: Actor
) -> None:
    with pytest.raises(PermissionDenied):
        coaching.set_share_conversations(session, coach, grant.id, True)
    assert coaching.set_share_conversations(session, alice, grant.id, True).share_conversations
    [client] = coaching.list_clients(session, coach)
    assert client.grant.share_conversations and client.user_id == alice.user_id


def test_codes_make_clients_at_once(
    session: Session, alice: Actor, bob: Actor, coach: Actor
) -> None:
    code = coaching.create_invite_code(session, coach)
    assert len(code.code) == coaching.CODE_LENGTH
    assert code.expires_at > utcnow() + timedelta(days=13)
    typed = coaching.format_code(code.code).lower()  # as a person types it: dashes, any case
    grant = coaching.redeem_code(session, alice, typed, share_conversations=True)
    assert grant.status == "active" and grant.share_conversations
    coaching.redeem_code(session, bob, code.code)  # one code, many clients
    assert {c.user_id for c in coaching.list_clients(session, coach)} == {
        alice.user_id,
        bob.user_id,
    }
    with pytest.raises(ValidationFailed):
        coaching.redeem_code(session, alice, code.code)  # already a client
    assert [c.id for c in coaching.list_invite_codes(session, coach)] == [code.id]


def test_expired_revoked_and_wrong_codes(session: Session, alice: Actor, coach: Actor) -> None:
    old = coaching.create_invite_code(session, coach)
    old.expires_at = utcnow() - timedelta(seconds=1)
    session.add(old)
    session.commit()
    revoked = coaching.create_invite_code(session, coach)
    coaching.revoke_invite_code(session, coach, revoked.id)
    for code in (old.code, revoked.code, "NOPE-NOPE-NOPE", ""):
        with pytest.raises(ValidationFailed) as error:
            coaching.redeem_code(session, alice, code)
        assert "not valid" in error.value.errors["code"]
    assert coaching.list_invite_codes(session, coach) == []
    with pytest.raises(NotFound):
        coaching.revoke_invite_code(session, alice, old.id)


def test_only_coaches_make_codes_or_list_clients(session: Session, alice: Actor) -> None:
    for call in (
        coaching.create_invite_code,
        coaching.list_invite_codes,
        coaching.list_clients,
        coaching.list_invitations,
    ):
        with pytest.raises(PermissionDenied):
            call(session, alice)


def test_deleting_either_side_removes_grants_and_codes(
    session: Session, grant: CoachClient, alice: Actor, coach: Actor
) -> None:
    coaching.create_invite_code(session, coach)
    accounts.delete_account(session, coach)
    assert session.exec(select(CoachClient)).all() == []
    assert session.exec(select(CoachInviteCode)).all() == []
    assert coaching.list_coaches(session, alice) == []
