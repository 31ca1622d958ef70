"""The career assistant's conversations: sending, replying, keeping replies, titles, the job
in focus, and the drafts a person can save from a reply.

Grounding. Every model call carries the person's record within a token budget
(`services.grounding`), the job in focus, and as much of the recent conversation as fits
`HISTORY_BUDGET`. With no model configured, answers come from `services.offline_assistant`.

Nothing is lost. The person's message is saved before any model is called (`send_message`); a
reply is saved when it completes (`save_reply`). The `messages` table holds only content, role
and timestamp, so three conventions live in the text:

- A reply that broke off (a dropped connection, a cut stream, the person stopping it) is saved
  as an assistant message ending with `INTERRUPTED_MARKER`; `is_interrupted` and
  `without_marker` read it. Such replies are shown marked and are not sent back to the model.
- The job in focus is a system message `[job:<id>] Job in focus: <title>` (`[job:] ...` when
  cleared); the newest one counts (`job_in_focus`).
- Drafts the person can save are lines `Bullet: ...` and `Achievement: ...` (optionally followed
  by `Impact: ...` and `Skills: ...` lines); `extract_drafts` finds them, `save_draft` saves one.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import Achievement, Conversation, JobDescription, Message, ResumeBullet
from services.access import Actor
from services.achievements import create_achievement
from services.ai.prompts import CONVERSATION_TITLE_SYSTEM, career_assistant_system
from services.ai.provider import AIProvider, ChatMessage, IncompleteReply
from services.bullets import create_bullet
from services.career import CareerTree, load_career
from services.conversations import (
    add_message,
    get_conversation,
    latest_note,
    list_messages,
    update_conversation,
)
from services.errors import AIUnavailable, NotFound, PermissionDenied, ValidationFailed
from services.grounding import (
    RECORD_BUDGET,
    cut,
    estimate_tokens,
    ground,
    job_block,
    md_unescape,
    one_line,
)
from services.jobs import get_job, list_jobs
from services.offline_assistant import offline_answer
from services.skills import split_skills
from services.text import content_stems, tidy

log = logging.getLogger(__name__)

#: Budget, in estimated tokens, for the conversation so far.
HISTORY_BUDGET = 3_000
#: Messages read to build the conversation sent to the model (then cut to HISTORY_BUDGET).
HISTORY_MESSAGES = 40
#: A conversation opens at its latest PAGE_SIZE messages; "load earlier" adds as many again.
PAGE_SIZE = 50
#: Longest message a person can send, in characters.
MAX_MESSAGE_CHARS = 20_000
MAX_TITLE_CHARS = 60
MAX_TITLE_WORDS = 7
DEFAULT_TITLE = "New conversation"

INTERRUPTED_MARKER = "\n\n*(reply interrupted)*"
JOB_NOTE_PREFIX = "[job:"
_JOB_NOTE = re.compile(r"^\[job:([^\]]*)\]\s*")

REPLY_FAILED = (
    "Something went wrong while the assistant was answering. Your message is saved; try again."
)
EMPTY_REPLY = "The AI service sent an empty answer. Your message is saved; try again."
STOPPED = "The reply was stopped before it finished; the part received is kept."


# --- messages: markers, notes, history ---------------------------------------------------


def is_interrupted(content: str) -> bool:
    """Whether a saved reply broke off before its end."""
    return content.endswith(INTERRUPTED_MARKER)


def without_marker(content: str) -> str:
    """A reply's text without the interrupted marker."""
    return content[: -len(INTERRUPTED_MARKER)] if is_interrupted(content) else content


def job_note_of(message: Message) -> tuple[str | None, str] | None:
    """For a job-in-focus note: (job id or None when cleared, the sentence to show)."""
    if message.role != "system":
        return None
    m = _JOB_NOTE.match(message.content)
    if m is None:
        return None
    return (m.group(1) or None), message.content[m.end() :]


def awaiting_reply(messages: Sequence[Message]) -> bool:
    """Whether the conversation's last turn is the person's, or a reply that broke off."""
    for m in reversed(messages):
        if m.role == "user":
            return True
        if m.role == "assistant":
            return is_interrupted(m.content)
    return False


def model_history(
    messages: Sequence[Message], *, budget: int = HISTORY_BUDGET
) -> list[ChatMessage]:
    """The turns for the model, newest kept within `budget` tokens, up to the last question.

    Notes and interrupted replies are left out; the last turn is always the person's."""
    turns = [
        m
        for m in messages
        if m.role == "user" or (m.role == "assistant" and not is_interrupted(m.content))
    ]
    while turns and turns[-1].role != "user":
        turns.pop()
    out: list[ChatMessage] = []
    used = 0
    for m in reversed(turns):
        cost = estimate_tokens(m.content)
        if out and used + cost > budget:
            break
        content = m.content if cost <= budget else cut(m.content, budget)
        out.append({"role": m.role, "content": content})  # type: ignore[typeddict-item]
        used += min(cost, budget)
    out.reverse()
    while out and out[0]["role"] != "user":
        out.pop(0)  # the conversation sent starts with the person
    return out


def _last_question(messages: Sequence[Message]) -> str:
    for m in reversed(messages):
        if m.role == "user":
            return m.content
    return ""


# --- titles ------------------------------------------------------------------------------

_GREETING = re.compile(
    r"^(?:(?:hi|hello|hey|dear|ok|okay|so|well|thanks|thank you|please|assistant)\b[\s,!.:;-]*)+",
    re.IGNORECASE,
)
_REQUEST = re.compile(
    r"^(?:(?:can|could|would|will) you\s+(?:please\s+)?(?:help me\s+(?:to\s+|with\s+)?)?"
    r"|i(?:'d| would) like (?:you )?to\s+|i (?:want|need) (?:you )?to\s+"
    r"|help me\s+(?:to\s+|with\s+)?|let'?s\s+|please\s+)+",
    re.IGNORECASE,
)
_QUOTES = " \"'“”‘’"
_TITLE_EDGES = " .,;:!?-–—\"'“”‘’()[]"


def _first_clause(text: str) -> str:
    """The first sentence, or what comes before a colon that introduces something."""
    first = re.split(r"(?<=[.?!])\s", text, maxsplit=1)[0]
    head, colon, _rest = first.partition(":")
    if colon and len(head.split()) >= 2:
        first = head
    return first.strip(_TITLE_EDGES)


def offline_title(message: str) -> str:
    """A short, tidy title from a first message's own words (no model): greetings and
    "can you..." dropped when enough is left, the first sentence, at most seven words."""
    whole = tidy(message.replace("\n", ". ")).strip(_QUOTES)
    text = _GREETING.sub("", whole).strip(_QUOTES)
    if len(text.split()) == 1:  # "Hello there": the greeting is part of it
        text = whole
    core = _first_clause(_REQUEST.sub("", text).strip(_QUOTES))
    if len(core.split()) < 3:  # too little left: keep the request's own words
        core = _first_clause(text) or core
    title = " ".join(core.split()[:MAX_TITLE_WORDS])
    if len(title) > MAX_TITLE_CHARS:
        title = title[:MAX_TITLE_CHARS].rsplit(" ", 1)[0]
    title = title.strip(_TITLE_EDGES)
    if not title:
        return DEFAULT_TITLE
    return title[0].upper() + title[1:]


def tidy_model_title(text: str) -> str | None:
    """A model's suggested title, cleaned (quotes, prefixes, full stop), or None if unusable."""
    line = next((ln for ln in text.strip().splitlines() if ln.strip()), "")
    line = re.sub(r"^\s*(?:title\s*:\s*)", "", line, flags=re.IGNORECASE)
    line = tidy(line.replace("*", "").replace("#", "")).strip(" \"'“”‘’`.")
    if not line:
        return None
    if len(line) > MAX_TITLE_CHARS:
        line = line[:MAX_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return line[0].upper() + line[1:] if line else None


def model_title(provider: AIProvider, message: str) -> str | None:
    """The model's title for a conversation starting with `message`, or None if it fails."""
    if provider.is_offline:
        return None
    try:
        answer = provider.chat(
            [
                {"role": "system", "content": CONVERSATION_TITLE_SYSTEM},
                {"role": "user", "content": message[:2_000]},
            ]
        )
    except AIUnavailable as exc:
        log.info("no model title: %s", exc)
        return None
    return tidy_model_title(answer)


_title_threads: list[threading.Thread] = []
_title_lock = threading.Lock()


def retitle_with_model(
    engine: Engine,
    actor: Actor,
    conversation_id: str,
    *,
    expected_title: str | None,
    message: str,
    provider: AIProvider,
) -> threading.Thread:
    """Ask the model for a better title in the background; the conversation keeps its title
    from the message's words if the model fails, or if the person renamed it meanwhile."""

    def work() -> None:
        title = model_title(provider, message)
        if not title or title == expected_title:
            return
        try:
            with Session(engine, expire_on_commit=False) as session:
                row = get_conversation(session, actor, conversation_id)
                if row.title == expected_title:
                    update_conversation(session, actor, conversation_id, title=title)
        except Exception:  # a deleted conversation, a closed database: the old title stays
            log.info("could not set the model's title", exc_info=True)

    thread = threading.Thread(target=work, name="conversation-title", daemon=True)
    with _title_lock:
        _title_threads[:] = [t for t in _title_threads if t.is_alive()]
        _title_threads.append(thread)
    thread.start()
    return thread


def wait_for_titles(timeout: float = 10.0) -> None:
    """Wait for background titles to be written (tests, benchmarks)."""
    with _title_lock:
        threads = list(_title_threads)
    for thread in threads:
        thread.join(timeout)


# --- sending and replying ------------------------------------------------------------------


def _own_conversation(session: Session, actor: Actor, conversation_id: str) -> Conversation:
    """A conversation the actor may continue: their own (a coach who reads it may not)."""
    conversation = get_conversation(session, actor, conversation_id)
    if conversation.user_id != actor.user_id:
        raise PermissionDenied(
            "You can read this conversation, but only its owner can continue it."
        )
    return conversation


def send_message(
    session: Session,
    actor: Actor,
    conversation_id: str | None,
    text: str,
    *,
    job_id: str | None = None,
) -> tuple[Conversation, Message]:
    """Save the person's message (in a new conversation when none is given) before any model
    is called; a conversation's title is written from its first message. A new conversation
    can start with a job in focus (`job_id`)."""
    text = (text or "").strip()
    if not text:
        raise ValidationFailed({"content": "Type a message first."})
    if len(text) > MAX_MESSAGE_CHARS:
        raise ValidationFailed(
            {"content": f"A message can be at most {MAX_MESSAGE_CHARS:,} characters."}
        )
    if conversation_id is None:
        # one transaction: the conversation is kept only with its first message
        conversation = Conversation(user_id=actor.user_id, title=offline_title(text))
        session.add(conversation)
        session.flush()
        job = _job_or_none(session, actor, job_id)
        if job is not None:  # a job deleted meanwhile is simply left out; the message is not
            note = _job_note(job)
            session.add(Message(conversation_id=conversation.id, role="system", content=note))
    else:
        conversation = get_conversation(session, actor, conversation_id)
    message = add_message(session, actor, conversation.id, role="user", content=text)
    if not conversation.title:
        conversation = update_conversation(
            session, actor, conversation.id, title=offline_title(text)
        )
    return conversation, message


Status = Literal["pending", "streaming", "complete", "interrupted", "failed"]
_END = object()


@dataclass
class _Raised:
    error: BaseException


@dataclass
class Reply:
    """A reply being made: iterate it for text pieces (st.write_stream does); afterwards
    `status` says how it ended and `error` why, in a sentence. Errors never escape the
    iteration, so whatever arrived stays on the page.

    With `background` (model replies), the stream is read on its own thread and every piece
    that arrived while the page was drawing the last one comes out joined as one: the page
    keeps up with a model however fast it sends, so no token waits behind a queue of others.
    """

    conversation_id: str
    question: str
    first_reply: bool
    open_stream: Callable[[], Iterable[str]] = field(repr=False)
    background: bool = True
    parts: list[str] = field(default_factory=list)
    status: Status = "pending"
    error: str | None = None
    saved: Message | None = None
    _pieces: Iterator[str] | None = field(default=None, repr=False)
    _stopping: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def __iter__(self) -> Iterator[str]:
        """The reply's pieces; the same iterator however often it is asked for."""
        if self._pieces is None:
            self._pieces = self._run()
        return self._pieces

    def _run(self) -> Iterator[str]:
        self.status = "streaming"
        source = self._read_behind() if self.background else self._read()
        for item in source:
            if isinstance(item, _Raised):
                self._failed(item.error)
                return
            self.parts.append(item)
            yield item
        if self.text.strip():
            self.status = "complete"
        else:
            self._fail(EMPTY_REPLY)

    def _read(self) -> Iterator[str | _Raised]:
        """The stream's non-empty pieces, then what it raised, if anything."""
        stream: Iterator[str] | None = None
        try:
            stream = iter(self.open_stream())
            for piece in stream:
                if self._stopping.is_set():
                    return
                if piece:
                    yield piece
        except Exception as exc:
            yield _Raised(exc)
        finally:
            close = getattr(stream, "close", None) if stream is not None else None
            if close is not None:
                close()

    def _read_behind(self) -> Iterator[str | _Raised]:
        """`_read` on a thread of its own; what arrived meanwhile comes out joined."""
        arrived: queue.SimpleQueue[object] = queue.SimpleQueue()

        def read() -> None:
            try:
                for item in self._read():
                    arrived.put(item)
            finally:
                arrived.put(_END)

        threading.Thread(target=read, name="assistant-reply", daemon=True).start()
        while True:
            item = arrived.get()
            batch: list[str] = []
            while True:
                if item is _END or isinstance(item, _Raised):
                    break
                batch.append(item)  # type: ignore[arg-type]
                try:
                    item = arrived.get_nowait()
                except queue.Empty:
                    item = None
                    break
            if batch:
                yield "".join(batch)
            if isinstance(item, _Raised):
                yield item
                return
            if item is _END:
                return

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, IncompleteReply):
            if not self.parts and error.partial_text:
                self.parts.append(error.partial_text)
            self._fail(str(error))
        elif isinstance(error, AIUnavailable):
            self._fail(str(error))
        else:
            log.error("the assistant's reply failed", exc_info=error)
            self._fail(REPLY_FAILED)

    def _fail(self, message: str) -> None:
        self.error = message
        self.status = "interrupted" if self.text.strip() else "failed"

    def stop(self, message: str = STOPPED) -> None:
        """The reply was stopped from outside (the page reran or the person pressed stop)."""
        self._stopping.set()
        if self.status in ("pending", "streaming"):
            self._fail(message)
        if self._pieces is not None:
            self._pieces.close()  # type: ignore[attr-defined]


def start_reply(
    session: Session,
    actor: Actor,
    conversation_id: str,
    provider: AIProvider,
    *,
    budget: int = RECORD_BUDGET,
) -> Reply:
    """Get ready to answer the conversation's last question: the record and job are read now,
    the model is called when the reply is iterated."""
    _own_conversation(session, actor, conversation_id)
    messages = list_messages(session, actor, conversation_id, limit=HISTORY_MESSAGES)
    if not awaiting_reply(messages):
        raise ValidationFailed({"content": "There is no question waiting for an answer."})
    question = _last_question(messages)
    first_reply = not any(m.role == "assistant" and not is_interrupted(m.content) for m in messages)
    tree = load_career(session, actor)
    job = job_in_focus(session, actor, conversation_id)
    if provider.is_offline:
        jobs = list_jobs(session, actor)
        text = offline_answer(tree, question, job=job, jobs=jobs)
        pieces = re.findall(r"\S+\s*|\s+", text)
        return Reply(conversation_id, question, first_reply, lambda: iter(pieces), background=False)
    grounding = ground(tree, question, job, budget=budget)
    system = career_assistant_system(grounding.text, job_block(job) if job else None)
    chat: list[ChatMessage] = [{"role": "system", "content": system}, *model_history(messages)]
    return Reply(conversation_id, question, first_reply, lambda: provider.chat_stream(chat))


def save_reply(session: Session, actor: Actor, reply: Reply) -> Message | None:
    """Keep what the reply produced: whole, or marked as interrupted; nothing when none came."""
    if reply.saved is not None:
        return reply.saved
    if reply.status in ("pending", "streaming"):
        reply.stop()
    if reply.status == "failed":
        return None
    content = reply.text.strip()
    if reply.status == "interrupted":
        content += INTERRUPTED_MARKER
    reply.saved = add_message(
        session, actor, reply.conversation_id, role="assistant", content=content
    )
    return reply.saved


# --- the job in focus --------------------------------------------------------------------


def job_in_focus(session: Session, actor: Actor, conversation_id: str) -> JobDescription | None:
    """The job the person chose for this conversation, if any (and if it still exists)."""
    note = latest_note(session, actor, conversation_id, JOB_NOTE_PREFIX)
    found = job_note_of(note) if note is not None else None
    return _job_or_none(session, actor, found[0] if found else None)


def _job_or_none(session: Session, actor: Actor, job_id: str | None) -> JobDescription | None:
    if not job_id:
        return None
    try:
        return get_job(session, actor, job_id)
    except NotFound:
        return None


def _job_note(job: JobDescription) -> str:
    title = one_line(job.title) + (f" at {one_line(job.company)}" if job.company else "")
    return f"[job:{job.id}] Job in focus: {title}"


def set_job_in_focus(
    session: Session, actor: Actor, conversation_id: str, job_id: str | None
) -> Message | None:
    """Choose (or clear, with None) the job this conversation is about; noted in it."""
    _own_conversation(session, actor, conversation_id)
    current = job_in_focus(session, actor, conversation_id)
    if (current.id if current else None) == job_id:
        return None
    if job_id is None:
        content = "[job:] No job in focus"
    else:
        content = _job_note(get_job(session, actor, job_id))
    return add_message(session, actor, conversation_id, role="system", content=content)


# --- drafts the person can save ------------------------------------------------------------

_DRAFT_LINE = re.compile(
    r"^\s*(?:[-*•+]\s+|\d+[.)]\s+)?(?:\*\*|__)?\s*(bullet|achievement|impact|skills)"
    r"(?:\s*\d+)?\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*?)\s*$",
    re.IGNORECASE,
)


@dataclass
class Draft:
    """A bullet or achievement the assistant wrote, ready to save."""

    kind: Literal["bullet", "achievement"]
    text: str
    impact: str = ""
    skills: list[str] = field(default_factory=list)


def _draft_text(raw: str) -> str:
    text = md_unescape(raw).strip()
    text = re.sub(r"(?:\*\*|__)$", "", text).strip()
    if len(text) >= 2 and text[0] in "\"“'‘" and text[-1] in "\"”'’":
        text = text[1:-1].strip()
    return tidy(text)


def extract_drafts(content: str) -> list[Draft]:
    """The bullets and achievements drafted in an assistant message, in order, no repeats."""
    drafts: list[Draft] = []
    seen: set[tuple[str, str]] = set()
    last: Draft | None = None
    for line in without_marker(content).splitlines():
        m = _DRAFT_LINE.match(line)
        if m is None:
            if line.strip():
                last = None
            continue
        kind, text = m.group(1).lower(), _draft_text(m.group(2))
        if kind in ("impact", "skills"):
            if last is not None and last.kind == "achievement" and text:
                if kind == "impact" and not last.impact:
                    last.impact = text
                elif kind == "skills" and not last.skills:
                    last.skills = split_skills(text)
            continue
        if len(text) < 8 or (kind, text.casefold()) in seen:
            last = None
            continue
        seen.add((kind, text.casefold()))
        last = Draft(kind, text)  # type: ignore[arg-type]
        drafts.append(last)
    return drafts


def save_draft(
    session: Session,
    actor: Actor,
    draft: Draft,
    *,
    experience_id: str,
    achievement_id: str | None = None,
) -> ResumeBullet | Achievement:
    """Save a drafted bullet (under an experience or one of its achievements) or achievement
    into the acting person's record."""
    if draft.kind == "bullet":
        return create_bullet(
            session,
            actor,
            content=draft.text,
            experience_id=experience_id,
            achievement_id=achievement_id,
            ai_generated=True,
            is_custom=False,
        )
    return create_achievement(
        session,
        actor,
        experience_id=experience_id,
        description=draft.text,
        impact=draft.impact or None,
        skills=draft.skills or None,
    )


def best_home(tree: CareerTree, draft: Draft) -> tuple[str, str | None] | None:
    """Where a draft most likely belongs: (experience id, achievement id or None)."""
    if not tree.experiences:
        return None
    words = set(content_stems(draft.text))
    best: tuple[int, tuple[str, str | None]] = (0, (tree.experiences[0].experience.id, None))
    for node in tree.experiences:
        for child in node.achievements:
            a = child.achievement
            overlap = len(words & set(content_stems(f"{a.description} {a.impact or ''}")))
            if overlap > best[0]:
                home = (node.experience.id, a.id if draft.kind == "bullet" else None)
                best = (overlap, home)
    return best[1]


def in_record(tree: CareerTree, draft: Draft) -> bool:
    """Whether the record already holds this draft's text."""
    wanted = tidy(draft.text).casefold()
    for node in tree.experiences:
        if draft.kind == "bullet":
            if any(tidy(b.content).casefold() == wanted for b in node.bullets):
                return True
        elif any(tidy(c.achievement.description).casefold() == wanted for c in node.achievements):
            return True
    return draft.kind == "bullet" and any(
        tidy(b.content).casefold() == wanted for b in tree.unfiled_bullets
    )
