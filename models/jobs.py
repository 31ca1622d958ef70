"""Jobs a person aims at, and the resumes tailored to them."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field

from models.base import Lifecycle, id_field


class JobDescription(Lifecycle, table=True):
    """A pasted job posting, with the key skills and requirements read from it."""

    __tablename__ = "job_descriptions"

    id: str = id_field()
    user_id: str = Field(
        foreign_key="users.user_id", max_length=128, sa_type=sa.String(128), index=True
    )
    title: str = Field(max_length=255, sa_type=sa.String(255))
    company: str | None = Field(default=None, max_length=255, sa_type=sa.String(255))
    description: str = Field(sa_type=sa.Text(), sa_column_kwargs={"nullable": False})
    key_skills: str | None = Field(default=None, sa_type=sa.Text())
    requirements: str | None = Field(default=None, sa_type=sa.Text())
    url: str | None = Field(default=None, sa_type=sa.Text())


class TailoredResume(Lifecycle, table=True):
    """A resume put together for one job: a summary and chosen, ordered bullets."""

    __tablename__ = "tailored_resumes"

    id: str = id_field()
    user_id: str = Field(
        foreign_key="users.user_id", max_length=128, sa_type=sa.String(128), index=True
    )
    job_description_id: str | None = Field(
        default=None,
        foreign_key="job_descriptions.id",
        max_length=255,
        sa_type=sa.String(255),
        index=True,
    )
    name: str = Field(max_length=255, sa_type=sa.String(255))
    summary: str | None = Field(default=None, sa_type=sa.Text())


class TailoredBullet(Lifecycle, table=True):
    """One bullet's place in a tailored resume."""

    __tablename__ = "tailored_bullets"

    id: str = id_field()
    tailored_resume_id: str = Field(
        foreign_key="tailored_resumes.id", max_length=255, sa_type=sa.String(255), index=True
    )
    resume_bullet_id: str = Field(
        foreign_key="resume_bullets.id", max_length=255, sa_type=sa.String(255)
    )
    order: int = Field(sa_column_kwargs={"nullable": False})
