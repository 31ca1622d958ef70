"""A career's evidence: experiences, the achievements inside them, and resume bullets."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from models.base import Lifecycle, id_field


class Experience(Lifecycle, table=True):
    """One job a person held."""

    __tablename__ = "experiences"

    id: str = id_field()
    user_id: str = Field(
        foreign_key="users.user_id", max_length=128, sa_type=sa.String(128), index=True
    )
    company_name: str = Field(max_length=255, sa_type=sa.String(255))
    job_title: str = Field(max_length=255, sa_type=sa.String(255))
    start_date: datetime | None = Field(default=None, sa_type=sa.DateTime())
    end_date: datetime | None = Field(default=None, sa_type=sa.DateTime())
    is_current: bool | None = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    location: str | None = Field(default=None, max_length=255, sa_type=sa.String(255))
    description: str | None = Field(default=None, sa_type=sa.Text())


class Achievement(Lifecycle, table=True):
    """A concrete thing done inside an experience, with its impact and skills."""

    __tablename__ = "achievements"

    id: str = id_field()
    experience_id: str = Field(
        foreign_key="experiences.id", max_length=255, sa_type=sa.String(255), index=True
    )
    description: str = Field(sa_type=sa.Text(), sa_column_kwargs={"nullable": False})
    impact: str | None = Field(default=None, sa_type=sa.Text())
    skills: str | None = Field(default=None, sa_type=sa.Text())


class ResumeBullet(Lifecycle, table=True):
    """A line for a resume, written by AI from an achievement or by the person."""

    __tablename__ = "resume_bullets"

    id: str = id_field()
    achievement_id: str | None = Field(
        default=None,
        foreign_key="achievements.id",
        max_length=255,
        sa_type=sa.String(255),
        index=True,
    )
    experience_id: str | None = Field(
        default=None,
        foreign_key="experiences.id",
        max_length=255,
        sa_type=sa.String(255),
        index=True,
    )
    user_id: str = Field(
        foreign_key="users.user_id", max_length=128, sa_type=sa.String(128), index=True
    )
    content: str = Field(sa_type=sa.Text(), sa_column_kwargs={"nullable": False})
    is_custom: bool | None = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    ai_generated: bool | None = Field(default=True, sa_column_kwargs={"server_default": sa.true()})
    confidence_score: int | None = Field(default=None)
