"""Asking first: a dialog that says what a deletion takes with it, then does it or not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from components.feedback import attempt, other_errors

_CLOSE = "_achiev.dialog.close"


def _close() -> None:
    st.session_state[_CLOSE] = True


def _confirmed(action: Callable[[], Any], form: str, success: str) -> None:
    if attempt(action, form=form, success=success):
        _close()


def settle_dialogs() -> None:
    """Forget a close request left from a dialog that is no longer open (start of each run)."""
    st.session_state.pop(_CLOSE, None)


def confirm(
    *,
    key: str,
    title: str,
    message: str,
    action: Callable[[], Any],
    success: str,
    confirm_label: str = "Delete",
    icon: str = "delete",
) -> None:
    """Open a dialog asking first (before a deletion); `action` runs only on the confirm button.

    `message` is shown as plain text (it may quote the person's own words). Call this when
    the item's delete (or other) button was pressed; errors are shown inside the dialog.
    """

    @st.dialog(title)
    def ask() -> None:
        st.text(message)
        other_errors(key, frozenset())
        yes, no = st.columns(2)
        yes.button(
            confirm_label,
            key=f"{key}.yes",
            type="primary",
            icon=f":material/{icon}:",
            on_click=_confirmed,
            args=(action, key, success),
            width="stretch",
        )
        no.button("Cancel", key=f"{key}.no", on_click=_close, width="stretch")
        if st.session_state.pop(_CLOSE, False):
            st.rerun()

    ask()
