"""The job descriptions list: cards with the posting to read, and the editor (in place or
new)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.confirm import confirm
from components.feedback import attempt, other_errors
from components.format import count, md, month_label
from components.forms import Editor, tag_field, text_field
from components.layout import empty_state
from components.pager import paginate
from components.session import db
from models import JobDescription
from services.access import Actor
from services.jobs import create_job, delete_job, update_job
from services.skills import split_skills

EDITING = "jobs.editing"  # the id of the job description being edited, or "new"
TEXT_FIELDS = ("title", "company", "url", "description")
SHOWN = frozenset({*TEXT_FIELDS, "key_skills"})


def editor_for(job_id: str | None) -> Editor:
    """The form of one job description (or of the new one)."""
    return Editor(f"job.{job_id or 'new'}")


def open_new() -> None:
    editor_for(None).reset()
    st.session_state[EDITING] = "new"


def open_edit(job_id: str, values: dict[str, Any]) -> None:
    editor = editor_for(job_id)
    editor.reset()
    editor.load(values)
    st.session_state[EDITING] = job_id


def close(job_id: str | None) -> None:
    editor_for(job_id).reset()
    st.session_state.pop(EDITING, None)


def save(actor: Actor, job_id: str | None) -> None:
    """Store the job description from its form; mistakes stay beside their fields."""
    editor = editor_for(job_id)
    values: dict[str, Any] = {field: editor.get(field) or "" for field in TEXT_FIELDS}
    values["key_skills"] = list(editor.get("key_skills") or [])

    def action() -> None:
        with db() as session:
            if job_id is None:
                create_job(session, actor, **values)
            else:
                update_job(session, actor, job_id, **values)

    saved = "Job description saved." if job_id is None else "Job description updated."
    if attempt(action, form=editor.name, success=saved):
        close(job_id)


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
    editor = editor_for(job_id)
    if stored is not None:
        editor.ensure(stored_values(stored))
    with st.container(border=True):
        st.markdown("**New job description**" if job_id is None else "**Edit job description**")
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
        tag_field(
            editor,
            "key_skills",
            "Key skills",
            suggestions=known_skills,
            help="The skills this job asks for most. Optional.",
        )
        save_col, cancel_col, _ = st.columns([1, 1, 3])
        save_col.button(
            "Save",
            key=editor.key("save"),
            type="primary",
            icon=":material/save:",
            on_click=save,
            args=(actor, job_id),
            width="stretch",
        )
        if can_cancel:
            cancel_col.button(
                "Cancel",
                key=editor.key("cancel"),
                on_click=close,
                args=(job_id,),
                width="stretch",
            )


def job_label(job: JobDescription) -> str:
    return f"{job.title} at {job.company}" if job.company else job.title


def ask_to_delete(actor: Actor, job: JobDescription) -> None:
    """Delete the job description once the person confirms."""
    job_id = job.id

    def delete() -> None:
        with db() as session:
            delete_job(session, actor, job_id)
        if st.session_state.get(EDITING) == job_id:
            close(job_id)

    confirm(
        key=f"job.delete.{job_id}",
        title="Delete this job description?",
        message=f"{job_label(job)} will be deleted. Resumes you tailored to it stay, no longer "
        "linked to it. This cannot be undone.",
        action=delete,
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
                st.text(job.description)
        with actions:
            st.button(
                "Edit",
                key=f"job.edit.{job.id}",
                icon=":material/edit:",
                on_click=open_edit,
                args=(job.id, stored_values(job)),
                width="stretch",
            )
            if st.button(
                "Delete", key=f"job.ask.{job.id}", icon=":material/delete:", width="stretch"
            ):
                ask_to_delete(actor, job)


def draw_jobs(actor: Actor, jobs: list[JobDescription]) -> None:
    """The page body: the add button or new form, then the postings, newest first."""
    # No job descriptions yet: the form is open straight away.
    editing = st.session_state.get(EDITING) or (None if jobs else "new")
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
            on_click=open_new,
        )
    if editing == "new":
        draw_editor(actor, None, known_skills, can_cancel=bool(jobs))

    for job in paginate(jobs, key="jobs", size=20, noun="job descriptions"):
        if editing == job.id:
            draw_editor(actor, job.id, known_skills, stored=job)
        else:
            draw_card(actor, job)
