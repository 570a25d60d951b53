"""Checklist templates: JSON files in ``checklists/``, chosen by a claim's kinds."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from factcheck.errors import ValidationError
from factcheck.model import ChecklistItem


@dataclass(slots=True)
class TemplateItem:
    label: str
    required: bool = False


@dataclass(slots=True)
class Template:
    name: str
    kinds: list[str]
    items: list[TemplateItem] = field(default_factory=list)
    description: str = ""
    origin: str = ""


def builtin_dir() -> Path:
    """The shipped templates: inside the wheel, or the repository folder in an editable install."""
    packaged = resources.files("factcheck") / "_checklists"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "checklists"


def _load_file(path: Path) -> Template:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(f"checklist template {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ValidationError(f"checklist template {path}: expected an object with 'items'")
    items = []
    for n, raw in enumerate(data["items"]):
        if not isinstance(raw, dict) or not isinstance(raw.get("label"), str):
            raise ValidationError(f"checklist template {path}: items[{n}] needs a 'label' string")
        items.append(TemplateItem(label=raw["label"], required=bool(raw.get("required", False))))
    return Template(
        name=str(data.get("name") or path.stem),
        kinds=[str(k) for k in data.get("kinds", [])],
        items=items,
        description=str(data.get("description", "")),
        origin=str(path),
    )


def load_templates(extra_dirs: tuple[Path, ...] = ()) -> dict[str, Template]:
    templates: dict[str, Template] = {}
    for folder in (builtin_dir(), *extra_dirs):
        for path in sorted(Path(folder).glob("*.json")):
            template = _load_file(path)
            templates[template.name] = template
    return templates


def checklist_for(kinds: list[str], templates: dict[str, Template]) -> list[ChecklistItem]:
    """The checklist for a claim: the items of every template matching its kinds, no duplicates."""
    chosen = [t for t in templates.values() if set(t.kinds) & set(kinds) and t.name != "default"]
    if not chosen and "default" in templates:
        chosen = [templates["default"]]
    seen: set[str] = set()
    items: list[ChecklistItem] = []
    for template in chosen:
        for item in template.items:
            key = " ".join(item.label.lower().split())
            if key in seen:
                continue
            seen.add(key)
            items.append(ChecklistItem(id=uuid.uuid4().hex, label=item.label, required=item.required))
    return items
