"""Charts in the product's colours: a career timeline and simple bar charts (plotly)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import timedelta

import plotly.graph_objects as go
import streamlit as st

from components.format import month_label
from services.dashboard import TimelineEntry

PRIMARY = "#4F46E5"
CURRENT = "#10B981"
_LAYOUT = {
    "margin": {"l": 0, "r": 8, "t": 8, "b": 0},
    "plot_bgcolor": "rgba(0,0,0,0)",
    "paper_bgcolor": "rgba(0,0,0,0)",
    "font": {"family": '"Source Sans Pro", "Source Sans 3", sans-serif', "size": 13},
    "showlegend": False,
}
_CONFIG = {"displayModeBar": False}


def timeline_chart(entries: Sequence[TimelineEntry], *, key: str) -> None:
    """Each experience as a bar from its start to its end (today for a current job)."""
    labels = [_plain(f"{e.title} · {e.company}") for e in entries]
    figure = go.Figure(
        go.Bar(
            y=labels,
            base=[e.start.isoformat() for e in entries],
            x=[max((e.end - e.start), timedelta(days=15)).total_seconds() * 1000 for e in entries],
            orientation="h",
            marker_color=[CURRENT if e.is_current else PRIMARY for e in entries],
            customdata=[
                [month_label(e.start), "now" if e.is_current else month_label(e.end)]
                for e in entries
            ],
            hovertemplate="%{y}<br>%{customdata[0]} – %{customdata[1]}<extra></extra>",
        )
    )
    figure.update_layout(
        **_LAYOUT,
        height=max(180, 34 * len(entries) + 60),
        xaxis={"type": "date", "showgrid": True, "gridcolor": "#E5E7EB"},
        yaxis={"autorange": "reversed", "automargin": True},
        bargap=0.35,
    )
    st.plotly_chart(figure, key=key, config=_CONFIG, width="stretch")


def bar_chart(
    pairs: Sequence[tuple[object, int]],
    *,
    key: str,
    x_title: str,
    y_title: str,
    horizontal: bool = False,
) -> None:
    """A bar per (label, count)."""
    labels = [_plain(label) for label, _ in pairs]
    values = [value for _, value in pairs]
    if horizontal:
        bar = go.Bar(x=values, y=labels, orientation="h", marker_color=PRIMARY)
        axes = {
            "xaxis": {"title": {"text": x_title}, "gridcolor": "#E5E7EB", "dtick": 1},
            "yaxis": {"autorange": "reversed", "automargin": True, "title": {"text": y_title}},
        }
        height = max(180, 28 * len(pairs) + 60)
    else:
        bar = go.Bar(x=labels, y=values, marker_color=PRIMARY)
        axes = {
            "xaxis": {"title": {"text": x_title}, "type": "category"},
            "yaxis": {"title": {"text": y_title}, "gridcolor": "#E5E7EB", "rangemode": "tozero"},
        }
        height = 300
    bar.hovertemplate = (
        "%{x}: %{y}<extra></extra>" if not horizontal else "%{y}: %{x}<extra></extra>"
    )
    figure = go.Figure(bar)
    figure.update_layout(**_LAYOUT, **axes, height=height, bargap=0.3)
    st.plotly_chart(figure, key=key, config=_CONFIG, width="stretch")


def _plain(text: object) -> str:
    """User text for a chart label: plotly reads a few HTML tags, so they are escaped."""
    return html.escape(str(text), quote=False)
