"""Create an account: open to all, by invitation only, or closed (then this page is not offered)."""

import streamlit as st

from components import auth
from components.session import through_app
from services.settings import get_settings

through_app()
settings = get_settings()

_, middle, _ = st.columns([1, 2, 1])
with middle:
    st.title("Create your account")
    if settings.signup_mode == "closed":
        st.info("Sign-up is closed. Ask an administrator for an account.", icon=":material/lock:")
    else:
        if settings.signup_mode == "invite":
            st.info(
                "Sign-up is by invitation: use the email address your invitation was sent to.",
                icon=":material/mail:",
            )
        auth.signup_form()
    st.page_link("pages/login.py", label="Already have an account? Log in", icon=":material/login:")
