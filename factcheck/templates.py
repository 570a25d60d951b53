"""Checklist templates: JSON files chosen by a claim's kinds.

Where templates come from, later ones overriding earlier ones with the same name:

1. the built-in ones shipped with the package (``checklists/`` in the repository),
2. ``checklists/`` in the user config directory (platformdirs),
3. the folders in ``FACTCHECK_CHECKLISTS`` (separated by ``os.pathsep``),
4. the folders given to ``load_templates`` (``--checklists DIR``, the config file).

A template file::

    {
      "name": "statistic",
      "description": "Numbers, percentages and amounts.",
      "kinds": ["statistic"],
      "items": [
        {"label": "Find the original dataset", "required": true, "help": "Why and how."}
      ]
    }

``name`` defaults to the file name without ``.json``; ``description``, ``required`` and ``help``
are optional. Unknown keys are refused, so a typo is not silently ignored.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from factcheck.errors import ValidationError
from factcheck.model import KINDS, ChecklistItem

__all__ = [
    "ENV_VAR",
    "Template",
    "TemplateItem",
    "builtin_dir",
    "checklist_for",
    "item_help",
    "label_key",
    "load_template_file",
    "load_templates",
    "template_dirs",
    "unknown_kinds",
    "user_dir",
]

ENV_VAR = "FACTCHECK_CHECKLISTS"
MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_LABEL = 200
MAX_HELP = 2000
MAX_ITEMS = 200
DEFAULT = "default"

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_KIND = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_IN_HELP = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_TOP_KEYS = frozenset({"name", "description", "kinds", "items"})
_ITEM_KEYS = frozenset({"label", "required", "help"})
#: Derives stable item ids from a claim id and a label (see ``checklist_for``).
_ID_NAMESPACE = uuid.UUID("5b0f3c1e-5e4a-4b8e-9a51-6f1c2f0d7a11")


@dataclass(slots=True)
class TemplateItem:
    label: str
    required: bool = False
    help: str = ""


@dataclass(slots=True)
class Template:
    name: str
    kinds: list[str]
    items: list[TemplateItem] = field(default_factory=list)
    description: str = ""
    origin: str = ""  # the file it was read from
    scope: str = "built-in"  # built-in | user | FACTCHECK_CHECKLISTS | --checklists


def label_key(label: str) -> str:
    """Labels compare without case and with runs of spaces folded."""
    return " ".join(label.casefold().split())


def builtin_dir() -> Path:
    """The shipped templates: inside the wheel, or the repository folder in an editable install."""
    packaged = resources.files("factcheck") / "_checklists"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "checklists"


def user_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("factcheck")) / "checklists"


def template_dirs(extra_dirs: Sequence[str | os.PathLike[str]] = ()) -> list[tuple[Path, str]]:
    """Every folder templates are read from, in order, with its scope."""
    dirs: list[tuple[Path, str]] = [(builtin_dir(), "built-in"), (user_dir(), "user")]
    env = os.environ.get(ENV_VAR, "")
    dirs += [(Path(p).expanduser(), ENV_VAR) for p in env.split(os.pathsep) if p.strip()]
    dirs += [(Path(p).expanduser(), "--checklists") for p in extra_dirs]
    return dirs


def _fail(path: Path, where: str, message: str) -> ValidationError:
    return ValidationError(f"checklist template {path}: {where}: {message}")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    for k in keys:
        if keys.count(k) > 1:
            raise ValueError(f"duplicate key {json.dumps(k)}")
    return dict(pairs)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _text(path: Path, where: str, value: Any, limit: int, *, lines: bool = False) -> str:
    if not isinstance(value, str):
        raise _fail(path, where, f"expected a string, got {type(value).__name__}")
    if len(value) > limit:
        raise _fail(path, where, f"longer than {limit} characters")
    bad = (_CONTROL_IN_HELP if lines else _CONTROL).search(value)
    if bad:
        raise _fail(path, where, f"control character U+{ord(bad.group()):04X}")
    return value


def load_template_file(path: Path, scope: str = "") -> Template:
    """Read and validate one template file; errors name the file and the key."""
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise ValidationError(f"checklist template {path}: larger than 1 MiB")
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"checklist template {path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(
            raw.decode("utf-8-sig"),
            object_pairs_hook=_no_duplicates,
            parse_constant=_refuse_constant,
        )
    except UnicodeDecodeError:
        raise ValidationError(f"checklist template {path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _fail(path, f"line {exc.lineno}, column {exc.colno}", exc.msg) from None
    except (ValueError, RecursionError) as exc:
        raise ValidationError(f"checklist template {path}: {exc}") from None
    if not isinstance(data, dict):
        raise ValidationError(f"checklist template {path}: expected a JSON object")
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise _fail(path, unknown[0], f"unknown key (allowed: {', '.join(sorted(_TOP_KEYS))})")
    name = data.get("name", path.stem)
    if not isinstance(name, str) or not _NAME.match(name):
        raise _fail(path, "name", "expected lower-case letters, digits, '-' or '_'")
    description = _text(path, "description", data.get("description", ""), MAX_HELP)
    kinds = data.get("kinds")
    if not isinstance(kinds, list) or not kinds:
        raise _fail(path, "kinds", "expected a non-empty list of claim kinds")
    for n, kind in enumerate(kinds):
        if not isinstance(kind, str) or not _KIND.match(kind):
            raise _fail(path, f"kinds[{n}]", f"not a claim kind: {json.dumps(kind)}")
    items_raw = data.get("items")
    if not isinstance(items_raw, list) or not items_raw:
        raise _fail(path, "items", "expected a non-empty list of items")
    if len(items_raw) > MAX_ITEMS:
        raise _fail(path, "items", f"more than {MAX_ITEMS} items")
    items: list[TemplateItem] = []
    seen: set[str] = set()
    for n, entry in enumerate(items_raw):
        at = f"items[{n}]"
        if not isinstance(entry, dict):
            raise _fail(path, at, "expected an object with a 'label'")
        unknown = sorted(set(entry) - _ITEM_KEYS)
        if unknown:
            raise _fail(
                path,
                f"{at}.{unknown[0]}",
                f"unknown key (allowed: {', '.join(sorted(_ITEM_KEYS))})",
            )
        if "label" not in entry:
            raise _fail(path, f"{at}.label", "missing")
        label = _text(path, f"{at}.label", entry["label"], MAX_LABEL).strip()
        if not label:
            raise _fail(path, f"{at}.label", "empty")
        if label_key(label) in seen:
            raise _fail(path, f"{at}.label", f"the same label twice: {json.dumps(label)}")
        seen.add(label_key(label))
        required = entry.get("required", False)
        if not isinstance(required, bool):
            raise _fail(path, f"{at}.required", "expected true or false")
        help_text = _text(path, f"{at}.help", entry.get("help", ""), MAX_HELP, lines=True)
        items.append(TemplateItem(label=label, required=required, help=help_text.strip()))
    return Template(
        name=name,
        kinds=list(dict.fromkeys(kinds)),
        items=items,
        description=description.strip(),
        origin=str(path),
        scope=scope,
    )


def load_templates(extra_dirs: Sequence[str | os.PathLike[str]] = ()) -> dict[str, Template]:
    """All templates by name, later folders overriding earlier ones.

    A folder named in ``FACTCHECK_CHECKLISTS`` or ``extra_dirs`` must exist; the user folder
    may be missing. Two files of one folder may not declare the same name.
    """
    templates: dict[str, Template] = {}
    for folder, scope in template_dirs(extra_dirs):
        if not folder.is_dir():
            if scope in ("built-in", "user") and not folder.exists():
                continue
            raise ValidationError(f"checklist folder {folder} ({scope}): not a folder")
        here: dict[str, Template] = {}
        for path in sorted(folder.glob("*.json")):
            template = load_template_file(path, scope)
            if template.name in here:
                raise ValidationError(
                    f"checklist template {path}: name: {template.name!r} is already "
                    f"used by {here[template.name].origin}"
                )
            here[template.name] = template
        templates.update(here)
    return templates


def _chosen(kinds: Sequence[str], templates: Mapping[str, Template]) -> list[Template]:
    order = {kind: n for n, kind in enumerate(kinds)}
    chosen = [
        t for t in templates.values() if t.name != DEFAULT and any(k in order for k in t.kinds)
    ]
    chosen.sort(key=lambda t: (min(order[k] for k in t.kinds if k in order), t.name))
    if not chosen and DEFAULT in templates:
        chosen = [templates[DEFAULT]]
    return chosen


def checklist_for(
    kinds: Sequence[str],
    templates: Mapping[str, Template],
    *,
    claim_id: str | None = None,
) -> list[ChecklistItem]:
    """The checklist for a claim of these kinds.

    The items of every template whose kinds meet the claim's, in the order of the claim's kinds;
    a label that appears in several templates is kept once (case and spaces ignored; required
    if any of them requires it). A claim no template matches gets the ``default`` template.
    Item ids are new uuids; with ``claim_id`` they are derived from the claim and the label, so
    the same claim set up on two machines gets the same ids and case files merge item by item.
    """
    items: list[ChecklistItem] = []
    by_key: dict[str, ChecklistItem] = {}
    for template in _chosen(kinds, templates):
        for entry in template.items:
            key = label_key(entry.label)
            known = by_key.get(key)
            if known is not None:
                known.required = known.required or entry.required
                continue
            if claim_id is None:
                item_id = uuid.uuid4().hex
            else:
                item_id = uuid.uuid5(_ID_NAMESPACE, f"{claim_id}\n{key}").hex
            item = ChecklistItem(id=item_id, label=entry.label, required=entry.required)
            by_key[key] = item
            items.append(item)
    return items


def item_help(templates: Mapping[str, Template]) -> dict[str, str]:
    """Help text by ``label_key(label)``, for showing next to a checklist item."""
    helps: dict[str, str] = {}
    for template in templates.values():
        for entry in template.items:
            if entry.help:
                helps.setdefault(label_key(entry.label), entry.help)
    return helps


def unknown_kinds(template: Template) -> list[str]:
    """Kinds the claim detector never produces (a template for them applies only by hand)."""
    return [k for k in template.kinds if k not in KINDS]
