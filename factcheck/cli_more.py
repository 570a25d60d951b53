"""Sub-commands beyond the walking skeleton: claim editing, sources, checking, case files,
reports. Registered by ``cli.build_parser`` through ``register``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from factcheck.errors import InputError

Add = Callable[[str, Callable[[Any], int], str], argparse.ArgumentParser]


def _dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _plain(text: str) -> str:
    from factcheck.textsafe import one_line

    return one_line(text)


# ---------------------------------------------------------------------------- claim editing


def cmd_claim_add(ctx: Any) -> int:
    store = ctx.store
    article = store.article(ctx.args.article)
    text = article.text
    if ctx.args.text is not None:
        start = text.find(ctx.args.text)
        if start < 0:
            raise InputError("that text is not in the article (it must match exactly)")
        end = start + len(ctx.args.text)
    else:
        start, end = ctx.args.start, ctx.args.end
        if start is None or end is None:
            raise InputError("give the claim's text with --text, or --start and --end")
    claim = store.add_claim_span(article.id, start, end)
    print(f"claim {claim.number} added: {_plain(claim.text)}")
    return 0


def cmd_claim_remove(ctx: Any) -> int:
    store = ctx.store
    article = store.article(ctx.args.article)
    claim = store.delete_claim(article.id, ctx.args.claim)
    print(f"claim removed (kept as a tombstone; it will not come back): {_plain(claim.text)}")
    return 0


def cmd_claim_kinds(ctx: Any) -> int:
    store = ctx.store
    article = store.article(ctx.args.article)
    kinds = [k.strip() for k in ctx.args.kinds.split(",") if k.strip()]
    claim = store.set_kinds(article.id, ctx.args.claim, kinds)
    print(f"claim {claim.number}: {', '.join(claim.kinds)}")
    return 0


def cmd_claim_split(ctx: Any) -> int:
    store = ctx.store
    article = store.article(ctx.args.article)
    claims = store.split_claim(article.id, ctx.args.claim, ctx.args.at)
    print(f"split into claims {', '.join(str(c.number) for c in claims)}")
    return 0


def cmd_claim_merge(ctx: Any) -> int:
    store = ctx.store
    article = store.article(ctx.args.article)
    claim = store.merge_claims(article.id, ctx.args.first, ctx.args.second)
    print(f"merged into claim {claim.number}: {_plain(claim.text)}")
    return 0


def cmd_item(ctx: Any) -> int:
    store = ctx.store
    article = store.article(ctx.args.article)
    a = ctx.args
    if a.item_command == "add":
        claim = store.add_item(article.id, a.claim, a.label)
    elif a.item_command == "edit":
        claim = store.edit_item(article.id, a.claim, a.item, label=a.label, note=a.note)
    elif a.item_command == "delete":
        claim = store.delete_item(article.id, a.claim, a.item)
    else:
        claim = store.move_item(article.id, a.claim, a.item, a.offset)
    done, total = claim.progress
    print(f"claim {claim.number}: {done}/{total} items done")
    for n, item in enumerate(claim.items, 1):
        print(f"  {n}. [{'x' if item.done else ' '}] {_plain(item.label)}")
    return 0


def cmd_undo(ctx: Any) -> int:
    store = ctx.store
    article = store.article(ctx.args.article)
    event = store.redo(article.id) if ctx.args.redo else store.undo(article.id)
    print(f"{'redid' if ctx.args.redo else 'undid'}: {event.action}")
    return 0


# ---------------------------------------------------------------------------- sources


def cmd_source(ctx: Any) -> int:
    store = ctx.store
    article = store.article(ctx.args.article)
    a = ctx.args
    if a.remove:
        claim = store.remove_source(article.id, a.claim, a.url)
        print(f"claim {claim.number}: source removed")
    elif (
        a.note is not None
        and a.url
        and any(s.url == a.url for s in store.claim(article.id, a.claim).live_sources)
    ):
        claim = store.annotate_source(article.id, a.claim, a.url, a.note)
        print(f"claim {claim.number}: note saved on {_plain(a.url)}")
    else:
        claim = store.add_source(article.id, a.claim, a.url, note=a.note or "")
        print(f"claim {claim.number}: {len(claim.live_sources)} sources")
    return 0


def cmd_check(ctx: Any) -> int:
    from factcheck.checking import check_article

    store = ctx.store
    article = store.article(ctx.args.article)
    settings = ctx.settings
    progress = None
    if not ctx.args.json and sys.stderr.isatty():

        def progress(done: int, total: int) -> None:
            print(f"\rchecked {done}/{total}", end="", file=sys.stderr, flush=True)

    results = check_article(
        store,
        article.id,
        claim=ctx.args.claim,
        concurrency=ctx.args.concurrency or settings.fetch_concurrency,
        timeout=ctx.args.timeout or settings.fetch_timeout,
        allow_private=ctx.args.allow_private,
        max_bytes=settings.fetch_max_bytes,
        proxy=settings.fetch_proxy,
        per_host=settings.fetch_per_host,
        progress=progress,
    )
    if progress:
        print(file=sys.stderr)
    if ctx.args.json:
        _dump([r.as_json() for r in results])
        return 0
    if not results:
        print("no sources to check: attach one with `factcheck source ARTICLE CLAIM URL`")
    for r in results:
        line = (
            f"claim {r.claim_number:>3}  {r.check.outcome:<17} {r.check.status or '':>3}  "
            f"{_plain(r.url)}"
        )
        if r.check.final_url and r.check.final_url != r.url:
            line += f" -> {_plain(r.check.final_url)}"
        print(line)
        for change in r.changes:
            print(f"             changed: {_plain(change)}")
    return 0


# ---------------------------------------------------------------------------- case files


def cmd_export(ctx: Any) -> int:
    from factcheck.exchange import case_to_json

    store = ctx.store
    article = store.article(ctx.args.article)
    data = case_to_json(
        article, store.claims(article.id, include_deleted=True), store.history(article.id)
    )
    if ctx.args.output:
        from factcheck.fileio import write_atomic

        write_atomic(Path(ctx.args.output), data)
        print(f"wrote {ctx.args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_import(ctx: Any) -> int:
    from factcheck.exchange import read_case_file

    cases = [read_case_file(Path(p)) for p in ctx.args.files]  # validate all first
    outcomes = ctx.store.import_cases(cases)
    conflicts = 0
    for path, outcome in zip(ctx.args.files, outcomes, strict=True):
        conflicts += len(outcome.conflicts)
        print(f"{path}: {outcome.summary}")
        for c in outcome.conflicts:
            print(
                f"  conflict: claim {c['claim']} {c['path']}: "
                f"mine {json.dumps(c['ours'], ensure_ascii=False)} / "
                f"theirs {json.dumps(c['theirs'], ensure_ascii=False)}"
            )
    if conflicts:
        print(
            f"{conflicts} conflict(s) to resolve in the TUI (or with `factcheck resolve`)",
            file=sys.stderr,
        )
    return 0


def cmd_resolve(ctx: Any) -> int:
    store = ctx.store
    article = store.article(ctx.args.article)
    claim = store.resolve_conflict(
        article.id, ctx.args.claim, ctx.args.conflict - 1, ctx.args.choice
    )
    print(f"claim {claim.number}: {len(claim.conflicts)} conflict(s) left")
    return 0


def cmd_merge(ctx: Any) -> int:
    from factcheck.exchange import merge_files

    return merge_files(ctx.args.base, ctx.args.ours, ctx.args.theirs)


def cmd_schema(ctx: Any) -> int:
    from factcheck.exchange import case_schema

    _dump(case_schema())
    return 0


# ---------------------------------------------------------------------------- reports


def cmd_report(ctx: Any) -> int:
    from factcheck.reporting import write_report

    store = ctx.store
    article = store.article(ctx.args.article)
    warnings = write_report(
        store,
        article.id,
        ctx.args.format,
        ctx.settings,
        Path(ctx.args.output) if ctx.args.output else None,
    )
    for warning in warnings:
        print(f"note: {_plain(warning)}", file=sys.stderr)
    if ctx.args.output:
        print(f"wrote {ctx.args.output}", file=sys.stderr)
    return 0


def register(add: Add) -> None:
    p = add(
        "claim",
        lambda ctx: ctx.args.claim_handler(ctx),
        "edit the claim list: add a missed span, remove, split, merge, change kinds",
    )
    sub = p.add_subparsers(dest="claim_command", metavar="ACTION", required=True)
    q = sub.add_parser("add", help="add a claim from a span the detector missed")
    q.add_argument("article")
    q.add_argument("--text", help="the exact text of the claim, as it is in the article")
    q.add_argument("--start", type=int)
    q.add_argument("--end", type=int)
    q.set_defaults(claim_handler=cmd_claim_add)
    q = sub.add_parser("remove", help="remove a claim (kept as a tombstone)")
    q.add_argument("article")
    q.add_argument("claim")
    q.set_defaults(claim_handler=cmd_claim_remove)
    q = sub.add_parser("kinds", help="set a claim's kinds (comma-separated)")
    q.add_argument("article")
    q.add_argument("claim")
    q.add_argument("kinds")
    q.set_defaults(claim_handler=cmd_claim_kinds)
    q = sub.add_parser("split", help="split a claim in two at a character offset of its text")
    q.add_argument("article")
    q.add_argument("claim")
    q.add_argument("at", type=int)
    q.set_defaults(claim_handler=cmd_claim_split)
    q = sub.add_parser("merge", help="merge a claim with the next one")
    q.add_argument("article")
    q.add_argument("first")
    q.add_argument("second")
    q.set_defaults(claim_handler=cmd_claim_merge)

    p = add("item", cmd_item, "edit a claim's checklist: add, edit, delete or move an item")
    sub = p.add_subparsers(dest="item_command", metavar="ACTION", required=True)
    q = sub.add_parser("add")
    q.add_argument("article")
    q.add_argument("claim")
    q.add_argument("label")
    q = sub.add_parser("edit")
    q.add_argument("article")
    q.add_argument("claim")
    q.add_argument("item")
    q.add_argument("--label")
    q.add_argument("--note")
    q = sub.add_parser("delete")
    q.add_argument("article")
    q.add_argument("claim")
    q.add_argument("item")
    q = sub.add_parser("move")
    q.add_argument("article")
    q.add_argument("claim")
    q.add_argument("item")
    q.add_argument("offset", type=int, help="-1 moves it up one place, 1 down")

    p = add("undo", cmd_undo, "undo the last change to an article (recorded in the history)")
    p.add_argument("article")
    p.add_argument("--redo", action="store_true", help="redo the last undone change")

    p = add("source", cmd_source, "attach a source URL to a claim (or --remove it)")
    p.add_argument("article")
    p.add_argument("claim")
    p.add_argument("url")
    p.add_argument("--note", help="a note on the source")
    p.add_argument("--remove", action="store_true", help="remove the source (URL or number)")

    p = add("check", cmd_check, "fetch every source of the article and record the results")
    p.add_argument("article")
    p.add_argument("--claim", help="only this claim's sources")
    p.add_argument("--json", action="store_true")
    p.add_argument("--concurrency", type=int, metavar="N")
    p.add_argument("--timeout", type=float, metavar="S", help="total seconds per URL")
    p.add_argument(
        "--allow-private",
        action="store_true",
        help="allow private, loopback and link-local addresses",
    )

    p = add("export", cmd_export, "write a case file (JSON) to share")
    p.add_argument("article")
    p.add_argument("-o", "--output", metavar="FILE")

    p = add("import", cmd_import, "merge case files into the store (all or nothing)")
    p.add_argument("files", nargs="+", metavar="FILE")

    p = add("resolve", cmd_resolve, "settle a merge conflict on a claim: keep mine or take theirs")
    p.add_argument("article")
    p.add_argument("claim")
    p.add_argument("conflict", type=int, help="the conflict's number (1-based)")
    p.add_argument("choice", choices=("mine", "theirs"))

    p = add("merge", cmd_merge, "three-way merge of case files (git merge driver)")
    p.add_argument("base")
    p.add_argument("ours")
    p.add_argument("theirs")

    add("schema", cmd_schema, "print the JSON Schema of case files")

    p = add("report", cmd_report, "write a verification summary for reviewers")
    p.add_argument("article")
    p.add_argument("--format", choices=("md", "html", "csv", "json", "claimreview"), default="md")
    p.add_argument("-o", "--output", metavar="FILE")
