"""Which pages exist for whom: the one list `app.py` builds `st.navigation` from.

Each entry is (section, file under pages/, title, material icon, roles that see it).
A page left out for a role does not exist for that person. Logged out, only the public pages
(log in, create account) exist. The account sections come last, whatever the order of entries.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
ALL = ("member", "coach", "admin")
COACHES = ("coach", "admin")
ADMINS = ("admin",)
# Sections shown after every other one, in this order.
LAST_SECTIONS = ("Coaching", "Administration", "Account")

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
    ("Account", "account.py", "Account", "manage_accounts", ALL),
    ("Account", "coaches.py", "Your coaches", "diversity_3", ALL),
    ("Coaching", "clients.py", "Clients", "groups", COACHES),
    ("Administration", "users.py", "Users", "admin_panel_settings", ADMINS),
]


def _page(file: str, title: str, icon: str, *, default: bool = False) -> st.Page:
    return st.Page(
        str(ROOT / "pages" / file), title=title, icon=f":material/{icon}:", default=default
    )


def member_pages(role: str) -> dict[str, list[st.Page]]:
    """The logged-in pages for `role`, by section; the first one is the default."""
    entries = [e for e in PAGES if role in e[4]]
    entries.sort(key=lambda e: LAST_SECTIONS.index(e[0]) + 1 if e[0] in LAST_SECTIONS else 0)
    sections: dict[str, list[st.Page]] = {}
    for i, (section, file, title, icon, _roles) in enumerate(entries):
        sections.setdefault(section, []).append(_page(file, title, icon, default=i == 0))
    return sections


def public_pages(*, signup_open: bool) -> list[st.Page]:
    """The pages of a person who is not logged in: log in, and create an account if open.

    Every member page's address shows the login form too (hidden, nothing of the member page
    runs), so a bookmark reads "log in" rather than "page not found", and after logging in
    the person lands on the page the address names.
    """
    pages = [_page("login.py", "Log in", "login", default=True)]
    if signup_open:
        pages.append(_page("signup.py", "Create account", "person_add"))
    taken = {"login", "signup"}
    for _section, file, _title, _icon, _roles in PAGES:
        path = Path(file).stem
        if path not in taken:
            taken.add(path)
            pages.append(
                st.Page(
                    str(ROOT / "pages" / "login.py"),
                    title="Log in",
                    icon=":material/login:",
                    url_path=path,
                    visibility="hidden",
                )
            )
    return pages
