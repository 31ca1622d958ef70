"""Achiev: the Streamlit entry point (settings, database, login gate, pages by role).

Order matters: who is logged in is worked out first (session, else the login cookie), then
`st.navigation` gets exactly that person's pages, and only then is the authenticator made.
So a reload or a deep link lands on the page asked for, and pages a person may not see do
not exist for them.
"""

from __future__ import annotations

import logging

import streamlit as st

from components import auth
from components.navigation import member_pages, public_pages
from components.session import db, engine
from services.accounts import remove_expired_accounts
from services.settings import get_settings

settings = get_settings()
logging.basicConfig(
    level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
)

st.set_page_config(page_title="Achiev", page_icon=":material/workspace_premium:", layout="wide")
engine()


@st.cache_resource(show_spinner=False, ttl=3600)
def _expired_demos_removed(url: str) -> int:
    """Remove expired demo copies when the app starts (and hourly after that)."""
    with db() as session:
        return remove_expired_accounts(session)


_expired_demos_removed(settings.resolved_database_url)

account = auth.signed_in_account()
if account is None:
    navigation = st.navigation(
        public_pages(signup_open=settings.signup_mode != "closed"), position="hidden"
    )
else:
    navigation = st.navigation(member_pages(account.role), position="sidebar", expanded=True)

run = auth.begin_run(account)
auth.finish_login(run, account)
auth.show_flashes()
if account is not None and st.session_state.get("authentication_status"):
    auth.sidebar(run, account)
navigation.run()
