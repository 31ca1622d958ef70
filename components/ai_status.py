"""Which AI is on, and what a page shows when an AI call fails: its sentence and a retry."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import streamlit as st

from components.format import md
from services.ai.provider import AIProvider, get_provider
from services.errors import AchievError

log = logging.getLogger("achiev.pages")

UNEXPECTED = (
    "Something went wrong while asking the AI, and nothing was saved. What you typed is still "
    "here: please try again in a moment."
)


def provider_line(provider: AIProvider) -> str:
    """One line naming the provider that is on (its label), as Markdown."""
    if provider.is_offline:
        return (
            f":material/cloud_off: AI: {md(provider.label)}, working from your own words "
            "without a network"
        )
    return f":material/smart_toy: AI: {md(provider.label)}"


def provider_caption(provider: AIProvider | None = None) -> None:
    """A small caption beside an AI action saying which provider will answer."""
    st.caption(provider_line(provider or get_provider()))


def sidebar_provider() -> None:
    """The provider that is on, at the foot of the sidebar (call it from any page)."""
    with st.sidebar:
        provider_caption()


def ai_message(exc: BaseException) -> str:
    """The sentence for a failed AI action: the service's own, or a calm one (logged)."""
    if isinstance(exc, AchievError):
        return str(exc)
    log.error("an AI action failed", exc_info=exc)
    return UNEXPECTED


def ai_fault(
    message: str,
    *,
    key: str,
    on_retry: Callable[..., Any],
    args: tuple[Any, ...] = (),
    retry_label: str = "Try again",
) -> None:
    """An AI call's failure: its sentence, and a button to try again."""
    st.error(message, icon=":material/cloud_off:")
    st.button(retry_label, key=key, icon=":material/refresh:", on_click=on_retry, args=args)
