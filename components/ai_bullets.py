"""Bullets written by AI from achievements, reviewed before they are kept.

One achievement ("Write bullets"): 1 to 3 candidates, each with its confidence score (0-100: how
well the bullet is supported by the achievement's own facts) and the numbers, names and claims
in it that the achievement does not have, marked in the text and listed. The candidates wait in
session state until the person decides on each: keep it as it is, edit it and keep it, or
discard it. A kept bullet is AI-written (`ai_generated`, not `is_custom`), linked to the
achievement and its experience; an edited one stays AI-written with its score worked out again
on the edited words (`services.bullets.save_ai_bullet`), so the score keeps its one meaning.

Every achievement that has none (the batch): up to `ai_concurrency` achievements are written at
a time, a progress bar moves as each finishes, and each result is saved as it arrives, in its
own transaction: the best candidate becomes the achievement's bullet when nothing in it needs
checking (`services.bullets.batch_choice`); otherwise its candidates wait for review here, so
nothing invented lands in the record unseen. Stop (like any click, which reruns the page)
interrupts the run between two results: what was saved stays, answers still on their way are
dropped, and nothing is half-saved. A batch interrupted by anything but Stop carries on with the
achievements still without bullets on the page's next run.

A click starts the next run at once, while the interrupted one finishes the answer it is waiting
for (Streamlit's fast reruns) and saves it. So one run at a time holds the batch's lock: the next
one waits for it before it counts what is left or says where the batch stopped, and no
achievement is written twice.
"""

from __future__ import annotations

import re
import threading
import uuid
from typing import Any

import streamlit as st

from components.ai_status import ai_fault, ai_message, provider_caption
from components.feedback import attempt, flash, other_errors
from components.format import count, md, shorten
from components.session import db
from services.access import Actor
from services.ai.bullets import (
    AchievementFacts,
    BulletCandidate,
    generate_bullets,
    generate_bullets_batch,
    support_check,
)
from services.ai.provider import get_provider
from services.bullets import (
    achievement_facts,
    facts_without_bullets,
    save_ai_bullet,
    save_batch_bullet,
)
from services.career import CareerTree
from services.settings import get_settings

REVIEWS = "ai.bullets.reviews"  # achievement id -> {"facts", "candidates", "error"}
PENDING = "ai.bullets.pending"  # the achievement whose bullets are written on this run
BATCH = "ai.bullets.batch"  # the batch's progress and outcome
PANEL = "ai.bullets.panel"  # whether the bullets page shows the AI panel
PICKED = "ai.bullets.pick"  # the achievement chosen on the bullets page
BATCH_LOCK = "ai.bullets.batch_lock"  # held by the one run writing the batch

CONFIDENCE_HELP = (
    "Confidence (0-100) says how well the bullet is supported by this achievement's own facts: "
    "its description, impact, skills, job title and company. Each number, name or claim that "
    "is not in them lowers it, and is marked so you can check it before keeping the bullet."
)


# -- state --------------------------------------------------------------------------------------


def reviews() -> dict[str, dict[str, Any]]:
    """The suggestions waiting for the person, by achievement id."""
    return st.session_state.setdefault(REVIEWS, {})


def _candidate(c: BulletCandidate) -> dict[str, Any]:
    return {
        "id": uuid.uuid4().hex[:12],
        "text": c.text,
        "confidence": c.confidence,
        "unsupported": list(c.unsupported),
        "editing": False,
    }


def _facts_dict(facts: AchievementFacts) -> dict[str, Any]:
    return {
        "description": facts.description,
        "impact": facts.impact,
        "skills": list(facts.skills),
        "job_title": facts.job_title,
        "company": facts.company,
        "achievement_id": facts.achievement_id,
    }


def _form(candidate_id: str) -> str:
    return f"ai.bullets.{candidate_id}"


def _forget_candidate(candidate: dict[str, Any]) -> None:
    """Drop what was typed into a candidate and its error sentences."""
    prefix = _form(candidate["id"]) + "."
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[key]


def _hold(facts: AchievementFacts, candidates: list[BulletCandidate]) -> None:
    """Keep an achievement's candidates for review (replacing any it had)."""
    review = reviews().get(facts.achievement_id or "")
    if review is not None:
        for old in review["candidates"]:
            _forget_candidate(old)
    reviews()[facts.achievement_id or ""] = {
        "facts": _facts_dict(facts),
        "candidates": [_candidate(c) for c in candidates],
        "error": None,
    }


def request(achievement_id: str) -> None:
    """Ask for bullets for one achievement (a button's callback): they are written on this run."""
    st.session_state[PENDING] = achievement_id
    review = reviews().get(achievement_id)
    if review is not None:
        review["error"] = None


def forget_pending() -> None:
    """Drop a request no drawn achievement took up (it was filtered or paged away)."""
    st.session_state.pop(PENDING, None)


def dismiss(achievement_id: str) -> None:
    """Discard every suggestion for an achievement."""
    review = reviews().pop(achievement_id, None)
    for candidate in (review or {}).get("candidates", []):
        _forget_candidate(candidate)


def _find(achievement_id: str, candidate_id: str) -> dict[str, Any] | None:
    review = reviews().get(achievement_id) or {}
    return next((c for c in review.get("candidates", []) if c["id"] == candidate_id), None)


def _remove(achievement_id: str, candidate_id: str) -> None:
    review = reviews().get(achievement_id)
    if review is None:
        return
    for candidate in [c for c in review["candidates"] if c["id"] == candidate_id]:
        _forget_candidate(candidate)
        review["candidates"].remove(candidate)
    if not review["candidates"] and not review["error"]:
        reviews().pop(achievement_id, None)


def discard(achievement_id: str, candidate_id: str) -> None:
    """Drop one suggestion."""
    _remove(achievement_id, candidate_id)


def start_edit(achievement_id: str, candidate_id: str) -> None:
    candidate = _find(achievement_id, candidate_id)
    if candidate is not None:
        candidate["editing"] = True
        st.session_state[_form(candidate_id) + ".text"] = (
            candidate.get("draft") or candidate["text"]
        )


def cancel_edit(achievement_id: str, candidate_id: str) -> None:
    candidate = _find(achievement_id, candidate_id)
    if candidate is not None:
        candidate["editing"] = False
        candidate.pop("draft", None)
        _forget_candidate(candidate)


def _keep_draft(candidate: dict[str, Any]) -> None:
    """Remember edited words outside the widget, so they outlive a visit to another page."""
    candidate["draft"] = st.session_state.get(_form(candidate["id"]) + ".text", "")


def accept(actor: Actor, achievement_id: str, candidate_id: str) -> None:
    """Keep a suggestion (as it is, or as edited) as a bullet of the achievement."""
    candidate = _find(achievement_id, candidate_id)
    if candidate is None:
        return
    if candidate["editing"]:
        text = st.session_state.get(_form(candidate_id) + ".text", candidate.get("draft") or "")
    else:
        text = candidate["text"]

    def action() -> None:
        with db() as session:
            save_ai_bullet(session, actor, achievement_id, text)

    if attempt(action, form=_form(candidate_id), success="Bullet saved."):
        _remove(achievement_id, candidate_id)


# -- one achievement ---------------------------------------------------------------------------


def write(actor: Actor, achievement_id: str) -> None:
    """Write candidates for one achievement now, under a spinner; a failure keeps its sentence
    (and any earlier candidates) and saves nothing."""
    try:
        with db() as session:
            facts = achievement_facts(session, actor, achievement_id)
        with st.spinner("Writing bullets from this achievement…"):
            found = generate_bullets(facts, provider=get_provider())
    except Exception as exc:
        review = reviews().setdefault(
            achievement_id, {"facts": None, "candidates": [], "error": None}
        )
        review["error"] = ai_message(exc)
        return
    _hold(facts, found)


def _escape(segment: str) -> str:
    """A piece of text for Markdown, keeping the spaces at its ends."""
    core = md(segment)
    if not core:
        return " " if segment else ""
    lead = " " if segment[:1].isspace() else ""
    trail = " " if segment[-1:].isspace() else ""
    return f"{lead}{core}{trail}"


def marked(text: str, unsupported: list[str]) -> str:
    """The bullet as Markdown with each unsupported item highlighted (the rest shown as typed)."""
    spans: list[tuple[int, int]] = []
    for item in unsupported:
        if item.strip():
            spans.extend(m.span() for m in re.finditer(re.escape(item), text, re.IGNORECASE))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    out, at = [], 0
    for start, end in merged:
        out.append(_escape(text[at:start]))
        out.append(f":orange-background[{md(text[start:end])}]")
        at = end
    out.append(_escape(text[at:]))
    return "".join(out)


def support_line(score: int, unsupported: list[str]) -> str:
    """The confidence badge, and what in the bullet the achievement does not have."""
    colour = "green" if score >= 80 else "orange" if score >= 50 else "red"
    line = f":{colour}-badge[:material/verified: Confidence {score}/100]"
    if unsupported:
        items = " ".join(f":orange-badge[{md(item)}]" for item in unsupported)
        return f"{line} :orange[Not in the achievement:] {items}"
    return f"{line} :gray[Everything in it comes from the achievement.]"


def _draw_candidate(actor: Actor, achievement_id: str, review: dict[str, Any], c: dict) -> None:
    form = _form(c["id"])
    text_key = f"{form}.text"
    with st.container(border=True):
        words, actions = st.columns([5, 1], vertical_alignment="center")
        with words:
            if c["editing"]:
                if text_key not in st.session_state:
                    st.session_state[text_key] = c.get("draft") or c["text"]
                st.text_area("Bullet", key=text_key, height=90, on_change=_keep_draft, args=(c,))
                facts = review.get("facts")
                edited = st.session_state.get(text_key) or ""
                if facts:
                    score, unsupported = support_check(edited, AchievementFacts(**facts))
                else:
                    score, unsupported = c["confidence"], c["unsupported"]
            else:
                score, unsupported = c["confidence"], c["unsupported"]
                if unsupported:
                    st.markdown(marked(c["text"], unsupported))
                else:
                    st.text(c["text"])
            st.markdown(support_line(score, unsupported), help=CONFIDENCE_HELP)
            other_errors(form, frozenset())
        with actions:
            st.button(
                "Save" if c["editing"] else "Keep",
                key=f"{form}.accept",
                type="primary",
                icon=":material/check:",
                on_click=accept,
                args=(actor, achievement_id, c["id"]),
                width="stretch",
            )
            if c["editing"]:
                st.button(
                    "Cancel",
                    key=f"{form}.cancel",
                    on_click=cancel_edit,
                    args=(achievement_id, c["id"]),
                    width="stretch",
                )
            else:
                st.button(
                    "Edit",
                    key=f"{form}.edit",
                    icon=":material/edit:",
                    on_click=start_edit,
                    args=(achievement_id, c["id"]),
                    width="stretch",
                )
            st.button(
                "Discard",
                key=f"{form}.discard",
                icon=":material/close:",
                on_click=discard,
                args=(achievement_id, c["id"]),
                width="stretch",
            )


def draw_review(actor: Actor, achievement_id: str, *, title: str | None = None) -> None:
    """The suggestions for one achievement (written now when they were asked for on this run),
    each to keep, edit and keep, or discard; a failure shows its sentence and a retry."""
    if st.session_state.get(PENDING) == achievement_id:
        st.session_state.pop(PENDING)
        write(actor, achievement_id)
    review = reviews().get(achievement_id)
    if not review:
        return
    if not review["candidates"] and not review["error"]:
        reviews().pop(achievement_id, None)
        return
    with st.container(border=True):
        head, close = st.columns([5, 1], vertical_alignment="center")
        heading = ":material/auto_awesome: **Suggested bullets**"
        if title:
            heading += f" for “{md(shorten(title, 90))}”"
        head.markdown(heading)
        close.button(
            "Close",
            key=f"ai.bullets.close.{achievement_id}",
            icon=":material/close:",
            on_click=dismiss,
            args=(achievement_id,),
            help="Discard these suggestions",
            width="stretch",
        )
        if review["error"]:
            ai_fault(
                review["error"],
                key=f"ai.bullets.retry.{achievement_id}",
                on_retry=request,
                args=(achievement_id,),
            )
        if review["candidates"]:
            st.caption(
                "Keep the ones you like, edit one first, or discard it. Nothing is saved "
                "until you keep it. Confidence says how well a bullet is supported by the "
                "achievement's own facts."
            )
        for candidate in list(review["candidates"]):
            _draw_candidate(actor, achievement_id, review, candidate)


# -- every achievement that has none -----------------------------------------------------------


def _batch_lock() -> threading.Lock:
    lock = st.session_state.get(BATCH_LOCK)
    if lock is None:
        lock = st.session_state[BATCH_LOCK] = threading.Lock()
    return lock


def start_batch() -> None:
    """Start writing bullets for every achievement that has none (a button's callback)."""
    _batch_lock()
    st.session_state[BATCH] = {
        "running": True,
        "stopped": False,
        "total": None,
        "done": 0,
        "saved": 0,
        "held": 0,
        "failed": {},
    }


def stop_batch() -> None:
    """Stop the batch: results already saved stay; nothing else is started."""
    state = st.session_state.get(BATCH)
    if state and state["running"]:
        state["running"] = False
        state["stopped"] = True


def close_batch() -> None:
    st.session_state.pop(BATCH, None)


def _progress_text(state: dict[str, Any]) -> str:
    return (
        f"{state['done']} of {count(state['total'] or 0, 'achievement')} done · "
        f"{count(state['saved'], 'bullet')} saved"
    )


def run_batch(actor: Actor) -> None:
    """Write bullets for every achievement that has none, saving each result as it arrives;
    one run at a time (an interrupted run may still be saving its last answer)."""
    lock = _batch_lock()
    held = lock.acquire(blocking=False)
    try:
        if not held:
            with st.spinner("Carrying on once the bullet being written now arrives…"):
                lock.acquire()
                held = True
        _write_batch(actor)
    finally:
        if held:
            lock.release()


def _write_batch(actor: Actor) -> None:
    state = st.session_state[BATCH]
    if not state["running"]:  # the run this one waited for finished it
        st.rerun()
    with db() as session:
        items = facts_without_bullets(session, actor)
    waiting = set(reviews()) | set(state["failed"])
    items = [f for f in items if f.achievement_id not in waiting]
    # A batch carried on after an interruption keeps counting where it was.
    state["total"] = state["done"] + len(items)
    provider = get_provider()
    st.markdown(":material/auto_awesome: **Writing bullets for every achievement that has none**")
    total = max(1, state["total"])
    bar = st.progress(min(1.0, state["done"] / total), text=_progress_text(state))
    st.button("Stop", key="ai.batch.stop", icon=":material/stop_circle:", on_click=stop_batch)

    def on_result(item: AchievementFacts, result: list[BulletCandidate] | Exception) -> None:
        key = item.achievement_id or ""
        name = shorten(item.description, 70)
        if isinstance(result, Exception):
            state["failed"][key] = (name, ai_message(result))
        else:
            try:
                with db() as session:
                    saved = save_batch_bullet(session, actor, item, result)
            except Exception as exc:
                state["failed"][key] = (name, ai_message(exc))
            else:
                if saved is None:
                    _hold(item, result)
                    state["held"] += 1
                else:
                    state["saved"] += 1
        state["done"] += 1
        bar.progress(min(1.0, state["done"] / total), text=_progress_text(state))

    generate_bullets_batch(
        items,
        provider=provider,
        concurrency=get_settings().ai_concurrency,
        on_result=on_result,
    )
    state["running"] = False
    flash(
        f"Bullets written for {count(state['saved'], 'achievement')}.",
        icon=":material/auto_awesome:",
    )
    st.rerun()


def _draw_batch_outcome(state: dict[str, Any]) -> None:
    """What the last batch did: saved, waiting for review, failed, or stopped part-way."""
    with st.container(border=True):
        lines = [f"Bullets written and saved for {count(state['saved'], 'achievement')}."]
        if state["held"]:
            lines.append(
                f"{count(state['held'], 'achievement')} "
                f"{'waits' if state['held'] == 1 else 'wait'} for your review below: "
                "the suggestions mention something the achievement does not."
            )
        if state["stopped"]:
            left = max(0, (state["total"] or 0) - state["done"])
            lines.append(
                f"Stopped after {state['done']} of {state['total'] or 0}: "
                f"{count(left, 'achievement')} still {'has' if left == 1 else 'have'} no "
                "bullet. Start again to carry on."
            )
        st.markdown(" ".join(lines))
        for name, message in state["failed"].values():
            st.warning(f"“{name}”: {message}", icon=":material/error:")
        again, close, _ = st.columns([2, 1, 2])
        if state["failed"]:
            again.button(
                f"Try the {count(len(state['failed']), 'failed one')} again",
                key="ai.batch.retry",
                icon=":material/refresh:",
                on_click=start_batch,
                width="stretch",
            )
        close.button("Close", key="ai.batch.close", on_click=close_batch, width="stretch")


def draw_batch(actor: Actor, missing: int) -> None:
    """The batch action, its run (progress and Stop) and its outcome."""
    state = st.session_state.get(BATCH)
    if state and state["running"]:
        run_batch(actor)
        return
    lock = st.session_state.get(BATCH_LOCK)
    if lock is not None and lock.locked():
        # Stopped: the interrupted run is saving the answer it was waiting for.
        with st.spinner("Stopping once the bullet being written now arrives…"), lock:
            pass
        st.rerun()
    if state:
        _draw_batch_outcome(state)
    st.button(
        f"Write bullets for every achievement that has none ({missing})",
        key="ai.batch.start",
        icon=":material/bolt:",
        on_click=start_batch,
        disabled=missing == 0,
    )


# -- the bullets page's panel ------------------------------------------------------------------


def toggle_panel() -> None:
    st.session_state[PANEL] = not st.session_state.get(PANEL, False)


def open_button() -> None:
    """The "Write bullets with AI" action beside "Add a bullet"."""
    st.button(
        "Write with AI",
        key="ai.bullets.open",
        help="Write bullets from your achievements with AI, and review them",
        icon=":material/auto_awesome:",
        on_click=toggle_panel,
        width="stretch",
    )


def panel_open() -> bool:
    """Whether the panel shows: opened, or with a batch under way in it."""
    batch = st.session_state.get(BATCH) or {}
    return bool(st.session_state.get(PANEL) or batch.get("running"))


def draw_ai(actor: Actor, tree: CareerTree) -> None:
    """The bullets page's AI part: the panel when open, then the suggestions waiting for review
    (shown whether or not the panel is open, wherever they were asked for)."""
    if panel_open():
        draw_panel(actor, tree)
    descriptions = {
        child.achievement.id: child.achievement.description
        for node in tree.experiences
        for child in node.achievements
    }
    shown = list(reviews())
    pending = st.session_state.get(PENDING)
    if pending and pending not in shown:
        shown.insert(0, pending)
    for achievement_id in shown:
        draw_review(actor, achievement_id, title=descriptions.get(achievement_id))
    forget_pending()


def draw_panel(actor: Actor, tree: CareerTree) -> None:
    """Write bullets for one achievement, or for every one that has none."""
    achievements = {
        child.achievement.id: child for node in tree.experiences for child in node.achievements
    }
    labels = {
        child.achievement.id: f"{shorten(child.achievement.description, 70)} "
        f"({node.experience.job_title}, {node.experience.company_name})"
        for node in tree.experiences
        for child in node.achievements
    }
    without = [a_id for a_id, child in achievements.items() if not child.bullets]
    missing = len([a_id for a_id in without if a_id not in reviews()])
    with st.container(border=True):
        head, close = st.columns([5, 1], vertical_alignment="center")
        head.markdown(":material/auto_awesome: **Write bullets with AI**")
        close.button("Hide", key="ai.bullets.hide", on_click=toggle_panel, width="stretch")
        provider_caption()
        if not achievements:
            st.info(
                "Bullets are written from achievements. Record one on the Achievements page first.",
                icon=":material/emoji_events:",
            )
        else:
            if st.session_state.get(PICKED) not in labels:
                st.session_state[PICKED] = (without or list(labels))[0]
            pick, go = st.columns([4, 1], vertical_alignment="bottom")
            pick.selectbox(
                "Achievement",
                list(labels),
                format_func=lambda a_id: labels.get(a_id, "(deleted)"),
                key=PICKED,
            )
            go.button(
                "Write bullets",
                key="ai.bullets.write",
                type="primary",
                icon=":material/auto_awesome:",
                on_click=lambda: request(st.session_state[PICKED]),
                width="stretch",
            )
            draw_batch(actor, missing)
