"""A person's whole career record at once: experiences with achievements and bullets."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session

from models import Achievement, Experience, Profile, ResumeBullet
from services.access import Actor
from services.experiences import sort_experiences
from services.records import reader_scope


@dataclass
class AchievementNode:
    """An achievement with the bullets written from it."""

    achievement: Achievement
    bullets: list[ResumeBullet] = field(default_factory=list)


@dataclass
class ExperienceNode:
    """An experience with its achievements and the bullets tied to it but to no achievement."""

    experience: Experience
    achievements: list[AchievementNode] = field(default_factory=list)
    loose_bullets: list[ResumeBullet] = field(default_factory=list)

    @property
    def bullets(self) -> list[ResumeBullet]:
        """Every bullet of this experience: the achievements' first, then the loose ones."""
        return [b for a in self.achievements for b in a.bullets] + self.loose_bullets


@dataclass
class CareerTree:
    """A person's profile and experiences, newest first, each with everything inside it."""

    owner_id: str
    profile: Profile | None
    experiences: list[ExperienceNode]
    unfiled_bullets: list[ResumeBullet] = field(default_factory=list)

    @property
    def achievement_count(self) -> int:
        """How many achievements the record holds."""
        return sum(len(e.achievements) for e in self.experiences)

    @property
    def bullet_count(self) -> int:
        """How many bullets the record holds."""
        return sum(len(e.bullets) for e in self.experiences) + len(self.unfiled_bullets)


def load_career(session: Session, actor: Actor, owner_id: str | None = None) -> CareerTree:
    """The whole record in four queries, whatever its size (no query per row)."""
    owner = reader_scope(session, actor, owner_id, "record")
    profile = session.scalars(select(Profile).where(Profile.user_id == owner)).first()
    experiences = sort_experiences(
        list(session.scalars(select(Experience).where(Experience.user_id == owner)).all())
    )
    achievements = session.scalars(
        select(Achievement)
        .join(Experience, Experience.id == Achievement.experience_id)
        .where(Experience.user_id == owner)
        .order_by(Achievement.created_at, Achievement.id)
    ).all()
    bullets = session.scalars(
        select(ResumeBullet)
        .where(ResumeBullet.user_id == owner)
        .order_by(ResumeBullet.created_at, ResumeBullet.id)
    ).all()

    by_achievement: dict[str, AchievementNode] = {}
    by_experience: dict[str, ExperienceNode] = {}
    nodes = []
    for experience in experiences:
        node = ExperienceNode(experience)
        by_experience[experience.id] = node
        nodes.append(node)
    for achievement in achievements:
        child = AchievementNode(achievement)
        by_achievement[achievement.id] = child
        by_experience[achievement.experience_id].achievements.append(child)
    unfiled: list[ResumeBullet] = []
    for bullet in bullets:
        if bullet.achievement_id in by_achievement:
            by_achievement[bullet.achievement_id].bullets.append(bullet)
        elif bullet.experience_id in by_experience:
            by_experience[bullet.experience_id].loose_bullets.append(bullet)
        else:
            unfiled.append(bullet)
    return CareerTree(owner_id=owner, profile=profile, experiences=nodes, unfiled_bullets=unfiled)
