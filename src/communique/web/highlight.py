"""An article's text as HTML with its actors, places, times, quotes and events marked and linked."""

from __future__ import annotations

import re
from html import escape
from typing import Any
from urllib.parse import quote


def actor_href(key: str) -> str:
    return "/actors/" + quote(key, safe="")


def highlight(doc: dict[str, Any], keys: dict[str, str]) -> str:
    """Body HTML, paragraph by paragraph; `keys` maps each actor id to its store-wide key.

    The text is cut at every span boundary, so overlapping marks (an actor inside a quote inside an
    event) never produce crossed tags: each piece carries all the marks that cover it.
    """
    text: str = doc["article"]["text"]
    marks: list[tuple[int, int, str, dict[str, str]]] = []
    for actor in doc["actors"]:
        for m in actor["mentions"]:
            marks.append((m["start"], m["end"], "actor", {"actor": actor["id"], "key": keys.get(actor["id"], "")}))
    for place in doc["places"]:
        for m in place["mentions"]:
            marks.append((m["start"], m["end"], "place", {"place": place["id"]}))
    for t in doc["times"]:
        marks.append((t["start"], t["end"], "time", {"value": t.get("value") or ""}))
    for q in doc["quotes"]:
        marks.append((q["start"], q["end"], "quote", {"quote": q["id"]}))
    for e in doc["events"]:
        ev = e["evidence"]
        marks.append((ev["start"], ev["end"], "event", {"event": e["id"], "type": e["type"]}))
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    pieces = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [m for m in marks if m[0] <= a and b <= m[1]]
        chunk = escape(text[a:b]).replace("\n\n", "</p><p>").replace("\n", "<br>")
        if not covering:
            pieces.append(chunk)
            continue
        classes = " ".join(sorted({m[2] for m in covering}))
        data = {}
        for m in covering:
            data.update(m[3])
        attrs = "".join(f' data-{k}="{escape(v)}"' for k, v in data.items())
        if "actor" in {m[2] for m in covering} and data.get("key"):
            pieces.append(f'<a class="{classes}" href="{actor_href(data["key"])}"{attrs}>{chunk}</a>')
        else:
            pieces.append(f'<span class="{classes}"{attrs}>{chunk}</span>')
    return "<p>" + "".join(pieces) + "</p>"


def furniture_html(text: str, actors: list[dict[str, Any]], keys: dict[str, str]) -> str:
    """Furniture text with the names of known actors linked (a caption's other spelling included)."""
    names = sorted({(n, a["id"]) for a in actors if a["kind"] == "person" for n in [a["name"], *a["aliases"]]
                    if len(n) > 3}, key=lambda x: -len(x[0]))
    if not names:
        return escape(text)
    pattern = re.compile("|".join(re.escape(n) for n, _ in names))
    owner = dict(names)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last:m.start()]))
        aid = owner[m.group(0)]
        out.append(f'<a class="actor" href="{actor_href(keys.get(aid, ""))}" data-actor="{aid}">'
                   f'{escape(m.group(0))}</a>')
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)
