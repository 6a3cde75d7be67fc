"""Language identification of the body with py3langid."""

from __future__ import annotations

import functools
import re

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

SHORT_WORDS = 20  # below this many words the classifier is often unsure
UNSURE = 0.5  # normalised probability under which a short text's label is not trusted
_ASCII_LATIN = re.compile(r"^[\x00-\x7f‘’“”–—…\u00a0]*$")


@functools.cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language; "en" for a short ASCII text the classifier is unsure of."""
    if not text.strip():
        return None
    code, prob = _identifier().classify(text)
    if len(text.split()) < SHORT_WORDS and prob < UNSURE and _ASCII_LATIN.match(text):
        return "en"
    return str(code)
