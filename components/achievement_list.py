"""The achievements list: filters by experience and skill, search, cards with skill tags,
the editor (in place or new), and bullets written by AI from each achievement, reviewed under
its card."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components import ai_bullets
from components.ai_status import provider_caption
from components.feedback import other_errors
from components.format import count, experience_label, md
from components.forms import EditableList, choice_field, tag_field, text_field
from components.layout import empty_state, link_to, section
from components.pager import choice_filter, paginate, reset_page
from models import Achievement
from services.access import Actor
from services.achievements import (
    create_achievement,
    delete_achievement,
    search_achievements,
    skill_counts,
    update_achievement,
)
from services.career import AchievementNode, CareerTree, ExperienceNode
from services.skills import split_skills

ACHIEVEMENTS = EditableList("achievement", "achievements.editing")
PAGER = "achievements"
FILTER_EXPERIENCE = "achievements.filter.experience"
FILTER_SKILL = "achievements.filter.skill"
FILTER_TEXT = "achievements.filter.text"
SHOWN = frozenset({"experience_id", "description", "impact", "skills"})


def save(actor: Actor, achievement_id: str | None) -> None:
    """Create or change the achievement from its form; mistakes stay beside their fields."""
    editor = ACHIEVEMENTS.editor(achievement_id)
    values = {
        "experience_id": editor.get("experience_id"),
        "description": editor.get("description") or "",
        "impact": editor.get("impact") or "",
        "skills": list(editor.get("skills") or []),
    }
    ACHIEVEMENTS.store(
        achievement_id,
        create=lambda session: create_achievement(session, actor, **values),
        update=lambda session: update_achievement(session, actor, achievement_id, **values),
        added="Achievement added.",
        saved="Achievement saved.",
    )


def stored_values(a: Achievement) -> dict[str, Any]:
    """The form's fields filled from a stored achievement."""
    return {
        "experience_id": a.experience_id,
        "description": a.description,
        "impact": a.impact or "",
        "skills": split_skills(a.skills),
    }


def draw_editor(
    actor: Actor,
    achievement_id: str | None,
    experiences: dict[str, str],
    skills: list[str],
    *,
    stored: Achievement | None = None,
) -> None:
    """The achievement's form, in place of its card (or at the top for a new one)."""
    editor = ACHIEVEMENTS.editor(achievement_id)
    if stored is not None:
        editor.ensure(stored_values(stored))
    with st.container(border=True):
        st.markdown("**New achievement**" if achievement_id is None else "**Edit achievement**")
        other_errors(editor.name, SHOWN)
        choice_field(editor, "experience_id", "Experience", experiences, required=True)
        text_field(
            editor,
            "description",
            "What you did",
            model=Achievement,
            required=True,
            area=True,
            height=90,
            placeholder="Rebuilt the settlement pipeline as event-driven services on Kafka",
        )
        text_field(
            editor,
            "impact",
            "Impact",
            model=Achievement,
            area=True,
            height=80,
            placeholder="Settlement time fell from 26 hours to 40 minutes",
            help="The result, with numbers where you have them: money, time, people, scale.",
        )
        tag_field(editor, "skills", "Skills", suggestions=skills)
        ACHIEVEMENTS.form_buttons(achievement_id, save, (actor, achievement_id))


def ask_to_delete(actor: Actor, node: ExperienceNode, child: AchievementNode) -> None:
    """Delete the achievement once the person confirms; its bullets stay with the job."""
    achievement_id = child.achievement.id
    if child.bullets:
        stays = (
            f"Its {count(len(child.bullets), 'bullet')} "
            f"{'stays' if len(child.bullets) == 1 else 'stay'} with "
            f"{node.experience.job_title} at {node.experience.company_name}, no longer tied "
            "to it."
        )
    else:
        stays = "It has no bullets."
    ACHIEVEMENTS.ask_to_delete(
        achievement_id,
        lambda session: delete_achievement(session, actor, achievement_id),
        title="Delete this achievement?",
        message=f"“{child.achievement.description}” will be deleted. {stays} "
        "This cannot be undone.",
        success="Achievement deleted.",
    )


def draw_card(actor: Actor, node: ExperienceNode, child: AchievementNode) -> None:
    """One achievement: what was done, its impact, its skills, and its actions."""
    a = child.achievement
    with st.container(border=True):
        info, actions = st.columns([5, 1], vertical_alignment="center")
        with info:
            st.text(a.description)
            if a.impact:
                st.markdown(f":material/trending_up: {md(a.impact)}")
            tags = split_skills(a.skills)
            line = " ".join(f":violet-badge[{md(tag)}]" for tag in tags)
            st.markdown(f"{line} :gray[{count(len(child.bullets), 'bullet')}]")
        with actions:
            ACHIEVEMENTS.edit_button(a.id, stored_values(a))
            st.button(
                "Write bullets",
                key=f"achievement.ai.{a.id}",
                icon=":material/auto_awesome:",
                on_click=ai_bullets.request,
                args=(a.id,),
                help="Suggest resume bullets from this achievement, for you to review",
                width="stretch",
            )
            if ACHIEVEMENTS.delete_button(a.id):
                ask_to_delete(actor, node, child)
        ai_bullets.draw_review(actor, a.id)


def draw_achievements(actor: Actor, tree: CareerTree) -> None:
    """The page body: filters, the add button or new form, then the matching achievements."""
    if not tree.experiences:
        empty_state(
            "work",
            "First, add an experience",
            "Achievements live inside the jobs you held. Add your current or most recent job, "
            "then come back to record what you got done there.",
        )
        link_to("experiences.py", "Add an experience")
        return

    experiences = {node.experience.id: experience_label(node) for node in tree.experiences}
    skills = skill_counts(tree)
    skill_names = [name for name, _ in skills]
    editing = ACHIEVEMENTS.editing

    by_experience, by_skill, by_text = st.columns([2, 2, 3])
    chosen_experience = choice_filter(
        by_experience,
        "Experience",
        experiences,
        key=FILTER_EXPERIENCE,
        pager=PAGER,
        everything="All experiences",
    )
    by_skill.selectbox(
        "Skill",
        [None, *skill_names],
        format_func=lambda value: "All skills" if value is None else value,
        key=FILTER_SKILL,
        on_change=reset_page,
        args=(PAGER,),
    )
    by_text.text_input(
        "Search",
        key=FILTER_TEXT,
        placeholder="Words in the description, impact or skills",
        on_change=reset_page,
        args=(PAGER,),
    )

    if editing != "new":
        add, ai = st.columns([1, 3], vertical_alignment="center")
        add.button(
            "Add achievement",
            key="achievement.add",
            type="primary",
            icon=":material/add:",
            on_click=ACHIEVEMENTS.open_new,
            args=(
                {
                    "experience_id": chosen_experience or tree.experiences[0].experience.id,
                    "skills": [],
                },
            ),
        )
        with ai:
            provider_caption()
    else:
        draw_editor(actor, None, experiences, skill_names)

    found = search_achievements(
        tree,
        experience_id=chosen_experience,
        skill=st.session_state.get(FILTER_SKILL),
        text=st.session_state.get(FILTER_TEXT),
    )
    rows = [(node, child) for node, children in found for child in children]
    if not tree.achievement_count:
        if editing != "new":
            empty_state(
                "emoji_events",
                "Record your first achievement",
                "Think of something you are proud of in your most recent job: what you did, "
                "and what changed because of it. Numbers make it stronger.",
            )
    elif not rows:
        st.info("No achievements match these filters.", icon=":material/filter_alt_off:")

    shown_experience = None
    for node, child in paginate(rows, key=PAGER, size=20, noun="achievements"):
        if node is not shown_experience:
            section(md(experience_label(node)), "work")
            shown_experience = node
        if editing == child.achievement.id:
            draw_editor(
                actor, child.achievement.id, experiences, skill_names, stored=child.achievement
            )
        else:
            draw_card(actor, node, child)
    ai_bullets.forget_pending()
