"""The domain store on a real file: edits persist, history is kept, re-adding keeps work."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.errors import InputError, NotFoundError
from factcheck.model import Link, Verdict
from factcheck.store import Store


@pytest.fixture
def store(db_path: Path) -> Store:
    s = Store(db_path, author="alice")
    yield s
    s.close()


def test_add_article_finds_claims_with_checklists(store: Store, sample_text: str) -> None:
    result = store.add_article(sample_text, title="City opens tram line")
    claims = store.claims(result.id)
    assert result.created and result.claims == len(claims) >= 3
    assert [c.number for c in claims] == list(range(1, len(claims) + 1))
    for claim in claims:
        assert sample_text[claim.start : claim.end] == claim.text
        assert claim.items, "every claim gets a checklist"
    texts = " ".join(c.text for c in claims)
    assert "Is the tram worth it?" not in texts
    assert "Read more" not in texts


def test_same_text_twice_is_the_same_article(store: Store, sample_text: str) -> None:
    first = store.add_article(sample_text)
    again = store.add_article(sample_text)
    assert first.id == again.id and not again.created
    assert len(store.articles()) == 1


def test_edits_survive_reopening(db_path: Path, sample_text: str) -> None:
    with Store(db_path, author="alice") as s:
        aid = s.add_article(sample_text).id
        s.tick(aid, 1, 1)
        s.set_verdict(aid, 2, "false")
        s.add_note(aid, 1, "Called the transport authority.")
    with Store(db_path) as s:
        c1, c2 = s.claims(aid)[:2]
        assert c1.items[0].done and c1.items[0].updated_by == "alice"
        assert c2.verdict is Verdict.FALSE
        assert c1.live_notes[0].text == "Called the transport authority."
        assert c1.last_changed[0] == "alice" and c1.items[0].rev == 1
        assert c2.updated_by == "alice" and c2.rev == 1


def test_bad_references_raise_clear_errors(store: Store, sample_text: str) -> None:
    aid = store.add_article(sample_text).id
    with pytest.raises(NotFoundError, match="claim 99 is out of range"):
        store.tick(aid, 99, 1)
    with pytest.raises(NotFoundError, match="item 42 is out of range"):
        store.tick(aid, 1, 42)
    with pytest.raises(InputError, match="unknown verdict"):
        store.set_verdict(aid, 1, "sort-of")
    with pytest.raises(NotFoundError, match="no article"):
        store.article("nope")
    with pytest.raises(InputError, match="empty"):
        store.add_article("   \n")


def test_article_lookup_by_prefix_and_source(store: Store, sample_text: str) -> None:
    aid = store.add_article(sample_text, source="/tmp/a.txt", url="https://x.example/a").id
    assert store.article(aid[:6]).id == aid
    assert store.article("/tmp/a.txt").id == aid
    assert store.article("https://x.example/a").id == aid


def test_history_records_before_and_after(store: Store, sample_text: str) -> None:
    aid = store.add_article(sample_text).id
    store.tick(aid, 1, 2)
    store.set_verdict(aid, 1, "true")
    events = store.history(aid, 1)
    assert [e.action for e in events] == ["tick", "verdict"]
    assert events[0].before == {"done": False} and events[0].after == {"done": True}
    assert events[1].author == "alice" and events[1].at.endswith("Z")


def test_undo_and_redo(store: Store, sample_text: str) -> None:
    aid = store.add_article(sample_text).id
    store.tick(aid, 1, 1)
    store.set_verdict(aid, 1, "misleading")
    store.undo(aid)
    assert store.claim(aid, 1).verdict is Verdict.UNCHECKED
    store.undo(aid)
    assert not store.claim(aid, 1).items[0].done
    store.redo(aid)
    assert store.claim(aid, 1).items[0].done
    actions = [e.action for e in store.history(aid)]
    assert actions[-3:] == ["undo", "undo", "redo"]


def test_checklist_editing_and_undoable_delete(store: Store, sample_text: str) -> None:
    aid = store.add_article(sample_text).id
    before = [i.label for i in store.claim(aid, 1).items]
    store.add_item(aid, 1, "Ask the tram operator")
    store.move_item(aid, 1, len(before) + 1, -1)
    labels = [i.label for i in store.claim(aid, 1).items]
    assert labels[-2] == "Ask the tram operator"
    store.edit_item(aid, 1, len(before), label="Ask the operator", note="phone first")
    store.delete_item(aid, 1, 1)
    assert store.claim(aid, 1).items[0].label == before[1]
    store.undo(aid)
    assert store.claim(aid, 1).items[0].label == before[0]


def test_changed_text_keeps_work_and_flags_changes(store: Store, sample_text: str) -> None:
    aid = store.add_article(sample_text, source="/tmp/story.txt").id
    quote = next(c for c in store.claims(aid) if "promised" in c.text)
    store.tick(aid, quote.id, 1)
    stat = next(c for c in store.claims(aid) if "34%" in c.text)
    store.set_verdict(aid, stat.id, "true")
    herald = next(c for c in store.claims(aid) if "Herald" in c.text)
    store.add_note(aid, herald.id, "survey unpublished")

    edited = sample_text.replace("by 34% in its first year", "by 35% in its first year")
    edited = edited.replace(
        "According to the Avelin Herald, 41 of the 230 members reported lower sales in 2025.\n",
        "",
    )
    result = store.add_article(edited, source="/tmp/story.txt")
    assert result.id == aid and not result.created
    assert len(result.changes.edited) == 1 and len(result.changes.removed) == 1
    claims = {c.id: c for c in store.claims(aid)}
    assert claims[quote.id].items[0].done and claims[quote.id].status == "active"
    assert claims[stat.id].verdict is Verdict.TRUE and claims[stat.id].status == "changed"
    assert "35%" in claims[stat.id].text and "34%" in (claims[stat.id].previous_text or "")
    assert claims[herald.id].status == "removed"
    assert claims[herald.id].live_notes[0].text == "survey unpublished"


def test_removed_claim_stays_removed(store: Store, sample_text: str) -> None:
    aid = store.add_article(sample_text, source="/tmp/s.txt").id
    victim = store.claim(aid, 1)
    store.delete_claim(aid, 1)
    store.add_article(sample_text + "\nThe line cost 412 million euros.\n", source="/tmp/s.txt")
    assert victim.id not in {c.id for c in store.claims(aid)}
    assert victim.id in {c.id for c in store.claims(aid, include_deleted=True)}


def test_manual_claims_split_merge_and_kinds(store: Store, sample_text: str) -> None:
    aid = store.add_article(sample_text).id
    start = sample_text.index("Is the tram worth it?")
    added = store.add_claim_span(aid, start, start + len("Is the tram worth it?"))
    assert added.manual and added.text == "Is the tram worth it?"
    n = len(store.claims(aid))
    first, second = store.split_claim(aid, added.number, 7)
    assert first.text == "Is the" and second.text == "tram worth it?"
    assert len(store.claims(aid)) == n + 1
    merged = store.merge_claims(aid, first.number, second.number)
    assert merged.text == "Is the tram worth it?" and len(store.claims(aid)) == n
    store.set_kinds(aid, merged.number, ["prediction"])
    assert store.claim(aid, merged.number).kinds == ["prediction"]
    with pytest.raises(InputError, match="unknown kind"):
        store.set_kinds(aid, 1, ["gossip"])


def test_article_links_become_candidate_sources(store: Store) -> None:
    text = "The report says 41% of shops lost money in 2025.\n\nNothing else here.\n"
    start = text.index("report")
    link = Link(href="https://example.org/report", start=start, end=start + 6, text="report")
    aid = store.add_article(text, links=[link]).id
    sources = store.claim(aid, 1).live_sources
    assert [(s.url, s.origin) for s in sources] == [("https://example.org/report", "article-link")]
