"""Importing a JSON Resume file: choose it, see what it adds, then import it in one go."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.feedback import attempt, flash, other_errors
from components.format import count, md, month_label
from components.layout import link_to
from components.session import db
from services.access import Actor
from services.resume_import import ImportFailed, ImportPlan, import_json_resume, plan_import

UPLOAD = "import.file"
VERSION = "import.version"  # bumped after an import, to empty the file picker
FORM = "import"
PROFILE_LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "headline": "Headline",
    "summary": "Summary",
    "location": "Location",
}


def _uploader_key() -> str:
    return f"{UPLOAD}.{st.session_state.get(VERSION, 0)}"


def _import(actor: Actor, data: bytes) -> None:
    done: dict[str, ImportPlan] = {}

    def action() -> None:
        with db() as session:
            done["plan"] = import_json_resume(session, actor, data)

    if attempt(action, form=FORM):
        plan = done["plan"]
        parts = [count(len(plan.new_experiences), "experience")]
        parts.append(count(plan.achievement_count, "achievement"))
        if plan.profile_fills:
            parts.append("your profile filled in")
        flash("Imported: " + ", ".join(parts) + ".")
        st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1


def _dates(values: dict) -> str:
    start, end = values.get("start_date"), values.get("end_date")
    if values.get("is_current"):
        return f"{month_label(start)} – now" if start else "now"
    if start or end:
        return f"{month_label(start) if start else '?'} – {month_label(end) if end else '?'}"
    return ""


def draw_preview(plan: ImportPlan) -> None:
    """What the import adds: profile fields, experiences with their achievements."""
    st.markdown("**What this file adds**")
    if plan.profile_fills:
        lines = [f"- {PROFILE_LABELS[k]}: {md(v)}" for k, v in plan.profile_fills.items()]
        st.markdown("Your profile:\n" + "\n".join(lines))
    if plan.profile_kept:
        st.caption(
            "Kept as you wrote them (the file's values are not used): "
            + ", ".join(plan.profile_kept)
            + "."
        )
    if plan.experiences:
        frame = pd.DataFrame(
            {
                "Job title": [e.title for e in plan.experiences],
                "Company": [e.company for e in plan.experiences],
                "Dates": [_dates(e.values) for e in plan.experiences],
                "Achievements": [len(e.achievements) for e in plan.experiences],
                "Import": [
                    "Already in your record: skipped" if e.duplicate else "New"
                    for e in plan.experiences
                ],
            }
        )
        st.dataframe(frame, hide_index=True, width="stretch")
        with st.expander("The achievements, from the file's highlights"):
            for e in plan.new_experiences:
                if e.achievements:
                    st.markdown(
                        f"**{md(e.title)} · {md(e.company)}**\n"
                        + "\n".join(f"- {md(a)}" for a in e.achievements)
                    )
    if plan.ignored_sections:
        st.caption(
            "Not imported (Achiev keeps experiences and achievements): "
            + ", ".join(plan.ignored_sections)
            + "."
        )


def draw_import(actor: Actor) -> None:
    """The file picker, the preview and the import button."""
    other_errors(FORM, frozenset())
    upload = st.file_uploader(
        "JSON Resume file",
        type=["json"],
        key=_uploader_key(),
        help="A resume.json in the JSON Resume format (jsonresume.org), as many resume "
        "builders export it.",
    )
    if upload is None:
        st.caption(
            "Its work entries become experiences, their highlights achievements, and its "
            "basics fill the blank fields of your profile. You see everything before it is "
            "imported."
        )
        return
    data = upload.getvalue()
    try:
        with db() as session:
            plan = plan_import(session, actor, data)
    except ImportFailed as exc:
        st.error(str(exc), icon=":material/error:")
        return
    draw_preview(plan)
    if not plan.changes_anything:
        st.info(
            "Everything in this file is already in your record: importing it adds nothing.",
            icon=":material/info:",
        )
        return
    st.button(
        "Import",
        key="import.go",
        type="primary",
        icon=":material/upload_file:",
        on_click=_import,
        args=(actor, data),
    )
    link_to("experiences.py", "See your experiences")
