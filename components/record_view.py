"""A client's record, read-only, as their coach sees it: nothing here can change it."""

from __future__ import annotations

from datetime import datetime

import streamlit as st
from sqlmodel import Session

from components.format import escaped
from services import conversations, jobs, tailoring
from services.access import Actor
from services.assistant import is_interrupted, job_note_of, without_marker
from services.career import load_career


def paragraphs(text: str | None) -> None:
    """Multi-line text as plain paragraphs."""
    for block in (text or "").split("\n"):
        if block.strip():
            st.markdown(escaped(block.strip()))


def _month(when: datetime | None) -> str:
    return when.strftime("%b %Y") if when else "?"


def show_profile(session: Session, actor: Actor, owner_id: str) -> None:
    """Profile and the career tree: experiences with their achievements and bullets."""
    tree = load_career(session, actor, owner_id=owner_id)
    profile = tree.profile
    if profile is not None:
        name = " ".join(p for p in (profile.first_name, profile.last_name) if p)
        if name:
            st.markdown(f"#### {escaped(name)}")
        if profile.headline:
            st.markdown(f"**{escaped(profile.headline)}**")
        facts = [f for f in (profile.industry, profile.location) if f]
        if facts:
            st.caption(escaped(" · ".join(facts)))
        if profile.summary:
            paragraphs(profile.summary)
        if profile.career_goals:
            st.markdown("**Career goals**")
            paragraphs(profile.career_goals)
    st.markdown(
        f"{len(tree.experiences)} experiences · {tree.achievement_count} achievements · "
        f"{tree.bullet_count} bullets"
    )
    if not tree.experiences:
        st.info("No experiences yet.", icon=":material/work:")
    for node in tree.experiences:
        exp = node.experience
        end = "now" if exp.is_current else _month(exp.end_date)
        title = f"{exp.job_title} · {exp.company_name} ({_month(exp.start_date)} – {end})"
        with st.expander(escaped(title)):
            if exp.location:
                st.caption(escaped(exp.location))
            paragraphs(exp.description)
            for child in node.achievements:
                ach = child.achievement
                st.markdown(f"**Achievement:** {escaped(ach.description)}")
                if ach.impact:
                    st.markdown(f"Impact: {escaped(ach.impact)}")
                if ach.skills:
                    st.caption(f"Skills: {escaped(ach.skills)}")
                for bullet in child.bullets:
                    st.markdown(f"- {escaped(bullet.content)}")
            if node.loose_bullets:
                st.markdown("**Other bullets**")
                for bullet in node.loose_bullets:
                    st.markdown(f"- {escaped(bullet.content)}")
    if tree.unfiled_bullets:
        st.markdown("**Bullets not tied to an experience**")
        for bullet in tree.unfiled_bullets:
            st.markdown(f"- {escaped(bullet.content)}")


def show_jobs(session: Session, actor: Actor, owner_id: str) -> None:
    """Job descriptions the client saved."""
    rows = jobs.list_jobs(session, actor, owner_id=owner_id)
    if not rows:
        st.info("No job descriptions yet.", icon=":material/work_outline:")
    for job in rows:
        label = job.title + (f" at {job.company}" if job.company else "")
        with st.expander(escaped(label)):
            if job.key_skills:
                st.caption(f"Key skills: {escaped(job.key_skills)}")
            paragraphs(job.description)


def show_resumes(session: Session, actor: Actor, owner_id: str) -> None:
    """Tailored resumes with their bullets in order."""
    rows = tailoring.list_tailored_resumes(session, actor, owner_id=owner_id)
    if not rows:
        st.info("No tailored resumes yet.", icon=":material/description:")
    for resume in rows:
        with st.expander(escaped(resume.name)):
            paragraphs(resume.summary)
            for _, bullet in tailoring.list_tailored_bullets(session, actor, resume.id):
                st.markdown(f"- {escaped(bullet.content)}")


def show_conversations(session: Session, actor: Actor, owner_id: str) -> None:
    """The client's conversations with the career assistant (only when they share them)."""
    rows = conversations.list_conversations(session, actor, owner_id=owner_id)
    if not rows:
        st.info("No conversations yet.", icon=":material/forum:")
    for conversation in rows:
        with st.expander(escaped(conversation.title or "Untitled conversation")):
            for message in conversations.list_messages(session, actor, conversation.id, limit=200):
                note = job_note_of(message)
                if note is not None:
                    st.caption(escaped(note[1]))
                    continue
                who = {"user": "Client", "assistant": "Assistant"}.get(message.role, "System")
                text = escaped(without_marker(message.content))
                if is_interrupted(message.content):
                    text += " *(reply interrupted)*"
                st.markdown(f"**{who}:** {text}")
