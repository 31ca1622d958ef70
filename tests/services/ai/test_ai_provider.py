"""The provider interface: both providers behave alike where they can, and settings choose."""

from __future__ import annotations

import logging

import pytest
from pydantic import BaseModel, SecretStr

from services.ai.offline import OfflineProvider
from services.ai.openai_provider import (
    PLACEHOLDER_API_KEY,
    OpenAIProvider,
    normalize_base_url,
)
from services.ai.provider import clear_provider_cache, get_provider
from services.ai.structured import extract_json, parse_structured
from services.errors import AIUnavailable
from services.settings import Settings
from tests.fakes.openai_server import hashed_embedding
from tests.services.ai.conftest import openai_settings

HELLO = [{"role": "user", "content": "How do I write a strong resume bullet?"}]


def test_chat_answers_with_text(harness):
    harness.will_answer({"content": "Start with an action verb and end with a result."})
    reply = harness.provider.chat(HELLO)
    assert isinstance(reply, str) and len(reply.split()) >= 5


def test_chat_stream_yields_the_same_reply_in_pieces(harness):
    harness.will_answer({"content": "Start with an action verb and end with a result."})
    whole = harness.provider.chat(HELLO)
    harness.will_answer({"content": "Start with an action verb and end with a result."})
    pieces = list(harness.provider.chat_stream(HELLO))
    assert len(pieces) > 1
    assert "".join(pieces) == whole


def test_label_says_which_provider_is_on(harness):
    label = harness.provider.label
    if harness.provider.is_offline:
        assert label == "Offline (no model)"
    else:
        assert label.startswith("OpenAI-compatible gpt-4o-mini at http://127.0.0.1:")
        assert label.endswith("/v1")


def test_embeddings_are_vectors_online_and_none_offline(harness):
    vectors = harness.provider.embed(["python data pipelines", "python data pipeline work"])
    if harness.provider.is_offline:
        assert vectors is None
        assert harness.provider.supports_embeddings is False
        return
    assert len(vectors) == 2 and len(vectors[0]) == len(vectors[1]) > 8
    assert harness.provider.supports_embeddings is True


def test_offline_chat_is_deterministic_and_says_it_is_offline():
    provider = OfflineProvider()
    first = provider.chat(HELLO)
    assert first == provider.chat(HELLO)
    assert "action verb" in first
    assert "offline" in first.lower()
    follow_up = [*HELLO, {"role": "assistant", "content": first}, {"role": "user", "content": "ok"}]
    assert "offline" not in provider.chat(follow_up).lower()


def test_offline_structured_output_is_unavailable_with_a_sentence():
    class Answer(BaseModel):
        text: str

    with pytest.raises(AIUnavailable, match="running offline"):
        OfflineProvider().complete_json("system", "user", Answer)


def test_complete_json_returns_the_schema(make_openai, fake_openai):
    class Answer(BaseModel):
        title: str
        tags: list[str]

    fake_openai.enqueue({"json": {"title": "Data Analyst", "tags": ["SQL"]}})
    answer = make_openai().complete_json("Read the job.", "Job: Data Analyst", Answer)
    assert answer == Answer(title="Data Analyst", tags=["SQL"])
    sent = fake_openai.requests[-1]["body"]
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["name"] == "Answer"


def test_json_in_prose_or_code_fence_is_still_read(make_openai, fake_openai):
    class Answer(BaseModel):
        title: str

    fake_openai.enqueue({"json": {"title": "Nurse"}, "fault": "fenced"})
    assert make_openai().complete_json("s", "u", Answer).title == "Nurse"


def test_server_without_structured_output_gets_the_schema_in_the_prompt(make_openai, fake_openai):
    class Answer(BaseModel):
        title: str

    fake_openai.reject_response_format = True
    fake_openai.json_by_schema["Answer"] = {"title": "Chef"}
    provider = make_openai()
    assert provider.complete_json("s", "u", Answer).title == "Chef"
    assert provider.complete_json("s", "u", Answer).title == "Chef"
    bodies = [r["body"] for r in fake_openai.requests]
    # One rejected try, then the prompt carries the schema (and later calls go there directly).
    assert [("response_format" in b) for b in bodies] == [True, False, False]
    assert "JSON schema" in bodies[1]["messages"][0]["content"]


@pytest.mark.parametrize(
    ("configured", "expected"),
    [
        ("http://localhost:11434", "http://localhost:11434/v1"),
        ("http://localhost:11434/", "http://localhost:11434/v1"),
        ("http://localhost:11434/v1", "http://localhost:11434/v1"),
        ("http://localhost:11434/v1/", "http://localhost:11434/v1"),
        ("localhost:1234", "http://localhost:1234/v1"),
        ("https://openrouter.ai/api/v1", "https://openrouter.ai/api/v1"),
        ("https://openrouter.ai/api", "https://openrouter.ai/api/v1"),
        (
            "https://generativelanguage.googleapis.com/v1beta/openai/",
            "https://generativelanguage.googleapis.com/v1beta/openai",
        ),
    ],
)
def test_base_url_is_normalised(configured, expected):
    assert normalize_base_url(configured) == expected


@pytest.mark.parametrize("suffix", ["", "/", "/v1", "/v1/"])
def test_base_url_with_or_without_v1_reaches_the_server(fake_openai, make_openai, suffix):
    provider = make_openai(openai_base_url=fake_openai.url + suffix)
    assert provider.chat(HELLO).startswith("Test reply:")
    assert fake_openai.requests[-1]["path"] == "/v1/chat/completions"


def test_local_server_without_key_gets_a_placeholder_key(make_openai, fake_openai):
    make_openai().chat(HELLO)
    assert fake_openai.requests[-1]["headers"]["authorization"] == f"Bearer {PLACEHOLDER_API_KEY}"


def test_the_configured_key_is_sent_but_never_shown_or_logged(make_openai, fake_openai, caplog):
    secret = "sk-test-DO-NOT-SHOW-1234567890"
    provider = make_openai(openai_api_key=SecretStr(secret))
    provider.chat(HELLO)
    assert fake_openai.requests[-1]["headers"]["authorization"] == f"Bearer {secret}"
    fake_openai.enqueue({"status": 401, "message": f"Incorrect API key provided: {secret}"})
    with caplog.at_level(logging.DEBUG), pytest.raises(AIUnavailable) as caught:
        provider.chat(HELLO)
    assert secret not in str(caught.value)
    assert secret not in caplog.text
    assert secret not in provider.label and secret not in repr(provider)


def test_openai_switched_on_without_key_or_url_says_what_to_set():
    provider = OpenAIProvider(Settings(ai_provider="openai", openai_api_key=None))
    assert provider.label.endswith("(no API key set)")
    with pytest.raises(AIUnavailable, match="OPENAI_API_KEY"):
        provider.chat(HELLO)


def test_list_models(make_openai):
    assert "gpt-4o-mini" in make_openai().list_models()
    assert OfflineProvider().list_models() == []


def test_settings_choose_the_provider():
    clear_provider_cache()
    offline = Settings(ai_provider="auto", openai_api_key=None, openai_base_url=None)
    assert isinstance(get_provider(offline), OfflineProvider)
    forced_offline = Settings(ai_provider="offline", openai_api_key=SecretStr("sk-x"))
    assert isinstance(get_provider(forced_offline), OfflineProvider)
    local = openai_settings("http://127.0.0.1:9", ai_provider="auto")
    provider = get_provider(local)
    assert isinstance(provider, OpenAIProvider)
    assert provider.timeout == 2.0 and provider.max_retries == 2
    assert get_provider(local) is provider  # reused, so connections are pooled
    clear_provider_cache()
    assert get_provider(local) is not provider


def test_extract_json_finds_json_in_prose():
    assert extract_json('{"a": 1}') == {"a": 1}
    assert extract_json('Sure!\n```json\n{"a": [1, 2]}\n```\nDone.') == {"a": [1, 2]}
    assert extract_json('Here you go: {"a": "b"} - enjoy') == {"a": "b"}
    with pytest.raises(ValueError):
        extract_json("No JSON here at all.")


def test_parse_structured_accepts_a_bare_list_for_a_single_list_field():
    class Items(BaseModel):
        items: list[str]

    assert parse_structured('["a", "b"]', Items).items == ["a", "b"]
    with pytest.raises(ValueError):
        parse_structured('{"other": 1}', Items)


def test_fake_embeddings_make_similar_texts_similar():
    def cosine(a, b):
        return sum(x * y for x, y in zip(a, b, strict=True))

    a = hashed_embedding("built python data pipelines on aws")
    b = hashed_embedding("python data pipelines built on aws lambda")
    c = hashed_embedding("nursing shift rota for the ward")
    assert hashed_embedding("x y") == hashed_embedding("x y")
    assert cosine(a, b) > cosine(a, c)
