"""Experiences: the jobs a person held, newest first; add, edit and delete them."""

from __future__ import annotations

from components.experience_list import draw_experiences
from components.feedback import guard
from components.layout import page_header
from components.session import current_actor, db
from services.career import load_career

actor = current_actor()
page_header(
    "Experiences",
    "work",
    "The jobs you held, newest first. Each one holds the achievements your bullets come from.",
)

with guard():
    with db() as session:
        tree = load_career(session, actor)
    draw_experiences(actor, tree)
