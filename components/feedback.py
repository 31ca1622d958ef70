"""How a page answers: a toast on success, a sentence beside the field on a mistake, and a
sentence (never a stack trace) when something breaks."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from services.errors import AchievError, ValidationFailed

log = logging.getLogger("achiev.pages")

_FLASH = "_achiev.flash"
SAVE_FAILED = (
    "Something went wrong while saving, and nothing was changed. Your entries are still here: "
    "please try again in a moment."
)
LOAD_FAILED = (
    "Something went wrong while loading this page. Please reload it; if it keeps happening, "
    "try again in a few minutes."
)


def flash(message: str, icon: str = ":material/check_circle:") -> None:
    """A toast shown on the next run (safe to call from a widget callback)."""
    st.session_state.setdefault(_FLASH, []).append((message, icon))


def show_flashes() -> None:
    """Show the toasts waiting from the last action."""
    for message, icon in st.session_state.pop(_FLASH, []):
        st.toast(message, icon=icon)


def errors_key(form: str) -> str:
    """Where a form's error sentences are kept in session state."""
    return f"{form}.__errors"


def form_errors(form: str) -> dict[str, str]:
    """The sentences from a form's last failed save, by field."""
    return st.session_state.get(errors_key(form), {})


def set_form_errors(form: str, errors: dict[str, str]) -> None:
    """Remember a form's error sentences for the next run (empty clears them)."""
    if errors:
        st.session_state[errors_key(form)] = dict(errors)
    else:
        st.session_state.pop(errors_key(form), None)


def attempt(action: Callable[[], Any], *, form: str, success: str | None = None) -> bool:
    """Run a service action; on failure keep its sentences for the form, on success a toast.

    Meant for widget callbacks: a validation error lands beside its field, any other error
    the service raises on purpose is shown as its sentence, and anything unexpected is logged
    and shown as a calm sentence. The form's widgets are left as they were.
    """
    set_form_errors(form, {})
    try:
        action()
    except ValidationFailed as exc:
        set_form_errors(form, exc.errors)
        return False
    except AchievError as exc:
        set_form_errors(form, {"_form": str(exc)})
        return False
    except Exception:
        log.exception("saving %s failed", form)
        set_form_errors(form, {"_form": SAVE_FAILED})
        return False
    if success:
        flash(success)
    return True


def field_error(form: str, field: str) -> None:
    """The sentence for one field, right under it, if its last save failed."""
    message = form_errors(form).get(field)
    if message:
        st.error(message, icon=":material/error:")


def other_errors(form: str, shown: set[str] | frozenset[str]) -> None:
    """Sentences about the form as a whole, or about fields it does not show."""
    for field, message in form_errors(form).items():
        if field not in shown:
            st.error(message, icon=":material/error:")


@contextmanager
def guard() -> Iterator[None]:
    """Turn a failure while drawing the page into a sentence (and a log entry for the rest)."""
    try:
        yield
    except AchievError as exc:
        st.error(str(exc), icon=":material/error:")
    except Exception:
        log.exception("a page failed to load")
        st.error(LOAD_FAILED, icon=":material/error:")
