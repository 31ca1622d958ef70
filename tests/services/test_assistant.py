"""The career assistant's services: grounding within a budget, offline answers, titles, the
reply lifecycle (nothing lost), the job in focus, drafts, and who may do what."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence

import pytest
from sqlmodel import Session

from services import (
    accounts,
    achievements,
    bullets,
    coaching,
    conversations,
    experiences,
    jobs,
    profiles,
)
from services.access import Actor
from services.ai.offline import OfflineProvider
from services.ai.openai_provider import OpenAIProvider
from services.ai.provider import AIProvider, ChatMessage, IncompleteReply
from services.assistant import (
    INTERRUPTED_MARKER,
    STOPPED,
    Draft,
    awaiting_reply,
    best_home,
    extract_drafts,
    in_record,
    is_interrupted,
    job_in_focus,
    model_history,
    model_title,
    offline_title,
    retitle_with_model,
    save_draft,
    save_reply,
    send_message,
    set_job_in_focus,
    start_reply,
    tidy_model_title,
    wait_for_titles,
    without_marker,
)
from services.career import load_career
from services.errors import AIUnavailable, NotFound, PermissionDenied, ValidationFailed
from services.grounding import estimate_tokens, ground, job_block, md_escape
from services.offline_assistant import offline_answer, route
from services.settings import Settings
from tests.fakes.openai_server import FakeOpenAIServer, fake_openai

__all__ = ["fake_openai"]


# --- a small record ------------------------------------------------------------------------


@pytest.fixture
def record(session: Session, alice: Actor) -> dict:
    """Alice's record: two jobs, four achievements (one with bullets), a loose bullet, a job ad."""
    profiles.update_profile(
        session, alice, first_name="Alice", last_name="Ng", headline="Platform engineer"
    )
    acme = experiences.create_experience(
        session, alice, company_name="Acme", job_title="Senior Engineer", is_current=True
    )
    globex = experiences.create_experience(
        session, alice, company_name="Globex", job_title="Data Analyst"
    )
    k8s = achievements.create_achievement(
        session,
        alice,
        experience_id=acme.id,
        description="Moved 14 services to Kubernetes with Terraform",
        impact="Deploys went from weekly to 30 a day",
        skills="k8s, Terraform",
    )
    bullets.create_bullet(
        session,
        alice,
        achievement_id=k8s.id,
        content="Led the move of 14 services to Kubernetes, raising deploys to 30 a day",
    )
    mentor = achievements.create_achievement(
        session,
        alice,
        experience_id=acme.id,
        description="Mentored four engineers through their first on-call rotation",
        skills="Mentoring",
    )
    dash = achievements.create_achievement(
        session,
        alice,
        experience_id=globex.id,
        description="Built Tableau dashboards for the sales team",
        impact="Weekly reporting time fell from 6 hours to 1",
        skills="Tableau, SQL",
    )
    sql = achievements.create_achievement(
        session,
        alice,
        experience_id=globex.id,
        description="Rewrote the monthly revenue queries in SQL",
        skills="SQL",
    )
    loose = bullets.create_bullet(
        session, alice, experience_id=globex.id, content="Spoke at the city data meetup"
    )
    job = jobs.create_job(
        session,
        alice,
        title="BI Developer",
        company="Initech",
        description="We need a BI developer with Tableau, SQL and Snowflake experience.",
        key_skills="Tableau, SQL, Snowflake",
        requirements="3 years of SQL\nSnowflake experience\nTableau dashboards",
    )
    return {
        "acme": acme,
        "globex": globex,
        "k8s": k8s,
        "mentor": mentor,
        "dash": dash,
        "sql": sql,
        "loose": loose,
        "job": job,
    }


def _tree(session: Session, actor: Actor):
    return load_career(session, actor)


# --- grounding -----------------------------------------------------------------------------


def test_tokens_are_estimated_as_characters_over_four() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("abcd") == 1
    assert estimate_tokens("abcde") == 2
    assert estimate_tokens("x" * 400) == 100


def test_grounding_puts_the_most_relevant_first(session: Session, alice: Actor, record) -> None:
    tree = _tree(session, alice)
    about_k8s = ground(tree, "How do I describe my Kubernetes migration?")
    assert about_k8s.included[0] == record["k8s"].id
    assert "Alice Ng" in about_k8s.text and "Senior Engineer at Acme" in about_k8s.text
    assert "Led the move of 14 services" in about_k8s.text  # bullets ride with achievements
    assert about_k8s.left_out == 0

    for_the_job = ground(tree, "Which achievements should I lead with?", record["job"])
    assert for_the_job.included[0] == record["dash"].id
    assert set(for_the_job.included[:2]) == {record["dash"].id, record["sql"].id}


def test_grounding_stays_within_its_budget(session: Session, alice: Actor, record) -> None:
    for i in range(60):
        achievements.create_achievement(
            session,
            alice,
            experience_id=record["acme"].id,
            description=f"Improved internal tool number {i} for the operations team " * 3,
        )
    tree = _tree(session, alice)
    small = ground(tree, "Tell me about my Tableau work", budget=600)
    assert small.tokens <= 600
    assert estimate_tokens(small.text) == small.tokens
    assert small.included[0] == record["dash"].id  # the relevant one survives the cut
    assert small.left_out == 65 - len(small.included) > 0
    assert f"({small.left_out} less relevant items were left out for length.)" in small.text
    big = ground(tree, "Tell me about my Tableau work", budget=100_000)
    assert big.left_out == 0 and big.tokens > small.tokens


def test_an_empty_record_is_grounded_plainly(session: Session, alice: Actor) -> None:
    g = ground(_tree(session, alice), "Hello")
    assert "(none recorded yet)" in g.text and g.included == [] and g.left_out == 0


def test_the_job_block_keeps_skills_and_requirements_within_budget(
    session: Session, alice: Actor
) -> None:
    job = jobs.create_job(
        session,
        alice,
        title="Data Engineer",
        description="Build pipelines. " * 2_000,
        key_skills="Python, Airflow",
        requirements="Python\nAirflow",
    )
    text = job_block(job, budget=300)
    assert estimate_tokens(text) <= 300
    assert "Key skills: Python, Apache Airflow" in text and "- Airflow" in text
    assert text.endswith("…")


# --- the conversation sent to the model ----------------------------------------------------


def _messages(session: Session, actor: Actor, *turns: tuple[str, str]):
    conv = conversations.create_conversation(session, actor, title="T")
    for role, content in turns:
        conversations.add_message(session, actor, conv.id, role=role, content=content)
    return conv, conversations.list_messages(session, actor, conv.id)


def test_history_keeps_the_newest_turns_within_budget(session: Session, alice: Actor) -> None:
    _, msgs = _messages(
        session,
        alice,
        ("user", "old question " * 100),
        ("assistant", "old answer " * 100),
        ("system", "[job:] No job in focus"),
        ("user", "second question"),
        ("assistant", "half an answer" + INTERRUPTED_MARKER),
    )
    history = model_history(msgs, budget=300)
    assert history == [{"role": "user", "content": "second question"}]
    everything = model_history(msgs, budget=10_000)
    assert [m["role"] for m in everything] == ["user", "assistant", "user"]
    assert awaiting_reply(msgs)  # the last reply broke off
    assert not awaiting_reply(msgs[:2])


# --- titles --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "title"),
    [
        (
            "Hi! Can you please make this bullet stronger: Led the migration",
            "Make this bullet stronger",
        ),
        ("Which of my achievements fit this job?", "Which of my achievements fit this job"),
        ("summarise my experience", "Summarise my experience"),
        (
            "I'd like you to look at every single one of my bullets for the data role",
            "Look at every single one of my",
        ),
        ("hello", "New conversation"),
        ("Hello there", "Hello there"),
        ("can you help me with my bullets", "Can you help me with my bullets"),
        ("hi. help me with bullets", "Help me with bullets"),
        ("   ?!  ", "New conversation"),
        (
            "What's missing for the Staff Engineer role? Also, salary.",
            "What's missing for the Staff Engineer role",
        ),
        ("x" * 300, "X" + "x" * 59),
    ],
)
def test_offline_titles_are_short_and_tidy(message: str, title: str) -> None:
    assert offline_title(message) == title


def test_model_titles_are_cleaned_and_failures_give_none() -> None:
    assert (
        tidy_model_title('Title: "Kubernetes bullets for Acme."') == "Kubernetes bullets for Acme"
    )
    assert tidy_model_title("**data role gaps**\nmore") == "Data role gaps"
    assert tidy_model_title("  ") is None
    assert model_title(OfflineProvider(), "anything") is None
    assert model_title(_Scripted(fail_at_open=True), "anything") is None


def _openai(server: FakeOpenAIServer, **overrides) -> OpenAIProvider:
    settings = Settings(
        ai_provider="openai",
        openai_base_url=server.base_url,
        ai_timeout_seconds=2.0,
        ai_max_retries=0,
        **overrides,
    )
    return OpenAIProvider(settings, retry_budget_seconds=1.0, backoff_seconds=0.01)


def test_a_model_title_replaces_the_first_words_unless_renamed_meanwhile(
    session: Session, engine, alice: Actor, fake_openai: FakeOpenAIServer
) -> None:
    provider = _openai(fake_openai)
    conv, _ = send_message(session, alice, None, "can you help me with my bullets")
    assert conv.title == "Can you help me with my bullets"
    fake_openai.enqueue({"content": '"Sharpening resume bullets."'})
    retitle_with_model(
        engine, alice, conv.id, expected_title=conv.title, message="x", provider=provider
    ).join(5)
    session.expire_all()
    assert conversations.get_conversation(session, alice, conv.id).title == (
        "Sharpening resume bullets"
    )
    assert fake_openai.requests[-1]["body"]["messages"][0]["content"].startswith("Write a title")

    conversations.update_conversation(session, alice, conv.id, title="Mine")
    fake_openai.enqueue({"content": "Another title"})
    retitle_with_model(
        engine,
        alice,
        conv.id,
        expected_title="Sharpening resume bullets",
        message="x",
        provider=provider,
    ).join(5)
    fake_openai.enqueue({"status": 500})
    retitle_with_model(
        engine, alice, conv.id, expected_title="Mine", message="x", provider=provider
    )
    wait_for_titles()
    session.expire_all()
    assert conversations.get_conversation(session, alice, conv.id).title == "Mine"


# --- sending: the person's message is saved first ------------------------------------------


def test_sending_saves_the_message_in_a_new_titled_conversation(
    session: Session, alice: Actor
) -> None:
    conv, msg = send_message(session, alice, None, "  Summarise my experience  ")
    assert conv.title == "Summarise my experience"
    assert msg.role == "user" and msg.content == "Summarise my experience"
    conv2, _ = send_message(session, alice, conv.id, "And my skills?")
    assert conv2.id == conv.id and conv2.title == "Summarise my experience"
    assert [m.content for m in conversations.list_messages(session, alice, conv.id)] == [
        "Summarise my experience",
        "And my skills?",
    ]
    untitled = conversations.create_conversation(session, alice)
    assert send_message(session, alice, untitled.id, "hello there")[0].title == "Hello there"


def test_sending_nothing_or_too_much_is_refused(session: Session, alice: Actor) -> None:
    with pytest.raises(ValidationFailed, match="Type a message first"):
        send_message(session, alice, None, "   ")
    with pytest.raises(ValidationFailed, match="at most 20,000 characters"):
        send_message(session, alice, None, "x" * 20_001)
    assert conversations.list_conversations(session, alice) == []


# --- replying: kept whole, kept marked, or not at all --------------------------------------


class _Scripted(AIProvider):
    """A provider whose stream sends `pieces`, then breaks off or fails as told."""

    name = "scripted"
    label = "Scripted"
    is_offline = False
    supports_embeddings = False

    def __init__(
        self,
        pieces: Sequence[str] = (),
        *,
        cut: bool = False,
        fail_at_open: bool = False,
    ) -> None:
        self.pieces = list(pieces)
        self.cut = cut
        self.fail_at_open = fail_at_open
        self.seen: list[list[ChatMessage]] = []

    def complete_json(self, system, user, schema):  # pragma: no cover - unused
        raise AIUnavailable("no")

    def chat(self, messages):
        if self.fail_at_open:
            raise AIUnavailable("The AI service is down. Try again.")
        return "".join(self.pieces)

    def chat_stream(self, messages) -> Iterator[str]:
        self.seen.append(list(messages))
        if self.fail_at_open:
            raise AIUnavailable("The AI service is down. Try again.")
        return self._stream()

    def _stream(self) -> Iterator[str]:
        yield from self.pieces
        if self.cut:
            raise IncompleteReply(
                "The AI reply was interrupted.",
                partial_text="".join(self.pieces),
                reason="interrupted",
            )

    def embed(self, texts):  # pragma: no cover - unused
        return None


def _ask(session: Session, actor: Actor, provider: AIProvider, text: str = "Help with bullets"):
    conv, _ = send_message(session, actor, None, text)
    return conv, start_reply(session, actor, conv.id, provider)


def test_a_whole_reply_is_saved_and_grounded(session: Session, alice: Actor, record) -> None:
    provider = _Scripted(["Lead with ", "your Tableau work."])
    conv, _ = send_message(session, alice, None, "Which achievements fit?")
    set_job_in_focus(session, alice, conv.id, record["job"].id)
    reply = start_reply(session, alice, conv.id, provider)
    assert "".join(reply) == "Lead with your Tableau work."
    assert reply.status == "complete" and reply.error is None and reply.first_reply
    saved = save_reply(session, alice, reply)
    assert saved.role == "assistant" and saved.content == "Lead with your Tableau work."
    assert save_reply(session, alice, reply) is saved  # kept once
    [sent] = provider.seen
    system = sent[0]["content"]
    assert sent[0]["role"] == "system" and "never invent" in system.lower()
    assert "Built Tableau dashboards" in system and "THE JOB IN FOCUS" in system
    assert "Title: BI Developer" in system
    assert sent[-1] == {"role": "user", "content": "Which achievements fit?"}
    assert not awaiting_reply(conversations.list_messages(session, alice, conv.id))


def test_a_cut_reply_is_kept_and_marked(session: Session, alice: Actor) -> None:
    conv, reply = _ask(session, alice, _Scripted(["Half ", "an answer"], cut=True))
    assert "".join(reply) == "Half an answer"
    assert reply.status == "interrupted" and reply.error == "The AI reply was interrupted."
    saved = save_reply(session, alice, reply)
    assert saved.content == "Half an answer" + INTERRUPTED_MARKER
    assert is_interrupted(saved.content) and without_marker(saved.content) == "Half an answer"
    msgs = conversations.list_messages(session, alice, conv.id)
    assert [m.role for m in msgs] == ["user", "assistant"] and awaiting_reply(msgs)
    retry = start_reply(session, alice, conv.id, _Scripted(["Whole answer"]))
    assert retry.first_reply  # the interrupted one does not count
    assert list(retry) == ["Whole answer"]
    save_reply(session, alice, retry)
    assert not awaiting_reply(conversations.list_messages(session, alice, conv.id))


def test_a_failed_reply_keeps_the_question_and_saves_nothing(
    session: Session, alice: Actor
) -> None:
    conv, reply = _ask(session, alice, _Scripted(fail_at_open=True))
    assert list(reply) == []
    assert reply.status == "failed" and reply.error == "The AI service is down. Try again."
    assert save_reply(session, alice, reply) is None
    [kept] = conversations.list_messages(session, alice, conv.id)
    assert kept.role == "user" and kept.content == "Help with bullets"


def test_an_empty_or_broken_reply_fails_with_a_sentence(session: Session, alice: Actor) -> None:
    _, empty = _ask(session, alice, _Scripted([]))
    list(empty)
    assert empty.status == "failed" and "empty answer" in empty.error

    class Broken(_Scripted):
        def _stream(self):
            yield "Part"
            raise RuntimeError("bug")

    _, broken = _ask(session, alice, Broken())
    assert list(broken) == ["Part"]
    assert broken.status == "interrupted" and "Your message is saved" in broken.error


def test_a_reply_stopped_midway_keeps_what_arrived(session: Session, alice: Actor) -> None:
    release = threading.Event()
    closed = threading.Event()

    class Slow(_Scripted):
        def _stream(self):
            try:
                yield "One "
                yield "two"
                release.wait(5)
                yield " three"
            finally:
                closed.set()

    _, reply = _ask(session, alice, Slow())
    pieces = iter(reply)
    got = next(pieces)
    if got == "One ":
        got += next(pieces)
    assert got == "One two"
    reply.stop()  # the page reran or the person pressed stop
    assert reply.status == "interrupted" and reply.error == STOPPED
    assert save_reply(session, alice, reply).content == "One two" + INTERRUPTED_MARKER
    assert list(pieces) == []  # the page gets no more
    release.set()
    assert closed.wait(5)  # and the model's stream is closed

    _, unstarted = _ask(session, alice, _Scripted(["x"]))
    unstarted.stop()
    assert unstarted.status == "failed" and save_reply(session, alice, unstarted) is None


def test_pieces_that_arrive_together_come_out_together(session: Session, alice: Actor) -> None:
    """A model faster than the page: what arrived while the page drew comes out joined."""
    drawn = threading.Event()

    class Burst(_Scripted):
        def _stream(self):
            yield "first "
            drawn.wait(5)  # the page is still drawing the first piece...
            yield from ["a ", "b ", "c"]  # ...while three more arrive

    _, reply = _ask(session, alice, Burst())
    pieces = iter(reply)
    assert next(pieces) == "first "
    drawn.set()
    time.sleep(0.2)
    assert list(pieces) == ["a b c"]
    assert reply.status == "complete" and reply.text == "first a b c"


def test_there_must_be_a_question_to_answer(session: Session, alice: Actor) -> None:
    conv, reply = _ask(session, alice, _Scripted(["Done"]))
    list(reply)
    save_reply(session, alice, reply)
    with pytest.raises(ValidationFailed, match="no question waiting"):
        start_reply(session, alice, conv.id, _Scripted(["Again"]))


def test_the_openai_stream_is_grounded_and_kept(
    session: Session, alice: Actor, record, fake_openai: FakeOpenAIServer
) -> None:
    fake_openai.enqueue({"content": "Try this.\nBullet: Built Tableau dashboards for sales"})
    conv, reply = _ask(session, alice, _openai(fake_openai), "Stronger bullet for my dashboards?")
    assert "".join(reply) == "Try this.\nBullet: Built Tableau dashboards for sales"
    save_reply(session, alice, reply)
    body = fake_openai.requests[-1]["body"]
    assert body["stream"] is True
    assert "Built Tableau dashboards" in body["messages"][0]["content"]
    assert body["messages"][-1]["content"] == "Stronger bullet for my dashboards?"

    fake_openai.enqueue({"content": "one two three four five", "fault": "cut", "cut_after": 2})
    send_message(session, alice, conv.id, "More?")
    cut = start_reply(session, alice, conv.id, _openai(fake_openai))
    assert "".join(cut) == "one two "
    assert cut.status == "interrupted"
    assert save_reply(session, alice, cut).content == "one two" + INTERRUPTED_MARKER


# --- the job in focus ----------------------------------------------------------------------


def test_the_job_in_focus_is_noted_in_the_conversation(
    session: Session, alice: Actor, bob: Actor, record
) -> None:
    conv, _ = send_message(session, alice, None, "Hello")
    assert job_in_focus(session, alice, conv.id) is None
    note = set_job_in_focus(session, alice, conv.id, record["job"].id)
    assert note.role == "system" and "Job in focus: BI Developer at Initech" in note.content
    assert job_in_focus(session, alice, conv.id).id == record["job"].id
    assert set_job_in_focus(session, alice, conv.id, record["job"].id) is None  # unchanged
    set_job_in_focus(session, alice, conv.id, None)
    assert job_in_focus(session, alice, conv.id) is None
    set_job_in_focus(session, alice, conv.id, record["job"].id)
    jobs.delete_job(session, alice, record["job"].id)
    assert job_in_focus(session, alice, conv.id) is None  # a deleted job is no longer in focus

    started, _ = send_message(session, alice, None, "Gaps?", job_id=record["job"].id)
    assert job_in_focus(session, alice, started.id) is None  # that job was deleted above
    other = jobs.create_job(session, alice, title="Analyst", description="SQL")
    started, _ = send_message(session, alice, None, "Gaps?", job_id=other.id)
    assert job_in_focus(session, alice, started.id).id == other.id
    assert [m.role for m in conversations.list_messages(session, alice, started.id)] == [
        "system",
        "user",
    ]

    bobs = jobs.create_job(session, bob, title="Secret", description="Bob's job")
    kept, _ = send_message(session, alice, None, "Hi", job_id=bobs.id)  # not hers: left out
    assert [m.role for m in conversations.list_messages(session, alice, kept.id)] == ["user"]
    with pytest.raises(NotFound):
        set_job_in_focus(session, alice, conv.id, bobs.id)
    with pytest.raises(NotFound):
        set_job_in_focus(session, bob, conv.id, bobs.id)


def test_latest_note_reads_only_matching_system_messages(session: Session, alice: Actor) -> None:
    conv, _ = _messages(
        session,
        alice,
        ("system", "[job:a] Job in focus: A"),
        ("user", "[job:b] typed by the person"),
        ("system", "something else"),
    )
    note = conversations.latest_note(session, alice, conv.id, "[job:")
    assert note.content == "[job:a] Job in focus: A"
    assert conversations.latest_note(session, alice, conv.id, "[nothing") is None


# --- drafts --------------------------------------------------------------------------------


def test_drafts_are_found_in_replies() -> None:
    text = (
        "Here are two options:\n\n"
        "1. **Bullet:** Cut build time by 50% with Bazel\n"
        '- Bullet: "Led 14 services to Kubernetes"\n'
        "Bullet 3: Cut build time by 50% with Bazel\n"
        "Bullet: short\n\n"
        "**Achievement:** Ran the incident review programme\n"
        "**Impact:** MTTR fell from 95 to 35 minutes\n"
        "Skills: SRE, k8s\n"
        "Impact: stray line with no achievement right before\n" + INTERRUPTED_MARKER
    )
    drafts = extract_drafts(text)
    assert drafts == [
        Draft("bullet", "Cut build time by 50% with Bazel"),
        Draft("bullet", "Led 14 services to Kubernetes"),
        Draft(
            "achievement",
            "Ran the incident review programme",
            impact="MTTR fell from 95 to 35 minutes",
            skills=["Site reliability engineering", "Kubernetes"],
        ),
    ]
    assert extract_drafts("No drafts here.") == []
    escaped = f"- **Bullet:** {md_escape('Used C# & *stars* [link](x)')}"
    assert extract_drafts(escaped)[0].text == "Used C# & *stars* [link](x)"


def test_drafts_are_saved_into_the_record(session: Session, alice: Actor, record) -> None:
    tree = _tree(session, alice)
    bullet = Draft("bullet", "Built Tableau dashboards that cut weekly reporting to 1 hour")
    assert best_home(tree, bullet) == (record["globex"].id, record["dash"].id)
    assert not in_record(tree, bullet)
    saved = save_draft(
        session, alice, bullet, experience_id=record["globex"].id, achievement_id=record["dash"].id
    )
    assert saved.achievement_id == record["dash"].id and saved.ai_generated
    assert in_record(_tree(session, alice), bullet)

    achievement = Draft(
        "achievement", "Ran the quarterly planning offsite", impact="Roadmap agreed", skills=["SQL"]
    )
    assert best_home(tree, achievement)[1] is None
    made = save_draft(session, alice, achievement, experience_id=record["acme"].id)
    assert made.description == "Ran the quarterly planning offsite" and made.skills == "SQL"
    assert in_record(_tree(session, alice), achievement)
    with pytest.raises(NotFound):
        save_draft(session, alice, bullet, experience_id="nope")


# --- offline answers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "has_job", "intent"),
    [
        ("Summarise my experience", False, "summary"),
        ("Give me an overview of my career", False, "summary"),
        ("My achievements with Tableau", False, "skill"),
        ("Where did I use SQL?", False, "skill"),
        ("Write bullets for my Kubernetes achievement", False, "bullets"),
        ("Make this bullet stronger", False, "bullets"),
        ("Which of my achievements fit this job?", True, "fit"),
        ("Which of my achievements fit the BI Developer job?", False, "fit"),
        ("What does this job ask for that my bullets do not cover?", True, "gaps"),
        ("What am I missing for this role?", False, "gaps"),
        ("How should I negotiate my salary?", False, "other"),
    ],
)
def test_questions_are_routed(
    session: Session, alice: Actor, record, question: str, has_job: bool, intent: str
) -> None:
    assert route(_tree(session, alice), question, has_job=has_job) == intent


def test_offline_summary(session: Session, alice: Actor, record) -> None:
    text = offline_answer(_tree(session, alice), "Summarise my experience")
    assert "**Alice Ng — Platform engineer**" in text
    assert "2 experiences, 4 achievements and 2 resume bullets" in text
    assert "- **Senior Engineer at Acme** (now)" in text
    assert "SQL (2)" in text


def test_offline_skill_answer_finds_aliases(session: Session, alice: Actor, record) -> None:
    text = offline_answer(_tree(session, alice), "my achievements with kubernetes")
    assert "Your 1 achievement showing Kubernetes:" in text
    assert "Moved 14 services to Kubernetes" in text
    assert "Bullets that name Kubernetes:" in text
    none = offline_answer(_tree(session, alice), "achievements using Rust")
    assert "None of your achievements or bullets shows Rust yet." in none


def test_offline_bullets_are_drafts_to_save(session: Session, alice: Actor, record) -> None:
    text = offline_answer(_tree(session, alice), "Write bullets for my Tableau dashboards")
    assert "For *Built Tableau dashboards for the sales team*" in text
    drafts = extract_drafts(text)
    assert drafts and all(d.kind == "bullet" for d in drafts)
    assert all("Tableau" in d.text for d in drafts)
    latest = offline_answer(_tree(session, alice), "bullets for my latest achievement")
    assert "Mentored four engineers" in latest  # newest job, last recorded
    assert "Tip: add the achievement's impact" in latest
    which = offline_answer(_tree(session, alice), "write bullets for the thing")
    assert which.startswith("Which achievement should I write bullets for?")


def test_offline_job_answers(session: Session, alice: Actor, record) -> None:
    tree = _tree(session, alice)
    job = record["job"]
    gaps = offline_answer(tree, "What does this job ask for that my bullets do not cover?", job=job)
    assert "*BI Developer at Initech* asks for 3 key skills." in gaps
    assert "- **Snowflake** — nothing in your record shows it yet" in gaps
    assert "**Tableau** — your achievement *Built Tableau dashboards" in gaps
    assert "- Snowflake experience" in gaps
    fit = offline_answer(tree, "Which of my achievements fit the BI Developer job?", jobs=[job])
    assert fit.startswith("Your achievements that fit *BI Developer at Initech* best:")
    assert fit.index("Built Tableau dashboards") < fit.index("Mentored four engineers")
    nojob = offline_answer(tree, "What am I missing for this role?", jobs=[job, job])
    assert nojob.startswith("Which job do you mean?")
    assert "To compare your record with a job" in offline_answer(tree, "gaps for this job?")


def test_free_form_questions_say_a_model_is_needed(session: Session, alice: Actor) -> None:
    text = offline_answer(_tree(session, alice), "How should I negotiate my salary?")
    assert "Free-form questions need a model." in text
    assert "OPENAI_API_KEY" in text and "OPENAI_BASE_URL" in text
    assert "market range" in text  # still some useful guidance


def test_offline_answers_escape_the_persons_words(session: Session, alice: Actor) -> None:
    exp = experiences.create_experience(
        session, alice, company_name="<b>Evil</b>", job_title="*Dev*"
    )
    achievements.create_achievement(
        session,
        alice,
        experience_id=exp.id,
        description="Shipped :red[alerts] and [a](javascript:x)",
    )
    text = offline_answer(_tree(session, alice), "Summarise my experience")
    assert "<b>" not in text and r"\<b\>Evil\</b\>" in text
    assert r"\:red\[alerts\]" in text and r"\*Dev\*" in text


def test_offline_replies_stream_through_start_reply(session: Session, alice: Actor, record) -> None:
    _, reply = _ask(session, alice, OfflineProvider(), "Summarise my experience")
    text = "".join(reply)
    assert reply.status == "complete" and "Alice Ng" in text
    assert save_reply(session, alice, reply).content == text.strip()


# --- who may do what -----------------------------------------------------------------------


def test_strangers_and_coaches_cannot_continue_a_conversation(
    session: Session, alice: Actor, bob: Actor
) -> None:
    conv, _ = send_message(session, alice, None, "Private question")
    for call in (
        lambda who: send_message(session, who, conv.id, "hi"),
        lambda who: start_reply(session, who, conv.id, OfflineProvider()),
        lambda who: set_job_in_focus(session, who, conv.id, None),
    ):
        with pytest.raises(NotFound):
            call(bob)

    coach = accounts.create_account(
        session,
        username="coach.kim",
        email="kim@coaching.example",
        password_hash=accounts.hash_password("correct horse", rounds=4),
        role="coach",
    ).actor
    invited = coaching.invite_coach(session, alice, "coach.kim")
    coaching.accept_invitation(session, coach, invited.id)
    with pytest.raises(NotFound):  # not shared yet
        conversations.list_messages(session, coach, conv.id)
    coaching.set_share_conversations(session, alice, invited.id, True)
    assert [m.content for m in conversations.list_messages(session, coach, conv.id)] == [
        "Private question"
    ]
    with pytest.raises(PermissionDenied):
        send_message(session, coach, conv.id, "hi")
    with pytest.raises(PermissionDenied):
        start_reply(session, coach, conv.id, OfflineProvider())
    with pytest.raises(PermissionDenied):
        set_job_in_focus(session, coach, conv.id, None)
