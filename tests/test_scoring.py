"""Every scorer on hand-made predictions whose scores were worked out by hand."""

from __future__ import annotations

import math

import pytest

from communique.evaluate import scoring as s


@pytest.mark.parametrize("tp, fp, fn, expected", [
    (8, 2, 2, (0.8, 0.8, 0.8)),
    (3, 1, 5, (0.75, 0.375, 0.5)),
    (0, 0, 4, (0.0, 0.0, 0.0)),
    (0, 3, 0, (0.0, 0.0, 0.0)),
    (5, 0, 0, (1.0, 1.0, 1.0)),
    (1, 3, 0, (0.25, 1.0, 0.4)),
])
def test_prf(tp: int, fp: int, fn: int, expected: tuple[float, float, float]) -> None:
    assert s.prf(tp, fp, fn) == pytest.approx(expected)


def test_prf_dict_prefix() -> None:
    assert s.prf_dict(1, 1, 0, prefix="exact/PERSON/") == pytest.approx(
        {"exact/PERSON/precision": 0.5, "exact/PERSON/recall": 1.0, "exact/PERSON/f1": 2 / 3})


@pytest.mark.parametrize("a, b, expected", [
    ((0, 10), (0, 10), 1.0),
    ((0, 10), (5, 15), 5 / 15),
    ((0, 10), (0, 5), 0.5),
    ((0, 10), (10, 20), 0.0),
    ((0, 4, "X"), (2, 4, "Y"), 0.5),  # labels do not enter the overlap itself
])
def test_jaccard(a: tuple, b: tuple, expected: float) -> None:
    assert s.jaccard(a, b) == pytest.approx(expected)


GOLD = [(0, 5, "PER"), (10, 20, "ORG"), (30, 35, "LOC")]


@pytest.mark.parametrize("pred, mode, expected", [
    ([(0, 5, "PER"), (10, 20, "ORG"), (30, 35, "LOC")], "exact", (3, 0, 0)),
    ([(0, 5, "PER"), (10, 19, "ORG"), (40, 45, "LOC")], "exact", (1, 2, 2)),
    ([(0, 5, "PER"), (10, 19, "ORG"), (40, 45, "LOC")], "overlap", (2, 1, 1)),
    ([(0, 5, "ORG")], "exact", (0, 1, 3)),  # right span, wrong type
    ([(12, 18, "ORG")], "overlap", (1, 0, 2)),  # 6/10 >= 0.5
    ([(15, 30, "ORG")], "overlap", (0, 1, 3)),  # 5/20 < 0.5
    ([(10, 15, "ORG")], "overlap", (1, 0, 2)),  # exactly 0.5 counts
    ([], "exact", (0, 0, 3)),
    ([(0, 5, "PER"), (0, 5, "PER")], "exact", (1, 0, 2)),  # duplicates count once
])
def test_match_spans(pred: list, mode: str, expected: tuple[int, int, int]) -> None:
    assert s.match_spans(GOLD, pred, mode=mode)[:3] == expected


def test_overlap_matching_is_one_to_one_best_first() -> None:
    gold = [(0, 10), (10, 20)]
    pred = [(0, 20), (10, 19)]
    tp, fp, fn, pairs = s.match_spans(gold, pred, mode="overlap")
    # (0, 20) overlaps each gold span by exactly 0.5, (10, 19) overlaps (10, 20) by 0.9: it wins that one
    assert (tp, fp, fn) == (2, 0, 0)
    assert ((10, 20), (10, 19)) in pairs and ((0, 10), (0, 20)) in pairs


def test_unlabelled_spans_and_bad_mode() -> None:
    assert s.match_spans([(1, 2)], [(1, 2)])[:3] == (1, 0, 0)
    with pytest.raises(ValueError):
        s.match_spans([], [], mode="fuzzy")


LABELS_GOLD = ["A", "A", "B", "B", "C"]
LABELS_PRED = ["A", "B", "B", "B", "A"]


def test_labels() -> None:
    # A: tp 1 fp 1 fn 1 -> F1 0.5; B: tp 2 fp 1 fn 0 -> F1 0.8; C: tp 0 fn 1 -> F1 0
    assert s.accuracy(LABELS_GOLD, LABELS_PRED) == pytest.approx(0.6)
    scores = s.per_label(LABELS_GOLD, LABELS_PRED)
    assert scores["A"]["f1"] == pytest.approx(0.5)
    assert scores["B"]["f1"] == pytest.approx(0.8)
    assert scores["C"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert s.macro_f1(LABELS_GOLD, LABELS_PRED) == pytest.approx(1.3 / 3)
    assert s.weighted_f1(LABELS_GOLD, LABELS_PRED) == pytest.approx((2 * 0.5 + 2 * 0.8 + 0) / 5)


def test_label_scorers_refuse_mismatched_lengths_and_handle_empty() -> None:
    with pytest.raises(ValueError):
        s.accuracy(["A"], [])
    assert s.accuracy([], []) == 0.0
    assert s.macro_f1([], []) == 0.0


@pytest.mark.parametrize("gold, pred, expected", [
    ({"RUS", "GOV"}, {"RUS", "GOV"}, (1.0, 1.0, 1.0)),
    ({"RUS", "GOV"}, {"RUS"}, (1.0, 0.5, 2 / 3)),
    ({"RUS"}, {"RUS", "MIL", "GOV"}, (1 / 3, 1.0, 0.5)),
    ({"RUS"}, {"UKR"}, (0.0, 0.0, 0.0)),
    (set(), set(), (1.0, 1.0, 1.0)),
    (set(), {"USA"}, (0.0, 0.0, 0.0)),
])
def test_set_prf(gold: set, pred: set, expected: tuple[float, float, float]) -> None:
    assert s.set_prf(gold, pred) == pytest.approx(expected)


@pytest.mark.parametrize("text, expected", [
    ("a b c d e", {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}),
    ("a b", {("a", "b"): 1}),
    ("", {}),
    ("x y x y x y x", {("x", "y", "x", "y"): 2, ("y", "x", "y", "x"): 2}),
    ("It's — 3.5 km!", {("It", "s", "3", "5"): 1, ("s", "3", "5", "km"): 1}),
])
def test_shingles(text: str, expected: dict) -> None:
    assert dict(s.shingles(text)) == expected


@pytest.mark.parametrize("gold, pred, expected", [
    ("a b c d e", "a b c d e", (1.0, 0.0, 0.0)),
    ("a b c d e", "", (0.0, 0.0, 1.0)),
    ("", "a b c d", (0.0, 1.0, 0.0)),
    ("", "", (0.0, 0.0, 0.0)),
    # gold shingles abcd bcde; predicted abcd bcdx: tp 1 fp 1 fn 1
    ("a b c d e", "a b c d x", (1 / 3, 1 / 3, 1 / 3)),
    # gold abcd bcde cdef; predicted abcd: tp 1 fn 2
    ("a b c d e f", "a b c d", (1 / 3, 0.0, 2 / 3)),
])
def test_shingle_counts(gold: str, pred: str, expected: tuple[float, float, float]) -> None:
    assert s.shingle_counts(gold, pred) == pytest.approx(expected)


def test_body_scores_macro_average() -> None:
    pairs = [
        ("a b c d e f", "a b c d"),  # P 1, R 1/3
        ("a b c d e", "a b c d x"),  # P 1/2, R 1/2
        ("one two three four", "one two three four"),  # P 1, R 1, exact
    ]
    got = s.body_scores(pairs)
    p, r = (1 + 0.5 + 1) / 3, (1 / 3 + 0.5 + 1) / 3
    assert got["precision"] == pytest.approx(p)
    assert got["recall"] == pytest.approx(r)
    assert got["f1"] == pytest.approx(2 * p * r / (p + r))
    assert got["accuracy"] == pytest.approx(1 / 3)


def test_body_scores_bootstrap_is_deterministic() -> None:
    pairs = [("a b c d e f", "a b c d"), ("a b c d e", "a b c d x"), ("w x y z", "w x y z")]
    first = s.body_scores(pairs, bootstrap=200, seed=3)
    assert first["f1_std"] > 0
    assert first == s.body_scores(pairs, bootstrap=200, seed=3)
    assert s.body_scores([("a b c d", "a b c d")] * 4, bootstrap=50)["f1_std"] == 0.0


@pytest.mark.parametrize("gold, pred, expected", [
    ("Hello, world!", "hello world", False),  # case counts
    ("Hello, world!", "Hello world", True),  # punctuation does not
    ("", "", True),
])
def test_same_tokens(gold: str, pred: str, expected: bool) -> None:
    assert s.same_tokens(gold, pred) is expected


@pytest.mark.parametrize("a, b, km", [
    ((0.0, 0.0), (0.0, 0.0), 0.0),
    ((0.0, 0.0), (0.0, 1.0), 111.195),  # one degree of longitude on the equator
    ((0.0, 0.0), (0.0, 180.0), math.pi * s.EARTH_RADIUS_KM),
    ((51.5074, -0.1278), (48.8566, 2.3522), 343.6),  # London to Paris
    ((31.7683, 35.2137), (33.5138, 36.2765), 217.9),  # Jerusalem to Damascus
])
def test_haversine(a: tuple[float, float], b: tuple[float, float], km: float) -> None:
    assert s.haversine_km(*a, *b) == pytest.approx(km, abs=0.5)


def test_geo_scores() -> None:
    got = s.geo_scores([0.0, 100.0, 161.0, 500.0, None])
    assert got["accuracy@161km"] == pytest.approx(3 / 5)
    assert got["median_km"] == pytest.approx(161.0)
    assert got["mean_km"] == pytest.approx((0 + 100 + 161 + 500 + s.MAX_ERROR_KM) / 5)
    assert got["auc"] == pytest.approx(sum(math.log(e + 1) for e in (0, 100, 161, 500, s.MAX_ERROR_KM))
                                       / 5 / math.log(s.MAX_ERROR_KM + 1))
    assert s.geo_scores([0.0, 0.0])["auc"] == 0.0
    assert s.geo_scores([None])["auc"] == pytest.approx(1.0)
    assert s.geo_scores([])["accuracy@161km"] == 0.0
