"""Importing a JSON Resume file (jsonresume.org) into a person's record.

`basics` fills the profile (name, headline from `label`, location, summary), only where the
profile is still blank: what the person wrote stays. Each `work` entry becomes an experience
(`name` the company, `position` the job title, `startDate`/`endDate`, `location`, `summary`),
and each of its `highlights` an achievement. A work entry already in the record (same company,
title and start month) is skipped, so importing the same file twice adds nothing. Other
sections (education, skills...) are not imported.

`plan_import` reads and checks the file and says what would change (the preview);
`import_json_resume` writes it all in one transaction. A file that cannot be imported raises
`ImportFailed` with a sentence saying why, and nothing is written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from models import Achievement, Experience, Profile
from models.base import utcnow
from services import achievements as achievement_rules
from services import experiences as experience_rules
from services import profiles as profile_rules
from services.access import Actor
from services.errors import AchievError, ValidationFailed
from services.records import add_in_dependency_order, cleaned, commit

MAX_FILE_BYTES = 2_000_000
MAX_WORK_ENTRIES = 200
MAX_HIGHLIGHTS = 2_000
_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:T.*)?\s*$")
_PROFILE_LABELS = profile_rules.LABELS
_KNOWN_SECTIONS = {"$schema", "basics", "work", "meta"}


class ImportFailed(AchievError):
    """The file cannot be imported; the message says why in a sentence."""


@dataclass
class PlannedExperience:
    """One work entry of the file, as it would be stored."""

    values: dict[str, Any]
    achievements: list[str]
    duplicate: bool = False

    @property
    def company(self) -> str:
        return self.values["company_name"]

    @property
    def title(self) -> str:
        return self.values["job_title"]


@dataclass
class ImportPlan:
    """What importing a file does: profile fields filled, experiences and achievements added."""

    profile_fills: dict[str, str] = field(default_factory=dict)
    profile_kept: list[str] = field(default_factory=list)
    experiences: list[PlannedExperience] = field(default_factory=list)
    ignored_sections: list[str] = field(default_factory=list)

    @property
    def new_experiences(self) -> list[PlannedExperience]:
        return [e for e in self.experiences if not e.duplicate]

    @property
    def skipped(self) -> list[PlannedExperience]:
        return [e for e in self.experiences if e.duplicate]

    @property
    def achievement_count(self) -> int:
        return sum(len(e.achievements) for e in self.new_experiences)

    @property
    def changes_anything(self) -> bool:
        return bool(self.profile_fills or self.new_experiences)


# --- reading the file ------------------------------------------------------------------------


def read_json_resume(data: bytes | str) -> dict[str, Any]:
    """The file's JSON object, or ImportFailed with a sentence."""
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            raise ImportFailed(
                f"That file is {len(data) / 1_000_000:.1f} MB; a JSON Resume file is far "
                f"smaller. Choose a file under {MAX_FILE_BYTES // 1_000_000} MB."
            )
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFailed(
                "That file is not UTF-8 text, so it cannot be a JSON Resume file. Export your "
                "resume as JSON and choose that file."
            ) from None
    try:
        value = json.loads(data)
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            f"That file is not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg.lower()}). Check it was saved as a JSON Resume file."
        ) from None
    if not isinstance(value, dict) or not ({"basics", "work"} & set(value)):
        raise ImportFailed(
            'That file does not look like a JSON Resume: it has no "basics" or "work" section. '
            "See jsonresume.org for the format."
        )
    return value


def _text(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise ImportFailed(f"{where} should be text, but the file has {json.dumps(value)[:60]}.")
    return " ".join(value.split()) or None


def _date(value: Any, where: str) -> datetime | None:
    text = _text(value, where)
    if not text:
        return None
    m = _DATE.match(text)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
        try:
            return datetime(year, month, day)
        except ValueError:
            pass
    raise ImportFailed(
        f'{where} is "{text}", which is not a date Achiev can read. Use 2021-03 or 2021-03-15.'
    )


def _location(value: Any) -> str | None:
    if isinstance(value, str):
        return _text(value, "The location")
    if isinstance(value, dict):
        city = _text(value.get("city"), "The city")
        region = _text(value.get("region"), "The region")
        country = _text(value.get("countryCode"), "The country code")
        parts = [p for p in (city, region or country) if p]
        return ", ".join(parts) or _text(value.get("address"), "The address")
    return None


def _profile_values(basics: Any) -> dict[str, str]:
    if basics is None:
        return {}
    if not isinstance(basics, dict):
        raise ImportFailed('The "basics" section should be an object with a name, label and so on.')
    values: dict[str, Any] = {}
    name = _text(basics.get("name"), "The name")
    if name:
        first, _, last = name.partition(" ")
        values["first_name"] = first
        if last:
            values["last_name"] = last
    values["headline"] = _text(basics.get("label"), "The label (headline)")
    values["summary"] = basics.get("summary") if isinstance(basics.get("summary"), str) else None
    if values["summary"] is not None:
        values["summary"] = values["summary"].strip() or None
    values["location"] = _location(basics.get("location"))
    values = {k: v for k, v in values.items() if v}
    try:
        return cleaned(Profile, values, _PROFILE_LABELS, profile_rules.EDITABLE, partial=True)
    except ValidationFailed as exc:
        raise ImportFailed(f"In the basics: {exc}") from None


def _work_entry(item: Any, n: int) -> PlannedExperience:
    where = f"Work entry {n}"
    if not isinstance(item, dict):
        raise ImportFailed(f"{where} should be an object with a name, position and dates.")
    company = _text(item.get("name") or item.get("company"), f"{where}'s name")
    title = _text(item.get("position"), f"{where}'s position")
    if not company:
        raise ImportFailed(f'{where} has no company name ("name"). Add it to the file and retry.')
    where = f'Work entry {n} ("{company[:60]}")'
    if not title:
        raise ImportFailed(f'{where} has no job title ("position"). Add it and try again.')
    start = _date(item.get("startDate"), f"{where}'s start date")
    end = _date(item.get("endDate"), f"{where}'s end date")
    summary = item.get("summary")
    values = {
        "company_name": company,
        "job_title": title,
        "start_date": start,
        "end_date": end,
        "is_current": bool(start) and end is None,
        "location": _text(item.get("location"), f"{where}'s location"),
        "description": summary.strip() or None if isinstance(summary, str) else None,
    }
    try:
        values = cleaned(
            Experience, values, experience_rules.LABELS, experience_rules.EDITABLE, partial=True
        )
        experience_rules._check_dates(values)
    except ValidationFailed as exc:
        raise ImportFailed(f"{where}: {exc}") from None
    values.setdefault("is_current", False)
    highlights = item.get("highlights") or []
    if not isinstance(highlights, list):
        raise ImportFailed(f'{where}: "highlights" should be a list of sentences.')
    found = []
    for h, text in enumerate(highlights, 1):
        line = _text(text, f"Highlight {h} of {where.lower()}")
        if line:
            found.append(line)
    return PlannedExperience(values=values, achievements=found)


def _key(company: str, title: str, start: datetime | None) -> tuple:
    return (
        company.casefold(),
        title.casefold(),
        (start.year, start.month) if start else None,
    )


def plan_import(session: Session, actor: Actor, data: bytes | str) -> ImportPlan:
    """Read and check a JSON Resume file, and say what importing it would change."""
    resume = read_json_resume(data)
    plan = ImportPlan()
    plan.ignored_sections = sorted(
        k for k, v in resume.items() if k not in _KNOWN_SECTIONS and v not in (None, [], {})
    )
    fields = _profile_values(resume.get("basics"))
    profile = session.scalars(select(Profile).where(Profile.user_id == actor.user_id)).first()
    for name, value in fields.items():
        if profile is not None and getattr(profile, name):
            plan.profile_kept.append(_PROFILE_LABELS[name])
        else:
            plan.profile_fills[name] = value
    work = resume.get("work") or []
    if not isinstance(work, list):
        raise ImportFailed('The "work" section should be a list of jobs.')
    if len(work) > MAX_WORK_ENTRIES:
        raise ImportFailed(
            f"That file has {len(work)} work entries; Achiev imports at most {MAX_WORK_ENTRIES}."
        )
    existing = {
        _key(c, t, s)
        for c, t, s in session.execute(
            select(Experience.company_name, Experience.job_title, Experience.start_date).where(
                Experience.user_id == actor.user_id
            )
        ).all()
    }
    for n, item in enumerate(work, 1):
        planned = _work_entry(item, n)
        key = _key(planned.company, planned.title, planned.values.get("start_date"))
        planned.duplicate = key in existing
        existing.add(key)
        plan.experiences.append(planned)
    if plan.achievement_count > MAX_HIGHLIGHTS:
        raise ImportFailed(
            f"That file has {plan.achievement_count:,} highlights; Achiev imports at most "
            f"{MAX_HIGHLIGHTS:,} at once."
        )
    return plan


def import_json_resume(session: Session, actor: Actor, data: bytes | str) -> ImportPlan:
    """Import a JSON Resume file into the acting person's record, in one transaction."""
    plan = plan_import(session, actor, data)
    rows: list[Any] = []
    for planned in plan.new_experiences:
        experience = Experience(user_id=actor.user_id, **planned.values)
        rows.append(experience)
        now = utcnow()
        for i, text in enumerate(planned.achievements):
            values = cleaned(
                Achievement,
                {"experience_id": experience.id, "description": text},
                achievement_rules.LABELS,
                achievement_rules.EDITABLE,
                partial=True,
            )
            # one millisecond apart, so they list in the file's order
            stamp = now + timedelta(milliseconds=i)
            rows.append(Achievement(**values, created_at=stamp, updated_at=stamp))
    try:
        if plan.profile_fills:
            profile = session.scalars(
                select(Profile).where(Profile.user_id == actor.user_id)
            ).first()
            if profile is None:
                profile = Profile(user_id=actor.user_id)
            for name, value in plan.profile_fills.items():
                setattr(profile, name, value)
            profile.updated_at = utcnow()
            session.add(profile)
            session.flush()
        add_in_dependency_order(session, rows)
    except BaseException:
        session.rollback()
        raise
    commit(session)
    return plan
