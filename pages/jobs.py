"""Job descriptions: paste a posting with its title, company and link, and have its title,
company, key skills and requirements read from it for review; list, read, edit and delete them."""

from __future__ import annotations

from components.ai_status import sidebar_provider
from components.feedback import guard
from components.job_list import draw_jobs
from components.layout import page_header
from components.session import current_actor, db
from services.jobs import list_jobs

actor = current_actor()
page_header(
    "Job descriptions",
    "work_outline",
    "The postings you are aiming at. Paste one to match your bullets against it.",
)
sidebar_provider()

with guard():
    with db() as session:
        jobs = list_jobs(session, actor)
    draw_jobs(actor, jobs)
