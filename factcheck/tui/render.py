"""Build display Content from model objects. Untrusted text never becomes markup here."""

from __future__ import annotations

from textual.content import Content, Span

from factcheck.model import OK_OUTCOMES, ChecklistItem, Claim, Verdict
from factcheck.textsafe import clean, clean_same_length, one_line

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
    head = Content.assemble(
        (f"{claim.number:>3} ", "bold"),
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
    if item.note:
        parts.append(Content.assemble("  — ", safe(one_line(item.note, 60))).stylize("italic"))
    return Content.assemble(*parts)


def article_content(text: str, claims: list[Claim], selected: str | None) -> Content:
    """The article with every claim highlighted in place, the selected one emphasised."""
    spans = []
    for claim in claims:
        if claim.start < 0 or claim.end <= claim.start or claim.end > len(text):
            continue
        style = "reverse bold" if claim.id == selected else "underline"
        spans.append(Span(claim.start, claim.end, f"{style} {VERDICT_STYLE[claim.verdict]}"))
    return Content(clean_same_length(text), spans, strip_control_codes=False)
