"""The one settings object: environment variables and `.streamlit/secrets.toml`.

Nothing else in the project reads the environment. Every setting is documented in the README
(a test checks that), and secrets are never shown or logged.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

ROOT = Path(__file__).resolve().parent.parent


def _env(name: str) -> AliasChoices:
    """Read a setting from exactly the environment variable (or secrets key) `name`."""
    return AliasChoices(name, name.lower())


class Settings(BaseSettings):
    """Achiev's configuration; see the README's Configuration section."""

    model_config = SettingsConfigDict(
        extra="ignore",
        populate_by_name=True,
        toml_file=ROOT / ".streamlit" / "secrets.toml",
    )

    data_dir: Path = Field(ROOT / "data", validation_alias=_env("ACHIEV_DATA_DIR"))
    database_url: str = Field("", validation_alias=_env("DATABASE_URL"))
    log_level: str = Field("INFO", validation_alias=_env("ACHIEV_LOG_LEVEL"))

    # AI
    ai_provider: Literal["auto", "openai", "offline"] = Field(
        "auto", validation_alias=_env("ACHIEV_AI_PROVIDER")
    )
    openai_api_key: SecretStr | None = Field(None, validation_alias=_env("OPENAI_API_KEY"))
    openai_base_url: str | None = Field(None, validation_alias=_env("OPENAI_BASE_URL"))
    openai_model: str = Field("gpt-4o-mini", validation_alias=_env("OPENAI_MODEL"))
    openai_embedding_model: str = Field(
        "text-embedding-3-small", validation_alias=_env("OPENAI_EMBEDDING_MODEL")
    )
    ai_timeout_seconds: float = Field(60.0, validation_alias=_env("ACHIEV_AI_TIMEOUT"))
    ai_max_retries: int = Field(2, validation_alias=_env("ACHIEV_AI_MAX_RETRIES"))
    ai_concurrency: int = Field(4, ge=1, le=32, validation_alias=_env("ACHIEV_AI_CONCURRENCY"))

    # Accounts
    cookie_key: SecretStr | None = Field(None, validation_alias=_env("ACHIEV_COOKIE_KEY"))
    cookie_name: str = Field("achiev_auth", validation_alias=_env("ACHIEV_COOKIE_NAME"))
    cookie_expiry_days: float = Field(30.0, validation_alias=_env("ACHIEV_COOKIE_EXPIRY_DAYS"))
    signup_mode: Literal["open", "invite", "closed"] = Field(
        "open", validation_alias=_env("ACHIEV_SIGNUP_MODE")
    )
    preauthorized_emails: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias=_env("ACHIEV_PREAUTHORIZED_EMAILS")
    )
    demo_mode: bool = Field(False, validation_alias=_env("ACHIEV_DEMO_MODE"))

    @field_validator("preauthorized_emails", mode="before")
    @classmethod
    def _split_emails(cls, value: object) -> object:
        """Accept a comma-separated string (as the environment gives it) as well as a list."""
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list | tuple):
            return [str(e).strip().lower() for e in value if str(e).strip()]
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Environment first, then `.streamlit/secrets.toml`."""
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'achiev.db').as_posix()}"

    @property
    def uses_openai(self) -> bool:
        """Whether AI calls go to an OpenAI-compatible server rather than the offline provider."""
        if self.ai_provider == "offline":
            return False
        if self.ai_provider == "openai":
            return True
        return bool(self.openai_api_key or self.openai_base_url)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once; tests call `get_settings.cache_clear()`."""
    return Settings()
