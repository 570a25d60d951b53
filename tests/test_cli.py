"""The command line as a user runs it: real store file, JSON shapes, one-line errors."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.cli import main


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def article(tmp_path: Path, sample_text: str) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(sample_text, encoding="utf-8")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def test_add_then_claims_json(capsys, db_path: Path, article: Path, sample_text: str) -> None:
    code, out, _ = run(capsys, db_path, "add", str(article), "--json")
    assert code == 0
    added = json.loads(out)
    assert set(added) >= {"id", "title", "claims"} and added["claims"] >= 3
    code, out, _ = run(capsys, db_path, "claims", added["id"], "--json")
    claims = json.loads(out)
    assert len(claims) == added["claims"]
    for n, claim in enumerate(claims, 1):
        assert claim["number"] == n
        assert sample_text[claim["start"] : claim["end"]] == claim["text"]
        assert claim["verdict"] == "unchecked"
        assert {"id", "label", "done"} <= set(claim["checklist"][0])
        assert {"id", "kinds", "score", "sources", "notes"} <= set(claim)


def test_tick_verdict_note_round_trip(capsys, db_path: Path, article: Path) -> None:
    run(capsys, db_path, "add", str(article))
    # The article can be named by the path it was added from.
    assert run(capsys, db_path, "tick", str(article), "2", "1")[0] == 0
    assert run(capsys, db_path, "verdict", str(article), "2", "misleading", "--force")[0] == 0
    assert run(capsys, db_path, "note", str(article), "2", "Asked the council")[0] == 0
    claim = json.loads(run(capsys, db_path, "claims", str(article), "--json")[1])[1]
    assert claim["checklist"][0]["done"] is True
    assert claim["verdict"] == "misleading"
    assert claim["notes"][0]["text"] == "Asked the council"
    assert claim["notes"][0]["author"] == "tester"
    assert run(capsys, db_path, "tick", str(article), "2", "1", "--undo")[0] == 0
    claim = json.loads(run(capsys, db_path, "claims", str(article), "--json")[1])[1]
    assert claim["checklist"][0]["done"] is False
    code, out, _ = run(capsys, db_path, "history", str(article), "2")
    assert code == 0 and "tick" in out and "untick" in out and "tester" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "{missing}"], "no such file"),
        (["add", "{dir}"], "is a directory"),
        (["add", "{binary}"], "binary"),
        (["add", "{empty}"], "empty"),
        (["claims", "nope"], "no article"),
        (["tick", "{article}", "99", "1"], "claim 99 is out of range"),
        (["tick", "{article}", "1", "99"], "item 99 is out of range"),
        (["verdict", "{article}", "1", "perhaps"], "unknown verdict"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    capsys, tmp_path: Path, db_path: Path, article: Path, args: list[str], message: str
) -> None:
    run(capsys, db_path, "add", str(article))
    (tmp_path / "bin.dat").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "empty.txt").write_text("")
    names = {
        "missing": str(tmp_path / "missing.txt"),
        "dir": str(tmp_path),
        "binary": str(tmp_path / "bin.dat"),
        "empty": str(tmp_path / "empty.txt"),
        "article": str(article),
    }
    before = digest(db_path)
    code, _out, err = run(capsys, db_path, *[a.format(**names) for a in args])
    assert code == 1
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert digest(db_path) == before


def test_python_m_factcheck_and_console_script_work(tmp_path: Path, article: Path) -> None:
    db = tmp_path / "s.fcdb"
    proc = subprocess.run(
        [sys.executable, "-m", "factcheck", "--db", str(db), "add", str(article), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["claims"] >= 3
    proc = subprocess.run(
        [sys.executable, "-m", "factcheck", "--db", str(db), "tick", "zzz", "1", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1 and proc.stderr.startswith("factcheck: no article")


def test_bad_usage_exits_2(capsys, db_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--db", str(db_path), "tick"])
    assert exc.value.code == 2


def test_templates_lists_origins(capsys, db_path: Path) -> None:
    code, out, _ = run(capsys, db_path, "templates", "--json")
    names = {t["name"] for t in json.loads(out)}
    assert code == 0 and {"default", "statistic", "quote", "attribution"} <= names


def test_claim_and_item_editing_commands(capsys, db_path: Path, article: Path) -> None:
    run(capsys, db_path, "add", str(article))
    a = str(article)

    def claims() -> list[dict]:
        return json.loads(run(capsys, db_path, "claims", a, "--json")[1])

    n = len(claims())
    assert run(capsys, db_path, "claim", "add", a, "--text", "Is the tram worth it?")[0] == 0
    assert len(claims()) == n + 1
    added = next(c for c in claims() if c["text"] == "Is the tram worth it?")
    code, _, err = run(capsys, db_path, "claim", "add", a, "--text", "not in the article")
    assert code == 1 and "not in the article" in err
    assert run(capsys, db_path, "claim", "split", a, str(added["number"]), "7")[0] == 0
    assert len(claims()) == n + 2
    number = added["number"]
    assert run(capsys, db_path, "claim", "merge", a, str(number), str(number + 1))[0] == 0
    assert run(capsys, db_path, "claim", "kinds", a, str(number), "prediction,causal")[0] == 0
    assert claims()[number - 1]["kinds"] == ["prediction", "causal"]
    assert run(capsys, db_path, "claim", "remove", a, str(number))[0] == 0
    assert len(claims()) == n

    assert run(capsys, db_path, "item", "add", a, "1", "Call the operator")[0] == 0
    labels = [i["label"] for i in claims()[0]["checklist"]]
    assert labels[-1] == "Call the operator"
    assert run(capsys, db_path, "item", "move", a, "1", str(len(labels)), "-1")[0] == 0
    assert claims()[0]["checklist"][-2]["label"] == "Call the operator"
    assert run(capsys, db_path, "item", "delete", a, "1", "1")[0] == 0
    assert claims()[0]["checklist"][0]["label"] == labels[1]
    assert run(capsys, db_path, "undo", a)[0] == 0
    assert claims()[0]["checklist"][0]["label"] == labels[0]
    assert run(capsys, db_path, "undo", a, "--redo")[0] == 0
    assert claims()[0]["checklist"][0]["label"] == labels[1]
