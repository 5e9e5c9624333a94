"""The project's own error types.

Each carries a message a user can act on: what went wrong and what to do about it.
Expected failures inside the product (an unknown order, an ineligible return) are typed
results, not exceptions; these errors are for things an operator has to fix.
"""


class SupportdeskError(Exception):
    """Base class: every error the CLI turns into a clean message instead of a traceback."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  -> {self.hint}" if self.hint else self.message


class ConfigurationError(SupportdeskError):
    """A setting is missing, malformed or points at something unusable."""


class DatabaseUnavailableError(SupportdeskError):
    """The configured Postgres cannot be reached or refused the connection."""


class PgvectorMissingError(SupportdeskError):
    """The Postgres server has no pgvector extension available."""


class MigrationError(SupportdeskError):
    """A migration failed or an applied migration was edited after the fact."""


class DemoDataError(SupportdeskError):
    """The demo shop cannot be seeded as asked (for example another seed is already loaded)."""


class KnowledgeIndexError(SupportdeskError):
    """The knowledge index is missing or cannot be built."""
