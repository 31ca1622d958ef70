"""The chat page: conversations kept, replies streamed and saved, faults that lose nothing,
drafts saved into the record in one click; offline and against a fake OpenAI server."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from services import accounts, achievements, bullets, coaching, conversations, experiences, jobs
from services.access import Actor
from services.ai.provider import clear_provider_cache
from services.assistant import INTERRUPTED_MARKER, send_message, wait_for_titles
from services.settings import get_settings
from tests.fakes.openai_server import FakeOpenAIServer, fake_openai

__all__ = ["fake_openai"]


def _chat(at: AppTest) -> list[tuple[str, str]]:
    """The transcript as (who, text) pairs."""
    return [(m.name, "\n".join(x.value for x in m.markdown)) for m in at.chat_message]


def _send(at: AppTest, text: str) -> AppTest:
    return at.chat_input(key="chat.input").set_value(text).run()


def _stored(session: Session, actor: Actor, conversation_id: str) -> list[tuple[str, str]]:
    session.expire_all()
    return [
        (m.role, m.content) for m in conversations.list_messages(session, actor, conversation_id)
    ]


def _only_conversation(session: Session, actor: Actor):
    session.expire_all()
    [conv] = conversations.list_conversations(session, actor)
    return conv


@pytest.fixture
def record(session: Session, alice: Actor) -> dict:
    exp = experiences.create_experience(
        session, alice, company_name="Globex", job_title="Data Analyst", is_current=True
    )
    dash = achievements.create_achievement(
        session,
        alice,
        experience_id=exp.id,
        description="Built Tableau dashboards for the sales team",
        impact="Weekly reporting fell from 6 hours to 1",
        skills="Tableau, SQL",
    )
    job = jobs.create_job(
        session,
        alice,
        title="BI Developer",
        company="Initech",
        description="Tableau, SQL and Snowflake.",
        key_skills="Tableau, SQL, Snowflake",
    )
    return {"experience": exp, "dash": dash, "job": job}


# --- offline -------------------------------------------------------------------------------


def test_a_first_visit_offers_questions_and_says_it_is_offline(run_page, alice: Actor) -> None:
    at = run_page("chat", alice)
    assert not at.exception
    assert "Career assistant" in at.title[0].value
    assert "No AI model is connected" in at.caption[1].value
    labels = [b.label for b in at.button]
    assert "Summarise my experience" in labels and "New conversation" in labels
    assert _chat(at) == []


def test_a_suggestion_starts_a_titled_conversation_answered_from_the_record(
    run_page, session: Session, alice: Actor, record
) -> None:
    at = run_page("chat", alice)
    at.button(key="chat.suggest.0").click().run()
    assert not at.exception and not at.error
    conv = _only_conversation(session, alice)
    assert conv.title == "Summarise my experience"
    [(who1, asked), (who2, answer)] = _chat(at)
    assert (who1, asked) == ("user", "Summarise my experience")
    assert who2 == "assistant" and "Data Analyst at Globex" in answer
    assert [r for r, _ in _stored(session, alice, conv.id)] == ["user", "assistant"]
    sidebar = [b.label for b in at.sidebar.button]
    assert "Summarise my experience" in sidebar
    assert at.subheader[0].value == "Summarise my experience"

    _send(at, "My achievements with Tableau")
    assert _chat(at)[-1][1].startswith("Your 1 achievement showing Tableau:")
    assert len(_stored(session, alice, conv.id)) == 4


def test_the_persons_words_are_shown_as_typed(run_page, session: Session, alice: Actor) -> None:
    at = run_page("chat", alice)
    _send(at, "**bold** <b>x</b> :red[y]\nsecond line")
    shown = _chat(at)[0][1]
    assert shown == r"\*\*bold\*\* \<b\>x\</b\> \:red\[y\]  " + "\nsecond line"
    assert "<b>" not in at.sidebar.button[1].label


def test_the_job_in_focus_is_kept_with_the_conversation(
    run_page, session: Session, alice: Actor, record
) -> None:
    at = run_page("chat", alice)
    picker = at.selectbox(key="chat.job.new")
    assert picker.value is None and picker.proto.placeholder == "No job chosen"
    assert not picker.disabled
    picker.set_value(record["job"].id).run()
    _send(at, "What does this job ask for that my bullets do not cover?")
    assert not at.exception
    conv = _only_conversation(session, alice)
    answer = _chat(at)[-1][1]
    assert "*BI Developer at Initech* asks for 3 key skills." in answer
    assert any(r"Job in focus\: BI Developer at Initech" in c.value for c in at.caption)
    assert at.selectbox(key=f"chat.job.{conv.id}").value == record["job"].id
    assert [r for r, _ in _stored(session, alice, conv.id)] == ["system", "user", "assistant"]

    fresh = run_page("chat", alice)  # a new visit: the pick is read back from the conversation
    assert fresh.selectbox(key=f"chat.job.{conv.id}").value == record["job"].id
    fresh.selectbox(key=f"chat.job.{conv.id}").set_value(None).run()
    assert _stored(session, alice, conv.id)[-1] == ("system", "[job:] No job in focus")


def test_a_drafted_bullet_is_saved_in_one_click(
    run_page, session: Session, alice: Actor, record
) -> None:
    at = run_page("chat", alice)
    _send(at, "Write bullets for my Tableau dashboards")
    assert not at.exception
    key = next(b.key for b in at.button if b.key and b.key.endswith(".0.save"))
    where = at.selectbox(key=key.replace(".save", ".where"))
    assert where.value == (record["experience"].id, record["dash"].id)
    at.button(key=key).click().run()
    assert not at.exception
    assert [t.value for t in at.toast] == [
        "Bullet saved. You will find it on the Resume bullets page."
    ]
    [saved] = bullets.list_bullets(session, alice)
    assert saved.achievement_id == record["dash"].id and "Tableau" in saved.content
    assert any("In your record" in c.value for c in at.caption)
    assert not any(b.key == key for b in at.button)


def test_a_drafted_achievement_is_saved_in_one_click(
    run_page, session: Session, alice: Actor, record
) -> None:
    conv, _ = send_message(session, alice, None, "Draft an achievement")
    conversations.add_message(
        session,
        alice,
        conv.id,
        role="assistant",
        content="Achievement: Ran the quarterly sales review\nImpact: Two deals saved",
    )
    at = run_page("chat", alice)
    at.button(key=next(b.key for b in at.button if b.label == "Save as achievement")).click()
    at.run()
    assert [t.value for t in at.toast] == [
        "Achievement saved. You will find it on the Achievements page."
    ]
    found = [
        a for a in achievements.list_achievements(session, alice) if "quarterly" in a.description
    ]
    assert found[0].impact == "Two deals saved"


def test_rename_and_delete_ask_first(run_page, session: Session, alice: Actor) -> None:
    conv, _ = send_message(session, alice, None, "Summarise my experience")
    at = run_page("chat", alice)
    at.button(key=f"chat.rename.{conv.id}.open").click().run()
    at.text_input(key=f"chat.rename.{conv.id}.title").set_value("My summary")
    at.button(key=f"chat.rename.{conv.id}.save").click().run()
    assert not at.exception
    assert [t.value for t in at.toast] == ["Conversation renamed."]
    assert _only_conversation(session, alice).title == "My summary"

    at.button(key=f"chat.ask_delete.{conv.id}").click().run()
    [question] = [t.value for t in at.text if "will be deleted" in t.value]
    assert question.startswith("“My summary” and its 1 message will be deleted.")
    at.button(key=f"chat.delete.{conv.id}.yes").click().run()
    assert [t.value for t in at.toast] == ["Conversation deleted."]
    assert conversations.list_conversations(session, alice) == []
    assert "Summarise my experience" in [b.label for b in at.button]  # back to a new one


def test_switching_and_starting_conversations(run_page, session: Session, alice: Actor) -> None:
    first, _ = send_message(session, alice, None, "First question")
    send_message(session, alice, None, "Second question")
    at = run_page("chat", alice)
    assert at.subheader[0].value == "Second question"  # the latest opens
    at.sidebar.button(key=f"chat.open.{first.id}").click().run()
    assert at.subheader[0].value == "First question"
    assert _chat(at)[0] == ("user", "First question")
    assert "no reply yet" in at.chat_message[-1].caption[0].value
    at.sidebar.button(key="chat.new").click().run()
    assert _chat(at) == []
    _send(at, "Third question")
    assert len(conversations.list_conversations(session, alice)) == 3


def test_long_conversations_open_at_their_latest_messages(
    run_page, session: Session, alice: Actor
) -> None:
    conv = conversations.create_conversation(session, alice, title="Long")
    for i in range(120):
        conversations.add_message(
            session, alice, conv.id, role="user" if i % 2 == 0 else "assistant", content=f"m{i}"
        )
    at = run_page("chat", alice)
    shown = [text for _, text in _chat(at)]
    assert shown == [f"m{i}" for i in range(70, 120)]
    at.button(key=f"chat.earlier.{conv.id}").click().run()
    assert [text for _, text in _chat(at)] == [f"m{i}" for i in range(20, 120)]
    at.button(key=f"chat.earlier.{conv.id}").click().run()
    assert len(at.chat_message) == 120
    assert not any(b.key == f"chat.earlier.{conv.id}" for b in at.button)


def test_a_coach_sees_only_their_own_conversations_here(
    run_page, session: Session, alice: Actor
) -> None:
    send_message(session, alice, None, "Alice's private question")
    coach = accounts.create_account(
        session,
        username="coach.kim",
        email="kim@coaching.example",
        password_hash=accounts.hash_password("correct horse", rounds=4),
        role="coach",
    ).actor
    invited = coaching.invite_coach(session, alice, "coach.kim", share_conversations=True)
    coaching.accept_invitation(session, coach, invited.id)
    at = run_page("chat", coach)
    assert not at.exception
    assert _chat(at) == []
    assert "Alice's private question" not in [b.label for b in at.sidebar.button]


# --- with a model: the fake OpenAI-compatible server ---------------------------------------


@pytest.fixture
def model(app_env: str, fake_openai: FakeOpenAIServer, monkeypatch) -> Iterator[FakeOpenAIServer]:
    """The app talks to the fake server; one attempt per call, so faults reach the page."""
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("ACHIEV_AI_PROVIDER", "openai")
    monkeypatch.setenv("ACHIEV_AI_TIMEOUT", "1")
    monkeypatch.setenv("ACHIEV_AI_MAX_RETRIES", "0")
    get_settings.cache_clear()
    clear_provider_cache()
    yield fake_openai
    wait_for_titles()
    clear_provider_cache()


def _chat_requests(server: FakeOpenAIServer) -> list[dict]:
    return [r["body"] for r in server.requests if r["path"] == "/v1/chat/completions"]


def test_a_reply_is_streamed_saved_and_titled_by_the_model(
    run_page, session: Session, alice: Actor, record, model: FakeOpenAIServer
) -> None:
    model.enqueue(
        {"content": "Lead with your dashboards.\n\nBullet: Built Tableau dashboards for sales"},
        {"content": "Leading with Tableau", "delay": 0.5},
    )
    at = run_page("chat", alice)
    assert "Answers by OpenAI-compatible gpt-4o-mini" in at.caption[1].value
    _send(at, "Hi! Which of my achievements should lead?")
    assert not at.exception and not at.error
    conv = _only_conversation(session, alice)
    assert _stored(session, alice, conv.id) == [
        ("user", "Hi! Which of my achievements should lead?"),
        ("assistant", "Lead with your dashboards.\n\nBullet: Built Tableau dashboards for sales"),
    ]
    assert _chat(at)[1][1].startswith("Lead with your dashboards.")
    asked = _chat_requests(model)[0]
    assert asked["stream"] is True
    system = asked["messages"][0]["content"]
    assert "Built Tableau dashboards for the sales team" in system
    assert "never invent" in system.lower()
    assert asked["messages"][-1] == {
        "role": "user",
        "content": "Hi! Which of my achievements should lead?",
    }
    assert conv.title == "Which of my achievements should lead"  # at once, from its words
    wait_for_titles()
    assert _only_conversation(session, alice).title == "Leading with Tableau"
    assert at.button(key=next(b.key for b in at.button if b.label == "Save as bullet"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


FAULTS = {
    "429": (
        {"status": 429, "retry_after": 20},
        "The AI service is handling too many requests right now. Nothing was changed; try "
        "again in 20 seconds.",
    ),
    "500": (
        {"status": 500},
        "The AI service had a problem on its side (HTTP 500). Nothing was changed; try again "
        "in a moment.",
    ),
    "timeout": (
        {"delay": 1.6},
        "The AI service did not answer within 1 seconds. Nothing was changed; try again in a "
        "moment.",
    ),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_failed_reply_keeps_the_message_and_retry_works(
    run_page, session: Session, alice: Actor, model: FakeOpenAIServer, fault: str
) -> None:
    reply, sentence = FAULTS[fault]
    model.enqueue(reply, {"content": "Here is the answer."})
    at = run_page("chat", alice)
    _send(at, "Make my bullets stronger")
    assert not at.exception
    conv = _only_conversation(session, alice)
    assert _stored(session, alice, conv.id) == [("user", "Make my bullets stronger")]
    assert [e.value for e in at.error] == [sentence]
    assert _chat(at)[0] == ("user", "Make my bullets stronger")

    at.button(key=f"chat.retry.{conv.id}").click().run()
    assert not at.exception and not at.error
    assert _stored(session, alice, conv.id) == [
        ("user", "Make my bullets stronger"),
        ("assistant", "Here is the answer."),
    ]
    assert _chat(at)[-1] == ("assistant", "Here is the answer.")
    assert not any(b.key == f"chat.retry.{conv.id}" for b in at.button)


def test_a_refused_connection_keeps_the_message_and_retry_works_once_it_is_up(
    run_page, session: Session, alice: Actor, model: FakeOpenAIServer, monkeypatch
) -> None:
    port = _free_port()
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1")
    get_settings.cache_clear()
    clear_provider_cache()
    at = run_page("chat", alice)
    _send(at, "Summarise my experience")
    conv = _only_conversation(session, alice)
    assert _stored(session, alice, conv.id) == [("user", "Summarise my experience")]
    [error] = [e.value for e in at.error]
    assert error.startswith("Achiev could not reach the AI service at 127.0.0.1.")
    with FakeOpenAIServer(port) as server:
        server.enqueue({"content": "Now I can answer."})
        at.button(key=f"chat.retry.{conv.id}").click().run()
        assert not at.error
        assert _stored(session, alice, conv.id)[-1] == ("assistant", "Now I can answer.")
        wait_for_titles()


def test_a_cut_stream_keeps_the_part_marked_and_retry_completes_it(
    run_page, session: Session, alice: Actor, model: FakeOpenAIServer
) -> None:
    model.enqueue(
        {"content": "First words then more words", "fault": "cut", "cut_after": 2},
        {"content": "The whole answer."},
    )
    at = run_page("chat", alice)
    _send(at, "Tell me everything")
    conv = _only_conversation(session, alice)
    assert _stored(session, alice, conv.id) == [
        ("user", "Tell me everything"),
        ("assistant", "First words" + INTERRUPTED_MARKER),
    ]
    assert [e.value for e in at.error] == [
        "The AI reply was interrupted before it finished; the part received is kept. Ask "
        "again to get a complete answer."
    ]
    assert _chat(at)[1] == ("assistant", "First words")
    assert "Reply interrupted" in at.chat_message[1].caption[0].value

    at.button(key=f"chat.retry.{conv.id}").click().run()
    assert not at.error
    assert _stored(session, alice, conv.id)[-1] == ("assistant", "The whole answer.")
    # the model was not shown the broken-off part
    retried = _chat_requests(model)[1]
    assert [m["role"] for m in retried["messages"]] == ["system", "user"]


def test_a_reply_stopped_in_an_earlier_visit_offers_a_retry(
    run_page, session: Session, alice: Actor
) -> None:
    conv, _ = send_message(session, alice, None, "Summarise my experience")
    conversations.add_message(
        session, alice, conv.id, role="assistant", content="Your rec" + INTERRUPTED_MARKER
    )
    at = run_page("chat", alice)
    assert _chat(at)[1] == ("assistant", "Your rec")
    assert "Reply interrupted" in at.chat_message[1].caption[0].value
    assert "stopped before it finished" in at.chat_message[2].caption[0].value
    at.button(key=f"chat.retry.{conv.id}").click().run()
    assert not at.exception
    assert _stored(session, alice, conv.id)[-1][1].startswith("Your record is empty so far.")
    assert len(_stored(session, alice, conv.id)) == 3
