"""Resume bullets: grouped by experience, edited in place, each with its source and quality
hints; add a bullet of your own, delete one; have bullets written by AI from achievements, one
or every one that has none, and review them before they are kept."""

from __future__ import annotations

import streamlit as st

from components import ai_bullets
from components.ai_status import sidebar_provider
from components.bullet_list import draw_bullets
from components.feedback import guard
from components.layout import page_header
from components.session import current_actor, db
from services.career import load_career

actor = current_actor()
page_header(
    "Resume bullets",
    "format_list_bulleted",
    "The lines for your resume, by job. Strong ones start with an action verb, carry a "
    "number and read in one breath.",
)
sidebar_provider()

with guard():
    with db() as session:
        tree = load_career(session, actor)
    ai_area = st.container()
    draw_bullets(actor, tree, more_actions=ai_bullets.open_button)
    if tree.experiences:
        with ai_area:
            ai_bullets.draw_ai(actor, tree)
