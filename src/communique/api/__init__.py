"""The REST API and web app over a store."""

from .app import ServerSettings, create_app

__all__ = ["ServerSettings", "create_app"]
