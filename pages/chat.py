"""Career assistant: conversations about the person's own record, kept; replies streamed."""

from __future__ import annotations

import streamlit as st

from components import chat
from components.feedback import guard
from components.layout import page_header
from components.session import current_actor, db
from services.ai.provider import get_provider
from services.assistant import PAGE_SIZE, awaiting_reply, job_in_focus
from services.conversations import list_conversations, list_messages
from services.jobs import list_jobs

actor = current_actor()
page_header(
    "Career assistant",
    "forum",
    "Think your search through: which achievements fit a job, stronger bullets, what a role "
    "asks for that your record does not show yet. The assistant reads your record, and your "
    "conversations are kept.",
)
provider = get_provider()
chat.provider_note(provider)
question = chat.question_asked()

with guard():
    with db() as session:
        conversations = list_conversations(session, actor)
        jobs = list_jobs(session, actor)
    current = chat.current_conversation(conversations)
    if question:
        sent = chat.send(actor, current, question)
        if sent is not None:
            current, conversations = sent
    answer = st.session_state.pop(chat.ANSWER, None)

    chat.conversation_list(conversations, current)
    if current is None:
        chat.conversation_header(actor, None, jobs, None)
        chat.suggestions()
    else:
        window = st.session_state.get(chat.window_key(current.id), PAGE_SIZE)
        with db() as session:
            messages = list_messages(session, actor, current.id, limit=window + 1)
            focus = job_in_focus(session, actor, current.id)
        hidden = len(messages) > window
        messages = messages[-window:]
        chat.conversation_header(actor, current, jobs, focus)
        chat.earlier_button(current.id, hidden)
        chat.transcript(actor, messages, chat.career_loader(actor))
        if answer == current.id:
            if chat.stream_reply(actor, current, provider) is not None:
                st.rerun()  # the kept reply, drawn with its actions (or the retry offer)
        elif awaiting_reply(messages):
            chat.waiting_reply(current.id, messages)
