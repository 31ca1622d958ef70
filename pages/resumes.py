"""Tailored resumes: the list; one opened to reorder, add and remove bullets, edit its name and
summary, see its coverage of the job's key skills, download it, or delete it."""

from __future__ import annotations

import streamlit as st

from components.feedback import guard
from components.layout import page_header
from components.resume_view import OPEN, draw_resume, draw_resume_list
from components.session import current_actor, db
from services.jobs import list_jobs
from services.tailoring import list_tailored_resumes, resume_bullet_counts

actor = current_actor()
page_header(
    "Tailored resumes",
    "description",
    "Resumes put together for one job from your best-fitting bullets. Open one to reorder, "
    "edit and download it.",
)

with guard():
    with db() as session:
        resumes = list_tailored_resumes(session, actor)
        jobs = {job.id: job for job in list_jobs(session, actor)}
        counts = resume_bullet_counts(session, actor)
    opened = next((r for r in resumes if r.id == st.session_state.get(OPEN)), None)
    if opened is None:
        st.session_state.pop(OPEN, None)
        draw_resume_list(resumes, counts, jobs)
    else:
        draw_resume(actor, opened, jobs)
