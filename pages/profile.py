"""Profile: what a person says about themselves; every field, each bounded by its column."""

from __future__ import annotations

from components.feedback import guard
from components.layout import page_header
from components.profile_form import draw_profile_form, fill, is_open
from components.session import current_actor, db
from services.errors import NotFound
from services.profiles import get_profile

actor = current_actor()
page_header(
    "Profile",
    "person",
    "Who you are and where you are heading: this opens every resume you build.",
)

with guard():
    if not is_open():
        with db() as session:
            try:
                fill(get_profile(session, actor))
            except NotFound:
                fill(None)
    draw_profile_form(actor)
