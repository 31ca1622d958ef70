"""The dashboard: the welcome for a new account (with the example record) and the record
at a glance."""

from __future__ import annotations

import streamlit as st

from components.charts import bar_chart, timeline_chart
from components.confirm import confirm
from components.feedback import other_errors
from components.format import ago, md
from components.layout import empty_state, link_to, page_title, section
from components.session import db
from models import utcnow
from services.access import Actor
from services.dashboard import Dashboard, NextStep
from services.demo import load_demo_record

ACTIVITY_ICONS = {
    "experience": "work",
    "achievement": "emoji_events",
    "bullet": "format_list_bulleted",
    "job": "work_outline",
    "profile": "person",
}
DEMO = "dashboard.demo"


def draw_step(step: NextStep, *, primary: bool) -> None:
    """A next step: what to do, why, and a link to the page where it is done."""
    with st.container(border=True):
        st.markdown(f"**:material/{step.icon}: {md(step.title)}**")
        st.caption(md(step.detail))
        if page_title(step.page):
            link_to(step.page, "Start here" if primary else "Go there", "arrow_forward")


def offer_demo(actor: Actor) -> None:
    """Load the example record into this empty account, after saying what it does."""

    def load() -> None:
        with db() as session:
            load_demo_record(session, actor)

    if st.button("Load example data", key=f"{DEMO}.ask", icon=":material/dataset:"):
        confirm(
            key=DEMO,
            title="Load the example record?",
            message="Your account gets the record of Maya Chen, a backend engineer: her "
            "profile, four jobs with their achievements and bullets, three job descriptions, "
            "a tailored resume and a conversation. Your profile fields are replaced with hers. "
            "You can edit or delete any of it afterwards.",
            action=load,
            success="Example data loaded. Have a look around.",
            confirm_label="Load example data",
            icon="dataset",
        )
    other_errors(DEMO, frozenset())


def draw_welcome(actor: Actor, dashboard: Dashboard) -> None:
    """A new account: what Achiev does, where to start, and the example record."""
    empty_state(
        "waving_hand",
        "Welcome to Achiev",
        "Achiev turns your career into evidence: you record the jobs you held and what you "
        "achieved in each, get strong resume bullets from those achievements, and see how "
        "they cover a job you want. It takes a few minutes to start.",
    )
    start, demo = st.columns([3, 2])
    with start:
        section("Where to start", "flag")
        for step in dashboard.next_steps:
            draw_step(step, primary=step is dashboard.next_steps[0])
    with demo, st.container(border=True):
        st.markdown("**:material/dataset: Rather look around first?**")
        st.caption(
            "Fill this empty account with an example record to see every page at work, "
            "then edit or delete it."
        )
        offer_demo(actor)


def draw_record(dashboard: Dashboard) -> None:
    """The record at a glance: counts, next step, timeline, years, skills, recent changes."""
    c = dashboard.counts
    for column, (label, value) in zip(
        st.columns(4),
        (
            ("Experiences", c.experiences),
            ("Achievements", c.achievements),
            ("Bullets", c.bullets),
            ("Job descriptions", c.jobs),
        ),
        strict=True,
    ):
        column.metric(label, f"{value:,}", border=True)

    if dashboard.next_steps:
        section("Next step", "flag")
        first, *rest = dashboard.next_steps
        columns = st.columns(len(dashboard.next_steps))
        with columns[0]:
            draw_step(first, primary=True)
        for column, step in zip(columns[1:], rest, strict=True):
            with column:
                draw_step(step, primary=False)

    section("Career timeline", "timeline")
    if dashboard.timeline:
        timeline_chart(dashboard.timeline, key="dashboard.timeline")
    else:
        st.caption("Add start dates to your experiences to see them on a timeline.")
    if dashboard.undated_experiences:
        st.caption(
            f"{dashboard.undated_experiences} experience(s) have no start date and are not shown."
        )

    years, skills = st.columns(2)
    with years:
        section("Achievements per year", "bar_chart")
        if dashboard.achievements_per_year:
            bar_chart(
                dashboard.achievements_per_year,
                key="dashboard.years",
                x_title="Year the role began",
                y_title="Achievements",
            )
        else:
            st.caption("Achievements show here once their jobs have dates.")
    with skills:
        section("Top skills", "psychology")
        if dashboard.top_skills:
            bar_chart(
                dashboard.top_skills,
                key="dashboard.skills",
                x_title="Achievements that show it",
                y_title="",
                horizontal=True,
            )
        else:
            st.caption("Tag your achievements with skills to see which ones you show most.")

    section("Recent activity", "history")
    now = utcnow()
    with st.container(border=True):
        for item in dashboard.recent:
            icon = ACTIVITY_ICONS.get(item.kind, "edit")
            st.markdown(
                f":material/{icon}: **{item.action} {item.kind}** · {md(item.text)} "
                f":gray[· {ago(item.when, now)}]"
            )


def draw_dashboard(actor: Actor, dashboard: Dashboard) -> None:
    """The page body: a greeting, then the welcome or the record at a glance."""
    greeting = f"Hello, {md(dashboard.name)}." if dashboard.name else "Hello."
    st.caption(f"{greeting} Your career record at a glance.")
    if dashboard.counts.empty:
        draw_welcome(actor, dashboard)
    else:
        draw_record(dashboard)
