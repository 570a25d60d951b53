"""The store: articles, claims and their history, kept in TinyDB.

Only this module knows TinyDB. The CLI and the TUI call the same methods, so a tick
made in one is a tick in the other. Every edit:

* happens under the store's cross-process lock, on data freshly read from disk;
* bumps the claim's ``rev`` and records who and when;
* is written together with its history event, durably, before the method returns.

Layout inside TinyDB: table ``articles`` (one document per article), one table
``claims:<article id>`` per article and history tables ``events:<article id>:<chunk>``
(chunked so that appending an event never rewrites a long history).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from factcheck.errors import InputError, NotFoundError, StoreError
from factcheck.model import (
    Article,
    Check,
    ChecklistItem,
    Claim,
    DetectedClaim,
    Event,
    Link,
    Note,
    Source,
    Verdict,
    from_dict,
    to_dict,
)
from factcheck.templates import Template, checklist_for, load_templates

EVENT_CHUNK = 200
_FUZZY_REATTACH = 85.0


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def article_id_for(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8", "surrogatepass")).hexdigest()[:12]


def claim_id_for(article_id: str, text: str, occurrence: int = 0) -> str:
    key = f"{article_id}\x00{normalise(text)}\x00{occurrence}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


@dataclass(slots=True)
class ArticleChanges:
    """What changed when an article was added again from the same source."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    edited: list[tuple[str, str]] = field(default_factory=list)  # (old, new)
    unchanged: int = 0

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.edited)


@dataclass(slots=True)
class AddResult:
    article: Article
    claims: int
    created: bool
    changes: ArticleChanges

    @property
    def id(self) -> str:
        return self.article.id


@dataclass(slots=True)
class ImportOutcome:
    article_id: str
    summary: str
    conflicts: list[dict[str, Any]]


@dataclass(slots=True)
class ArticleSummary:
    article: Article
    claims: int
    decided: int
    items_done: int
    items_total: int


def _open_storage(path: Path) -> TinyDB:
    from factcheck.storage import open_tinydb

    return open_tinydb(path)


class Store:
    """A factcheck store on disk. ``Store(path)`` opens it or creates it."""

    def __init__(
        self,
        path: str | Path,
        *,
        author: str = "unknown",
        templates: dict[str, Template] | None = None,
    ) -> None:
        self.path = Path(path).expanduser()
        if self.path.is_dir():
            raise StoreError(f"the store path {self.path} is a directory, not a store file")
        if not self.path.parent.exists():
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create {self.path.parent}: {exc.strerror}") from None
        self.author = author
        self._templates = templates
        self._db = _open_storage(self.path)
        self._storage = self._db.storage
        self._lock = getattr(self._storage, "lock", contextlib.nullcontext())

    # ------------------------------------------------------------------ plumbing

    @property
    def templates(self) -> dict[str, Template]:
        if self._templates is None:
            self._templates = load_templates()
        return self._templates

    @property
    def readonly(self) -> bool:
        return bool(getattr(self._storage, "readonly", False))

    @property
    def readonly_reason(self) -> str:
        return str(getattr(self._storage, "readonly_reason", "") or "")

    @property
    def external_changes(self) -> int:
        """How many times data written by another process was picked up."""
        return int(getattr(self._storage, "external_changes", 0))

    def refresh(self) -> bool:
        """Re-read the file if another process changed it; True when it did."""
        refresh = getattr(self._storage, "refresh", None)
        return bool(refresh()) if refresh else False

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One read-modify-write under the cross-process lock, written once at the end."""
        if self.readonly:
            raise StoreError(f"the store {self.path} is read-only: {self.readonly_reason}")
        batch = getattr(self._storage, "batch", None)
        with self._lock, batch() if batch else contextlib.nullcontext():
            yield

    def _claims_table(self, article_id: str) -> Table:
        return self._db.table(f"claims:{article_id}", cache_size=0)

    def _articles_table(self) -> Table:
        return self._db.table("articles", cache_size=0)

    # ------------------------------------------------------------------ articles

    def articles(self) -> list[Article]:
        docs = self._articles_table().all()
        return sorted((from_dict(Article, dict(d)) for d in docs), key=lambda a: a.added_at)

    def summaries(self) -> list[ArticleSummary]:
        out = []
        for article in self.articles():
            claims = self.claims(article.id)
            done = total = 0
            for claim in claims:
                d, t = claim.progress
                done += d
                total += t
            decided = sum(1 for c in claims if c.verdict.is_final)
            out.append(ArticleSummary(article, len(claims), decided, done, total))
        return out

    def article(self, ref: str) -> Article:
        """An article by id, unique id prefix, or the path or URL it was added from."""
        ref = ref.strip()
        articles = self.articles()
        for article in articles:
            if ref in (article.id, article.source, article.url):
                return article
        as_path = _absolute_source(ref)
        for article in articles:
            if as_path and article.source == as_path:
                return article
        matches = [a for a in articles if ref and a.id.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise NotFoundError(f"article prefix {ref!r} is ambiguous ({len(matches)} articles)")
        raise NotFoundError(f"no article {ref!r} in {self.path} (see `factcheck articles`)")

    def add_article(
        self,
        text: str,
        title: str | None = None,
        url: str | None = None,
        *,
        source: str | None = None,
        links: list[Link] | None = None,
        meta: dict[str, Any] | None = None,
        min_score: float | None = None,
        detected: list[DetectedClaim] | None = None,
    ) -> AddResult:
        """Add an article and its claims; adding the same source again updates it in place.

        ``detected`` lets a caller that already ran ``extract_claims`` (in a worker, with
        progress) hand the result over instead of splitting again.
        """
        if not text or not text.strip():
            raise InputError("the article is empty: there is no text to check")
        if detected is None:
            from factcheck.claims import extract_claims

            detected = extract_claims(text, min_score=min_score, title=title)
        meta = dict(meta or {})
        links = list(links or [])
        now = utcnow()
        with self._transaction():
            existing = self._find_existing(text, source, url)
            created = existing is None
            article = Article(
                id=existing.id if existing else article_id_for(text),
                text=text,
                title=(title or (existing.title if existing else "") or _first_line(text)),
                url=url or (existing.url if existing else None),
                source=source or (existing.source if existing else None),
                published=meta.get("published"),
                author=meta.get("author"),
                site=meta.get("site"),
                canonical_url=meta.get("canonical_url"),
                encoding=meta.get("encoding"),
                links=links,
                added_at=existing.added_at if existing else now,
                updated_at=now,
                rev=(existing.rev + 1) if existing else 0,
            )
            old_claims = self.claims(article.id, include_deleted=True) if existing else []
            same_text = existing is not None and existing.text == text
            if same_text and existing is not None:
                return AddResult(
                    existing,
                    len(self.claims(article.id)),
                    False,
                    ArticleChanges(unchanged=len(old_claims)),
                )
            claims, changes = self._reconcile(article, old_claims, detected)
            self._attach_links(article, claims)
            self._put_article(article)
            table = self._claims_table(article.id)
            table.truncate()
            table.insert_multiple(to_dict(c) for c in claims)
            self._record(
                Event(
                    id=uuid.uuid4().hex,
                    article_id=article.id,
                    at=now,
                    author=self.author,
                    action="add-article" if created else "update-article",
                    after={
                        "claims": sum(1 for c in claims if not c.deleted),
                        "added": len(changes.added),
                        "removed": len(changes.removed),
                        "edited": len(changes.edited),
                    },
                )
            )
        return AddResult(
            article,
            sum(1 for c in claims if c.status != "removed" and not c.deleted),
            created,
            changes,
        )

    def _find_existing(self, text: str, source: str | None, url: str | None) -> Article | None:
        articles = self.articles()
        if source and source != "-":
            for article in articles:
                if article.source == source:
                    return article
        if url:
            for article in articles:
                if article.url == url:
                    return article
        aid = article_id_for(text)
        return next((a for a in articles if a.id == aid), None)

    def _put_article(self, article: Article) -> None:
        table = self._articles_table()
        doc = table.get(Query().id == article.id)
        if doc is None:
            table.insert(to_dict(article))
        else:
            assert isinstance(doc, Document)
            table.update(to_dict(article), doc_ids=[doc.doc_id])

    def _new_claim(self, article: Article, d: DetectedClaim, occurrence: int) -> Claim:
        cid = claim_id_for(article.id, d.text, occurrence)
        return Claim(
            id=cid,
            article_id=article.id,
            number=0,
            text=d.text,
            start=d.start,
            end=d.end,
            kinds=list(d.kinds),
            score=d.score,
            reasons=list(d.reasons),
            facts=list(d.facts),
            checklist=checklist_for(list(d.kinds), self.templates, claim_id=cid),
            updated_by=self.author,
            updated_at=utcnow(),
        )

    def _reconcile(
        self, article: Article, old: list[Claim], detected: list[DetectedClaim]
    ) -> tuple[list[Claim], ArticleChanges]:
        """Keep the work on claims that survive a re-split; flag what changed or vanished."""
        changes = ArticleChanges()
        seen: dict[str, int] = {}
        fresh: list[Claim] = []
        for d in detected:
            key = normalise(d.text)
            occurrence = seen.get(key, 0)
            seen[key] = occurrence + 1
            fresh.append(self._new_claim(article, d, occurrence))
        old_by_id = {c.id: c for c in old}
        result: list[Claim] = []
        unmatched_new: list[Claim] = []
        matched_old: set[str] = set()
        for claim in fresh:
            prior = old_by_id.get(claim.id)
            if prior is None:
                unmatched_new.append(claim)
                continue
            matched_old.add(prior.id)
            if prior.deleted:
                result.append(prior)  # a tombstone stays a tombstone
                continue
            prior.start, prior.end, prior.text = claim.start, claim.end, claim.text
            prior.facts = claim.facts
            if prior.status == "removed":
                prior.status = "active"
            result.append(prior)
            changes.unchanged += 1
        leftovers = [c for c in old if c.id not in matched_old]
        # Manual claims survive wherever their text can still be found.
        for claim in list(leftovers):
            if claim.manual and not claim.deleted:
                pos = article.text.find(claim.text)
                if pos >= 0:
                    claim.start, claim.end = pos, pos + len(claim.text)
                    result.append(claim)
                    leftovers.remove(claim)
        if unmatched_new and leftovers:
            from rapidfuzz import fuzz, process

            candidates = {c.id: c.text for c in leftovers if not c.deleted}
            for claim in list(unmatched_new):
                if not candidates:
                    break
                best = process.extractOne(claim.text, candidates, scorer=fuzz.ratio)
                if best is None or best[1] < _FUZZY_REATTACH:
                    continue
                prior = next(c for c in leftovers if c.id == best[2])
                del candidates[prior.id]
                leftovers.remove(prior)
                unmatched_new.remove(claim)
                changes.edited.append((prior.text, claim.text))
                prior.previous_text = prior.text
                prior.text, prior.start, prior.end = claim.text, claim.start, claim.end
                prior.facts = claim.facts
                prior.status = "changed"
                result.append(prior)
        for claim in unmatched_new:
            if old:
                changes.added.append(claim.text)
            result.append(claim)
        for claim in leftovers:
            if not claim.deleted and claim.status != "removed":
                changes.removed.append(claim.text)
                claim.status = "removed"
            result.append(claim)
        _renumber(result)
        return result, changes

    def _attach_links(self, article: Article, claims: list[Claim]) -> None:
        """Each hyperlink in the article becomes a candidate source of the claim around it."""
        live = sorted((c for c in claims if c.start >= 0 and not c.deleted), key=lambda c: c.start)
        for link in article.links:
            for claim in live:
                if claim.start <= link.start < claim.end:
                    if not any(s.url == link.href for s in claim.sources):
                        claim.sources.append(
                            Source(
                                id=uuid.uuid4().hex,
                                url=link.href,
                                origin="article-link",
                                updated_by=self.author,
                                updated_at=utcnow(),
                            )
                        )
                    break

    # ------------------------------------------------------------------ claims

    def claims(self, article_id: str, *, include_deleted: bool = False) -> list[Claim]:
        claims = [from_dict(Claim, dict(d)) for d in self._claims_table(article_id).all()]
        if not include_deleted:
            claims = [c for c in claims if not c.deleted]
        claims.sort(key=lambda c: c.number)
        return claims

    def claim(self, article_id: str, ref: int | str) -> Claim:
        return self._find_claim(article_id, ref)[0]

    def _find_claim(self, article_id: str, ref: int | str) -> tuple[Claim, int]:
        table = self._claims_table(article_id)
        docs = table.all()
        if not docs and not self._articles_table().contains(Query().id == article_id):
            raise NotFoundError(f"no article {article_id!r}")
        number = _as_number(ref)
        for doc in docs:
            if doc.get("deleted"):
                continue
            if (number is not None and doc.get("number") == number) or doc.get("id") == ref:
                return from_dict(Claim, dict(doc)), doc.doc_id
        live = sum(1 for d in docs if not d.get("deleted"))
        if number is not None:
            raise NotFoundError(f"claim {number} is out of range: the article has {live} claims")
        raise NotFoundError(f"no claim {ref!r} in article {article_id}")

    def _edit(
        self,
        article_id: str,
        ref: int | str,
        action: str,
        change: Callable[[Claim], tuple[str | None, Any, Any]],
    ) -> Claim:
        """Apply ``change`` to one claim and record it: the one path every edit takes.

        ``change`` mutates the claim and returns (target, before, after) for the history.
        """
        with self._transaction():
            claim, doc_id = self._find_claim(article_id, ref)
            target, before, after = change(claim)
            now = utcnow()
            if target is None:
                # Only a change to the claim's own fields stamps the claim; items, sources and
                # notes carry their own stamps, so a tick is a one-line change in a case file.
                claim.rev += 1
                claim.updated_by = self.author
                claim.updated_at = now
            self._claims_table(article_id).update(to_dict(claim), doc_ids=[doc_id])
            self._record(
                Event(
                    id=uuid.uuid4().hex,
                    article_id=article_id,
                    at=now,
                    author=self.author,
                    action=action,
                    claim_id=claim.id,
                    target=target,
                    before=before,
                    after=after,
                )
            )
        return claim

    def tick(self, article_id: str, claim: int | str, item: int | str, done: bool = True) -> Claim:
        def change(c: Claim) -> tuple[str | None, Any, Any]:
            it = _find_item(c, item)
            before = it.done
            _touch(it, self.author)
            it.done = done
            return f"item:{it.id}", {"done": before}, {"done": done}

        return self._edit(article_id, claim, "tick" if done else "untick", change)

    def toggle(self, article_id: str, claim: int | str, item: int | str) -> Claim:
        current = _find_item(self.claim(article_id, claim), item)
        return self.tick(article_id, claim, current.id, done=not current.done)

    def set_verdict(self, article_id: str, claim: int | str, verdict: Verdict | str) -> Claim:
        try:
            value = Verdict(verdict)
        except ValueError:
            choices = ", ".join(v.value for v in Verdict)
            raise InputError(f"unknown verdict {verdict!r}; choose one of: {choices}") from None

        def change(c: Claim) -> tuple[str | None, Any, Any]:
            before = c.verdict.value
            c.verdict = value
            return None, {"verdict": before}, {"verdict": value.value}

        return self._edit(article_id, claim, "verdict", change)

    def add_note(self, article_id: str, claim: int | str, text: str) -> Claim:
        text = text.strip()
        if not text:
            raise InputError("the note is empty")
        note = Note(id=uuid.uuid4().hex, text=text, author=self.author, at=utcnow())

        def change(c: Claim) -> tuple[str | None, Any, Any]:
            c.notes.append(note)
            return f"note:{note.id}", None, {"text": text}

        return self._edit(article_id, claim, "note", change)

    def add_item(self, article_id: str, claim: int | str, label: str) -> Claim:
        label = " ".join(label.split())
        if not label:
            raise InputError("the checklist item needs a label")
        item = ChecklistItem(id=uuid.uuid4().hex, label=label)

        def change(c: Claim) -> tuple[str | None, Any, Any]:
            _touch(item, self.author)
            c.checklist.append(item)
            return f"item:{item.id}", None, {"label": label}

        return self._edit(article_id, claim, "add-item", change)

    def edit_item(
        self,
        article_id: str,
        claim: int | str,
        item: int | str,
        *,
        label: str | None = None,
        note: str | None = None,
    ) -> Claim:
        def change(c: Claim) -> tuple[str | None, Any, Any]:
            it = _find_item(c, item)
            before: dict[str, Any] = {}
            after: dict[str, Any] = {}
            if label is not None:
                clean = " ".join(label.split())
                if not clean:
                    raise InputError("the checklist item needs a label")
                before["label"], after["label"] = it.label, clean
                it.label = clean
            if note is not None:
                before["note"], after["note"] = it.note, note.strip()
                it.note = note.strip()
            _touch(it, self.author)
            return f"item:{it.id}", before, after

        return self._edit(article_id, claim, "edit-item", change)

    def delete_item(self, article_id: str, claim: int | str, item: int | str) -> Claim:
        def change(c: Claim) -> tuple[str | None, Any, Any]:
            it = _find_item(c, item)
            it.deleted = True
            _touch(it, self.author)
            return f"item:{it.id}", {"deleted": False}, {"deleted": True}

        return self._edit(article_id, claim, "delete-item", change)

    def move_item(self, article_id: str, claim: int | str, item: int | str, offset: int) -> Claim:
        def change(c: Claim) -> tuple[str | None, Any, Any]:
            it = _find_item(c, item)
            live = c.items
            pos = live.index(it)
            new_pos = max(0, min(len(live) - 1, pos + offset))
            _move_live(c, it, new_pos)
            _touch(it, self.author)
            return f"item:{it.id}", {"index": pos}, {"index": new_pos}

        return self._edit(article_id, claim, "move-item", change)

    def add_source(
        self,
        article_id: str,
        claim: int | str,
        url: str,
        *,
        note: str = "",
        origin: str = "manual",
    ) -> Claim:
        from factcheck.urls import URLRejected, clean_url, parse_url

        clean = clean_url(url)
        try:
            parse_url(clean)
        except URLRejected as exc:
            raise InputError(f"{clean or url!r} cannot be a source: {exc}") from None

        def change(c: Claim) -> tuple[str | None, Any, Any]:
            for s in c.sources:
                if s.url == clean and not s.deleted:
                    raise InputError(f"{clean} is already a source of claim {c.number}")
            src = Source(id=uuid.uuid4().hex, url=clean, origin=origin, note=note)
            _touch(src, self.author)
            c.sources.append(src)
            return f"source:{src.id}", None, {"url": clean}

        return self._edit(article_id, claim, "add-source", change)

    def remove_source(self, article_id: str, claim: int | str, source: int | str) -> Claim:
        def change(c: Claim) -> tuple[str | None, Any, Any]:
            src = _find_source(c, source)
            src.deleted = True
            _touch(src, self.author)
            return f"source:{src.id}", {"deleted": False}, {"deleted": True}

        return self._edit(article_id, claim, "remove-source", change)

    def annotate_source(
        self, article_id: str, claim: int | str, source: int | str, note: str
    ) -> Claim:
        def change(c: Claim) -> tuple[str | None, Any, Any]:
            src = _find_source(c, source)
            before = src.note
            src.note = note.strip()
            _touch(src, self.author)
            return f"source:{src.id}", {"note": before}, {"note": src.note}

        return self._edit(article_id, claim, "annotate-source", change)

    def record_checks(self, article_id: str, results: list[tuple[str, str, Check]]) -> None:
        """Store fetch results: (claim id, source id, check); one write for the whole batch."""
        by_claim: dict[str, list[tuple[str, Check]]] = {}
        for claim_id, source_id, check in results:
            by_claim.setdefault(claim_id, []).append((source_id, check))
        with self._transaction():
            table = self._claims_table(article_id)
            for claim_id, checks in by_claim.items():
                claim, doc_id = self._find_claim(article_id, claim_id)
                for source_id, check in checks:
                    src = _find_source(claim, source_id)
                    src.checks.append(check)
                    self._record(
                        Event(
                            id=uuid.uuid4().hex,
                            article_id=article_id,
                            at=check.checked_at or utcnow(),
                            author=self.author,
                            action="check-source",
                            claim_id=claim.id,
                            target=f"source:{src.id}",
                            after={"outcome": check.outcome, "status": check.status},
                        )
                    )
                table.update(to_dict(claim), doc_ids=[doc_id])

    def set_kinds(self, article_id: str, claim: int | str, kinds: list[str]) -> Claim:
        from factcheck.model import KINDS

        bad = [k for k in kinds if k not in KINDS]
        if bad or not kinds:
            raise InputError(
                f"unknown kind {bad[0]!r}; choose from: {', '.join(KINDS)}"
                if bad
                else "give at least one kind"
            )

        def change(c: Claim) -> tuple[str | None, Any, Any]:
            before = list(c.kinds)
            c.kinds = list(dict.fromkeys(kinds))
            c.manual = True
            return None, {"kinds": before}, {"kinds": c.kinds}

        return self._edit(article_id, claim, "set-kinds", change)

    def delete_claim(self, article_id: str, claim: int | str) -> Claim:
        def change(c: Claim) -> tuple[str | None, Any, Any]:
            c.deleted = True
            return None, {"deleted": False}, {"deleted": True}

        result = self._edit(article_id, claim, "delete-claim", change)
        self._renumber_article(article_id)
        return result

    def add_claim_span(self, article_id: str, start: int, end: int) -> Claim:
        """A claim the detector missed, from any span of the article text."""
        article = self.article(article_id)
        text = article.text
        if not (0 <= start < end <= len(text)):
            raise InputError(f"the span {start}-{end} is outside the article (0-{len(text)})")
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            raise InputError("the span holds only white space")
        from factcheck.claims import extract_claims

        span = text[start:end]
        found = extract_claims(span, min_score=0.0)
        kinds = sorted({k for d in found for k in d.kinds}) or ["other"]
        facts = [f for d in found for f in d.facts]
        for f in facts:
            f.start += start
            f.end += start
        with self._transaction():
            existing = {c.id for c in self.claims(article_id, include_deleted=True)}
            occurrence = 0
            cid = claim_id_for(article_id, span, occurrence)
            while cid in existing:
                occurrence += 1
                cid = claim_id_for(article_id, span, occurrence)
            claim = Claim(
                id=cid,
                article_id=article_id,
                number=0,
                text=span,
                start=start,
                end=end,
                kinds=kinds,
                score=1.0,
                reasons=["added by hand"],
                facts=facts,
                checklist=checklist_for(kinds, self.templates, claim_id=cid),
                manual=True,
                updated_by=self.author,
                updated_at=utcnow(),
            )
            self._claims_table(article_id).insert(to_dict(claim))
            self._record(
                Event(
                    id=uuid.uuid4().hex,
                    article_id=article_id,
                    at=utcnow(),
                    author=self.author,
                    action="add-claim",
                    claim_id=cid,
                    after={"start": start, "end": end},
                )
            )
            self._renumber_article(article_id)
        return self.claim(article_id, cid)

    def _renumber_article(self, article_id: str) -> None:
        with self._transaction():
            table = self._claims_table(article_id)
            claims = [from_dict(Claim, dict(d)) for d in table.all()]
            _renumber(claims)
            table.truncate()
            table.insert_multiple(to_dict(c) for c in claims)

    def split_claim(self, article_id: str, claim: int | str, at: int) -> list[Claim]:
        """Split a claim in two at character ``at`` of its text; the first half keeps the work."""
        with self._transaction():
            original, _ = self._find_claim(article_id, claim)
            if original.start < 0:
                raise InputError(f"claim {original.number} is no longer in the article")
            if not 0 < at < len(original.text):
                raise InputError(
                    f"split point {at} must be inside the claim (1-{len(original.text) - 1})"
                )
            cut = original.start + at
            old_end = original.end
            article = self.article(article_id)

            def change(c: Claim) -> tuple[str | None, Any, Any]:
                _set_span(c, article.text, c.start, cut)
                c.manual = True
                return None, {"end": old_end}, {"end": c.end}

            first = self._edit(article_id, original.id, "split-claim", change)
            second = self.add_claim_span(article_id, cut, old_end)
        return [self.claim(article_id, first.id), second]

    def merge_claims(self, article_id: str, first: int | str, second: int | str) -> Claim:
        """Merge two claims into the first: its span covers both, their work is combined."""
        with self._transaction():
            a, _ = self._find_claim(article_id, first)
            b, _ = self._find_claim(article_id, second)
            if a.id == b.id:
                raise InputError("a claim cannot be merged with itself")
            if a.start < 0 or b.start < 0:
                raise InputError("both claims must still be in the article")
            if b.start < a.start:
                a, b = b, a
            article = self.article(article_id)
            start, end = min(a.start, b.start), max(a.end, b.end)

            def change(c: Claim) -> tuple[str | None, Any, Any]:
                before = {"start": c.start, "end": c.end}
                _set_span(c, article.text, start, end)
                labels = {normalise(i.label) for i in c.items}
                c.checklist += [i for i in b.items if normalise(i.label) not in labels]
                urls = {s.url for s in c.live_sources}
                c.sources += [s for s in b.live_sources if s.url not in urls]
                c.notes += b.live_notes
                c.kinds = list(dict.fromkeys(c.kinds + b.kinds))
                c.manual = True
                return None, before, {"start": start, "end": end, "merged": b.id}

            merged = self._edit(article_id, a.id, "merge-claims", change)
            self.delete_claim(article_id, b.id)
        return self.claim(article_id, merged.id)

    # ------------------------------------------------------------------ case files

    def import_cases(self, cases: list[Any]) -> list[ImportOutcome]:
        """Merge validated case files into the store: all of them, or none if anything fails.

        Work on both sides is merged claim by claim and item by item (see ``exchange``);
        a field changed on both sides is kept as ours and recorded as a conflict on the claim.
        """
        from factcheck.exchange import Case, merge_cases

        outcomes: list[ImportOutcome] = []
        with self._transaction():
            for case in cases:
                aid = case.article.id
                local = next((a for a in self.articles() if a.id == aid), None)
                if local is None:
                    merged, conflicts, summary = case, [], "new article"
                    summary = f"added {case.article.title or aid}: {len(case.claims)} claims"
                else:
                    ours = Case(
                        article=local,
                        claims=self.claims(aid, include_deleted=True),
                        events=self.history(aid),
                    )
                    base = None
                    if case.base is not None:
                        base = Case(article=local, claims=case.base, events=[])
                    merged, result = merge_cases(base, ours, case)
                    conflicts = [
                        {
                            "claim": c.claim_number,
                            "path": c.path,
                            "ours": c.ours,
                            "theirs": c.theirs,
                        }
                        for c in result.conflicts
                    ]
                    st = result.stats
                    summary = (
                        f"merged into {aid}: {st.added} added, {st.changed} changed, "
                        f"{st.unchanged} unchanged, {st.deleted} deleted, "
                        f"{st.conflicts} conflicts"
                    )
                self._put_article(merged.article)
                table = self._claims_table(aid)
                table.truncate()
                table.insert_multiple(to_dict(c) for c in merged.claims)
                self._replace_events(aid, merged.events)
                outcomes.append(ImportOutcome(aid, summary, conflicts))
        return outcomes

    def resolve_conflict(self, article_id: str, claim: int | str, index: int, choice: str) -> Claim:
        """Settle merge conflict ``index`` of a claim: keep "mine" or take "theirs"."""
        from factcheck.exchange import resolve_conflict

        if choice not in ("mine", "theirs"):
            raise InputError("choose 'mine' or 'theirs'")

        def change(c: Claim) -> tuple[str | None, Any, Any]:
            if not 0 <= index < len(c.conflicts):
                raise NotFoundError(f"claim {c.number} has no conflict {index + 1}")
            conflict = c.conflicts[index]
            resolved = resolve_conflict(c, index, choice)  # type: ignore[arg-type]
            for name in resolved.__slots__:  # type: ignore[attr-defined]
                setattr(c, name, getattr(resolved, name))
            return None, {"conflict": conflict}, {"choice": choice}

        return self._edit(article_id, claim, "resolve-conflict", change)

    def _replace_events(self, article_id: str, events: list[Event]) -> None:
        prefix = f"events:{article_id}:"
        for name in [t for t in self._db.tables() if t.startswith(prefix)]:
            self._db.drop_table(name)
        for n in range(0, len(events), EVENT_CHUNK):
            table = self._db.table(f"{prefix}{n // EVENT_CHUNK}", cache_size=0)
            table.insert_multiple(to_dict(e) for e in events[n : n + EVENT_CHUNK])

    # ------------------------------------------------------------------ undo

    def undo(self, article_id: str) -> Event:
        """Undo the last change to the article that is not undone yet; recorded as an event."""
        events = self.history(article_id)
        redone = {e.undo_of for e in events if e.action == "redo"}
        # An undo that was redone no longer hides its original event.
        active_undos = {e.undo_of for e in events if e.action == "undo" and e.id not in redone}
        for event in reversed(events):
            if event.action in UNDOABLE and event.id not in active_undos:
                return self._apply_history(article_id, event, undo=True)
        raise InputError("nothing to undo")

    def redo(self, article_id: str) -> Event:
        events = self.history(article_id)
        redone = {e.undo_of for e in events if e.action == "redo"}
        for event in reversed(events):
            if event.action in UNDOABLE:
                break  # a new edit after an undo ends the redo chain
            if event.action == "undo" and event.id not in redone:
                original = next(e for e in events if e.id == event.undo_of)
                self._apply_history(article_id, original, undo=False, undo_event=event)
                return original
        raise InputError("nothing to redo")

    def _apply_history(
        self, article_id: str, event: Event, *, undo: bool, undo_event: Event | None = None
    ) -> Event:
        if event.claim_id is None:
            raise InputError(f"cannot undo {event.action}")
        if undo:
            patch = event.before if event.before is not None else {"deleted": True}
        else:
            patch = event.after if event.before is not None else {"deleted": False}

        def change(c: Claim) -> tuple[str | None, Any, Any]:
            _apply_patch(c, event.target, patch)
            return event.target, None, patch

        with self._transaction():
            claim = self._edit(article_id, event.claim_id, "undo" if undo else "redo", change)
            # _edit recorded the event; point it at what it undid or redid.
            last = self.history(article_id)[-1]
            self._rewrite_event(last, undo_of=event.id if undo else (undo_event or event).id)
            if event.action in ("delete-claim",):
                self._renumber_article(article_id)
        del claim
        return event

    def _rewrite_event(self, event: Event, **changes: Any) -> None:
        prefix = f"events:{event.article_id}:"
        for name in self._db.tables():
            if name.startswith(prefix):
                table = self._db.table(name, cache_size=0)
                if table.contains(Query().id == event.id):
                    table.update(changes, Query().id == event.id)
                    return

    # ------------------------------------------------------------------ history

    def _record(self, event: Event) -> None:
        prefix = f"events:{event.article_id}:"
        chunks = sorted(int(t[len(prefix) :]) for t in self._db.tables() if t.startswith(prefix))
        chunk = chunks[-1] if chunks else 0
        table = self._db.table(f"{prefix}{chunk}", cache_size=0)
        if len(table) >= EVENT_CHUNK:
            table = self._db.table(f"{prefix}{chunk + 1}", cache_size=0)
        table.insert(to_dict(event))

    def history(self, article_id: str, claim: int | str | None = None) -> list[Event]:
        prefix = f"events:{article_id}:"
        names = sorted(
            (t for t in self._db.tables() if t.startswith(prefix)),
            key=lambda t: int(t[len(prefix) :]),
        )
        events = [from_dict(Event, dict(d)) for n in names for d in self._db.table(n).all()]
        if claim is not None:
            cid = self.claim(article_id, claim).id
            events = [e for e in events if e.claim_id == cid]
        return events


def _as_number(ref: int | str) -> int | None:
    if isinstance(ref, int):
        return ref
    return int(ref) if re.fullmatch(r"\d{1,9}", ref.strip()) else None


def _absolute_source(ref: str) -> str | None:
    if "://" in ref or ref == "-":
        return None
    try:
        return str(Path(ref).expanduser().resolve())
    except (OSError, RuntimeError):
        return None


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line[:120]


def _renumber(claims: list[Claim]) -> None:
    live = sorted(
        (c for c in claims if not c.deleted and c.status != "removed"),
        key=lambda c: (c.start, c.end),
    )
    gone = [c for c in claims if c.deleted or c.status == "removed"]
    for n, claim in enumerate(live, 1):
        claim.number = n
    for n, claim in enumerate(gone, len(live) + 1):
        claim.number = n if not claim.deleted else 0
    claims.sort(key=lambda c: (c.deleted, c.number))


UNDOABLE = frozenset(
    {
        "tick",
        "untick",
        "verdict",
        "note",
        "add-item",
        "edit-item",
        "delete-item",
        "move-item",
        "add-source",
        "remove-source",
        "annotate-source",
        "set-kinds",
        "delete-claim",
    }
)


def _set_span(claim: Claim, text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    claim.start, claim.end, claim.text = start, end, text[start:end]


def _apply_patch(claim: Claim, target: str | None, patch: dict[str, Any]) -> None:
    """Set the fields in ``patch`` on the claim or on the item, source or note ``target``."""
    if target is None:
        record: Any = claim
    else:
        kind, _, rid = target.partition(":")
        pool: list[Any] = {"item": claim.checklist, "source": claim.sources, "note": claim.notes}[
            kind
        ]
        record = next((r for r in pool if r.id == rid), None)
        if record is None:
            raise NotFoundError(f"the {kind} changed by that edit no longer exists")
    for key, value in patch.items():
        if key == "index" and isinstance(record, ChecklistItem):
            _move_live(claim, record, int(value))
        elif key == "verdict":
            claim.verdict = Verdict(value)
        elif hasattr(record, key):
            setattr(record, key, value)


def _touch(record: ChecklistItem | Source, author: str) -> None:
    record.rev += 1
    record.updated_by = author
    record.updated_at = utcnow()


def _find_item(claim: Claim, ref: int | str) -> ChecklistItem:
    items = claim.items
    number = _as_number(ref)
    if number is not None:
        if 1 <= number <= len(items):
            return items[number - 1]
        raise NotFoundError(
            f"item {number} is out of range: claim {claim.number} has {len(items)} checklist items"
        )
    for item in items:
        if item.id == ref:
            return item
    raise NotFoundError(f"no checklist item {ref!r} on claim {claim.number}")


def _find_source(claim: Claim, ref: int | str) -> Source:
    live = claim.live_sources
    number = _as_number(ref)
    if number is not None:
        if 1 <= number <= len(live):
            return live[number - 1]
        raise NotFoundError(
            f"source {number} is out of range: claim {claim.number} has {len(live)} sources"
        )
    for src in live:
        if src.id == ref or src.url == ref:
            return src
    raise NotFoundError(f"no source {ref!r} on claim {claim.number}")


def _move_live(claim: Claim, item: ChecklistItem, new_pos: int) -> None:
    """Move ``item`` to position ``new_pos`` among the live items, tombstones kept in place."""
    claim.checklist.remove(item)
    live_positions = [i for i, it in enumerate(claim.checklist) if not it.deleted]
    if new_pos >= len(live_positions):
        claim.checklist.append(item)
    else:
        claim.checklist.insert(live_positions[new_pos], item)
