"""Sources end to end: attach with the CLI, check against a real server, see the record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.cli import main
from tests.httpserver import TestServer

PAGE = """<html><head><title>Transport report [/b]</title></head><body><article>
<p>The city says its new tram line cut car traffic by 34% in its first year.</p>
<p>Mayor Ines Calder said: "We promised people a faster way into the centre."</p>
</article></body></html>"""


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_source_check_and_recheck(capsys, tmp_path: Path, db_path: Path, sample_text: str) -> None:
    story = tmp_path / "story.txt"
    story.write_text(sample_text, encoding="utf-8")
    run(capsys, db_path, "add", str(story))
    with TestServer() as server:
        server.page("/report", PAGE)
        server.redirect("/old", "/report", status=301)
        server.page("/gone", "gone", status=410)
        for path in ("/old", "/gone"):
            assert run(capsys, db_path, "source", str(story), "1", server.url(path))[0] == 0
        code, _, err = run(capsys, db_path, "source", str(story), "1", "javascript:alert(1)")
        assert code == 1 and "cannot be a source" in err

        # Loopback is refused unless allowed.
        code, out, _ = run(capsys, db_path, "check", str(story), "--json")
        assert code == 0
        assert {r["outcome"] for r in json.loads(out)} == {"forbidden-address"}

        code, out, _ = run(capsys, db_path, "check", str(story), "--json", "--allow-private")
        results = {r["url"].rsplit("/", 1)[1]: r for r in json.loads(out)}
        old, gone = results["old"], results["gone"]
        assert old["outcome"] == "redirected" and old["final_url"] == server.url("/report")
        assert old["status"] == 200 and old["title"] == "Transport report [/b]"
        assert len(old["sha256"]) == 64 and old["claim"] == 1
        assert "34%" in old["evidence"]["found"]
        assert gone["outcome"] == "not-found" and gone["status"] == 410

        server.page("/report", PAGE.replace("34%", "35%"))
        code, out, _ = run(capsys, db_path, "check", str(story), "--json", "--allow-private")
        again = {r["url"].rsplit("/", 1)[1]: r for r in json.loads(out)}
        assert "content changed" in again["old"]["changes"]

    claims = json.loads(run(capsys, db_path, "claims", str(story), "--json")[1])
    sources = claims[0]["sources"]
    assert [s["checks"] for s in sources] == [3, 3]
    assert sources[0]["outcome"] == "redirected"
