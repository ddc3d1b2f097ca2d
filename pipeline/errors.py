"""One error hierarchy: every error says what, where, and how to fix it."""
from __future__ import annotations


class PipelineError(Exception):
    """Base of every error the pipeline raises on purpose.

    `code` is a short stable identifier, `locator` says where (file, page, offset,
    excerpt) and `hint` how to fix it.  Only the CLI turns these into exit codes.
    """

    code = "pipeline-error"
    exit_code = 1

    def __init__(self, message: str, *, locator: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.locator = locator
        self.hint = hint

    def one_line(self) -> str:
        where = f"{self.locator}: " if self.locator else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


class InputError(PipelineError):
    """The input file cannot be read as a policy document (data problem, exit 1)."""

    code = "bad-input"


class EmptyInput(InputError):
    code = "empty"


class UnsupportedFormat(InputError):
    code = "unsupported-format"


class EncodingError(InputError):
    code = "encoding"


class CorruptPDF(InputError):
    code = "corrupt-pdf"


class EncryptedPDF(InputError):
    code = "encrypted-pdf"


class NoTextLayer(InputError):
    code = "no-text-layer"


class TooLarge(InputError):
    code = "too-large"


class OffsetMismatch(PipelineError):
    """A stage sliced the text at offsets that do not hold the mention: a bug, not bad data."""

    code = "offset-mismatch"
    exit_code = 2


class ConfigError(PipelineError):
    """Patterns, queries or settings are invalid (usage/tool problem, exit 2)."""

    code = "config"
    exit_code = 2


class QueryError(PipelineError):
    code = "query"
    exit_code = 1


class LockError(PipelineError):
    code = "locked"
    exit_code = 2
