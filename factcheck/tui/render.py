"""Build display Content from model objects. Untrusted text never becomes markup here."""

from __future__ import annotations

from textual.content import Content

from factcheck.model import OK_OUTCOMES, Article, ChecklistItem, Claim, Source, Verdict
from factcheck.textsafe import clean, one_line

VERDICT_STYLE: dict[Verdict, str] = {
    Verdict.UNCHECKED: "$text-muted",
    Verdict.IN_PROGRESS: "$warning",
    Verdict.TRUE: "$success",
    Verdict.MOSTLY_TRUE: "$success",
    Verdict.MISLEADING: "$warning",
    Verdict.FALSE: "$error",
    Verdict.UNVERIFIABLE: "$secondary",
}

VERDICT_BADGE: dict[Verdict, str] = {
    Verdict.UNCHECKED: "·",
    Verdict.IN_PROGRESS: "…",
    Verdict.TRUE: "✔",
    Verdict.MOSTLY_TRUE: "✔",
    Verdict.MISLEADING: "~",
    Verdict.FALSE: "✘",
    Verdict.UNVERIFIABLE: "?",
}


def safe(text: str) -> Content:
    """Untrusted text as literal Content: no markup, no control characters."""
    return Content(clean(text))


def sources_summary(claim: Claim) -> str:
    live = claim.live_sources
    if not live:
        return ""
    checked = [s.latest for s in live if s.latest is not None]
    broken = sum(1 for c in checked if c.outcome not in OK_OUTCOMES)
    ok = len(checked) - broken
    parts = [f"src {ok}/{len(live)}"]
    if broken:
        parts.append(f"{broken}✘")
    return " ".join(parts)


def claim_row(claim: Claim, width: int = 60) -> Content:
    done, total = claim.progress
    style = VERDICT_STYLE[claim.verdict]
    status = "" if claim.status == "active" else f" [{claim.status}]"
    kinds = " ".join(claim.kinds)
    conflict = f"⚠{len(claim.conflicts)} " if claim.conflicts else ""
    head = Content.assemble(
        (f"{claim.number:>3} ", "bold"),
        (conflict, "$error bold"),
        (f"{VERDICT_BADGE[claim.verdict]} {claim.verdict.value:<12}", style),
        (f" {done}/{total}", "$accent" if total and done == total else ""),
        (f" {kinds}", "italic $text-muted"),
        (f" {sources_summary(claim)}", "$text-muted"),
        (status, "$warning bold"),
    )
    return Content.assemble(head, "\n    ", safe(one_line(claim.text, width)))


def item_row(n: int, item: ChecklistItem) -> Content:
    box = "[x]" if item.done else "[ ]"
    key = f"{n}" if n <= 9 else " "
    parts: list[str | Content | tuple[str, str]] = [
        (f"{key} ", "$text-muted"),
        (box + " ", "$success bold" if item.done else ""),
        safe(one_line(item.label)),
    ]
    if item.required:
        parts.append((" *", "$warning bold"))
    if item.updated_by:
        by = Content.assemble("  · ", safe(one_line(item.updated_by, 30)))
        parts.append(by.stylize("$text-muted italic"))
    if item.note:
        note = Content.assemble("\n      note: ", safe(one_line(item.note)))
        parts.append(note.stylize("italic"))
    return Content.assemble(*parts)


OUTCOME_STYLE = {
    "ok": "$success",
    "redirected": "$success",
    "not-found": "$error",
    "blocked": "$error",
    "rate-limited": "$warning",
    "server-error": "$error",
    "timeout": "$warning",
    "unreachable": "$error",
    "too-large": "$warning",
    "unsupported": "$warning",
    "forbidden-address": "$error",
}


def source_row(n: int, source: Source, *, pending: bool = False) -> Content:
    """A source: outcome, status, URL, final URL, title, evidence found and missing, note."""
    check = source.latest
    if pending:
        badge: tuple[str, str] = ("checking…", "$accent italic")
    elif check is None:
        badge = ("not checked", "$text-muted italic")
    else:
        status = f" {check.status}" if check.status is not None else ""
        badge = (f"{check.outcome}{status}", f"bold {OUTCOME_STYLE.get(check.outcome, '')}")
    origin = " (link in article)" if source.origin == "article-link" else ""
    parts: list[str | Content | tuple[str, str]] = [
        (f"{n}. ", "bold"),
        badge,
        "  ",
        safe(one_line(source.url, 200)),
        (origin, "$text-muted"),
    ]
    if check is not None and not pending:
        if check.final_url and check.final_url != source.url:
            parts += ["\n   → ", safe(one_line(check.final_url, 200))]
        if check.title:
            parts += [Content.assemble("\n   title: ", safe(one_line(check.title, 200)))]
        if check.error:
            parts += [("\n   ", ""), safe(one_line(check.error, 200)).stylize("$text-muted")]
        parts += evidence_parts(check.evidence)
    if source.note:
        parts += [
            Content.assemble("\n   note: ", safe(one_line(source.note, 200))).stylize("italic")
        ]
    return Content.assemble(*parts)


def _fact_text(value: object) -> str:
    if isinstance(value, dict):
        return str(value.get("text") or value.get("value") or "")
    return str(value)


def evidence_parts(evidence: dict[str, object] | None) -> list[str | Content | tuple[str, str]]:
    if not evidence:
        return []
    found = evidence.get("found") or []
    missing = evidence.get("missing") or []
    out: list[str | Content | tuple[str, str]] = []
    if isinstance(found, list) and found:
        out += [
            ("\n   found: ", "$success"),
            safe(one_line(", ".join(_fact_text(f) for f in found), 200)),
        ]
    if isinstance(missing, list) and missing:
        out += [
            ("\n   missing: ", "$error"),
            safe(one_line(", ".join(_fact_text(f) for f in missing), 200)),
        ]
    score = evidence.get("score")
    if isinstance(score, (int, float)):
        out.append((f"\n   evidence score {score:.2f}", "$text-muted"))
    return out


def claim_header(claim: Claim) -> Content:
    kinds = ", ".join(claim.kinds) or "no kind"
    parts: list[str | Content | tuple[str, str]] = [
        (f"Claim {claim.number}  ", "bold"),
        (f"{VERDICT_BADGE[claim.verdict]} {claim.verdict.value}", VERDICT_STYLE[claim.verdict]),
        "  │ ",
        (kinds, "italic"),
        (f"  │ score {claim.score:.2f}", "$text-muted"),
    ]
    if claim.manual:
        parts.append(("  │ edited by hand", "$text-muted"))
    if claim.status != "active":
        parts.append((f"  │ {claim.status} since the article was re-added", "$warning bold"))
    parts += ["\n", safe(claim.text)]
    if claim.previous_text:
        parts += [("\nBefore: ", "$warning"), safe(claim.previous_text).stylize("italic")]
    return Content.assemble(*parts)


def conflicts_content(claim: Claim) -> Content:
    if not claim.conflicts:
        return Content("")
    parts: list[str | Content | tuple[str, str]] = [
        (f"⚠ {len(claim.conflicts)} merge conflict(s) — press r to resolve", "bold $error")
    ]
    for n, conflict in enumerate(claim.conflicts, 1):
        where = str(conflict.get("path") or conflict.get("field") or "?")
        parts += [
            f"\n {n}. ",
            safe(one_line(where, 60)),
            ": mine ",
            safe(one_line(repr(conflict.get("ours")), 60)),
            " / theirs ",
            safe(one_line(repr(conflict.get("theirs")), 60)),
        ]
    return Content.assemble(*parts)


def notes_content(claim: Claim) -> Content:
    notes = claim.live_notes
    if not notes:
        return Content.styled("No notes (N adds one).", "$text-muted italic")
    parts: list[str | Content | tuple[str, str]] = []
    for note in notes:
        if parts:
            parts.append("\n")
        parts += [
            ("• ", "bold"),
            safe(note.text),
            Content.assemble(" — ", safe(one_line(note.author, 40)), f" {note.at[:16]}").stylize(
                "$text-muted"
            ),
        ]
    return Content.assemble(*parts)


def meta_content(claim: Claim) -> Content:
    parts: list[str | Content | tuple[str, str]] = [
        ("Why detected: ", "bold"),
        safe("; ".join(claim.reasons) or "—"),
    ]
    facts = [f"{f.kind}: {f.text}" for f in claim.facts]
    if facts:
        parts += [("\nFacts: ", "bold"), safe(one_line("; ".join(facts), 400))]
    if claim.updated_by:
        parts += [
            ("\nLast changed by ", "bold"),
            safe(one_line(claim.updated_by, 60)),
            f" at {claim.updated_at[:16].replace('T', ' ')}",
        ]
    return Content.assemble(*parts)


def article_meta(article: Article) -> Content:
    """Site, author, published date and URL of the article, where known."""
    bits: list[Content] = []
    for label, value in (
        ("site", article.site),
        ("by", article.author),
        ("published", article.published),
        ("url", article.url or article.canonical_url),
    ):
        if value:
            bits.append(Content.assemble((f"{label} ", "$text-muted"), safe(one_line(value, 100))))
    if not bits:
        bits.append(Content.styled(one_line(article.source or "pasted text", 100), "$text-muted"))
    return Content(" · ").join(bits)
