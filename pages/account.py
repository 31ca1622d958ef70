"""Account: name and email, password, a copy of all my data, and deleting the account."""

from __future__ import annotations

import json
from datetime import date

import streamlit as st

from components import auth
from components.format import escaped
from components.session import current_actor, engine
from models.db import session_scope
from services import accounts
from services.accounts import Account
from services.errors import AchievError

actor = current_actor()
auth.show_flashes()
run, account = auth.signed_in_run()

st.title("Account")
kind = {"member": "Member", "coach": "Coach", "admin": "Administrator"}[account.role]
st.caption(f"Username **{escaped(account.username)}** · {escaped(account.email)} · {kind}")

details, password = st.columns(2)
with details:
    auth.update_details_form()
with password:
    if account.is_demo:
        st.info(
            "This is a demo copy with no password: it is removed a day after it was made.",
            icon=":material/info:",
        )
    else:
        auth.change_password_form()

st.subheader("Your data")
st.write(
    "Download everything Achiev keeps about you, as one JSON file: your profile, experiences, "
    "achievements, bullets, job descriptions, tailored resumes, conversations and coaching."
)
bound_engine = engine()


def export_json() -> bytes:
    """All of the person's data, made when the button is pressed."""
    with session_scope(bound_engine) as session:
        data = accounts.export_account(session, actor)
    return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")


st.download_button(
    "Download all my data",
    data=export_json,
    file_name=f"achiev-{account.username}-{date.today().isoformat()}.json",
    mime="application/json",
    icon=":material/download:",
    key="export",
)

st.subheader("Delete account")
st.write(
    "Deleting your account removes it and every piece of your data for good. Coaches lose "
    "access at once. This cannot be undone: download your data first if you want a copy."
)


ASKING = "delete.asking"


def stop_asking() -> None:
    """The dialog was closed without deleting."""
    st.session_state.pop(ASKING, None)


@st.dialog("Delete your account?", on_dismiss=stop_asking)
def confirm_delete(account: Account) -> None:
    """Ask first: the username must be typed before the account goes."""
    st.write(
        "Your account, profile, experiences, achievements, bullets, job descriptions, tailored "
        "resumes, conversations and coaching links will all be deleted. This cannot be undone."
    )
    typed = st.text_input(f"Type your username, {account.username}, to confirm", key="delete.typed")
    yes, no = st.columns(2)
    confirmed = typed.strip().lower() == account.username
    if yes.button(
        "Delete my account",
        type="primary",
        disabled=not confirmed,
        key="delete.yes",
        icon=":material/delete_forever:",
    ):
        try:
            with session_scope(bound_engine) as session:
                accounts.delete_account(session, actor)
        except AchievError as exc:
            st.error(str(exc), icon=":material/error:")
            return
        stop_asking()
        auth.log_out(run, "Your account and all its data were deleted.")
    if no.button("Cancel", key="delete.no"):
        stop_asking()
        st.rerun()


if st.button("Delete my account…", icon=":material/delete:", key="delete.open"):
    st.session_state[ASKING] = True
if st.session_state.get(ASKING):
    confirm_delete(account)
