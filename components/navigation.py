"""Which pages exist for whom: the one list `app.py` builds `st.navigation` from.

Each entry is (section, file under pages/, title, material icon, roles that see it).
A page left out for a role does not exist for that person.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
ALL = ("member", "coach", "admin")

PAGES: list[tuple[str, str, str, str, tuple[str, ...]]] = [
    ("Your record", "home.py", "Dashboard", "dashboard", ALL),
    ("Your record", "profile.py", "Profile", "person", ALL),
    ("Your record", "experiences.py", "Experiences", "work", ALL),
    ("Your record", "achievements.py", "Achievements", "emoji_events", ALL),
    ("Your record", "bullets.py", "Resume bullets", "format_list_bulleted", ALL),
    ("Your record", "resume_import.py", "Import a resume", "upload_file", ALL),
    ("Job search", "jobs.py", "Job descriptions", "work_outline", ALL),
    ("Job search", "matcher.py", "Matcher", "compare_arrows", ALL),
    ("Job search", "resumes.py", "Tailored resumes", "description", ALL),
    ("Job search", "chat.py", "Career assistant", "forum", ALL),
]


def member_pages(role: str) -> dict[str, list[st.Page]]:
    """The logged-in pages for `role`, by section; the first one is the default."""
    sections: dict[str, list[st.Page]] = {}
    first = True
    for section, file, title, icon, roles in PAGES:
        if role not in roles:
            continue
        page = st.Page(str(ROOT / "pages" / file), title=title, icon=f":material/{icon}:",
                       default=first)
        sections.setdefault(section, []).append(page)
        first = False
    return sections
