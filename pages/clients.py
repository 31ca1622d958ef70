"""Clients: the members who invited you, their records read-only, invitations and codes."""

from __future__ import annotations

import streamlit as st

from components import auth, record_view
from components.format import escaped
from components.session import current_actor, db
from services import coaching
from services.coaching import COACH_ROLES, Coaching
from services.errors import AchievError

actor = current_actor()
auth.show_flashes()
if actor.role not in COACH_ROLES:
    st.info("This page is for coaches.", icon=":material/lock:")
    st.stop()

st.title("Clients")


def act(action, success: str) -> None:
    """Run a coaching action from a button; say how it went on the next run."""
    try:
        with db() as session:
            action(session)
    except AchievError as exc:
        auth.flash(str(exc), ":material/error:")
    else:
        auth.flash(success)


@st.dialog("End coaching?")
def confirm_end(item: Coaching) -> None:
    """Ask before a client's record is closed to you."""
    st.write(
        f"End coaching with {escaped(item.name)}? You will no longer see their record; they can "
        "invite you again later."
    )
    yes, no = st.columns(2)
    if yes.button("End coaching", type="primary", key="end_client.yes"):
        act(
            lambda s: coaching.end_coaching(s, actor, item.id),
            f"Coaching with {escaped(item.name)} ended.",
        )
        st.session_state.pop("client", None)
        st.rerun()
    if no.button("Cancel", key="end_client.no"):
        st.rerun()


with db() as session:
    clients = coaching.list_clients(session, actor)
    waiting = coaching.list_invitations(session, actor)
    codes = coaching.list_invite_codes(session, actor)

if waiting:
    st.subheader("Invitations")
    for item in waiting:
        with st.container(border=True):
            left, accept, decline = st.columns([4, 1, 1])
            left.markdown(
                f"**{escaped(item.name)}** ({escaped(item.email)}) asked you to coach them."
            )
            accept.button(
                "Accept",
                key=f"accept.{item.id}",
                type="primary",
                on_click=act,
                args=(
                    lambda s, g=item.id: coaching.accept_invitation(s, actor, g),
                    f"{escaped(item.name)} is now your client.",
                ),
            )
            decline.button(
                "Decline",
                key=f"decline.{item.id}",
                on_click=act,
                args=(
                    lambda s, g=item.id: coaching.end_coaching(s, actor, g),
                    "Invitation declined.",
                ),
            )

st.subheader("Your clients")
if not clients:
    st.info(
        "No clients yet. Members add you by your username or email, or with a code from below.",
        icon=":material/groups:",
    )
else:
    by_id = {c.user_id: c for c in clients}
    chosen = st.selectbox(
        "Client",
        list(by_id),
        format_func=lambda uid: f"{by_id[uid].name} ({by_id[uid].email})",
        key="client",
    )
    client = by_id[chosen]
    shared = client.grant.share_conversations
    head, end = st.columns([4, 1])
    since = client.grant.activated_at
    head.caption(
        (f"Your client since {since:%d %b %Y}. " if since else "")
        + "You can read this record but not change it. "
        + (
            "They share their conversations with you."
            if shared
            else "They do not share their conversations."
        )
    )
    if end.button("End coaching", key=f"end.{client.id}", icon=":material/link_off:"):
        confirm_end(client)
    names = ["Profile and experiences", "Job descriptions", "Tailored resumes"]
    if shared:
        names.append("Conversations")
    tabs = st.tabs(names)
    with db() as session:
        with tabs[0]:
            record_view.show_profile(session, actor, client.user_id)
        with tabs[1]:
            record_view.show_jobs(session, actor, client.user_id)
        with tabs[2]:
            record_view.show_resumes(session, actor, client.user_id)
        if shared:
            with tabs[3]:
                record_view.show_conversations(session, actor, client.user_id)

st.subheader("Invite codes")
st.write(
    "Give a member a code: when they enter it under **Your coaches**, they become your client "
    f"at once. A code works for {coaching.CODE_LIFETIME.days} days, for as many members as you "
    "give it to."
)
for row in codes:
    left, right = st.columns([4, 1])
    left.markdown(f"`{coaching.format_code(row.code)}` · works until {row.expires_at:%d %b %Y}")
    right.button(
        "Revoke",
        key=f"revoke.{row.id}",
        on_click=act,
        args=(lambda s, c=row.id: coaching.revoke_invite_code(s, actor, c), "Code revoked."),
    )
st.button(
    "Make a new code",
    icon=":material/key:",
    key="new_code",
    on_click=act,
    args=(lambda s: coaching.create_invite_code(s, actor), "New code made."),
)
