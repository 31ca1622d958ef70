"""Fixtures for the AI tests: the fake OpenAI server and providers pointed at it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from services.ai.offline import OfflineProvider
from services.ai.openai_provider import OpenAIProvider
from services.ai.provider import AIProvider
from services.settings import Settings
from tests.fakes.openai_server import FakeOpenAIServer, fake_openai

__all__ = ["fake_openai"]


def openai_settings(base_url: str, **overrides: Any) -> Settings:
    """Settings for an OpenAI-compatible server at `base_url`, with test-sized timeouts."""
    values: dict[str, Any] = {
        "ai_provider": "openai",
        "openai_api_key": None,
        "openai_base_url": base_url,
        "ai_timeout_seconds": 2.0,
        "ai_max_retries": 2,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def make_openai(fake_openai: FakeOpenAIServer) -> Callable[..., OpenAIProvider]:
    """Build an OpenAI provider on the fake server; keyword arguments override settings."""

    def build(*, retry_budget_seconds: float = 5.0, **overrides: Any) -> OpenAIProvider:
        base_url = overrides.pop("openai_base_url", fake_openai.base_url)
        return OpenAIProvider(
            openai_settings(base_url, **overrides),
            retry_budget_seconds=retry_budget_seconds,
            backoff_seconds=0.01,
        )

    return build


@dataclass
class Harness:
    """A provider under test, and a way to script the model's next answer (a no-op offline)."""

    provider: AIProvider
    fake: FakeOpenAIServer | None

    def will_answer(self, reply: dict[str, Any]) -> None:
        if self.fake is not None:
            self.fake.enqueue(reply)


@pytest.fixture(params=["offline", "openai"])
def harness(request: pytest.FixtureRequest) -> Iterator[Harness]:
    """Each behavioural test runs on both providers: offline, and OpenAI on the fake server."""
    if request.param == "offline":
        yield Harness(OfflineProvider(), None)
        return
    with FakeOpenAIServer() as server:
        provider = OpenAIProvider(
            openai_settings(server.base_url), retry_budget_seconds=5.0, backoff_seconds=0.01
        )
        yield Harness(provider, server)
