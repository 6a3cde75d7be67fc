"""The confidence of an event: a logistic model over what the text gives it, its weights data."""

from __future__ import annotations

import math

from .arguments import Args
from .lexicon import Lexicon
from .triggers import Trigger

CONFIDENCE_FEATURES = ("weight", "source", "target", "agent", "inferred", "noun", "claimed", "future", "speech")

def features(trig: Trigger, args: Args, etype: str, label: str) -> dict[str, float]:
    """What the text gives an event, as the numbers the confidence model weighs."""
    return {"weight": trig.entry.weight, "source": float(bool(args.sources)), "target": float(bool(args.targets)),
            "agent": float(not args.sources and args.agent is not None),
            "inferred": float(bool(args.fallback and args.sources)), "noun": float(trig.is_noun),
            "claimed": float(label == "claimed"), "future": float(label in ("future", "intent", "conditional")),
            "speech": float(etype in ("REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION"))}

def confidence(trig: Trigger, args: Args, etype: str, label: str, lex: Lexicon) -> float:
    """The chance the event is right: a logistic model whose weights are data (triggers.yaml, confidence)."""
    model = lex.confidence
    z = model.get("bias", 0.0) + sum(model.get(k, 0.0) * v for k, v in features(trig, args, etype, label).items())
    return round(min(0.99, max(0.01, 1.0 / (1.0 + math.exp(-z)))), 2)
