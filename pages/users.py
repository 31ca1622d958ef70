"""Users (administrators): every account, its role, and when it last logged in."""

from __future__ import annotations

import streamlit as st

from components import auth
from components.format import escaped
from components.session import current_actor, db
from models.accounts import ROLES
from services import accounts
from services.errors import AchievError

PAGE_SIZE = 50

actor = current_actor()
auth.show_flashes()
if actor.role != "admin":
    st.info("This page is for administrators.", icon=":material/lock:")
    st.stop()

st.title("Users")
search = st.text_input("Search by username or email", key="users.search", max_chars=254)
page = int(st.session_state.get("users.page", 0))
with db() as session:
    rows, total = accounts.list_accounts(
        session, actor, search=search, limit=PAGE_SIZE, offset=page * PAGE_SIZE
    )
pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
st.caption(f"{total:,} accounts" + (f" · page {page + 1} of {pages}" if pages > 1 else ""))

st.dataframe(
    [
        {
            "Username": a.username,
            "Name": a.display_name if a.display_name != a.username else "",
            "Email": a.email,
            "Role": a.role,
            "Created": a.created_at,
            "Last login": a.last_login_at,
            "Locked": a.is_locked(),
            "Demo copy": a.is_demo,
        }
        for a in rows
    ],
    hide_index=True,
    width="stretch",
)
back, _, forward = st.columns([1, 4, 1])
if back.button("Previous", disabled=page == 0, key="users.prev"):
    st.session_state["users.page"] = page - 1
    st.rerun()
if forward.button("Next", disabled=page + 1 >= pages, key="users.next"):
    st.session_state["users.page"] = page + 1
    st.rerun()

st.subheader("Change a role")
by_name = {a.username: a for a in rows}
with st.form("set_role"):
    who = st.selectbox("Account", list(by_name), key="role.user")
    role = st.selectbox("Role", ROLES, key="role.role")
    if st.form_submit_button("Save role") and who:
        try:
            with db() as session:
                accounts.set_role(session, actor, by_name[who].user_id, role)
        except AchievError as exc:
            st.error(str(exc), icon=":material/error:")
        else:
            auth.flash(f"{escaped(who)} is now a {role}.")
            st.rerun()

locked = [a for a in rows if a.is_locked()]
if locked:
    st.subheader("Locked after failed logins")
    for a in locked:
        left, right = st.columns([4, 1])
        left.write(f"{escaped(a.username)}: locked until {a.locked_until:%H:%M} UTC")
        if right.button("Unlock", key=f"unlock.{a.user_id}"):
            with db() as session:
                accounts.unlock_account(session, actor, a.user_id)
            auth.flash(f"{escaped(a.username)} can log in again.")
            st.rerun()
