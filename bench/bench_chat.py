"""The chat page's two figures: how soon a streamed token is on the page, and how fast a
conversation of 1,000 messages opens. Prints JSON.

Token latency (budget: median under 50 ms). The fake OpenAI-compatible server
(`tests/fakes/openai_server.py`) runs in this process and sends a whole reply at once, one
token per stream chunk; each chunk's send time is stamped right after the server writes and
flushes it to the socket. The chat page runs in AppTest in the same process, against that
server through the real openai SDK, `Reply`, and `st.write_stream`; every Markdown delta the
page hands to Streamlit's outgoing message queue (`ScriptRunContext.enqueue`, the point where
the running app would send it to the browser) is stamped too. A token's latency is the time
from its chunk leaving the server to the first delta whose text contains it. Both clocks are
`time.perf_counter` in one process. Every token of `--replies` replies of `--tokens` tokens
counts; the first token of each reply is reported on its own too. With a whole reply arriving
at once, later tokens wait while the SDK parses the ones before them (about 0.1 ms each), so
the median is mostly that queue. `cold_reply_median_ms` is the first reply of the process,
left out of the figures: `st.write_stream` imports pandas on its first call.

Opening a conversation (budget: under 200 ms server-side). A scratch database holds the demo
account's record and a conversation of 1,000 messages (every fifth reply drafts a bullet, so
the page's save-draft actions and the record they need are on the page too). In one AppTest
session the page first opens a short conversation, then each timed run is the click that opens
the long one (a rerun, as in the running app; the short one is opened in between, untimed).
The figure is the wall time of that run and its SQL statements. `first_visit_ms` is a fresh
session whose first run opens the long conversation: it includes AppTest's own start-up, shown
as `apptest_startup_ms` (an empty script's first run).

Run: `.venv/bin/python bench/bench_chat.py [--tokens N] [--replies N] [--runs N]
[POSTGRESQL_SERVER_URL]` (default: a SQLite file).
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import statistics
import tempfile
import time
import warnings
from datetime import timedelta

from common import ROOT, StatementCounter, emit, scratch_engine
from sqlmodel import Session

LATENCY_BUDGET_MS = 50.0
OPEN_BUDGET_MS = 200.0
LONG_CONVERSATION = 1_000


def _point_settings_at(url: str, data_dir: str, base_url: str) -> None:
    """The app's settings read the environment: the scratch database and the fake server."""
    os.environ["DATABASE_URL"] = url
    os.environ["ACHIEV_DATA_DIR"] = data_dir
    os.environ["ACHIEV_AI_PROVIDER"] = "openai"
    os.environ["OPENAI_BASE_URL"] = base_url
    os.environ["ACHIEV_AI_MAX_RETRIES"] = "0"
    os.environ.setdefault("ACHIEV_COOKIE_KEY", "bench-" + "k" * 48)
    from services.ai.provider import clear_provider_cache
    from services.settings import get_settings

    get_settings.cache_clear()
    clear_provider_cache()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# --- token latency -------------------------------------------------------------------------


def token_latency(server, user_id: str, tokens: int, replies: int) -> dict:
    """Stream `replies` replies of `tokens` tokens each through the page; see the docstring."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext
    from streamlit.testing.v1 import AppTest

    from services.assistant import wait_for_titles
    from tests.fakes import openai_server

    token_re = re.compile(rb"r\d+t\d{5}")
    sent: dict[str, float] = {}
    shown: list[tuple[float, str]] = []
    write_chunk = openai_server._Handler._write_chunk
    enqueue = ScriptRunContext.enqueue

    def stamped_write(self, data: bytes) -> None:
        write_chunk(self, data)
        now = time.perf_counter()
        match = token_re.search(data)
        if match:
            sent.setdefault(match.group().decode(), now)

    def stamped_enqueue(self, msg) -> None:
        enqueue(self, msg)
        if msg.HasField("delta") and msg.delta.new_element.HasField("markdown"):
            shown.append((time.perf_counter(), msg.delta.new_element.markdown.body))

    openai_server._Handler._write_chunk = stamped_write
    ScriptRunContext.enqueue = stamped_enqueue
    latencies: list[float] = []
    firsts: list[float] = []
    cold: list[float] = []
    try:
        at = AppTest.from_file(str(ROOT / "pages" / "chat.py"), default_timeout=120)
        at.session_state["actor"] = {"user_id": user_id, "role": "member"}
        at.run()
        for r in range(replies + 1):  # the first reply warms the process up, untimed
            words = [f"r{r}t{i:05d}" for i in range(tokens)]
            server.enqueue({"content": " ".join(words)})
            sent.clear()
            shown.clear()
            at.chat_input(key="chat.input").set_value(f"Question {r}").run()
            if at.exception:
                raise RuntimeError(at.exception[0].value)
            on_page: dict[str, float] = {}
            for when, body in shown:
                for word in re.findall(r"r\d+t\d{5}", body):
                    on_page.setdefault(word, when)
            missing = [w for w in words if w not in on_page or w not in sent]
            if missing:
                raise RuntimeError(
                    f"{len(missing)} tokens never reached the page "
                    f"({len(sent)} sent, {len(shown)} deltas: {[b[:40] for _, b in shown[:5]]})"
                )
            reply = [(on_page[w] - sent[w]) * 1000 for w in words]
            if r == 0:
                cold = reply
                continue
            latencies.extend(reply)
            firsts.append(reply[0])
        wait_for_titles()
    finally:
        openai_server._Handler._write_chunk = write_chunk
        ScriptRunContext.enqueue = enqueue
    return {
        "tokens_per_reply": tokens,
        "replies": replies,
        "median_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(_percentile(latencies, 0.95), 2),
        "max_ms": round(max(latencies), 2),
        "first_token_median_ms": round(statistics.median(firsts), 2),
        "cold_reply_median_ms": round(statistics.median(cold), 2),
        "budget_ms": LATENCY_BUDGET_MS,
        "under_budget": statistics.median(latencies) < LATENCY_BUDGET_MS,
    }


# --- opening a long conversation -----------------------------------------------------------

USER_TEXT = "Which of my achievements would you lead with for the payments role, and why? ({i})"
REPLY_TEXT = (
    "Lead with the **settlement rebuild**: it shows event-driven design on Kafka and "
    "PostgreSQL, and it has a number a hiring manager remembers (26 hours to 40 minutes). "
    "Then the *idempotency layer*, which speaks to reliability at scale.\n\n"
    "- Put the result first when you say it aloud.\n"
    "- Keep each bullet to one line.\n\n"
    "If you want, I can rewrite either of them for this posting. ({i})"
)
DRAFT = "\n\nBullet: Rebuilt card settlement on Kafka and PostgreSQL, cutting it from 26 hours to 40 minutes ({i})"


def seed_long_conversation(session: Session, user_id: str) -> tuple[str, str]:
    """A conversation of LONG_CONVERSATION messages and a short one; returns their ids."""
    from models import Conversation, Message
    from models.base import utcnow

    start = utcnow() - timedelta(days=30)
    long = Conversation(user_id=user_id, title="Preparing for the payments role")
    short = Conversation(user_id=user_id, title="A quick question")
    session.add_all([long, short])
    session.flush()
    rows = []
    for i in range(LONG_CONVERSATION):
        when = start + timedelta(seconds=30 * i)
        if i % 2 == 0:
            content, role = USER_TEXT.format(i=i), "user"
        else:
            content = REPLY_TEXT.format(i=i) + (DRAFT.format(i=i) if i % 10 == 1 else "")
            role = "assistant"
        rows.append(
            Message(conversation_id=long.id, role=role, content=content, timestamp=when,
                    created_at=when, updated_at=when)
        )  # fmt: skip
    now = utcnow()
    rows.append(Message(conversation_id=short.id, role="user", content="Hello", timestamp=now))
    rows.append(
        Message(conversation_id=short.id, role="assistant", content="Hello! Ask away.",
                timestamp=now + timedelta(seconds=1))
    )  # fmt: skip
    session.add_all(rows)
    long.updated_at = start
    session.commit()
    return long.id, short.id


def open_long_conversation(user_id: str, long_id: str, short_id: str, counter, runs: int) -> dict:
    """Time the click that opens the long conversation; see the docstring."""
    from streamlit.testing.v1 import AppTest

    empty = ROOT / "bench" / "_empty_page.py"
    empty.write_text("import streamlit as st\n\nst.write('')\n")
    try:
        started = time.perf_counter()
        AppTest.from_file(str(empty), default_timeout=60).run()
        startup_ms = (time.perf_counter() - started) * 1000
    finally:
        empty.unlink()

    def fresh(open_id: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "pages" / "chat.py"), default_timeout=60)
        at.session_state["actor"] = {"user_id": user_id, "role": "member"}
        at.session_state["chat.current"] = open_id
        return at

    first = fresh(long_id)
    with counter.counting():
        started = time.perf_counter()
        first.run()
        first_ms = (time.perf_counter() - started) * 1000
    if first.exception:
        raise RuntimeError(first.exception[0].value)

    at = fresh(short_id).run()
    times, statements = [], []
    for _ in range(runs):
        at.sidebar.button(key=f"chat.open.{short_id}").click().run()
        with counter.counting():
            started = time.perf_counter()
            at.sidebar.button(key=f"chat.open.{long_id}").click().run()
            times.append((time.perf_counter() - started) * 1000)
            statements.append(counter.count)
        if at.exception:
            raise RuntimeError(at.exception[0].value)
    shown = len(at.chat_message)
    return {
        "messages_in_conversation": LONG_CONVERSATION,
        "messages_shown": shown,
        "drafts_shown": sum(1 for b in at.button if (b.key or "").endswith(".save")),
        "runs": runs,
        "median_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "statements": max(statements),
        "first_visit_ms": round(first_ms, 1),
        "first_visit_statements": counter.count,
        "apptest_startup_ms": round(startup_ms, 1),
        "budget_ms": OPEN_BUDGET_MS,
        "under_budget": statistics.median(times) < OPEN_BUDGET_MS,
    }


def main(server_url: str | None, tokens: int, replies: int, runs: int) -> dict:
    logging.disable(logging.WARNING)  # AppTest's "missing ScriptRunContext" chatter
    warnings.filterwarnings("ignore")
    from models.db import dispose_engines, get_engine
    from services.demo import seed_demo
    from tests.fakes.openai_server import FakeOpenAIServer

    results: dict = {}
    with (
        scratch_engine(server_url) as seeded,
        tempfile.TemporaryDirectory() as data_dir,
        FakeOpenAIServer() as server,
    ):
        url = seeded.url.render_as_string(hide_password=False)
        with Session(seeded, expire_on_commit=False) as session:
            user_id = seed_demo(session)[0].user_id
            long_id, short_id = seed_long_conversation(session, user_id)
        _point_settings_at(url, data_dir, server.base_url)
        counter = StatementCounter(get_engine(url))  # the engine the page uses
        results["backend"] = seeded.dialect.name
        results["open_1000_message_conversation"] = open_long_conversation(
            user_id, long_id, short_id, counter, runs
        )
        results["token_to_page_latency"] = token_latency(server, user_id, tokens, replies)
        dispose_engines()
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server_url", nargs="?", help="a PostgreSQL server (default: SQLite)")
    parser.add_argument("--tokens", type=int, default=400, help="tokens per streamed reply")
    parser.add_argument("--replies", type=int, default=5, help="replies streamed")
    parser.add_argument("--runs", type=int, default=15, help="timed openings")
    args = parser.parse_args()
    emit("chat", main(args.server_url, args.tokens, args.replies, args.runs))
