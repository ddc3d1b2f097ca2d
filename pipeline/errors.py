"""One error hierarchy: every error says what, where, and how to fix it."""
from __future__ import annotations


class PipelineError(Exception):
    """Base of every error the pipeline raises on purpose.

    `code` is a short stable identifier, `locator` says where (file, page, offset,
    excerpt) and `hint` how to fix it.  Only the CLI turns these into exit codes.
    """

    code = "pipeline-error"
    exit_code = 1
    # set by the per-document runner: the stage that raised (ingest, structure, extract)
    stage: str | None = None
    # the traceback of an error raised in a worker process, for `-v` in the parent
    detail: str | None = None

    def __init__(self, message: str, *, locator: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.locator = locator
        self.hint = hint

    def __reduce__(self) -> tuple[object, ...]:
        # keyword-only arguments: the default pickling (cls(*args)) would lose locator and hint
        return (_rebuild, (type(self), self.message), dict(self.__dict__))

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


class ConverterMissing(InputError):
    """A format needs an external converter (LibreOffice) that is not installed: a tool problem."""

    code = "converter-missing"
    exit_code = 2


class ResourceLimit(InputError):
    """The input would cost more than its bound (decompressed size, pages, zip members, ratio)."""

    code = "resource-limit"


class NotRegularFile(InputError):
    """A FIFO, device, socket or directory given as an input: refused before any read."""

    code = "not-a-file"


class InternalError(PipelineError):
    """A stage crashed instead of raising a PipelineError: a bug to report (exit 2)."""

    code = "internal"
    exit_code = 2


class SystemProblem(PipelineError):
    """The system refused a read or a write (permissions, a full disk, a file where a folder
    should be): a tool problem, not bad input and not a bug (exit 2)."""

    code = "os"
    exit_code = 2

    @classmethod
    def of(cls, exc: OSError) -> SystemProblem:
        where = exc.filename if exc.filename is not None else None
        return cls(exc.strerror or str(exc), locator=str(where) if where is not None else None,
                   hint="check the folder's permissions and the free space")


class BudgetExceeded(InputError):
    """A document took longer than its per-document budget (`--max-seconds`) in one stage."""

    code = "over-budget"


class GraphError(PipelineError):
    """The linked corpus cannot be written as a graph (a link-stage bug, not bad input)."""

    code = "graph"


class NonConformingGraph(PipelineError):
    """The graph an ingest would commit violates ontology/shapes.ttl: the ingest is rolled back."""

    code = "shacl"


class ExtractSetupError(PipelineError):
    """The extract pipeline cannot be built (missing user dictionary, bad pattern)."""

    code = "extract-setup"
    exit_code = 2


def _rebuild(cls: type[PipelineError], message: str) -> PipelineError:
    return cls.__new__(cls, message)
