"""Settings of the HTTP service, from ``CITYKG_*`` environment variables, read once."""

from __future__ import annotations

from functools import cache

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from service.sparql import QueryLimits

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

    # SPARQL limits (docs/service.md, "SPARQL limits"): what one query may cost.
    sparql_max_result_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    sparql_max_query_bytes: int = Field(default=16_384, ge=64)
    sparql_max_depth: int = Field(default=32, ge=2, le=256)
    sparql_workers: int = Field(default=2, ge=1, le=64)
    sparql_worker_memory_mb: int = Field(default=2048, ge=0)
    sparql_worker_cpu_seconds: float = Field(default=60.0, ge=0)

    def sparql_limits(self) -> QueryLimits:
        """The bounds of one SPARQL query under these settings."""
        return QueryLimits(
            timeout=self.sparql_timeout,
            max_rows=self.sparql_max_rows,
            max_bytes=self.sparql_max_result_bytes,
            max_query_bytes=self.sparql_max_query_bytes,
            max_depth=self.sparql_max_depth,
            workers=self.sparql_workers,
            memory_mb=self.sparql_worker_memory_mb,
            cpu_seconds=self.sparql_worker_cpu_seconds,
        )


@cache
def get_service_settings() -> ServiceSettings:
    """The service settings from the environment, read once."""
    return ServiceSettings()
