"""Build the real app on a real store holding the bundled sample article."""

from __future__ import annotations

from pathlib import Path

from factcheck.ingest import load_article
from factcheck.store import Store
from factcheck.tui.app import FactcheckApp, sample_path


def add_sample(store: Store) -> str:
    loaded = load_article(sample_path())
    return store.add_article(
        loaded.text, title=loaded.title, source=str(sample_path()), links=loaded.links
    ).id


def make_app(db_path: Path, *, poll_interval: float = 0) -> FactcheckApp:
    store = Store(db_path, author="tester")
    return FactcheckApp(store, add_sample(store), poll_interval=poll_interval)
