"""Tailored resumes: the list, and one resume opened to reorder, add and remove bullets, edit
its name, job and summary, see its coverage of the job's key skills, and download it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import streamlit as st
from sqlalchemy.engine import Engine

from components.confirm import confirm
from components.feedback import attempt, field_error, flash, other_errors
from components.format import count, md, month_label, shorten
from components.layout import empty_state, link_to
from components.match_view import skill_chips
from components.pager import paginate
from components.session import db, engine
from models import JobDescription, ResumeBullet, TailoredBullet, TailoredResume
from models.db import session_scope
from services import export
from services.access import Actor
from services.bullets import list_bullets
from services.job_match import JobMatch
from services.matching import band
from services.tailoring import (
    MAX_RESUME_BULLETS,
    add_tailored_bullet,
    delete_tailored_resume,
    draft_summary,
    list_tailored_bullets,
    load_resume_document,
    move_tailored_bullet,
    remove_tailored_bullet,
    resume_match,
    update_tailored_resume,
)

log = logging.getLogger(__name__)

OPEN = "resumes.open"  # the id of the opened resume
NO_JOB = "__none__"
FORMATS: list[tuple[str, str, str, str]] = [
    # (label, extension, mime type, icon)
    ("PDF", "pdf", "application/pdf", "picture_as_pdf"),
    ("Word", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "description"),
    ("Markdown", "md", "text/markdown", "markdown"),
    ("JSON Resume", "json", "application/json", "data_object"),
]  # fmt: skip


def open_resume(resume_id: str | None) -> None:
    if resume_id is None:
        st.session_state.pop(OPEN, None)
    else:
        st.session_state[OPEN] = resume_id


def _job_label(job: JobDescription | None) -> str:
    if job is None:
        return "No job description"
    return f"{job.title} at {job.company}" if job.company else job.title


# --- the list --------------------------------------------------------------------------------


def draw_resume_list(
    resumes: list[TailoredResume], counts: dict[str, int], jobs: dict[str, JobDescription]
) -> None:
    """Every tailored resume, newest first, each with its job and size."""
    if not resumes:
        empty_state(
            "description",
            "No tailored resumes yet",
            "Open the Matcher, pick the bullets that fit a job, and create a tailored resume "
            "from them. It appears here to reorder, edit and download.",
        )
        link_to("matcher.py", "Go to the Matcher")
        return
    for resume in paginate(resumes, key="resumes", size=20, noun="resumes"):
        job = jobs.get(resume.job_description_id or "")
        with st.container(border=True):
            info, action = st.columns([5, 1], vertical_alignment="center")
            with info:
                st.markdown(f"**{md(resume.name)}**")
                details = [
                    f"For {_job_label(job)}" if job else "Not linked to a job description",
                    count(counts.get(resume.id, 0), "bullet"),
                    f"Made {resume.created_at.day} {month_label(resume.created_at)}",
                ]
                st.caption(" · ".join(details))
            action.button(
                "Open",
                key=f"resume.open.{resume.id}",
                icon=":material/open_in_new:",
                on_click=open_resume,
                args=(resume.id,),
                width="stretch",
            )


# --- one resume: its bullets -----------------------------------------------------------------


def _act(form: str, action: Callable[[], Any], success: str | None = None) -> None:
    attempt(action, form=form, success=success)


def _move(actor: Actor, resume_id: str, bullet_id: str, step: int) -> None:
    def action() -> None:
        with db() as session:
            move_tailored_bullet(session, actor, resume_id, bullet_id, step)

    _act(f"resume.{resume_id}.bullets", action)


def _remove(actor: Actor, resume_id: str, placed_id: str) -> None:
    def action() -> None:
        with db() as session:
            remove_tailored_bullet(session, actor, placed_id)

    _act(f"resume.{resume_id}.bullets", action, "Bullet taken out of this resume.")


def _add(actor: Actor, resume_id: str, key: str) -> None:
    chosen = list(st.session_state.get(key) or [])

    def action() -> None:
        with db() as session:
            for bullet_id in chosen:
                add_tailored_bullet(session, actor, resume_id, bullet_id)

    if chosen and attempt(
        action,
        form=f"resume.{resume_id}.bullets",
        success=f"{count(len(chosen), 'bullet')} added.",
    ):
        st.session_state.pop(key, None)


def draw_bullets(
    actor: Actor,
    resume: TailoredResume,
    placed: list[tuple[TailoredBullet, ResumeBullet]],
    match: JobMatch | None,
    labels: dict[str, str],
    candidates: list[tuple[str, str]],
) -> None:
    """The resume's bullets in order, with up, down and remove; then more to add."""
    form = f"resume.{resume.id}.bullets"
    scores = {r.bullet_id: r.score for r in match.rows} if match else {}
    st.markdown(f"**Bullets, in order ({len(placed)})**")
    other_errors(form, frozenset())
    if not placed:
        st.caption("No bullets yet: add some below.")
    last = len(placed) - 1
    for i, (spot, bullet) in enumerate(placed):
        with st.container(border=True):
            text, buttons = st.columns([6, 2], vertical_alignment="center")
            with text:
                st.markdown(f"{i + 1}. {md(bullet.content)}")
                details = [labels.get(bullet.experience_id or "", "No experience")]
                if bullet.id in scores:
                    details.append(f"score {scores[bullet.id]} ({band(scores[bullet.id])})")
                st.caption(" · ".join(details))
            with buttons:
                up, down, out = st.columns(3)
                up.button(
                    "",
                    key=f"resume.up.{spot.id}",
                    icon=":material/arrow_upward:",
                    help="Move up",
                    disabled=i == 0,
                    on_click=_move,
                    args=(actor, resume.id, bullet.id, -1),
                )
                down.button(
                    "",
                    key=f"resume.down.{spot.id}",
                    icon=":material/arrow_downward:",
                    help="Move down",
                    disabled=i == last,
                    on_click=_move,
                    args=(actor, resume.id, bullet.id, 1),
                )
                out.button(
                    "",
                    key=f"resume.remove.{spot.id}",
                    icon=":material/close:",
                    help="Take out of this resume (the bullet stays in your record)",
                    on_click=_remove,
                    args=(actor, resume.id, spot.id),
                )
    st.caption(
        "Downloads group the bullets under their job, jobs in the order their first bullet "
        "comes here."
    )
    in_resume = {b.id for _, b in placed}
    options = [(b, text) for b, text in candidates if b not in in_resume]
    if not options:
        return
    key = f"resume.{resume.id}.add"
    texts = dict(options)

    def label(bullet_id: str) -> str:
        score = f"{scores[bullet_id]} · " if bullet_id in scores else ""
        return score + shorten(texts[bullet_id], 110)

    room = MAX_RESUME_BULLETS - len(placed)
    st.multiselect(
        "Add bullets" + (" (best for the job first)" if scores else ""),
        [b for b, _ in options],
        format_func=label,
        key=key,
        max_selections=max(1, room),
        disabled=room <= 0,
        placeholder="Choose bullets to add at the end",
    )
    st.button(
        "Add",
        key=f"{key}.go",
        icon=":material/add:",
        on_click=_add,
        args=(actor, resume.id, key),
        disabled=room <= 0,
    )


# --- one resume: details, coverage, downloads ------------------------------------------------


def _save_details(actor: Actor, resume_id: str) -> None:
    form = f"resume.{resume_id}"
    job = st.session_state.get(f"{form}.job")

    def action() -> None:
        with db() as session:
            update_tailored_resume(
                session,
                actor,
                resume_id,
                name=st.session_state.get(f"{form}.name") or "",
                summary=st.session_state.get(f"{form}.summary") or "",
                job_description_id=None if job in (None, NO_JOB) else job,
            )

    attempt(action, form=form, success="Resume saved.")


def _draft(actor: Actor, resume_id: str, skills: list[str], title: str, company: str) -> None:
    form = f"resume.{resume_id}"

    def action() -> None:
        with db() as session:
            ids = [b.id for _, b in list_tailored_bullets(session, actor, resume_id)]
            draft = draft_summary(
                session, actor, bullet_ids=ids, skills=skills, job_title=title, company=company
            )
        st.session_state[f"{form}.summary"] = draft.text
        flash(draft.note or "Summary drafted: read it, then save.", ":material/info:")

    attempt(action, form=form)


def draw_details(
    actor: Actor,
    resume: TailoredResume,
    jobs: dict[str, JobDescription],
    covered: list[str],
) -> None:
    """Name, job and summary, saved together."""
    form = f"resume.{resume.id}"
    if f"{form}.name" not in st.session_state:
        st.session_state[f"{form}.name"] = resume.name
        st.session_state[f"{form}.summary"] = resume.summary or ""
        st.session_state[f"{form}.job"] = resume.job_description_id or NO_JOB
    options = [NO_JOB, *jobs]
    if st.session_state.get(f"{form}.job") not in options:
        st.session_state[f"{form}.job"] = NO_JOB
    job = jobs.get(resume.job_description_id or "")
    with st.container(border=True):
        st.markdown("**Name, job and summary**")
        other_errors(form, frozenset({"name", "summary", "job_description_id"}))
        st.text_input("Name *", key=f"{form}.name", max_chars=255)
        field_error(form, "name")
        st.selectbox(
            "Job description",
            options,
            format_func=lambda j: _job_label(jobs.get(j)),
            key=f"{form}.job",
        )
        field_error(form, "job_description_id")
        st.text_area("Summary", key=f"{form}.summary", height=140)
        field_error(form, "summary")
        save, draft = st.columns(2)
        save.button(
            "Save",
            key=f"{form}.save",
            type="primary",
            icon=":material/save:",
            on_click=_save_details,
            args=(actor, resume.id),
            width="stretch",
        )
        draft.button(
            "Draft a summary",
            key=f"{form}.draft",
            icon=":material/edit_note:",
            on_click=_draft,
            args=(actor, resume.id, covered, job.title if job else "", job.company if job else ""),
            width="stretch",
        )


def draw_coverage(match: JobMatch | None, bullet_ids: list[str]) -> None:
    """How much of the linked job's key skills the resume's bullets show."""
    st.markdown("**Coverage of the job's key skills**")
    if match is None:
        st.caption("Link a job description to see which of its key skills this resume covers.")
        return
    states = match.skill_states(bullet_ids)
    if not states:
        st.caption("The job description names no key skills.")
        return
    coverage = match.coverage(bullet_ids)
    covered = sum(1 for _, s in states if s == "covered")
    st.progress(coverage / 100, text=f"**{coverage}%** ({covered} of {len(states)} key skills)")
    st.markdown(skill_chips(states))
    st.caption(
        "Green: a bullet here shows it. Blue: another of your bullets does. Red: none does yet."
    )
    if note := match.note:
        st.caption(note)


def _export(actor: Actor, resume_id: str, fmt: str, engine_: Engine) -> Callable[[], bytes]:
    """The file, made when the download button is pressed."""

    def make() -> bytes:
        try:
            with session_scope(engine_) as session:
                doc = load_resume_document(session, actor, resume_id)
            if fmt == "pdf":
                return export.to_pdf(doc)
            if fmt == "docx":
                return export.to_docx(doc)
            if fmt == "md":
                return export.to_markdown(doc).encode()
            return export.to_json_resume_text(doc).encode()
        except Exception:
            log.exception("exporting a tailored resume as %s failed", fmt)
            raise

    return make


def draw_downloads(actor: Actor, resume: TailoredResume, has_bullets: bool) -> None:
    """One download button per format."""
    st.markdown("**Download**")
    stem = export.file_stem(export.ResumeDocument(resume_name=resume.name, name=""))
    engine_ = engine()
    columns = st.columns(2)
    for i, (label, ext, mime, icon) in enumerate(FORMATS):
        columns[i % 2].download_button(
            label,
            data=_export(actor, resume.id, ext, engine_),
            file_name=f"{stem}.{ext}",
            mime=mime,
            key=f"resume.download.{ext}",
            icon=f":material/{icon}:",
            on_click="ignore",
            width="stretch",
        )
    if not has_bullets:
        st.caption("The resume has no bullets yet: the files will hold the header and summary.")


def ask_to_delete(actor: Actor, resume: TailoredResume) -> None:
    resume_id = resume.id

    def delete() -> None:
        with db() as session:
            delete_tailored_resume(session, actor, resume_id)
        open_resume(None)

    confirm(
        key=f"resume.delete.{resume_id}",
        title="Delete this tailored resume?",
        message=f"{resume.name} will be deleted. The bullets in it stay in your record. This "
        "cannot be undone.",
        action=delete,
        success="Tailored resume deleted.",
    )


def draw_resume(actor: Actor, resume: TailoredResume, jobs: dict[str, JobDescription]) -> None:
    """One tailored resume, opened."""
    with db() as session:
        placed = list_tailored_bullets(session, actor, resume.id)
        match = resume_match(session, actor, resume.id)
        if match is not None:
            labels = match.experiences
            candidates = [(r.bullet_id, r.text) for r in match.rows]
        else:
            from services.experiences import list_experiences

            labels = {
                e.id: f"{e.job_title} at {e.company_name}" for e in list_experiences(session, actor)
            }
            candidates = [(b.id, b.content) for b in list_bullets(session, actor)]
    ids = [b.id for _, b in placed]
    covered = [s for s, state in match.skill_states(ids) if state == "covered"] if match else []
    st.button(
        "All tailored resumes",
        key="resume.back",
        icon=":material/arrow_back:",
        on_click=open_resume,
        args=(None,),
    )
    st.subheader(resume.name, anchor=False)
    left, right = st.columns([3, 2], gap="large")
    with left:
        draw_bullets(actor, resume, placed, match, labels, candidates)
    with right:
        draw_details(actor, resume, jobs, covered)
        with st.container(border=True):
            draw_coverage(match, ids)
        with st.container(border=True):
            draw_downloads(actor, resume, bool(placed))
        if st.button("Delete this resume", key=f"resume.ask.{resume.id}", icon=":material/delete:"):
            ask_to_delete(actor, resume)
