"""Accounts beside the owner's schema: how a person logs in, and the codes coaches hand out."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from models.base import Lifecycle, id_field

ROLES = ("member", "coach", "admin")


class UserCredentials(Lifecycle, table=True):
    """One `users` row's login: username, bcrypt hash, role and the lockout counters.

    Usernames are stored lower-cased (a check constraint holds it), so a unique username is
    unique regardless of case. `expires_at` is set only on throwaway demo accounts.
    """

    __tablename__ = "user_credentials"
    __table_args__ = (
        sa.CheckConstraint("username = lower(username)", name="ck_user_credentials_username_lower"),
        sa.CheckConstraint("role IN ('member', 'coach', 'admin')", name="ck_user_credentials_role"),
    )

    user_id: str = Field(
        primary_key=True, foreign_key="users.user_id", max_length=128, sa_type=sa.String(128)
    )
    username: str = Field(max_length=64, sa_type=sa.String(64), unique=True, index=True)
    password_hash: str = Field(max_length=255, sa_type=sa.String(255))
    role: str = Field(
        default="member",
        max_length=20,
        sa_type=sa.String(20),
        sa_column_kwargs={"server_default": "member"},
    )
    failed_login_attempts: int = Field(
        default=0, sa_column_kwargs={"server_default": sa.text("0"), "nullable": False}
    )
    locked_until: datetime | None = Field(default=None, sa_type=sa.DateTime())
    last_login_at: datetime | None = Field(default=None, sa_type=sa.DateTime())
    expires_at: datetime | None = Field(default=None, sa_type=sa.DateTime(), index=True)


class CoachInviteCode(Lifecycle, table=True):
    """A code a coach hands to members; a member who enters it becomes the coach's client."""

    __tablename__ = "coach_invite_codes"

    id: str = id_field()
    code: str = Field(max_length=32, sa_type=sa.String(32), unique=True, index=True)
    coach_id: str = Field(
        foreign_key="users.user_id", max_length=128, sa_type=sa.String(128), index=True
    )
    expires_at: datetime = Field(sa_type=sa.DateTime(), sa_column_kwargs={"nullable": False})
