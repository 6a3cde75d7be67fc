"""Incidents: one real-world act, every event record that reports it, across articles and outlets.

An event record is one mention of an act in one article; an incident is the act. The store hands
this package the facts of each event (facts.py); they are grouped into the article's reports, one per
act it tells of (reports.py); the store looks up the stored reports that share a block key with each
(family, an actor or town, an ISO week) and gets back a plan (assign.py): which records join which
incident, which incidents merge. The decision between two reports is scored (score.py); an
incident's type, dyad, date, place, counts and figures come from all its records (summary.py).
"""

from .assign import Plan, Report, article_reports, incident_id, links, plan
from .facts import Facts, block_keys, document_facts, outlet_of
from .score import same_act, same_act_within, score, terms
from .summary import reconcile, report_figures, summarise

__all__ = ["Facts", "Plan", "Report", "article_reports", "block_keys", "document_facts", "incident_id", "links",
           "outlet_of", "plan", "reconcile", "report_figures", "same_act", "same_act_within", "score", "summarise",
           "terms"]
