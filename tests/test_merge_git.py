"""The git merge driver, in a real git repository with two branches editing one case file."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.exchange import case_to_json, read_case_file
from factcheck.model import Article, ChecklistItem, Claim, Verdict

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ROOT = Path(__file__).resolve().parents[1]
CASE = "roads.factcheck.json"
DRIVER = (
    "import sys\n"
    "from factcheck.errors import FactcheckError\n"
    "from factcheck.exchange import merge_files\n"
    "try:\n"
    "    sys.exit(merge_files(*sys.argv[1:4]))\n"
    "except FactcheckError as exc:\n"
    "    print(f'factcheck merge: {exc}', file=sys.stderr)\n"
    "    sys.exit(2)\n"
)


def _article() -> Article:
    return Article(id="art1", text="One. Two. Three.", title="Roads")


def _claims() -> list[Claim]:
    return [
        Claim(
            id=f"claim{n}",
            article_id="art1",
            number=n,
            text=f"Claim {n}.",
            start=0,
            end=5,
            checklist=[ChecklistItem(id=f"claim{n}-item{k}", label=f"Step {k}") for k in range(4)],
        )
        for n in range(1, 4)
    ]


class Repo:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.env = {
            **os.environ,
            "HOME": str(path.parent),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", *args],
            cwd=self.path,
            env=self.env,
            check=check,
            capture_output=True,
            text=True,
        )

    def write(self, claims: list[Claim]) -> None:
        (self.path / CASE).write_bytes(case_to_json(_article(), claims, []))

    def read(self) -> list[Claim]:
        return read_case_file(self.path / CASE).claims

    def commit(self, message: str) -> None:
        self.git("add", CASE)
        self.git("commit", "-q", "-m", message)


FACTCHECK_SCRIPT = Path(sys.executable).with_name("factcheck")


def _driver_command(kind: str) -> str:
    if kind == "script":
        return f"{shlex.quote(str(FACTCHECK_SCRIPT))} merge %O %A %B"
    return f"{shlex.quote(sys.executable)} -c {shlex.quote(DRIVER)} %O %A %B"


@pytest.fixture(
    params=[
        "python",
        pytest.param(
            "script",
            marks=pytest.mark.skipif(
                not FACTCHECK_SCRIPT.exists(), reason="the factcheck script is not installed"
            ),
        ),
    ]
)
def repo(tmp_path: Path, request: pytest.FixtureRequest) -> Repo:
    path = tmp_path / "team"
    path.mkdir()
    r = Repo(path)
    r.git("init", "-q", "-b", "main")
    r.git("config", "user.name", "Ana")
    r.git("config", "user.email", "ana@example.org")
    command = _driver_command(request.param)
    r.git("config", "merge.factcheck.name", "factcheck case files")
    r.git("config", "merge.factcheck.driver", command)
    (path / ".gitattributes").write_text("*.factcheck.json merge=factcheck\n", encoding="utf-8")
    r.git("add", ".gitattributes")
    r.write(_claims())
    r.commit("base")
    return r


def _tick(claims: list[Claim], n: int, k: int, who: str) -> None:
    item = claims[n].checklist[k]
    item.done, item.rev, item.updated_by = True, item.rev + 1, who


def test_edits_of_different_items_merge_cleanly(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "ben")
    claims = repo.read()
    _tick(claims, 0, 1, "ben")  # the line next to the one Ana ticks: a text merge would conflict
    claims[2].verdict, claims[2].rev = Verdict.FALSE, 1
    repo.write(claims)
    repo.commit("ben ticks and rates")

    repo.git("checkout", "-q", "main")
    claims = repo.read()
    _tick(claims, 0, 0, "ana")
    _tick(claims, 0, 2, "ana")
    repo.write(claims)
    repo.commit("ana ticks")

    merge = repo.git("merge", "-q", "--no-edit", "ben", check=False)
    assert merge.returncode == 0, merge.stdout + merge.stderr
    merged = repo.read()
    assert [i.done for i in merged[0].checklist] == [True, True, True, False]
    assert merged[0].checklist[1].updated_by == "ben"
    assert merged[2].verdict is Verdict.FALSE
    assert all(not c.conflicts for c in merged)
    assert "<<<<<<<" not in (repo.path / CASE).read_text(encoding="utf-8")
    assert repo.git("status", "--porcelain").stdout.strip() == ""


def test_same_field_on_both_branches_is_a_recorded_conflict(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "ben")
    claims = repo.read()
    claims[1].verdict, claims[1].rev = Verdict.FALSE, 1
    _tick(claims, 2, 3, "ben")
    repo.write(claims)
    repo.commit("ben: false")

    repo.git("checkout", "-q", "main")
    claims = repo.read()
    claims[1].verdict, claims[1].rev = Verdict.TRUE, 1
    repo.write(claims)
    repo.commit("ana: true")

    merge = repo.git("merge", "-q", "--no-edit", "ben", check=False)
    assert merge.returncode != 0
    text = (repo.path / CASE).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    doc = json.loads(text)
    assert doc["claims"][1]["conflicts"] == [
        {
            "base": "unchecked",
            "field": "verdict",
            "ours": "true",
            "path": "verdict",
            "theirs": "false",
        }
    ]
    merged = repo.read()
    assert merged[1].verdict is Verdict.TRUE  # ours, until someone resolves it
    assert merged[2].checklist[3].done  # the clean part of their work is there


def test_invalid_file_on_a_branch_fails_the_merge_and_keeps_ours(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "broken")
    (repo.path / CASE).write_text('{"format": "factcheck-case", "schema_version": 99}\n')
    repo.commit("from the future")
    repo.git("checkout", "-q", "main")
    claims = repo.read()
    _tick(claims, 0, 0, "ana")
    repo.write(claims)
    repo.commit("ana ticks")
    ours = (repo.path / CASE).read_bytes()
    merge = repo.git("merge", "-q", "--no-edit", "broken", check=False)
    assert merge.returncode != 0
    assert "made by a newer factcheck" in merge.stdout + merge.stderr
    assert (repo.path / CASE).read_bytes() == ours
