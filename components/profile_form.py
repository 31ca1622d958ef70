"""The profile form: every field, each bounded by its column."""

from __future__ import annotations

import streamlit as st

from components.feedback import attempt, other_errors
from components.forms import Editor, text_field
from components.session import db
from models import Profile
from services.access import Actor
from services.profiles import EDITABLE, update_profile

FORM = Editor("profile")
FIELDS = ("first_name", "last_name", "headline", "industry", "location", "summary", "career_goals")


def is_open() -> bool:
    """Whether the form is showing already (then what was typed is kept, not reloaded)."""
    return FORM.key("first_name") in st.session_state


def fill(profile: Profile | None) -> None:
    """Fill the form from the stored profile as it opens."""
    FORM.load({field: (getattr(profile, field) or "") if profile else "" for field in FIELDS})


def save(actor: Actor) -> None:
    """Store every field; blank ones are cleared."""
    values = {field: FORM.get(field) or "" for field in FIELDS}

    def action() -> None:
        with db() as session:
            update_profile(session, actor, **values)

    attempt(action, form=FORM.name, success="Profile saved.")


def draw_profile_form(actor: Actor) -> None:
    """The form, filled from the profile when it opened; saving stores every field."""
    with st.form("profile-form", border=True):
        other_errors(FORM.name, EDITABLE)
        first, last = st.columns(2)
        with first:
            text_field(FORM, "first_name", "First name", model=Profile)
        with last:
            text_field(FORM, "last_name", "Last name", model=Profile)
        text_field(
            FORM,
            "headline",
            "Headline",
            model=Profile,
            placeholder="Senior Software Engineer · Payments and data platforms",
        )
        industry, location = st.columns(2)
        with industry:
            text_field(FORM, "industry", "Industry", model=Profile)
        with location:
            text_field(FORM, "location", "Location", model=Profile, placeholder="City, Country")
        text_field(
            FORM,
            "summary",
            "Summary",
            model=Profile,
            area=True,
            height=140,
            placeholder="Two or three sentences on what you do best.",
        )
        text_field(
            FORM,
            "career_goals",
            "Career goals",
            model=Profile,
            area=True,
            height=110,
            placeholder="The role you want next, and the one after.",
        )
        st.form_submit_button(
            "Save profile", type="primary", icon=":material/save:", on_click=save, args=(actor,)
        )
