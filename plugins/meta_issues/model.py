"""The domain model of a meta-issue knowledge base, as plain data.

Nothing here knows about MkDocs or Markdown: the parser fills these objects, the link graph,
the renderer and the JSON export read them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Literal

from .text import slugify

Level = Literal["error", "warning", "info"]
# Which way a metric improves; ``None`` on a Metric when nothing written says it.
Better = Literal["lower", "higher"]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file. ``path`` is relative to the source folder, with ``/``."""

    path: str
    line: int = 1
    column: int | None = None

    def __str__(self) -> str:
        if self.column is None:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"

    def display(self, path_prefix: str = "") -> str:
        """``prefix/path:line[:col]``, relative to where the user runs the tool."""
        prefix = f"{path_prefix.rstrip('/')}/" if path_prefix else ""
        return f"{prefix}{self}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the input, reported as data so every front end can show it."""

    level: Level
    location: Location
    code: str
    message: str

    def format(self, path_prefix: str = "") -> str:
        """``prefix/path:line: CODE: message``, the form editors and CI annotations understand."""
        return f"{self.location.display(path_prefix)}: {self.code}: {self.message}"


# The dates an investigation can have: anything outside is a typo (0001-01-01, 9999-12-31),
# reported as DATE_RANGE and left off the timeline (whose axis could not span it).
EARLIEST_DATE, LATEST_DATE = "1900-01-01", "2199-12-31"


def plausible_date(iso_date: str) -> bool:
    """Whether a ``YYYY-MM-DD`` date lies between ``EARLIEST_DATE`` and ``LATEST_DATE``."""
    return EARLIEST_DATE <= iso_date <= LATEST_DATE


# Beyond this many attempts with a value of one metric, the metric's chart is described by its
# range and extremes rather than every value (its table lists them all): ATTEMPTS_SUMMARISED.
MAX_DESCRIBED_ATTEMPTS = 100


class Result(str, enum.Enum):
    BASELINE = "baseline"
    FAILED = "failed"
    PARTIAL = "partial"
    SUCCESS = "success"
    IN_PROGRESS = "in_progress"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {
            Result.BASELINE: "Baseline",
            Result.FAILED: "Failed",
            Result.PARTIAL: "Partial",
            Result.SUCCESS: "Success",
            Result.IN_PROGRESS: "In progress",
            Result.UNKNOWN: "Unknown",
        }[self]


@dataclass(frozen=True)
class Quantity:
    """A measured value as written, reduced to a number and a canonical unit.

    ``low``/``high`` keep a range such as ``~50-100ms`` (``value`` is then its midpoint);
    ``approximate`` records ``~``, ``≈``, ``about`` and open bounds such as ``5+``;
    ``unit_before`` a unit written before the number (``€0.84``, ``USD 12k``).
    """

    value: float
    unit: str
    raw: str
    approximate: bool = False
    low: float | None = None
    high: float | None = None
    bound: Literal["", "at_least", "at_most"] = ""
    unit_before: bool = False

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None


@dataclass(frozen=True)
class Target:
    # "" only while parsing "(target: 1s)"; the metric's direction then picks "<=" or ">=".
    op: Literal["<", "<=", ">", ">=", ""]
    value: float
    unit: str
    raw: str
    label: str
    location: Location

    def is_met_by(self, value: float) -> bool:
        if self.op == "<":
            return value < self.value
        if self.op == "<=":
            return value <= self.value
        if self.op == ">":
            return value > self.value
        return value >= self.value


@dataclass
class Measurement:
    """One metric's value for one attempt, already converted into the metric's unit."""

    value: float
    quantity: Quantity
    note: str
    location: Location
    marked_met: bool | None = None


@dataclass
class Metric:
    name: str
    unit: str
    # None: the text gives no way to tell; pages then say "changed", never better or worse.
    better: Better | None
    target: Target | None = None
    values: dict[int, Measurement] = field(default_factory=dict)
    # Shown as its authors write it: "€0.84" rather than "0.84 €".
    unit_before: bool = False

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass
class Version:
    number: int
    title: str
    location: Location
    date: str | None = None
    theory: str = ""
    evidence: list[str] = field(default_factory=list)
    test_text: str = ""
    tests: list[int] = field(default_factory=list)
    result: Result = Result.UNKNOWN
    result_text: str = ""
    learning: str = ""
    validation: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Attempt:
    number: int
    title: str
    location: Location
    result: Result = Result.UNKNOWN
    result_text: str = ""
    versions: list[int] = field(default_factory=list)
    date: str | None = None
    source: str | None = None
    body: str = ""
    verdict: str = ""
    hypothesis_text: str = ""

    @property
    def code(self) -> str:
        return f"{self.number:03d}"


@dataclass
class Insight:
    number: int | None
    title: str
    lesson: str
    body: str
    location: Location


@dataclass
class Guidance:
    """A DO or DON'T line of a "For future similar issues" list."""

    kind: Literal["do", "dont"]
    text: str
    location: Location


@dataclass
class RelatedLink:
    label: str
    target: str
    description: str
    location: Location


@dataclass
class TestCase:
    title: str
    anchor: str
    body: str
    attempts: list[int]
    versions: list[int]
    location: Location


@dataclass
class LogEntry:
    date: str | None
    title: str
    anchor: str
    body: str
    attempts: list[int]
    versions: list[int]
    location: Location


@dataclass
class CurrentUnderstanding:
    version: int | None
    summary: str
    root_causes: list[str]
    body: str
    location: Location


@dataclass(frozen=True)
class NumberStyle:
    """How a document writes numbers, judged from the numbers only one convention explains.

    ``points`` counts numbers such as ``4.2``, ``0.84``, ``1,234.5`` (a decimal point);
    ``commas`` those such as ``4,2``, ``0,84``, ``1.234,5`` (a decimal comma). The examples
    (the first of each, with its line) let a diagnostic show the author what was seen.
    """

    points: int = 0
    commas: int = 0
    point_example: str = ""
    comma_example: str = ""

    @property
    def decimal(self) -> Literal[".", ",", "", "mixed"]:
        """The decimal mark: ``""`` without evidence, ``"mixed"`` when it conflicts.

        One side wins outright, or by at least three examples to one: a stray ``TLS 1.3`` in a
        document full of decimal commas does not make its ``18.450`` doubtful.
        """
        if self.points == self.commas == 0:
            return ""
        if self.points >= 3 * self.commas:
            return "."
        if self.commas >= 3 * self.points:
            return ","
        return "mixed"


@dataclass
class Metadata:
    """What a README's front matter declares about the investigation, as written (dates in
    ISO form): an incident's status, owners, severity, id and when it was detected and
    resolved."""

    status: str = ""
    owners: list[str] = field(default_factory=list)
    severity: str = ""
    incident: str = ""
    detected: str | None = None
    resolved: str | None = None

    @property
    def empty(self) -> bool:
        return self == Metadata()


@dataclass
class Document:
    """A Markdown file of the folder, kept whole so it can be rendered as written."""

    path: str
    front_matter: dict[str, object]
    body: str
    body_line: int
    front_text: str = ""
    numbers: NumberStyle = NumberStyle()


@dataclass(frozen=True)
class SourceLink:
    """A link or image an author wrote: its target as written, where, and in what sentence."""

    target: str
    location: Location
    image: bool = False
    context: str = ""


@dataclass
class MetaIssue:
    id: str
    title: str
    readme: Document | None
    last_updated: str | None = None
    last_updated_note: str = ""
    tags: list[str] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    # The front matter's status, when it says resolved or open; it wins over the versions.
    declared_status: Literal["resolved", "open"] | None = None
    current: CurrentUnderstanding | None = None
    versions: list[Version] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    unmatched_targets: list[Target] = field(default_factory=list)
    insights: list[Insight] = field(default_factory=list)
    guidance: list[Guidance] = field(default_factory=list)
    related: list[RelatedLink] = field(default_factory=list)
    test_cases: list[TestCase] = field(default_factory=list)
    test_cases_doc: Document | None = None
    log_entries: list[LogEntry] = field(default_factory=list)
    log_doc: Document | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    folder: str = ""  # the folder's name on disk (``id`` is made URL-safe from it)
    links: list[SourceLink] = field(default_factory=list)
    # Files beside the text, by path inside the folder ("images/flame.png", "data/"): "" when
    # published, else why not ("a symbolic link", "a folder", ...).
    files: dict[str, str] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)  # other Markdown files, as pages
    changed: bool = False
    # Names, sizes and mtimes of the folder's files, hashed; set when parsed through a cache.
    fingerprint: str = ""

    @property
    def status(self) -> Literal["resolved", "open"]:
        if self.declared_status is not None:
            return self.declared_status
        latest = self.latest_version
        return "resolved" if latest is not None and latest.result is Result.SUCCESS else "open"

    @property
    def latest_version(self) -> Version | None:
        return max(self.versions, key=lambda v: v.number, default=None)

    def attempt(self, number: int) -> Attempt | None:
        return next((a for a in self.attempts if a.number == number), None)

    def version(self, number: int) -> Version | None:
        return next((v for v in self.versions if v.number == number), None)

    @property
    def baseline(self) -> Attempt | None:
        return self.attempt(0)

    @property
    def winning_attempt(self) -> Attempt | None:
        """The attempt a reader is looking for: the latest success, else the one under way."""
        for wanted in (Result.SUCCESS, Result.IN_PROGRESS, Result.PARTIAL):
            candidates = [a for a in self.attempts if a.result is wanted and a.number != 0]
            if candidates:
                return max(candidates, key=lambda a: a.number)
        return None


@dataclass
class KnowledgeBase:
    issues: list[MetaIssue]
    diagnostics: list[Diagnostic]

    @property
    def all_diagnostics(self) -> list[Diagnostic]:
        found = list(self.diagnostics)
        for issue in self.issues:
            found.extend(issue.diagnostics)
        return found
