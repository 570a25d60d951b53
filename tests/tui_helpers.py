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


FIXED_TEXT = """Port Avelin's tram, one year on

The city says its new tram line cut car traffic on the coastal road by 34% in its first year.
The line opened on 14 March 2025 and carried 8.2 million passengers, according to the authority.

"Every tram takes about 120 cars off the road," said Mayor Ines Calder on Tuesday.
Not everyone is convinced.

The project cost €412 million, 18% more than the budget of €349 million, the council said.
Critics expect traffic to return within five years.
"""

_FIXED_CLAIMS = [
    ("The city says its new tram line", ["statistic", "attribution"], 0.93),
    ("The line opened on 14 March 2025", ["statistic", "date-event"], 0.88),
    ('"Every tram takes about 120 cars', ["quote", "statistic"], 0.9),
    ("The project cost €412 million", ["statistic", "comparison"], 0.95),
    ("Critics expect traffic to return", ["prediction"], 0.61),
]


def fixed_templates() -> dict[str, Any]:
    from factcheck.templates import Template, TemplateItem

    def t(name: str, kinds: list[str], *labels: tuple[str, bool]) -> Template:
        return Template(name, kinds, [TemplateItem(label, req) for label, req in labels])

    return {
        "default": t("default", ["other"], ("Find the original source", True)),
        "statistic": t(
            "statistic",
            ["statistic"],
            ("Find the original dataset", True),
            ("Check the unit and the base", True),
            ("Recompute the percentage", False),
        ),
        "quote": t("quote", ["quote"], ("Trace the quote to a recording", True)),
        "prediction": t("prediction", ["prediction"], ("Find the model behind it", False)),
    }


def make_fixed_app(db_path: Path, **kwargs: Any) -> FactcheckApp:
    """A small article with hand-made claims and checklists: pictures that do not change
    when the detector or the bundled templates improve."""
    from factcheck.model import DetectedClaim

    detected = []
    for start_words, kinds, score in _FIXED_CLAIMS:
        start = FIXED_TEXT.index(start_words)
        end = min(
            i for i in (FIXED_TEXT.find(".\n", start), FIXED_TEXT.find('," said', start)) if i > 0
        )
        end = FIXED_TEXT.index("\n", start) if FIXED_TEXT[end] == "," else end + 1
        detected.append(
            DetectedClaim(
                FIXED_TEXT[start:end], start, end, score, kinds, [f"kinds: {', '.join(kinds)}"]
            )
        )
    store = Store(db_path, author="tester", templates=fixed_templates())
    article_id = store.add_article(
        FIXED_TEXT, title="Port Avelin's tram, one year on", detected=detected
    ).id
    kwargs.setdefault("poll_interval", 0)
    return FactcheckApp(store, article_id, **kwargs)
