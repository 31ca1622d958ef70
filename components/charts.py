"""Charts in the product's colours: a career timeline and simple bar charts (plotly)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import timedelta

import streamlit as st

from components.format import month_label
from services.dashboard import TimelineEntry

PRIMARY = "#4F46E5"
CURRENT = "#10B981"
GRID = "#E5E7EB"
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
    trace = {
        "type": "bar",
        "orientation": "h",
        "y": [_plain(f"{e.title} · {e.company}") for e in entries],
        "base": [e.start.isoformat() for e in entries],
        "x": [max(e.end - e.start, timedelta(days=15)).total_seconds() * 1000 for e in entries],
        "marker": {"color": [CURRENT if e.is_current else PRIMARY for e in entries]},
        "customdata": [
            [month_label(e.start), "now" if e.is_current else month_label(e.end)] for e in entries
        ],
        "hovertemplate": "%{y}<br>%{customdata[0]} – %{customdata[1]}<extra></extra>",
    }
    layout = {
        **_LAYOUT,
        "height": max(180, 34 * len(entries) + 60),
        "xaxis": {"type": "date", "showgrid": True, "gridcolor": GRID},
        "yaxis": {"autorange": "reversed", "automargin": True},
        "bargap": 0.35,
    }
    _draw(trace, layout, key)


def bar_chart(
    pairs: Sequence[tuple[object, int]],
    *,
    key: str,
    x_title: str,
    y_title: str,
    horizontal: bool = False,
) -> None:
    """A bar per (label, count); whole-number ticks while the counts are small."""
    labels = [_plain(label) for label, _ in pairs]
    values = [value for _, value in pairs]
    counts_axis = {"gridcolor": GRID, "rangemode": "tozero"}
    if max(values, default=0) <= 10:
        counts_axis["dtick"] = 1
    if horizontal:
        trace = {"type": "bar", "orientation": "h", "x": values, "y": labels}
        trace["hovertemplate"] = "%{y}: %{x}<extra></extra>"
        axes = {
            "xaxis": {**counts_axis, "title": {"text": x_title}},
            "yaxis": {"autorange": "reversed", "automargin": True, "title": {"text": y_title}},
        }
        height = max(180, 28 * len(pairs) + 60)
    else:
        trace = {"type": "bar", "x": labels, "y": values}
        trace["hovertemplate"] = "%{x}: %{y}<extra></extra>"
        axes = {
            "xaxis": {"title": {"text": x_title}, "type": "category"},
            "yaxis": {**counts_axis, "title": {"text": y_title}},
        }
        height = 300
    trace["marker"] = {"color": PRIMARY}
    _draw(trace, {**_LAYOUT, **axes, "height": height, "bargap": 0.3}, key)


def _draw(trace: dict, layout: dict, key: str) -> None:
    """Hand the figure to Streamlit as plain data (it checks the figure once, itself)."""
    st.plotly_chart({"data": [trace], "layout": layout}, key=key, config=_CONFIG, width="stretch")


def _plain(text: object) -> str:
    """User text for a chart label: plotly reads a few HTML tags, so they are escaped."""
    return html.escape(str(text), quote=False)
