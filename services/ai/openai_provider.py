"""The OpenAI(-compatible) provider: the openai SDK's Chat Completions and Embeddings APIs.

Timeouts and retries are deliberate. The SDK's own retries are off (`max_retries=0`): it would
sleep through any Retry-After up to two minutes. Instead each call is retried here up to
`ai_max_retries` times on a timeout, a broken connection, HTTP 408/409/429 or 5xx, honouring
Retry-After, but only while the whole call stays within `retry_budget_seconds` (30 s by default).
When the server asks for a longer wait, the call fails at once with `AIUnavailable.retry_after`
set so the page can say when to try again. Each request times out after `ai_timeout_seconds`.

The API key is never logged or shown: logs carry the error's class, HTTP status and request id.
"""

from __future__ import annotations

import json
import logging
import random
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import openai
from openai import OpenAI

from services.ai.provider import AIProvider, ChatMessage, IncompleteReply, ModelT
from services.ai.structured import parse_structured, schema_instruction
from services.errors import AIUnavailable
from services.settings import Settings

log = logging.getLogger(__name__)

T = TypeVar("T")

OPENAI_BASE_URL = "https://api.openai.com/v1"
#: Sent as the key to servers that need none (Ollama, vLLM, LM Studio) when none is set.
PLACEHOLDER_API_KEY = "no-key-needed"
DEFAULT_RETRY_BUDGET_SECONDS = 30.0
DEFAULT_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 8.0
EMBEDDING_BATCH = 256

_VERSION_SEGMENT = re.compile(r"^v\d+[a-z0-9]*$")


def normalize_base_url(url: str) -> str:
    """The API root for a configured base URL, with `/v1` added when the URL has no version.

    `http://localhost:11434`, `http://localhost:11434/` and `http://localhost:11434/v1/` all give
    `http://localhost:11434/v1`. A URL that already has a version segment anywhere in its path
    (`.../v1beta/openai`) is kept as it is, trailing slash removed.
    """
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if not any(_VERSION_SEGMENT.match(segment) for segment in path.split("/")):
        path += "/v1"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _display_url(url: str) -> str:
    """The URL without any user:password part, for labels and messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


@dataclass(frozen=True)
class _Failure:
    message: str
    retryable: bool
    retry_after: float | None = None
    detail: str = ""


class _StructuredOutputUnsupported(Exception):
    """The server rejected `response_format`; fall back to asking for JSON in the prompt."""


class OpenAIProvider(AIProvider):
    """Chat, structured output and embeddings from an OpenAI-compatible server."""

    name = "openai"
    is_offline = False
    supports_embeddings = True

    def __init__(
        self,
        settings: Settings,
        *,
        retry_budget_seconds: float = DEFAULT_RETRY_BUDGET_SECONDS,
        backoff_seconds: float = DEFAULT_BACKOFF_SECONDS,
    ) -> None:
        api_key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
        self.base_url = (
            normalize_base_url(settings.openai_base_url)
            if settings.openai_base_url
            else OPENAI_BASE_URL
        )
        self.model = settings.openai_model
        self.embedding_model = settings.openai_embedding_model
        self.timeout = float(settings.ai_timeout_seconds)
        self.max_retries = max(0, int(settings.ai_max_retries))
        self.retry_budget_seconds = retry_budget_seconds
        self.backoff_seconds = backoff_seconds
        self._missing_key = not api_key and not settings.openai_base_url
        self._secrets = tuple(s for s in (api_key,) if s)
        self._structured_output = True
        self._lock = threading.Lock()
        self._client = OpenAI(
            api_key=api_key or PLACEHOLDER_API_KEY,
            base_url=self.base_url,
            timeout=openai.Timeout(self.timeout, connect=min(self.timeout, 10.0)),
            max_retries=0,
        )
        kind = "OpenAI" if self.base_url == OPENAI_BASE_URL else "OpenAI-compatible"
        self.label = f"{kind} {self.model} at {_display_url(self.base_url)}"
        if self._missing_key:
            self.label += " (no API key set)"

    # -- the interface ---------------------------------------------------------------------

    def complete_json(self, system: str, user: str, schema: type[ModelT]) -> ModelT:
        messages: list[ChatMessage] = [
            {"role": "system", "content": system},
            {"role": "user", "content": user},
        ]
        if self._structured_output:
            try:
                raw = self._call(
                    lambda: self._client.chat.completions.with_raw_response.parse(
                        model=self.model, messages=messages, response_format=schema
                    )
                )
            except _StructuredOutputUnsupported:
                log.info("%s has no structured output; asking for JSON instead", self.label)
                with self._lock:
                    self._structured_output = False
            else:
                return self._read_structured(raw, schema)
        fallback: list[ChatMessage] = [
            {"role": "system", "content": f"{system}\n\n{schema_instruction(schema)}"},
            {"role": "user", "content": user},
        ]
        completion = self._call(
            lambda: self._client.chat.completions.create(model=self.model, messages=fallback)
        )
        content = self._content_of(completion)
        try:
            return parse_structured(content, schema)
        except ValueError:
            raise self._unreadable() from None

    def chat(self, messages: Sequence[ChatMessage]) -> str:
        completion = self._call(
            lambda: self._client.chat.completions.create(model=self.model, messages=list(messages))
        )
        content = self._content_of(completion, partial_ok=True)
        if not content.strip():
            raise self._unreadable()
        return content

    def chat_stream(self, messages: Sequence[ChatMessage]) -> Iterator[str]:
        """Opens the stream at once (so connection faults raise here), then yields text pieces."""
        stream = self._call(
            lambda: self._client.chat.completions.create(
                model=self.model, messages=list(messages), stream=True
            )
        )
        return self._pieces(stream)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        texts = [t if t.strip() else " " for t in texts]
        vectors: list[list[float]] = []
        for start in range(0, len(texts), EMBEDDING_BATCH):
            batch = texts[start : start + EMBEDDING_BATCH]
            response = self._call(
                lambda batch=batch: self._client.embeddings.create(
                    model=self.embedding_model, input=batch
                )
            )
            data = sorted(getattr(response, "data", None) or [], key=lambda d: d.index)
            if len(data) != len(batch):
                raise self._unreadable()
            vectors.extend(list(d.embedding) for d in data)
        return vectors

    def list_models(self) -> list[str]:
        page = self._call(lambda: self._client.models.list())
        return [m.id for m in page]

    # -- reading answers -------------------------------------------------------------------

    def _read_structured(self, raw: Any, schema: type[ModelT]) -> ModelT:
        try:
            completion = raw.parse()
        except openai.LengthFinishReasonError:
            raise AIUnavailable(self._cut_by_length_message()) from None
        except openai.ContentFilterFinishReasonError:
            raise AIUnavailable(self._filtered_message()) from None
        except ValueError:
            # Not valid JSON for the schema: perhaps JSON in prose or a code fence.
            return self._parse_leniently(_content_from_body(raw), schema)
        choices = getattr(completion, "choices", None) or []
        if not choices:
            raise self._unreadable()
        message = choices[0].message
        if getattr(message, "refusal", None):
            raise AIUnavailable(
                "The AI model declined this request. Nothing was changed; you can rephrase "
                "the text and try again."
            )
        if isinstance(message.parsed, schema):
            return message.parsed
        return self._parse_leniently(message.content, schema)

    def _parse_leniently(self, content: str | None, schema: type[ModelT]) -> ModelT:
        try:
            return parse_structured(content or "", schema)
        except ValueError:
            raise self._unreadable() from None

    def _content_of(self, completion: Any, *, partial_ok: bool = False) -> str:
        """The first choice's text; a cut-off answer raises (IncompleteReply when partial_ok)."""
        choices = getattr(completion, "choices", None) or []
        if not choices or getattr(choices[0], "message", None) is None:
            raise self._unreadable()
        choice = choices[0]
        content = choice.message.content or ""
        if choice.finish_reason == "length":
            if partial_ok:
                raise IncompleteReply(
                    self._cut_by_length_message(), partial_text=content, reason="length"
                )
            raise AIUnavailable(self._cut_by_length_message())
        if choice.finish_reason == "content_filter":
            raise AIUnavailable(self._filtered_message())
        return content

    def _pieces(self, stream: Any) -> Iterator[str]:
        received: list[str] = []
        finish_reason: str | None = None
        try:
            for chunk in stream:
                choices = getattr(chunk, "choices", None)
                if not choices:
                    continue
                choice = choices[0]
                delta = choice.delta.content if choice.delta is not None else None
                if delta:
                    received.append(delta)
                    yield delta
                if choice.finish_reason:
                    finish_reason = choice.finish_reason
        except (openai.APIError, ValueError) as err:
            log.warning("AI stream broke off: %s", self._describe(err))
            raise IncompleteReply(
                self._interrupted_message(), partial_text="".join(received), reason="interrupted"
            ) from None
        finally:
            stream.close()
        if finish_reason == "length":
            raise IncompleteReply(
                self._cut_by_length_message(), partial_text="".join(received), reason="length"
            )
        if finish_reason is None:
            log.warning("AI stream ended without a finish reason at %s", self.label)
            raise IncompleteReply(
                self._interrupted_message(), partial_text="".join(received), reason="interrupted"
            )

    # -- calling, retrying and explaining faults -------------------------------------------

    def _call(self, request: Callable[[], T]) -> T:
        """Run one API request with bounded retries; faults become AIUnavailable."""
        if self._missing_key:
            raise AIUnavailable(
                "OpenAI is switched on but no API key is set. Set OPENAI_API_KEY (or "
                "OPENAI_BASE_URL for a local server, or ACHIEV_AI_PROVIDER=offline) and try again."
            )
        started = time.monotonic()
        attempt = 0
        while True:
            try:
                return request()
            except (openai.OpenAIError, ValueError) as err:
                failure = self._classify(err)
            attempt += 1
            wait = failure.retry_after
            if wait is None:
                wait = min(MAX_BACKOFF_SECONDS, self.backoff_seconds * 2 ** (attempt - 1))
                wait *= random.uniform(0.75, 1.0)
            elapsed = time.monotonic() - started
            if (
                failure.retryable
                and attempt <= self.max_retries
                and elapsed + wait <= self.retry_budget_seconds
            ):
                log.info("AI call failed (%s); retry %d in %.2fs", failure.detail, attempt, wait)
                time.sleep(wait)
                continue
            log.warning("AI call to %s failed: %s", self.label, failure.detail)
            raise AIUnavailable(failure.message, retry_after=failure.retry_after)

    def _classify(self, err: Exception) -> _Failure:
        """A sentence for the person, whether a retry may help, and a safe detail for the log."""
        return replace(self._explain(err), detail=self._describe(err))

    def _explain(self, err: Exception) -> _Failure:
        host = urlsplit(self.base_url).hostname or "the server"
        if isinstance(err, openai.APITimeoutError):
            return _Failure(
                f"The AI service did not answer within {self.timeout:g} seconds. Nothing was "
                "changed; try again in a moment.",
                retryable=True,
            )
        if isinstance(err, openai.APIConnectionError):
            cause = type(err.__cause__).__name__ if err.__cause__ else ""
            if "Connect" in cause:
                return _Failure(
                    f"Achiev could not reach the AI service at {host}. Check that it is running "
                    "and that OPENAI_BASE_URL is right, then try again; nothing was changed.",
                    retryable=True,
                )
            return _Failure(
                "The connection to the AI service broke off before the answer arrived. Nothing "
                "was changed; try again.",
                retryable=True,
            )
        if isinstance(err, openai.APIStatusError):
            return self._classify_status(err)
        if isinstance(err, openai.LengthFinishReasonError):
            return _Failure(self._cut_by_length_message(), retryable=False)
        if isinstance(err, openai.ContentFilterFinishReasonError):
            return _Failure(self._filtered_message(), retryable=False)
        # A body that is not JSON, or JSON that is not an API answer.
        return _Failure(str(self._unreadable()), retryable=False)

    def _classify_status(self, err: openai.APIStatusError) -> _Failure:
        status = err.status_code
        retry_after = _retry_after(err)
        if status == 400 and _mentions_response_format(err):
            raise _StructuredOutputUnsupported from None
        if status == 429:
            if err.code == "insufficient_quota":
                return _Failure(
                    "The AI account has run out of credit or quota. Nothing was changed; try "
                    "again once the account is topped up.",
                    retryable=False,
                )
            when = f"in {_seconds_text(retry_after)}" if retry_after else "in a minute"
            return _Failure(
                f"The AI service is handling too many requests right now. Nothing was changed; "
                f"try again {when}.",
                retryable=True,
                retry_after=retry_after,
            )
        if status in (401, 403):
            return _Failure(
                "The AI service did not accept the API key. Check OPENAI_API_KEY; nothing was "
                "changed, so it is safe to try again once it is fixed.",
                retryable=False,
            )
        if status == 404:
            return _Failure(
                f"The AI service has no model named '{self.model}', or the address is wrong. "
                "Check OPENAI_MODEL and OPENAI_BASE_URL; nothing was changed.",
                retryable=False,
            )
        if status in (408, 409) or status >= 500:
            return _Failure(
                f"The AI service had a problem on its side (HTTP {status}). Nothing was "
                "changed; try again in a moment.",
                retryable=True,
                retry_after=retry_after,
            )
        return _Failure(
            f"The AI service refused the request (HTTP {status}); the text may be too long. "
            "Nothing was changed; try again with shorter text.",
            retryable=False,
        )

    def _describe(self, err: Exception) -> str:
        """Error class, HTTP status and request id: enough to debug, nothing secret."""
        parts = [type(err).__name__]
        status = getattr(err, "status_code", None)
        if status:
            parts.append(f"HTTP {status}")
        request_id = getattr(err, "request_id", None)
        if request_id:
            parts.append(f"request {request_id}")
        message = getattr(err, "message", None) or str(err)
        for secret in self._secrets:
            message = message.replace(secret, "[redacted]")
        message = re.sub(r"sk-[A-Za-z0-9_\-*]{6,}", "[redacted]", message)
        parts.append(message[:200])
        return " | ".join(parts)

    def _unreadable(self) -> AIUnavailable:
        return AIUnavailable(
            "The AI service sent an answer Achiev could not read. Nothing was saved; trying "
            "again is safe."
        )

    def _cut_by_length_message(self) -> str:
        return (
            "The AI answer was cut off at the model's length limit, so it was not used as "
            "complete. Try again, or with shorter text."
        )

    def _interrupted_message(self) -> str:
        return (
            "The AI reply was interrupted before it finished; the part received is kept. "
            "Ask again to get a complete answer."
        )

    def _filtered_message(self) -> str:
        return (
            "The AI service's content filter stopped this answer. Nothing was changed; you can "
            "rephrase the text and try again."
        )


def _content_from_body(raw: Any) -> str | None:
    """The first choice's text from a raw HTTP answer, or None when the body is not JSON."""
    try:
        body = json.loads(raw.http_response.text)
        return body["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _retry_after(err: openai.APIStatusError) -> float | None:
    """Seconds from Retry-After-Ms or Retry-After (seconds or an HTTP date), if sent."""
    headers = err.response.headers if err.response is not None else {}
    try:
        if headers.get("retry-after-ms"):
            return max(0.0, float(headers["retry-after-ms"]) / 1000)
        value = headers.get("retry-after")
        if not value:
            return None
        try:
            return max(0.0, float(value))
        except ValueError:
            from email.utils import parsedate_to_datetime

            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, OverflowError):
        return None


def _mentions_response_format(err: openai.APIStatusError) -> bool:
    text = f"{err.message} {err.param or ''}".lower()
    return any(word in text for word in ("response_format", "json_schema", "structured output"))


def _seconds_text(seconds: float) -> str:
    if seconds < 1.5:
        return "a second"
    if seconds < 90:
        return f"{round(seconds)} seconds"
    return f"{round(seconds / 60)} minutes"
