"""Build the real app on a real store holding the bundled sample article (or a given text)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from factcheck.ingest import load_article
from factcheck.store import Store
from factcheck.tui.app import FactcheckApp, sample_path


def add_sample(store: Store) -> str:
    loaded = load_article(sample_path())
    return store.add_article(
        loaded.text, title=loaded.title, source=str(sample_path()), links=loaded.links
    ).id


def make_app(db_path: Path, *, poll_interval: float = 0, **kwargs: Any) -> FactcheckApp:
    store = Store(db_path, author="tester")
    return FactcheckApp(store, add_sample(store), poll_interval=poll_interval, **kwargs)


def make_text_app(
    db_path: Path, text: str, title: str | None = None, **kwargs: Any
) -> FactcheckApp:
    store = Store(db_path, author="tester")
    article_id = store.add_article(text, title=title).id
    kwargs.setdefault("poll_interval", 0)
    return FactcheckApp(store, article_id, **kwargs)


async def wait_for(pilot: Any, condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Let the app run until ``condition()`` holds (workers, timers) or the time is up."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        if condition():
            return True
        await pilot.pause(0.02)
    return condition()


def long_article(sentences: int) -> str:
    """A report with many check-worthy sentences (numbers, dates, attributions)."""
    paragraphs = []
    for p in range(sentences // 5):
        paragraphs.append(
            " ".join(
                f"In {2000 + (p * 5 + k) % 25} the district of Town{p * 5 + k} reported "
                f"{(p * 5 + k) * 37 % 9000 + 100:,} new homes, according to the housing office."
                for k in range(5)
            )
        )
    return "# A long report on housing\n\n" + "\n\n".join(paragraphs) + "\n"
