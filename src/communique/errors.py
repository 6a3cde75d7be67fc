"""One error hierarchy: every message names the input and the problem."""

from __future__ import annotations


class CommuniqueError(Exception):
    """Base of every error communique raises on purpose."""

    def __init__(self, origin: str, problem: str) -> None:
        # args stay (origin, problem) so errors survive pickling between worker processes
        super().__init__(origin, problem)
        self.origin = origin
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.origin}: {self.problem}"


class InputError(CommuniqueError):
    """An input cannot be read: missing, empty, binary, too large, undecodable, malformed."""


class FetchError(InputError):
    """A URL or feed could not be fetched."""


class RefusedFetch(FetchError):
    """A URL the fetch rules refuse: not http(s), or a host with an internal address (`Settings.public_only`)."""


class NotEnglishError(InputError):
    """The text is not in a language the pipeline handles."""


class StoreError(CommuniqueError):
    """The database cannot be opened or written."""


class GoldMissing(CommuniqueError):
    """A gold set is not where it was looked for."""
