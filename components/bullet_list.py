"""The bullets list: grouped by experience, each with its source and quality hints, edited
in place; a bullet of the person's own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import streamlit as st

from components.feedback import other_errors
from components.format import experience_label, md, shorten
from components.forms import EditableList, choice_field, text_field
from components.layout import empty_state, link_to, section
from components.pager import choice_filter, paginate, reset_page
from models import ResumeBullet
from services.access import Actor
from services.bullets import bullet_hints, create_bullet, delete_bullet, update_bullet
from services.career import CareerTree

BULLETS = EditableList("bullet", "bullets.editing")
PAGER = "bullets"
FILTER_EXPERIENCE = "bullets.filter.experience"
FILTER_NEEDS_WORK = "bullets.filter.needs_work"
SHOWN = frozenset({"experience_id", "achievement_id", "content"})


def save(actor: Actor, bullet_id: str | None) -> None:
    """Add the person's own bullet, or change a bullet's words."""
    editor = BULLETS.editor(bullet_id)
    content = editor.get("content") or ""
    if bullet_id is None and not editor.get("experience_id"):
        editor.fail({"experience_id": "Choose the experience this bullet belongs to."})
        return
    BULLETS.store(
        bullet_id,
        create=lambda session: create_bullet(
            session,
            actor,
            experience_id=editor.get("experience_id"),
            achievement_id=editor.get("achievement_id"),
            content=content,
            is_custom=True,
        ),
        update=lambda session: update_bullet(session, actor, bullet_id, content=content),
        added="Bullet added.",
        saved="Bullet saved.",
    )


def draw_hints(text: str) -> None:
    """The bullet's quality checks as small badges, with advice for the ones that fail."""
    hints = bullet_hints(text)
    badges = []
    for hint in hints:
        if hint.ok:
            badges.append(f":green-badge[:material/check: {hint.label}]")
        else:
            badges.append(f":orange-badge[:material/lightbulb: {hint.label}]")
    advice = " ".join(h.message for h in hints if not h.ok)
    st.markdown(" ".join(badges), help=advice or None)


def draw_editor(
    actor: Actor,
    bullet_id: str | None,
    experiences: dict[str, str],
    achievements: dict[str, dict[str, str]],
    *,
    stored: ResumeBullet | None = None,
) -> None:
    """A bullet's form: in place of the bullet, or at the top for a new one."""
    editor = BULLETS.editor(bullet_id)
    if stored is not None:
        editor.ensure({"content": stored.content})
    with st.container(border=True):
        st.markdown("**New bullet**" if bullet_id is None else "**Edit bullet**")
        other_errors(editor.name, SHOWN)
        if bullet_id is None:
            mine, from_achievement = st.columns(2)
            with mine:
                choice_field(editor, "experience_id", "Experience", experiences, required=True)
            chosen = achievements.get(editor.get("experience_id") or "", {})
            if editor.get("achievement_id") not in chosen:
                st.session_state[editor.key("achievement_id")] = None
            with from_achievement:
                choice_field(
                    editor,
                    "achievement_id",
                    "From achievement",
                    chosen,
                    placeholder="None: a bullet of its own",
                )
        text_field(
            editor,
            "content",
            "Bullet",
            model=ResumeBullet,
            required=True,
            area=True,
            height=90,
            placeholder="Cut settlement time from 26 hours to 40 minutes by rebuilding the "
            "pipeline on Kafka",
        )
        draw_hints(editor.get("content") or "")
        BULLETS.form_buttons(bullet_id, save, (actor, bullet_id))


def source(bullet: ResumeBullet, achievement: str | None) -> str:
    """Who wrote the bullet, how sure the AI was, and what it came from."""
    parts = []
    if bullet.ai_generated and not bullet.is_custom:
        written = ":material/auto_awesome: AI-written"
        if bullet.confidence_score is not None:
            written += f" · {bullet.confidence_score}% confidence"
        if bullet.updated_at - bullet.created_at > timedelta(seconds=2):
            written += " · edited by you"
        parts.append(written)
    else:
        parts.append(":material/edit_note: Written by you")
    if achievement:
        parts.append(f"from “{md(shorten(achievement, 70))}”")
    return " · ".join(parts)


def draw_card(actor: Actor, bullet: ResumeBullet, achievement: str | None) -> None:
    """One bullet: its words, where it came from, its hints, and its actions."""
    with st.container(border=True):
        words, actions = st.columns([5, 1], vertical_alignment="center")
        with words:
            st.text(bullet.content)
            st.caption(source(bullet, achievement))
            draw_hints(bullet.content)
        with actions:
            BULLETS.edit_button(bullet.id, {"content": bullet.content})
            if BULLETS.delete_button(bullet.id):
                bullet_id = bullet.id
                BULLETS.ask_to_delete(
                    bullet_id,
                    lambda session: delete_bullet(session, actor, bullet_id),
                    title="Delete this bullet?",
                    message=f"“{shorten(bullet.content, 160)}” will be deleted, and taken out of "
                    "any tailored resume that uses it. This cannot be undone.",
                    success="Bullet deleted.",
                )


def draw_bullets(
    actor: Actor, tree: CareerTree, *, more_actions: Callable[[], None] | None = None
) -> None:
    """The page body: actions and filters, the new form, then the bullets by experience.

    `more_actions` draws further actions beside "Add a bullet" (such as writing bullets
    with AI).
    """
    if not tree.experiences and not tree.unfiled_bullets:
        empty_state(
            "work",
            "First, add an experience",
            "Bullets come from the jobs you held and what you achieved in them. Add an "
            "experience and an achievement or two, then come back here.",
        )
        link_to("experiences.py", "Add an experience")
        return

    experiences = {node.experience.id: experience_label(node) for node in tree.experiences}
    achievement_names = {
        node.experience.id: {
            child.achievement.id: shorten(child.achievement.description, 90)
            for child in node.achievements
        }
        for node in tree.experiences
    }
    editing = BULLETS.editing

    actions, filters = st.columns([2, 3], vertical_alignment="bottom")
    # The filters first: the add button starts a new bullet in the chosen experience.
    with filters:
        by_experience, needs_work = st.columns([3, 2], vertical_alignment="bottom")
        chosen_experience = choice_filter(
            by_experience,
            "Experience",
            experiences,
            key=FILTER_EXPERIENCE,
            pager=PAGER,
            everything="All experiences",
        )
        needs_work.toggle(
            "Only ones to improve", key=FILTER_NEEDS_WORK, on_change=reset_page, args=(PAGER,)
        )
    with actions:
        add_col, more_col = st.columns(2)
        if editing != "new" and experiences:
            add_col.button(
                "Add a bullet",
                key="bullet.add",
                type="primary",
                icon=":material/add:",
                on_click=BULLETS.open_new,
                args=(
                    {
                        "experience_id": chosen_experience or next(iter(experiences)),
                        "achievement_id": None,
                        "content": "",
                    },
                ),
                width="stretch",
            )
        if more_actions is not None:
            with more_col:
                more_actions()

    if editing == "new":
        draw_editor(actor, None, experiences, achievement_names)

    groups: list[tuple[str, str, list[ResumeBullet]]] = [
        (node.experience.id, experience_label(node), node.bullets)
        for node in tree.experiences
        if chosen_experience in (None, node.experience.id)
    ]
    if tree.unfiled_bullets and chosen_experience is None:
        groups.append(("", "Not tied to an experience", tree.unfiled_bullets))
    rows = [(group, label, bullet) for group, label, bullets in groups for bullet in bullets]
    if st.session_state.get(FILTER_NEEDS_WORK):
        rows = [row for row in rows if not all(h.ok for h in bullet_hints(row[2].content))]

    if not tree.bullet_count:
        if editing != "new":
            empty_state(
                "format_list_bulleted",
                "No bullets yet",
                "Write one of your own with “Add a bullet”, or have bullets written from your "
                "achievements. Each bullet shows hints to make it stronger.",
            )
    elif not rows:
        st.info("No bullets match these filters.", icon=":material/filter_alt_off:")

    achievement_of = {
        child.achievement.id: child.achievement.description
        for node in tree.experiences
        for child in node.achievements
    }
    shown_group = None
    for group, label, bullet in paginate(rows, key=PAGER, size=20, noun="bullets"):
        if group != shown_group:
            section(md(label), "work")
            shown_group = group
        if editing == bullet.id:
            draw_editor(actor, bullet.id, experiences, achievement_names, stored=bullet)
        else:
            draw_card(actor, bullet, achievement_of.get(bullet.achievement_id or ""))
