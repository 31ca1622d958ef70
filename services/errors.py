"""The domain's errors: what a service raises and a page turns into a sentence."""

from __future__ import annotations


class AchievError(Exception):
    """Base of every error a service raises on purpose; its message is for a person."""


class ValidationFailed(AchievError):
    """Input broke a rule; `errors` maps each field to a sentence a person understands."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))


class NotFound(AchievError):
    """The thing does not exist, or is not the acting user's to see (the two look the same)."""

    def __init__(self, what: str = "item") -> None:
        self.what = what
        super().__init__(f"That {what} was not found. It may have been deleted.")


class PermissionDenied(AchievError):
    """The acting user may see the thing but not do this to it."""

    def __init__(self, message: str = "You can view this but not change it.") -> None:
        super().__init__(message)


class AIUnavailable(AchievError):
    """An AI call failed; the message says what happened and that retrying is safe."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)
