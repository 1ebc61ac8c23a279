"""What every step of reading a folder shares: the meta-issue being built, its reporter, and
the folder's own conventions (its words for an attempt, its order of day and month)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ..model import Document, Location, MetaIssue, NumberStyle
from .dates import DateOrder, FoundDate, find_date, folder_date_order
from .files import FolderInput
from .frontmatter import Report
from .references import AttemptWords, attempt_words
from .settings import DEFAULT_READING, ReadingSettings


@dataclass
class Context:
    """The meta-issue each reading step fills in, and where it reports what it doubts."""

    issue: MetaIssue
    report: Report
    settings: ReadingSettings = DEFAULT_READING
    folder: FolderInput | None = None
    # The README's number convention: the one a file that shows none of its own follows.
    numbers: NumberStyle = field(default_factory=NumberStyle)
    words: AttemptWords = field(init=False)

    def __post_init__(self) -> None:
        self.words = attempt_words(self.settings.attempt_words)

    @functools.cached_property
    def date_order(self) -> DateOrder | None:
        """Day or month first, as the folder's unambiguous dates write it (``17/02/2025``);
        looked for only when a date could be read both ways."""
        if self.folder is None:
            return None
        return folder_date_order([file.data.decode("utf-8", "replace")
                                  for file in self.folder.files if not file.problem])

    def find_date(self, text: str, where: Location | None = None) -> FoundDate | None:
        """The first date of ``text``, in the folder's convention when it could swap; one
        that stays ambiguous is reported at ``where``."""
        found = find_date(text)
        if found is not None and found.ambiguous:
            found = find_date(text, self.date_order)
            if found is not None and found.ambiguous and where is not None:
                self.report("warning", where, "DATE_AMBIGUOUS",
                            f"'{found.written}' could be day/month or month/day and no other "
                            "date of the folder says which; write it as YYYY-MM-DD")
        return found

    def date(self, text: str, where: Location | None = None) -> str | None:
        found = self.find_date(text, where)
        return found.iso if found else None

    def numbers_of(self, document: Document) -> NumberStyle:
        """How ``document`` writes numbers: its own convention, else the README's."""
        return document.numbers if document.numbers.decimal else self.numbers
