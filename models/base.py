"""What every table shares: random text ids and the schema's lifecycle dates."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


def new_id() -> str:
    """A random, unguessable id (uuid4 as text)."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """Now in UTC, naive, as the schema's `timestamp` columns store it."""
    return datetime.now(UTC).replace(tzinfo=None)


def id_field() -> str:
    """The primary key of every owned table: varchar(255), a uuid4 by default."""
    return Field(default_factory=new_id, primary_key=True, max_length=255, sa_type=sa.String(255))


class Lifecycle(SQLModel):
    """The schema's `lifecycleDates`: never null, now by default, `updated_at` moves on update."""

    created_at: datetime = Field(
        default_factory=utcnow,
        sa_column_kwargs={"server_default": sa.func.now(), "nullable": False},
        sa_type=sa.DateTime(),
    )
    updated_at: datetime = Field(
        default_factory=utcnow,
        sa_column_kwargs={"server_default": sa.func.now(), "nullable": False, "onupdate": utcnow},
        sa_type=sa.DateTime(),
    )
