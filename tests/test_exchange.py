"""Case files: deterministic export, strict import, item-by-item merge."""

from __future__ import annotations

import dataclasses
import difflib
import json
import subprocess
import time
from pathlib import Path

import msgspec
import pytest

from factcheck.errors import ValidationError
from factcheck.exchange import (
    SCHEMA_VERSION,
    Case,
    case_schema,
    case_to_json,
    merge_cases,
    merge_claims,
    merge_events,
    merge_files,
    parse_case,
    read_case_file,
    resolve_conflict,
)
from factcheck.model import (
    Article,
    Check,
    ChecklistItem,
    Claim,
    Event,
    Fact,
    Link,
    Note,
    Source,
    Verdict,
)

ARTICLE_ID = "a1b2c3d4e5f6"


def make_article() -> Article:
    text = "The city spent 4.2 million on roads in 2023, the mayor said. [b]Bold[/b] \x1b[31m."
    return Article(
        id=ARTICLE_ID,
        text=text,
        title="Roads <script>alert(1)</script> [@click=app.quit]",
        url="https://news.example/roads",
        source="roads.txt",
        links=[Link(href="https://stats.example/roads", start=0, end=8, text="The city")],
        added_at="2026-01-01T10:00:00Z",
        updated_at="2026-01-01T10:00:00Z",
    )


def make_claim(n: int, *, items: int = 4) -> Claim:
    cid = f"c{n:05d}"
    return Claim(
        id=cid,
        article_id=ARTICLE_ID,
        number=n,
        text=f"Claim number {n} says 4.2 million were spent in 2023.",
        start=n * 10,
        end=n * 10 + 9,
        kinds=["statistic", "date-event"],
        score=0.75,
        reasons=["number", "date"],
        facts=[Fact(kind="number", text="4.2 million", start=1, end=5, value=4200000.0)],
        checklist=[
            ChecklistItem(id=f"{cid}-i{k}", label=f"Step {k} for claim {n}", required=k == 0)
            for k in range(items)
        ],
        sources=[
            Source(
                id=f"{cid}-s0",
                url="https://stats.example/roads",
                checks=[
                    Check(
                        outcome="ok",
                        url="https://stats.example/roads",
                        status=200,
                        checked_at="2026-01-02T09:00:00Z",
                        sha256="ab" * 32,
                    )
                ],
            )
        ],
        notes=[Note(id=f"{cid}-n0", text="Asked the press office.", author="ana", at="2026-01-02")],
    )


def make_events(n: int) -> list[Event]:
    return [
        Event(
            id=f"e{k:05d}",
            article_id=ARTICLE_ID,
            at=f"2026-01-02T10:{k // 60 % 60:02d}:{k % 60:02d}Z",
            author="ana",
            action="tick",
            claim_id=f"c{k:05d}",
            target=f"c{k:05d}-i0",
            before=False,
            after=True,
        )
        for k in range(1, n + 1)
    ]


def make_case(n_claims: int = 3) -> tuple[Article, list[Claim], list[Event]]:
    return make_article(), [make_claim(n) for n in range(1, n_claims + 1)], make_events(n_claims)


def tick(claim: Claim, k: int, author: str = "ben", at: str = "2026-01-03T08:00:00Z") -> None:
    item = claim.checklist[k]
    item.done = not item.done
    item.rev += 1
    item.updated_by = author
    item.updated_at = at


def clone(claims: list[Claim]) -> list[Claim]:
    return msgspec.convert(msgspec.to_builtins(claims), list[Claim])


# ------------------------------------------------------------------------------------ export


def test_export_is_deterministic_and_round_trips() -> None:
    article, claims, events = make_case(5)
    first = case_to_json(article, claims, events)
    second = case_to_json(article, list(reversed(claims)), list(reversed(events)))
    assert first == second
    assert first.endswith(b"}\n")
    doc = json.loads(first)
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["format"] == "factcheck-case"
    assert "exported_at" not in doc
    assert [c["number"] for c in doc["claims"]] == [1, 2, 3, 4, 5]
    assert list(doc) == sorted(doc)
    assert first.splitlines()[1] == b'  "article": {'
    case = parse_case(first)
    assert case.article == article
    assert case.claims == claims
    assert case.events == events
    assert case_to_json(case.article, case.claims, case.events) == first


def test_export_keeps_text_as_utf8_not_escapes() -> None:
    article, claims, events = make_case(1)
    claims[0].text = "Der Bürgermeister sagte «42 %» — 東京"
    data = case_to_json(article, claims, events)
    assert "Der Bürgermeister sagte «42 %» — 東京".encode() in data
    assert b"\\u001b" in data  # control characters in text are escaped, never raw
    assert b"\x1b" not in data


def _diff(a: bytes, b: bytes) -> list[str]:
    lines = difflib.unified_diff(a.decode().splitlines(), b.decode().splitlines(), n=0, lineterm="")
    return [x for x in lines if x[:1] in "+-" and not x.startswith(("+++", "---"))]


def test_one_tick_changes_one_line() -> None:
    article, claims, events = make_case(20)
    before = case_to_json(article, claims, events)
    tick(claims[9], 2)
    after = case_to_json(article, claims, events)
    changed = _diff(before, after)
    assert len(changed) == 2  # one line out, one line in
    assert '"done":true' in changed[1] and '"rev":1' in changed[1]


def test_one_tick_with_its_event_adds_one_more_line() -> None:
    article, claims, events = make_case(20)
    before = case_to_json(article, claims, events)
    tick(claims[9], 2)
    events.append(
        Event(
            id="e99999",
            article_id=ARTICLE_ID,
            at="2026-01-03T08:00:00Z",
            author="ben",
            action="tick",
            claim_id=claims[9].id,
            target=claims[9].checklist[2].id,
        )
    )
    changed = _diff(before, case_to_json(article, claims, events))
    assert len([x for x in changed if x.startswith("-")]) == 1
    assert len([x for x in changed if x.startswith("+")]) == 2


def test_git_diff_of_a_tick_is_one_line(tmp_path: Path) -> None:
    article, claims, events = make_case(10)
    path = tmp_path / "roads.factcheck.json"
    path.write_bytes(case_to_json(article, claims, events))
    run = {"cwd": tmp_path, "check": True, "capture_output": True}
    subprocess.run(["git", "init", "-q"], **run)
    subprocess.run(["git", "add", path.name], **run)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "a"], **run
    )
    tick(claims[4], 1)
    path.write_bytes(case_to_json(article, claims, events))
    out = subprocess.run(["git", "diff", "--numstat"], text=True, **run).stdout
    assert out.split()[:2] == ["1", "1"]


def test_schema_is_draft_2020_12_and_shipped_file_is_current() -> None:
    schema = case_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"schema_version", "format", "article", "claims"} <= set(schema["required"])
    assert "ChecklistItem" in schema["$defs"]
    shipped = Path(__file__).resolve().parents[1] / "factcheck" / "casefile.schema.json"
    assert json.loads(shipped.read_text(encoding="utf-8")) == schema


# ------------------------------------------------------------------------------------ import


def _case_bytes(n: int = 3) -> bytes:
    return case_to_json(*make_case(n))


def test_size_limit_is_checked_first() -> None:
    with pytest.raises(ValidationError, match="more than the 100-byte limit"):
        parse_case(b"[" * 200, max_bytes=100)


def test_two_gigabyte_file_is_refused_from_its_size_instantly(tmp_path: Path) -> None:
    path = tmp_path / "huge.factcheck.json"
    with path.open("wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: no disk used
    start = time.perf_counter()
    with pytest.raises(ValidationError, match=r"huge\.factcheck\.json: 2,147,483,648 bytes"):
        read_case_file(path)
    assert time.perf_counter() - start < 0.5


def test_deep_nesting_is_refused_without_recursion() -> None:
    data = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(ValidationError, match="nested deeper than 64 levels"):
        parse_case(data, source_name="deep.json")


def test_deep_nesting_inside_a_string_is_only_text() -> None:
    article, claims, events = make_case(1)
    claims[0].text = "[" * 5000 + "{" * 5000
    case = parse_case(case_to_json(article, claims, events))
    assert case.claims[0].text.startswith("[[[[")


def test_duplicate_keys_are_refused_with_their_path() -> None:
    data = _case_bytes(2).replace(b'"done":false', b'"done":false,"done":true', 1)
    with pytest.raises(
        ValidationError, match=r'\$\.claims\[0\]\.checklist\[0\]: duplicate key "done"'
    ):
        parse_case(data, source_name="case.json")


def test_duplicate_top_level_key() -> None:
    data = _case_bytes(1).replace(b'"format":', b'"format": "x", "format":', 1)
    with pytest.raises(ValidationError, match=r'\$: duplicate key "format"'):
        parse_case(data)


@pytest.mark.parametrize("token", [b"NaN", b"Infinity", b"-Infinity"])
def test_nan_and_infinity_are_refused(token: bytes) -> None:
    data = _case_bytes(1).replace(b'"score": 0.75', b'"score": ' + token, 1)
    with pytest.raises(ValidationError, match="NaN and Infinity are not valid JSON numbers"):
        parse_case(data, source_name="case.json")


def test_number_out_of_range_is_refused() -> None:
    data = _case_bytes(1).replace(b'"score": 0.75', b'"score": 1e999', 1)
    with pytest.raises(ValidationError, match=r"\$\.claims\[0\]\.score: number out of range"):
        parse_case(data)


def test_lone_surrogate_escape_is_refused() -> None:
    data = _case_bytes(1).replace(b"Asked the press office.", b"Asked \\ud800 the office.", 1)
    with pytest.raises(ValidationError, match=r"lone surrogate escape \\ud800"):
        parse_case(data, source_name="case.json")


def test_surrogate_pairs_and_escaped_backslashes_are_fine() -> None:
    data = _case_bytes(1).replace(b"Asked the press office.", b"\\ud83d\\ude00 \\\\ud800", 1)
    case = parse_case(data)
    assert case.claims[0].notes[0].text == "\U0001f600 \\ud800"


def test_control_characters_in_ids_are_refused() -> None:
    data = _case_bytes(3).replace(b'"id":"c00002-i1"', b'"id":"c00002-\\u001b[2Ji1"', 1)
    with pytest.raises(
        ValidationError, match=r"\$\.claims\[1\]\.checklist\[1\]\.id: control character U\+001B"
    ):
        parse_case(data)


def test_markup_and_escape_sequences_in_text_are_kept_as_data() -> None:
    article, claims, events = make_case(1)
    claims[0].text = "[bold red]x[/] \x1b[2J <b>y</b> [@click=app.quit]"
    case = parse_case(case_to_json(article, claims, events))
    assert case.claims[0].text == claims[0].text
    assert case.article.title == article.title


def test_newer_schema_version_is_refused() -> None:
    data = _case_bytes(1).replace(b'"schema_version": 1', b'"schema_version": 7', 1)
    with pytest.raises(ValidationError, match="made by a newer factcheck"):
        parse_case(data)


def test_not_a_case_file() -> None:
    with pytest.raises(ValidationError, match="not a factcheck case file"):
        parse_case(b'{"hello": "world"}')
    with pytest.raises(ValidationError, match="expected an object"):
        parse_case(b"[1, 2]")
    with pytest.raises(ValidationError, match=r"line 1, column \d+: malformed JSON"):
        parse_case(b'{"a": }')
    with pytest.raises(ValidationError, match="not UTF-8"):
        parse_case(b'{"a": "\xff"}')


def test_wrong_type_at_claim_4999_of_5000_names_the_path() -> None:
    article, claims, events = make_case(5000)
    doc = json.loads(case_to_json(article, claims, events))
    doc["claims"][4998]["checklist"][2]["done"] = "yes"
    data = json.dumps(doc).encode()
    with pytest.raises(ValidationError) as info:
        parse_case(data, source_name="case.json")
    assert str(info.value) == (
        "case.json: $.claims[4998].checklist[2].done: expected a boolean, got a string"
    )


def test_missing_field_names_the_path() -> None:
    doc = json.loads(_case_bytes(2))
    del doc["claims"][1]["sources"][0]["url"]
    with pytest.raises(
        ValidationError, match=r"\$\.claims\[1\]\.sources\[0\]: object missing required field `url`"
    ):
        parse_case(json.dumps(doc).encode())


def test_bad_verdict_and_foreign_claim_are_refused() -> None:
    doc = json.loads(_case_bytes(2))
    doc["claims"][0]["verdict"] = "pants-on-fire"
    with pytest.raises(ValidationError, match=r"\$\.claims\[0\]\.verdict"):
        parse_case(json.dumps(doc).encode())
    doc = json.loads(_case_bytes(2))
    doc["claims"][1]["article_id"] = "other"
    with pytest.raises(ValidationError, match=r"\$\.claims\[1\]\.article_id"):
        parse_case(json.dumps(doc).encode())
    doc = json.loads(_case_bytes(2))
    doc["claims"][1]["id"] = doc["claims"][0]["id"]
    with pytest.raises(ValidationError, match="duplicate id"):
        parse_case(json.dumps(doc).encode())


def test_read_case_file_refuses_a_directory_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="not a regular file"):
        read_case_file(tmp_path)
    with pytest.raises(ValidationError, match="cannot read"):
        read_case_file(tmp_path / "nope.json")


# ------------------------------------------------------------------------------------ merge


def test_one_sided_edits_are_kept_both_ways() -> None:
    base = [make_claim(1), make_claim(2)]
    ours, theirs = clone(base), clone(base)
    tick(ours[0], 0, "ana")
    ours[1].verdict = Verdict.FALSE
    ours[1].rev += 1
    tick(theirs[0], 3, "ben")
    theirs[1].sources.append(Source(id="new-src", url="https://x.example/", rev=1))
    theirs[0].notes.append(Note(id="n-ben", text="Ben's note", author="ben"))
    result = merge_claims(base, ours, theirs)
    assert result.conflicts == []
    one, two = result.claims
    assert one.checklist[0].done and one.checklist[3].done
    assert not one.checklist[1].done
    assert [n.id for n in one.notes] == ["c00001-n0", "n-ben"]
    assert two.verdict is Verdict.FALSE
    assert [s.id for s in two.sources] == ["c00002-s0", "new-src"]
    assert result.stats.changed == 2
    # and the other way round gives the same content
    swapped = merge_claims(base, theirs, ours)
    assert [c.checklist for c in swapped.claims] == [c.checklist for c in result.claims]


def test_both_sided_change_is_a_conflict_recorded_in_the_claim() -> None:
    base = [make_claim(1)]
    ours, theirs = clone(base), clone(base)
    ours[0].verdict, theirs[0].verdict = Verdict.TRUE, Verdict.FALSE
    ours[0].checklist[1].note = "mine"
    theirs[0].checklist[1].note = "theirs"
    result = merge_claims(base, ours, theirs)
    assert len(result.conflicts) == 2
    claim = result.claims[0]
    assert claim.verdict is Verdict.TRUE  # ours kept until resolved
    paths = {c["path"]: c for c in claim.conflicts}
    assert paths["verdict"] == {
        "field": "verdict",
        "path": "verdict",
        "ours": "true",
        "theirs": "false",
        "base": "unchecked",
    }
    item_path = f"checklist/{claim.checklist[1].id}/note"
    assert paths[item_path]["label"] == claim.checklist[1].label
    assert "claim 1: verdict: ours" in str(result.conflicts[0])
    verdict_index = [c["path"] for c in claim.conflicts].index("verdict")
    resolved = resolve_conflict(claim, verdict_index, "theirs")
    assert resolved.verdict is Verdict.FALSE
    assert [c["path"] for c in resolved.conflicts] == [item_path]
    resolved = resolve_conflict(resolved, 0, "theirs")
    assert resolved.checklist[1].note == "theirs" and resolved.conflicts == []
    kept = resolve_conflict(claim, verdict_index, "mine")
    assert kept.verdict is Verdict.TRUE
    with pytest.raises(ValidationError):
        resolve_conflict(claim, 5, "mine")


def test_same_change_on_both_sides_is_no_conflict() -> None:
    base = [make_claim(1)]
    ours, theirs = clone(base), clone(base)
    for side in (ours, theirs):
        side[0].verdict = Verdict.MISLEADING
    assert merge_claims(base, ours, theirs).conflicts == []


def test_tombstones_win() -> None:
    base = [make_claim(1), make_claim(2)]
    ours, theirs = clone(base), clone(base)
    ours[0].deleted = True
    ours[0].rev += 1
    theirs[0].verdict = Verdict.TRUE  # edited on their side: still deleted after the merge
    theirs[1].checklist[2].deleted = True
    tick(ours[1], 2)
    result = merge_claims(base, ours, theirs)
    one, two = result.claims
    assert one.deleted and one.verdict is Verdict.TRUE
    assert two.checklist[2].deleted and two.checklist[2].done
    # an old file without the tombstone cannot resurrect it, with or without base
    again = merge_claims(None, result.claims, base)
    assert again.claims[0].deleted and again.claims[1].checklist[2].deleted
    again = merge_claims(base, base, result.claims)
    assert again.claims[0].deleted


def test_two_way_import_newer_rev_wins_and_is_idempotent() -> None:
    mine = [make_claim(1), make_claim(2)]
    theirs = clone(mine)
    tick(theirs[0], 1, "ben")  # item rev 1 > 0: theirs is newer
    theirs[1].verdict = Verdict.TRUE
    theirs[1].rev = 3
    theirs.append(make_claim(3))
    first = merge_claims(None, mine, theirs)
    assert first.conflicts == []
    assert first.stats.added == 1 and first.stats.changed == 2
    assert first.claims[0].checklist[1].done
    assert first.claims[1].verdict is Verdict.TRUE
    second = merge_claims(None, first.claims, theirs)
    assert second.claims == first.claims
    assert second.stats.changed == 0 and second.stats.added == 0


def test_two_way_equal_revs_different_content_conflicts_once() -> None:
    mine = [make_claim(1)]
    theirs = clone(mine)
    mine[0].checklist[0].label = "Mine"
    theirs[0].checklist[0].label = "Theirs"
    mine[0].checklist[0].rev = theirs[0].checklist[0].rev = 2
    first = merge_claims(None, mine, theirs)
    assert [c.field for c in first.conflicts] == ["label"]
    second = merge_claims(None, first.claims, theirs)
    assert second.conflicts == [] and second.claims == first.claims


def test_independent_checklists_pair_by_label() -> None:
    mine = [make_claim(1)]
    theirs = clone(mine)
    for n, item in enumerate(theirs[0].checklist):
        item.id = f"other-{n}"
    theirs[0].checklist[2].done = True
    theirs[0].checklist[2].rev = 1
    merged = merge_claims(None, mine, theirs).claims[0]
    assert len(merged.checklist) == 4
    assert merged.checklist[2].id == "c00001-i2" and merged.checklist[2].done


def test_source_checks_are_unioned_and_sorted() -> None:
    base = [make_claim(1)]
    ours, theirs = clone(base), clone(base)
    ours[0].sources[0].checks.append(Check(outcome="ok", checked_at="2026-01-05T00:00:00Z"))
    theirs[0].sources[0].checks.append(Check(outcome="gone", checked_at="2026-01-04T00:00:00Z"))
    merged = merge_claims(base, ours, theirs).claims[0]
    assert [c.checked_at for c in merged.sources[0].checks] == [
        "2026-01-02T09:00:00Z",
        "2026-01-04T00:00:00Z",
        "2026-01-05T00:00:00Z",
    ]


def test_resolved_conflict_stays_resolved_on_reimport() -> None:
    mine = [make_claim(1)]
    theirs = clone(mine)
    mine[0].verdict, theirs[0].verdict = Verdict.TRUE, Verdict.FALSE
    mine[0].rev = theirs[0].rev = 1
    merged = merge_claims(None, mine, theirs).claims
    assert len(merged[0].conflicts) == 1
    fixed = resolve_conflict(merged[0], 0, "theirs")
    fixed.rev += 1
    again = merge_claims(None, [fixed], theirs)
    assert again.claims[0].conflicts == [] and again.claims[0].verdict is Verdict.FALSE


def test_events_are_unioned_oldest_first() -> None:
    events = make_events(5)
    merged = merge_events(events[3:], events[:4])
    assert [e.id for e in merged] == [e.id for e in events]


def test_merge_cases_refuses_different_articles() -> None:
    article, claims, events = make_case(1)
    other = dataclasses.replace(article, id="zzz")
    with pytest.raises(ValidationError, match="different articles"):
        merge_cases(None, Case(article, claims, events), Case(other, [], []))


# ------------------------------------------------------------------------------------ driver


def _write(path: Path, claims: list[Claim], events: list[Event] | None = None) -> Path:
    path.write_bytes(case_to_json(make_article(), claims, events or []))
    return path


def test_merge_files_clean(tmp_path: Path) -> None:
    base = [make_claim(1), make_claim(2)]
    ours, theirs = clone(base), clone(base)
    tick(ours[0], 0)
    tick(theirs[1], 1)
    b = _write(tmp_path / "base", base)
    o = _write(tmp_path / "ours", ours)
    t = _write(tmp_path / "theirs", theirs)
    assert merge_files(b, o, t) == 0
    merged = read_case_file(o).claims
    assert merged[0].checklist[0].done and merged[1].checklist[1].done
    assert list(tmp_path.iterdir()).__len__() == 3  # no temp file left behind


def test_merge_files_conflict_and_empty_base(tmp_path: Path) -> None:
    ours, theirs = [make_claim(1)], [make_claim(1)]
    ours[0].verdict, theirs[0].verdict = Verdict.TRUE, Verdict.FALSE
    ours[0].rev = theirs[0].rev = 1
    b = tmp_path / "base"
    b.write_bytes(b"")
    o = _write(tmp_path / "ours", ours)
    t = _write(tmp_path / "theirs", theirs)
    assert merge_files(b, o, t) == 1
    merged = read_case_file(o).claims[0]
    assert merged.conflicts[0]["theirs"] == "false"


def test_merge_files_bad_input_leaves_ours_untouched(tmp_path: Path) -> None:
    base = [make_claim(1)]
    b = _write(tmp_path / "base", base)
    o = _write(tmp_path / "ours", base)
    before = o.read_bytes()
    t = tmp_path / "theirs"
    t.write_bytes(before.replace(b'"schema_version": 1', b'"schema_version": 2'))
    with pytest.raises(ValidationError, match="newer factcheck"):
        merge_files(b, o, t)
    assert o.read_bytes() == before


def test_duplicate_keys_found_when_strings_hold_quotes_and_colons() -> None:
    article, claims, events = make_case(2)
    claims[0].text = 'He said "x": and \\": too'
    data = case_to_json(article, claims, events)
    assert parse_case(data).claims[0].text == claims[0].text
    spaced = data.replace(b'"number": 2,', b'"number" : 2, "number" :2,', 1)
    with pytest.raises(ValidationError, match=r'\$\.claims\[1\]: duplicate key "number"'):
        parse_case(spaced)


def test_nesting_that_hides_from_the_scan_is_still_bounded() -> None:
    doc = json.loads(_case_bytes(1))
    deep: list = []
    for _ in range(200):
        deep = [[], deep]  # never more than two opening brackets in a row
    doc["events"][0]["after"] = deep
    with pytest.raises(ValidationError, match=r"\$\.events\[0\]\.after: nested too deeply"):
        parse_case(json.dumps(doc).encode())


def test_exported_files_take_the_fast_path_and_others_the_exact_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import factcheck.exchange as exchange

    article, claims, events = make_case(3)
    data = case_to_json(article, claims, events, base=claims[:1])
    calls: list[int] = []
    exact = exchange._decode_checked
    monkeypatch.setattr(exchange, "_decode_checked", lambda *a: calls.append(1) or exact(*a))
    case = parse_case(data)
    assert calls == [] and case.base == claims[:1]
    assert case.claims == claims and case.events == events and case.article == article
    doc = json.loads(data)
    del doc["claims"][0]["manual"]  # an omitted field with a default is fine, via the exact path
    assert parse_case(json.dumps(doc).encode()).claims[0].manual is False
    assert calls == [1]


# ------------------------------------------------------------------ two-way, with histories


def _event(eid: str, claim: Claim, target: str | None, before: object, after: object) -> Event:
    return Event(
        id=eid,
        article_id=ARTICLE_ID,
        at=f"2026-02-01T00:00:{len(eid):02d}Z",
        author="x",
        action="edit",
        claim_id=claim.id,
        target=target,
        before=before,
        after=after,
    )


def _two_teams() -> tuple[Case, Case]:
    """Ana sets a verdict; Ben, from the same start, ticks five items (so his claim rev is
    higher). Neither has seen the other's work."""
    start = [make_claim(1, items=6)]
    shared = [_event("e-start", start[0], None, None, {"added": True})]
    ana, ben = clone(start), clone(start)
    ana[0].verdict, ana[0].rev = Verdict.TRUE, 1
    ana_events = [
        *shared,
        _event("e-ana", ana[0], None, {"verdict": "unchecked"}, {"verdict": "true"}),
    ]
    ben_events = list(shared)
    for k in range(5):
        tick(ben[0], k, "ben")
        ben[0].rev += 1
        item = ben[0].checklist[k].id
        ben_events.append(_event(f"e-ben-{k}", ben[0], item, {"done": False}, {"done": True}))
    return Case(make_article(), ana, ana_events), Case(make_article(), ben, ben_events)


def test_histories_keep_both_sides_work_without_a_base() -> None:
    ana, ben = _two_teams()
    merged, result = merge_cases(None, ana, ben)
    claim = merged.claims[0]
    assert result.conflicts == []
    assert claim.verdict is Verdict.TRUE  # Ben's higher rev does not erase Ana's verdict
    assert [i.done for i in claim.checklist] == [True] * 5 + [False]
    assert {e.id for e in merged.events} == {e.id for e in ana.events} | {e.id for e in ben.events}
    # the other way round, and a second import, agree
    back, _ = merge_cases(None, ben, ana)
    assert back.claims[0].verdict is Verdict.TRUE and back.claims[0].progress == (5, 6)
    again, result = merge_cases(None, merged, ben)
    assert again.claims == merged.claims and result.stats.changed == 0


def test_histories_both_set_the_verdict_is_a_conflict() -> None:
    ana, ben = _two_teams()
    ben.claims[0].verdict = Verdict.FALSE
    ben.events.append(
        _event("e-ben-v", ben.claims[0], None, {"verdict": "unchecked"}, {"verdict": "false"})
    )
    merged, result = merge_cases(None, ana, ben)
    assert [(c.field, c.ours, c.theirs) for c in result.conflicts] == [("verdict", "true", "false")]
    assert merged.claims[0].progress == (5, 6)


def test_histories_a_descendant_wins_whole() -> None:
    ana, ben = _two_teams()
    merged, _ = merge_cases(None, ben, ana)  # Ben imports Ana's file ...
    later = Case(merged.article, clone(merged.claims), list(merged.events))
    tick(later.claims[0], 5, "ben")  # ... and ticks the last item
    later.claims[0].verdict = Verdict.MOSTLY_TRUE
    later.events.append(
        _event("e-ben-late", later.claims[0], None, {"verdict": "true"}, {"verdict": "mostly-true"})
    )
    result, outcome = merge_cases(None, ana, later)  # Ana imports Ben's newer file
    assert outcome.conflicts == []
    assert result.claims[0].verdict is Verdict.MOSTLY_TRUE
    assert result.claims[0].progress == (6, 6)


def test_histories_of_unknown_shape_give_a_conflict_not_a_loss() -> None:
    ana, ben = _two_teams()
    ben.claims[0].verdict = Verdict.FALSE
    ben.events.append(_event("e-ben-odd", ben.claims[0], None, "?", "?"))
    _, result = merge_cases(None, ana, ben)
    assert [c.field for c in result.conflicts] == ["verdict"]


def test_new_items_keep_their_place_and_a_one_sided_reorder_is_kept() -> None:
    base = [make_claim(1, items=4)]
    ours, theirs = clone(base), clone(base)
    theirs[0].checklist.insert(2, ChecklistItem(id="theirs-new", label="Call the agency", rev=1))
    ours[0].checklist.append(ChecklistItem(id="ours-new", label="Ask the editor", rev=1))
    merged = merge_claims(base, ours, theirs).claims[0]
    assert [i.id for i in merged.checklist] == [
        "c00001-i0",
        "c00001-i1",
        "theirs-new",
        "c00001-i2",
        "c00001-i3",
        "ours-new",
    ]
    ours, theirs = clone(base), clone(base)
    theirs[0].checklist.reverse()
    merged = merge_claims(base, ours, theirs).claims[0]
    assert [i.id for i in merged.checklist] == [i.id for i in theirs[0].checklist]


def test_merge_files_with_nothing_new_leaves_the_bytes_alone(tmp_path: Path) -> None:
    claims = [make_claim(1), make_claim(2)]
    tick(claims[1], 2)
    events = make_events(2)
    b = tmp_path / "base"
    b.write_bytes(case_to_json(make_article(), [make_claim(1), make_claim(2)], events))
    o = tmp_path / "ours"
    o.write_bytes(case_to_json(make_article(), claims, events))
    t = tmp_path / "theirs"
    t.write_bytes(o.read_bytes())
    before = o.read_bytes()
    assert merge_files(b, o, t) == 0
    assert o.read_bytes() == before


def test_claims_new_on_both_sides_merge_by_rev_without_history() -> None:
    ours, theirs = [make_claim(7)], [make_claim(7)]
    theirs[0].kinds, theirs[0].rev = ["quote"], 2
    ours[0].checklist[0].note, ours[0].checklist[0].rev = "asked", 1
    result = merge_claims([], ours, theirs)  # a base that does not know the claim
    claim = result.claims[0]
    assert result.conflicts == []
    assert claim.kinds == ["quote"] and claim.checklist[0].note == "asked"


def test_error_messages_never_carry_control_characters() -> None:
    doc = json.loads(_case_bytes(1))
    doc["claims"][0]["facts"][0] = {"kind": "number", "text": "x", "\x1b[2J\n": 1}
    data = json.dumps(doc).replace('"\\u001b[2J\\n": 1', '"\\u001b[2J\\n": 1, "\\u001b[2J\\n": 2')
    with pytest.raises(ValidationError) as info:
        parse_case(data.encode(), source_name="case.json")
    message = str(info.value)
    assert 'duplicate key "\\u001b[2J\\n"' in message
    assert "\x1b" not in message and "\n" not in message
    assert "$.claims[0].facts[0]" in message


def test_every_string_may_hold_markup_and_escapes() -> None:
    article, claims, events = make_case(2)
    odd = "[b]x[/b] [@click=app.quit] \x1b]8;;http://evil\x07link\x1b]8;;\x07 <i>y</i> \u202e\x00"
    article.title = article.text = odd
    for claim in claims:
        claim.text = claim.checklist[0].label = claim.checklist[0].note = odd
        claim.notes[0].text = claim.sources[0].note = claim.updated_by = odd
        claim.kinds = [odd]
    events[0].after = {"text": odd}
    case = parse_case(case_to_json(article, claims, events))
    assert case.claims == claims and case.article.title == odd and case.events == events
