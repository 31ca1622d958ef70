"""Home: what Achiev is for."""

import streamlit as st

st.title("Achiev")
st.write(
    "Turn your career into evidence, and evidence into resumes that win interviews: record "
    "your experiences and achievements, get strong resume bullets, match them against a job "
    "description, and build a tailored resume."
)
