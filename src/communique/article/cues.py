"""The furniture word lists of furniture.yaml, loaded once and compiled into patterns."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml


@dataclass(frozen=True)
class Cues:
    """Compiled cue patterns; built once from furniture.yaml."""

    related: re.Pattern[str]
    related_alone: frozenset[str]
    share_phrase: re.Pattern[str]
    share_word: re.Pattern[str]
    other_exact: frozenset[str]
    other_prefix: re.Pattern[str]
    copyright_anywhere: tuple[str, ...]
    byline: re.Pattern[str]
    byline_joiners: frozenset[str]
    caption_prefix: re.Pattern[str]
    credit_label: re.Pattern[str]
    agency: re.Pattern[str]
    agencies: frozenset[str]
    dateline_words: frozenset[str]
    dateline_relative: frozenset[str]
    dateline_anchor: re.Pattern[str]
    months: frozenset[str]
    weekdays: frozenset[str]
    tagline_words: re.Pattern[str]
    html_caption_classes: tuple[str, ...]
    html_credit_classes: tuple[str, ...]


def _alternation(words: list[str]) -> str:
    # longest first, so "read more" wins over "read"
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def fold(text: str) -> str:
    """Lower-case, punctuation-free form used to compare whole lines with word lists."""
    return " ".join(re.sub(r"[^\w&©]+", " ", text.lower()).split())


@functools.cache
def cues() -> Cues:
    """The cue patterns, read from the package's furniture.yaml on first use."""
    data = yaml.safe_load(resources.files(__package__).joinpath("furniture.yaml").read_text("utf-8"))
    share = [w for w in data["share"] if " " in w]
    share_single = [w for w in data["share"] if " " not in w]
    return Cues(
        related=re.compile(rf"^(?:{_alternation(data['related'])})\s*(?::|\||>|»|[-–—]\s)\s*(?P<rest>\S.*)$",
                           re.I),
        related_alone=frozenset(fold(w) for w in data["related"]),
        share_phrase=re.compile(rf"^(?:{_alternation(share)})\b", re.I),
        share_word=re.compile(rf"^(?:{_alternation(share_single)})(?:$|\s*[:|@>»-]|\s+(?:us|on|via|now|here)\b)", re.I),
        other_exact=frozenset(fold(w) for w in data["other_exact"]),
        other_prefix=re.compile(rf"^(?:{_alternation(data['other_prefix'])})", re.I),
        copyright_anywhere=tuple(w.lower() for w in data["copyright_anywhere"]),
        byline=re.compile(rf"^(?:{_alternation(data['byline_prefix'])})\s*:?\s+(?P<names>\S.*)$", re.I),
        byline_joiners=frozenset(w.lower() for w in data["byline_joiners"]),
        caption_prefix=re.compile(rf"^(?:{_alternation(data['caption_prefix'])})\s*:\s*\S", re.I),
        credit_label=re.compile(rf"^(?:{_alternation(data['credit_label'])})\b\s*[:/]?\s*", re.I),
        agency=re.compile(rf"\b(?:{_alternation(data['agencies'])})\b", re.I),
        agencies=frozenset(w.lower() for w in data["agencies"]),
        dateline_words=frozenset(w.lower() for w in data["dateline_words"]),
        dateline_relative=frozenset(w.lower() for w in data["dateline_relative"]),
        dateline_anchor=re.compile(rf"\b(?:{_alternation(data['dateline_relative_anchor'])})\b", re.I),
        months=frozenset(w.lower() for w in data["months"]),
        weekdays=frozenset(w.lower() for w in data["weekdays"]),
        tagline_words=re.compile(rf"\b(?:{_alternation(data['tagline_words'])})\b", re.I),
        html_caption_classes=tuple(w.lower() for w in data["html_caption_classes"]),
        html_credit_classes=tuple(w.lower() for w in data["html_credit_classes"]),
    )

