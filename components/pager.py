"""Long lists a page at a time, so a large record draws as fast as a small one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import streamlit as st

Item = TypeVar("Item")


def paginate(items: Sequence[Item], *, key: str, size: int = 20, noun: str = "items") -> list[Item]:
    """The items of the current page, with page controls when there is more than one page."""
    pages = max(1, -(-len(items) // size))
    page_key = f"{key}.page"
    page = min(max(1, int(st.session_state.get(page_key, 1))), pages)
    st.session_state[page_key] = page
    if pages > 1:
        first = (page - 1) * size
        back, label, forward = st.columns([1, 3, 1], vertical_alignment="center")
        back.button(
            "Previous",
            key=f"{key}.previous",
            icon=":material/chevron_left:",
            disabled=page == 1,
            on_click=_turn,
            args=(page_key, page - 1),
            width="stretch",
        )
        label.caption(
            f"Page {page} of {pages} · {noun} {first + 1}–{min(first + size, len(items))} "
            f"of {len(items):,}",
            text_alignment="center",
        )
        forward.button(
            "Next",
            key=f"{key}.next",
            icon=":material/chevron_right:",
            disabled=page == pages,
            on_click=_turn,
            args=(page_key, page + 1),
            width="stretch",
        )
    start = (page - 1) * size
    return list(items[start : start + size])


def _turn(page_key: str, page: int) -> None:
    st.session_state[page_key] = page


def reset_page(key: str) -> None:
    """Back to the first page (when a filter changes)."""
    st.session_state.pop(f"{key}.page", None)


def choice_filter(
    place: Any,
    label: str,
    options: Mapping[str, str],
    *,
    key: str,
    pager: str,
    everything: str,
) -> str | None:
    """A filter among items by id, drawn in `place` (`everything` is the choice of none),
    that sends the list `pager` back to its first page; the chosen id, or None."""
    place.selectbox(
        label,
        [None, *options],
        format_func=lambda value: everything if value is None else options.get(value, "(deleted)"),
        key=key,
        on_change=reset_page,
        args=(pager,),
    )
    chosen = st.session_state.get(key)
    return chosen if chosen in options else None
