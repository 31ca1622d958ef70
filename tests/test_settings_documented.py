"""Every setting is documented in the README's Configuration table."""

from __future__ import annotations

from pathlib import Path

from services.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_is_in_the_readme() -> None:
    text = README.read_text()
    names = [field.validation_alias.choices[0] for field in Settings.model_fields.values()]
    missing = [name for name in names if f"`{name}`" not in text]
    assert missing == []
