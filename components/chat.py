"""The chat page's pieces: the conversation list, the transcript with its save-draft actions,
the streamed reply, retry, rename and delete.

What the page remembers between runs lives in `st.session_state` under `chat.*` keys:
the open conversation (`CURRENT`), a conversation to answer on this run (`ANSWER`), the last
error sentence per conversation, and how many messages of a conversation are shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from components.confirm import confirm
from components.feedback import attempt, other_errors
from components.format import ago, count
from components.layout import link_to
from components.session import db, engine
from models import Conversation, JobDescription, Message
from models.base import utcnow
from services.access import Actor
from services.ai.provider import AIProvider
from services.assistant import (
    PAGE_SIZE,
    Draft,
    Reply,
    best_home,
    extract_drafts,
    in_record,
    is_interrupted,
    job_note_of,
    retitle_with_model,
    save_draft,
    save_reply,
    send_message,
    set_job_in_focus,
    start_reply,
    without_marker,
)
from services.career import CareerTree, load_career
from services.conversations import (
    count_messages,
    delete_conversation,
    list_conversations,
    update_conversation,
)
from services.errors import AchievError
from services.grounding import experience_label, md_escape

log = logging.getLogger(__name__)

CURRENT = "chat.current"  # the open conversation's id; None for a new one
ANSWER = "chat.answer"  # a conversation to reply in on this run (after a send or a retry)
SUGGESTION = "chat.suggestion"  # a suggested question the person clicked
NEW_JOB = "chat.job.new"  # the job chosen before the first message of a new conversation
SHOW_ALL = "chat.show_all"
LIST_LIMIT = 30

SUGGESTIONS = (
    "Summarise my experience",
    "Which of my achievements fit this job?",
    "Write bullets for my latest achievement",
    "What does this job ask for that my bullets do not cover?",
)


def error_key(conversation_id: str) -> str:
    return f"chat.error.{conversation_id}"


def window_key(conversation_id: str) -> str:
    return f"chat.window.{conversation_id}"


def job_key(conversation_id: str | None) -> str:
    return f"chat.job.{conversation_id}" if conversation_id else NEW_JOB


def person_text(text: str) -> str:
    """The person's own words as Markdown that shows them as typed, line breaks kept."""
    return "  \n".join(md_escape(line) if line.strip() else "" for line in text.splitlines())


def provider_note(provider: AIProvider) -> None:
    """A line on what answers: the record alone (offline), or which model."""
    if provider.is_offline:
        st.caption(
            ":material/cloud_off: No AI model is connected, so answers come from your record "
            "for the common asks. For free-form questions, set OPENAI_API_KEY or "
            "OPENAI_BASE_URL."
        )
    else:
        st.caption(f":material/smart_toy: Answers by {md_escape(provider.label)}")


def question_asked() -> str | None:
    """What the person typed, or the suggestion they clicked, on this run."""
    typed = st.chat_input("Ask about your record, a job or a bullet…", key="chat.input")
    return typed or st.session_state.pop(SUGGESTION, None)


def send(
    actor: Actor, current: Conversation | None, question: str
) -> tuple[Conversation, list[Conversation]] | None:
    """Save the person's message (starting a conversation if none is open) and ask for a
    reply on this run; returns the conversation and the refreshed list, or None on a mistake."""
    try:
        with db() as session:
            conversation, _ = send_message(
                session,
                actor,
                current.id if current else None,
                question,
                job_id=st.session_state.get(NEW_JOB) if current is None else None,
            )
            conversations = list_conversations(session, actor)
    except AchievError as exc:
        st.error(str(exc), icon=":material/error:")
        return None
    if current is None:
        st.session_state.pop(NEW_JOB, None)
    st.session_state[CURRENT] = conversation.id
    st.session_state.pop(error_key(conversation.id), None)
    st.session_state[ANSWER] = conversation.id
    opened = next(c for c in conversations if c.id == conversation.id)
    return opened, conversations


def career_loader(actor: Actor) -> Callable[[], CareerTree]:
    """The person's record, read on first use only (drafts need it; most runs do not)."""
    loaded: list[CareerTree] = []

    def career() -> CareerTree:
        if not loaded:
            with db() as session:
                loaded.append(load_career(session, actor))
        return loaded[0]

    return career


# --- choosing a conversation ---------------------------------------------------------------


def open_conversation(conversation_id: str | None) -> None:
    st.session_state[CURRENT] = conversation_id


def current_conversation(conversations: list[Conversation]) -> Conversation | None:
    """The open conversation: the chosen one, or the newest on a first visit."""
    by_id = {c.id: c for c in conversations}
    if CURRENT not in st.session_state:
        st.session_state[CURRENT] = conversations[0].id if conversations else None
    chosen = st.session_state[CURRENT]
    if chosen is not None and chosen not in by_id:
        st.session_state[CURRENT] = chosen = None
    return by_id.get(chosen) if chosen else None


def conversation_list(conversations: list[Conversation], current: Conversation | None) -> None:
    """The sidebar: a new conversation, then every conversation, most recently active first."""
    with st.sidebar:
        st.button(
            "New conversation",
            key="chat.new",
            icon=":material/add_comment:",
            on_click=open_conversation,
            args=(None,),
            type="primary" if current is None else "secondary",
            width="stretch",
        )
        if not conversations:
            return
        st.caption("Your conversations")
        now = utcnow()
        shown = conversations if st.session_state.get(SHOW_ALL) else conversations[:LIST_LIMIT]
        for conversation in shown:
            is_open = current is not None and conversation.id == current.id
            st.button(
                md_escape(conversation.title or "Untitled conversation"),
                key=f"chat.open.{conversation.id}",
                help=f"Last active {ago(conversation.updated_at, now)}",
                on_click=open_conversation,
                args=(conversation.id,),
                type="primary" if is_open else "tertiary",
                width="stretch",
            )
        if len(conversations) > len(shown):
            st.button(
                f"Show all {len(conversations)}",
                key="chat.show_all.button",
                on_click=lambda: st.session_state.update({SHOW_ALL: True}),
            )


# --- the open conversation's header ---------------------------------------------------------


def _set_job(actor: Actor, conversation_id: str | None) -> None:
    if conversation_id is None:
        return
    job_id = st.session_state.get(job_key(conversation_id))
    attempt(
        lambda: _save_job(actor, conversation_id, job_id),
        form=f"chat.job.{conversation_id}.form",
    )


def _save_job(actor: Actor, conversation_id: str, job_id: str | None) -> None:
    with db() as session:
        set_job_in_focus(session, actor, conversation_id, job_id)


def job_picker(
    actor: Actor,
    conversation_id: str | None,
    jobs: list[JobDescription],
    focus: JobDescription | None,
) -> None:
    """Which saved job the conversation is about (the assistant reads it with the record)."""
    key = job_key(conversation_id)
    titles = {j.id: j.title + (f" at {j.company}" if j.company else "") for j in jobs}
    if focus is not None and focus.id not in titles:
        titles[focus.id] = focus.title
    if key not in st.session_state or st.session_state[key] not in (None, *titles):
        st.session_state[key] = focus.id if focus is not None else None
    st.selectbox(
        "Job in focus",
        [None, *titles],
        key=key,
        format_func=lambda job_id: "No job chosen" if job_id is None else titles[job_id],
        help="The assistant reads this job description along with your record.",
        on_change=_set_job,
        args=(actor, conversation_id),
        disabled=not titles,
        # No choice shows as the placeholder, not through format_func.
        placeholder="No job chosen" if titles else "No saved jobs yet",
    )
    other_errors(f"chat.job.{conversation_id}.form", frozenset())


def _rename(actor: Actor, conversation_id: str) -> None:
    title = st.session_state.get(f"chat.rename.{conversation_id}.title", "")

    def save() -> None:
        with db() as session:
            update_conversation(session, actor, conversation_id, title=title.strip() or None)

    if attempt(save, form=f"chat.rename.{conversation_id}", success="Conversation renamed."):
        st.session_state["chat.rename.close"] = True


def rename_dialog(actor: Actor, conversation: Conversation) -> None:
    """A dialog to give the conversation a title of the person's own."""

    @st.dialog("Rename conversation")
    def ask() -> None:
        form = f"chat.rename.{conversation.id}"
        st.text_input(
            "Title",
            value=conversation.title or "",
            key=f"{form}.title",
            max_chars=255,
        )
        other_errors(form, frozenset())
        save, cancel = st.columns(2)
        save.button(
            "Save",
            key=f"{form}.save",
            type="primary",
            on_click=_rename,
            args=(actor, conversation.id),
            width="stretch",
        )
        cancel.button(
            "Cancel",
            key=f"{form}.cancel",
            on_click=lambda: st.session_state.update({"chat.rename.close": True}),
            width="stretch",
        )
        if st.session_state.pop("chat.rename.close", False):
            st.rerun()

    ask()


def ask_to_delete(actor: Actor, conversation: Conversation) -> None:
    """Ask first, then delete the conversation and every message in it."""
    with db() as session:
        messages = count_messages(session, actor, conversation.id)

    def delete() -> None:
        with db() as session:
            delete_conversation(session, actor, conversation.id)
        if st.session_state.get(CURRENT) == conversation.id:
            st.session_state.pop(CURRENT, None)

    confirm(
        key=f"chat.delete.{conversation.id}",
        title="Delete this conversation?",
        message=f"“{conversation.title or 'Untitled conversation'}” and its "
        f"{count(messages, 'message')} will be deleted. This cannot be undone.",
        action=delete,
        success="Conversation deleted.",
    )


def conversation_header(
    actor: Actor,
    conversation: Conversation | None,
    jobs: list[JobDescription],
    focus: JobDescription | None,
) -> None:
    """The open conversation's title, its job in focus, and rename and delete."""
    if conversation is None:
        job_picker(actor, None, jobs, None)
        return
    st.subheader(md_escape(conversation.title or "Untitled conversation"), anchor=False)
    pick, rename, delete = st.columns([4, 1, 1], vertical_alignment="bottom")
    with pick:
        job_picker(actor, conversation.id, jobs, focus)
    if rename.button(
        "Rename",
        key=f"chat.rename.{conversation.id}.open",
        icon=":material/edit:",
        width="stretch",
    ):
        rename_dialog(actor, conversation)
    if delete.button(
        "Delete",
        key=f"chat.ask_delete.{conversation.id}",
        icon=":material/delete:",
        width="stretch",
    ):
        ask_to_delete(actor, conversation)


# --- the transcript ------------------------------------------------------------------------


def _load_earlier(conversation_id: str) -> None:
    key = window_key(conversation_id)
    st.session_state[key] = st.session_state.get(key, PAGE_SIZE) + PAGE_SIZE


def earlier_button(conversation_id: str, hidden: bool) -> None:
    """Show earlier messages, a page at a time."""
    if hidden:
        st.button(
            "Load earlier messages",
            key=f"chat.earlier.{conversation_id}",
            icon=":material/expand_less:",
            on_click=_load_earlier,
            args=(conversation_id,),
        )


def transcript(actor: Actor, messages: list[Message], career: Callable[[], CareerTree]) -> None:
    """The messages in order: the person's, the assistant's (with drafts to save), and notes."""
    for message in messages:
        if message.role == "system":
            note = job_note_of(message)
            text = note[1] if note else message.content
            st.caption(f":material/work: {md_escape(text)}")
            continue
        with st.chat_message(message.role):
            if message.role == "user":
                st.markdown(person_text(message.content))
                continue
            st.markdown(without_marker(message.content))
            if is_interrupted(message.content):
                st.caption(
                    ":material/warning: Reply interrupted: this is only the part that arrived."
                )
            drafts = extract_drafts(message.content)
            if drafts:
                draft_actions(actor, message, drafts, career())


def _save(actor: Actor, draft: Draft, key: str) -> None:
    where = st.session_state.get(f"{key}.where")
    if not where:
        return
    experience_id, achievement_id = where

    def save() -> None:
        with db() as session:
            save_draft(
                session, actor, draft, experience_id=experience_id, achievement_id=achievement_id
            )

    page = "Resume bullets" if draft.kind == "bullet" else "Achievements"
    what = "Bullet" if draft.kind == "bullet" else "Achievement"
    attempt(save, form=key, success=f"{what} saved. You will find it on the {page} page.")


def _homes(tree: CareerTree, draft: Draft) -> dict[tuple[str, str | None], str]:
    """Where a draft can go: experiences, and for a bullet each achievement inside them."""
    homes: dict[tuple[str, str | None], str] = {}
    for node in tree.experiences:
        label = experience_label(node)
        homes[(node.experience.id, None)] = label
        if draft.kind == "bullet":
            for child in node.achievements:
                text = " ".join(child.achievement.description.split())
                short = text if len(text) <= 60 else text[:59].rstrip() + "…"
                homes[(node.experience.id, child.achievement.id)] = f"{label} › {short}"
    return homes


def draft_actions(actor: Actor, message: Message, drafts: list[Draft], tree: CareerTree) -> None:
    """Under an assistant message: save each drafted bullet or achievement in one click."""
    label = f"Save to your record ({len(drafts)})"
    with st.popover(label, icon=":material/bookmark_add:"):
        if not tree.experiences:
            st.info("Add an experience first: drafts are saved into one.", icon=":material/work:")
            link_to("experiences.py")
            return
        for i, draft in enumerate(drafts):
            key = f"chat.draft.{message.id}.{i}"
            kind = "Bullet" if draft.kind == "bullet" else "Achievement"
            st.markdown(f"**{kind}:** {md_escape(draft.text)}")
            if in_record(tree, draft):
                st.caption(":material/check_circle: In your record")
                link_to("bullets.py" if draft.kind == "bullet" else "achievements.py")
                continue
            homes = _homes(tree, draft)
            home = best_home(tree, draft)
            options = list(homes)
            if f"{key}.where" not in st.session_state or (
                st.session_state[f"{key}.where"] not in homes
            ):
                st.session_state[f"{key}.where"] = home if home in homes else options[0]
            st.selectbox(
                "Save under" if draft.kind == "bullet" else "Experience",
                options,
                key=f"{key}.where",
                format_func=homes.__getitem__,
            )
            st.button(
                f"Save as {kind.lower()}",
                key=f"{key}.save",
                icon=":material/bookmark_add:",
                on_click=_save,
                args=(actor, draft, key),
            )
            other_errors(key, frozenset())


# --- replying ------------------------------------------------------------------------------


def _retry(conversation_id: str) -> None:
    st.session_state.pop(error_key(conversation_id), None)
    st.session_state[ANSWER] = conversation_id


def waiting_reply(conversation_id: str, messages: list[Message]) -> None:
    """The last message has no (whole) reply: what went wrong, and a way to try again."""
    error = st.session_state.get(error_key(conversation_id))
    last = next((m for m in reversed(messages) if m.role != "system"), None)
    with st.chat_message("assistant"):
        if error:
            st.error(error, icon=":material/error:")
        elif last is not None and last.role == "assistant":
            st.caption(
                "The reply above stopped before it finished; the part that arrived is kept. "
                "Retry for a complete answer."
            )
        else:
            st.caption("This message has no reply yet.")
        st.button(
            "Retry",
            key=f"chat.retry.{conversation_id}",
            icon=":material/refresh:",
            on_click=_retry,
            args=(conversation_id,),
        )


def stream_reply(actor: Actor, conversation: Conversation, provider: AIProvider) -> Reply | None:
    """Stream the assistant's reply to the last question into the page, then keep it.

    A reply that fails keeps the question and leaves a sentence for the retry block; a reply
    cut short (or stopped by the person) is kept, marked as interrupted."""
    try:
        with db() as session:
            reply = start_reply(session, actor, conversation.id, provider)
    except AchievError as exc:
        st.error(str(exc), icon=":material/error:")
        return None
    with st.chat_message("assistant"):
        try:
            with st.spinner("Thinking…", show_time=False):
                first = _first_piece(reply)
            st.write_stream(first)
        except BaseException:
            # stopped mid-reply (the person pressed stop, or the page reran): keep what came
            reply.stop()
            _keep(actor, reply)
            raise
    _keep(actor, reply)
    if reply.status != "complete":
        st.session_state[error_key(conversation.id)] = reply.error
    elif reply.first_reply and not provider.is_offline:
        retitle_with_model(
            engine(),
            actor,
            conversation.id,
            expected_title=conversation.title,
            message=reply.question,
            provider=provider,
        )
    return reply


def _first_piece(reply: Reply) -> list[str] | Reply:
    """Wait (under the spinner) for the first piece, then hand the whole reply on."""
    pieces = iter(reply)
    try:
        first = next(pieces)
    except StopIteration:
        return []

    def rest():
        yield first
        yield from pieces

    return rest()  # type: ignore[return-value]


def _keep(actor: Actor, reply: Reply) -> None:
    try:
        with db() as session:
            save_reply(session, actor, reply)
    except AchievError as exc:  # the conversation was deleted meanwhile
        reply.error = str(exc)
        log.info("a reply could not be kept: %s", exc)


def suggestions() -> None:
    """Questions to start with, one click each."""
    st.caption("Try asking:")
    columns = st.columns(2)
    for i, text in enumerate(SUGGESTIONS):
        columns[i % 2].button(
            text,
            key=f"chat.suggest.{i}",
            icon=":material/lightbulb:",
            on_click=lambda text=text: st.session_state.update({SUGGESTION: text}),
            width="stretch",
        )
