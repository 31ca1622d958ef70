"""Coach access: a member lets a coach read their record (beside the owner's schema)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from models.base import Lifecycle, id_field

GRANT_STATUSES = ("pending", "active", "ended")


class CoachClient(Lifecycle, table=True):
    """A member (the client) and a coach; while `active` the coach reads, never writes."""

    __tablename__ = "coach_clients"
    __table_args__ = (sa.Index("ix_coach_clients_coach_client", "coach_id", "client_id"),)

    id: str = id_field()
    coach_id: str = Field(foreign_key="users.user_id", max_length=128, sa_type=sa.String(128))
    client_id: str = Field(
        foreign_key="users.user_id", max_length=128, sa_type=sa.String(128), index=True
    )
    status: str = Field(
        default="pending",
        max_length=20,
        sa_type=sa.String(20),
        sa_column_kwargs={"server_default": "pending"},
    )
    share_conversations: bool = Field(
        default=False, sa_column_kwargs={"server_default": sa.false(), "nullable": False}
    )
    activated_at: datetime | None = Field(default=None, sa_type=sa.DateTime())
    ended_at: datetime | None = Field(default=None, sa_type=sa.DateTime())
