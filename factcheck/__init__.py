"""factcheck: a terminal workbench for fact-checkers.

The public Python API. Imports are lazy so that ``import factcheck`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Store",
    "__version__",
    "extract_claims",
    "load_article",
    "split_sentences",
]

if TYPE_CHECKING:
    from factcheck.claims import extract_claims
    from factcheck.ingest import load_article
    from factcheck.sentences import split_sentences
    from factcheck.store import Store

_LAZY = {
    "Store": "factcheck.store",
    "extract_claims": "factcheck.claims",
    "load_article": "factcheck.ingest",
    "split_sentences": "factcheck.sentences",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
