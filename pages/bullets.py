"""Resume bullets: grouped by experience, edited in place, each with its source and quality
hints; add a bullet of your own, delete one."""

from __future__ import annotations

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

with guard():
    with db() as session:
        tree = load_career(session, actor)
    draw_bullets(actor, tree)
