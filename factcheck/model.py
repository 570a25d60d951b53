"""The data model: plain dataclasses and enums, no I/O.

Everything the store keeps, the CLI prints and the case files carry is one of
these. They convert to and from plain dicts with ``to_dict`` / ``from_dict``
(msgspec does the work, so it is fast and validates types).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

import msgspec


class Verdict(StrEnum):
    UNCHECKED = "unchecked"
    IN_PROGRESS = "in-progress"
    TRUE = "true"
    MOSTLY_TRUE = "mostly-true"
    MISLEADING = "misleading"
    FALSE = "false"
    UNVERIFIABLE = "unverifiable"

    @property
    def is_final(self) -> bool:
        return self not in (Verdict.UNCHECKED, Verdict.IN_PROGRESS)

    @property
    def rating(self) -> int | None:
        """The ClaimReview rating on a 1 (false) to 5 (true) scale, if the verdict has one."""
        return _RATINGS.get(self)

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]


_RATINGS = {
    Verdict.TRUE: 5,
    Verdict.MOSTLY_TRUE: 4,
    Verdict.MISLEADING: 2,
    Verdict.FALSE: 1,
}

_DESCRIPTIONS = {
    Verdict.UNCHECKED: "Not looked at yet.",
    Verdict.IN_PROGRESS: "Being checked; no conclusion yet.",
    Verdict.TRUE: "Accurate, with nothing significant missing.",
    Verdict.MOSTLY_TRUE: "Accurate but needs clarification or extra context.",
    Verdict.MISLEADING: "Partly accurate but leaves a false impression.",
    Verdict.FALSE: "Not accurate.",
    Verdict.UNVERIFIABLE: "Cannot be proven or disproven with available evidence.",
}

#: Claim kinds, in the order they are shown.
KINDS: tuple[str, ...] = (
    "statistic",
    "quote",
    "attribution",
    "date-event",
    "comparison",
    "causal",
    "prediction",
    "other",
)

#: Source check outcomes that mean the source is usable.
OK_OUTCOMES = frozenset({"ok", "redirected"})


@dataclass(slots=True)
class Fact:
    """A checkable piece of a claim: a number, a date, a quote, a speaker, an outlet, a name.

    ``start``/``end`` are character offsets into the article text.
    ``value`` is a normalised form: a float for numbers, an ISO date for dates.
    """

    kind: str  # number | date | quote | speaker | outlet | entity
    text: str
    start: int = -1
    end: int = -1
    value: float | str | None = None
    unit: str | None = None


@dataclass(slots=True)
class DetectedClaim:
    """What ``extract_claims`` returns: a check-worthy span and why it was chosen."""

    text: str
    start: int
    end: int
    score: float
    kinds: list[str]
    reasons: list[str]
    facts: list[Fact] = field(default_factory=list)


@dataclass(slots=True)
class Link:
    """A hyperlink inside an article's reading text."""

    href: str
    start: int
    end: int
    text: str = ""


@dataclass(slots=True)
class ChecklistItem:
    id: str
    label: str
    done: bool = False
    required: bool = False
    note: str = ""
    deleted: bool = False
    rev: int = 0
    updated_by: str = ""
    updated_at: str = ""


@dataclass(slots=True)
class Check:
    """One fetch of a source, as recorded by ``factcheck check``."""

    outcome: str
    url: str = ""
    status: int | None = None
    final_url: str | None = None
    redirects: list[str] = field(default_factory=list)
    content_type: str | None = None
    title: str | None = None
    canonical_url: str | None = None
    published: str | None = None
    size: int | None = None
    sha256: str | None = None
    checked_at: str = ""
    elapsed_ms: int | None = None
    error: str | None = None
    evidence: dict[str, Any] | None = None


@dataclass(slots=True)
class Source:
    id: str
    url: str
    origin: str = "manual"  # manual | article-link
    note: str = ""
    deleted: bool = False
    checks: list[Check] = field(default_factory=list)
    rev: int = 0
    updated_by: str = ""
    updated_at: str = ""

    @property
    def latest(self) -> Check | None:
        return self.checks[-1] if self.checks else None


@dataclass(slots=True)
class Note:
    id: str
    text: str
    author: str = ""
    at: str = ""
    deleted: bool = False


@dataclass(slots=True)
class Claim:
    id: str
    article_id: str
    number: int
    text: str
    start: int
    end: int
    kinds: list[str] = field(default_factory=list)
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    verdict: Verdict = Verdict.UNCHECKED
    checklist: list[ChecklistItem] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    status: str = "active"  # active | changed | removed
    previous_text: str | None = None
    manual: bool = False  # added or reshaped by a person, not the detector
    deleted: bool = False  # tombstone: removed by a person, never re-detected
    conflicts: list[dict[str, Any]] = field(default_factory=list)  # unresolved merge conflicts
    rev: int = 0
    updated_by: str = ""
    updated_at: str = ""

    @property
    def items(self) -> list[ChecklistItem]:
        """The checklist without deleted items."""
        return [i for i in self.checklist if not i.deleted]

    @property
    def live_sources(self) -> list[Source]:
        return [s for s in self.sources if not s.deleted]

    @property
    def live_notes(self) -> list[Note]:
        return [n for n in self.notes if not n.deleted]

    @property
    def last_changed(self) -> tuple[str, str]:
        """(who, when) of the latest change to the claim or any of its items, sources, notes."""
        stamps = [(self.updated_at, self.updated_by)]
        stamps += [(i.updated_at, i.updated_by) for i in self.checklist]
        stamps += [(s.updated_at, s.updated_by) for s in self.sources]
        stamps += [(n.at, n.author) for n in self.notes]
        at, by = max(stamps)
        return by, at

    @property
    def progress(self) -> tuple[int, int]:
        items = self.items
        return sum(1 for i in items if i.done), len(items)


@dataclass(slots=True)
class Article:
    id: str
    text: str
    title: str = ""
    url: str | None = None
    source: str | None = None  # what it was added from: a path, a URL or "-"
    published: str | None = None
    author: str | None = None
    site: str | None = None
    canonical_url: str | None = None
    encoding: str | None = None
    links: list[Link] = field(default_factory=list)
    added_at: str = ""
    updated_at: str = ""
    rev: int = 0


@dataclass(slots=True)
class Event:
    """One change, as kept in the history: who, when, what, before and after."""

    id: str
    article_id: str
    at: str
    author: str
    action: str
    claim_id: str | None = None
    target: str | None = None  # item, source or note id
    before: Any = None
    after: Any = None
    undo_of: str | None = None


T = TypeVar("T")


def to_dict(obj: Any) -> Any:
    """A model object as plain JSON-ready builtins."""
    return msgspec.to_builtins(obj)


def from_dict(cls: type[T], data: Any) -> T:
    """Build a model object from plain builtins, validating types."""
    return msgspec.convert(data, cls)
