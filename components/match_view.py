"""The matcher's two panes: the job with its key skills and its text (shared words
highlighted), and the person's bullets ranked against it, picked for a tailored resume."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import pandas as pd
import streamlit as st

from components.feedback import attempt, flash, other_errors
from components.format import count, md
from components.layout import link_to
from components.session import db
from services.access import Actor
from services.job_match import JobMatch, highlight_segments
from services.matching import PARTIAL_MIN, STRONG_MIN
from services.tailoring import MAX_RESUME_BULLETS, default_resume_name, draft_summary, tailor_resume

PICKS = "matcher.picks"  # {job key: [bullet ids, in the order picked]}
VERSION = "matcher.table.version"  # bumped when picks change outside the table
CREATED = "matcher.created"  # (resume id, name) of the resume just made
FILTER_EXPERIENCE = "matcher.filter.experience"
FILTER_SCORE = "matcher.filter.score"
ALL = "__all__"
NONE = "__none__"
STRONG_PICKS = 12

BANDS_HELP = (
    f"Scores: {STRONG_MIN}–100 strong, {PARTIAL_MIN}–{STRONG_MIN - 1} partial, "
    f"under {PARTIAL_MIN} weak."
)
CHIP = {
    "covered": ":green-badge[:material/check: {}]",
    "available": ":blue-badge[{}]",
    "missing": ":red-badge[:material/close: {}]",
}
MARK_STYLE = "background:#FDE68A;color:inherit;border-radius:3px;padding:0 2px"


# --- picks -----------------------------------------------------------------------------------


def picks_for(job_key: str) -> list[str]:
    """The bullets picked for this job, in the order they were picked."""
    return list(st.session_state.get(PICKS, {}).get(job_key, []))


def set_picks(job_key: str, ids: Iterable[str], *, refresh_table: bool = False) -> None:
    """Remember the picks; `refresh_table` redraws the table from them (after a bulk change)."""
    picks = dict(st.session_state.get(PICKS, {}))
    picks[job_key] = list(dict.fromkeys(ids))
    st.session_state[PICKS] = picks
    if refresh_table:
        st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1


def apply_table_edits(table_key: str, job_key: str) -> None:
    """The table's ticks and unticks, applied to the picks (the table's on_change)."""
    state = st.session_state.get(table_key) or {}
    rows = st.session_state.get(f"{table_key}.rows", [])
    picks = picks_for(job_key)
    for position, change in (state.get("edited_rows") or {}).items():
        index = int(position)
        if "Include" not in change or not 0 <= index < len(rows):
            continue
        bullet_id = rows[index]
        if change["Include"] and bullet_id not in picks:
            picks.append(bullet_id)
        elif not change["Include"] and bullet_id in picks:
            picks.remove(bullet_id)
    set_picks(job_key, picks)


def _pick_strong(job_key: str, match: JobMatch) -> None:
    picks = picks_for(job_key)
    strong = [r.bullet_id for r in match.rows if r.score >= STRONG_MIN]
    for bullet_id in strong:
        if len(picks) >= STRONG_PICKS:
            break
        if bullet_id not in picks:
            picks.append(bullet_id)
    set_picks(job_key, picks, refresh_table=True)
    if not strong:
        flash("No bullet scores 70 or more for this job yet.", ":material/info:")


def _clear(job_key: str) -> None:
    set_picks(job_key, [], refresh_table=True)


# --- the job pane ----------------------------------------------------------------------------


def skill_chips(states: list[tuple[str, str]]) -> str:
    """Key skills as badges: covered by the picks, shown by another bullet, or missing."""
    return " ".join(CHIP[state].format(md(skill)) for skill, state in states)


def job_html(text: str, terms: Iterable[str]) -> str:
    """The job's text as HTML, every piece escaped, shared words marked."""
    pieces = []
    for piece, marked in highlight_segments(text, terms):
        safe = html.escape(piece)
        pieces.append(f'<mark style="{MARK_STYLE}">{safe}</mark>' if marked else safe)
    body = "".join(pieces) or "<em>No text.</em>"
    return '<div style="white-space:pre-wrap;font-size:0.92rem;line-height:1.55">' + body + "</div>"


def draw_job_pane(match: JobMatch, picks: list[str]) -> None:
    """The job: title, coverage by the picks, key skills, and the text with shared words."""
    heading = f"**{md(match.title)}**"
    if match.company:
        heading += f" · {md(match.company)}"
    st.markdown(heading)
    states = match.skill_states(picks)
    if states:
        coverage = match.coverage(picks)
        covered = sum(1 for _, s in states if s == "covered")
        st.progress(
            coverage / 100,
            text=f"Key-skill coverage by your picks: **{coverage}%** "
            f"({covered} of {count(len(states), 'key skill')})",
        )
        st.markdown(skill_chips(states))
        st.caption(
            "Green: a picked bullet shows it. Blue: another bullet shows it. "
            "Red: a gap, no bullet shows it yet."
        )
    else:
        st.caption("No key skills found in this job description.")
    if picks:
        terms = match.highlight_terms(picks)
        hint = "Words your picked bullets share with the posting are highlighted."
    else:
        terms = match.highlight_terms()
        hint = "Words your better-matching bullets share with the posting are highlighted."
    with st.container(border=True, height=520):
        st.html(job_html(match.text, terms))
    st.caption(hint)


# --- the bullets pane ------------------------------------------------------------------------


def _filters(match: JobMatch) -> tuple[str, int]:
    present = list(dict.fromkeys(r.experience_id for r in match.rows))
    options = [ALL] + [e for e in present if e] + ([NONE] if None in present else [])
    if st.session_state.get(FILTER_EXPERIENCE) not in options:
        st.session_state[FILTER_EXPERIENCE] = ALL
    labels = {ALL: "All experiences", NONE: "Not tied to an experience"}
    left, right = st.columns([3, 2])
    with left:
        chosen = st.selectbox(
            "Experience",
            options,
            format_func=lambda e: labels.get(e) or match.experience_label(e),
            key=FILTER_EXPERIENCE,
        )
    with right:
        minimum = st.slider("Minimum score", 0, 100, step=5, key=FILTER_SCORE, value=0)
    return chosen, int(minimum)


def draw_bullet_pane(match: JobMatch, job_key: str) -> list[str]:
    """The ranked bullets with an include box each; returns the picks, in pick order."""
    rows = match.rows
    picks = [p for p in picks_for(job_key) if p in {r.bullet_id for r in rows}]
    if not rows:
        st.info(
            "You have no bullets yet: write some from your achievements, then match them here.",
            icon=":material/info:",
        )
        link_to("bullets.py")
        return []
    experience, minimum = _filters(match)
    shown = [
        r
        for r in rows
        if r.score >= minimum
        and (
            experience == ALL
            or (experience == NONE and r.experience_id is None)
            or r.experience_id == experience
        )
    ]
    table_key = f"matcher.table.{job_key}.{st.session_state.get(VERSION, 0)}"
    st.session_state[f"{table_key}.rows"] = [r.bullet_id for r in shown]
    chosen = set(picks)
    frame = pd.DataFrame(
        {
            "Include": pd.Series([r.bullet_id in chosen for r in shown], dtype=bool),
            "Score": pd.Series([r.score for r in shown], dtype="int64"),
            "Band": pd.Series([r.band for r in shown], dtype=object),
            "Bullet": pd.Series([r.text for r in shown], dtype=object),
            "Matched skills": pd.Series([list(r.matched_skills) for r in shown], dtype=object),
            "Experience": pd.Series(
                [match.experience_label(r.experience_id) for r in shown], dtype=object
            ),
        },
    )
    frame.index = pd.Index([r.bullet_id for r in shown], name="id", dtype=object)
    if not shown:
        st.info(
            "No bullet fits these filters: lower the minimum score or choose another experience.",
            icon=":material/filter_alt_off:",
        )
    st.caption(
        f"{count(len(shown), 'bullet')} of {len(rows):,}, best first. "
        "Tick the ones for your tailored resume. " + BANDS_HELP
    )
    st.data_editor(
        frame,
        key=table_key,
        on_change=apply_table_edits,
        args=(table_key, job_key),
        hide_index=True,
        num_rows="fixed",
        height=min(560, 38 + 35 * max(1, len(shown))),
        column_order=["Include", "Score", "Bullet", "Matched skills", "Band", "Experience"],
        width="stretch",
        disabled=["Score", "Band", "Bullet", "Matched skills", "Experience"],
        column_config={
            "Include": st.column_config.CheckboxColumn(
                "Include", help="Put this bullet in the tailored resume", width=80, pinned=True
            ),
            "Score": st.column_config.ProgressColumn(
                "Score", min_value=0, max_value=100, format="%d", help=BANDS_HELP, width=90
            ),
            "Band": st.column_config.TextColumn("Band", width=70),
            "Bullet": st.column_config.TextColumn(
                "Bullet", width=520, help="Click a cell to read the whole bullet"
            ),
            "Matched skills": st.column_config.ListColumn("Matched skills"),
            "Experience": st.column_config.TextColumn("Experience"),
        },
    )
    buttons = st.container(horizontal=True)
    buttons.button(
        "Pick the strong ones",
        key="matcher.pick_strong",
        icon=":material/bolt:",
        on_click=_pick_strong,
        args=(job_key, match),
        help=f"Adds the bullets scoring {STRONG_MIN} or more (up to {STRONG_PICKS}).",
    )
    buttons.button(
        "Clear picks",
        key="matcher.clear",
        icon=":material/clear_all:",
        on_click=_clear,
        args=(job_key,),
        disabled=not picks,
    )
    return picks


def draw_picks(match: JobMatch, picks: list[str]) -> None:
    """The picked bullets in the order they will go into the resume."""
    by_id = {r.bullet_id: r for r in match.rows}
    st.markdown(f"**Your picks ({len(picks)})**")
    if not picks:
        st.caption("Nothing picked yet: tick bullets in the table, or pick the strong ones.")
        return
    lines = [f"{i}. {md(by_id[b].text)} · **{by_id[b].score}**" for i, b in enumerate(picks, 1)]
    st.markdown("\n".join(lines))


# --- creating the tailored resume ------------------------------------------------------------


def _covered(match: JobMatch, picks: list[str]) -> list[str]:
    return [skill for skill, state in match.skill_states(picks) if state == "covered"]


def _draft(actor: Actor, match: JobMatch, picks: list[str], summary_key: str, form: str) -> None:
    def action() -> None:
        with db() as session:
            draft = draft_summary(
                session,
                actor,
                bullet_ids=picks,
                skills=_covered(match, picks),
                job_title=match.title,
                company=match.company,
            )
        st.session_state[summary_key] = draft.text
        if draft.note:
            flash(draft.note, ":material/info:")
        else:
            flash(
                "Summary drafted by AI: read it before saving."
                if draft.source == "ai"
                else "Summary drafted from your profile."
            )

    attempt(action, form=form)


def _create(
    actor: Actor,
    match: JobMatch,
    picks: list[str],
    job_key: str,
    pasted: dict[str, Any] | None,
    name_key: str,
    summary_key: str,
    form: str,
) -> None:
    created: dict[str, Any] = {}

    def action() -> None:
        summary = (st.session_state.get(summary_key) or "").strip()
        with db() as session:
            if not summary:
                draft = draft_summary(
                    session,
                    actor,
                    bullet_ids=picks,
                    skills=_covered(match, picks),
                    job_title=match.title,
                    company=match.company,
                )
                summary = draft.text
            job = None
            if pasted is not None:
                job = {
                    "title": pasted.get("title") or "Pasted job",
                    "company": pasted.get("company") or "",
                    "description": pasted["description"],
                    "key_skills": match.key_skills,
                }
            resume = tailor_resume(
                session,
                actor,
                bullet_ids=picks,
                name=st.session_state.get(name_key),
                summary=summary or None,
                job_id=match.job_id,
                job=job,
            )
            created.update(id=resume.id, name=resume.name, job=resume.job_description_id)

    if attempt(action, form=form, success="Tailored resume created."):
        st.session_state[CREATED] = (created["id"], created["name"])
        st.session_state["resumes.open"] = created["id"]
        if pasted is not None and created.get("job"):
            # the pasted job is saved now: carry on with it as a saved job
            set_picks(f"job:{created['job']}", picks)
            st.session_state["matcher.source"] = "saved"
            st.session_state["matcher.job"] = created["job"]
            st.session_state.pop("matcher.pasted", None)


def draw_create_form(
    actor: Actor, match: JobMatch, picks: list[str], job_key: str, pasted: dict | None
) -> None:
    """Name and summary, then "Create tailored resume" (picks in their order)."""
    form = f"matcher.create.{job_key}"
    name_key = f"{form}.name"
    summary_key = f"{form}.summary"
    st.session_state.setdefault(name_key, default_resume_name(match.title, match.company))
    with st.container(border=True):
        st.markdown("**Create a tailored resume**")
        other_errors(form, frozenset())
        st.text_input("Resume name", key=name_key, max_chars=255)
        st.text_area(
            "Summary",
            key=summary_key,
            height=110,
            placeholder="Leave it empty and Achiev drafts one from your profile and your picks.",
        )
        draft_col, create_col = st.columns(2)
        draft_col.button(
            "Draft a summary",
            key=f"{form}.draft",
            icon=":material/edit_note:",
            on_click=_draft,
            args=(actor, match, picks, summary_key, form),
            disabled=not picks,
            width="stretch",
        )
        create_col.button(
            "Create tailored resume",
            key=f"{form}.save",
            type="primary",
            icon=":material/note_add:",
            on_click=_create,
            args=(actor, match, picks, job_key, pasted, name_key, summary_key, form),
            disabled=not picks or len(picks) > MAX_RESUME_BULLETS,
            width="stretch",
        )
        if len(picks) > MAX_RESUME_BULLETS:
            st.caption(f"A resume takes at most {MAX_RESUME_BULLETS} bullets.")
        elif not picks:
            st.caption("Pick at least one bullet first.")


def draw_created() -> None:
    """After creating a resume: where to find it."""
    created = st.session_state.pop(CREATED, None)
    if not created:
        return
    _, name = created
    with st.container(border=True):
        st.markdown(f":material/task_alt: **{md(name)}** is saved with your picks in order.")
        link_to("resumes.py", "Open it in Tailored resumes", "description")


# --- choosing the job ------------------------------------------------------------------------

SOURCE = "matcher.source"  # "saved" or "pasted"
JOB = "matcher.job"
PASTED = "matcher.pasted"  # {"title", "company", "description"} of the pasted job
PASTE_FORM = "matcher.paste"
PASTE_LIMIT = 50_000


def _job_label(job: Any) -> str:
    return f"{job.title} at {job.company}" if job.company else job.title


def _store_paste() -> None:
    description = (st.session_state.get(f"{PASTE_FORM}.description") or "").strip()
    if not description:
        st.session_state[f"{PASTE_FORM}.error"] = (
            "Paste the job description first: the whole posting, with its requirements."
        )
        return
    st.session_state.pop(f"{PASTE_FORM}.error", None)
    st.session_state[PASTED] = {
        "title": (st.session_state.get(f"{PASTE_FORM}.title") or "").strip(),
        "company": (st.session_state.get(f"{PASTE_FORM}.company") or "").strip(),
        "description": description,
    }


def draw_job_picker(jobs: list[Any]) -> tuple[str, Any] | None:
    """A saved job to match, or a pasted one: ("saved", job id), ("pasted", fields) or None."""
    if jobs:
        if st.session_state.get(SOURCE) not in ("saved", "pasted"):
            st.session_state[SOURCE] = "saved"
        st.radio(
            "Match against",
            ["saved", "pasted"],
            format_func={"saved": "A saved job", "pasted": "Paste a job"}.get,
            key=SOURCE,
            horizontal=True,
            label_visibility="collapsed",
        )
    else:
        st.session_state[SOURCE] = "pasted"
    if st.session_state[SOURCE] == "saved":
        ids = [job.id for job in jobs]
        if st.session_state.get(JOB) not in ids:
            st.session_state[JOB] = ids[0]
        labels = {job.id: _job_label(job) for job in jobs}
        st.selectbox("Job description", ids, format_func=labels.get, key=JOB)
        return "saved", st.session_state[JOB]

    pasted = st.session_state.get(PASTED)
    with st.expander(
        "Paste a job description", expanded=pasted is None, icon=":material/content_paste:"
    ):
        with st.form(PASTE_FORM, border=False):
            title, company = st.columns(2)
            title.text_input("Job title", key=f"{PASTE_FORM}.title", max_chars=255)
            company.text_input("Company", key=f"{PASTE_FORM}.company", max_chars=255)
            st.text_area(
                "Job description",
                key=f"{PASTE_FORM}.description",
                height=200,
                max_chars=PASTE_LIMIT,
                placeholder="Paste the whole posting: responsibilities, requirements, "
                "nice-to-haves.",
            )
            st.form_submit_button(
                "Match my bullets", type="primary", icon=":material/compare_arrows:",
                on_click=_store_paste,
            )  # fmt: skip
        error = st.session_state.get(f"{PASTE_FORM}.error")
        if error:
            st.error(error, icon=":material/error:")
    if not jobs:
        st.caption("Saved job descriptions can be picked here too.")
    if pasted is None:
        return None
    return "pasted", pasted
