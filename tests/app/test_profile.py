"""The profile page: every field saved; mistakes shown beside the field, nothing lost."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from models import Profile
from services import profiles
from services.access import Actor
from services.errors import ValidationFailed
from services.validation import max_chars


def test_filling_the_profile_saves_every_field(run_page, session: Session, alice: Actor) -> None:
    at = run_page("profile", alice)
    assert not at.exception
    values = {
        "first_name": "Alice",
        "last_name": "Liddell",
        "headline": "Staff engineer",
        "industry": "Software",
        "location": "Lisbon, Portugal",
        "summary": "Builds calm systems.",
        "career_goals": "Lead a platform team.",
    }
    for field, value in values.items():
        widget = at.text_area if field in ("summary", "career_goals") else at.text_input
        widget(key=f"profile.{field}").set_value(value)
    at.button(key="FormSubmitter:profile-form-Save profile").click().run()
    assert not at.exception and not at.error
    assert [t.value for t in at.toast] == ["Profile saved."]
    session.expire_all()
    saved = profiles.get_profile(session, alice)
    assert {f: getattr(saved, f) for f in values} == values


def test_every_input_is_bounded_by_its_column(run_page, alice: Actor) -> None:
    at = run_page("profile", alice)
    for field in ("first_name", "last_name", "headline", "industry", "location"):
        assert at.text_input(key=f"profile.{field}").max_chars == max_chars(Profile, field)
    assert at.text_input(key="profile.first_name").max_chars == 100
    assert at.text_input(key="profile.headline").max_chars == 255
    for field in ("summary", "career_goals"):
        assert at.text_area(key=f"profile.{field}").max_chars == max_chars(Profile, field)


def test_a_rejected_save_shows_the_sentence_by_the_field_and_keeps_the_input(
    run_page, session: Session, alice: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args, **_kwargs) -> None:
        raise ValidationFailed(
            {"headline": "Headline can be at most 255 characters; this one has 300."}
        )

    monkeypatch.setattr("components.profile_form.update_profile", refuse)
    at = run_page("profile", alice)
    at.text_input(key="profile.headline").set_value("Head of everything")
    at.text_input(key="profile.first_name").set_value("Alice")
    at.button(key="FormSubmitter:profile-form-Save profile").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Headline can be at most 255 characters; this one has 300."
    ]
    assert not at.toast
    assert at.text_input(key="profile.headline").value == "Head of everything"
    assert at.text_input(key="profile.first_name").value == "Alice"
    session.expire_all()
    assert profiles.get_profile(session, alice).headline is None


def test_an_unexpected_failure_is_a_sentence_not_a_stack_trace(
    run_page, alice: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*_args, **_kwargs) -> None:
        raise RuntimeError("connection reset")

    monkeypatch.setattr("components.profile_form.update_profile", crash)
    at = run_page("profile", alice)
    at.text_input(key="profile.first_name").set_value("Alice")
    at.button(key="FormSubmitter:profile-form-Save profile").click().run()
    assert not at.exception
    assert "nothing was changed" in at.error[0].value
    assert "connection reset" not in at.error[0].value
    assert at.text_input(key="profile.first_name").value == "Alice"


def test_the_page_shows_the_stored_profile(run_page, session: Session, alice: Actor) -> None:
    profiles.update_profile(session, alice, first_name="Alice", summary="Hello *world*")
    at = run_page("profile", alice)
    assert at.text_input(key="profile.first_name").value == "Alice"
    assert at.text_area(key="profile.summary").value == "Hello *world*"
