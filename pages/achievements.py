"""Achievements: what a person got done in each job, with its impact and skills as tags;
filter by experience and skill, search, add, edit and delete; have bullets written by AI from
one and review them under its card."""

from __future__ import annotations

from components.achievement_list import draw_achievements
from components.ai_status import sidebar_provider
from components.feedback import guard
from components.layout import page_header
from components.session import current_actor, db
from services.career import load_career

actor = current_actor()
page_header(
    "Achievements",
    "emoji_events",
    "The concrete things you got done in each job, with their impact and the skills they show.",
)
sidebar_provider()

with guard():
    with db() as session:
        tree = load_career(session, actor)
    draw_achievements(actor, tree)
