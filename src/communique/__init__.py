"""communique: news articles in, a traceable record of world politics out."""

from .errors import CommuniqueError, InputError
from .records import Actor, Article, Claim, Document, Event, Place, Quote, Span, TimeExpr
from .runner import documents, extract
from .settings import Settings

__version__ = "0.1.0"

__all__ = ["extract", "documents", "Settings", "Document", "Article", "Actor", "Event", "Quote", "Claim",
           "Place", "TimeExpr", "Span", "CommuniqueError", "InputError", "Store"]


def __getattr__(name: str):  # Store pulls in DuckDB; load it only when asked for
    if name == "Store":
        from .store import Store

        return Store
    raise AttributeError(name)
