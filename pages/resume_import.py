"""Import a resume: a JSON Resume file becomes experiences and achievements, after a preview."""

from __future__ import annotations

from components.feedback import guard
from components.import_view import draw_import
from components.layout import page_header
from components.session import current_actor

actor = current_actor()
page_header(
    "Import a resume",
    "upload_file",
    "Start your record from a JSON Resume file: see what it adds, then import it in one go.",
)

with guard():
    draw_import(actor)
