"""Conversations with the career assistant and their messages."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from models.base import Lifecycle, id_field, utcnow


class Conversation(Lifecycle, table=True):
    """A kept conversation with the career assistant."""

    __tablename__ = "conversations"

    id: str = id_field()
    user_id: str = Field(
        foreign_key="users.user_id", max_length=128, sa_type=sa.String(128), index=True
    )
    title: str | None = Field(default=None, max_length=255, sa_type=sa.String(255))


class Message(Lifecycle, table=True):
    """One turn of a conversation: the person's, the assistant's or the system's."""

    __tablename__ = "messages"

    id: str = id_field()
    conversation_id: str = Field(
        foreign_key="conversations.id", max_length=255, sa_type=sa.String(255), index=True
    )
    content: str = Field(sa_type=sa.Text(), sa_column_kwargs={"nullable": False})
    role: str = Field(max_length=50, sa_type=sa.String(50))
    timestamp: datetime = Field(
        default_factory=utcnow,
        sa_type=sa.DateTime(),
        sa_column_kwargs={"server_default": sa.func.now(), "nullable": False},
    )
