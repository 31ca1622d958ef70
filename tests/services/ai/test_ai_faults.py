"""Every fault of an OpenAI-compatible server reaches callers as AIUnavailable with a sentence."""

from __future__ import annotations

import socket
import time

import pytest
from pydantic import BaseModel

from services.ai.provider import IncompleteReply
from services.errors import AIUnavailable

HELLO = [{"role": "user", "content": "Hello"}]


class Answer(BaseModel):
    title: str


def assert_sentence(err: AIUnavailable) -> None:
    """A message a person can act on: a full sentence that says trying again is safe."""
    message = str(err)
    assert message[0].isupper() and message.endswith(".")
    assert "Traceback" not in message and "Error code" not in message
    assert "try" in message.lower() or "again" in message.lower()


def test_rate_limit_is_retried_honouring_retry_after(make_openai, fake_openai):
    fake_openai.enqueue({"status": 429, "retry_after": 0.2}, {"content": "Hi there"})
    started = time.monotonic()
    assert make_openai().chat(HELLO) == "Hi there"
    assert time.monotonic() - started >= 0.2
    assert len(fake_openai.requests) == 2


def test_rate_limit_beyond_the_budget_fails_at_once_with_retry_after(make_openai, fake_openai):
    fake_openai.enqueue({"status": 429, "retry_after": 30})
    started = time.monotonic()
    with pytest.raises(AIUnavailable) as caught:
        make_openai(retry_budget_seconds=5).chat(HELLO)
    assert time.monotonic() - started < 2
    assert caught.value.retry_after == 30
    assert "30 seconds" in str(caught.value)
    assert_sentence(caught.value)
    assert len(fake_openai.requests) == 1


def test_rate_limit_that_persists_gives_up_after_max_retries(make_openai, fake_openai):
    fake_openai.set_sticky({"status": 429, "retry_after": 0.01})
    with pytest.raises(AIUnavailable) as caught:
        make_openai(ai_max_retries=2).chat(HELLO)
    assert caught.value.retry_after == pytest.approx(0.01)
    assert len(fake_openai.requests) == 3
    assert_sentence(caught.value)


def test_server_error_is_retried_then_succeeds(make_openai, fake_openai):
    fake_openai.enqueue({"status": 500}, {"status": 503}, {"content": "Recovered"})
    assert make_openai(ai_max_retries=2).chat(HELLO) == "Recovered"


def test_server_error_that_persists(make_openai, fake_openai):
    fake_openai.set_sticky({"status": 500})
    with pytest.raises(AIUnavailable, match="HTTP 500") as caught:
        make_openai(ai_max_retries=1).chat(HELLO)
    assert_sentence(caught.value)
    assert len(fake_openai.requests) == 2


def test_timeout(make_openai, fake_openai):
    fake_openai.enqueue({"delay": 1.0})
    with pytest.raises(AIUnavailable, match=r"did not answer within 0\.2 seconds") as caught:
        make_openai(ai_timeout_seconds=0.2, ai_max_retries=0).chat(HELLO)
    assert_sentence(caught.value)


def test_refused_connection(make_openai):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    provider = make_openai(openai_base_url=f"http://127.0.0.1:{port}", ai_max_retries=1)
    with pytest.raises(AIUnavailable, match=r"could not reach the AI service at 127\.0\.0\.1") as c:
        provider.chat(HELLO)
    assert_sentence(c.value)


def test_connection_dropped_without_an_answer(make_openai, fake_openai):
    fake_openai.set_sticky({"fault": "drop"})
    with pytest.raises(AIUnavailable, match="broke off") as caught:
        make_openai(ai_max_retries=0).chat(HELLO)
    assert_sentence(caught.value)


@pytest.mark.parametrize("status", [401, 403])
def test_auth_error_is_not_retried(make_openai, fake_openai, status):
    fake_openai.enqueue({"status": status})
    with pytest.raises(AIUnavailable, match="API key") as caught:
        make_openai().chat(HELLO)
    assert_sentence(caught.value)
    assert len(fake_openai.requests) == 1


def test_unknown_model(make_openai, fake_openai):
    fake_openai.enqueue({"status": 404})
    with pytest.raises(AIUnavailable, match="no model named 'gpt-4o-mini'"):
        make_openai().chat(HELLO)


@pytest.mark.parametrize("fault", ["malformed_body", "prose", "malformed_json"])
def test_unreadable_structured_answer(make_openai, fake_openai, fault):
    fake_openai.enqueue({"fault": fault, "json": {"title": "Chef"}})
    with pytest.raises(AIUnavailable, match="could not read") as caught:
        make_openai().complete_json("s", "u", Answer)
    assert_sentence(caught.value)


def test_unreadable_chat_answer(make_openai, fake_openai):
    fake_openai.enqueue({"fault": "malformed_body"})
    with pytest.raises(AIUnavailable, match="could not read"):
        make_openai().chat(HELLO)


def test_structured_answer_cut_by_length_is_not_used(make_openai, fake_openai):
    fake_openai.enqueue({"json": {"title": "A long title"}, "finish_reason": "length"})
    with pytest.raises(AIUnavailable, match="length limit") as caught:
        make_openai().complete_json("s", "u", Answer)
    assert_sentence(caught.value)


def test_chat_answer_cut_by_length_is_not_returned_as_complete(make_openai, fake_openai):
    fake_openai.enqueue({"content": "one two three four five six", "finish_reason": "length"})
    with pytest.raises(IncompleteReply) as caught:
        make_openai().chat(HELLO)
    assert caught.value.reason == "length"
    assert caught.value.partial_text == "one two three"
    assert_sentence(caught.value)


def test_cut_stream_raises_after_the_partial_text(make_openai, fake_openai):
    fake_openai.enqueue({"content": "one two three four five", "fault": "cut", "cut_after": 3})
    received = []
    with pytest.raises(IncompleteReply) as caught:
        for piece in make_openai().chat_stream(HELLO):
            received.append(piece)
    assert "".join(received) == "one two three "
    assert caught.value.partial_text == "one two three "
    assert caught.value.reason == "interrupted"
    assert_sentence(caught.value)


def test_stream_cut_by_length(make_openai, fake_openai):
    fake_openai.enqueue({"content": "one two three four", "finish_reason": "length"})
    received = []
    with pytest.raises(IncompleteReply) as caught:
        for piece in make_openai().chat_stream(HELLO):
            received.append(piece)
    assert caught.value.reason == "length"
    assert caught.value.partial_text == "".join(received)
    assert "one two three four".startswith(caught.value.partial_text)
    assert len(caught.value.partial_text) < len("one two three four")


def test_stream_that_cannot_start_raises_before_any_text(make_openai, fake_openai):
    fake_openai.set_sticky({"status": 500})
    with pytest.raises(AIUnavailable):
        make_openai(ai_max_retries=0).chat_stream(HELLO)


def test_stream_with_empty_choices_chunks_is_read(make_openai, fake_openai):
    # The fake ends every stream with a usage chunk whose `choices` is empty.
    fake_openai.enqueue({"content": "All good"})
    assert "".join(make_openai().chat_stream(HELLO)) == "All good"


def test_embeddings_fault(make_openai, fake_openai):
    fake_openai.enqueue({"status": 500, "endpoint": "embeddings"})
    with pytest.raises(AIUnavailable):
        make_openai(ai_max_retries=0).embed(["a"])
