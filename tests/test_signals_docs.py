"""The feature documentation is generated from the registered signals and cannot drift."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
from collections.abc import Sequence
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from fakeprofile.errors import FakeProfileError
from fakeprofile.profile import Profile, parse_profile
from fakeprofile.signals import SIGNALS, Context, Feature, SignalResult
from fakeprofile.signals.docs import (
    REGENERATE,
    example_context,
    example_profile,
    feature_table,
    main,
)

DOCS = Path(__file__).resolve().parents[1] / "docs" / "features.md"


def test_committed_docs_match_the_code() -> None:
    generated = feature_table()
    committed = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
    assert committed == generated, (
        f"docs/features.md is out of date with the signals; regenerate it with: {REGENERATE}"
    )


def test_main_prints_the_table() -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main([]) == 0
    assert out.getvalue() == feature_table()


def test_every_registered_feature_is_documented_once() -> None:
    table = feature_table()
    names = [f.name for s in SIGNALS for f in s.features]
    assert len(names) == len(set(names)), "feature names must be unique across signals"
    for name in names:
        assert table.count(f"| `{name}` |") == 1, name


def test_example_rows_read_as_documented() -> None:
    table = feature_table()
    assert "| `activity_likes_only` | activity | up |" in table
    assert "| `photo_min_distance` | photo | down |" in table
    assert "The note is a stock opener: it matches “I see you looked at my profile”" in table
    assert "−27.63 … 27.63, or nan" in table  # symmetric log-ratio range


class _Tiny:
    """A signal someone else might add: one feature, its own sentence."""

    name = "tiny"
    features: Sequence[Feature] = (
        Feature("tiny_has_name", "text", "1 when the profile has a name.", 0.0, 1.0),
        Feature("tiny_score", "text", "Unbounded score | with a pipe.", -math.inf, math.inf),
    )

    def extract(self, profile: Profile, context: Context) -> SignalResult:
        has = 1.0 if profile.name else 0.0
        return SignalResult({"tiny_has_name": has, "tiny_score": 2.5}, {}, {"has": has})

    def sentence(self, feature: str, result: SignalResult) -> str:
        return "The profile has a name" if result.facts["has"] else "The profile has no name"


class _Broken(_Tiny):
    name = "broken"

    def extract(self, profile: Profile, context: Context) -> SignalResult:
        raise FakeProfileError("no index")


def test_works_for_signals_others_add() -> None:
    table = feature_table([_Tiny()])
    assert "## tiny" in table
    assert (
        "| `tiny_has_name` | text | up | 1 when the profile has a name. | 0 … 1 | "
        "The profile has a name (1) |"
    ) in table
    # Pipes are escaped so the table keeps its columns; infinite ranges print as ∞.
    assert "Unbounded score \\| with a pipe. | −∞ … ∞ |" in table


def test_a_failing_signal_still_gets_its_rows(caplog: pytest.LogCaptureFixture) -> None:
    table = feature_table([_Broken()])
    assert "| `tiny_has_name` | text | up | 1 when the profile has a name. | 0 … 1 | — |" in table
    assert "broken" in caplog.text


def test_the_example_gives_every_signal_a_sentence() -> None:
    # The docs show what a reason reads like for every signal: the example profile
    # and its invitation must make at least one feature of each signal known.
    profile, context = example_profile(), example_context()
    for signal in SIGNALS:
        result = signal.extract(profile, context)
        known = [f.name for f in signal.features if not math.isnan(result.values[f.name])]
        assert known, signal.name
    # Built afresh on each call, the same each time: the table is reproducible.
    assert example_profile() == profile
    assert example_context() == context


def test_evidence_of_all_signals_is_json_ready(examples: Path) -> None:
    context = Context(today=dt.date(2026, 11, 25))
    for line in (examples / "profiles.jsonl").read_text().splitlines():
        profile = parse_profile(json.loads(line))
        for signal in SIGNALS:
            result = signal.extract(profile, context)
            text = json.dumps({k: [e.to_dict() for e in v] for k, v in result.evidence.items()})
            assert all(k in {f.name for f in signal.features} for k in result.evidence), text
