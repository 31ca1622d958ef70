"""AppTest with the OpenAI provider on the fake server: fixtures and the faults it can play."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from services.ai.provider import clear_provider_cache
from services.settings import get_settings
from tests.fakes.openai_server import FakeOpenAIServer, fake_openai

__all__ = ["FAULTS", "fake_openai", "openai_app", "point_at", "refused_app"]

# (fault id, the server's reply, words the person's sentence carries)
FAULTS: list[tuple[str, dict[str, Any], str]] = [
    ("429", {"status": 429, "retry_after": 1}, "too many requests right now"),
    ("500", {"status": 500}, "problem on its side (HTTP 500)"),
    ("malformed_json", {"fault": "malformed_json"}, "could not read"),
    ("prose", {"fault": "prose"}, "could not read"),
    ("length", {"finish_reason": "length"}, "length limit"),
    ("timeout", {"delay": 1.5}, "did not answer within 1 seconds"),
]


def closed_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def point_at(monkeypatch: pytest.MonkeyPatch, base_url: str) -> None:
    """Switch the app to the OpenAI provider at `base_url`: no retries, a 1 s timeout."""
    monkeypatch.setenv("ACHIEV_AI_PROVIDER", "openai")
    monkeypatch.setenv("OPENAI_BASE_URL", base_url)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("ACHIEV_AI_MAX_RETRIES", "0")
    monkeypatch.setenv("ACHIEV_AI_TIMEOUT", "1")
    get_settings.cache_clear()
    clear_provider_cache()


@pytest.fixture
def openai_app(
    app_env: str, monkeypatch: pytest.MonkeyPatch, fake_openai: FakeOpenAIServer
) -> Iterator[FakeOpenAIServer]:
    """The app on the OpenAI provider, answered by the fake server."""
    point_at(monkeypatch, fake_openai.base_url)
    yield fake_openai
    clear_provider_cache()


@pytest.fixture
def refused_app(
    app_env: str, monkeypatch: pytest.MonkeyPatch, fake_openai: FakeOpenAIServer
) -> Iterator[FakeOpenAIServer]:
    """The app on the OpenAI provider at a closed port; `point_at` the fake server to recover."""
    point_at(monkeypatch, f"http://127.0.0.1:{closed_port()}/v1")
    yield fake_openai
    clear_provider_cache()
