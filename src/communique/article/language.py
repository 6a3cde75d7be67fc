"""Language identification of the body with py3langid."""

from __future__ import annotations

import functools
import re

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

SHORT_WORDS = 20  # below this many words the classifier is often unsure
UNSURE = 0.5  # normalised probability under which a short text's label is not trusted
SAMPLE = 1500  # characters taken from the start, middle and end of a long text: enough to tell its language
_ASCII_LATIN = re.compile(r"^[\x00-\x7f‘’“”–—…\u00a0]*$")


@functools.cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language; "en" for a short ASCII text the classifier is unsure of."""
    if not text.strip():
        return None
    code, prob = _identifier().classify(_sample(text))
    if len(text.split()) < SHORT_WORDS and prob < UNSURE and _ASCII_LATIN.match(text):
        return "en"
    return str(code)


def _sample(text: str) -> str:
    """The whole of a short text; of a long one its start, middle and end (the classifier's cost grows with length)."""
    if len(text) <= 3 * SAMPLE:
        return text
    mid = len(text) // 2
    return " ".join((text[:SAMPLE], text[mid - SAMPLE // 2:mid + SAMPLE // 2], text[-SAMPLE:]))
