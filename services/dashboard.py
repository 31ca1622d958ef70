"""The dashboard's figures: counts, a timeline, achievements per year, top skills, recent
activity and the next useful step, from one load of the record (constant queries)."""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session

from models import JobDescription
from services.access import Actor
from services.achievements import skill_counts
from services.career import CareerTree, load_career
from services.jobs import list_jobs
from services.profiles import display_name

RECENT_ITEMS = 6
TOP_SKILLS = 10
# Within this much of creation, a change still reads as "added".
_JUST_MADE = timedelta(seconds=2)


@dataclass(frozen=True)
class Counts:
    """How much the record holds."""

    experiences: int
    achievements: int
    bullets: int
    jobs: int

    @property
    def empty(self) -> bool:
        """Nothing recorded yet."""
        return not (self.experiences or self.achievements or self.bullets or self.jobs)


@dataclass(frozen=True)
class TimelineEntry:
    """One experience on the career timeline."""

    experience_id: str
    company: str
    title: str
    start: date
    end: date
    is_current: bool


@dataclass(frozen=True)
class Activity:
    """A recent change to the record."""

    when: datetime
    kind: str  # experience, achievement, bullet, job, profile
    action: str  # Added or Updated
    text: str
    page: str  # the page file where it lives


@dataclass(frozen=True)
class NextStep:
    """Something worth doing next, and the page where it is done."""

    title: str
    detail: str
    page: str
    icon: str


@dataclass
class Dashboard:
    """Everything the dashboard shows."""

    name: str
    counts: Counts
    timeline: list[TimelineEntry] = field(default_factory=list)
    undated_experiences: int = 0
    achievements_per_year: list[tuple[int, int]] = field(default_factory=list)
    top_skills: list[tuple[str, int]] = field(default_factory=list)
    recent: list[Activity] = field(default_factory=list)
    next_steps: list[NextStep] = field(default_factory=list)


def load_dashboard(session: Session, actor: Actor, *, today: date | None = None) -> Dashboard:
    """The acting user's dashboard."""
    tree = load_career(session, actor)
    jobs = list_jobs(session, actor)
    return summarize(tree, jobs, today=today or date.today())


def summarize(tree: CareerTree, jobs: list[JobDescription], *, today: date) -> Dashboard:
    """The dashboard of a loaded record (no database access)."""
    counts = Counts(
        experiences=len(tree.experiences),
        achievements=tree.achievement_count,
        bullets=tree.bullet_count,
        jobs=len(jobs),
    )
    timeline, undated = _timeline(tree, today)
    return Dashboard(
        name=display_name(tree.profile),
        counts=counts,
        timeline=timeline,
        undated_experiences=undated,
        achievements_per_year=_achievements_per_year(tree),
        top_skills=skill_counts(tree)[:TOP_SKILLS],
        recent=_recent(tree, jobs),
        next_steps=next_steps(tree, jobs),
    )


def _timeline(tree: CareerTree, today: date) -> tuple[list[TimelineEntry], int]:
    """Dated experiences, oldest first; an open end runs to today."""
    entries = []
    undated = 0
    for node in tree.experiences:
        e = node.experience
        if e.start_date is None:
            undated += 1
            continue
        start = e.start_date.date()
        if e.end_date is not None:
            end = e.end_date.date()
        elif e.is_current:
            end = today
        else:
            end = start + timedelta(days=30)
        entries.append(
            TimelineEntry(
                e.id, e.company_name, e.job_title, start, max(end, start), bool(e.is_current)
            )
        )
    entries.sort(key=lambda t: (t.start, t.end))
    return entries, undated


def _achievements_per_year(tree: CareerTree) -> list[tuple[int, int]]:
    """Achievements counted in the year their role began, every year in between shown."""
    per_year: Counter[int] = Counter()
    for node in tree.experiences:
        e = node.experience
        when = e.start_date or e.end_date
        if when is None or not node.achievements:
            continue
        per_year[when.year] += len(node.achievements)
    if not per_year:
        return []
    first, last = min(per_year), max(per_year)
    return [(year, per_year.get(year, 0)) for year in range(first, last + 1)]


def _shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _recent(tree: CareerTree, jobs: list[JobDescription]) -> list[Activity]:
    """The latest changes across the record, newest first."""

    def items():
        profile = tree.profile
        if profile is not None and profile.updated_at > profile.created_at:
            yield profile, "profile", "Your profile", "profile.py"
        for node in tree.experiences:
            e = node.experience
            yield e, "experience", f"{e.job_title} at {e.company_name}", "experiences.py"
            for child in node.achievements:
                yield (
                    child.achievement,
                    "achievement",
                    child.achievement.description,
                    "achievements.py",
                )
            for bullet in node.bullets:
                yield bullet, "bullet", bullet.content, "bullets.py"
        for bullet in tree.unfiled_bullets:
            yield bullet, "bullet", bullet.content, "bullets.py"
        for job in jobs:
            label = f"{job.title} at {job.company}" if job.company else job.title
            yield job, "job", label, "jobs.py"

    latest = heapq.nlargest(RECENT_ITEMS, items(), key=lambda item: item[0].updated_at)
    return [
        Activity(
            when=row.updated_at,
            kind=kind,
            action="Updated"
            if kind == "profile" or row.updated_at - row.created_at > _JUST_MADE
            else "Added",
            text=_shorten(text),
            page=page,
        )
        for row, kind, text, page in latest
    ]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def next_steps(tree: CareerTree, jobs: list[JobDescription], limit: int = 3) -> list[NextStep]:
    """The most useful things to do next, most useful first."""
    steps: list[NextStep] = []
    if not tree.experiences:
        steps.append(
            NextStep(
                "Add your first experience",
                "Start with your current or most recent job: the company, your title and dates.",
                "experiences.py",
                "work",
            )
        )
    elif tree.achievement_count == 0:
        first = tree.experiences[0].experience
        steps.append(
            NextStep(
                "Add your first achievement",
                f"What did you get done as {first.job_title} at {first.company_name}? "
                "Describe it and its impact.",
                "achievements.py",
                "emoji_events",
            )
        )
    else:
        bare = [n for n in tree.experiences if not n.achievements]
        if bare:
            steps.append(
                NextStep(
                    f"Add achievements to {_plural(len(bare), 'experience')}",
                    f"{bare[0].experience.job_title} at {bare[0].experience.company_name} has "
                    "none yet.",
                    "achievements.py",
                    "emoji_events",
                )
            )
    without = [
        child for node in tree.experiences for child in node.achievements if not child.bullets
    ]
    if without:
        steps.append(
            NextStep(
                f"Generate bullets for {_plural(len(without), 'achievement')}",
                "Turn each achievement into a resume bullet with an action verb and a number.",
                "bullets.py",
                "format_list_bulleted",
            )
        )
    if tree.experiences and not jobs:
        steps.append(
            NextStep(
                "Paste a job description",
                "Add a posting you are aiming at to see how your record covers it.",
                "jobs.py",
                "work_outline",
            )
        )
    elif jobs and tree.bullet_count:
        steps.append(
            NextStep(
                "Match a job",
                f"See how your bullets cover {jobs[0].title}.",
                "match.py",
                "join_inner",
            )
        )
    profile = tree.profile
    if profile is None or not (profile.headline and profile.summary):
        steps.append(
            NextStep(
                "Complete your profile",
                "A headline and a short summary open every resume you build.",
                "profile.py",
                "person",
            )
        )
    return steps[:limit]
