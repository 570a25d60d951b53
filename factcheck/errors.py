"""Errors a user can act on. Each carries a one-line message for stderr or a notification."""

from __future__ import annotations


class FactcheckError(Exception):
    """Base class: the message is shown to the user as it is, on one line."""

    def __str__(self) -> str:
        return " ".join(super().__str__().split())


class NotFoundError(FactcheckError):
    """An article, claim, item or source that does not exist."""


class InputError(FactcheckError):
    """Bad input from the user: a missing file, binary data, an empty article."""


class StoreError(FactcheckError):
    """The store cannot be opened, read or written."""


class FetchError(FactcheckError):
    """A URL could not be fetched under the safety rules."""


class ValidationError(FactcheckError):
    """A file from outside (case file, template, config) is not valid."""
