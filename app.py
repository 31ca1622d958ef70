"""Achiev: the Streamlit entry point (settings, database, login gate, pages by role)."""

from __future__ import annotations

import logging

import streamlit as st

from components.session import engine
from services.settings import get_settings

settings = get_settings()
logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

st.set_page_config(page_title="Achiev", page_icon=":material/workspace_premium:", layout="wide")
engine()

home = st.Page("pages/home.py", title="Home", icon=":material/home:", default=True)
st.navigation([home]).run()
