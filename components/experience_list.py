"""The experiences list: cards, the editor (in place or new), dates to the month, and the
delete dialog that says what goes with an experience."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.feedback import other_errors
from components.format import count, md, period, shorten
from components.forms import EditableList, month_field, month_values, read_month, text_field
from components.layout import empty_state
from components.pager import paginate
from components.session import db
from models import Experience
from services.access import Actor
from services.career import CareerTree, ExperienceNode
from services.experiences import (
    create_experience,
    delete_experience,
    experience_dependents,
    update_experience,
)

EXPERIENCES = EditableList("experience", "experiences.editing")
TEXT_FIELDS = ("company_name", "job_title", "location", "description")
SHOWN = frozenset({*TEXT_FIELDS, "start_date", "end_date", "is_current"})


def stored_values(e: Experience) -> dict[str, Any]:
    """The form's fields filled from a stored experience."""
    return {
        **{field: getattr(e, field) or "" for field in TEXT_FIELDS},
        **month_values(e.start_date, "start_date"),
        **month_values(e.end_date, "end_date"),
        "is_current": bool(e.is_current),
    }


def save(actor: Actor, experience_id: str | None) -> None:
    """Create or change the experience from its form; mistakes stay beside their fields."""
    editor = EXPERIENCES.editor(experience_id)
    current = bool(editor.get("is_current"))
    start, start_error = read_month(editor, "start_date", "Start date")
    end, end_error = (None, None) if current else read_month(editor, "end_date", "End date")
    if start_error or end_error:
        editor.fail({k: v for k, v in (("start_date", start_error), ("end_date", end_error)) if v})
        return
    values = {field: editor.get(field) or "" for field in TEXT_FIELDS}
    values.update(start_date=start, end_date=end, is_current=current)
    EXPERIENCES.store(
        experience_id,
        create=lambda session: create_experience(session, actor, **values),
        update=lambda session: update_experience(session, actor, experience_id, **values),
        added="Experience added.",
        saved="Experience saved.",
    )


def draw_editor(
    actor: Actor,
    experience_id: str | None,
    *,
    stored: Experience | None = None,
    can_cancel: bool = True,
) -> None:
    """The experience's form, in place of its card (or at the top for a new one)."""
    editor = EXPERIENCES.editor(experience_id)
    if stored is not None:
        editor.ensure(stored_values(stored))
    with st.container(border=True):
        st.markdown("**New experience**" if experience_id is None else "**Edit experience**")
        other_errors(editor.name, SHOWN)
        company, title = st.columns(2)
        with company:
            text_field(editor, "company_name", "Company", model=Experience, required=True)
        with title:
            text_field(editor, "job_title", "Job title", model=Experience, required=True)
        text_field(editor, "location", "Location", model=Experience, placeholder="City, Country")
        month_field(editor, "start_date", "Start")
        st.checkbox("I work here now", key=editor.key("is_current"))
        if not editor.get("is_current"):
            month_field(editor, "end_date", "End")
        text_field(
            editor,
            "description",
            "Description",
            model=Experience,
            area=True,
            height=100,
            placeholder="The team, the product, what you were there to do.",
        )
        EXPERIENCES.form_buttons(experience_id, save, (actor, experience_id), can_cancel=can_cancel)


def ask_to_delete(actor: Actor, e: Experience) -> None:
    """Say what goes with the experience, and delete it only if the person confirms."""
    with db() as session:
        dependents = experience_dependents(session, actor, e.id)
    parts = [
        count(n, word)
        for n, word in ((dependents.achievements, "achievement"), (dependents.bullets, "bullet"))
        if n
    ]
    if not parts:
        goes = "Nothing else goes with it."
    else:
        single = len(parts) == 1 and parts[0].startswith("1 ")
        goes = f"Its {' and '.join(parts)} {'goes' if single else 'go'} with it."
    experience_id = e.id
    EXPERIENCES.ask_to_delete(
        experience_id,
        lambda session: delete_experience(session, actor, experience_id),
        title="Delete this experience?",
        message=f"{e.job_title} at {e.company_name} will be deleted. {goes} This cannot be undone.",
        success="Experience deleted.",
    )


def draw_card(actor: Actor, node: ExperienceNode) -> None:
    """One experience: title, company, dates, what it holds, and its actions."""
    e = node.experience
    with st.container(border=True):
        info, actions = st.columns([5, 1], vertical_alignment="center")
        with info:
            badge = " :green-badge[:material/radio_button_checked: Current]" if e.is_current else ""
            st.markdown(f"**{md(e.job_title)}** · {md(e.company_name)}{badge}")
            details = [period(e.start_date, e.end_date, e.is_current)]
            if e.location:
                details.append(e.location)
            details.append(count(len(node.achievements), "achievement"))
            details.append(count(len(node.bullets), "bullet"))
            st.caption(" · ".join(md(d) for d in details))
            if e.description:
                st.text(shorten(e.description, 240))
        with actions:
            EXPERIENCES.edit_button(e.id, stored_values(e))
            if EXPERIENCES.delete_button(e.id):
                ask_to_delete(actor, e)


def draw_experiences(actor: Actor, tree: CareerTree) -> None:
    """The page body: the add button or new form, then the experiences a page at a time."""
    # An empty record opens the new form straight away.
    editing = EXPERIENCES.editing or (None if tree.experiences else "new")

    if not tree.experiences:
        empty_state(
            "work",
            "Add your first experience",
            "Start with your current or most recent job: the company, your title and when you "
            "started. You can add the rest any time.",
        )
    elif editing != "new":
        st.button(
            "Add experience",
            key="experience.add",
            type="primary",
            icon=":material/add:",
            on_click=EXPERIENCES.open_new,
        )
    if editing == "new":
        draw_editor(actor, None, can_cancel=bool(tree.experiences))

    for node in paginate(tree.experiences, key="experiences", size=20, noun="experiences"):
        if editing == node.experience.id:
            draw_editor(actor, node.experience.id, stored=node.experience)
        else:
            draw_card(actor, node)
