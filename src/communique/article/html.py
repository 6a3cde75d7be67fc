"""HTML -> Article: body and metadata through trafilatura and htmldate, captions pulled out with lxml."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree
from trafilatura.utils import load_html

from ..errors import InputError
from ..records import Article, Furniture
from .build import build_article
from .cues import cues, fold
from .dateline import dateline_value, normalise_date
from .furniture import DATELINE, JUNK, caption_items, classify_line, find_credit
from .text import Parsed

MAX_CAPTION_CHARS = 500  # a "caption" element longer than this is a container, not a caption
MAX_FIGURE_CHARS = 300
MIN_FALLBACK_WORDS = 5  # a <p> shorter than this is not taken as body by the last-resort reader
DATE_OPTIONS: dict[str, Any] = {"original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S",
                                 "extensive_search": True}
_SKIP = {"script", "style", "noscript", "template", "head", "title", "meta"}


def parse_html(html: str | bytes, *, origin: str, meta: Mapping[str, Any] | None = None) -> Article:
    """Read one HTML page into an Article; `meta` (title, published, url, source, author) wins.

    Figure captions and photo credits become furniture. Malformed or truncated markup gives what
    it can. Raises InputError(origin, "no article body found in HTML") when no body text is found.
    """
    meta = meta or {}
    parsed = extract_html(html, url=meta.get("url"))
    if not parsed.paragraphs:
        raise InputError(origin, "no article body found in HTML")
    return build_article(parsed, origin=origin, meta=meta)


def extract_html(html: str | bytes, *, url: str | None = None, favor_precision: bool = True) -> Parsed:
    """The parts of an HTML page: title, date, author, site name, captions, body paragraphs."""
    # favor_precision: shingle F1 0.966 on the Scrapinghub AEB set, against 0.963 balanced or favor_recall
    tree = _load(html)
    if tree is None:
        return Parsed()
    furniture = pull_captions(tree)
    spare = copy.deepcopy(tree)
    doc = _trafilatura(tree, url, favor_precision=favor_precision)
    if favor_precision and (doc is None or not (doc.text or "").strip()):
        # precision mode gives up on some short or unusual pages that recall mode reads
        doc = _trafilatura(copy.deepcopy(spare), url, favor_precision=False)
    parsed = Parsed(furniture=furniture)
    lines: list[str] = []
    if doc is not None:
        parsed.title = _clean(doc.title)
        parsed.author = _clean(doc.author)
        parsed.source = _clean(doc.sitename)
        parsed.url = _clean(doc.url)
        parsed.published = normalise_date(doc.date)
        lines = (doc.text or "").split("\n")
    if not any(line.strip() for line in lines):
        lines = _paragraphs_of(spare)
        parsed.title = parsed.title or _clean(spare.findtext(".//title"))
    if doc is None:
        parsed.published = normalise_date(find_date(copy.deepcopy(spare), **DATE_OPTIONS, url=url))
    _split_body(lines, parsed)
    return parsed


def _trafilatura(tree: lxml.html.HtmlElement, url: str | None, *, favor_precision: bool) -> Any:
    return trafilatura.bare_extraction(
        tree, url=url, include_comments=False, include_tables=True, favor_precision=favor_precision,
        favor_recall=not favor_precision, with_metadata=True, deduplicate=False,
        date_extraction_params=DATE_OPTIONS)


def pull_captions(tree: lxml.html.HtmlElement) -> list[Furniture]:
    """Remove figure captions and photo credits from the tree and return them as furniture, in order."""
    c = cues()
    picked: list[tuple[etree._Element, str]] = []
    taken: set[etree._Element] = set()
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in _SKIP:
            continue
        role = _caption_role(el, c.html_caption_classes, c.html_credit_classes)
        if role is None or any(a in taken for a in el.iterancestors()):
            continue
        text = _text(el)
        if not text or len(text) > (MAX_FIGURE_CHARS if role == "figure" else MAX_CAPTION_CHARS):
            continue
        picked.append((el, role))
        taken.add(el)
    furniture: list[Furniture] = []
    for el, role in picked:
        text = _text(el)
        if role == "credit":
            furniture.append(Furniture("credit", find_credit(f"[{text}]")[0] or text))
        else:
            credits = [_text(d) for d in el.iterdescendants()
                       if isinstance(d.tag, str) and _caption_role(d, (), c.html_credit_classes) == "credit"]
            credit = next((x for x in credits if x), None)
            if credit and fold(credit) == fold(text):
                furniture.append(Furniture("credit", credit))
            else:
                furniture.extend(caption_items(text, credit))
        _drop(el)
    return furniture


def _caption_role(el: etree._Element, caption_classes: tuple[str, ...],
                  credit_classes: tuple[str, ...]) -> str | None:
    if el.tag == "figcaption":
        return "caption"
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    if names.strip():
        if any(k in names for k in credit_classes):
            return "credit"
        if any(k in names for k in caption_classes):
            return "caption"
    if el.tag == "figure" and caption_classes:
        return "figure"
    return None


def _split_body(lines: list[str], parsed: Parsed) -> None:
    """Body lines to paragraphs, keeping out the furniture lines trafilatura let through."""
    title = fold(parsed.title or "")
    for i, raw in enumerate(lines):
        line = " ".join(raw.split())
        if not line:
            continue
        if i == 0 and title and fold(line) == title:
            continue
        found = classify_line(line)
        if found is None:
            parsed.paragraphs.append(line)
            continue
        for item in found:
            if item.kind == DATELINE:
                parsed.published = parsed.published or dateline_value(item.text)
                parsed.furniture.append(Furniture("other", item.text))
            elif item.kind != JUNK:
                parsed.furniture.append(item)


def _load(html: str | bytes) -> lxml.html.HtmlElement | None:
    html = html.strip()
    if not html:
        return None
    tree = load_html(html)
    if tree is None:
        # trafilatura refuses very small documents; lxml still reads them
        try:
            tree = lxml.html.fromstring(html)
        except (etree.ParserError, ValueError):
            return None
    return tree


def _paragraphs_of(tree: lxml.html.HtmlElement) -> list[str]:
    """Last resort for pages trafilatura gives up on (tiny or broken): the text of their <p> elements."""
    out = []
    for el in tree.iter("p"):
        text = _text(el)
        if len(text.split()) >= MIN_FALLBACK_WORDS:
            out.append(text)
    return out


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


def _drop(el: etree._Element) -> None:
    """Remove an element but keep the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
