"""Benchmark claim detection against the shared check-worthiness corpus (evaluation only).

Run: /work/venv/bin/python bench/bench_claims.py

1. ClaimBuster sample and the CLEF-2019 subset: every CSV sentence is scored on its own with
   ``factcheck.claims.score_sentence``; precision, recall and F1 at the default threshold, F1
   across thresholds, and the anchor (a digit-or-comparative keyword rule) in the same run.
   CLEF lines come from four whole transcripts, and their labels depend on context, so CLEF is
   also measured the way the product reads a document: each transcript, in line order, one
   line per paragraph (applause markers and interviewer lines included), goes through
   ``extract_claims(min_score=0)``; a line's score is the highest score of the claims that
   cover it. CLEF is a ranking task, so average precision and the best F1 over a fine grid of
   thresholds are printed too (a view of the ranking, not a tuned threshold).
2. Ten Wikinews articles: every gold sentence that carries a number, a date, a direct quote or
   a named source must be covered by a claim from ``extract_claims`` unless it is boilerplate;
   the misses are printed.
3. Speed: ``extract_claims`` on about 1 MB of news text.

The corpus is read from ../shared/corpus and never copied; the benchmark exits 0 with a message
when it is missing.
"""

from __future__ import annotations

import bisect
import csv
import json
import re
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
sys.path.insert(0, str(ROOT))


def _ensure_splitter() -> str:
    """Use factcheck.sentences when it exists; otherwise a crude stand-in (clearly reported)."""
    try:
        import factcheck.sentences  # noqa: F401

        return "factcheck.sentences"
    except ImportError:
        pass
    rx = re.compile(r"[^\n]*?(?:[.!?]+[\"”’')\]]*(?=\s+[\"“A-Z0-9(])|[^\n]$)|[^\n]+")

    def split_sentences(text: str) -> list[tuple[int, int]]:
        spans = []
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append((s, e))
        return spans

    mod = types.ModuleType("factcheck.sentences")
    mod.split_sentences = split_sentences  # type: ignore[attr-defined]
    sys.modules["factcheck.sentences"] = mod
    return "stand-in regex splitter (factcheck.sentences not available yet)"


# The anchor: "a digit-or-comparative rule" (quoted there at F1 0.59 / 0.20). Its exact
# word list is not published; this one gives about 0.58 / 0.17 and is measured in the same run.
_ANCHOR_RE = re.compile(
    r"\d|\b(?:more|less|fewer|most|least|than|better|worse|bigger|biggest|larger|largest|"
    r"smaller|smallest|higher|highest|lower|lowest|greater|greatest|best|worst|increase|"
    r"decrease|percent|million|billion|thousand|hundred|twice|double|half)\b",
    re.IGNORECASE,
)


def anchor_rule(sentence: str) -> bool:
    return bool(_ANCHOR_RE.search(sentence))


def prf(pred: list[bool], gold: list[bool]) -> tuple[float, float, float]:
    tp = sum(p and g for p, g in zip(pred, gold, strict=True))
    fp = sum(p and not g for p, g in zip(pred, gold, strict=True))
    fn = sum(g and not p for p, g in zip(pred, gold, strict=True))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def average_precision(scores: list[float], gold: list[bool]) -> float:
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits = 0
    total = 0.0
    for rank, i in enumerate(order, 1):
        if gold[i]:
            hits += 1
            total += hits / rank
    return total / max(1, sum(gold))


def report_scores(label: str, scores: list[float], gold: list[bool]) -> float:
    """Print P/R/F1 at the default threshold, F1 across thresholds and the ranking view."""
    from factcheck.claims import DEFAULT_MIN_SCORE

    p, r, f = prf([s >= DEFAULT_MIN_SCORE for s in scores], gold)
    print(f"{label} @ {DEFAULT_MIN_SCORE:.2f} (default): P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    line = []
    for k in range(1, 10):
        th = k / 10
        line.append(f"{th:.1f}:{prf([s >= th for s in scores], gold)[2]:.3f}")
    print("  F1 by threshold: " + "  ".join(line))
    line = []
    for k in range(90, 100, 2):
        th = k / 100
        line.append(f"{th:.2f}:{prf([s >= th for s in scores], gold)[2]:.3f}")
    print("  F1 at the top:   " + "  ".join(line))
    best = max((prf([s >= k / 100 for s in scores], gold)[2], k / 100) for k in range(1, 100))
    print(
        f"  ranking: average precision {average_precision(scores, gold):.3f}; best F1 "
        f"{best[0]:.3f} at {best[1]:.2f} (best of 99 thresholds: a view, not the default)"
    )
    return f


def clef_document_scores(rows: list[dict[str, str]]) -> list[float]:
    """Each transcript through extract_claims, one line per paragraph; a line's best claim."""
    from factcheck.claims import extract_claims

    scores = [0.0] * len(rows)
    debates: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        debates.setdefault(row["debate"], []).append(i)
    for idx in debates.values():
        idx.sort(key=lambda i: int(rows[i]["line_number"]))
        parts: list[str] = []
        spans: list[tuple[int, int, int]] = []
        pos = 0
        for i in idx:
            line = " ".join(rows[i]["text"].split()) or "."
            spans.append((pos, pos + len(line), i))
            parts.append(line)
            pos += len(line) + 2
        doc = "\n\n".join(parts)
        starts = [a for a, _b, _i in spans]
        for c in extract_claims(doc, min_score=0.0):
            k = max(0, bisect.bisect_right(starts, c.start) - 1)
            while k < len(spans) and spans[k][0] < c.end:
                a, b, i = spans[k]
                if c.start < b and c.end > a:
                    scores[i] = max(scores[i], c.score)
                k += 1
    return scores


def bench_csv(name: str, target: float, documents: bool = False) -> bool:
    from factcheck.claims import score_sentence

    path = CORPUS / "checkworthiness" / name
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    texts = [r["text"] for r in rows]
    gold = [r["label"].strip() == "1" for r in rows]
    t0 = time.perf_counter()
    scores = [score_sentence(t)[0] for t in texts]
    dt = time.perf_counter() - t0
    ap, ar, af = prf([anchor_rule(t) for t in texts], gold)
    print(f"\n== {name}: {len(rows)} sentences, {sum(gold)} check-worthy ({dt * 1000:.0f} ms)")
    print(f"target: F1 >= {target}")
    f = report_scores("sentence by sentence (score_sentence)", scores, gold)
    best = f
    if documents:
        t0 = time.perf_counter()
        doc_scores = clef_document_scores(rows)
        dt = time.perf_counter() - t0
        print(f"-- whole transcripts through extract_claims, scored per line ({dt * 1000:.0f} ms):")
        fd = report_scores("document path (extract_claims)", doc_scores, gold)
        best = max(best, fd)
    print(f"anchor (digit or comparative): P {ap:.3f}  R {ar:.3f}  F1 {af:.3f}")
    print(
        f"ratio F1 factcheck / anchor (default threshold): {best / af if af else float('inf'):.2f}"
    )
    ok = best >= target
    print("PASS" if ok else "FAIL (at the default threshold)")
    return ok


_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
_GOLD_NUMBER = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion)\b",
    re.IGNORECASE,
)
_GOLD_DATE = re.compile(
    rf"\b(?:{_MONTHS}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday)\b"
    r"|\b(?:1[89]\d\d|20\d\d)\b"
)
_GOLD_QUOTE = re.compile(r"[\"“”][^\"“”]*")
_GOLD_IDENT = re.compile(r"[A-Za-z]+-\d+")  # STS-135, COVID-19: names, not quantities
_GOLD_SOURCE = re.compile(
    r"\b(?:said|says|told|according to|reported|reports|announced|stated|wrote|confirmed|"
    r"claimed|added|explained)\b"
)


def gold_features(sentence: str) -> list[str]:
    feats = []
    if _GOLD_NUMBER.search(_GOLD_IDENT.sub("", sentence)):
        feats.append("number")
    if _GOLD_DATE.search(sentence):
        feats.append("date")
    # a direct quote: quoted words (at least three), or a quote mark opening/closing a passage
    marks = sentence.count('"') + sentence.count("“") + sentence.count("”")
    spans = re.findall(r"[\"“]([^\"“”]*)[\"”]", sentence)
    if any(len(q.split()) >= 3 for q in spans) or (marks % 2 == 1 and len(sentence.split()) >= 3):
        feats.append("quote")
    if _GOLD_SOURCE.search(sentence) and re.search(r"(?<!^)(?<![.!?] )\b[A-Z][a-z]+", sentence):
        feats.append("source")
    return feats


def bench_wikinews() -> int:
    from factcheck.claims import extract_claims, is_boilerplate

    articles = json.loads((CORPUS / "news_articles" / "wikinews_articles.json").read_text("utf-8"))
    total = needed = covered = 0
    misses: list[tuple[str, str, list[str]]] = []
    excused: list[tuple[str, str]] = []
    n_claims = 0
    for art in articles:
        text = art["text"]
        claims = extract_claims(text, title=art.get("title"))
        n_claims += len(claims)
        cursor = 0
        for sent in art["sentences"]:
            pos = text.find(sent, cursor)
            if pos < 0:
                pos = text.find(sent)
            if pos < 0:
                continue
            cursor = pos + len(sent)
            total += 1
            feats = gold_features(sent)
            if not feats:
                continue
            dateline = bool(
                re.fullmatch(rf"[A-Za-z]+day, (?:{_MONTHS}) \d{{1,2}}, \d{{4}}", sent.strip())
            )
            why = is_boilerplate(sent) or ("dateline" if dateline else None)
            if why:
                excused.append((art["id"], f"[{why}] {sent}"))
                continue
            needed += 1
            end = pos + len(sent)
            hit = any(min(end, c.end) - max(pos, c.start) >= 0.5 * len(sent) for c in claims)
            if hit:
                covered += 1
            else:
                misses.append((art["id"], sent, feats))
    print(f"\n== Wikinews: {len(articles)} articles, {total} gold sentences, {n_claims} claims")
    print(f"sentences with a number/date/quote/named source: {needed}, covered: {covered}")
    print(f"excused as boilerplate ({len(excused)}):")
    for aid, s in excused:
        print(f"  {aid}: {s[:150]}")
    print(f"misses ({len(misses)}):")
    for aid, s, feats in misses:
        print(f"  {aid} {feats}: {s[:200]}")
    return len(misses)


def bench_speed() -> float:
    from factcheck.claims import extract_claims

    articles = json.loads((CORPUS / "news_articles" / "wikinews_articles.json").read_text("utf-8"))
    body = "\n\n".join(a["text"] for a in articles)
    reps = max(1, 1_000_000 // len(body) + 1)
    text = ("\n\n".join([body] * reps))[:1_000_000]
    walls: list[float] = []
    cpus: list[float] = []
    claims: list[object] = []
    for _ in range(2):  # the machine is shared: the better of two runs
        t0 = time.perf_counter()
        c0 = time.process_time()
        claims = list(extract_claims(text))
        cpus.append(time.process_time() - c0)
        walls.append(time.perf_counter() - t0)
    dt = min(walls)
    # calibration: a fixed pure-Python loop, to tell a slow or busy machine from slow code
    c0 = time.perf_counter()
    x = 0
    for i in range(5_000_000):
        x += i
    cal = time.perf_counter() - c0
    print(
        f"\n== speed: {len(text) / 1e6:.2f} MB -> {len(claims)} claims in {dt:.3f} s wall, "
        f"{min(cpus):.3f} s CPU (aim: under 0.5 s CPU)"
    )
    print(
        "  (the 1 MB is the ten articles repeated, so from the second copy on most sentences "
        "repeat an earlier one)"
    )
    print(
        f"calibration: a 5M-step Python loop took {cal:.3f} s here (about 0.25 s on a quiet laptop)"
    )
    return dt


def main() -> int:
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}; skipping")
        return 0
    print(f"sentence splitter: {_ensure_splitter()}")
    if (CORPUS / "checkworthiness").is_dir():
        bench_csv("claimbuster_sample.csv", 0.75)
        bench_csv("clef2019_task1_test_subset.csv", 0.30, documents=True)
    else:
        print("checkworthiness corpus missing; skipping")
    if (CORPUS / "news_articles" / "wikinews_articles.json").is_file():
        bench_wikinews()
        bench_speed()
    else:
        print("news_articles corpus missing; skipping")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
