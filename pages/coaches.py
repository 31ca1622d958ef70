"""Your coaches: invite one, choose what they see, and end it whenever you like."""

from __future__ import annotations

import streamlit as st

from components import auth
from components.format import escaped
from components.session import current_actor, db
from services import coaching
from services.coaching import Coaching
from services.errors import AchievError, ValidationFailed

actor = current_actor()
auth.show_flashes()

st.title("Your coaches")
st.write(
    "A coach you invite can read your record (profile, experiences, achievements, bullets, job "
    "descriptions and tailored resumes) but can never change it. They read your conversations "
    "with the career assistant only if you choose to share them. You can stop at any time."
)


def _error(exc: AchievError) -> None:
    messages = exc.errors.values() if isinstance(exc, ValidationFailed) else [str(exc)]
    for message in messages:
        st.error(message, icon=":material/error:")


def set_share(grant_id: str, key: str) -> None:
    """Turn sharing conversations with one coach on or off."""
    share = bool(st.session_state[key])
    try:
        with db() as session:
            coaching.set_share_conversations(session, actor, grant_id, share)
    except AchievError as exc:
        auth.flash(str(exc), ":material/error:")
        return
    auth.flash(
        "Your conversations are now shared with this coach."
        if share
        else "Your conversations are no longer shared with this coach."
    )


@st.dialog("End coaching?")
def confirm_end(item: Coaching) -> None:
    """Ask before a coach loses access."""
    verb = "end coaching with" if item.status == "active" else "withdraw your invitation to"
    st.write(
        f"Do you want to {verb} {escaped(item.name)}? They lose access to your record at once."
    )
    yes, no = st.columns(2)
    if yes.button("End it", type="primary", key="end.yes"):
        try:
            with db() as session:
                coaching.end_coaching(session, actor, item.id)
        except AchievError as exc:
            _error(exc)
            return
        auth.flash(f"{escaped(item.name)} no longer has access to your record.")
        st.rerun()
    if no.button("Cancel", key="end.no"):
        st.rerun()


with db() as session:
    mine = coaching.list_coaches(session, actor)

if not mine:
    st.info("You have no coach yet. Invite one below.", icon=":material/diversity_3:")
for item in mine:
    with st.container(border=True):
        left, right = st.columns([3, 2])
        with left:
            st.markdown(f"**{escaped(item.name)}** ({escaped(item.username or item.email)})")
            if item.status == "active":
                since = item.grant.activated_at
                st.caption(f"Your coach since {since:%d %b %Y}." if since else "Your coach.")
            else:
                st.caption("Invitation sent: waiting for the coach to accept.")
        with right:
            key = f"share.{item.id}"
            st.toggle(
                "Share my conversations",
                value=item.grant.share_conversations,
                key=key,
                on_change=set_share,
                args=(item.id, key),
            )
            label = "End coaching" if item.status == "active" else "Withdraw invitation"
            if st.button(label, key=f"end.{item.id}", icon=":material/link_off:"):
                confirm_end(item)

st.subheader("Add a coach")
by_name, by_code = st.tabs(["Invite by username or email", "Enter a code from your coach"])
with by_name, st.form("invite_coach", clear_on_submit=True):
    who = st.text_input("Coach's username or email", max_chars=254)
    share = st.checkbox("Also share my conversations", key="invite.share")
    if st.form_submit_button("Send invitation", icon=":material/send:"):
        try:
            with db() as session:
                coaching.invite_coach(session, actor, who, share_conversations=share)
        except AchievError as exc:
            _error(exc)
        else:
            auth.flash("Invitation sent. Your coach sees your record once they accept.")
            st.rerun()
with by_code, st.form("redeem_code", clear_on_submit=True):
    code = st.text_input("Code", max_chars=32, placeholder="ABCD-EFGH-JKMN")
    share = st.checkbox("Also share my conversations", key="code.share")
    if st.form_submit_button("Add coach", icon=":material/how_to_reg:"):
        try:
            with db() as session:
                coaching.redeem_code(session, actor, code, share_conversations=share)
        except AchievError as exc:
            _error(exc)
        else:
            auth.flash("Your coach can now read your record.")
            st.rerun()
