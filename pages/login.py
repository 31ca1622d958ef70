"""Log in, or (when demos are on) try Achiev with a private copy of the demo record."""

import streamlit as st

from components import auth
from components.session import through_app
from services.settings import get_settings

through_app()
settings = get_settings()

_, middle, _ = st.columns([1, 2, 1])
with middle:
    st.title("Achiev")
    st.write("Turn your career into evidence, and evidence into resumes that win interviews.")
    auth.login_form()
    if settings.signup_mode != "closed":
        st.page_link(
            "pages/signup.py", label="New here? Create an account", icon=":material/person_add:"
        )
    if settings.demo_mode:
        st.divider()
        st.write(
            "Just looking? Explore Achiev with a realistic career record: your own copy, "
            "nobody else sees it, and it is removed after a day."
        )
        auth.demo_button()
