"""Checklist templates: the shipped files, team folders, validation and merging by kinds."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from factcheck.errors import ValidationError
from factcheck.model import KINDS
from factcheck.templates import (
    ENV_VAR,
    builtin_dir,
    checklist_for,
    item_help,
    label_key,
    load_template_file,
    load_templates,
    unknown_kinds,
)

SHIPPED = {
    "default",
    "statistic",
    "comparison",
    "quote",
    "attribution",
    "date-event",
    "causal",
    "prediction",
    "image-video",
}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No templates from the developer's own config directory or environment."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr("factcheck.templates.user_dir", lambda: tmp_path / "no-user-config")


def _write(folder: Path, name: str, data: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def test_shipped_templates_load_and_cover_every_detected_kind() -> None:
    templates = load_templates()
    assert set(templates) >= SHIPPED
    covered = {k for t in templates.values() for k in t.kinds}
    assert set(KINDS) <= covered | {"other"}
    for t in templates.values():
        assert t.scope == "built-in" and Path(t.origin).parent == builtin_dir()
        assert any(i.required for i in t.items), t.name
        assert all(len(i.label) <= 80 for i in t.items), t.name
    assert unknown_kinds(templates["image-video"]) == ["image-video"]


def test_shipped_templates_carry_professional_practice() -> None:
    labels = " | ".join(i.label.lower() for t in load_templates().values() for i in t.items)
    for phrase in (
        "two independent sources",
        "archive",
        "contact the claimant",
        "original recording or transcript",
        "denominator",
        "old event",
        "reverse image search",
        "geolocate",
        "metadata",
        "correlation",
    ):
        assert phrase in labels, phrase


def test_several_kinds_merge_without_duplicates() -> None:
    templates = load_templates()
    items = checklist_for(["statistic", "quote"], templates)
    keys = [label_key(i.label) for i in items]
    assert len(keys) == len(set(keys))
    stat = [label_key(i.label) for i in templates["statistic"].items]
    quote = [label_key(i.label) for i in templates["quote"].items]
    assert keys == list(dict.fromkeys(stat + quote))  # statistic first: the claim's kind order
    archive = [i for i in items if "archive" in i.label.lower()]
    assert len(archive) == 1 and archive[0].required
    assert len({i.id for i in items}) == len(items)


def test_nothing_matches_gives_default() -> None:
    templates = load_templates()
    items = checklist_for(["no-such-kind"], templates)
    assert [i.label for i in items] == [i.label for i in templates["default"].items]
    assert [i.label for i in checklist_for([], templates)] == [i.label for i in items]


def test_ids_are_fresh_or_derived_from_the_claim() -> None:
    templates = load_templates()
    a = checklist_for(["quote"], templates)
    b = checklist_for(["quote"], templates)
    assert {i.id for i in a}.isdisjoint(i.id for i in b)
    c = checklist_for(["quote"], templates, claim_id="claim-1")
    d = checklist_for(["quote"], templates, claim_id="claim-1")
    e = checklist_for(["quote"], templates, claim_id="claim-2")
    assert [i.id for i in c] == [i.id for i in d]
    assert {i.id for i in c}.isdisjoint(i.id for i in e)


def test_team_folders_override_by_name_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "user"
    env_a, env_b, cli = tmp_path / "env-a", tmp_path / "env-b", tmp_path / "cli"
    monkeypatch.setattr("factcheck.templates.user_dir", lambda: user)
    item = {"label": "Ask the desk"}
    _write(user, "quote", {"kinds": ["quote"], "items": [{"label": "User quote step"}]})
    _write(env_a, "house", {"kinds": ["quote"], "items": [item]})
    _write(env_b, "house", {"kinds": ["quote"], "items": [{"label": "Env B step"}]})
    _write(cli, "statistic", {"kinds": ["statistic"], "items": [{"label": "Team stat step"}]})
    monkeypatch.setenv(ENV_VAR, f"{env_a}{os.pathsep}{env_b}")
    templates = load_templates([cli])
    assert templates["quote"].scope == "user"
    assert templates["house"].scope == ENV_VAR and templates["house"].origin.startswith(str(env_b))
    assert [i.label for i in templates["statistic"].items] == ["Team stat step"]
    assert templates["statistic"].scope == "--checklists"
    assert templates["causal"].scope == "built-in"
    labels = [i.label for i in checklist_for(["quote"], templates)]
    assert labels == ["Env B step", "User quote step"]  # house < quote by name


def test_missing_named_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"nope \(--checklists\): not a folder"):
        load_templates([tmp_path / "nope"])


def test_help_text_is_offered_by_label() -> None:
    helps = item_help(load_templates())
    assert (
        "web.archive.org"
        in helps[label_key("Archive every source (Wayback Machine or archive.today)")]
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", r"line 1, column 2"),
        ('{"kinds": ["quote"], "items": [{"label": "a"}], "kinds": ["x"]}', "duplicate key"),
        ('{"kinds": ["quote"], "items": [{"label": NaN}]}', "NaN is not allowed"),
        ([1], "expected a JSON object"),
        ({"kinds": ["quote"], "items": [{"label": "a"}], "itmes": []}, r"itmes: unknown key"),
        ({"items": [{"label": "a"}]}, r"kinds: expected a non-empty list"),
        ({"kinds": ["Quote!"], "items": [{"label": "a"}]}, r"kinds\[0\]: not a claim kind"),
        ({"kinds": ["quote"], "items": []}, r"items: expected a non-empty list"),
        ({"kinds": ["quote"], "items": ["a"]}, r"items\[0\]: expected an object"),
        ({"kinds": ["quote"], "items": [{"lable": "a"}]}, r"items\[0\]\.lable: unknown key"),
        ({"kinds": ["quote"], "items": [{"required": True}]}, r"items\[0\]\.label: missing"),
        ({"kinds": ["quote"], "items": [{"label": 3}]}, r"items\[0\]\.label: expected a string"),
        ({"kinds": ["quote"], "items": [{"label": "  "}]}, r"items\[0\]\.label: empty"),
        ({"kinds": ["quote"], "items": [{"label": "a\x1b[2J"}]}, r"control character U\+001B"),
        (
            {"kinds": ["quote"], "items": [{"label": "a", "required": "yes"}]},
            r"items\[0\]\.required: expected true or false",
        ),
        (
            {"kinds": ["quote"], "items": [{"label": "Check it"}, {"label": "check  IT"}]},
            r"items\[1\]\.label: the same label twice",
        ),
        ({"name": "Bad Name", "kinds": ["quote"], "items": [{"label": "a"}]}, r"name: expected"),
        ({"kinds": ["quote"], "items": [{"label": "x" * 201}]}, "longer than 200 characters"),
    ],
)
def test_bad_templates_are_refused_naming_file_and_key(
    tmp_path: Path, content: object, message: str
) -> None:
    path = _write(tmp_path / "team", "broken", content)
    with pytest.raises(ValidationError, match=message) as info:
        load_templates([tmp_path / "team"])
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_two_files_with_one_name_in_a_folder(tmp_path: Path) -> None:
    _write(tmp_path / "team", "a", {"name": "same", "kinds": ["quote"], "items": [{"label": "x"}]})
    _write(tmp_path / "team", "b", {"name": "same", "kinds": ["quote"], "items": [{"label": "y"}]})
    with pytest.raises(ValidationError, match="is already used by"):
        load_templates([tmp_path / "team"])


def test_markup_in_labels_is_plain_data(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "odd", {"kinds": ["quote"], "items": [{"label": "[bold]Check[/] <b>it</b>"}]}
    )
    assert load_template_file(path).items[0].label == "[bold]Check[/] <b>it</b>"
