"""What the career assistant is told about the person: their record, within a token budget.

The record goes to the model as plain labelled text: the profile, the experiences (newest first,
as E1, E2...), then achievements with their bullets and the bullets tied to no achievement,
ranked by relevance to the question and the job in focus (`services.matching.score_bullets`,
which weighs the job's key skills and shared words) and added, most relevant first, until the
budget is used. Tokens are estimated as characters / 4; the note at the end says how many less
relevant items were left out, so the model knows it sees only part of the record.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from models import JobDescription
from services.career import CareerTree, ExperienceNode
from services.matching import score_bullets
from services.profiles import display_name
from services.skills import skills_in, split_skills
from services.text import tidy

#: Characters per token, for estimates (no tokenizer needed).
CHARS_PER_TOKEN = 4
#: Budgets, in estimated tokens, for the record and the job in focus.
RECORD_BUDGET = 3_000
JOB_BUDGET = 1_500


def estimate_tokens(text: str) -> int:
    """Roughly how many tokens a text costs: characters / 4, rounded up."""
    return -(-len(text) // CHARS_PER_TOKEN)


def cut(text: str, tokens: int) -> str:
    """A text cut to about `tokens` tokens, at a word, with an ellipsis when cut."""
    limit = tokens * CHARS_PER_TOKEN
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rsplit(" ", 1)[0].rstrip() + "…"


def one_line(text: str | None) -> str:
    return tidy(text or "")


# --- markdown ------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|$~:])")


def md_escape(text: str | None) -> str:
    """A person's words made safe inside Markdown: shown as typed, on one line."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(text))


def md_unescape(text: str) -> str:
    """Undo `md_escape` (for drafts read back from a reply)."""
    return re.sub(r"\\(.)", r"\1", text)


# --- grounding: the record within a budget --------------------------------------------------


@dataclass(frozen=True)
class Grounding:
    """The record as the model sees it, and what was left out to stay within the budget."""

    text: str
    tokens: int
    included: list[str]  # ids of achievements and bullets shown, most relevant first
    left_out: int


def _month(when: object) -> str:
    return when.strftime("%b %Y") if when is not None else "?"  # type: ignore[attr-defined]


def period(node: ExperienceNode) -> str:
    e = node.experience
    if e.start_date is None and e.end_date is None:
        return "now" if e.is_current else ""
    return f"{_month(e.start_date)} – {'now' if e.is_current else _month(e.end_date)}"


def experience_label(node: ExperienceNode) -> str:
    return f"{one_line(node.experience.job_title)} at {one_line(node.experience.company_name)}"


def _profile_block(tree: CareerTree) -> str:
    p = tree.profile
    if p is None:
        return "PROFILE\n(none written yet)"
    lines = ["PROFILE"]
    for label, value in (
        ("Name", display_name(p)),
        ("Headline", p.headline),
        ("Industry", p.industry),
        ("Location", p.location),
        ("Summary", cut(one_line(p.summary), 250)),
        ("Career goals", cut(one_line(p.career_goals), 150)),
    ):
        if value and one_line(value):
            lines.append(f"{label}: {one_line(value)}")
    return "\n".join(lines) if len(lines) > 1 else "PROFILE\n(none written yet)"


def _experiences_block(tree: CareerTree, tokens: int) -> tuple[str, dict[str, str]]:
    """The experiences, newest first, as E1, E2...; descriptions cut to share `tokens`."""
    refs: dict[str, str] = {}
    if not tree.experiences:
        return "EXPERIENCES\n(none recorded yet)", refs
    heads = []
    for i, node in enumerate(tree.experiences, 1):
        refs[node.experience.id] = f"E{i}"
        where = ", ".join(
            part for part in (one_line(node.experience.location), period(node)) if part
        )
        heads.append(f"E{i}. {experience_label(node)}" + (f" ({where})" if where else ""))
    spare = max(0, tokens - estimate_tokens("\n".join(heads)))
    each = min(120, spare // len(heads))
    lines = ["EXPERIENCES (newest first)"]
    for head, node in zip(heads, tree.experiences, strict=True):
        lines.append(head)
        description = one_line(node.experience.description)
        if description and each >= 15:
            lines.append("    " + cut(description, each))
    return "\n".join(lines), refs


@dataclass
class RecordUnit:
    """One rankable piece of the record: an achievement with its bullets, or a lone bullet."""

    id: str
    experience_id: str | None
    text: str  # what relevance is measured on
    line: str  # how the model sees it


def record_units(tree: CareerTree, refs: dict[str, str]) -> list[RecordUnit]:
    units: list[RecordUnit] = []
    for node in tree.experiences:
        ref = refs.get(node.experience.id, "")
        for child in node.achievements:
            a = child.achievement
            parts = [f"- [{ref}] Achievement: {one_line(a.description)}"]
            if a.impact:
                parts.append(f"  Impact: {one_line(a.impact)}")
            if a.skills:
                parts.append(f"  Skills: {', '.join(split_skills(a.skills))}")
            for b in child.bullets:
                parts.append(f"  Bullet: {one_line(b.content)}")
            text = " ".join(
                [a.description or "", a.impact or "", a.skills or ""]
                + [b.content for b in child.bullets]
            )
            units.append(RecordUnit(a.id, node.experience.id, text, "\n".join(parts)))
        for b in node.loose_bullets:
            line = f"- [{ref}] Bullet: {one_line(b.content)}"
            units.append(RecordUnit(b.id, node.experience.id, b.content, line))
    for b in tree.unfiled_bullets:
        units.append(RecordUnit(b.id, None, b.content, f"- Bullet: {one_line(b.content)}"))
    return units


def job_query(job: JobDescription | None) -> str:
    if job is None:
        return ""
    return "\n".join(
        part for part in (job.title, job.key_skills, job.requirements, job.description) if part
    )


def rank_units(
    texts: Sequence[tuple[str, str]], question: str, job: JobDescription | None = None
) -> list[tuple[str, int]]:
    """(id, text) pieces of the record, most relevant to the question and the job first,
    with their 0-100 scores; ties (and no signal at all) keep the given order."""
    if not texts:
        return []
    query = "\n".join(part for part in (question.strip(), job_query(job)) if part)
    if not query:
        return [(i, 0) for i, _ in texts]
    key_skills = None
    if job is not None and job.key_skills:
        key_skills = list(dict.fromkeys(split_skills(job.key_skills) + sorted(skills_in(question))))
    result = score_bullets(query, list(texts), key_skills=key_skills)
    return [(b.id, b.score) for b in result.bullets]


def ground(
    tree: CareerTree,
    question: str = "",
    job: JobDescription | None = None,
    *,
    budget: int = RECORD_BUDGET,
) -> Grounding:
    """The person's record for the model: profile and experiences first, then achievements
    and bullets, most relevant first, until `budget` tokens are used."""
    profile = _profile_block(tree)
    experiences, refs = _experiences_block(tree, max(0, budget // 3 - estimate_tokens(profile)))
    head = f"{profile}\n\n{experiences}\n\nACHIEVEMENTS AND BULLETS (most relevant first)"
    used = estimate_tokens(head)
    units = record_units(tree, refs)
    by_id = {u.id: u for u in units}
    order = rank_units([(u.id, u.text) for u in units], question, job)
    lines: list[str] = []
    included: list[str] = []
    note_room = 20
    for unit_id, _score in order:
        line = by_id[unit_id].line
        cost = estimate_tokens(line) + 1
        if used + cost + note_room > budget:
            continue
        lines.append(line)
        included.append(unit_id)
        used += cost
    left_out = len(units) - len(included)
    if not units:
        lines.append("(none recorded yet)")
    if left_out:
        lines.append(f"({left_out} less relevant items were left out for length.)")
    text = head + "\n" + "\n".join(lines)
    return Grounding(text, estimate_tokens(text), included, left_out)


def job_block(job: JobDescription, *, budget: int = JOB_BUDGET) -> str:
    """The job in focus for the model: title, key skills, requirements, then the posting."""
    lines = [f"Title: {one_line(job.title)}"]
    if job.company:
        lines.append(f"Company: {one_line(job.company)}")
    if job.key_skills:
        lines.append(f"Key skills: {', '.join(split_skills(job.key_skills))}")
    if job.requirements:
        lines.append("Requirements:")
        lines.extend(f"- {one_line(r)}" for r in job.requirements.splitlines() if r.strip())
    head = cut("\n".join(lines), budget // 2)
    rest = max(0, budget - estimate_tokens(head) - 5)
    description = (job.description or "").strip()
    if description and rest > 20:
        head += "\nDescription:\n" + cut(description, rest)
    return head
