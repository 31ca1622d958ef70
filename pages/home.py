"""Dashboard: the record at a glance, and the next useful step."""

from __future__ import annotations

from components.dashboard_view import draw_dashboard
from components.feedback import guard
from components.layout import page_header
from components.session import current_actor, db
from services.dashboard import load_dashboard

actor = current_actor()
page_header("Dashboard", "dashboard")
with guard():
    with db() as session:
        dashboard = load_dashboard(session, actor)
    draw_dashboard(actor, dashboard)
