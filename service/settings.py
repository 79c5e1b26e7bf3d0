"""Settings of the HTTP service, from ``CITYKG_*`` environment variables, read once."""

from __future__ import annotations

from functools import cache

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["LOOPBACK_HOSTS", "ServiceSettings", "get_service_settings"]

# The names a browser uses for this machine. "testserver" is the name of the in-process test client; it
# resolves nowhere, so allowing it lets no page reach the service.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "testserver")


class ServiceSettings(BaseSettings):
    """Limits, allowed hosts, CORS and the API key of the service."""

    model_config = SettingsConfigDict(env_prefix="CITYKG_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    allowed_hosts: list[str] = Field(default_factory=lambda: list(LOOPBACK_HOSTS))
    cors_origins: list[str] = Field(default_factory=list)
    api_key: SecretStr | None = None
    load_bundled_on_empty: bool = True
    max_search_results: int = Field(default=100, ge=1)
    sparql_max_rows: int = Field(default=10000, ge=1)
    sparql_timeout: float = Field(default=30.0, gt=0)
    max_body_bytes: int = Field(default=1_000_000, ge=1)
    max_load_bytes: int = Field(default=50_000_000, ge=1)
    max_queued_loads: int = Field(default=4, ge=1)
    kept_jobs: int = Field(default=100, ge=1)


@cache
def get_service_settings() -> ServiceSettings:
    """The service settings from the environment, read once."""
    return ServiceSettings()
