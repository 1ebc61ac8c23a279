"""Backlinks: where each attempt, version, test case and log entry is mentioned, with the
sentence that mentions it (as Quartz and Obsidian show them).

Every file of an investigation is read for references ("Attempt 003", "v2", "TC-1"), for dates
of log entries and for links to its pages; each is filed under what it names, with the place
it was written (a ``Place``: the page and section a reader finds it in) and its sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..model import Document, MetaIssue
from ..source.anchors import Heading, headings
from ..source.links import LinkTarget
from ..source.mentions import find_references, sentence_at
from ..source.tokens import block_tokens
from ..text import one_line
from .layout import Layout

_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_DATE = re.compile(r"(?<![\d-])(\d{4}-\d{2}-\d{2})(?![\d-])")
Key = tuple[str, str]  # ("attempt", "3"), ("version", "2"), ("test_case", "1"), ("log", anchor)


@dataclass(frozen=True)
class Place:
    """Where a reader finds a piece of text: a page, a section of it, in words."""

    page: str
    anchor: str
    label: str
    key: Key | None = None  # what the place itself is (nothing mentions itself)


@dataclass(frozen=True)
class Mention:
    place: Place
    sentence: str


class Placer:
    """The place of each line of an investigation's files."""

    def __init__(self, issue: MetaIssue, layout: Layout, cases: dict[int, Any]) -> None:
        self.issue = issue
        self.layout = layout
        self.case_keys = {case.anchor: str(number) for number, case in cases.items()}

    def place(self, path: str, line: int) -> Place:
        """The place of file line ``line`` of the file ``path``."""
        issue = self.issue
        if issue.readme is not None and path == issue.readme.path:
            return self._readme(line)
        if issue.test_cases_doc is not None and path == issue.test_cases_doc.path:
            return self._test_case(line)
        if issue.log_doc is not None and path == issue.log_doc.path:
            return self._log_entry(line)
        attempt = next((a for a in issue.attempts if a.source == path), None)
        if attempt is not None:
            heading = _enclosing(attempt.body, line - attempt.location.line, skip_h1=True)
            return Place(self.layout.attempt(issue, attempt.number),
                         heading.anchor if heading else "",
                         f"Attempt {attempt.code} — {attempt.title}",
                         ("attempt", str(attempt.number)))
        document = next((d for d in issue.documents if d.path == path), None)
        if document is not None:
            heading = _enclosing(document.body, line - document.body_line)
            return Place(self.layout.beside(issue.id, path.split("/", 1)[1]),
                         heading.anchor if heading else "", document_title(document))
        return Place(self.layout.overview(issue), "", issue.title)

    def _readme(self, line: int) -> Place:
        issue = self.issue
        assert issue.readme is not None
        index = line - issue.readme.body_line
        for heading in reversed(_stack(issue.readme.body, index)):
            version = next((v for v in issue.versions
                            if v.location.line == issue.readme.body_line + heading.line), None)
            if version is not None:
                return Place(f"{self.layout.evolution(issue)}", f"version-{version.number}",
                             f"Version {version.number} — {version.title}",
                             ("version", str(version.number)))
        stack = _stack(issue.readme.body, index)
        inner = next((h for h in reversed(stack) if h.level > 1), None)
        if inner is None:
            return Place(self.layout.overview(issue), "", f"Overview of {issue.title}")
        return Place(self.layout.overview(issue), inner.anchor, f"Overview › {inner.text}")

    def _test_case(self, line: int) -> Place:
        issue = self.issue
        case = max((c for c in issue.test_cases if c.location.line <= line),
                   key=lambda c: c.location.line, default=None)
        if case is None:
            return Place(self.layout.test_cases(issue), "", "Test cases")
        return Place(self.layout.test_cases(issue), case.anchor, f"Test case {case.title}",
                     ("test_case", self.case_keys.get(case.anchor, "")))

    def _log_entry(self, line: int) -> Place:
        issue = self.issue
        entry = max((e for e in issue.log_entries if e.location.line <= line),
                    key=lambda e: e.location.line, default=None)
        if entry is None:
            return Place(self.layout.log(issue), "", "Implementation log")
        when = f"{entry.date} — " if entry.date else ""
        return Place(self.layout.log(issue), entry.anchor,
                     f"Log {when}{one_line(entry.title, 80)}", ("log", entry.anchor))


def document_title(document: Document) -> str:
    first = next((h for h in headings(document.body) if h.level == 1), None)
    return first.text if first else document.path.rsplit("/", 1)[-1]


def _stack(body: str, index: int) -> list[Heading]:
    """The headings enclosing body line ``index``, outermost first."""
    stack: list[Heading] = []
    for heading in headings(body):
        if heading.line > index:
            break
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        stack.append(heading)
    return stack


def _enclosing(body: str, index: int, skip_h1: bool = False) -> Heading | None:
    stack = [h for h in _stack(body, index) if not (skip_h1 and h.level == 1)]
    return stack[-1] if stack else None


# --- the index ------------------------------------------------------------------------------


class Mentions:
    """Every mention in an investigation's files, by what it names."""

    def __init__(self, issue: MetaIssue, placer: Placer, attempt_words: tuple[str, ...],
                 targets: dict[tuple[str, str], LinkTarget]) -> None:
        self.issue = issue
        self.placer = placer
        self.words = attempt_words
        self.targets = targets
        self.by_key: dict[Key, list[Mention]] = {}
        self._dates: dict[str, list[str]] = {}
        for entry in issue.log_entries:
            if entry.date:
                self._dates.setdefault(entry.date, []).append(entry.anchor)
        for document in _documents(issue):
            self._read(document)

    def of(self, kind: str, key: str) -> list[Mention]:
        return self.by_key.get((kind, key), [])

    def _read(self, document: Document) -> None:
        lines = document.body.split("\n")
        rows: dict[int, str] = {}
        for token in block_tokens(document.body):
            if token.type != "inline" or token.map is None:
                continue
            first = token.map[0]
            text = token.content
            if token.map[1] - first == 1 and lines[first].lstrip().startswith("|"):
                text = rows.setdefault(first, _row_text(lines[first]))
            self._mentions(document, first, token.content, text)

    def _mentions(self, document: Document, first: int, content: str, context: str) -> None:
        place = self.placer.place(document.path, document.body_line + first)
        masked = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), content)
        offset = context.find(content) if context is not content else 0
        for key, at in self._keys(document, masked):
            if key == place.key:
                continue
            mention = Mention(place, sentence_at(context, max(0, offset) + at))
            known = self.by_key.setdefault(key, [])
            if mention not in known:
                known.append(mention)

    def _keys(self, document: Document, text: str) -> Iterator[tuple[Key, int]]:
        for reference in find_references(text, self.words):
            yield (reference.kind, str(reference.number)), reference.start
        if self.issue.log_doc is None or document.path != self.issue.log_doc.path:
            for date in _DATE.finditer(text):
                for anchor in self._dates.get(date.group(1), []):
                    yield ("log", anchor), date.start()
        for written, at in _link_targets(text):
            target = self.targets.get((document.path, written))
            if target is not None and target.issue == self.issue.id:
                key = _link_key(target, self.placer.case_keys)
                if key is not None:
                    yield key, at


def _link_targets(text: str) -> Iterator[tuple[str, int]]:
    for match in re.finditer(r"\]\(\s*<?([^)\s>]{1,2000})", text):
        yield match.group(1), match.start()


def _link_key(target: LinkTarget, case_keys: dict[str, str]) -> Key | None:
    if target.page == "attempt":
        return ("attempt", str(target.number))
    if target.page == "log" and target.anchor:
        return ("log", target.anchor)
    if target.page == "test_cases" and target.anchor in case_keys:
        return ("test_case", case_keys[target.anchor])
    return None


def _row_text(line: str) -> str:
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return " · ".join(cell for cell in cells if cell)


def _documents(issue: MetaIssue) -> list[Document]:
    found = [d for d in (issue.readme, issue.test_cases_doc, issue.log_doc) if d is not None]
    found.extend(Document(a.source, {}, a.body, a.location.line) for a in issue.attempts
                 if a.source)
    found.extend(issue.documents)
    return found
