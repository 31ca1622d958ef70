"""The mechanics every aggregate shares: clean, write in one transaction, fetch by owner."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from models.base import utcnow
from services.access import Actor, check_read, check_write
from services.errors import NotFound, ValidationFailed
from services.validation import clean

log = logging.getLogger(__name__)

Row = TypeVar("Row", bound=SQLModel)


def commit(session: Session) -> None:
    """Commit the action, or roll all of it back and say why in a sentence."""
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        log.warning("integrity error: %s", exc.orig)
        raise ValidationFailed(
            {"record": "That change conflicts with other data (it may have just been deleted)."}
        ) from exc
    except BaseException:
        session.rollback()
        raise


def insert(session: Session, row: Row) -> Row:
    """Add `row` and commit."""
    session.add(row)
    commit(session)
    return row


def apply(session: Session, row: Row, values: Mapping[str, Any]) -> Row:
    """Set `values` on `row`, move its `updated_at`, and commit."""
    for field, value in values.items():
        setattr(row, field, value)
    if hasattr(row, "updated_at"):
        row.updated_at = utcnow()
    session.add(row)
    commit(session)
    return row


def cleaned(
    model: type[SQLModel],
    data: Mapping[str, Any],
    labels: Mapping[str, str],
    editable: set[str],
    *,
    partial: bool = False,
) -> dict[str, Any]:
    """`services.validation.clean` with the aggregate's labels and editable fields."""
    return clean(model, data, labels=labels, editable=editable, partial=partial)


def fetch_owned(
    session: Session,
    actor: Actor,
    model: type[Row],
    row_id: str,
    what: str,
    *,
    write: bool = False,
    conversations: bool = False,
) -> Row:
    """A row with a `user_id` column by id, if the actor may read it (or write, if asked)."""
    row = session.get(model, row_id) if isinstance(row_id, str) and row_id else None
    if row is None:
        raise NotFound(what)
    owner = row.user_id  # type: ignore[attr-defined]
    if write:
        check_write(session, actor, owner, what, conversations=conversations)
    else:
        check_read(session, actor, owner, what, conversations=conversations)
    return row


def reader_scope(
    session: Session, actor: Actor, owner_id: str | None, what: str, *, conversations: bool = False
) -> str:
    """The owner whose data a list shows: the actor's own, or a client's they may read."""
    owner = owner_id or actor.user_id
    check_read(session, actor, owner, what, conversations=conversations)
    return owner


def add_in_dependency_order(session: Session, rows: list[SQLModel]) -> None:
    """Add many new rows, parents' tables before children's, flushing table by table.

    The tables have no ORM relationships, so the unit of work does not order inserts by
    foreign key on its own.
    """
    order = {table.name: i for i, table in enumerate(SQLModel.metadata.sorted_tables)}
    by_table: dict[str, list[SQLModel]] = {}
    for row in rows:
        by_table.setdefault(row.__tablename__, []).append(row)  # type: ignore[attr-defined]
    for name in sorted(by_table, key=order.__getitem__):
        session.add_all(by_table[name])
        session.flush()
