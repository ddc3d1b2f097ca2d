"""One error hierarchy: every error says what, where, and how to fix it.

Every exception class of the pipeline is defined here (the stages import them), so that
what can go wrong is read in one file and the CLI maps each to its exit code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

EXCERPT_CHARS = 40  # an excerpt longer than this is cut: the error stays one readable line
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Locator:
    """Where an error is: the file (or folder), the 1-based PDF page, the character offset
    into the normalised text, and a short excerpt of the text there.  Each is optional:
    a raise site fills what it knows, and a caller that knows more (the per-document
    runner knows the file) adds it with `PipelineError.locate`."""

    file: str | None = None
    page: int | None = None
    offset: int | None = None
    excerpt: str | None = None

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))

    def __str__(self) -> str:
        """`a.pdf, page 3, offset 120, at "最高不超过50万元"`: the parts known, in that order."""
        where = [self.file] if self.file is not None else []
        if self.page is not None:
            where.append(f"page {self.page}")
        if self.offset is not None:
            where.append(f"offset {self.offset}")
        if self.excerpt is not None:
            where.append(f'at "{_short(self.excerpt)}"')
        return ", ".join(where)


def _short(text: str) -> str:
    """One line (whitespace runs, newlines included, become one space), at most EXCERPT_CHARS."""
    flat = _SPACES.sub(" ", text).strip()
    return flat if len(flat) <= EXCERPT_CHARS else flat[:EXCERPT_CHARS - 1] + "…"


class PipelineError(Exception):
    """Base of every error the pipeline raises on purpose.

    `code` is a short stable identifier, `locator` says where (a `Locator`: file, page,
    offset, excerpt; a plain string is the file) and `hint` how to fix it.  Only the CLI
    turns these into exit codes.
    """

    code = "pipeline-error"
    exit_code = 1
    # set by the per-document runner: the stage that raised (ingest, structure, extract)
    stage: str | None = None
    # the traceback of an error raised in a worker process, for `-v` in the parent
    detail: str | None = None

    def __init__(self, message: str, *, locator: Locator | str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.locator = Locator(file=locator) if isinstance(locator, str) else locator or Locator()
        self.hint = hint

    def locate(self, **known: str | int | None) -> PipelineError:
        """Fill the parts of the locator the raise site did not know (never overwrite one it did)."""
        missing = {k: v for k, v in known.items() if v is not None and getattr(self.locator, k) is None}
        if missing:
            self.locator = replace(self.locator, **missing)  # type: ignore[arg-type]
        return self

    def __reduce__(self) -> tuple[object, ...]:
        # keyword-only arguments: the default pickling (cls(*args)) would lose locator and hint
        return (_rebuild, (type(self), self.message), dict(self.__dict__))

    def one_line(self) -> str:
        where = f"{self.locator}: " if self.locator else ""  # `a.pdf, page 3: reason (hint)`
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


class UnfinishedTransaction(PipelineError):
    """A corpus holds the journal of a commit that did not finish (a killed `ingest` or `build`)
    and it cannot be rolled back now: reading it would read half of each state (exit 2)."""

    code = "unfinished-transaction"
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


class RecordError(InputError, ValueError):
    """A record's JSON does not fit the record types (a missing key, a value outside its
    vocabulary, an array where an object belongs): a damaged or foreign file, not a bug.
    A ValueError too, so that a reader that treats bad JSON as a miss (the cache) treats it alike."""

    code = "bad-record"

    def __init__(self, reason: str, *, field: str = "", hint: str | None = None) -> None:
        super().__init__(f"{field}: {reason}" if field else reason, hint=hint)
        self.reason, self.field = reason, field

    def within(self, key: str | int) -> RecordError:
        """The same error one level up: `amounts[3].role` from `role` inside `amounts[3]`."""
        outer = f"[{key}]" if isinstance(key, int) else key
        inner = self.field if not self.field or self.field.startswith("[") else "." + self.field
        return RecordError(self.reason, field=outer + inner, hint=self.hint)


class ExtractSetupError(PipelineError):
    """The extract pipeline cannot be built (missing user dictionary, bad pattern)."""

    code = "extract-setup"
    exit_code = 2


class NotFound(LookupError):
    """No document has the key asked for (the lineage picture of an unknown document: HTTP 404)."""


class HTTPRefused(Exception):
    """A request to the endpoint answered with an error status before any query runs."""

    def __init__(self, status: int, message: str, headers: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


def _rebuild(cls: type[PipelineError], message: str) -> PipelineError:
    return cls.__new__(cls, message)
