"""The one AI interface, and how settings choose a provider.

Two providers implement it: `OpenAIProvider` (OpenAI or any OpenAI-compatible server, such as
Ollama, vLLM or LM Studio, through a base URL) and `OfflineProvider` (no network, deterministic).
Every failure of an AI call reaches callers as `AIUnavailable`, whose message is a sentence a
person understands and says retrying is safe (AI calls never change stored data).
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from typing import Literal, TypedDict, TypeVar

from pydantic import BaseModel

from services.errors import AIUnavailable
from services.settings import Settings, get_settings

ModelT = TypeVar("ModelT", bound=BaseModel)


class ChatMessage(TypedDict):
    """One turn of a conversation, as the Chat Completions API takes it."""

    role: Literal["system", "user", "assistant"]
    content: str


class IncompleteReply(AIUnavailable):
    """A reply stopped before its end; `partial_text` holds what arrived, for the caller to keep.

    `reason` is "interrupted" (the connection or stream broke off) or "length" (the model hit its
    length limit). The partial text is never complete: callers may show or keep it as such.
    """

    def __init__(
        self, message: str, *, partial_text: str, reason: Literal["interrupted", "length"]
    ) -> None:
        super().__init__(message)
        self.partial_text = partial_text
        self.reason = reason


class AIProvider(ABC):
    """What every AI provider offers; see the module docstring."""

    #: "openai" or "offline": a stable name for code and logs.
    name: str
    #: For people: which provider is on, e.g. "OpenAI gpt-4o-mini at https://api.openai.com/v1".
    label: str
    #: True when no model is behind the provider (deterministic, no network).
    is_offline: bool
    #: Whether `embed` returns vectors (False: it returns None).
    supports_embeddings: bool

    @abstractmethod
    def complete_json(self, system: str, user: str, schema: type[ModelT]) -> ModelT:
        """Ask for an answer shaped as `schema`; raise AIUnavailable when none can be had."""

    @abstractmethod
    def chat(self, messages: Sequence[ChatMessage]) -> str:
        """The assistant's whole reply to a conversation."""

    @abstractmethod
    def chat_stream(self, messages: Sequence[ChatMessage]) -> Iterator[str]:
        """The assistant's reply as text pieces, in order.

        A reply that breaks off raises `IncompleteReply` after the pieces that did arrive, so a
        caller that collects the pieces keeps the partial reply.
        """

    @abstractmethod
    def embed(self, texts: Sequence[str]) -> list[list[float]] | None:
        """One vector per text, or None when the provider has no embeddings (offline)."""

    def list_models(self) -> list[str]:
        """Model names the server offers (empty offline)."""
        return []

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.label}>"


_cache_lock = threading.Lock()
_cache: dict[tuple[object, ...], AIProvider] = {}


def get_provider(settings: Settings | None = None) -> AIProvider:
    """The provider the settings choose: OpenAI(-compatible) when configured, else offline.

    `ACHIEV_AI_PROVIDER=auto` (the default) uses OpenAI when an API key or a base URL is set.
    Providers are reused per configuration so their HTTP connections are pooled.
    """
    settings = settings or get_settings()
    if not settings.uses_openai:
        from services.ai.offline import OfflineProvider

        return OfflineProvider()
    from services.ai.openai_provider import OpenAIProvider

    key = (
        settings.openai_api_key.get_secret_value() if settings.openai_api_key else None,
        settings.openai_base_url,
        settings.openai_model,
        settings.openai_embedding_model,
        settings.ai_timeout_seconds,
        settings.ai_max_retries,
    )
    with _cache_lock:
        provider = _cache.get(key)
        if provider is None:
            if len(_cache) >= 8:
                _cache.clear()
            provider = _cache[key] = OpenAIProvider(settings)
        return provider


def clear_provider_cache() -> None:
    """Forget reused providers (tests, or after settings change)."""
    with _cache_lock:
        _cache.clear()
