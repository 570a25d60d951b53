"""The report as one self-contained HTML file: inline CSS, no scripts, nothing loaded."""

from __future__ import annotations

import re
from html import escape
from typing import Any

from factcheck.report._data import ALL_CLEAR, human_time, is_web_url, memo, percent

#: Nothing may load: no scripts, images, fonts, frames or forms; only the inline stylesheet.
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

_CSS = """
:root { color-scheme: light dark; --muted: #5f6368; --line: #d0d4d9; --bg-soft: #f4f6f8;
  --ok: #1e7a34; --bad: #b3261e; --warn: #8a5a00; }
@media (prefers-color-scheme: dark) { :root { --muted: #a8adb3; --line: #3c4043;
  --bg-soft: #202326; --ok: #6dd58c; --bad: #f2948c; --warn: #f0c36d; } }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .5rem; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem;
  margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 0 0 .5rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; }
dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .25rem .6rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
section.claim { border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem;
  margin: 1rem 0; }
blockquote { margin: .3rem 0 .6rem; padding: .3rem .8rem; border-left: 4px solid var(--line);
  background: var(--bg-soft); overflow-wrap: anywhere; }
.muted, .when { color: var(--muted); font-size: .9em; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 4px; font-size: .85em;
  font-weight: 600; border: 1px solid currentColor; }
.v-true, .s-ok { color: var(--ok); }
.v-false, .s-broken { color: var(--bad); }
.v-misleading, .v-mostly-true, .v-unverifiable, .s-unchecked { color: var(--warn); }
.v-unchecked, .v-in-progress { color: var(--muted); }
ul.checklist { list-style: none; padding-left: .2rem; }
ul.checklist li::before { content: "☐ "; } ul.checklist li.done::before { content: "☑ "; }
ol.sources li { margin-bottom: .4rem; overflow-wrap: anywhere; }
.attention { border-left: 4px solid var(--bad); padding-left: .8rem; }
a { color: inherit; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; color: #000; background: #fff; }
  section.claim, tr, li { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .badge { border-color: #000; color: #000; }
}
"""


_SPECIAL = re.compile(r"[&<>\"']")


@memo
def e(text: str | None) -> str:
    """Text for HTML content or a quoted attribute: ``html.escape(text, quote=True)``."""
    if not text:
        return ""
    return escape(text, quote=True) if _SPECIAL.search(text) else text


@memo
def link(url: str | None) -> str:
    """An http(s) URL as a link (shown in full); anything else as escaped text."""
    if not url:
        return ""
    if is_web_url(url):
        return f'<a href="{e(url)}" rel="noopener noreferrer nofollow">{e(url)}</a>'
    return f'<span class="url">{e(url)}</span>'


@memo
def _when(by: str | None, at: str | None) -> str:
    parts = []
    if by:
        parts.append(f"by {e(by)}")
    if at:
        parts.append(f"on {e(human_time(at))}")
    return " ".join(parts)


def render_html(data: dict[str, Any]) -> str:
    art = data["article"]
    summary = data["summary"]
    title = art["title"] or "untitled article"
    out: list[str] = []
    add = out.append
    add("<!DOCTYPE html>")
    add('<html lang="en">')
    add("<head>")
    add('<meta charset="utf-8">')
    add(f'<meta http-equiv="Content-Security-Policy" content="{CSP}">')
    add('<meta name="referrer" content="no-referrer">')
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add(f"<title>Fact-check report: {e(title)}</title>")
    add(f"<style>{_CSS}</style>")
    add("</head>")
    add("<body>")
    add("<header>")
    add(f"<h1>Fact-check report: {e(title)}</h1>")
    add('<dl class="meta">')
    add(f"<dt>Article</dt><dd>{link(art['url']) or 'no URL'}</dd>")
    meta = []
    if art["published"]:
        meta.append(e(art["published"]))
    if art["author"]:
        meta.append(f"by {e(art['author'])}")
    if art["site"]:
        meta.append(f"on {e(art['site'])}")
    add(f"<dt>Published</dt><dd>{', '.join(meta) or 'no date or author recorded'}</dd>")
    add(f"<dt>Article id</dt><dd><code>{e(art['id'])}</code></dd>")
    checked = ", ".join(e(a) for a in data["checked_by"]) or "nobody recorded"
    add(f"<dt>Checked by</dt><dd>{checked}</dd>")
    if data["first_change_at"]:
        first = human_time(data["first_change_at"])
        last = human_time(data["last_change_at"])
        add(f"<dt>Checked</dt><dd>{e(first if first == last else f'{first} to {last}')}</dd>")
    made = e(human_time(data["generated_at"]))
    if data["generated_by"]:
        made += f" by {e(data['generated_by'])}"
    add(f"<dt>Report generated</dt><dd>{made}</dd>")
    add("</dl>")
    add("</header>")

    add("<main>")
    add('<section id="summary"><h2>Summary</h2>')
    add("<table><thead><tr><th>Verdict</th><th>Claims</th></tr></thead><tbody>")
    for v in summary["verdicts"]:
        add(
            f'<tr><td><span class="badge v-{e(v["id"])}">{e(v["label"])}</span></td>'
            f'<td class="n">{v["count"]}</td></tr>'
        )
    add(f'<tr><th>All claims</th><td class="n"><strong>{summary["claims"]}</strong></td></tr>')
    add("</tbody></table>")
    cl = summary["checklist"]
    src = summary["sources"]
    rows = [
        ("Claims with a final verdict", f"{summary['final']} of {summary['claims']}"),
        (
            "Checklist items ticked",
            f"{cl['done']} of {cl['total']} ({percent(cl['done'], cl['total'])})",
        ),
        ("Sources ok", f"{src['ok']} of {src['total']}"),
        ("Sources broken", str(src["broken"])),
        ("Sources not fetched yet", str(src["unchecked"])),
        ("Claims needing attention", str(summary["needs_attention"])),
    ]
    add("<table><thead><tr><th>Progress</th><th>Count</th></tr></thead><tbody>")
    for label, value in rows:
        add(f'<tr><td>{label}</td><td class="n">{e(value)}</td></tr>')
    add("</tbody></table>")
    add("</section>")

    add('<section id="attention" class="attention"><h2>Needs attention</h2>')
    if data["needs_attention"]:
        add("<ul>")
        for entry in data["needs_attention"]:
            add(
                f'<li><a href="#claim-{entry["number"]}">Claim {entry["number"]}</a>: '
                f"{e('; '.join(entry['reasons']))}</li>"
            )
        add("</ul>")
    else:
        add(f"<p>{ALL_CLEAR}</p>")
    add("</section>")

    if data["warnings"]:
        add('<section id="warnings"><h2>Warnings</h2><ul>')
        for warning in data["warnings"]:
            add(f"<li>{e(warning)}</li>")
        add("</ul></section>")

    add('<section id="claims"><h2>Claims</h2>')
    if not data["claims"]:
        add("<p>No claims were found in this article.</p>")
    for claim in data["claims"]:
        _claim(add, claim)
    add("</section>")
    add("</main>")
    add("</body>")
    add("</html>")
    return "\n".join(out) + "\n"


def _claim(add: Any, c: dict[str, Any]) -> None:
    v = c["verdict"]
    n = c["number"]
    add(f'<section class="claim" id="claim-{n}">')
    add(f'<h3>Claim {n} <span class="badge v-{e(v["id"])}">{e(v["label"])}</span></h3>')
    add(f"<blockquote>{e(c['text'])}</blockquote>")
    add('<dl class="meta">')
    add(f"<dt>Verdict</dt><dd>{e(v['label'])}: {e(v['description'])}</dd>")
    if c["kinds"]:
        add(f"<dt>Kinds</dt><dd>{e(', '.join(c['kinds']))}</dd>")
    if c["claimant"]:
        add(f"<dt>Claimant</dt><dd>{e(c['claimant'])}</dd>")
    if c["status"] == "changed":
        was = f": it was “{e(c['previous_text'])}”" if c["previous_text"] else ""
        add(f"<dt>Status</dt><dd>the text changed in the article{was}</dd>")
    elif c["status"] == "removed":
        add("<dt>Status</dt><dd>no longer in the article</dd>")
    if c["needs_attention"]:
        add(f"<dt>Needs attention</dt><dd>{e('; '.join(c['needs_attention']))}</dd>")
    who = _when(c["last_changed_by"], c["last_changed_at"]) or "never"
    add(f"<dt>Last changed</dt><dd>{who}</dd>")
    add(f"<dt>Claim id</dt><dd><code>{e(c['id'])}</code></dd>")
    add("</dl>")

    cl = c["checklist"]
    add(f"<h4>Checklist: {cl['done']} of {cl['total']} ticked</h4>")
    if cl["items"]:
        add('<ul class="checklist">')
        for item in cl["items"]:
            cls = ' class="done"' if item["done"] else ""
            line = f"<li{cls}>{e(item['label'])}"
            if item["required"]:
                line += " <em>(required)</em>"
            if item["note"]:
                line += f": {e(item['note'])}"
            who = _when(item["updated_by"], item["updated_at"])
            if who and item["done"]:
                line += f' <span class="when">(ticked {who})</span>'
            add(line + "</li>")
        add("</ul>")

    src = c["sources"]
    add(f"<h4>Sources: {src['ok']} ok, {src['broken']} broken, {src['unchecked']} not fetched</h4>")
    if src["items"]:
        add('<ol class="sources">')
        for s in src["items"]:
            state = e(s["state"])
            parts = [f'<span class="badge s-{state}">{state}</span> {link(s["url"])}']
            details = []
            if s["http_status"] is not None:
                details.append(f"HTTP {s['http_status']}")
            if s["outcome"] and s["outcome"] != "ok":
                details.append(e(s["outcome"]))
            if s["checked_at"]:
                details.append(f"checked {e(human_time(s['checked_at']))}")
            if details:
                parts.append(f' <span class="muted">({", ".join(details)})</span>')
            sub = []
            if s["title"]:
                sub.append(f"Title: {e(s['title'])}")
            if s["final_url"]:
                sub.append(f"Final URL: {link(s['final_url'])}")
            if s["error"]:
                sub.append(f"Error: {e(s['error'])}")
            if s["note"]:
                sub.append(f"Note: {e(s['note'])}")
            ev = s["evidence"]
            if ev:
                sub.append(f"Evidence found: {e('; '.join(ev['found']) or 'nothing')}")
                if ev["missing"]:
                    sub.append(f"Evidence missing: {e('; '.join(ev['missing']))}")
                sub.extend(f"Snippet: “{e(snippet)}”" for snippet in ev["snippets"][:3])
            if sub:
                parts.append("<ul>" + "".join(f"<li>{x}</li>" for x in sub) + "</ul>")
            add(f"<li>{''.join(parts)}</li>")
        add("</ol>")

    if c["notes"]:
        add("<h4>Notes</h4><ul>")
        for note in c["notes"]:
            who = _when(note["author"], note["at"])
            text = e(note["text"]).replace("\n", "<br>")
            add(f"<li>{text}" + (f' <span class="when">({who})</span>' if who else "") + "</li>")
        add("</ul>")
    add("</section>")
