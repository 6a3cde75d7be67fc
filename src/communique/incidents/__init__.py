"""Incidents: one real-world act, every event record that reports it, across articles and outlets.

An event record is one mention of an act in one article; an incident is the act. The store hands
this package the facts of each event (facts.py), the stored events that share a block key with it
(family, an actor or town, an ISO week), and gets back a plan (assign.py): which records join which
incident, which incidents merge. The decision between two records is scored (score.py); an
incident's type, dyad, date, place, counts and figures come from all its reports (summary.py).
"""

from .assign import Plan, incident_id, plan
from .facts import Facts, block_keys, document_facts, outlet_of
from .score import same_act, same_act_within, score, terms
from .summary import reconcile, report_figures, summarise

__all__ = ["Facts", "Plan", "block_keys", "document_facts", "incident_id", "outlet_of", "plan", "reconcile",
           "report_figures", "same_act", "same_act_within", "score", "summarise", "terms"]
