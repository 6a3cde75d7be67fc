"""The listing queries: each filter adds one WHERE clause; every list has the same stable order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import CommuniqueError


class Query:
    """A SELECT with AND-ed conditions, ordered, paged."""

    def __init__(self, select: str, order: str) -> None:
        self.select = select
        self.order = order
        self.conditions: list[str] = []
        self.params: list[Any] = []

    def where(self, sql: str, *params: Any) -> Query:
        """Add one condition with its parameters."""
        self.conditions.append(sql)
        self.params.extend(params)
        return self

    def build(self, limit: int | None, offset: int = 0) -> tuple[str, list[Any]]:
        """The SQL text and its parameters."""
        sql = self.select
        if self.conditions:
            sql += "\nWHERE " + "\n  AND ".join(self.conditions)
        sql += f"\nORDER BY {self.order}"
        params = list(self.params)
        if limit is not None:
            sql += "\nLIMIT ?"
            params.append(int(limit))
        if offset:
            sql += "\nOFFSET ?"
            params.append(int(offset))
        return sql, params


def name_match(alias: str, name: str) -> tuple[str, list[Any]]:
    """SQL true when actor row `alias` goes by `name`: its name, an alias or its kb id, any case.

    A `*` in `name` matches any run of characters ("abu*").
    """
    pattern = name.strip().lower()
    if "*" in pattern:
        pattern = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace("*", "%")
        op = "LIKE ? ESCAPE '\\'"
    else:
        op = "= ?"
    sql = (f"(lower({alias}.name) {op} OR lower({alias}.kb_id) {op}"
           f" OR len(list_filter({alias}.aliases, lambda x: lower(x) {op})) > 0)")
    return sql, [pattern] * 3


def period(q: Query, expr: str, since: str | None, until: str | None) -> Query:
    """Keep rows whose ISO date `expr` falls in [since, until], compared at the precision given.

    A coarser date that contains `since` ("2024-06" for since 2024-06-10) is kept.
    """
    if since:
        q.where(f"({expr} >= ? OR starts_with(?, {expr}))", since, since)
    if until:
        q.where(f"substr({expr}, 1, ?) <= ?", len(until), until)
    return q


def _either(q: Query, sql_params: Sequence[tuple[str, list[Any]]], joiner: str) -> Query:
    """One condition joining several with `joiner`."""
    return q.where("(" + f" {joiner} ".join(s for s, _ in sql_params) + ")",
                   *[p for _, ps in sql_params for p in ps])


def _dyad(dyad: str | Sequence[str]) -> tuple[str, str]:
    """The two names of "A,B" (or of a pair)."""
    names = [n.strip() for n in (dyad.split(",") if isinstance(dyad, str) else dyad)]
    if len(names) != 2 or not all(names):
        raise CommuniqueError(f"dyad {dyad!r}",
                              "expected two actor names separated by a comma, e.g. 'Hamas,Israel'")
    return names[0], names[1]


def events(*, actor: str | None = None, dyad: str | Sequence[str] | None = None, type: str | None = None,
           since: str | None = None, until: str | None = None, place: str | None = None,
           article: str | None = None) -> Query:
    """Events with their actors' names and their article's title and date."""
    q = Query("""SELECT e.article_id, e.id, e.type, e.mode, e.cameo, e.goldstein, e.quad_class,
       e.source, s.name AS source_name, e.target, t.name AS target_name,
       e.date_value AS date, e.date_granularity, e.place_name AS place, e.place_country, e.geonameid,
       e.lat, e.lon, e.negated, e.confidence, e.modality, e.evidence_text AS evidence,
       a.title, a.published
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN actors s ON s.article_id = e.article_id AND s.id = e.source
LEFT JOIN actors t ON t.article_id = e.article_id AND t.id = e.target""",
              "a.published NULLS LAST, e.article_id, e.seq")
    if actor:
        _either(q, [name_match("s", actor), name_match("t", actor)], "OR")
    if dyad:
        one, two = _dyad(dyad)
        (s1, p1), (t2, p2) = name_match("s", one), name_match("t", two)
        (s2, p3), (t1, p4) = name_match("s", two), name_match("t", one)
        q.where(f"(({s1} AND {t2}) OR ({s2} AND {t1}))", *p1, *p2, *p3, *p4)
    if type:
        q.where("upper(e.type) = upper(?)", type)
    if place:
        q.where("(lower(e.place_name) = lower(?) OR upper(e.place_country) = upper(?))", place, place)
    if article:
        q.where("e.article_id = ?", article)
    return period(q, "coalesce(e.date_value, a.published)", since, until)


def quotes(*, speaker: str | None = None, since: str | None = None, until: str | None = None,
           text: str | None = None, article: str | None = None) -> Query:
    """Quotes with their speaker's name and their article's title and date."""
    q = Query("""SELECT q.article_id, q.id, q.kind, q.text, q.speaker, s.name AS speaker_name, q.speaker_text,
       q.cue, a.title, a.published
FROM quotes q
JOIN articles a ON a.id = q.article_id
LEFT JOIN actors s ON s.article_id = q.article_id AND s.id = q.speaker""",
              "a.published NULLS LAST, q.article_id, q.seq")
    if speaker:
        match, params = name_match("x", speaker)
        # any of several joint speakers counts, and so do unnamed sources ("a senior official")
        q.where(f"""(EXISTS (SELECT 1 FROM actors x WHERE x.article_id = q.article_id
                 AND (x.id = q.speaker OR list_contains(q.speakers, x.id)) AND {match})
                 OR lower(q.speaker_text) = lower(?))""", *params, speaker.strip())
    if text:
        q.where("contains(lower(q.text), lower(?))", text)
    if article:
        q.where("q.article_id = ?", article)
    return period(q, "a.published", since, until)


def claims(*, actor: str | None = None, issue: str | None = None, stance: str | None = None,
           since: str | None = None, until: str | None = None, article: str | None = None) -> Query:
    """Claims with their actor's name and their article's title and date."""
    q = Query("""SELECT c.article_id, c.id, c.actor, s.name AS actor_name, c.issue, c.stance, c.terms,
       c.evidence_text AS evidence, c.quote, a.title, a.published
FROM claims c
JOIN articles a ON a.id = c.article_id
LEFT JOIN actors s ON s.article_id = c.article_id AND s.id = c.actor""",
              "a.published NULLS LAST, c.article_id, c.seq")
    if actor:
        q.where(*_flat(name_match("s", actor)))
    if issue:
        q.where("lower(c.issue) = lower(?)", issue)
    if stance:
        q.where("lower(c.stance) = lower(?)", stance)
    if article:
        q.where("c.article_id = ?", article)
    return period(q, "a.published", since, until)


def articles(*, source: str | None = None, language: str | None = None, title: str | None = None,
             text: str | None = None, since: str | None = None, until: str | None = None) -> Query:
    """Stored articles with their record counts."""
    q = Query("""SELECT a.id, a.title, a.published, a.source, a.url, a.language, a.author, a.origin,
       (SELECT count(*) FROM actors x WHERE x.article_id = a.id) AS actors,
       (SELECT count(*) FROM events x WHERE x.article_id = a.id) AS events,
       (SELECT count(*) FROM quotes x WHERE x.article_id = a.id) AS quotes,
       (SELECT count(*) FROM claims x WHERE x.article_id = a.id) AS claims,
       a.ingested_at
FROM articles a""", "a.published NULLS LAST, a.id")
    if source:
        q.where("lower(a.source) = lower(?)", source)
    if language:
        q.where("lower(a.language) = lower(?)", language)
    if title:
        q.where("contains(lower(a.title), lower(?))", title)
    if text:
        q.where("(contains(lower(a.title), lower(?)) OR contains(lower(a.text), lower(?)))", text, text)
    return period(q, "a.published", since, until)


def actors(*, name: str | None = None, country: str | None = None, sector: str | None = None,
           kind: str | None = None, article: str | None = None) -> Query:
    """Actors, one row per article they appear in, with their mention counts."""
    q = Query("""SELECT x.article_id, x.id, x.name, x.kind, x.country, x.sector, x.role, x.kb_id, x.aliases,
       (SELECT count(*) FROM mentions m WHERE m.article_id = x.article_id AND m.actor_id = x.id) AS mentions,
       a.title, a.published
FROM actors x
JOIN articles a ON a.id = x.article_id""", "a.published NULLS LAST, x.article_id, x.seq")
    if name:
        q.where(*_flat(name_match("x", name)))
    if country:
        q.where("upper(x.country) = upper(?)", country)
    if sector:
        q.where("upper(x.sector) = upper(?)", sector)
    if kind:
        q.where("lower(x.kind) = lower(?)", kind)
    if article:
        q.where("x.article_id = ?", article)
    return q


def _flat(sql_params: tuple[str, list[Any]]) -> list[Any]:
    """(sql, params) as arguments for `Query.where`."""
    return [sql_params[0], *sql_params[1]]
