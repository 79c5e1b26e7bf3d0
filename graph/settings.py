"""Settings for choosing and reaching a store, read from the environment.

``CITYKG_HOME`` (the embedded store's directory), ``CITYKG_STORE``
(``embedded`` or ``neo4j``) and Neo4j's own ``NEO4J_URI``, ``NEO4J_USER``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``. Read once through :func:`get_settings`,
never at import time.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.home import default_home

__all__ = ["StoreSettings", "get_settings"]


class StoreSettings(BaseSettings):
    """Where the data lives and which store answers."""

    model_config = SettingsConfigDict(env_prefix="CITYKG_", extra="forbid", env_ignore_empty=True)

    home: Path = Field(default_factory=default_home)
    store: Literal["embedded", "neo4j"] = "embedded"
    neo4j_uri: str = Field(
        default="neo4j://127.0.0.1:7687", validation_alias=AliasChoices("NEO4J_URI", "CITYKG_NEO4J_URI")
    )
    neo4j_user: str | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_USER", "CITYKG_NEO4J_USER")
    )
    neo4j_password: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_PASSWORD", "CITYKG_NEO4J_PASSWORD")
    )
    neo4j_database: str | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_DATABASE", "CITYKG_NEO4J_DATABASE")
    )

    @property
    def store_path(self) -> Path:
        """The embedded store's directory inside ``home``."""
        return self.home / "store"


@cache
def get_settings() -> StoreSettings:
    """The settings from the environment, read once."""
    return StoreSettings()
