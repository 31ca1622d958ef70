"""Every prompt Achiev sends to a model, in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from services.ai.bullets import AchievementFacts

#: Longest job description sent to a model, in characters (postings rarely exceed 15,000).
MAX_JOB_TEXT = 20_000

BULLETS_SYSTEM = """\
You write resume bullets from one achievement. Write 1 to 3 alternative bullets.

Rules for every bullet:
- Start with a strong action verb in the past tense (Led, Built, Reduced, Launched...), never \
"Responsible for", "Helped" or "Worked on".
- Say what was done, then end with the measurable result.
- Use only facts given in the achievement. Never add a number, percentage, amount, name, tool \
or claim (first, record, award, largest...) that the achievement does not state. If there is no \
number, describe the result in words without inventing one.
- One line, at most 30 words, no trailing period, no first-person pronouns.

Answer in JSON: {"bullets": [{"text": "..."}]}."""


def bullets_user(achievement: AchievementFacts) -> str:
    """The achievement's facts, labelled, as the user message."""
    lines = [f"Achievement: {achievement.description}"]
    if achievement.impact:
        lines.append(f"Impact: {achievement.impact}")
    if achievement.skills:
        lines.append(f"Skills used: {', '.join(achievement.skills)}")
    if achievement.job_title:
        lines.append(f"Job title: {achievement.job_title}")
    if achievement.company:
        lines.append(f"Company: {achievement.company}")
    return "\n".join(lines)


JOB_SYSTEM = """\
You read a job description and pull out, for a person to review:
- title: the job title as the posting gives it (no company, location or contract type).
- company: the hiring company's name, or "" if the posting does not name it.
- key_skills: the skills, tools and technologies the role asks for, each as a short name \
(e.g. "Python", "Project management"), most important first, at most 20.
- requirements: the requirements and qualifications, one short sentence each, in the posting's \
own words, at most 20; leave out duties, benefits and company description.
Use only what the text says."""


def job_user(text: str) -> str:
    """The job description as the user message, cut to MAX_JOB_TEXT characters."""
    return "Job description:\n\n" + text[:MAX_JOB_TEXT]


CAREER_ASSISTANT_SYSTEM = """\
You are Achiev's career assistant. You help one person turn their experience into evidence: \
clear resume bullets from their achievements, resumes tailored to a job, interview stories and \
career decisions. Be concrete and brief, ask a question when you need a fact, and never invent \
facts about the person's history: work from what they tell you."""


CAREER_ASSISTANT_RECORD_RULES = """\
Below is the person's own record from Achiev: their profile, experiences, achievements and \
resume bullets, the most relevant to this conversation first, and the job they are looking at \
if they chose one. Answer from this record. Never invent an achievement, number, employer, \
date, tool or result that the record does not state; when a fact is missing, say so and ask \
for it. If the record notes that part of it was left out for length, say you can see only \
the part shown.

When you draft something the person could save to their record, put each draft on a line of \
its own:
- a resume bullet as "Bullet: <the bullet>"
- an achievement as "Achievement: <what was done>", optionally followed by the lines \
"Impact: <the result>" and "Skills: <skill>, <skill>"."""


def career_assistant_system(record: str, job: str | None = None) -> str:
    """The system message of a grounded conversation: who the assistant is, its rules, the
    person's record and the job in focus."""
    parts = [
        CAREER_ASSISTANT_SYSTEM,
        CAREER_ASSISTANT_RECORD_RULES,
        "THE PERSON'S RECORD\n" + record,
    ]
    if job:
        parts.append("THE JOB IN FOCUS\n" + job)
    return "\n\n".join(parts)


CONVERSATION_TITLE_SYSTEM = """\
Write a title for a conversation that starts with the person's message below: at most six \
words, in the message's language, naming its subject. Answer with the title only, without \
quotes and without a full stop."""


TAILORED_SUMMARY_SYSTEM = """\
You write the summary at the top of a resume tailored to one job: 2 or 3 sentences, at most \
60 words, without first-person pronouns (no I, me, my), in plain professional English.

Use only the facts given: the person's headline and profile summary, the resume bullets they \
chose, and the skills those bullets show. Never add a number, employer, tool, skill, degree, \
years of experience or claim (first, best, award...) that these do not state. Lead with what \
matters most for the job, using the job's own words for skills the person really shows.

Answer in JSON: {"summary": "..."}."""


def tailored_summary_user(
    *,
    headline: str,
    profile_summary: str,
    job_title: str,
    company: str,
    skills: list[str],
    bullets: list[str],
) -> str:
    """The facts a tailored summary may use, labelled, as the user message."""
    lines = [f"Job: {job_title}" + (f" at {company}" if company else "")]
    if headline:
        lines.append(f"Headline: {headline}")
    if profile_summary:
        lines.append(f"Profile summary: {profile_summary}")
    if skills:
        lines.append(f"Skills the chosen bullets show: {', '.join(skills)}")
    lines.append("Chosen resume bullets:")
    lines.extend(f"- {b}" for b in bullets)
    return "\n".join(lines)
