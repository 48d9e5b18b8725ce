"""Calibration on one's own population: levels that hold there, prevalence, exact reasons."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fakeprofile import FakeProfileError, ProfileVectorizer, Scorer, calibrate, synthetic
from fakeprofile.calibration import CalibrationReport
from fakeprofile.cli import main
from fakeprofile.modelfile import TrainedModel, default_model, load_model, save_model
from fakeprofile.vetting import Policy

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def network() -> synthetic.Population:
    """One's own network: genuine members only."""
    return synthetic.generate(400, seed=21, fake_rate=0.0, label_noise=0.0, today=TODAY)


@pytest.fixture(scope="module")
def calibrated(network: synthetic.Population) -> tuple[TrainedModel, CalibrationReport]:
    return calibrate(list(network.profiles), today=TODAY, progress=False)


def _features(profiles: list[object], model: TrainedModel) -> pd.DataFrame:
    vectorizer = ProfileVectorizer(today=TODAY).fit()
    X = vectorizer.transform(profiles)
    frame = pd.DataFrame(X, columns=[str(n) for n in vectorizer.get_feature_names_out()])
    return frame[[str(n) for n in model.model.feature_names_in_]]


def _write(path: Path, population: synthetic.Population, *, labels: bool) -> Path:
    population.write_jsonl(path)
    if not labels:
        rows = [json.loads(line) for line in path.read_text().splitlines()]
        path.write_text(
            "".join(json.dumps({k: v for k, v in r.items() if k != "label"}) + "\n" for r in rows)
        )
    return path


def test_unlabelled_calibration_sets_the_levels_at_the_cards_rates(
    calibrated: tuple[TrainedModel, CalibrationReport], network: synthetic.Population
) -> None:
    trained, report = calibrated
    assert not report.labelled
    assert not report.recalibrated
    assert (report.n, report.n_genuine, report.n_fake) == (400, 400, 0)
    risks = trained.model.predict_proba(_features(list(network.profiles), trained))[:, 1]
    for level, target in (("medium", 0.10), ("high", 0.01)):
        flagged = float((risks >= trained.model.thresholds_[level]).mean())
        assert flagged <= target  # in-sample: by construction
        assert report.levels[level]["false_positive_rate"] == round(flagged, 4)
        assert report.levels[level]["target_false_positive_rate"] == target
        lo, hi = report.levels[level]["false_positive_rate_95"]
        assert lo <= flagged <= hi
        assert report.levels[level]["cross_checked_false_positive_rate"] is not None
    # The default model itself is untouched.
    assert default_model().model.thresholds_ != trained.model.thresholds_


def test_calibrated_model_folder_records_the_population_and_is_used_by_score_and_vet(
    calibrated: tuple[TrainedModel, CalibrationReport],
    network: synthetic.Population,
    tmp_path: Path,
) -> None:
    trained, _report = calibrated
    folder = save_model(trained.model, trained.card, tmp_path / "mine")
    loaded = load_model(folder)
    card = loaded.card
    assert card.calibration["records"] == 400
    assert card.calibration["date"] == dt.datetime.now(dt.UTC).date().isoformat()
    assert card.calibration["calibrated_from"] == default_model().version
    assert card.training_data == default_model().card.training_data  # beside the training
    assert card.thresholds["high"]["probability"] == pytest.approx(loaded.model.thresholds_["high"])
    markdown = (folder / "card.md").read_text()
    assert "## Calibration on your own population" in markdown
    assert "| level | probability |" in markdown
    assert "{'probability'" not in markdown
    # score() and Policy read the calibrated thresholds.
    scorer = Scorer(loaded, today=TODAY)
    levels = [scorer.score(p).level for p in network.profiles[:200]]
    assert levels.count("high") <= 2
    policy = Policy().resolved(loaded)
    assert policy.decline_at == loaded.model.thresholds_["high"]
    assert policy.ask_at == loaded.model.thresholds_["medium"]


def test_prevalence_shift_keeps_every_contribution_and_the_reasons_exact(
    network: synthetic.Population,
) -> None:
    before = default_model()
    shifted, report = calibrate(
        list(network.profiles), prevalence=0.02, today=TODAY, progress=False
    )
    p0 = before.card.training_data["fake"] / before.card.training_data["records"]
    delta = math.log(0.02 / 0.98) - math.log(p0 / (1 - p0))
    assert report.prevalence["stated"] == 0.02
    assert report.prevalence["log_odds_shift"] == pytest.approx(delta, abs=1e-6)
    frame = _features(list(network.profiles[:50]), before)
    base0, contributions0 = before.model.contributions(frame)
    base1, contributions1 = shifted.model.contributions(frame)
    np.testing.assert_array_equal(contributions1, contributions0)  # unchanged, exactly
    assert base1 == pytest.approx(base0 + delta, abs=1e-12)
    np.testing.assert_allclose(
        base1 + contributions1.sum(axis=1), shifted.model.decision_function(frame), atol=1e-12
    )
    # Through a Scorer: base value + sub-scores is still the logit, the reasons the same.
    for profile in network.profiles[:20]:
        old, new = (
            Scorer(before, today=TODAY).score(profile),
            Scorer(shifted, today=TODAY).score(profile),
        )
        assert math.isclose(new.base_value + sum(new.subscores.values()), new.logit, abs_tol=1e-9)
        assert [(r.code, r.contribution) for r in new.reasons] == [
            (r.code, r.contribution) for r in old.reasons
        ]
        assert new.risk < old.risk  # 2% fakes expected instead of about 21%


def test_labelled_calibration_uses_both_classes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = _write(
        tmp_path / "sample.jsonl", synthetic.generate(300, seed=22, today=TODAY), labels=True
    )
    out = tmp_path / "cal"
    assert main(["calibrate", str(sample), "--out", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["labelled"]
    assert report["recalibrated"]
    assert report["fake"] + report["genuine"] == 300
    assert report["fake"] >= 10
    assert report["recalibration"]["slope"] > 0
    assert 0.0 <= report["levels"]["high"]["recall"] <= 1.0
    assert report["levels"]["high"]["false_positive_rate"] <= 0.01
    model = load_model(out)
    assert model.card.calibration["recalibration"]["share_fake"] == pytest.approx(
        report["fake"] / 300, abs=1e-6
    )
    # An affine change of the logit: base + contributions is still the logit.
    frame = _features(list(synthetic.generate(30, seed=23, today=TODAY).profiles), model)
    base, contributions = model.model.contributions(frame)
    np.testing.assert_allclose(
        base + contributions.sum(axis=1), model.model.decision_function(frame)
    )


def test_calibrate_from_the_command_line_with_unlabelled_files(
    network: synthetic.Population, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = _write(tmp_path / "network.jsonl", network, labels=False)
    out = tmp_path / "mine"
    assert main(["calibrate", str(mine), "--out", str(out), "--prevalence", "0.05"]) == 0
    captured = capsys.readouterr()
    assert "Calibrated on 400 profiles (no labels: all taken as genuine)." in captured.out
    assert "| high | 1% |" in captured.out
    assert "written to" in captured.err
    assert load_model(out).card.calibration["prevalence"]["stated"] == 0.05


def test_a_tiny_calibration_set_gets_a_wilson_interval_warning(
    network: synthetic.Population,
) -> None:
    _, report = calibrate(list(network.profiles[:60]), today=TODAY, progress=False)
    high = [w for w in report.warnings if "at high" in w]
    assert high
    assert "Wilson" in high[0]
    assert "only 60 genuine profiles" in high[0]
    lo, hi = report.levels["high"]["false_positive_rate_95"]
    assert lo == 0.0
    assert hi > 0.05
    assert "WARNING: only 60 genuine" in report.to_markdown()


def test_calibration_failures_are_one_line_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pop = synthetic.generate(40, seed=24, today=TODAY)
    misspelt = tmp_path / "misspelt.jsonl"
    pop.write_jsonl(misspelt, label_field="is_fake")
    mixed = tmp_path / "mixed.jsonl"
    lines = _write(tmp_path / "l.jsonl", pop, labels=True).read_text().splitlines()
    stripped = [
        json.dumps({k: v for k, v in json.loads(x).items() if k != "label"}) for x in lines[:5]
    ]
    mixed.write_text("\n".join(stripped + lines[5:]) + "\n")
    cases = [
        ([str(misspelt)], "--label-field is_fake"),
        ([str(mixed)], "label every record"),
        (
            [str(misspelt), "--label-field", "is_fake", "--prevalence", "1.5"],
            "prevalence must be in (0, 1)",
        ),
    ]
    for args, expected in cases:
        assert main(["calibrate", *args, "--out", str(tmp_path / "x")]) == 2
        err = capsys.readouterr().err
        assert expected in err
        assert "Traceback" not in err
        assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()


def test_only_fakes_cannot_be_calibrated_on() -> None:
    fakes = synthetic.generate(20, seed=25, fake_rate=1.0, label_noise=0.0, today=TODAY)
    from fakeprofile.training import LabelledData

    with pytest.raises(FakeProfileError, match="no genuine profile to calibrate on"):
        calibrate(LabelledData(list(fakes.profiles), fakes.labels), progress=False)


def test_labelled_dicts_are_calibrated_on_like_a_labelled_file() -> None:
    sample = synthetic.generate(300, seed=22, today=TODAY)
    records = [
        {**p.model_dump(mode="json", exclude_none=True), "label": int(label)}
        for p, label in zip(sample.profiles, sample.labels, strict=True)
    ]
    _, report = calibrate(records, today=TODAY, progress=False)
    assert report.labelled
    assert report.n_fake + report.n_genuine == 300
    with pytest.raises(FakeProfileError, match="label every record"):
        calibrate([records[0], {"id": "no-label"}], today=TODAY, progress=False)


def test_bad_records_given_in_memory_are_skipped_and_located(
    network: synthetic.Population,
) -> None:
    """A batch: one bad record among dicts is an error row (by position), not a crash."""
    records: list[object] = [p.model_dump(mode="json", exclude_none=True) for p in network.profiles]
    records[:0] = [{"id": ""}, 5, None]
    _, report = calibrate(records, progress=False)
    assert report.n == len(network.profiles)
    assert [(e.source, e.line) for e in report.errors] == [("<data>", n) for n in (1, 2, 3)]
    assert "id: must not be empty" in report.errors[0].message
    assert "got int" in report.errors[1].message
