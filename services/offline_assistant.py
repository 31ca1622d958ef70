"""The career assistant with no model: the common asks, answered from the person's own record.

`offline_answer` routes a question (`route`) to one of five answers, all deterministic and built
from the record: a summary of the experience, the achievements showing a skill, bullet drafts
for an achievement, the achievements that fit a job best, and what a job asks for that the
bullets do not cover. Anything else gets general guidance and says plainly that free-form
questions need a model, and how to connect one. Answers are Markdown; the person's own words in
them are escaped, and drafts are written as `Bullet: ...` lines the chat page can save.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from models import Achievement, JobDescription
from services.achievements import search_achievements, skill_counts
from services.ai.bullets import AchievementFacts, offline_bullets
from services.ai.offline import offline_reply
from services.career import AchievementNode, CareerTree, ExperienceNode
from services.grounding import (
    cut,
    experience_label,
    job_query,
    md_escape,
    one_line,
    period,
    rank_units,
    record_units,
)
from services.matching import band, score_bullets
from services.profiles import display_name
from services.skills import normalize_skill, skills_in, split_skills
from services.text import content_stems, tidy

HOW_TO_CONNECT = (
    "To ask anything in your own words, connect a model: set OPENAI_API_KEY (for OpenAI) or "
    "OPENAI_BASE_URL (for a local server such as Ollama, vLLM or LM Studio) and restart Achiev."
)


Intent = Literal["summary", "gaps", "fit", "bullets", "skill", "other"]

_SUMMARY = re.compile(
    r"\b(summar|overview|recap|about me|my (?:work )?(?:experience|background|career|history|"
    r"record)|who am i|tell me about (?:me|myself))",
    re.IGNORECASE,
)
_GAPS = re.compile(
    r"\b(missing|miss|gaps?|lack|lacking|not (?:yet )?covered|(?:don'?t|do not|doesn'?t|does not)"
    r" (?:yet )?(?:cover|show|have)|uncovered|what (?:else )?(?:does|do) .{0,40}\bask(?:s|ing)?"
    r" for|asks? for)",
    re.IGNORECASE,
)
_FIT = re.compile(
    r"\b(fits?|fitting|match(?:es)?|relevant|suit(?:s|able)?|best for|strongest for|"
    r"which of my)",
    re.IGNORECASE,
)
_BULLETS = re.compile(r"\b(bullets?|rewrite|reword|stronger|improve)\b", re.IGNORECASE)
_SKILL = re.compile(
    r"\b(with|using|show(?:s|ing)?|where did i use|used|skill|skills|tagged)\b", re.IGNORECASE
)
_LATEST = re.compile(r"\b(latest|newest|most recent|last|recent)\b", re.IGNORECASE)


def _skill_named(tree: CareerTree, question: str) -> str | None:
    """A skill the question names: one of the person's own tags first, then the vocabulary."""
    folded = f" {tidy(question).casefold()} "
    for skill, _n in skill_counts(tree):
        if re.search(rf"(?<![\w+#]){re.escape(skill.casefold())}(?![\w+#])", folded):
            return skill
    found = sorted(skills_in(question))
    own = {s.casefold() for s, _ in skill_counts(tree)}
    found.sort(key=lambda s: (s.casefold() not in own, s))
    return found[0] if found else None


def route(tree: CareerTree, question: str, *, has_job: bool = False) -> Intent:
    """Which common ask a question is, for the offline assistant."""
    q = question.strip()
    if _GAPS.search(q) and (has_job or re.search(r"\b(job|role|posting|position)\b", q, re.I)):
        return "gaps"
    if _FIT.search(q) and (
        has_job or re.search(r"\b(job|role|posting|position)\b", q, re.IGNORECASE)
    ):
        return "fit"
    if _BULLETS.search(q):
        return "bullets"
    if _SUMMARY.search(q):
        return "summary"
    if _skill_named(tree, q) and (
        _SKILL.search(q) or re.search(r"\bachievements?\b", q, re.IGNORECASE)
    ):
        return "skill"
    return "other"


def offline_answer(
    tree: CareerTree,
    question: str,
    *,
    job: JobDescription | None = None,
    jobs: Sequence[JobDescription] = (),
) -> str:
    """A deterministic answer from the person's own record, in Markdown (their words escaped)."""
    chosen = job or _job_named(question, jobs)
    intent = route(tree, question, has_job=chosen is not None)
    if intent == "summary":
        return summarise_record(tree)
    if intent == "skill":
        return achievements_with_skill(tree, _skill_named(tree, question) or "")
    if intent == "bullets":
        return bullets_for(tree, question)
    if intent in ("gaps", "fit"):
        picked = chosen or (jobs[0] if len(jobs) == 1 else None)
        if picked is None:
            return _pick_a_job(jobs)
        return job_gaps(tree, picked) if intent == "gaps" else fitting_achievements(tree, picked)
    return _general(question)


def _general(question: str) -> str:
    guidance = offline_reply([{"role": "user", "content": question}])
    guidance = guidance.split("\n\n")[0]
    return (
        "Achiev is running without an AI model, so I can answer from your record for these "
        "asks:\n\n"
        "- *Summarise my experience*\n"
        "- *My achievements with Python* (any skill)\n"
        "- *Write bullets for my latest achievement* (or name it by a few of its words)\n"
        "- *Which of my achievements fit this job?*\n"
        "- *What does this job ask for that my bullets do not cover?*\n\n"
        f"Free-form questions need a model. {HOW_TO_CONNECT}\n\n"
        f"Meanwhile, some general guidance: {guidance}"
    )


def _job_named(question: str, jobs: Sequence[JobDescription]) -> JobDescription | None:
    """A saved job the question names by its title (or company)."""
    folded = question.casefold()
    best: tuple[int, JobDescription | None] = (0, None)
    for job in jobs:
        for name in (job.title, job.company):
            name = tidy(name or "").casefold()
            if len(name) >= 3 and name in folded and len(name) > best[0]:
                best = (len(name), job)
    return best[1]


def _pick_a_job(jobs: Sequence[JobDescription]) -> str:
    if not jobs:
        return (
            "To compare your record with a job, first save the job description on the Job "
            "descriptions page, then choose it as the job in focus above the conversation."
        )
    names = "\n".join(f"- {md_escape(j.title)}" for j in jobs[:10])
    return (
        "Which job do you mean? Choose it as the job in focus above the conversation, or name "
        f"it in your question. Your saved jobs:\n\n{names}"
    )


def _markdown(lines: list[str]) -> str:
    """Lines as Markdown: list items stay together, every other line is its own paragraph."""
    out = ""
    previous = ""
    for line in lines:
        if not line:
            continue
        if out:
            together = line.startswith("- ") and previous.startswith("- ")
            out += "\n" if together else "\n\n"
        out += line
        previous = line
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summarise_record(tree: CareerTree) -> str:
    """The record in brief: who, each experience with its achievements, the top skills."""
    if not tree.experiences:
        return (
            "Your record is empty so far. Start on the Experiences page with your jobs, then "
            "add the achievements inside each one; I can summarise them after that."
        )
    lines: list[str] = []
    p = tree.profile
    name = display_name(p) if p else ""
    if name or (p and p.headline):
        who = " — ".join(md_escape(x) for x in (name, p.headline if p else None) if x)
        lines.append(f"**{who}**")
    counts = (
        f"Your record holds {_plural(len(tree.experiences), 'experience')}, "
        f"{_plural(tree.achievement_count, 'achievement')} and "
        f"{_plural(tree.bullet_count, 'resume bullet')}."
    )
    lines.append(counts)
    if p and p.summary:
        lines.append(f"Your summary: {md_escape(cut(one_line(p.summary), 120))}")
    if tree.experiences:
        lines.append("")
        for node in tree.experiences:
            when = period(node)
            item = f"- **{md_escape(experience_label(node))}**" + (f" ({when})" if when else "")
            if node.achievements:
                top = node.achievements[:2]
                shown = "; ".join(
                    md_escape(cut(one_line(c.achievement.description), 25)) for c in top
                )
                more = len(node.achievements) - len(top)
                item += f": {shown}" + (f" (and {more} more)" if more else "")
            else:
                item += ": no achievements recorded yet"
            lines.append(item)
    skills = skill_counts(tree)[:8]
    if skills:
        lines.append("")
        lines.append(
            "Skills you show most: " + ", ".join(f"{md_escape(s)} ({n})" for s, n in skills) + "."
        )
    if p and p.career_goals:
        lines.append(f"Your goal: {md_escape(cut(one_line(p.career_goals), 60))}")
    return _markdown(lines)


def _achievement_line(node: ExperienceNode, child: AchievementNode) -> str:
    a = child.achievement
    line = f"- {md_escape(a.description)} ({md_escape(experience_label(node))})"
    if a.impact:
        line += f" — impact: {md_escape(a.impact)}"
    return line


def achievements_with_skill(tree: CareerTree, skill: str) -> str:
    """The achievements tagged with (or naming) a skill, and the bullets that name it."""
    skill = normalize_skill(skill)
    found = search_achievements(tree, skill=skill)
    seen = {c.achievement.id for _, group in found for c in group}
    for node in tree.experiences:  # untagged achievements that still name the skill
        extra = [
            c
            for c in node.achievements
            if c.achievement.id not in seen
            and skill in skills_in(f"{c.achievement.description} {c.achievement.impact or ''}")
        ]
        if extra:
            found.append((node, extra))
    bullets = [
        b
        for node in tree.experiences
        for b in node.bullets
        if skill in skills_in(b.content) or skill.casefold() in b.content.casefold()
    ]
    name = md_escape(skill)
    if not found and not bullets:
        return (
            f"None of your achievements or bullets shows {name} yet. If you have used it, "
            "record an achievement where it made a difference and tag it with the skill."
        )
    total = sum(len(group) for _, group in found)
    lines = [f"Your {_plural(total, 'achievement')} showing {name}:"] if total else []
    for node, group in found:
        lines.extend(_achievement_line(node, c) for c in group)
    if bullets:
        lines.append("")
        lines.append(f"Bullets that name {name}:")
        lines.extend(f"- {md_escape(b.content)}" for b in bullets[:10])
    return _markdown(lines)


def _pick_achievement(
    tree: CareerTree, question: str
) -> tuple[ExperienceNode, AchievementNode] | None:
    pairs = [(n, c) for n in tree.experiences for c in n.achievements]
    if not pairs:
        return None
    words = set(content_stems(question)) - set(
        content_stems("write bullets bullet achievement my latest newest recent for make stronger")
    )
    scored = []
    for n, c in pairs:
        a = c.achievement
        overlap = len(
            words & set(content_stems(f"{a.description} {a.impact or ''} {a.skills or ''}"))
        )
        scored.append((overlap, n, c))
    best = max(scored, key=lambda s: s[0])
    if best[0] > 0:
        return best[1], best[2]
    if _LATEST.search(question) or len(pairs) == 1:
        # the newest experience that has achievements, and its most recently recorded one
        node = next(n for n in tree.experiences if n.achievements)
        return node, max(node.achievements, key=lambda c: c.achievement.created_at)
    return None


def bullets_for(tree: CareerTree, question: str) -> str:
    """Bullet drafts (and the bullets already written) for the achievement a question names."""
    picked = _pick_achievement(tree, question)
    if picked is None:
        if not tree.achievement_count:
            return (
                "You have no achievements recorded yet, and bullets are written from them. Add "
                "one on the Achievements page: what you did, and what changed because of it."
            )
        options = [c.achievement for n in tree.experiences for c in n.achievements][:8]
        listed = "\n".join(f"- {md_escape(cut(one_line(a.description), 20))}" for a in options)
        return (
            "Which achievement should I write bullets for? Name it with a few of its words, "
            f"or say *my latest achievement*. Your achievements include:\n\n{listed}"
        )
    node, child = picked
    a = child.achievement
    drafts = offline_bullets(AchievementFacts.of(a, node.experience))
    existing = {tidy(b.content).casefold() for b in child.bullets}
    fresh = [d for d in drafts if tidy(d).casefold() not in existing]
    lines = [f"For *{md_escape(a.description)}* ({md_escape(experience_label(node))}):", ""]
    if fresh:
        lines.append("Drafts from your own words, to save or edit:")
        lines.extend(f"- **Bullet:** {md_escape(d)}" for d in fresh)
    else:
        lines.append("I have no new drafts beyond the bullets you already have.")
    if child.bullets:
        lines.append("")
        lines.append("Already in your record:")
        lines.extend(f"- {md_escape(b.content)}" for b in child.bullets)
    if not a.impact:
        lines.append("")
        lines.append(
            "Tip: add the achievement's impact (a number, time saved, what changed) and the "
            "bullets get a result to end on."
        )
    return _markdown(lines)


def _bullet_pairs(tree: CareerTree) -> list[tuple[str, str]]:
    pairs = [(b.id, b.content) for n in tree.experiences for b in n.bullets]
    pairs += [(b.id, b.content) for b in tree.unfiled_bullets]
    return pairs


def job_gaps(tree: CareerTree, job: JobDescription) -> str:
    """What a job asks for that the bullets do not show, and achievements that could fill it."""
    name = md_escape(job.title) + (f" at {md_escape(job.company)}" if job.company else "")
    key_skills = split_skills(job.key_skills) or None
    pairs = _bullet_pairs(tree)
    result = score_bullets(job_query(job) or job.description, pairs, key_skills=key_skills)
    if not result.key_skills:
        return (
            f"I could not find the key skills of *{name}*. Add them on the Job descriptions "
            "page (or let Achiev read them from the posting), then ask again."
        )
    covered = [k for k in result.key_skills if k not in result.missing_skills]
    lines = [f"*{name}* asks for {_plural(len(result.key_skills), 'key skill')}."]
    if not pairs:
        lines.append("You have no resume bullets yet, so none of them is covered by a bullet.")
    elif covered:
        lines.append("Your bullets already show: " + ", ".join(md_escape(k) for k in covered) + ".")
    missing = result.missing_skills if pairs else result.key_skills
    if not missing:
        lines.append("Every key skill is shown by at least one of your bullets.")
        return _markdown(lines)
    lines.append("")
    lines.append("Not shown by any bullet yet:")
    holders = _achievements_showing(tree, job, result.key_skills)
    for skill in missing:
        if skill in holders:
            node, a = holders[skill]
            hint = (
                f" — your achievement *{md_escape(cut(one_line(a.description), 15))}* "
                f"({md_escape(experience_label(node))}) shows it: write a bullet from it"
            )
        else:
            hint = " — nothing in your record shows it yet"
        lines.append(f"- **{md_escape(skill)}**{hint}")
    requirements = [r.strip() for r in (job.requirements or "").splitlines() if r.strip()]
    open_reqs = [r for r in requirements if any(m.casefold() in r.casefold() for m in missing)][:5]
    if open_reqs:
        lines.append("")
        lines.append("Requirements that mention them:")
        lines.extend(f"- {md_escape(r)}" for r in open_reqs)
    return _markdown(lines)


def _achievements_showing(
    tree: CareerTree, job: JobDescription, key_skills: list[str]
) -> dict[str, tuple[ExperienceNode, Achievement]]:
    """For each key skill, the achievement that shows it best (named, or through a narrower
    skill), if one does."""
    by_id = {c.achievement.id: (n, c.achievement) for n in tree.experiences for c in n.achievements}
    units = [(u.id, u.text) for u in record_units(tree, {}) if u.id in by_id]
    if not units:
        return {}
    result = score_bullets(job_query(job), units, key_skills=key_skills)
    best: dict[str, tuple[float, str]] = {}
    for scored in result.bullets:  # best first, so ties go to the better-fitting achievement
        for skill, strength in result.evidence.get(scored.id, {}).items():
            if strength >= 0.7 and strength > best.get(skill, (0.0, ""))[0]:
                best[skill] = (strength, scored.id)
    return {skill: by_id[i] for skill, (_s, i) in best.items()}


def fitting_achievements(tree: CareerTree, job: JobDescription, limit: int = 5) -> str:
    """The achievements (with their bullets) that fit a job best, with a 0-100 score each."""
    name = md_escape(job.title) + (f" at {md_escape(job.company)}" if job.company else "")
    pairs = [(n, c) for n in tree.experiences for c in n.achievements]
    if not pairs:
        return (
            f"You have no achievements recorded yet to compare with *{name}*. Add some on the "
            "Achievements page, then ask again."
        )
    by_id = {c.achievement.id: (n, c) for n, c in pairs}
    units = [u for u in record_units(tree, {}) if u.id in by_id]
    ranked = rank_units([(u.id, u.text) for u in units], "", job)
    top = [(by_id[i], s) for i, s in ranked if i in by_id][:limit]
    lines = [f"Your achievements that fit *{name}* best:", ""]
    for (node, child), score in top:
        lines.append(f"- **{score}/100** ({band(score)}) {_achievement_line(node, child)[2:]}")
    if top and top[0][1] < 40:
        lines.append("")
        lines.append(
            "None fits strongly: the job may ask for skills your record does not show yet. Ask "
            "*what does this job ask for that my bullets do not cover?* to see which."
        )
    return _markdown(lines)
