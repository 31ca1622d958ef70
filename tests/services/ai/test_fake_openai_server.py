"""The fake OpenAI server runs as its own process and is steered through /_control."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from services.ai.openai_provider import OpenAIProvider
from services.errors import AIUnavailable
from tests.fakes.openai_server import FakeOpenAIControl
from tests.services.ai.conftest import openai_settings

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def server_process():
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.openai_server", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        yield process, json.loads(line)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_separate_process_is_steered_by_control(server_process):
    _, info = server_process
    control = FakeOpenAIControl(info["url"])
    control.wait_until_up()
    provider = OpenAIProvider(
        openai_settings(info["base_url"], ai_max_retries=0), backoff_seconds=0.01
    )
    assert provider.chat([{"role": "user", "content": "hi"}]) == "Test reply: hi"

    control.enqueue({"content": "Scripted"}, {"status": 500})
    assert provider.chat([{"role": "user", "content": "hi"}]) == "Scripted"
    with pytest.raises(AIUnavailable):
        provider.chat([{"role": "user", "content": "hi"}])

    control.set_sticky({"content": "Always this"})
    assert provider.chat([{"role": "user", "content": "a"}]) == "Always this"
    assert [r["path"] for r in control.requests][-1] == "/v1/chat/completions"
    assert len(control.requests) == 4

    control.reset()
    assert control.state()["requests"] == []
    assert provider.chat([{"role": "user", "content": "b"}]) == "Test reply: b"


def test_stops_on_sigterm(server_process):
    process, _ = server_process
    process.terminate()
    assert process.wait(timeout=5) == 0
