"""The command line: thin sub-commands over the store and the core modules.

Exit status: 0 success, 1 a failure the user can act on (one line on stderr), 2 bad usage.
The TUI is imported only by ``open`` (and by running ``factcheck`` with no command).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from factcheck.errors import FactcheckError, InputError

Handler = Callable[[argparse.Namespace], int]


def _dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _plain(text: str) -> str:
    """Untrusted text for a terminal line: no control characters, no line breaks."""
    from factcheck.textsafe import one_line

    return one_line(text)


class Context:
    """What every command needs: settings, author and (opened on demand) the store."""

    def __init__(self, args: argparse.Namespace) -> None:
        from factcheck.config import default_db_path, load_settings, resolve_author

        self.args = args
        self.settings = load_settings(Path(args.config) if args.config else None)
        self.author = resolve_author(args.author, self.settings)
        self.db_path = Path(args.db or os.environ.get("FACTCHECK_DB") or default_db_path())
        self._store: Any = None

    @property
    def checklist_dirs(self) -> tuple[Path, ...]:
        from factcheck.config import config_dir

        dirs: list[Path] = [config_dir() / "checklists", *self.settings.checklist_dirs]
        env = os.environ.get("FACTCHECK_CHECKLISTS")
        if env:
            dirs += [Path(p) for p in env.split(os.pathsep) if p]
        if getattr(self.args, "checklists", None):
            dirs += [Path(p) for p in self.args.checklists]
        return tuple(d for d in dirs if d.is_dir())

    @property
    def store(self) -> Any:
        if self._store is None:
            from factcheck.store import Store
            from factcheck.templates import load_templates

            self._store = Store(
                self.db_path, author=self.author, templates=load_templates(self.checklist_dirs)
            )
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    @property
    def min_score(self) -> float | None:
        value = getattr(self.args, "min_score", None)
        return value if value is not None else self.settings.min_score


# ---------------------------------------------------------------------------- helpers


def claim_json(claim: Any) -> dict[str, Any]:
    from factcheck.model import to_dict

    sources = []
    for src in claim.live_sources:
        entry = {"id": src.id, "url": src.url, "origin": src.origin, "note": src.note}
        entry.update(check_json(src.latest, claim.number, src.url))
        entry["checks"] = len(src.checks)
        sources.append(entry)
    return {
        "id": claim.id,
        "number": claim.number,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "status": claim.status,
        "kinds": claim.kinds,
        "score": round(claim.score, 3),
        "reasons": claim.reasons,
        "facts": [to_dict(f) for f in claim.facts],
        "verdict": claim.verdict.value,
        "checklist": [
            {
                "id": i.id,
                "label": i.label,
                "done": i.done,
                "required": i.required,
                "note": i.note,
                "updated_by": i.updated_by,
                "updated_at": i.updated_at,
            }
            for i in claim.items
        ],
        "sources": sources,
        "notes": [
            {"id": n.id, "text": n.text, "author": n.author, "at": n.at} for n in claim.live_notes
        ],
        "previous_text": claim.previous_text,
        "conflicts": claim.conflicts,
        "updated_by": claim.updated_by,
        "updated_at": claim.updated_at,
        "last_changed_by": claim.last_changed[0],
        "last_changed_at": claim.last_changed[1],
    }


def check_json(check: Any, number: int, url: str) -> dict[str, Any]:
    fields = (
        "outcome",
        "status",
        "final_url",
        "redirects",
        "content_type",
        "title",
        "canonical_url",
        "published",
        "size",
        "sha256",
        "checked_at",
        "elapsed_ms",
        "error",
        "evidence",
    )
    out: dict[str, Any] = {"claim": number, "url": url}
    for name in fields:
        out[name] = getattr(check, name) if check is not None else None
    if check is None:
        out["outcome"] = "unchecked"
    return out


# ---------------------------------------------------------------------------- commands


def cmd_open(ctx: Context) -> int:
    from factcheck.tui.app import run_app

    return run_app(ctx, getattr(ctx.args, "source", None))


def load_and_add(ctx: Context, source: str) -> Any:
    from factcheck.ingest import load_article

    loaded = load_article(
        source,
        allow_private=getattr(ctx.args, "allow_private", False),
        as_text=getattr(ctx.args, "as_text", False),
    )
    for notice in loaded.notices:
        print(f"note: {_plain(notice)}", file=sys.stderr)
    meta = {
        "published": loaded.published,
        "author": loaded.author,
        "site": loaded.site,
        "canonical_url": loaded.canonical_url,
        "encoding": loaded.encoding,
    }
    src = loaded.source
    if src and src != "-" and "://" not in src:
        src = str(Path(src).expanduser().resolve())
    return ctx.store.add_article(
        loaded.text,
        title=loaded.title,
        url=loaded.url,
        source=src,
        links=loaded.links,
        meta=meta,
        min_score=ctx.min_score,
    )


def cmd_add(ctx: Context) -> int:
    result = load_and_add(ctx, ctx.args.source)
    ch = result.changes
    if ctx.args.json:
        _dump(
            {
                "id": result.article.id,
                "title": result.article.title,
                "claims": result.claims,
                "created": result.created,
                "changes": {
                    "added": ch.added,
                    "removed": ch.removed,
                    "edited": [{"old": o, "new": n} for o, n in ch.edited],
                    "unchanged": ch.unchanged,
                },
            }
        )
        return 0
    verb = "added" if result.created else ("updated" if ch.any else "unchanged")
    print(f"{result.article.id}  {verb}: {_plain(result.article.title)} ({result.claims} claims)")
    for text in ch.added:
        print(f"  + {_plain(text)}")
    for text in ch.removed:
        print(f"  - {_plain(text)}")
    for old, new in ch.edited:
        print(f"  ~ {_plain(old)}\n    -> {_plain(new)}")
    return 0


def cmd_articles(ctx: Context) -> int:
    rows = ctx.store.summaries()
    if ctx.args.json:
        _dump(
            [
                {
                    "id": s.article.id,
                    "title": s.article.title,
                    "url": s.article.url,
                    "source": s.article.source,
                    "claims": s.claims,
                    "decided": s.decided,
                    "items_done": s.items_done,
                    "items_total": s.items_total,
                    "added_at": s.article.added_at,
                }
                for s in rows
            ]
        )
        return 0
    if not rows:
        print("no articles yet: add one with `factcheck add FILE`")
    for s in rows:
        print(
            f"{s.article.id}  {s.decided}/{s.claims} decided  "
            f"{s.items_done}/{s.items_total} items  {_plain(s.article.title)}"
        )
    return 0


def cmd_claims(ctx: Context) -> int:
    store = ctx.store
    article = store.article(ctx.args.article)
    claims = store.claims(article.id)
    if ctx.args.json:
        _dump([claim_json(c) for c in claims])
        return 0
    for c in claims:
        done, total = c.progress
        flag = "" if c.status == "active" else f" [{c.status}]"
        print(
            f"{c.number:>3}. [{c.verdict.value}] {done}/{total} {','.join(c.kinds)}{flag}  "
            f"{_plain(c.text)}"
        )
    return 0


def cmd_tick(ctx: Context) -> int:
    store = ctx.store
    article = store.article(ctx.args.article)
    claim = store.tick(article.id, ctx.args.claim, ctx.args.item, done=not ctx.args.undo)
    done, total = claim.progress
    print(f"claim {claim.number}: {done}/{total} items done")
    return 0


def cmd_verdict(ctx: Context) -> int:
    from factcheck.model import Verdict

    store = ctx.store
    article = store.article(ctx.args.article)
    try:
        verdict = Verdict(ctx.args.verdict)
    except ValueError:
        choices = ", ".join(v.value for v in Verdict)
        raise InputError(
            f"unknown verdict {ctx.args.verdict!r}; choose one of: {choices}"
        ) from None
    if verdict.is_final and not ctx.args.force:
        claim = store.claim(article.id, ctx.args.claim)
        open_required = [i.label for i in claim.items if i.required and not i.done]
        if open_required:
            raise InputError(
                f"claim {claim.number} has {len(open_required)} required checklist item(s) not "
                f"ticked (first: {open_required[0]!r}); tick them or use --force"
            )
    claim = store.set_verdict(article.id, ctx.args.claim, verdict)
    print(f"claim {claim.number}: {claim.verdict.value}")
    return 0


def cmd_note(ctx: Context) -> int:
    store = ctx.store
    article = store.article(ctx.args.article)
    claim = store.add_note(article.id, ctx.args.claim, ctx.args.text)
    print(f"claim {claim.number}: {len(claim.live_notes)} notes")
    return 0


def cmd_history(ctx: Context) -> int:
    from factcheck.model import to_dict

    store = ctx.store
    article = store.article(ctx.args.article)
    events = store.history(article.id, ctx.args.claim)
    if ctx.args.json:
        _dump([to_dict(e) for e in events])
        return 0
    numbers = {c.id: c.number for c in store.claims(article.id, include_deleted=True)}
    for e in events:
        where = f"claim {numbers.get(e.claim_id, '?')}" if e.claim_id else "article"
        change = ""
        if e.before is not None or e.after is not None:
            before = json.dumps(e.before, ensure_ascii=False)
            after = json.dumps(e.after, ensure_ascii=False)
            change = "  " + _plain(f"{before} -> {after}")
        print(f"{e.at}  {_plain(e.author)}  {e.action}  {where}{change}")
    return 0


def cmd_templates(ctx: Context) -> int:
    from factcheck.templates import load_templates

    templates = load_templates(ctx.checklist_dirs)
    if ctx.args.json:
        _dump(
            [
                {
                    "name": t.name,
                    "kinds": t.kinds,
                    "items": len(t.items),
                    "scope": t.scope,
                    "origin": t.origin,
                }
                for t in templates.values()
            ]
        )
        return 0
    for t in templates.values():
        print(
            f"{t.name:<12} {','.join(t.kinds):<24} {len(t.items):>2} items  "
            f"{t.scope:<12} {t.origin}"
        )
    return 0


# ---------------------------------------------------------------------------- parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


COMMANDS: dict[str, Handler] = {}


def build_parser() -> argparse.ArgumentParser:
    from factcheck import __version__

    parser = argparse.ArgumentParser(
        prog="factcheck",
        description="A terminal workbench for fact-checkers. With no command, opens the TUI "
        "on the bundled sample article.",
    )
    parser.add_argument("--version", action="version", version=f"factcheck {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the store file (default: $FACTCHECK_DB or the user data directory)",
    )
    parser.add_argument(
        "--author",
        metavar="NAME",
        help="who is making changes (default: $FACTCHECK_AUTHOR, git user.name, login name)",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="config file (default: config.toml in the user config directory)",
    )
    parser.add_argument(
        "--checklists",
        metavar="DIR",
        action="append",
        help="an extra folder of checklist templates (repeatable)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        COMMANDS[name] = handler
        return sub.add_parser(name, help=help_text, description=help_text)

    p = add("open", cmd_open, "open the TUI (SOURCE: file, URL, '-' for stdin, or an article)")
    p.add_argument("source", nargs="?")
    p.add_argument("--allow-private", action="store_true")
    p.add_argument("--as-text", action="store_true", help="take all the text of an HTML page")
    p.add_argument("--min-score", type=_score)

    p = add("add", cmd_add, "add an article (file, URL or '-'), print its id and claim count")
    p.add_argument("source")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--allow-private", action="store_true", help="allow a URL on a private or loopback address"
    )
    p.add_argument("--as-text", action="store_true", help="take all the text of an HTML page")
    p.add_argument("--min-score", type=_score, help="claim threshold from 0 to 1")

    p = add("articles", cmd_articles, "list articles with progress")
    p.add_argument("--json", action="store_true")

    p = add("claims", cmd_claims, "list the claims of an article")
    p.add_argument("article")
    p.add_argument("--json", action="store_true")

    p = add("tick", cmd_tick, "tick (or untick with --undo) checklist item ITEM of a claim")
    p.add_argument("article")
    p.add_argument("claim")
    p.add_argument("item")
    p.add_argument("--undo", action="store_true", help="untick instead")

    p = add("verdict", cmd_verdict, "set the verdict of a claim")
    p.add_argument("article")
    p.add_argument("claim")
    p.add_argument("verdict")
    p.add_argument(
        "--force", action="store_true", help="set a final verdict even with required items unticked"
    )

    p = add("note", cmd_note, "add a note to a claim")
    p.add_argument("article")
    p.add_argument("claim")
    p.add_argument("text")

    p = add("history", cmd_history, "list the changes made to an article or one claim")
    p.add_argument("article")
    p.add_argument("claim", nargs="?")
    p.add_argument("--json", action="store_true")

    p = add("templates", cmd_templates, "list checklist templates and where they come from")
    p.add_argument("--json", action="store_true")

    from factcheck import cli_more

    cli_more.register(add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx: Context | None = None
    try:
        ctx = Context(args)
        if not args.command:
            args.source = None
            return cmd_open(ctx)
        return COMMANDS[args.command](ctx)
    except FactcheckError as exc:
        print(f"factcheck: {_plain(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("factcheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    finally:
        if ctx is not None:
            try:
                ctx.close()
            except FactcheckError as exc:
                print(f"factcheck: {_plain(str(exc))}", file=sys.stderr)
