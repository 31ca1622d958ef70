"""The offline provider: no network, no model, the same answer for the same input.

Bullets and job-description parsing have their own offline methods (in `bullets` and `jobs`),
built from the person's own words. Chat answers with practical guidance chosen by topic.
`complete_json` cannot answer a free-form request without a model and says so, and `embed`
returns None: callers match text lexically instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from services.ai.provider import AIProvider, ChatMessage, ModelT
from services.errors import AIUnavailable

OFFLINE_NOTE = (
    "Achiev is running offline, so these answers are guidance rather than a conversation with a "
    "model. To talk it through with an AI model, set OPENAI_API_KEY or OPENAI_BASE_URL."
)

_TOPICS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "bullets",
        ("bullet", "resume", "cv", "achievement", "accomplish", "wording", "rewrite"),
        "A strong resume bullet starts with an action verb, says what you did, and ends with a "
        "result you can measure. Use numbers you can stand behind (time saved, money, users, "
        "error rates), name the tools when they matter for the role, and keep it to one or two "
        "lines. The Achievements page turns each achievement into bullets and scores how well "
        "each one is supported by your own facts.",
    ),
    (
        "interview",
        ("interview", "star", "behavioral", "behavioural", "question"),
        "For interview answers, use the STAR shape: the Situation in a sentence, the Task you "
        "owned, the Actions you took (most of the answer, in the first person), and the Result "
        "with a number where you have one. Prepare four or five stories from your achievements "
        "that show different strengths, and practise saying each in about two minutes.",
    ),
    (
        "tailoring",
        ("job", "tailor", "match", "posting", "description", "apply", "application", "role"),
        "To tailor a resume, paste the job description on the Jobs page: Achiev pulls out its "
        "key skills and requirements, then scores your bullets against them side by side. Lead "
        "with the bullets that meet the stated requirements, use the posting's own words for "
        "skills you really have, and drop bullets that do not serve this role.",
    ),
    (
        "salary",
        ("salary", "pay", "negotiat", "offer", "compensation", "raise"),
        "Before talking pay, know the market range for the role and location, and your own "
        "floor. Let them make the first number when you can, answer with a range whose bottom "
        "is a figure you are happy with, and negotiate the whole package (title, start date, "
        "leave, equity, learning budget), not only the salary.",
    ),
    (
        "career",
        ("career", "switch", "change", "promotion", "goal", "next step", "grow"),
        "For a career move, write down the role you want next, find three postings for it, and "
        "list the requirements you already meet with evidence. The gaps become your plan: a "
        "project, a course or a stretch task at work for each. Record the achievements as they "
        "happen, so the evidence is there when you need it.",
    ),
)

_GENERAL = (
    "I can help with resume bullets, tailoring a resume to a job, interview stories, and career "
    "moves. Record your experiences and the concrete achievements inside them (what you did and "
    "what changed because of it); strong bullets and good matches grow from those facts."
)


class OfflineProvider(AIProvider):
    """Deterministic answers with no network; see the module docstring."""

    name = "offline"
    label = "Offline (no model)"
    is_offline = True
    supports_embeddings = False

    def complete_json(self, system: str, user: str, schema: type[ModelT]) -> ModelT:
        raise AIUnavailable(
            "This needs an AI model, and Achiev is running offline. Set OPENAI_API_KEY or "
            "OPENAI_BASE_URL to switch one on; nothing was changed."
        )

    def chat(self, messages: Sequence[ChatMessage]) -> str:
        return offline_reply(messages)

    def chat_stream(self, messages: Sequence[ChatMessage]) -> Iterator[str]:
        yield from re.findall(r"\S+\s*", offline_reply(messages))

    def embed(self, texts: Sequence[str]) -> None:
        """No embeddings offline: returns None, and callers match text lexically."""
        return None


def offline_reply(messages: Sequence[ChatMessage]) -> str:
    """Guidance for the last user message, by topic; the first reply also says it is offline."""
    user_turns = [m["content"] for m in messages if m.get("role") == "user"]
    if not user_turns or not user_turns[-1].strip():
        return _GENERAL
    text = user_turns[-1].lower()
    parts = [
        advice
        for _, words, advice in _TOPICS
        if any(re.search(rf"\b{re.escape(w)}", text) for w in words)
    ][:2]
    if not parts:
        parts = [_GENERAL]
    if len(user_turns) == 1:
        parts.append(OFFLINE_NOTE)
    return "\n\n".join(parts)
