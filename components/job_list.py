"""The job descriptions list: cards with the posting to read, and the editor (in place or
new), where "Read the job" fills the title, company, key skills and requirements from the
pasted posting for the person to check before saving.

Reading fills what is blank and adds the key skills it finds (normalised, aliases unified) to
the ones already chosen; it never overwrites a title, company or requirements the form already
holds, so clear a field to have it read again. It saves nothing: the person saves the form. A
failed reading shows its sentence and a retry, and leaves the form as it was.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.ai_status import ai_fault, ai_message, provider_caption
from components.feedback import other_errors
from components.format import count, md, month_label
from components.forms import EditableList, Editor, tag_field, text_field
from components.layout import empty_state
from components.pager import paginate
from models import JobDescription
from services.access import Actor
from services.ai.jobs import ParsedJob, parse_job_description
from services.ai.provider import get_provider
from services.errors import ValidationFailed
from services.jobs import create_job, delete_job, update_job
from services.skills import normalize_skill, split_skills

JOBS = EditableList("job", "jobs.editing")
TEXT_FIELDS = ("title", "company", "url", "description", "requirements")
SHOWN = frozenset({*TEXT_FIELDS, "key_skills"})
# Beside a form's fields (and cleared with them): a reading asked for, its failure, its outcome.
READ_PENDING = "__read"
READ_ERROR = "__read_error"
READ_NOTE = "__read_note"


def ask_to_read(job_id: str | None) -> None:
    """Read the pasted posting on this run (a button's callback)."""
    editor = JOBS.editor(job_id)
    st.session_state[editor.key(READ_PENDING)] = True
    st.session_state.pop(editor.key(READ_ERROR), None)
    st.session_state.pop(editor.key(READ_NOTE), None)


def open_and_read(job_id: str, values: dict[str, Any]) -> None:
    """Open a stored job description's form and read its posting again."""
    JOBS.open_edit(job_id, values)
    ask_to_read(job_id)


def apply_reading(editor: Editor, parsed: ParsedJob) -> str:
    """Fill the form's blanks from a reading and add its key skills; say what changed."""
    filled = []
    for field, value in (("title", parsed.title), ("company", parsed.company or "")):
        if value and not (editor.get(field) or "").strip():
            editor.load({field: value})
            filled.append(field)
    current = [normalize_skill(s) for s in editor.get("key_skills") or []]
    known = {s.lower() for s in current}
    added = [s for s in parsed.key_skills if s.lower() not in known]
    editor.load({"key_skills": [*current, *added]})
    if parsed.requirements and not (editor.get("requirements") or "").strip():
        editor.load({"requirements": parsed.requirements_text})
        filled.append("requirements")
    parts = []
    if filled:
        parts.append("filled the " + _and(filled))
    if added:
        parts.append(f"added {count(len(added), 'key skill')}")
    if not parts:
        return "Read the posting: nothing new to add. Clear a field to have it read again."
    return f"Read the posting: {_and(parts)}. Check them before saving."


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def read_if_asked(editor: Editor) -> None:
    """Read the pasted posting when asked on this run, before the form's fields are drawn."""
    if not st.session_state.pop(editor.key(READ_PENDING), False):
        return
    editor.fail({})
    try:
        with st.spinner("Reading the job description…"):
            parsed = parse_job_description(editor.get("description") or "", provider=get_provider())
    except ValidationFailed as exc:
        editor.fail(exc.errors)
    except Exception as exc:
        st.session_state[editor.key(READ_ERROR)] = ai_message(exc)
    else:
        st.session_state[editor.key(READ_NOTE)] = apply_reading(editor, parsed)


def save(actor: Actor, job_id: str | None) -> None:
    """Store the job description from its form; mistakes stay beside their fields."""
    editor = JOBS.editor(job_id)
    values: dict[str, Any] = {field: editor.get(field) or "" for field in TEXT_FIELDS}
    values["key_skills"] = list(editor.get("key_skills") or [])
    values["requirements"] = "\n".join(
        line.strip() for line in values["requirements"].splitlines() if line.strip()
    )
    JOBS.store(
        job_id,
        create=lambda session: create_job(session, actor, **values),
        update=lambda session: update_job(session, actor, job_id, **values),
        added="Job description saved.",
        saved="Job description updated.",
    )


def stored_values(job: JobDescription) -> dict[str, Any]:
    """The form's fields filled from a stored job description."""
    return {
        **{field: getattr(job, field) or "" for field in TEXT_FIELDS},
        "key_skills": split_skills(job.key_skills),
    }


def draw_editor(
    actor: Actor,
    job_id: str | None,
    known_skills: list[str],
    *,
    stored: JobDescription | None = None,
    can_cancel: bool = True,
) -> None:
    """The job description's form, in place of its card (or at the top for a new one)."""
    editor = JOBS.editor(job_id)
    if stored is not None:
        editor.ensure(stored_values(stored))
    with st.container(border=True):
        st.markdown("**New job description**" if job_id is None else "**Edit job description**")
        read_if_asked(editor)
        other_errors(editor.name, SHOWN)
        title, company = st.columns(2)
        with title:
            text_field(editor, "title", "Job title", model=JobDescription, required=True)
        with company:
            text_field(editor, "company", "Company", model=JobDescription)
        text_field(
            editor,
            "url",
            "Link to the posting",
            model=JobDescription,
            placeholder="https://",
        )
        text_field(
            editor,
            "description",
            "Job description",
            model=JobDescription,
            required=True,
            area=True,
            height=260,
            placeholder="Paste the whole posting: responsibilities, requirements, nice-to-haves.",
        )
        read, provider = st.columns([1, 3], vertical_alignment="center")
        read.button(
            "Read the job",
            key=editor.key("read"),
            icon=":material/auto_awesome:",
            on_click=ask_to_read,
            args=(job_id,),
            help="Fill the title, company, key skills and requirements from the posting, "
            "for you to check before saving",
            width="stretch",
        )
        with provider:
            provider_caption()
        error = st.session_state.get(editor.key(READ_ERROR))
        if error:
            ai_fault(error, key=editor.key("read_again"), on_retry=ask_to_read, args=(job_id,))
        note = st.session_state.get(editor.key(READ_NOTE))
        if note:
            st.info(note, icon=":material/fact_check:")
        tag_field(
            editor,
            "key_skills",
            "Key skills",
            suggestions=known_skills,
            help="The skills this job asks for most. Optional.",
        )
        text_field(
            editor,
            "requirements",
            "Requirements",
            model=JobDescription,
            area=True,
            height=150,
            placeholder="One a line: what the job asks of you.",
            help="What the posting asks for: experience, knowledge, degrees. One a line. Optional.",
        )
        JOBS.form_buttons(job_id, save, (actor, job_id), can_cancel=can_cancel)


def job_label(job: JobDescription) -> str:
    return f"{job.title} at {job.company}" if job.company else job.title


def ask_to_delete(actor: Actor, job: JobDescription) -> None:
    """Delete the job description once the person confirms."""
    job_id = job.id
    JOBS.ask_to_delete(
        job_id,
        lambda session: delete_job(session, actor, job_id),
        title="Delete this job description?",
        message=f"{job_label(job)} will be deleted. Resumes you tailored to it stay, no longer "
        "linked to it. This cannot be undone.",
        success="Job description deleted.",
    )


def draw_card(actor: Actor, job: JobDescription) -> None:
    """One job description: title, company, when it was added, the posting, and actions."""
    skills = split_skills(job.key_skills)
    with st.container(border=True):
        info, actions = st.columns([5, 1], vertical_alignment="center")
        with info:
            heading = f"**{md(job.title)}**"
            if job.company:
                heading += f" · {md(job.company)}"
            st.markdown(heading)
            added = f"Added {job.created_at.day} {month_label(job.created_at)}"
            details = [added, count(len(skills), "key skill")]
            st.caption(" · ".join(details))
            with st.expander("Read the posting", icon=":material/description:"):
                if job.url:
                    st.link_button("Open the original", job.url, icon=":material/open_in_new:")
                if skills:
                    st.markdown(" ".join(f":violet-badge[{md(skill)}]" for skill in skills))
                if job.requirements:
                    st.markdown("**Requirements**")
                    st.markdown(
                        "\n".join(
                            f"- {md(line)}"
                            for line in job.requirements.splitlines()
                            if line.strip()
                        )
                    )
                st.text(job.description)
        with actions:
            JOBS.edit_button(job.id, stored_values(job))
            st.button(
                "Read again",
                key=f"job.read.{job.id}",
                icon=":material/auto_awesome:",
                on_click=open_and_read,
                args=(job.id, stored_values(job)),
                help="Open the form and fill its blanks from the posting",
                width="stretch",
            )
            if JOBS.delete_button(job.id):
                ask_to_delete(actor, job)


def draw_jobs(actor: Actor, jobs: list[JobDescription]) -> None:
    """The page body: the add button or new form, then the postings, newest first."""
    # No job descriptions yet: the form is open straight away.
    editing = JOBS.editing or (None if jobs else "new")
    known_skills = sorted({s for job in jobs for s in split_skills(job.key_skills)}, key=str.lower)

    if not jobs:
        empty_state(
            "work_outline",
            "Paste your first job description",
            "Copy the whole posting from the job board and paste it below, with its title. "
            "Achiev shows how your record covers what it asks for.",
        )
    elif editing != "new":
        st.button(
            "Add a job description",
            key="job.add",
            type="primary",
            icon=":material/add:",
            on_click=JOBS.open_new,
        )
    if editing == "new":
        draw_editor(actor, None, known_skills, can_cancel=bool(jobs))

    for job in paginate(jobs, key="jobs", size=20, noun="job descriptions"):
        if editing == job.id:
            draw_editor(actor, job.id, known_skills, stored=job)
        else:
            draw_card(actor, job)
