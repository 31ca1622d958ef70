"""The shape every page shares: a header, empty states, links between pages."""

from __future__ import annotations

import logging

import streamlit as st
from streamlit.errors import StreamlitAPIException

from components.confirm import settle_dialogs
from components.feedback import show_flashes
from components.navigation import PAGES

log = logging.getLogger(__name__)


def page_header(title: str, icon: str, intro: str | None = None) -> None:
    """The page's title with its material icon, and one line on what the page is for."""
    settle_dialogs()
    show_flashes()
    st.title(f":material/{icon}: {title}", anchor=False)
    if intro:
        st.caption(intro)


def section(title: str, icon: str | None = None) -> None:
    """A heading inside a page."""
    st.subheader(f":material/{icon}: {title}" if icon else title, anchor=False)


def page_title(file: str) -> tuple[str, str] | None:
    """(title, icon) of a registered page, or None when no such page exists yet."""
    for _section, name, title, icon, _roles in PAGES:
        if name == file:
            return title, icon
    return None


def link_to(file: str, label: str | None = None, icon: str | None = None) -> None:
    """A link to another page of the app (nothing when that page does not exist).

    When a page runs on its own (tests), links to pages outside the run show as plain labels.
    """
    registered = page_title(file)
    if registered is None:
        return
    title, page_icon = registered
    label = label or title
    icon = f":material/{icon or page_icon}:"
    try:
        st.page_link(f"pages/{file}", label=label, icon=icon)
    except StreamlitAPIException:
        st.caption(f"{icon} {label}")


def empty_state(icon: str, title: str, body: str) -> None:
    """A friendly panel for a list with nothing in it yet, saying what to do first."""
    with st.container(border=True):
        st.markdown(f"### :material/{icon}: {title}")
        st.write(body)
