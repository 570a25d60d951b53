"""Case files: deterministic export, strict import, item-by-item three-way merge, git merge driver.

A case file is one JSON document holding an article, its claims (checklists, verdicts, sources with
their check history, notes) and the event history. See docs/casefile.md for the format.

Layout (what makes ``git diff`` small): keys are sorted, claims are in number order, the file is
indented by two spaces and ends with a newline. *Records that change as a whole* — checklist items,
source checks, notes, facts, links, conflicts and events — are written on one line each, so ticking
an item changes exactly one line (``done``, ``rev``, ``updated_at`` and ``updated_by`` all live on
that line). Events are written newest first, so a new event is one added line and never touches the
line of the previous event.

Merging goes record by record (claim, checklist item, source, note, matched by id) and field by
field. The rules are documented on :func:`merge_claims`.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import math
import os
import re
import secrets
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import msgspec

from factcheck.errors import ValidationError
from factcheck.model import Article, Claim, Event

SCHEMA_VERSION = 1
FORMAT = "factcheck-case"
MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64
MAX_ID_LENGTH = 200


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Building or decoding a big case allocates hundreds of thousands of objects that all
    live on; the cyclic collector would walk them again and again for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _without_gc(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with _gc_paused():
            return fn(*args, **kwargs)

    return wrapper


__all__ = [
    "FORMAT",
    "MAX_BYTES",
    "SCHEMA_VERSION",
    "Case",
    "Conflict",
    "MergeResult",
    "MergeStats",
    "case_schema",
    "case_to_json",
    "merge_cases",
    "merge_claims",
    "merge_events",
    "merge_files",
    "parse_case",
    "read_case_file",
    "resolve_conflict",
]


# --------------------------------------------------------------------------------------------
# The file as a whole


@dataclass(slots=True)
class Case:
    """A parsed, validated case file."""

    article: Article
    claims: list[Claim]
    events: list[Event] = field(default_factory=list)
    #: The claims as they were at the last common revision, when the file carries one.
    base: list[Claim] | None = None
    schema_version: int = SCHEMA_VERSION


@dataclass(slots=True)
class _CaseFile:
    """The on-disk shape, used for the typed decode and for the JSON Schema."""

    schema_version: int
    format: str
    article: Article
    claims: list[Claim]
    events: list[Event] = field(default_factory=list)
    base: list[Claim] | None = None


# --------------------------------------------------------------------------------------------
# Export

#: Records written on one line each, because they change as a whole.
_ONE_LINE_RECORDS = ("checklist", "conflicts", "facts", "notes")  # sorted, like the keys

_encode = msgspec.json.Encoder(order="sorted").encode


class _Layout:
    """Pretty-print with msgspec, but keep chosen records on one line each.

    Each such record is encoded compactly and replaced in the document by a placeholder: a
    random nonce, so that no string in the data can pose as one. Records are held in document
    order (sorted keys), so after indenting, splitting on the placeholder and interleaving the
    records rebuilds the file. The nonce never reaches the output.
    """

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(16)
        self.records: list[bytes] = []

    def hold(self, records: list[Any]) -> list[str]:
        self.records.extend(map(_encode, records))
        return [self.nonce] * len(records)

    def render(self, doc: Any) -> bytes:
        pretty = msgspec.json.format(_encode(doc), indent=2)
        parts = pretty.split(b'"' + self.nonce.encode() + b'"')
        records = self.records
        if len(parts) != len(records) + 1:  # cannot happen; never write a wrong file
            raise RuntimeError("case file layout: placeholders out of step")
        out = [parts[0]]
        for record, part in zip(records, parts[1:], strict=True):
            out.append(record)
            out.append(part)
        out.append(b"\n")
        return b"".join(out)


def _claim_order(claim: Claim) -> tuple[int, str]:
    return (claim.number, claim.id)


def _event_order(event: Event) -> tuple[str, str]:
    return (event.at, event.id)


@_without_gc
def case_to_json(
    article: Article,
    claims: Sequence[Claim],
    events: Sequence[Event] = (),
    *,
    base: Sequence[Claim] | None = None,
) -> bytes:
    """The case file for an article, as UTF-8 bytes.

    Deterministic: the same data gives the same bytes, whatever order ``claims`` and ``events``
    come in. Claims are sorted by (number, id), events newest first by (at, id); checklist items,
    sources and notes keep their list order. There is no export timestamp on purpose.
    """
    # Records are held in the order they appear in the file: keys sorted at every level.
    layout = _Layout()
    hold = layout.hold
    article_doc = msgspec.to_builtins(article)
    article_doc["links"] = hold(article_doc.get("links", []))

    def claims_doc(items: Sequence[Claim]) -> list[dict[str, Any]]:
        docs = msgspec.to_builtins(sorted(items, key=_claim_order))
        for claim in docs:
            for key in _ONE_LINE_RECORDS:
                claim[key] = hold(claim[key])
            for source in claim["sources"]:
                source["checks"] = hold(source["checks"])
        return docs

    doc: dict[str, Any] = {"article": article_doc}
    if base is not None:
        doc["base"] = claims_doc(base)
    doc["claims"] = claims_doc(claims)
    doc["events"] = hold(sorted(events, key=_event_order, reverse=True))
    doc["format"] = FORMAT
    doc["schema_version"] = SCHEMA_VERSION
    return layout.render(doc)


# --------------------------------------------------------------------------------------------
# Import: strict validation before anything changes

_STRING = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"')
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")
_PAIR = re.compile(rb"\[\]|\{\}")
_SURROGATE_ESCAPE = re.compile(rb"(\\+)u([dD][89a-fA-F][0-9a-fA-F]{2})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_TYPE_WORDS = {
    "bool": "a boolean",
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "array": "an array",
    "object": "an object",
    "null": "null",
}


def _where(text: bytes, offset: int) -> str:
    line = text.count(b"\n", 0, offset) + 1
    column = offset - (text.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


_NON_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_OPEN_RUN = re.compile(rb"[\[{]{%d,}" % (MAX_DEPTH + 1))


def _check_depth(source_name: str, data: bytes) -> None:
    """Refuse deep nesting before parsing, without recursion.

    The cheap scan looks for a long run of opening brackets; only then are strings blanked out
    and matched pairs peeled level by level to measure the real depth. Nesting that hides from
    the scan is bounded after decoding (:func:`_check_free_depth`) and by the decoder itself.
    """
    if not _OPEN_RUN.search(data.translate(None, _NON_BRACKETS)):
        return
    brackets = _NOT_BRACKET.sub(b"", _STRING.sub(b'""', data))
    for _ in range(MAX_DEPTH):
        peeled = _PAIR.sub(b"", brackets)
        if peeled == brackets or not peeled:
            return
        brackets = peeled
    if _PAIR.search(brackets):
        raise ValidationError(
            f"{source_name}: nested deeper than {MAX_DEPTH} levels; not a factcheck case file"
        )


def _too_deep(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(v, dict):
            stack.extend((x, depth + 1) for x in v.values() if isinstance(x, dict | list))
        elif isinstance(v, list):
            stack.extend((x, depth + 1) for x in v if isinstance(x, dict | list))
    return False


def _any_too_deep(roots: list[Any], limit: int) -> bool:
    """Level by level over all roots at once: cheap when everything is shallow."""
    level = [r for r in roots if type(r) is dict or type(r) is list]
    depth = 1
    while level:
        if depth > limit:
            return True
        below: list[Any] = []
        for v in level:
            below += [
                x
                for x in (v.values() if type(v) is dict else v)
                if type(x) is dict or type(x) is list
            ]
        level = below
        depth += 1
    return False


def _check_free_depth(source_name: str, case: _CaseFile) -> None:
    """The free-form parts (check evidence, event before/after, conflicts) stay shallow."""
    limit = MAX_DEPTH - 8
    roots: list[Any] = []
    for claims in (case.claims, case.base or ()):
        for claim in claims:
            roots += claim.conflicts
            for source in claim.sources:
                roots += [check.evidence for check in source.checks if check.evidence]
    for event in case.events:
        roots.append(event.before)
        roots.append(event.after)
    if not _any_too_deep(roots, limit):
        return
    for root, claims in (("$.claims", case.claims), ("$.base", case.base or ())):
        for n, claim in enumerate(claims):
            for m, conflict in enumerate(claim.conflicts):
                if _too_deep(conflict, limit):
                    raise ValidationError(
                        f"{source_name}: {root}[{n}].conflicts[{m}]: nested too deeply"
                    )
            for m, source in enumerate(claim.sources):
                for k, check in enumerate(source.checks):
                    if check.evidence and _too_deep(check.evidence, limit):
                        raise ValidationError(
                            f"{source_name}: {root}[{n}].sources[{m}].checks[{k}].evidence: "
                            "nested too deeply"
                        )
    for n, event in enumerate(case.events):
        for name in ("before", "after"):
            value = getattr(event, name)
            if isinstance(value, dict | list) and _too_deep(value, limit):
                raise ValidationError(f"{source_name}: $.events[{n}].{name}: nested too deeply")


def _check_surrogates(source_name: str, data: bytes) -> None:
    """Refuse escaped lone surrogates (``"\\ud800"``): they cannot be stored as text."""
    if b"\\u" not in data or (b"\\ud" not in data and b"\\uD" not in data):
        return
    matches = [m for m in _SURROGATE_ESCAPE.finditer(data) if len(m.group(1)) % 2 == 1]
    paired: set[int] = set()
    for n, m in enumerate(matches):
        code = int(m.group(2), 16)
        if m.start() in paired:
            continue
        if code <= 0xDBFF:
            nxt = matches[n + 1] if n + 1 < len(matches) else None
            if nxt is not None and nxt.start() == m.end() and int(nxt.group(2), 16) >= 0xDC00:
                paired.add(nxt.start())
                continue
        where = _where(data, m.start() + len(m.group(1)) - 1)
        raise ValidationError(
            f"{source_name}: {where}: lone surrogate escape \\u{m.group(2).decode()} in a string"
        )


def _count_strings(data: bytes) -> int:
    """How many strings (keys and values) a JSON text holds, without parsing it.

    Every quote that is not escaped opens or closes a string. A quote is escaped when an odd
    run of backslashes precedes it; runs of two or more are rare and are looked at one by one.
    Escape spellings (``\\u003a`` for ``:``) do not change the count, so a text and its
    re-encoding hold the same number of strings unless the decoder dropped a duplicate key.
    """
    quotes = data.count(b'"')
    escaped = data.count(b'\\"')
    at = data.find(b'\\\\"')
    while at != -1:
        quote = at + 2
        start = at
        while start > 0 and data[start - 1] == 0x5C:
            start -= 1
        if (quote - start) % 2 == 0:
            escaped -= 1  # an even run: the backslashes escape each other, the quote is real
        at = data.find(b'\\\\"', quote + 1)
    return (quotes - escaped) // 2


class _Duplicate:
    def __init__(self, key: str) -> None:
        self.key = key


def _find_duplicate(source_name: str, text: str) -> None:
    def hook(pairs: list[tuple[str, Any]]) -> Any:
        seen: set[str] = set()
        for k, _ in pairs:
            if k in seen:
                return _Duplicate(k)
            seen.add(k)
        return dict(pairs)

    tree = json.loads(text, object_pairs_hook=hook)
    stack: list[tuple[Any, str]] = [(tree, "$")]
    while stack:
        v, path = stack.pop()
        if isinstance(v, _Duplicate):
            raise ValidationError(f"{source_name}: {path}: duplicate key {json.dumps(v.key)}")
        if isinstance(v, dict):
            stack.extend((x, _member(path, k)) for k, x in v.items())
        elif isinstance(v, list):
            stack.extend((x, f"{path}[{n}]") for n, x in enumerate(v))
    raise ValidationError(f"{source_name}: duplicate keys in an object")


_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")


def _member(path: str, key: str) -> str:
    """A JSON path step that is safe to print: odd keys are quoted and escaped."""
    if _PLAIN_KEY.match(key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key[:64])}]"


def _find_infinite(source_name: str, tree: Any) -> None:
    stack: list[tuple[Any, str]] = [(tree, "$")]
    while stack:
        v, path = stack.pop()
        if isinstance(v, float) and not math.isfinite(v):
            raise ValidationError(f"{source_name}: {path}: number out of range")
        if isinstance(v, dict):
            stack.extend((x, _member(path, k)) for k, x in v.items())
        elif isinstance(v, list):
            stack.extend((x, f"{path}[{n}]") for n, x in enumerate(v))


def _friendly(message: str) -> str:
    """msgspec's "Expected `bool`, got `str` - at `$.x`" as "$.x: expected a boolean, ..."."""
    text, _, path = message.partition(" - at ")
    path = path.strip("`") or "$"
    text = re.sub(r"`(\w+)`", lambda m: _TYPE_WORDS.get(m.group(1), f"`{m.group(1)}`"), text)
    text = text[:1].lower() + text[1:]
    return f"{path}: {text}"


def _check_id(source_name: str, path: str, value: str | None, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not value:
        raise ValidationError(f"{source_name}: {path}: empty id")
    if len(value) > MAX_ID_LENGTH:
        raise ValidationError(f"{source_name}: {path}: id longer than {MAX_ID_LENGTH} characters")
    bad = _CONTROL.search(value)
    if bad:
        raise ValidationError(
            f"{source_name}: {path}: control character U+{ord(bad.group()):04X} in an id"
        )


def _check_unique(source_name: str, path: str, ids: Iterable[str]) -> None:
    seen: set[str] = set()
    for n, i in enumerate(ids):
        if i in seen:
            raise ValidationError(f"{source_name}: {path}[{n}].id: duplicate id {json.dumps(i)}")
        seen.add(i)


def _check_claims(source_name: str, root: str, claims: list[Claim], article_id: str) -> None:
    _check_unique(source_name, root, (c.id for c in claims))
    for n, claim in enumerate(claims):
        at = f"{root}[{n}]"
        _check_id(source_name, f"{at}.id", claim.id)
        if claim.article_id != article_id:
            raise ValidationError(
                f"{source_name}: {at}.article_id: {json.dumps(claim.article_id)} is not the "
                f"article of this file ({json.dumps(article_id)})"
            )
        for name, records in (
            ("checklist", claim.checklist),
            ("sources", claim.sources),
            ("notes", claim.notes),
        ):
            _check_unique(source_name, f"{at}.{name}", (r.id for r in records))
            for m, record in enumerate(records):
                _check_id(source_name, f"{at}.{name}[{m}].id", record.id)
        for m, conflict in enumerate(claim.conflicts):
            if not isinstance(conflict.get("path"), str) or not isinstance(
                conflict.get("field"), str
            ):
                raise ValidationError(
                    f"{source_name}: {at}.conflicts[{m}]: expected 'field' and 'path' strings"
                )


def _looks_valid(case: _CaseFile) -> bool:
    """A fast pass over ids; when it finds anything odd, :func:`_validate` names the place."""
    article_id = case.article.id
    ids = [article_id]
    for claims in (case.claims, case.base or ()):
        if len({c.id for c in claims}) != len(claims):
            return False
        for c in claims:
            if c.article_id != article_id:
                return False
            ids.append(c.id)
            for records in (c.checklist, c.sources, c.notes):
                if records:
                    local = [r.id for r in records]
                    if len(set(local)) != len(local):
                        return False
                    ids.extend(local)
            for conflict in c.conflicts:
                if not isinstance(conflict.get("path"), str) or not isinstance(
                    conflict.get("field"), str
                ):
                    return False
    events = case.events
    if len({e.id for e in events}) != len(events):
        return False
    ids.extend(e.id for e in events)
    ids.extend(e.article_id for e in events)
    ids.extend(e.claim_id for e in events if e.claim_id is not None)
    ids.extend(e.target for e in events if e.target is not None)
    lengths = set(map(len, ids))
    if min(lengths) == 0 or max(lengths) > MAX_ID_LENGTH:
        return False
    return _CONTROL.search(" ".join(ids)) is None


def _validate(source_name: str, case: _CaseFile) -> None:
    article = case.article
    _check_id(source_name, "$.article.id", article.id)
    _check_claims(source_name, "$.claims", case.claims, article.id)
    if case.base is not None:
        _check_claims(source_name, "$.base", case.base, article.id)
    _check_unique(source_name, "$.events", (e.id for e in case.events))
    for n, event in enumerate(case.events):
        at = f"$.events[{n}]"
        _check_id(source_name, f"{at}.id", event.id)
        _check_id(source_name, f"{at}.article_id", event.article_id)
        _check_id(source_name, f"{at}.claim_id", event.claim_id, optional=True)
        _check_id(source_name, f"{at}.target", event.target, optional=True)


def _decode_checked(data: bytes, source_name: str) -> _CaseFile:
    """The exact path: decode to builtins, find duplicate keys, check the header, then types."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"{source_name}: {_where(data, exc.start)}: not UTF-8 text ({exc.reason})"
        ) from None
    try:
        raw = msgspec.json.decode(data)
    except msgspec.ValidationError:  # a number out of range such as 1e999
        _find_infinite(source_name, json.loads(text))
        raise ValidationError(f"{source_name}: a number is out of range") from None
    except msgspec.DecodeError as exc:
        message = str(exc)
        m = re.search(r"\(byte (\d+)\)", message)
        if m:
            offset = int(m.group(1))
            if re.match(rb"-?(NaN|Infinity)", data[offset : offset + 9]):
                reason = "NaN and Infinity are not valid JSON numbers"
            else:
                reason = message.split(" (byte")[0].replace(
                    "JSON is malformed: ", "malformed JSON: "
                )
            raise ValidationError(f"{source_name}: {_where(data, offset)}: {reason}") from None
        raise ValidationError(f"{source_name}: {message}") from None
    except RecursionError:
        raise ValidationError(f"{source_name}: nested too deeply") from None
    if _count_strings(msgspec.json.encode(raw)) != _count_strings(data):
        _find_duplicate(source_name, text)
    if not isinstance(raw, dict):
        raise ValidationError(f"{source_name}: $: expected an object, not a factcheck case file")
    if raw.get("format") != FORMAT:
        raise ValidationError(
            f'{source_name}: $.format: expected "{FORMAT}"; this is not a factcheck case file'
        )
    version = raw.get("schema_version")
    if type(version) is not int:
        raise ValidationError(f"{source_name}: $.schema_version: expected an integer")
    if version > SCHEMA_VERSION:
        raise ValidationError(
            f"{source_name}: made by a newer factcheck (schema_version {version}; this version "
            f"reads {SCHEMA_VERSION}): upgrade factcheck to import it"
        )
    if version < 1:
        raise ValidationError(f"{source_name}: $.schema_version: unknown version {version}")
    try:
        return msgspec.convert(raw, _CaseFile)
    except msgspec.ValidationError as exc:
        raise ValidationError(f"{source_name}: {_friendly(str(exc))}") from None


_DECODER = msgspec.json.Decoder(_CaseFile)


def _decode_canonical(data: bytes) -> _CaseFile | None:
    """The fast path, for files as ``case_to_json`` writes them.

    A typed decode, then proof that nothing was lost on the way: the file with its whitespace
    removed must be byte for byte the re-encoding of what was decoded. That rules out duplicate
    keys, omitted or unknown fields and odd spellings at once; anything else (a hand-edited
    file, an error) returns None and takes the exact path.
    """
    try:
        case = _DECODER.decode(data)
    except (msgspec.DecodeError, RecursionError, UnicodeDecodeError):
        return None
    if case.format != FORMAT or not 1 <= case.schema_version <= SCHEMA_VERSION:
        return None
    doc: dict[str, Any] = {
        "article": case.article,
        "claims": case.claims,
        "events": case.events,
        "format": case.format,
        "schema_version": case.schema_version,
    }
    if case.base is not None:
        doc["base"] = case.base
    if msgspec.json.format(data, indent=-1) != _encode(doc):
        return None
    return case


@_without_gc
def parse_case(data: bytes, *, max_bytes: int = MAX_BYTES, source_name: str = "<file>") -> Case:
    """Validate and decode a case file. Nothing is returned unless all of it is valid.

    Raises ValidationError with the place of the first problem: a JSON path such as
    ``$.claims[4998].checklist[2].done`` or a line and column for malformed JSON.
    """
    if len(data) > max_bytes:
        raise ValidationError(
            f"{source_name}: {len(data):,} bytes is more than the {max_bytes:,}-byte limit"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    _check_depth(source_name, data)
    _check_surrogates(source_name, data)
    case = _decode_canonical(data)
    if case is None:
        case = _decode_checked(data, source_name)
    if not _looks_valid(case):
        _validate(source_name, case)
    _check_free_depth(source_name, case)
    events = sorted(case.events, key=_event_order)
    return Case(case.article, case.claims, events, case.base, case.schema_version)


def read_case_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Case:
    """Read and validate a case file; its size is checked from ``os.stat`` before reading."""
    p = Path(path)
    name = p.name or str(p)
    try:
        info = p.stat()
    except OSError as exc:
        raise ValidationError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ValidationError(f"{name}: not a regular file")
    if info.st_size > max_bytes:
        raise ValidationError(
            f"{name}: {info.st_size:,} bytes is more than the {max_bytes:,}-byte limit"
        )
    try:
        with p.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ValidationError(f"{name}: cannot read: {exc.strerror or exc}") from None
    return parse_case(data, max_bytes=max_bytes, source_name=name)


# --------------------------------------------------------------------------------------------
# Merge


@dataclass(slots=True)
class Conflict:
    """A field changed on both sides to different values."""

    claim_id: str
    claim_number: int
    field: str
    path: str
    ours: Any
    theirs: Any
    base: Any = None
    label: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = {"field": self.field, "path": self.path, "ours": self.ours, "theirs": self.theirs}
        d["base"] = self.base
        if self.label:
            d["label"] = self.label
        return d

    def __str__(self) -> str:
        what = f"{self.path} ({self.label})" if self.label else self.path
        return (
            f"claim {self.claim_number}: {what}: ours {_short(self.ours)}, "
            f"theirs {_short(self.theirs)}"
        )


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    text = _CONTROL.sub(" ", text)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(slots=True)
class MergeStats:
    added: int = 0  # claims only on their side, now here
    changed: int = 0  # claims that took something from their side
    unchanged: int = 0
    deleted: int = 0  # claims that became tombstones through the merge
    conflicts: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "added": self.added,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "conflicts": self.conflicts,
        }


@dataclass(slots=True)
class MergeResult:
    claims: list[Claim]
    conflicts: list[Conflict]
    stats: MergeStats


_META = ("rev", "updated_by", "updated_at")
#: Per record kind: fields where a change on both sides is a conflict; fields that follow the
#: newer side silently (derived by the detector or by fetching); flags where True wins.
_CLAIM_FIELDS = ("text", "verdict", "kinds")
_CLAIM_DERIVED = ("number", "start", "end", "score", "reasons", "facts", "status", "previous_text")
_ITEM_FIELDS = ("label", "done", "note", "required")
_SOURCE_FIELDS = ("url", "note")
_SOURCE_DERIVED = ("origin",)
_NOTE_FIELDS = ("text",)
_NOTE_DERIVED = ("author", "at")
_FLAGS = ("deleted",)
_CLAIM_FLAGS = ("deleted", "manual")

_Dict = dict[str, Any]


def _rev(d: _Dict | None) -> int:
    return int(d.get("rev", 0)) if d else 0


def _stamp(d: _Dict) -> tuple[int, str]:
    return (_rev(d), str(d.get("updated_at", "")))


def _label_key(label: str) -> str:
    return " ".join(label.casefold().split())


class _Merger:
    """Three-way merge of plain dicts (msgspec builtins) of claims."""

    def __init__(self, claim: _Dict) -> None:
        self.claim = claim
        self.conflicts: list[Conflict] = []

    def conflict(self, name: str, path: str, b: Any, o: Any, t: Any, label: str = "") -> None:
        self.conflicts.append(
            Conflict(self.claim["id"], self.claim.get("number", 0), name, path, o, t, b, label)
        )

    def base_for(self, b: _Dict | None, o: _Dict, t: _Dict) -> _Dict | None:
        """The record to compare against: the real base, or else the side with the lower rev.

        Without a base, a record whose rev is lower is taken to be an older state of the other
        side; equal revs with different content mean both changed: every difference conflicts.
        """
        if b is not None:
            return b
        if _rev(o) < _rev(t):
            return o
        if _rev(t) < _rev(o):
            return t
        return None

    def record(
        self,
        b: _Dict | None,
        o: _Dict,
        t: _Dict,
        fields: Sequence[str],
        derived: Sequence[str],
        flags: Sequence[str],
        prefix: str,
        label: str = "",
        *,
        use_revs: bool = True,
        touched: tuple[set[str] | None, set[str] | None] | None = None,
    ) -> _Dict:
        if o == t:
            return o
        base = self.base_for(b, o, t) if use_revs or b is not None else None
        out = dict(o)
        newer = t if _stamp(t) > _stamp(o) else o
        for name in fields:
            ov, tv = o.get(name), t.get(name)
            if ov == tv:
                continue
            bv = base.get(name) if base is not None else None
            if base is not None and ov == bv:
                out[name] = tv
            elif base is not None and tv == bv:
                out[name] = ov
            elif base is None and touched is not None and _one_side(name, *touched) == "theirs":
                out[name] = tv
            elif base is None and touched is not None and _one_side(name, *touched) == "ours":
                out[name] = ov
            else:
                out[name] = ov
                self.conflict(name, prefix + name, bv, ov, tv, label)
        for name in derived:
            ov, tv = o.get(name), t.get(name)
            if ov == tv:
                continue
            bv = base.get(name) if base is not None else None
            if base is not None and ov == bv:
                out[name] = tv
            elif base is not None and tv == bv:
                out[name] = ov
            else:
                out[name] = newer.get(name)
        for name in flags:
            out[name] = bool(o.get(name)) or bool(t.get(name))
        return out

    @staticmethod
    def stamp(out: _Dict, o: _Dict | None, t: _Dict | None) -> _Dict:
        """rev/updated_*: those of the side equal to the result, else max rev + 1 and the later."""
        sides = [s for s in (o, t) if s is not None]
        for side in sides:
            meta = {k: side.get(k, out.get(k)) for k in _META}
            if {**out, **meta} == side:
                return side
        later = max(sides, key=_stamp)
        out["rev"] = max(_rev(s) for s in sides) + 1
        out["updated_by"] = later.get("updated_by", "")
        out["updated_at"] = later.get("updated_at", "")
        return out

    def records(
        self,
        base: list[_Dict] | None,
        ours: list[_Dict],
        theirs: list[_Dict],
        kind: str,
        fields: Sequence[str],
        derived: Sequence[str],
        pair_by_label: bool = False,
    ) -> list[_Dict]:
        b_by = {r["id"]: r for r in base or ()}
        o_by = {r["id"]: r for r in ours}
        t_by = {r["id"]: r for r in theirs}
        if pair_by_label:
            # Items created on both sides from the same template have different ids but the same
            # label: treat them as one item (ours keeps its id) so a plain import does not
            # duplicate a checklist.
            o_new = {
                _label_key(r.get("label", "")): r
                for r in ours
                if r["id"] not in t_by and r["id"] not in b_by
            }
            if o_new:
                renamed: dict[str, _Dict] = {}
                for r in theirs:
                    mate = None
                    if r["id"] not in o_by and r["id"] not in b_by:
                        mate = o_new.pop(_label_key(r.get("label", "")), None)
                    if mate is not None:
                        renamed[mate["id"]] = {**r, "id": mate["id"]}
                    else:
                        renamed[r["id"]] = r
                t_by = renamed
        order = self.order([r["id"] for r in base or ()], [r["id"] for r in ours], list(t_by), o_by)
        out: list[_Dict] = []
        for rid in order:
            o, t, b = o_by.get(rid), t_by.get(rid), b_by.get(rid)
            if o is None or t is None:
                out.append(o if o is not None else t)  # type: ignore[arg-type]
                continue
            if o == t:
                out.append(o)
                continue
            label = str(o.get("label", "")) if kind == "checklist" else ""
            merged = self.record(b, o, t, fields, derived, _FLAGS, f"{kind}/{rid}/", label)
            if kind == "sources":
                merged["checks"] = _union_checks(o.get("checks", []), t.get("checks", []))
            out.append(self.stamp(merged, o, t))
        return out

    @staticmethod
    def order(base: list[str], ours: list[str], theirs: list[str], o_by: _Dict) -> list[str]:
        """Ours' order, unless only their side reordered; records new on their side follow
        their predecessor in their list."""
        if ours == theirs:
            return ours
        in_theirs = set(theirs)
        in_ours = set(ours)
        common_o = [i for i in ours if i in in_theirs]
        common_t = [i for i in theirs if i in in_ours]
        base_set = set(base)
        if common_o != common_t and [i for i in base if i in in_ours and i in in_theirs] == [
            i for i in common_o if i in base_set
        ]:
            primary, secondary = theirs, ours
        else:
            primary, secondary = ours, theirs
        result = list(primary)
        placed = set(result)
        for n, rid in enumerate(secondary):
            if rid in placed:
                continue
            position = 0
            for prev in reversed(secondary[:n]):
                if prev in placed:
                    position = result.index(prev) + 1
                    break
            result.insert(position, rid)
            placed.add(rid)
        return result


def _union_checks(ours: list[_Dict], theirs: list[_Dict]) -> list[_Dict]:
    """Every fetch recorded on either side, once, in (checked_at, url) order."""
    if ours == theirs:
        return ours
    seen: dict[tuple[str, str], _Dict] = {}
    for check in (*ours, *theirs):
        seen.setdefault((check.get("checked_at", ""), check.get("url", "")), check)
    return [seen[k] for k in sorted(seen)]


def _key(value: Any) -> bytes:
    return _encode(value)


def _merge_conflict_lists(
    base: list[_Dict] | None, ours: list[_Dict], theirs: list[_Dict]
) -> list[_Dict]:
    """Set-like three-way merge: an entry resolved (removed) on one side stays removed."""
    if ours == theirs:
        return ours
    b = {_key(c) for c in base or ()}
    t_keys = {_key(c) for c in theirs}
    o_keys = {_key(c) for c in ours}
    out = [c for c in ours if _key(c) in t_keys or _key(c) not in b]
    out += [c for c in theirs if _key(c) not in o_keys and _key(c) not in b]
    return out


def _merge_claim(
    b: _Dict | None,
    o: _Dict,
    t: _Dict,
    *,
    independent: bool = False,
    touched: tuple[set[str] | None, set[str] | None] | None = None,
) -> tuple[_Dict, list[Conflict]]:
    """Merge one claim. ``independent``: the histories show both sides changed it since they
    last met, so without a base no side's rev can stand for the other's past; ``touched``
    then says which claim fields each side's own events may have changed."""
    m = _Merger(o)
    out = m.record(
        b,
        o,
        t,
        _CLAIM_FIELDS,
        _CLAIM_DERIVED,
        _CLAIM_FLAGS,
        "",
        use_revs=not independent,
        touched=touched,
    )
    # Children are matched against the real base only: without one, each item, source and note
    # is judged by its own rev, so a tick on their side is not lost to a verdict on ours.
    bl = b or {}
    out["checklist"] = m.records(
        bl.get("checklist") if b is not None else None,
        o.get("checklist", []),
        t.get("checklist", []),
        "checklist",
        _ITEM_FIELDS,
        (),
        pair_by_label=True,
    )
    out["sources"] = m.records(
        bl.get("sources") if b is not None else None,
        o.get("sources", []),
        t.get("sources", []),
        "sources",
        _SOURCE_FIELDS,
        _SOURCE_DERIVED,
    )
    out["notes"] = m.records(
        bl.get("notes") if b is not None else None,
        o.get("notes", []),
        t.get("notes", []),
        "notes",
        _NOTE_FIELDS,
        _NOTE_DERIVED,
    )
    base_for = None if independent and b is None else m.base_for(b, o, t)
    existing = _merge_conflict_lists(
        base_for.get("conflicts") if base_for is not None else None,
        o.get("conflicts", []),
        t.get("conflicts", []),
    )
    new_paths = {c.path for c in m.conflicts}
    existing = [c for c in existing if c.get("path") not in new_paths]
    out["conflicts"] = existing + [c.to_dict() for c in m.conflicts]
    return m.stamp(out, o, t), m.conflicts


def _histories(events: Iterable[Event] | None) -> dict[str, dict[str, Event]] | None:
    """The events about each claim, by claim id and event id."""
    if events is None:
        return None
    by_claim: dict[str, dict[str, Event]] = {}
    for event in events:
        if event.claim_id is not None:
            by_claim.setdefault(event.claim_id, {})[event.id] = event
    return by_claim


def _touched(events: Iterable[Event]) -> set[str] | None:
    """The claim fields these events may have changed; None when one could have changed any.

    Events about an item, source or note (``target`` set) change none. A claim-level event
    names what it changed in its ``before``/``after`` objects (``{"verdict": "true"}``); a
    resolved conflict names it in ``{"conflict": {"path": ...}}``. Any other shape counts as
    possibly everything, so it can only lead to a conflict, never to lost work.
    """
    fields: set[str] = set()
    for event in events:
        if event.target is not None:
            continue
        if event.before is None and event.after is None:
            return None
        for side in (event.before, event.after):
            if side is None:
                continue
            if not isinstance(side, dict):
                return None
            conflict = side.get("conflict")
            if conflict is not None:
                path = conflict.get("path") if isinstance(conflict, dict) else None
                if not isinstance(path, str):
                    return None
                fields.add(path.split("/")[0])
            fields.update(side)
    return fields


def _one_side(name: str, ours: set[str] | None, theirs: set[str] | None) -> str:
    """Which side alone changed field ``name``: "ours", "theirs" or "" (both, or unknown)."""
    o = ours is None or name in ours
    t = theirs is None or name in theirs
    if o and not t:
        return "ours"
    if t and not o:
        return "theirs"
    return ""


def _keeps_tombstones(ours: Claim, theirs: Claim) -> bool:
    """Whether taking ``theirs`` whole loses nothing of ours: no tombstone, no record."""
    if (ours.deleted and not theirs.deleted) or (ours.manual and not theirs.manual):
        return False
    for mine, other in (
        (ours.checklist, theirs.checklist),
        (ours.sources, theirs.sources),
        (ours.notes, theirs.notes),
    ):
        if mine is other or mine == other:
            continue
        alive = {r.id for r in other if not r.deleted}
        present = {r.id for r in other}
        for r in mine:
            if r.id not in present or (r.deleted and r.id in alive):
                return False
    return True


@_without_gc
def merge_claims(
    base: Sequence[Claim] | None,
    ours: Sequence[Claim],
    theirs: Sequence[Claim],
    *,
    ours_events: Iterable[Event] | None = None,
    theirs_events: Iterable[Event] | None = None,
) -> MergeResult:
    """Merge their claims into ours, claim by claim, item by item, field by field.

    Rules:

    - Records (claims, checklist items, sources, notes) are matched by id; a checklist item new on
      both sides with the same label (case and spaces ignored) is the same item.
    - A record present on one side only is kept (absence is never a deletion: deletions are
      tombstones).
    - Tombstones win: a claim, item, source or note deleted on either side stays deleted; edits
      made to it on the other side are merged into the tombstone but do not revive it.
    - With a base (three-way): a field changed on one side only takes that side's value; a field
      changed on both sides to different values is a conflict.
    - Without a base for a claim (plain import), the histories decide when both are given
      (``ours_events``/``theirs_events``, as ``merge_cases`` does): if every event of their side
      about the claim is also in ours, their claim is an older state of ours and serves as the
      base (and the other way round); if each side has events the other lacks, both changed it
      and every claim field that differs is a conflict. Otherwise, and for items, sources and
      notes, the record with the lower ``rev`` is taken as the base, so the newer side wins;
      equal revs with different content mean both changed, and every differing field is a
      conflict.
    - A conflict keeps our value, and is recorded in ``claim.conflicts`` as
      ``{"field", "path", "ours", "theirs", "base"[, "label"]}`` (path: ``verdict``,
      ``checklist/<id>/done``, ``sources/<id>/url``, ``notes/<id>/text``) until resolved with
      :func:`resolve_conflict`. Conflicts only arise on fields a person sets (claim text,
      verdict, kinds; item label, done, note, required; source url and note; note text);
      detector and fetch fields (number, offsets, score, facts, status, origin) follow the
      newer side, source checks are unioned, ``manual`` is true if either side says so.
    - A merged record that differs from both sides gets ``rev = max(ours, theirs) + 1``, so the
      result counts as newer than both; merging the same input again changes nothing.
    """
    b_by = {c.id: c for c in base} if base is not None else {}
    o_hist = _histories(ours_events)
    t_hist = _histories(theirs_events)
    t_by = {c.id: c for c in theirs}
    o_ids = {c.id for c in ours}
    stats = MergeStats()
    conflicts: list[Conflict] = []
    merged: list[Claim] = []
    to_builtins = msgspec.to_builtins
    for claim in ours:
        other = t_by.get(claim.id)
        if other is None or other == claim:
            stats.unchanged += 1
            merged.append(claim)
            continue
        b_claim = b_by.get(claim.id)
        independent = False
        touched = None
        if b_claim is None and o_hist is not None and t_hist is not None:
            mine, yours = o_hist.get(claim.id, {}), t_hist.get(claim.id, {})
            if yours.keys() < mine.keys():
                b_claim = other  # they have seen nothing we have not: theirs is our past
            elif mine.keys() < yours.keys():
                b_claim = claim
            elif mine.keys() != yours.keys():
                independent = True
                touched = (
                    _touched(e for k, e in mine.items() if k not in yours),
                    _touched(e for k, e in yours.items() if k not in mine),
                )
        if b_claim is not None and b_claim == claim and _keeps_tombstones(claim, other):
            # Changed on their side only: take theirs whole (the usual case, and fast).
            stats.changed += 1
            if other.deleted and not claim.deleted:
                stats.deleted += 1
            merged.append(other)
            continue
        o, t = to_builtins(claim), to_builtins(other)
        b = to_builtins(b_claim) if b_claim is not None else None
        out, found = _merge_claim(b, o, t, independent=independent, touched=touched)
        if out is o or out == o:
            stats.unchanged += 1
            merged.append(claim)
            continue
        result = msgspec.convert(out, Claim)
        stats.changed += 1
        if result.deleted and not claim.deleted:
            stats.deleted += 1
        conflicts.extend(found)
        merged.append(result)
    for claim in theirs:
        if claim.id not in o_ids:
            stats.added += 1
            merged.append(claim)
    merged.sort(key=_claim_order)
    stats.conflicts = len(conflicts)
    return MergeResult(merged, conflicts, stats)


def merge_events(ours: Iterable[Event], theirs: Iterable[Event]) -> list[Event]:
    """The union of both histories by event id, oldest first."""
    by_id: dict[str, Event] = {}
    for event in (*ours, *theirs):
        by_id.setdefault(event.id, event)
    return sorted(by_id.values(), key=_event_order)


def _merge_article(base: Article | None, ours: Article, theirs: Article) -> Article:
    if ours.id != theirs.id:
        raise ValidationError(
            f"the case files are about different articles ({ours.id} and {theirs.id})"
        )
    if ours == theirs:
        return ours
    m = _Merger({"id": "", "number": 0})
    o, t = msgspec.to_builtins(ours), msgspec.to_builtins(theirs)
    b = msgspec.to_builtins(base) if base is not None else None
    fields = [k for k in o if k not in ("id", "rev", "updated_at", "added_at")]
    out = m.record(b, o, t, fields, (), (), "article/")  # conflicts keep ours
    out["rev"] = max(_rev(o), _rev(t)) + (0 if out in (o, t) else 1)
    out["updated_at"] = max(o.get("updated_at", ""), t.get("updated_at", ""))
    return msgspec.convert(out, Article)


@_without_gc
def merge_cases(base: Case | None, ours: Case, theirs: Case) -> tuple[Case, MergeResult]:
    """Merge two whole case files (article, claims, events) against an optional base."""
    article = _merge_article(base.article if base else None, ours.article, theirs.article)
    result = merge_claims(
        base.claims if base else None,
        ours.claims,
        theirs.claims,
        ours_events=ours.events,
        theirs_events=theirs.events,
    )
    events = merge_events(ours.events, theirs.events)
    return Case(article, result.claims, events), result


def _write_atomic(path: Path, data: bytes) -> None:
    mode = None
    with contextlib.suppress(OSError):
        mode = stat.S_IMODE(path.stat().st_mode)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def merge_files(
    base_path: str | os.PathLike[str],
    ours_path: str | os.PathLike[str],
    theirs_path: str | os.PathLike[str],
) -> int:
    """The git merge driver: merge BASE, OURS and THEIRS case files into OURS.

    Returns 0 when the merge is clean, 1 when conflicts were recorded in the merged file (in
    ``claims[].conflicts``). An empty BASE (the file is new on both branches) means a merge
    without a base. Invalid input raises ValidationError and leaves OURS untouched.
    """
    base_file = Path(base_path)
    base = None
    if not base_file.exists() or base_file.stat().st_size > 0:
        base = read_case_file(base_file)
    ours = read_case_file(ours_path)
    theirs = read_case_file(theirs_path)
    merged, result = merge_cases(base, ours, theirs)
    _write_atomic(Path(ours_path), case_to_json(merged.article, merged.claims, merged.events))
    unresolved = any(c.conflicts for c in merged.claims)
    return 1 if result.conflicts or unresolved else 0


def resolve_conflict(claim: Claim, index: int, choice: Literal["mine", "theirs"]) -> Claim:
    """A copy of ``claim`` with conflict ``index`` resolved: keep mine or take theirs.

    The caller stamps ``rev``/``updated_by``/``updated_at`` as for any other edit.
    """
    if choice not in ("mine", "theirs"):
        raise ValidationError(f"choose 'mine' or 'theirs', not {choice!r}")
    if not 0 <= index < len(claim.conflicts):
        raise ValidationError(f"claim {claim.number} has no conflict {index + 1}")
    data = msgspec.to_builtins(claim)
    conflict = data["conflicts"].pop(index)
    value = conflict.get("ours") if choice == "mine" else conflict.get("theirs")
    parts = str(conflict.get("path", "")).split("/")
    if len(parts) == 1:
        data[parts[0]] = value
    elif len(parts) == 3 and parts[0] in ("checklist", "sources", "notes"):
        for record in data[parts[0]]:
            if record["id"] == parts[1]:
                record[parts[2]] = value
                break
    try:
        return msgspec.convert(data, Claim)
    except msgspec.ValidationError as exc:
        raise ValidationError(f"conflict {index + 1}: {_friendly(str(exc))}") from None


# --------------------------------------------------------------------------------------------
# JSON Schema


def case_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a case file; also shipped as casefile.schema.json."""
    schema: dict[str, Any] = msgspec.json.schema(_CaseFile)
    defs = schema.get("$defs", {})
    top = defs.pop("_CaseFile", None)
    if top is not None:
        schema.pop("$ref", None)
        schema.update(top)
    schema.pop("title", None)
    props = schema["properties"]
    props["schema_version"] = {"type": "integer", "const": SCHEMA_VERSION}
    props["format"] = {"type": "string", "const": FORMAT}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://factcheck.invalid/schema/case-{SCHEMA_VERSION}.json",
        "title": "factcheck case file",
        "description": (
            "One article with its claims, checklists, verdicts, sources, notes and history, "
            "as written by `factcheck export`."
        ),
        **schema,
    }
