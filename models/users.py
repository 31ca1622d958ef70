"""A person: the `users` row and their one `profiles` row."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field

from models.base import Lifecycle, id_field


class User(Lifecycle, table=True):
    """The schema's `users` table: the account's id and email."""

    __tablename__ = "users"

    user_id: str = Field(primary_key=True, max_length=128, sa_type=sa.String(128))
    email: str = Field(sa_type=sa.Text(), sa_column_kwargs={"nullable": False})


class Profile(Lifecycle, table=True):
    """What a person says about themselves beyond their login (one per user)."""

    __tablename__ = "profiles"

    id: str = id_field()
    user_id: str = Field(
        foreign_key="users.user_id", max_length=128, sa_type=sa.String(128), index=True, unique=True
    )
    first_name: str | None = Field(default=None, max_length=100, sa_type=sa.String(100))
    last_name: str | None = Field(default=None, max_length=100, sa_type=sa.String(100))
    headline: str | None = Field(default=None, max_length=255, sa_type=sa.String(255))
    summary: str | None = Field(default=None, sa_type=sa.Text())
    industry: str | None = Field(default=None, max_length=100, sa_type=sa.String(100))
    location: str | None = Field(default=None, max_length=100, sa_type=sa.String(100))
    career_goals: str | None = Field(default=None, sa_type=sa.Text())
