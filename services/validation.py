"""Input checked once, against the schema's own limits, with a sentence per field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from services.errors import ValidationFailed

# Unbounded text columns still get a ceiling, so one paste cannot fill the database.
MAX_TEXT_CHARS = 200_000


def _label(field: str, labels: Mapping[str, str]) -> str:
    return labels.get(field, field.replace("_", " ").capitalize())


def _coerce(column: sa.Column, value: Any, label: str) -> tuple[Any, str | None]:
    """The value in the column's Python type, or an error sentence."""
    if value is None:
        return None, None
    kind = column.type
    if isinstance(kind, sa.String):  # String, Text, varchar
        if not isinstance(value, str):
            return None, f"{label} must be text."
        value = value.strip()
        if value == "":
            return None, None
        limit = kind.length or MAX_TEXT_CHARS
        if len(value) > limit:
            return None, (
                f"{label} can be at most {limit:,} characters; this one has {len(value):,}."
            )
        return value, None
    if isinstance(kind, sa.Boolean):
        if not isinstance(value, bool):
            return None, f"{label} must be yes or no."
        return value, None
    if isinstance(kind, sa.Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            try:
                value = int(str(value).strip())
            except ValueError:
                return None, f"{label} must be a whole number."
        return value, None
    if isinstance(kind, sa.DateTime):
        if isinstance(value, datetime):
            return value.replace(tzinfo=None), None
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day), None
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value.strip()).replace(tzinfo=None), None
            except ValueError:
                return None, f"{label} must be a date like 2024-03-01."
        return None, f"{label} must be a date."
    return value, None


def clean(
    model: type[SQLModel],
    data: Mapping[str, Any],
    *,
    labels: Mapping[str, str],
    editable: set[str],
    partial: bool,
) -> dict[str, Any]:
    """Check `data` against `model`'s columns; return cleaned values or raise ValidationFailed.

    Strings are trimmed and blank becomes empty (None). A required column may not be missing
    (unless `partial`, for updates) nor blank. Lengths follow the column's varchar limit.
    """
    unknown = set(data) - editable
    if unknown:
        raise TypeError(f"{model.__name__} does not take {sorted(unknown)}")
    table = model.__table__  # type: ignore[attr-defined]
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for field in editable:
        column = table.columns[field]
        required = not column.nullable
        if field not in data:
            if required and not partial:
                errors[field] = f"{_label(field, labels)} is required."
            continue
        value, error = _coerce(column, data[field], _label(field, labels))
        if error:
            errors[field] = error
        elif value is None and required:
            errors[field] = f"{_label(field, labels)} is required."
        else:
            cleaned[field] = value
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def max_chars(model: type[SQLModel], field: str) -> int:
    """The most characters `model.field` takes: its varchar length, or the text ceiling."""
    kind = model.__table__.columns[field].type  # type: ignore[attr-defined]
    return getattr(kind, "length", None) or MAX_TEXT_CHARS
