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
        self.group: str | None = None

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
        if self.group:
            sql += f"\nGROUP BY {self.group}"
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


def confident(q: Query, min_confidence: float | None) -> Query:
    """Keep events at or above `min_confidence` (None or 0 keeps every stored event)."""
    return q.where("e.confidence >= ?", float(min_confidence)) if min_confidence else q


def _side(alias: str, affiliation: str, name: str) -> tuple[str, list[Any]]:
    """SQL true when an event side, or the body it belongs to, goes by `name`."""
    (a, pa), (b, pb) = name_match(alias, name), name_match(affiliation, name)
    return f"({a} OR {b})", [*pa, *pb]


def _actor_sides(actor: str) -> tuple[str, list[Any]]:
    """SQL true when either side of event `e` (aliases s, t; their bodies sa, ta) goes by `actor`.

    An actor's events include those of its members: "Hamas" finds what its leaders did.
    """
    match = [name_match(x, actor) for x in ("s", "sa", "t", "ta")]
    return "(" + " OR ".join(m for m, _ in match) + ")", [p for _, ps in match for p in ps]


def _dyad_sides(dyad: str | Sequence[str]) -> tuple[str, list[Any]]:
    """SQL true when the sides of event `e` are the two actors of "A,B", either way round."""
    one, two = _dyad(dyad)
    (s1, p1), (t2, p2) = _side("s", "sa", one), _side("t", "ta", two)
    (s2, p3), (t1, p4) = _side("s", "sa", two), _side("t", "ta", one)
    return f"(({s1} AND {t2}) OR ({s2} AND {t1}))", [*p1, *p2, *p3, *p4]


def _dyad(dyad: str | Sequence[str]) -> tuple[str, str]:
    """The two names of "A,B" (or of a pair)."""
    names = [n.strip() for n in (dyad.split(",") if isinstance(dyad, str) else dyad)]
    if len(names) != 2 or not all(names):
        raise CommuniqueError(f"dyad {dyad!r}",
                              "expected two actor names separated by a comma, e.g. 'Hamas,Israel'")
    return names[0], names[1]


def events(*, actor: str | None = None, dyad: str | Sequence[str] | None = None, type: str | None = None,
           since: str | None = None, until: str | None = None, place: str | None = None,
           article: str | None = None, actor_key: str | None = None, quad_class: int | None = None,
           text: str | None = None, min_confidence: float | None = None, incident: str | None = None) -> Query:
    """Events with their actors' names and keys, their incident, and their article's title, date and outlet."""
    q = Query("""SELECT e.article_id, e.id, e.type, e.mode, e.cameo, e.goldstein, e.quad_class,
       e.source, s.name AS source_name, s.key AS source_key, e.target, t.name AS target_name,
       t.key AS target_key,
       e.date_value AS date, e.date_granularity, e.date_approximate, e.date_text,
       e.place_name AS place, e.place_country, e.geonameid,
       e.lat, e.lon, e.negated, e.confidence, e.modality, e.evidence_text AS evidence,
       e.evidence_start, e.evidence_end, e.trigger_text AS trigger,
       a.title, a.published, e.incident_id, a.source AS outlet, a.url
""" + _EVENTS, "a.published NULLS LAST, e.article_id, e.seq")
    return event_filters(q, actor=actor, dyad=dyad, type=type, since=since, until=until, place=place,
                         article=article, actor_key=actor_key, quad_class=quad_class, text=text,
                         min_confidence=min_confidence, incident=incident)


_EVENTS = """FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN actors s ON s.article_id = e.article_id AND s.id = e.source
LEFT JOIN actors t ON t.article_id = e.article_id AND t.id = e.target
LEFT JOIN actors sa ON sa.article_id = e.article_id AND sa.id = s.affiliation
LEFT JOIN actors ta ON ta.article_id = e.article_id AND ta.id = t.affiliation"""


def event_filters(q: Query, *, actor: str | None = None, dyad: str | Sequence[str] | None = None,
                  type: str | None = None, since: str | None = None, until: str | None = None,
                  place: str | None = None, article: str | None = None, actor_key: str | None = None,
                  quad_class: int | None = None, text: str | None = None, min_confidence: float | None = None,
                  incident: str | None = None) -> Query:
    """The `events` filters, on any query over events `e` with their articles `a` and actors `s`, `t`, `sa`, `ta`."""
    if actor:
        q.where(*_flat(_actor_sides(actor)))
    if dyad:
        q.where(*_flat(_dyad_sides(dyad)))
    if type:
        q.where("upper(e.type) = upper(?)", type)
    if place:
        q.where("(lower(e.place_name) = lower(?) OR upper(e.place_country) = upper(?))", place, place)
    if article:
        q.where("e.article_id = ?", article)
    if actor_key:
        q.where("(s.key = ? OR t.key = ?)", actor_key, actor_key)
    if quad_class:
        q.where("e.quad_class = ?", quad_class)
    if incident:
        q.where("e.incident_id = ?", incident)
    if text:
        q.where("contains(lower(e.evidence_text), lower(?))", text)
    confident(q, min_confidence)
    return period(q, "coalesce(e.date_value, a.published)", since, until)


def coded(**filters: Any) -> Query:
    """Event records with what the GDELT and POLECAT tables need: their actors, article and incident.

    Ordered by incident (the earliest first), then by report, so that each incident's records are
    consecutive. `filters` are the `events` filters.
    """
    def mention(side: str, what: str, within: bool) -> str:
        """The actor's first mention (its start, or its words) inside the evidence, or anywhere."""
        inside = ' AND m.start >= e.evidence_start AND m."end" <= e.evidence_end' if within else ""
        return (f"(SELECT {what} FROM mentions m WHERE m.article_id = e.article_id AND m.actor_id = e.{side}"
                f"{inside} ORDER BY m.start LIMIT 1)")

    q = Query(f"""SELECT e.article_id, e.id, e.seq, coalesce(e.incident_id, e.article_id || '/' || e.id) AS unit,
       e.incident_id, e.type, e.mode, e.cameo, e.goldstein, e.quad_class, e.confidence, e.negated, e.modality,
       e.date_value, e.date_granularity, e.evidence_start, e.evidence_end, e.evidence_text, e.trigger_start,
       e.place_name, e.geonameid, e.lat, e.lon,
       e.place_country, (SELECT min(p.feature) FROM places p WHERE p.article_id = e.article_id
                                                    AND p.geonameid = e.geonameid) AS place_feature,
       s.key AS source_key, s.name AS source_name, s.country AS source_country, s.sector AS source_sector,
       s.role AS source_role, s.kb_id AS source_kb_id,
       t.key AS target_key, t.name AS target_name, t.country AS target_country, t.sector AS target_sector,
       t.role AS target_role, t.kb_id AS target_kb_id,
       {mention("source", "m.start", True)} AS source_offset, {mention("source", "m.start", False)} AS source_first,
       {mention("source", "m.text", True)} AS source_text,
       {mention("target", "m.start", True)} AS target_offset, {mention("target", "m.start", False)} AS target_first,
       {mention("target", "m.text", True)} AS target_text,
       a.published, a.url, a.source AS outlet, a.language, a.ingested_at, length(a.text) AS doc_length,
       a.paragraphs,
       i.cameo AS incident_cameo, i.goldstein AS incident_goldstein, i.quad_class AS incident_quad_class,
       i.source_key AS incident_source_key, i.target_key AS incident_target_key,
       i.source_name AS incident_source_name, i.target_name AS incident_target_name,
       i.date_value AS incident_date, i.date_granularity AS incident_granularity, i.place_name AS incident_place,
       i.geonameid AS incident_geonameid, i.place_country AS incident_place_country, i.lat AS incident_lat,
       i.lon AS incident_lon, i.num_mentions, i.num_articles, i.num_sources, i.first_report,
       i.created_at AS incident_added
{_EVENTS}
LEFT JOIN incidents i ON i.id = e.incident_id""",
              "coalesce(i.first_report, a.published) NULLS LAST, unit, a.published NULLS LAST, e.article_id, e.seq")
    return event_filters(q, **filters)


def quotes(*, speaker: str | None = None, since: str | None = None, until: str | None = None,
           text: str | None = None, article: str | None = None, speaker_key: str | None = None) -> Query:
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
    if speaker_key:
        q.where("""EXISTS (SELECT 1 FROM actors x WHERE x.article_id = q.article_id AND x.key = ?
                 AND (x.id = q.speaker OR list_contains(q.speakers, x.id)))""", speaker_key)
    return period(q, "a.published", since, until)


def claims(*, actor: str | None = None, issue: str | None = None, stance: str | None = None,
           since: str | None = None, until: str | None = None, article: str | None = None,
           actor_key: str | None = None) -> Query:
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
    if actor_key:
        q.where("s.key = ?", actor_key)
    return period(q, "a.published", since, until)


def articles(*, source: str | None = None, language: str | None = None, title: str | None = None,
             text: str | None = None, since: str | None = None, until: str | None = None,
             body: bool = False) -> Query:
    """Stored articles with their record counts (and, with `body`, their text)."""
    q = Query(f"""SELECT a.id, a.title, a.published, a.source, a.url, a.language, a.author, a.origin,
       (SELECT count(*) FROM actors x WHERE x.article_id = a.id) AS actors,
       (SELECT count(*) FROM events x WHERE x.article_id = a.id) AS events,
       (SELECT count(*) FROM quotes x WHERE x.article_id = a.id) AS quotes,
       (SELECT count(*) FROM claims x WHERE x.article_id = a.id) AS claims,
       a.ingested_at{", a.text" if body else ""}
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


# -- aggregates across articles: actors by key ---------------------------------------------------------

ACTOR_INDEX = """SELECT x.key, mode(x.name) AS name, mode(x.kind) AS kind, mode(x.country) AS country,
       mode(x.sector) AS sector, count(DISTINCT x.article_id) AS articles,
       sum((SELECT count(*) FROM mentions m WHERE m.article_id = x.article_id AND m.actor_id = x.id)) AS mentions
FROM actors x"""


def actor_index(*, q: str | None = None, country: str | None = None, sector: str | None = None) -> Query:
    """Actors across articles, one row per key, most mentioned first."""
    query = Query(ACTOR_INDEX, "mentions DESC, articles DESC, key")
    if q:
        query.where("""(contains(lower(x.name), lower(?)) OR lower(x.key) = lower(?)
                     OR len(list_filter(x.aliases, lambda a: contains(lower(a), lower(?)))) > 0)""", q, q, q)
    if country:
        query.where("upper(x.country) = upper(?)", country)
    if sector:
        query.where("upper(x.sector) = upper(?)", sector)
    query.group = "x.key"
    return query


def counterparts(key: str, min_confidence: float | None = None) -> Query:
    """The actors an actor has events with, either direction, with counts and summed Goldstein score."""
    q = Query("""SELECT other.key, mode(other.name) AS name, count(*) AS events,
       round(sum(coalesce(e.goldstein, 0)), 1) AS goldstein
FROM events e
JOIN actors me ON me.article_id = e.article_id AND (me.id = e.source OR me.id = e.target)
JOIN actors other ON other.article_id = e.article_id AND other.id <> me.id
     AND (other.id = e.source OR other.id = e.target)""", "events DESC, other.key")
    q.where("me.key = ?", key).where("other.key <> me.key").where("NOT coalesce(e.negated, false)")
    q.group = "other.key"
    return confident(q, min_confidence)


_DYADIC = """FROM events e
JOIN articles a ON a.id = e.article_id
JOIN actors s ON s.article_id = e.article_id AND s.id = e.source
JOIN actors t ON t.article_id = e.article_id AND t.id = e.target"""


def network(*, types: Sequence[str], since: str | None = None, until: str | None = None,
            min_confidence: float | None = None) -> Query:
    """Undirected edges between actor keys over events of the given types (who met whom).

    `count` is the number of incidents (one meeting reported by ten outlets counts once); `mentions`
    the number of event records.
    """
    q = Query("""SELECT least(s.key, t.key) AS source, greatest(s.key, t.key) AS target,
       count(DISTINCT coalesce(e.incident_id, e.article_id || '/' || e.id)) AS count, count(*) AS mentions,
       mode(CASE WHEN s.key < t.key THEN s.name ELSE t.name END) AS source_name,
       mode(CASE WHEN s.key < t.key THEN t.name ELSE s.name END) AS target_name
""" + _DYADIC, "count DESC, source, target")
    q.where("s.key <> t.key").where("NOT coalesce(e.negated, false)").where("list_contains(?, e.type)", list(types))
    q.group = "least(s.key, t.key), greatest(s.key, t.key)"
    confident(q, min_confidence)
    return period(q, "coalesce(e.date_value, a.published)", since, until)


def dyad(a: str, b: str, min_confidence: float | None = None) -> Query:
    """Dates, Goldstein scores and incidents of the events between two actor keys, either direction."""
    q = Query("""SELECT coalesce(i.date_value, e.date_value, a.published) AS date,
       coalesce(i.goldstein, e.goldstein) AS goldstein, coalesce(e.incident_id, e.article_id || '/' || e.id) AS act
""" + _DYADIC + "\nLEFT JOIN incidents i ON i.id = e.incident_id", "date NULLS LAST, e.article_id, e.seq")
    q.where("((s.key = ? AND t.key = ?) OR (s.key = ? AND t.key = ?))", a, b, b, a)
    return confident(q.where("NOT coalesce(e.negated, false)"), min_confidence)


def event_places(*, since: str | None = None, until: str | None = None,
                 min_confidence: float | None = None) -> Query:
    """Places where events happened, with event counts."""
    q = Query("""SELECT e.place_name AS name, e.geonameid, first(e.lat) AS lat, first(e.lon) AS lon,
       first(e.place_country) AS country, count(*) AS count
FROM events e JOIN articles a ON a.id = e.article_id""", "count DESC, name")
    q.where("e.place_name IS NOT NULL")
    q.group = "e.place_name, e.geonameid"
    confident(q, min_confidence)
    return period(q, "coalesce(e.date_value, a.published)", since, until)


def places(*, since: str | None = None, until: str | None = None) -> Query:
    """Places named in articles, one row per place, with article and mention counts."""
    q = Query("""SELECT p.name, p.geonameid, first(p.lat) AS lat, first(p.lon) AS lon, first(p.country) AS country,
       first(p.feature) AS feature, count(DISTINCT p.article_id) AS articles,
       sum((SELECT count(*) FROM place_mentions m WHERE m.article_id = p.article_id AND m.place_id = p.id))
           AS mentions
FROM places p JOIN articles a ON a.id = p.article_id""", "mentions DESC, p.name")
    q.group = "p.name, p.geonameid"
    return period(q, "a.published", since, until)


# -- incidents -----------------------------------------------------------------------------------------

_MEMBER_SIDES = """FROM events e
LEFT JOIN actors s ON s.article_id = e.article_id AND s.id = e.source
LEFT JOIN actors t ON t.article_id = e.article_id AND t.id = e.target
LEFT JOIN actors sa ON sa.article_id = e.article_id AND sa.id = s.affiliation
LEFT JOIN actors ta ON ta.article_id = e.article_id AND ta.id = t.affiliation
WHERE e.incident_id = i.id"""


def incidents(*, actor: str | None = None, dyad: str | Sequence[str] | None = None, type: str | None = None,
              since: str | None = None, until: str | None = None, place: str | None = None,
              article: str | None = None, actor_key: str | None = None, key_dyad: Sequence[str] | None = None,
              min_confidence: float | None = None) -> Query:
    """Incidents with their counts; actor, dyad, key and article filters look at every report of them."""
    q = Query("""SELECT i.id, i.type, i.cameo, i.goldstein, i.quad_class, i.source_key, i.source_name,
       i.target_key, i.target_name, i.date_value AS date, i.date_granularity, i.date_approximate,
       i.date_start, i.date_end, i.place_name AS place, i.place_country, i.geonameid, i.lat, i.lon,
       i.num_mentions, i.num_articles, i.num_sources, i.first_report, i.last_report, i.confidence, i.figures
FROM incidents i""", "coalesce(i.date_value, i.first_report) NULLS LAST, i.id")
    for cond in ([_actor_sides(actor)] if actor else []) + ([_dyad_sides(dyad)] if dyad else []):
        q.where(f"EXISTS (SELECT 1 {_MEMBER_SIDES} AND {cond[0]})", *cond[1])
    if type:
        q.where("upper(i.type) = upper(?)", type)
    if place:
        q.where("(lower(i.place_name) = lower(?) OR upper(i.place_country) = upper(?))", place, place)
    if article:
        q.where("EXISTS (SELECT 1 FROM events e WHERE e.incident_id = i.id AND e.article_id = ?)", article)
    if actor_key:
        q.where(f"EXISTS (SELECT 1 {_MEMBER_SIDES} AND (s.key = ? OR t.key = ?))", actor_key, actor_key)
    if key_dyad:
        a, b = key_dyad
        q.where(f"EXISTS (SELECT 1 {_MEMBER_SIDES} AND ((s.key = ? AND t.key = ?) OR (s.key = ? AND t.key = ?)))",
                a, b, b, a)
    if min_confidence:
        q.where("i.confidence >= ?", float(min_confidence))
    return period(q, "coalesce(i.date_value, i.first_report)", since, until)
