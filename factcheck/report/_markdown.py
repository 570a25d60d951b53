"""The report as Markdown (CommonMark with GitHub tables and task lists)."""

from __future__ import annotations

import re
from typing import Any

from factcheck.report._data import ALL_CLEAR, human_time, is_web_url, memo, percent

# Characters that start emphasis, code, links, raw HTML, table cells, strikethrough or entities
# (the backslash itself is escaped first).
_INLINE = "`*_[]<>|~&"
# Line starts that would become a heading, list, quote, rule or setext underline.
_LINE_START = re.compile(r"^([#>+=-])|^(\d+)([.)])")


@memo
def md(text: str | None, *, block_start: bool = False) -> str:
    """Untrusted single-line text as Markdown that shows exactly that text.

    ``block_start`` also escapes what would open a heading, list or quote, for text that
    begins a block (a quote or a list item's content).
    """
    if not text:
        return ""
    # One str.replace per character present: far faster than a regex or str.translate.
    s = text.replace("\\", "\\\\") if "\\" in text else text
    for char in _INLINE:
        if char in s:
            s = s.replace(char, "\\" + char)
    if block_start and _LINE_START.match(s):
        s = _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", s, count=1)
    return s


@memo
def md_url(url: str | None) -> str:
    """An http(s) URL as an autolink; anything else as plain, escaped text."""
    if not url:
        return ""
    if is_web_url(url) and "<" not in url and ">" not in url:
        return f"<{url}>"
    return md(url)


@memo
def _when(by: str | None, at: str | None) -> str:
    parts = []
    if by:
        parts.append(f"by {md(by)}")
    if at:
        parts.append(f"on {md(human_time(at))}")
    return " ".join(parts)


def render_markdown(data: dict[str, Any]) -> str:
    out: list[str] = []
    add = out.append
    art = data["article"]
    summary = data["summary"]

    add(f"# Fact-check report: {md(art['title']) or 'untitled article'}")
    add("")
    add(f"- **Article:** {md_url(art['url']) or 'no URL'}")
    meta = []
    if art["published"]:
        meta.append(md(art["published"]))
    if art["author"]:
        meta.append(f"by {md(art['author'])}")
    if art["site"]:
        meta.append(f"on {md(art['site'])}")
    add(f"- **Published:** {', '.join(meta) if meta else 'no date or author recorded'}")
    add(f"- **Article id:** {md(art['id'])}")
    checked = ", ".join(md(a) for a in data["checked_by"]) or "nobody recorded"
    add(f"- **Checked by:** {checked}")
    if data["first_change_at"]:
        first = human_time(data["first_change_at"])
        last = human_time(data["last_change_at"])
        span = first if first == last else f"{first} to {last}"
        add(f"- **Checked:** {md(span)}")
    made = f"- **Report generated:** {md(human_time(data['generated_at']))}"
    if data["generated_by"]:
        made += f" by {md(data['generated_by'])}"
    add(made)
    add("")

    add("## Summary")
    add("")
    add("| Verdict | Claims |")
    add("| --- | ---: |")
    for v in summary["verdicts"]:
        add(f"| {md(v['label'])} | {v['count']} |")
    add(f"| **All claims** | **{summary['claims']}** |")
    add("")
    cl = summary["checklist"]
    src = summary["sources"]
    add("| Progress | Count |")
    add("| --- | ---: |")
    add(f"| Claims with a final verdict | {summary['final']} of {summary['claims']} |")
    add(
        f"| Checklist items ticked | {cl['done']} of {cl['total']}"
        f" ({percent(cl['done'], cl['total'])}) |"
    )
    add(f"| Sources ok | {src['ok']} of {src['total']} |")
    add(f"| Sources broken | {src['broken']} |")
    add(f"| Sources not fetched yet | {src['unchecked']} |")
    add(f"| Claims needing attention | {summary['needs_attention']} |")
    add("")

    add("## Needs attention")
    add("")
    if data["needs_attention"]:
        for entry in data["needs_attention"]:
            add(f"- **Claim {entry['number']}:** {md('; '.join(entry['reasons']))}")
    else:
        add(ALL_CLEAR)
    add("")

    if data["warnings"]:
        add("## Warnings")
        add("")
        for warning in data["warnings"]:
            add(f"- {md(warning, block_start=True)}")
        add("")

    add("## Claims")
    add("")
    if not data["claims"]:
        add("No claims were found in this article.")
        add("")
    for claim in data["claims"]:
        _claim(add, claim)
    return "\n".join(out).rstrip("\n") + "\n"


def _claim(add: Any, c: dict[str, Any]) -> None:
    verdict = c["verdict"]
    add(f"### Claim {c['number']}: {md(verdict['label'])}")
    add("")
    add(f"> {md(c['text'], block_start=True)}")
    add("")
    add(f"- **Verdict:** {md(verdict['label'])} ({md(verdict['description'])})")
    if c["kinds"]:
        add(f"- **Kinds:** {md(', '.join(c['kinds']))}")
    if c["claimant"]:
        add(f"- **Claimant:** {md(c['claimant'])}")
    if c["status"] == "changed":
        was = f": it was “{md(c['previous_text'])}”" if c["previous_text"] else ""
        add(f"- **Status:** the text changed in the article{was}")
    elif c["status"] == "removed":
        add("- **Status:** no longer in the article")
    if c["needs_attention"]:
        add(f"- **Needs attention:** {md('; '.join(c['needs_attention']))}")
    add(f"- **Last changed:** {_when(c['last_changed_by'], c['last_changed_at']) or 'never'}")
    add(f"- **Claim id:** {md(c['id'])}")
    add("")

    cl = c["checklist"]
    add(f"**Checklist:** {cl['done']} of {cl['total']} ticked")
    add("")
    if cl["items"]:
        for item in cl["items"]:
            line = f"- [{'x' if item['done'] else ' '}] {md(item['label'])}"
            if item["required"]:
                line += " *(required)*"
            if item["note"]:
                line += f": {md(item['note'])}"
            who = _when(item["updated_by"], item["updated_at"])
            if who and item["done"]:
                line += f" (ticked {who})"
            add(line)
        add("")

    src = c["sources"]
    add(f"**Sources:** {src['ok']} ok, {src['broken']} broken, {src['unchecked']} not fetched")
    add("")
    for i, s in enumerate(src["items"], 1):
        line = f"{i}. **{s['state']}** {md_url(s['url'])}"
        details = []
        if s["http_status"] is not None:
            details.append(f"HTTP {s['http_status']}")
        if s["outcome"] and s["outcome"] not in ("ok",):
            details.append(md(s["outcome"]))
        if s["checked_at"]:
            details.append(f"checked {md(human_time(s['checked_at']))}")
        if details:
            line += f" ({', '.join(details)})"
        add(line)
        if s["title"]:
            add(f"   - Title: {md(s['title'])}")
        if s["final_url"]:
            add(f"   - Final URL: {md_url(s['final_url'])}")
        if s["error"]:
            add(f"   - Error: {md(s['error'])}")
        if s["note"]:
            add(f"   - Note: {md(s['note'])}")
        ev = s["evidence"]
        if ev:
            found = "; ".join(ev["found"]) or "nothing"
            add(f"   - Evidence found: {md(found)}")
            if ev["missing"]:
                add(f"   - Evidence missing: {md('; '.join(ev['missing']))}")
            for snippet in ev["snippets"][:3]:
                add(f"   - Snippet: “{md(snippet)}”")
    if src["items"]:
        add("")

    if c["notes"]:
        add("**Notes:**")
        add("")
        for note in c["notes"]:
            who = _when(note["author"], note["at"])
            text = md(" ".join(note["text"].split()), block_start=True)
            add(f"- {text}" + (f" ({who})" if who else ""))
        add("")
