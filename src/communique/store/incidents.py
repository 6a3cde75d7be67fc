"""The Store's incident methods: assignment inside an article's transaction, rebuild, listings."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import duckdb

from .. import incidents
from ..errors import StoreError
from ..incidents import Facts, Plan
from ..records import Document
from ..settings import MIN_CONFIDENCE
from . import queries
from .rows import Row
from .schema import INCIDENT_TABLES

_IN = 500  # values per IN list


class IncidentStore:
    """Mixed into Store: everything that reads or writes the incident tables."""

    _con: duckdb.DuckDBPyConnection
    path: str

    # -- assignment (inside the caller's transaction) ----------------------------------------------------

    def _assign(self, doc: Document, events: list[Row], actor_rows: list[Row], now: datetime) -> Plan:
        """Link a new article's events to incidents and write it all; fills `events` rows' incident_id."""
        plan = self._link(incidents.document_facts(doc, {r["id"]: r["key"] for r in actor_rows}), now)
        for row in events:
            row["incident_id"] = plan.assigned[f"{doc.article.id}/{row['id']}"]
        return plan

    def _link(self, facts: Sequence[Facts], now: datetime) -> Plan:
        """Group one article's events into reports, link them to stored reports, recluster, write."""
        reports = incidents.article_reports(facts)
        keys = {r.facts.ref: incidents.block_keys(r.facts) for r in reports}
        by_key: dict[str, list[str]] = {}
        for key, ref in self._select("SELECT key, ref FROM incident_keys WHERE key IN", sorted(
                {k for ks in keys.values() for k in ks})):
            by_key.setdefault(key, []).append(ref)
        shared = {ref: sorted({r for k in ks for r in by_key.get(k, ())}) for ref, ks in keys.items()}
        candidates = {ref: (component, Facts.from_json(json.loads(blob))) for ref, component, blob in self._select(
            "SELECT ref, component, facts FROM incident_reports WHERE ref IN",
            sorted({r for rs in shared.values() for r in rs}))}
        new_links = incidents.links(reports, {ref: f for ref, (_, f) in candidates.items()}, shared)
        joined = sorted({candidates[ref][0] for link in new_links for ref in link[:2] if ref in candidates})
        stored: dict[str, tuple[str, Facts]] = {}
        members: dict[str, tuple[str, list[str]]] = {}  # stored report -> (component, its event refs)
        for ref, iid, component, events, blob in self._select(
                "SELECT ref, incident_id, component, events, facts FROM incident_reports WHERE component IN", joined):
            stored[ref] = (iid, Facts.from_json(json.loads(blob)))
            members[ref] = (component, list(events))
        old_links = [(a, b, sc) for a, b, sc in self._select(
            "SELECT a, b, score FROM incident_links WHERE a IN", sorted(stored))]
        created = dict(self._select("SELECT id, created_at FROM incidents WHERE id IN",
                                    sorted({iid for iid, _ in stored.values()})))
        plan = incidents.plan(reports, stored, old_links + new_links,
                              lambda iid: (created.get(iid) or datetime.max, iid))
        # a component keeps the label it had (the smallest, when several join), so a new report does not
        # relabel every stored report of a big component; the label is bookkeeping, not an incident's id
        kept: dict[str, str] = {}
        for ref, root in plan.components.items():
            if ref in members:
                kept[root] = min(kept.get(root, members[ref][0]), members[ref][0])
        plan.components = {ref: kept.get(root, root) for ref, root in plan.components.items()}
        self._write_plan(plan, facts, reports, keys, new_links, stored, members, created, now)
        return plan

    def _select(self, sql: str, values: Sequence[str]) -> list[tuple]:
        """Rows of `sql` ending in "... IN", for every value, asked in chunks an index answers.

        The values go in as quoted literals, not parameters: DuckDB plans an index scan for a list of
        constants but a scan of the whole table for a list of parameters, and this lookup is what
        keeps the cost of a new article from growing with the store (benchmarks/incidents.py).
        """
        rows: list[tuple] = []
        for chunk in _chunks(list(values)):
            rows += self._con.execute(f"{sql} ({_literals(chunk)})").fetchall()
        return rows

    def _write_plan(self, plan: Plan, facts: Sequence[Facts], reports: Sequence[incidents.Report],
                    keys: dict[str, list[str]], links: Sequence[tuple[str, str, float]],
                    stored: dict[str, tuple[str, Facts]], members: dict[str, tuple[str, list[str]]],
                    created: dict[str, datetime], now: datetime) -> None:
        self._insert("incident_members", [{"ref": f.ref, "incident_id": plan.assigned[f.ref],
                                           "facts": json.dumps(f.to_json(), ensure_ascii=False)} for f in facts])
        self._insert("incident_reports", [
            {"ref": r.facts.ref, "incident_id": plan.reports[r.facts.ref], "component": plan.components[r.facts.ref],
             "events": [m.ref for m in r.members], "facts": json.dumps(r.facts.to_json(), ensure_ascii=False)}
            for r in reports])
        self._insert("incident_keys", [{"key": k, "ref": ref} for ref, ks in keys.items() for k in ks])
        self._insert("incident_links", [{"a": a, "b": b, "score": sc} for a, b, sc in links])
        # only incidents whose members changed are summarised again: those the new reports joined, and
        # those a stored report left or moved to (the rest of the component is as it was)
        changed = {plan.reports[r.facts.ref] for r in reports}
        for ref, (iid, _) in sorted(stored.items()):
            component, events = members[ref]
            now_id, now_component = plan.reports[ref], plan.components[ref]
            if (now_id, now_component) != (iid, component):
                self._con.execute("UPDATE incident_reports SET incident_id = ?, component = ? WHERE ref = ?",
                                  [now_id, now_component, ref])
            if now_id != iid:  # the report moved: its events with it
                changed |= {iid, now_id}
                for chunk in _chunks(events):
                    self._con.execute(f"UPDATE incident_members SET incident_id = ? WHERE ref IN ({_holes(chunk)})",
                                      [now_id, *chunk])
                article = ref.split("/", 1)[0]
                self._con.execute(f"UPDATE events SET incident_id = ? WHERE incident_id = ? AND article_id = ? "
                                  f"AND id IN ({_holes(events)})",
                                  [now_id, iid, article, *(e.split("/", 1)[1] for e in events)])
        for gone, live in sorted(plan.merged.items()):
            self._con.execute("UPDATE incident_aliases SET incident_id = ? WHERE incident_id = ?", [live, gone])
            self._con.execute("INSERT INTO incident_aliases VALUES (?, ?, ?)", [gone, live, now])
            self._con.execute("DELETE FROM incidents WHERE id = ?", [gone])
        self._select("DELETE FROM incident_aliases WHERE alias IN", plan.created)  # a split part's id comes back
        fresh = []
        for iid in sorted(changed - set(plan.merged)):
            rows = self._con.execute("SELECT facts FROM incident_members WHERE incident_id = ?", [iid]).fetchall()
            row = {**incidents.summarise([Facts.from_json(json.loads(blob)) for (blob,) in rows]), "updated_at": now}
            row["figures"] = json.dumps(row["figures"])
            if iid in created:  # an UPDATE costs less than replacing the row
                self._con.execute(f"UPDATE incidents SET {', '.join(f'{c} = ?' for c in row)} WHERE id = ?",
                                  [*row.values(), iid])
            else:
                fresh.append({"id": iid, **row, "created_at": now})
        self._insert("incidents", fresh)

    # -- rebuild -----------------------------------------------------------------------------------------

    def reincident(self) -> dict[str, int]:
        """Rebuild every incident from the stored events, in one transaction; what it found.

        Articles are replayed in the order they were stored, so an unchanged store gets back the same
        incidents with the same ids. An id that no longer names an incident (the rules changed) is
        kept as an alias of the incident that now holds most of its events. Raises StoreError when
        the store cannot be written; it is then left as it was.
        """
        self._writable()  # type: ignore[attr-defined]
        return self._reincident()

    def _reincident(self) -> dict[str, int]:
        try:
            self._con.begin()
            try:
                summary = self._rebuild()
                self._con.commit()
            except BaseException:
                self._con.rollback()
                raise
        except duckdb.Error as exc:
            raise StoreError(self.path, f"incidents not rebuilt: {exc}") from exc
        return summary

    def _rebuild(self) -> dict[str, int]:
        before = dict(self._con.execute("SELECT ref, incident_id FROM incident_members").fetchall())
        aliases = self._con.execute("SELECT alias, incident_id, merged_at FROM incident_aliases").fetchall()
        for table in INCIDENT_TABLES:
            self._con.execute(f"DELETE FROM {table}")
        articles = self._con.execute("SELECT id, ingested_at FROM articles ORDER BY ingested_at, id").fetchall()
        for article_id, ingested_at in articles:
            doc = self.document(article_id)  # type: ignore[attr-defined]
            keys = self.actor_keys(article_id)  # type: ignore[attr-defined]
            self._link(incidents.document_facts(doc, keys), ingested_at)
        self._con.execute("UPDATE events SET incident_id = NULL")
        self._con.execute("""UPDATE events SET incident_id = m.incident_id FROM incident_members m
WHERE m.ref = events.article_id || '/' || events.id""")
        # ids given before live on: as themselves, or as aliases of where most of their events went
        after = dict(self._con.execute("SELECT ref, incident_id FROM incident_members").fetchall())
        live = {iid for (iid,) in self._con.execute("SELECT id FROM incidents").fetchall()}
        known = {a for (a,) in self._con.execute("SELECT alias FROM incident_aliases").fetchall()}
        votes: dict[str, Counter[str]] = {}
        for ref, old in before.items():
            if ref in after:
                votes.setdefault(old, Counter())[after[ref]] += 1
        kept = 0
        for old, counter in sorted(votes.items()):
            if old not in live and old not in known:
                self._con.execute("INSERT INTO incident_aliases VALUES (?, ?, current_timestamp)",
                                  [old, max(sorted(counter), key=counter.__getitem__)])
                known.add(old)
                kept += 1
        for alias, target, merged_at in aliases:  # aliases of aliases follow their target
            if alias not in live and alias not in known:
                home = target if target in live else self._resolve(target)
                if home:
                    self._con.execute("INSERT INTO incident_aliases VALUES (?, ?, ?)", [alias, home, merged_at])
                    known.add(alias)
        return {"articles": len(articles), "events": len(after), "incidents": len(live),
                "aliases": len(known), "ids_kept_as_aliases": kept}

    # -- reading -----------------------------------------------------------------------------------------

    def _resolve(self, incident_id: str) -> str | None:
        """The live id an incident id or alias stands for, or None."""
        row = self._con.execute("""SELECT id FROM incidents WHERE id = ?
UNION ALL SELECT incident_id FROM incident_aliases WHERE alias = ? LIMIT 1""", [incident_id, incident_id]).fetchone()
        return row[0] if row else None

    def incidents(self, *, actor: str | None = None, dyad: str | Sequence[str] | None = None,
                  type: str | None = None, since: str | None = None, until: str | None = None,
                  place: str | None = None, article: str | None = None, actor_key: str | None = None,
                  key_dyad: Sequence[str] | None = None, min_confidence: float | None = None,
                  articles: bool = False, limit: int | None = 100,
                  offset: int = 0) -> list[dict[str, Any]]:
        """Incidents in stable order (date, id), each with its counts and reconciled figures.

        Filters as for `events` (actor either side, also through its body; dyad "A,B" either
        direction; PLOVER type; period of the incident's date; place name or country code; an
        article that reports it; an actor key; two actor keys, either way round), and the lowest
        confidence of its best report
        (settings.MIN_CONFIDENCE by default). With `articles`, each row also lists its reports
        (`incident_articles`). Raises CommuniqueError for a dyad that is not two names.
        """
        q = queries.incidents(actor=actor, dyad=dyad, type=type, since=since, until=until, place=place,
                              article=article, actor_key=actor_key, key_dyad=key_dyad,
                              min_confidence=MIN_CONFIDENCE if min_confidence is None else min_confidence)
        rows = self._query(q, limit, offset)  # type: ignore[attr-defined]
        for row in rows:
            row["figures"] = json.loads(row["figures"]) if row.get("figures") else {}
        if articles:
            reports = self.incident_articles([r["id"] for r in rows])
            for row in rows:
                row["articles"] = reports[row["id"]]
        return rows

    def incident_articles(self, ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """Incident id -> its reports: each article's id, url, source, published and event ids."""
        out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        for chunk in _chunks(list(ids)):
            rows = self._con.execute(f"""SELECT e.incident_id, a.id, a.url, a.source, a.published,
       list(e.id ORDER BY e.seq) AS events
FROM events e JOIN articles a ON a.id = e.article_id
WHERE e.incident_id IN ({_holes(chunk)})
GROUP BY e.incident_id, a.id, a.url, a.source, a.published
ORDER BY e.incident_id, a.published NULLS LAST, a.id""", chunk).fetchall()
            for iid, aid, url, source, published, events in rows:
                out[iid].append({"id": aid, "url": url, "source": source, "published": published,
                                 "events": list(events)})
        return out

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        """One incident with every report side by side; an alias finds the incident it was merged into.

        Returns None when no incident has this id or alias. Each report holds its article, its events
        (wording, date, place, modality) and its own figures with their spans.
        """
        live = self._resolve(incident_id)
        if live is None:
            return None
        rows = self._query(queries.Query("SELECT * FROM incidents", "id").where("id = ?", live), 1, 0)  # type: ignore[attr-defined]
        inc = rows[0]
        inc["figures"] = json.loads(inc["figures"]) if inc.get("figures") else {}
        inc["aliases"] = [a for (a,) in self._con.execute(
            "SELECT alias FROM incident_aliases WHERE incident_id = ? ORDER BY alias", [live]).fetchall()]
        inc["asked_for"] = incident_id
        members: dict[str, list[Facts]] = {}
        for (blob,) in self._con.execute("SELECT facts FROM incident_members WHERE incident_id = ?",
                                         [live]).fetchall():
            f = Facts.from_json(json.loads(blob))
            members.setdefault(f.article, []).append(f)
        events = self.events(incident=live, min_confidence=0, limit=None)  # type: ignore[attr-defined]
        reports: dict[str, dict[str, Any]] = {}
        for e in events:
            r = reports.setdefault(e["article_id"], {
                "article_id": e["article_id"], "title": e["title"], "published": e["published"],
                "source": e.get("outlet"), "url": e.get("url"), "events": [],
                "figures": incidents.report_figures(members.get(e["article_id"], []))})
            r["events"].append(e)
        inc["reports"] = list(reports.values())
        return inc


def _chunks(values: list[Any]) -> list[list[Any]]:
    return [values[i:i + _IN] for i in range(0, len(values), _IN)]


def _literals(values: Sequence[str]) -> str:
    """SQL string literals for an IN list (quotes doubled, the only escape a string literal has)."""
    if not all(isinstance(v, str) for v in values):
        raise TypeError("only strings are quoted as literals")
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _holes(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))
