"""The one place that reads the environment.

Every other module receives a `Settings` object (or calls `get_settings()`); nothing else looks at
`os.environ`. Variables carry the `SUPPORTDESK_` prefix so that ours never collide with the
`DATABASE_URL` Chainlit reads for its own Prisma data layer.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SUPPORTDESK_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    database_url: str | None = Field(
        default=None,
        description="Postgres with pgvector. Unset: an embedded Postgres under data_dir.",
    )
    redis_url: str | None = Field(
        default=None, description="Redis for caches and pub/sub. Unset: an in-process TTL cache."
    )
    data_dir: Path = Field(
        default=PROJECT_ROOT / ".data", description="Where the embedded Postgres keeps its files."
    )
    order_cache_ttl_seconds: int = Field(default=900, ge=1)
    demo_seed: int = Field(default=7, description="Seed of the generated demo shop.")
    search_ef: int = Field(
        default=100, ge=10, le=1000, description="hnsw.ef_search for knowledge search."
    )

    llm_base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint.")
    llm_model: str = "gpt-4o-mini"
    llm_api_key: SecretStr | None = None
    llm_timeout_seconds: float = Field(default=20.0, gt=0)

    llm_tool_rounds: int = Field(
        default=3, ge=1, le=6, description="Most tool-calling rounds the LLM may take per turn."
    )
    gate_thresholds: Path | None = Field(
        default=None, description="Routing table for the gate. Unset: graph/thresholds.toml."
    )
    shop_today: date | None = Field(
        default=None,
        description="The shop's today for eligibility dates (tests pin it). Unset: the real date.",
    )

    langsmith_api_key: SecretStr | None = Field(default=None, validation_alias="LANGSMITH_API_KEY")
    langsmith_project: str = Field(default="supportdesk", validation_alias="LANGSMITH_PROJECT")

    ticket_workers: Literal["auto", "celery", "in_process"] = Field(
        default="auto",
        description="Who processes tickets: Celery on Redis, or the app process itself. "
        "auto: Celery when redis_url is set, in-process otherwise.",
    )
    ticket_max_attempts: int = Field(
        default=4, ge=1, le=20, description="Tries before a ticket goes to the dead-letter state."
    )
    api_rate_limit_per_minute: int = Field(
        default=120, ge=1, description="Requests per minute allowed to one API key or session."
    )
    api_max_body_bytes: int = Field(
        default=256_000, ge=1_024, description="Largest request body the HTTP API accepts."
    )
    log_format: Literal["text", "json"] = Field(
        default="text", description="json: one JSON object per log line (for log shippers)."
    )
    chainlit_auth_secret: SecretStr | None = Field(
        default=None,
        validation_alias="CHAINLIT_AUTH_SECRET",
        description="Signs chat logins. Unset: a secret made once and kept in data_dir.",
    )

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("database_url", "redis_url", "llm_base_url", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # An empty line in .env (`SUPPORTDESK_REDIS_URL=`) means "use the default", not "".
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @property
    def llm_configured(self) -> bool:
        return self.llm_base_url is not None or self.llm_api_key is not None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
