"""The published accuracy figures stay at or above what the extractor reaches on the development set (the
gold annotations) and on the held-out corpora; the `policyscope evaluate` commands run end to end."""

from __future__ import annotations

import json

import pytest
from tests.conftest import DATA, GOLD, SEEDS, run_cli

from policyscope.ingest.evaluate import evaluate_agora, evaluate_china, evaluate_gold

# Measured values are in docs/accuracy.md; thresholds sit a little below them (and at the target
# where the extractor reaches it).
GOLD_FLOORS = {
    "named_recall": 0.97,           # target 0.9, measured 1.0
    "jurisdiction_accuracy": 0.93,  # target 0.9, measured 0.958
    "date_accuracy": 0.86,          # target 0.85, measured 0.890
    "amount_recall": 0.90,          # target 0.9, measured 0.907
    "amount_precision": 0.95,       # target 0.9, measured 1.0
    "event_precision": 0.85,        # target 0.75, measured 0.890
    "type_agreement": 0.68,         # measured 0.715
    "domain_jaccard": 0.65,         # measured 0.688
}


@pytest.fixture(scope="module")
def gold_result() -> dict:
    return evaluate_gold(GOLD, SEEDS)


@pytest.mark.parametrize("figure", sorted(GOLD_FLOORS))
def test_gold_figures_stay_above_floor(gold_result: dict, figure: str) -> None:
    value = gold_result["overall"][figure]
    assert value is not None and value >= GOLD_FLOORS[figure], f"{figure} fell to {value}"


def test_gold_counts_cover_every_seed(gold_result: dict) -> None:
    assert set(gold_result["documents"]) == {"000", "001", "003", "004"}
    c = gold_result["overall"]["counts"]
    assert c["gold"] == 386 and c["named_gold"] >= 100 and c["gold_amounts"] >= 50


def test_held_out_china_corpus() -> None:
    r = evaluate_china(DATA / "china_policy_corpus")
    assert r["policies"] >= 100
    assert r["policy_title_accuracy"] >= 0.95 and r["policy_year_accuracy"] >= 0.95
    assert r["reports"] >= 50 and r["report_year_accuracy"] >= 0.75  # measured 0.769 (40 / 52)


def test_held_out_agora_sample() -> None:
    r = evaluate_agora(DATA / "agora_ai_governance", limit=120)
    assert r["documents"] >= 100
    assert r["jurisdiction_accuracy"] >= 0.8 and r["type_accuracy"] >= 0.75
    # year: the first 120 texts are mostly undated NDAA sections (measured 0.172 over texts stating a date; 0.313
    # once bills are dated by the fiscal years they fund and the annual Acts they amend)
    assert r["year_accuracy_dated_texts"] >= 0.30
    assert r["counts"]["year_dated_total"] <= r["counts"]["year_total"]


def test_cli_evaluate_gold_json_and_bad_dir(tmp_path) -> None:  # type: ignore[no-untyped-def]
    res = run_cli("evaluate", "gold", "--gold-dir", str(GOLD), "--seeds-dir", str(SEEDS), "--format", "json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["overall"]["named_recall"] >= GOLD_FLOORS["named_recall"]
    bad = run_cli("evaluate", "gold", "--gold-dir", str(tmp_path / "missing"))
    assert bad.returncode == 1 and "gold directory not found" in bad.stderr


def test_core_only_view_scores_fewer_gold_events() -> None:
    r = evaluate_gold(GOLD, SEEDS, core_only=True)
    assert r["core_only"] is True
    assert r["overall"]["counts"]["gold"] == 373  # 13 borderline events left out
    assert r["overall"]["named_recall"] >= GOLD_FLOORS["named_recall"]


def test_cli_eval_extraction_alias() -> None:
    res = run_cli("eval", "extraction", "--gold", str(GOLD), "--seeds-dir", str(SEEDS), "--format", "json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["overall"]["named_recall"] >= GOLD_FLOORS["named_recall"]


# Newsletters and digests (docs/accuracy.md § 4.2): floors on the development part only — the held-out parts
# (test, test2) are reported, never tuned to a floor.
NEWSLETTER_DEV_FLOORS = {"named_recall": 1.0, "jurisdiction_accuracy": 0.9, "date_accuracy": 0.95,
                         "amount_recall": 1.0, "event_precision": 0.95}


def test_newsletters_dev_part_stays_above_floor() -> None:
    from pathlib import Path

    from policyscope.ingest.evaluate_docs import evaluate_newsletters

    folder = Path(__file__).parent / "files" / "newsletters"
    dev = evaluate_newsletters(folder, part="dev")["parts"]["dev"]
    assert dev["documents"] == 2
    for figure, floor in NEWSLETTER_DEV_FLOORS.items():
        assert dev[figure] >= floor, (figure, dev[figure], dev["per_document"])


def test_spent_newsletter_sets_keep_their_named_recall() -> None:
    """The held-out sets already scored (test2–test14) guard the name rules and the tagger against a regression:
    named recall at the end of round 6 is 0.936 / 0.962 / 0.980 / 0.961 / 0.938 / 0.943 / 0.981 / 0.980 / 0.942, after
    round 7 test11 0.985, test12 0.985, test13 0.939, test14 0.954; test8's and test9's jurisdiction, date and amount recall ≥ 0.978
    (docs/accuracy.md § 4.2)."""
    from pathlib import Path

    from policyscope.ingest.evaluate_docs import evaluate_newsletters

    folder = Path(__file__).parent / "files" / "newsletters"
    floors = {"test2": 0.92, "test3": 0.94, "test4": 0.96, "test5": 0.94, "test6": 0.92, "test7": 0.92, "test8": 0.96,
              "test9": 0.96, "test10": 0.92, "test11": 0.96, "test12": 0.96,
              "test13": 0.92, "test14": 0.94}
    for which, floor in floors.items():
        got = evaluate_newsletters(folder, part=which)["parts"][which]  # one set at a time: newer sets stay unread
        assert got["named_recall"] >= floor, (which, got["named_recall"])
        assert got["event_precision"] >= 0.9, (which, got["event_precision"])
        if which in ("test8", "test9"):
            assert min(got["jurisdiction_accuracy"], got["date_accuracy"], got["amount_recall"]) >= 0.95, got
