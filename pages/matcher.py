"""Matcher: a job description beside the person's bullets, each scored, the job's key skills
covered or missing, and a tailored resume made from the picks."""

from __future__ import annotations

import hashlib

import streamlit as st

from components.feedback import guard
from components.layout import empty_state, page_header
from components.match_view import (
    BANDS_HELP,
    draw_bullet_pane,
    draw_create_form,
    draw_created,
    draw_job_pane,
    draw_job_picker,
    draw_picks,
)
from components.session import current_actor, db
from services.ai.provider import get_provider
from services.job_match import match_job, match_text, semantic_available
from services.jobs import list_jobs

actor = current_actor()
page_header(
    "Matcher",
    "compare_arrows",
    "A job description beside your bullets: a score for each, the job's key skills you cover "
    "and the gaps, and a tailored resume from the bullets you pick. " + BANDS_HELP,
)

with guard():
    with db() as session:
        jobs = list_jobs(session, actor)
    draw_created()
    chosen = draw_job_picker(jobs)
    offline = get_provider().is_offline
    semantic = False
    if offline and semantic_available():
        semantic = st.toggle(
            "Match by meaning too (local model; slow the first time on a large record)",
            key="matcher.semantic",
        )
    if chosen is None:
        empty_state(
            "compare_arrows",
            "Match your bullets to a job",
            "Paste a job description above, or save one on the Job descriptions page, and "
            "see every bullet scored against it.",
        )
    else:
        kind, value = chosen
        with st.spinner("Scoring your bullets…"), db() as session:
            if kind == "saved":
                match = match_job(session, actor, value, semantic=semantic)
                job_key, pasted = f"job:{value}", None
            else:
                match = match_text(
                    session,
                    actor,
                    value["description"],
                    title=value.get("title"),
                    company=value.get("company"),
                    semantic=semantic,
                )
                digest = hashlib.sha256(value["description"].encode()).hexdigest()[:16]
                job_key, pasted = f"pasted:{digest}", value
        if match.note:
            st.info(match.note, icon=":material/info:")
        left, right = st.columns([1, 2], gap="large")
        with right:
            picks = draw_bullet_pane(match, job_key)
        with left:
            draw_job_pane(match, picks)
        if match.rows:
            picked, create = st.columns([3, 2], gap="large")
            with picked:
                draw_picks(match, picks)
            with create:
                draw_create_form(actor, match, picks, job_key, pasted)
