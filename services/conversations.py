"""Conversations with the career assistant, and their messages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel import Session

from models import Conversation, Message
from models.base import utcnow
from services.access import Actor, check_read, check_write
from services.errors import NotFound, ValidationFailed
from services.records import apply, cleaned, commit, fetch_owned, insert, reader_scope

LABELS = {"title": "Title"}
MESSAGE_LABELS = {"conversation_id": "Conversation", "content": "Message", "role": "Role"}
ROLES = ("user", "assistant", "system")


def create_conversation(session: Session, actor: Actor, **fields: Any) -> Conversation:
    """A new, empty conversation of the acting user's."""
    values = cleaned(Conversation, fields, LABELS, set(LABELS))
    return insert(session, Conversation(user_id=actor.user_id, **values))


def get_conversation(session: Session, actor: Actor, conversation_id: str) -> Conversation:
    """One conversation the actor may read (a coach only when the client shares them)."""
    return fetch_owned(
        session, actor, Conversation, conversation_id, "conversation", conversations=True
    )


def _writable(session: Session, actor: Actor, conversation_id: str) -> Conversation:
    """A conversation the actor may change."""
    return fetch_owned(
        session,
        actor,
        Conversation,
        conversation_id,
        "conversation",
        write=True,
        conversations=True,
    )


def list_conversations(
    session: Session, actor: Actor, owner_id: str | None = None
) -> list[Conversation]:
    """A person's conversations, most recently active first."""
    owner = reader_scope(session, actor, owner_id, "conversation", conversations=True)
    query = (
        select(Conversation)
        .where(Conversation.user_id == owner)
        .order_by(Conversation.updated_at.desc(), Conversation.id)
    )
    return list(session.scalars(query).all())


def update_conversation(
    session: Session, actor: Actor, conversation_id: str, **fields: Any
) -> Conversation:
    """Rename a conversation of the acting user's."""
    row = _writable(session, actor, conversation_id)
    values = cleaned(Conversation, fields, LABELS, set(LABELS), partial=True)
    for field in fields:
        values.setdefault(field, None)
    return apply(session, row, values)


def delete_conversation(session: Session, actor: Actor, conversation_id: str) -> None:
    """Remove a conversation with all its messages."""
    row = _writable(session, actor, conversation_id)
    session.execute(delete(Message).where(Message.conversation_id == row.id))
    session.delete(row)
    commit(session)


# --- messages ------------------------------------------------------------------------------


def _check_role(values: dict[str, Any]) -> None:
    if "role" in values and values["role"] not in ROLES:
        raise ValidationFailed({"role": "Role must be user, assistant or system."})


def add_message(session: Session, actor: Actor, conversation_id: str, **fields: Any) -> Message:
    """Append a message to a conversation of the acting user's; the conversation moves up."""
    conversation = _writable(session, actor, conversation_id)
    values = cleaned(
        Message,
        {"conversation_id": conversation_id, **fields},
        MESSAGE_LABELS,
        set(MESSAGE_LABELS),
    )
    _check_role(values)
    message = Message(**values)
    session.add(message)
    conversation.updated_at = utcnow()
    session.add(conversation)
    commit(session)
    return message


def _message_owned(session: Session, actor: Actor, message_id: str, *, write: bool) -> Message:
    found = (
        session.execute(
            select(Message, Conversation.user_id)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(Message.id == message_id)
        ).first()
        if isinstance(message_id, str)
        else None
    )
    if found is None:
        raise NotFound("message")
    row, owner = found
    (check_write if write else check_read)(session, actor, owner, "message", conversations=True)
    return row


def get_message(session: Session, actor: Actor, message_id: str) -> Message:
    """One message the actor may read."""
    return _message_owned(session, actor, message_id, write=False)


def list_messages(
    session: Session,
    actor: Actor,
    conversation_id: str,
    *,
    limit: int | None = None,
    before: datetime | None = None,
) -> list[Message]:
    """A conversation's messages in order; with `limit`, only the latest (before `before`)."""
    get_conversation(session, actor, conversation_id)
    query = select(Message).where(Message.conversation_id == conversation_id)
    if before is not None:
        query = query.where(Message.timestamp < before)
    if limit is None:
        query = query.order_by(Message.timestamp, Message.created_at, Message.id)
        return list(session.scalars(query).all())
    query = query.order_by(
        Message.timestamp.desc(), Message.created_at.desc(), Message.id.desc()
    ).limit(limit)
    return list(reversed(session.scalars(query).all()))


def count_messages(session: Session, actor: Actor, conversation_id: str) -> int:
    """How many messages a conversation has."""
    get_conversation(session, actor, conversation_id)
    return (
        session.scalar(
            select(func.count())
            .select_from(Message)
            .where(Message.conversation_id == conversation_id)
        )
        or 0
    )


def update_message(session: Session, actor: Actor, message_id: str, **fields: Any) -> Message:
    """Change a message's text (for example, a reply that finished streaming)."""
    row = _message_owned(session, actor, message_id, write=True)
    values = cleaned(Message, fields, MESSAGE_LABELS, {"content", "role"}, partial=True)
    for field in fields:
        values.setdefault(field, None)
    if "content" in fields and values.get("content") is None:
        raise ValidationFailed({"content": "Message is required."})
    _check_role(values)
    return apply(session, row, values)


def delete_message(session: Session, actor: Actor, message_id: str) -> None:
    """Remove one message."""
    row = _message_owned(session, actor, message_id, write=True)
    session.delete(row)
    commit(session)


def latest_note(
    session: Session, actor: Actor, conversation_id: str, prefix: str
) -> Message | None:
    """The newest system message of a conversation whose text starts with `prefix`."""
    get_conversation(session, actor, conversation_id)
    query = (
        select(Message)
        .where(
            Message.conversation_id == conversation_id,
            Message.role == "system",
            Message.content.startswith(prefix, autoescape=True),
        )
        .order_by(Message.timestamp.desc(), Message.created_at.desc(), Message.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()
