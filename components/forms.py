"""Form pieces: fields bounded by their column, dates to the month, tags, and the editor state
(which item is open, what was typed) kept in session state so nothing is lost on an error."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any

import streamlit as st
from sqlmodel import Session, SQLModel

from components.confirm import confirm
from components.feedback import attempt, field_error, form_errors, set_form_errors
from components.format import MONTHS
from components.session import db
from services.validation import max_chars


class Editor:
    """One editing form: its widgets live under `name.` in session state."""

    def __init__(self, name: str) -> None:
        self.name = name

    def key(self, field: str) -> str:
        """The session-state key of one field's widget."""
        return f"{self.name}.{field}"

    def get(self, field: str, default: Any = None) -> Any:
        """What the field holds now."""
        return st.session_state.get(self.key(field), default)

    def load(self, values: Mapping[str, Any]) -> None:
        """Fill the fields before the form is drawn (from a callback, or before its widgets)."""
        for field, value in values.items():
            st.session_state[self.key(field)] = value

    def ensure(self, values: Mapping[str, Any]) -> None:
        """Fill the fields when none of them holds anything (the form was left open, and the
        person went to another page and came back)."""
        if not any(self.key(field) in st.session_state for field in values):
            self.load(values)

    def reset(self) -> None:
        """Forget what was typed and any error sentences."""
        prefix = f"{self.name}."
        for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
            del st.session_state[key]
        set_form_errors(self.name, {})

    @property
    def errors(self) -> dict[str, str]:
        """The sentences from the last failed save, by field."""
        return form_errors(self.name)

    def fail(self, errors: dict[str, str]) -> None:
        """Keep sentences to show beside the fields."""
        set_form_errors(self.name, errors)


class EditableList:
    """A list whose items are edited in place: which form is open (an item's id, or "new"
    for a new item) under `editing_key`, and each item's `Editor` under `name.<id or new>`.

    The widget keys it draws: `name.edit.<id>`, `name.ask.<id>` (delete), the dialog
    `name.delete.<id>`, and the form's `save` and `cancel` buttons.
    """

    def __init__(self, name: str, editing_key: str) -> None:
        self.name = name
        self.editing_key = editing_key

    def editor(self, item_id: str | None) -> Editor:
        """The form of one item (or of the new one)."""
        return Editor(f"{self.name}.{item_id or 'new'}")

    @property
    def editing(self) -> str | None:
        """The id of the item whose form is open, "new", or None."""
        return st.session_state.get(self.editing_key)

    def open_new(self, values: Mapping[str, Any] | None = None) -> None:
        """Open an empty form for a new item (a button's callback), filled with `values`."""
        editor = self.editor(None)
        editor.reset()
        editor.load(values or {})
        st.session_state[self.editing_key] = "new"

    def open_edit(self, item_id: str, values: Mapping[str, Any]) -> None:
        """Open an item's form filled with its stored values (a button's callback)."""
        editor = self.editor(item_id)
        editor.reset()
        editor.load(values)
        st.session_state[self.editing_key] = item_id

    def close(self, item_id: str | None) -> None:
        """Close the item's form and forget what was typed in it."""
        self.editor(item_id).reset()
        st.session_state.pop(self.editing_key, None)

    def store(
        self,
        item_id: str | None,
        *,
        create: Callable[[Session], Any],
        update: Callable[[Session], Any],
        added: str,
        saved: str,
    ) -> None:
        """Create the new item or update the stored one in one session; the form closes with
        a toast, or stays open with the mistakes beside their fields."""

        def action() -> None:
            with db() as session:
                (create if item_id is None else update)(session)

        success = added if item_id is None else saved
        if attempt(action, form=self.editor(item_id).name, success=success):
            self.close(item_id)

    def form_buttons(
        self,
        item_id: str | None,
        save: Callable[..., None],
        args: tuple,
        *,
        can_cancel: bool = True,
    ) -> None:
        """The form's Save (calling `save(*args)`) and Cancel buttons."""
        editor = self.editor(item_id)
        save_col, cancel_col, _ = st.columns([1, 1, 3])
        save_col.button(
            "Save",
            key=editor.key("save"),
            type="primary",
            icon=":material/save:",
            on_click=save,
            args=args,
            width="stretch",
        )
        if can_cancel:
            cancel_col.button(
                "Cancel",
                key=editor.key("cancel"),
                on_click=self.close,
                args=(item_id,),
                width="stretch",
            )

    def edit_button(self, item_id: str, values: Mapping[str, Any]) -> None:
        """A card's Edit button: opens the item's form with `values`."""
        st.button(
            "Edit",
            key=f"{self.name}.edit.{item_id}",
            icon=":material/edit:",
            on_click=self.open_edit,
            args=(item_id, values),
            width="stretch",
        )

    def delete_button(self, item_id: str) -> bool:
        """A card's Delete button; True on the run it was pressed."""
        return st.button(
            "Delete", key=f"{self.name}.ask.{item_id}", icon=":material/delete:", width="stretch"
        )

    def ask_to_delete(
        self,
        item_id: str,
        delete: Callable[[Session], Any],
        *,
        title: str,
        message: str,
        success: str,
    ) -> None:
        """Ask first, then delete the item in one session and close its form if open."""

        def action() -> None:
            with db() as session:
                delete(session)
            if self.editing == item_id:
                self.close(item_id)

        confirm(
            key=f"{self.name}.delete.{item_id}",
            title=title,
            message=message,
            action=action,
            success=success,
        )


def text_field(
    editor: Editor,
    field: str,
    label: str,
    *,
    model: type[SQLModel],
    required: bool = False,
    area: bool = False,
    height: int | None = None,
    placeholder: str | None = None,
    help: str | None = None,
    column: str | None = None,
) -> None:
    """A text input (or area) bounded by its column's length, with its error under it."""
    limit = max_chars(model, column or field)
    shown = f"{label} *" if required else label
    if area:
        st.text_area(
            shown,
            key=editor.key(field),
            max_chars=limit,
            height=height,
            placeholder=placeholder,
            help=help,
        )
    else:
        st.text_input(
            shown, key=editor.key(field), max_chars=limit, placeholder=placeholder, help=help
        )
    field_error(editor.name, field)


def month_values(when: datetime | date | None, field: str) -> dict[str, Any]:
    """The month and year fields' values for a stored date."""
    return {
        f"{field}.month": MONTHS[when.month - 1] if when else None,
        f"{field}.year": when.year if when else None,
    }


def _years() -> list[int]:
    this_year = date.today().year
    return list(range(this_year + 1, this_year - 71, -1))


def month_field(editor: Editor, field: str, label: str) -> None:
    """A date to the month: a month and a year side by side (both blank for no date)."""
    month_col, year_col = st.columns(2)
    with month_col:
        st.selectbox(
            f"{label} month",
            MONTHS,
            index=None,
            placeholder="Month",
            key=editor.key(f"{field}.month"),
        )
    with year_col:
        st.selectbox(
            f"{label} year",
            _years(),
            index=None,
            placeholder="Year",
            key=editor.key(f"{field}.year"),
        )
    field_error(editor.name, field)


def read_month(editor: Editor, field: str, label: str) -> tuple[datetime | None, str | None]:
    """The first of the chosen month, or None; with a sentence when only half is chosen."""
    month, year = editor.get(f"{field}.month"), editor.get(f"{field}.year")
    if month is None and year is None:
        return None, None
    if month is None or year is None:
        return None, f"Choose both the month and the year of the {label.lower()}, or neither."
    return datetime(int(year), MONTHS.index(month) + 1, 1), None


def tag_field(
    editor: Editor,
    field: str,
    label: str,
    *,
    suggestions: Iterable[str] = (),
    placeholder: str = "Choose or type a skill, then press Enter",
    help: str | None = None,
) -> None:
    """Tags (skills): pick known ones or type new ones; kept as a list of names."""
    current = editor.get(field) or []
    options = sorted({*suggestions, *current}, key=str.lower)
    st.multiselect(
        label,
        options,
        key=editor.key(field),
        accept_new_options=True,
        placeholder=placeholder,
        help=help,
    )
    field_error(editor.name, field)


def choice_field(
    editor: Editor,
    field: str,
    label: str,
    options: Mapping[str, str],
    *,
    required: bool = False,
    placeholder: str = "Choose one",
) -> None:
    """A choice among items by id, shown by their labels."""
    shown = f"{label} *" if required else label
    st.selectbox(
        shown,
        list(options),
        index=None,
        format_func=lambda value: options.get(value, "(no longer available)"),
        placeholder=placeholder,
        key=editor.key(field),
    )
    field_error(editor.name, field)
