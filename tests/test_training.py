"""Training and evaluation: held-out metrics only, baselines beside, a card that says so."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from fakeprofile import ReferenceIndex, synthetic
from fakeprofile.cli import main
from fakeprofile.errors import TrainingDataError
from fakeprofile.modelfile import TrainedModel, default_model, load_model
from fakeprofile.training import (
    EvaluationReport,
    LabelledData,
    evaluate,
    format_threshold,
    read_labelled,
    train,
    wilson_interval,
)

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def population() -> synthetic.Population:
    return synthetic.generate(1200, seed=7, today=TODAY)


@pytest.fixture(scope="module")
def trained(
    population: synthetic.Population, tmp_path_factory: pytest.TempPathFactory
) -> tuple[TrainedModel, EvaluationReport]:
    # With an index of the population, as the default model is trained: half the
    # copycats look ordinary, and only their copies give them away.
    data = LabelledData(list(population.profiles), population.labels)
    with ReferenceIndex(tmp_path_factory.mktemp("index") / "ref.db") as index:
        index.add(population.profiles)
        return train(data, index=index, today=TODAY, random_state=1, progress=False)


def test_report_is_on_held_out_data(
    trained: tuple[TrainedModel, EvaluationReport], population: synthetic.Population
) -> None:
    _, report = trained
    assert report.n_train + report.n_test == 1200
    assert report.n_test == 300
    assert report.model.n == 300  # metrics computed on the held-out part only
    assert {b.name for b in report.baselines} == {"random_forest", "gradient_boosting"}
    assert report.model.roc_auc > 0.85
    # Reliability bins cover every held-out profile.
    assert sum(r["n"] for r in report.model.reliability) == 300
    assert "| random_forest |" in report.to_markdown()


def test_card_records_thresholds_and_metrics(
    trained: tuple[TrainedModel, EvaluationReport],
) -> None:
    model, report = trained
    card = model.card
    assert set(card.thresholds) == {"medium", "high"}
    assert card.thresholds["high"]["target_false_positive_rate"] == 0.01
    assert card.metrics["held_out"]["n_test"] == report.n_test
    assert card.feature_names == report.feature_names


def test_evaluate_on_fresh_data(trained: tuple[TrainedModel, EvaluationReport]) -> None:
    model, _ = trained
    fresh = synthetic.generate(400, seed=99, today=TODAY)
    metrics = evaluate(
        model, LabelledData(list(fresh.profiles), fresh.labels), today=TODAY, progress=False
    )
    assert metrics.n == 400
    assert 0.8 < metrics.roc_auc <= 1.0


def _write_labelled(population: synthetic.Population, path: Path, n: int) -> None:
    with path.open("w") as f:
        for profile, label in zip(population.profiles[:n], population.labels[:n], strict=True):
            record = profile.model_dump(mode="json", exclude_defaults=True)
            record["label"] = "fake" if label else "genuine"
            f.write(json.dumps(record) + "\n")


def test_read_labelled_parses_labels_and_keeps_errors(tmp_path: Path) -> None:
    f = tmp_path / "l.jsonl"
    f.write_text(
        '{"id": "a", "label": 1}\n'
        '{"id": "b", "label": "genuine"}\n'
        '{"id": "c", "label": "maybe"}\n'
        '{"id": "d"}\n'
        '{"id": "e", "label": "FAKE", "connections": -1}\n'
        '{"id": "f", "is_fake": "true"}\n'
    )
    data = read_labelled(f)
    assert [p.id for p in data.items] == ["a", "b"]
    assert list(data.labels) == [1, 0]
    messages = [e.message for e in data.errors]
    assert "label: must be 1/0, fake/genuine or true/false, got 'maybe'" in messages[0]
    assert "label: is required" in messages[1]
    assert "connections: must be ≥ 0" in messages[2]
    other = read_labelled(f, label_field="is_fake")
    assert [p.id for p in other.items] == ["f"]


def test_train_and_evaluate_from_the_command_line(
    population: synthetic.Population, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labelled = tmp_path / "labelled.jsonl"
    _write_labelled(population, labelled, 600)
    out = tmp_path / "model"
    assert main(["train", str(labelled), "--out", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["held_out"]["n_test"] == 150
    assert set(report["baselines"]) == {"random_forest", "gradient_boosting"}
    model = load_model(out)
    assert model.card.training_data["records"] == 600
    fresh = tmp_path / "fresh.jsonl"
    _write_labelled(synthetic.generate(300, seed=5, today=TODAY), fresh, 300)
    assert main(["evaluate", str(fresh), "--model", str(out), "--json"]) == 0
    metrics = json.loads(capsys.readouterr().out)
    assert metrics["n"] == 300
    assert 0.5 < metrics["roc_auc"] <= 1.0


def test_train_needs_both_classes() -> None:
    pop = synthetic.generate(50, seed=1, fake_rate=0.0, label_noise=0.0)
    with pytest.raises(TrainingDataError, match="all 50 labelled profiles are genuine"):
        train(LabelledData(list(pop.profiles), np.asarray(pop.labels)), progress=False)


def test_refit_on_all_the_data_after_the_report(
    trained: tuple[TrainedModel, EvaluationReport], population: synthetic.Population
) -> None:
    model, report = trained
    assert report.refit
    assert model.card.training_data["final_model"].startswith("refitted on all 1200 profiles")
    assert model.card.metrics["final_model"].startswith("Final model: refitted on all 1200")
    # The final model's out-of-fold predictions cover all 1200 profiles, not the 900.
    assert model.model.oof_proba_.size == 1200
    high = model.card.thresholds["high"]
    assert high["probability"] == pytest.approx(model.model.thresholds_["high"], abs=1e-9)
    assert high["held_out_at_probability"] == report.model.at_levels["high"]["threshold"]


def test_no_refit_keeps_the_split_model() -> None:
    pop = synthetic.generate(240, seed=3, today=TODAY)
    data = LabelledData(list(pop.profiles), pop.labels)
    kept, report = train(data, today=TODAY, progress=False, refit=False)
    assert not report.refit
    assert kept.model.oof_proba_.size == report.n_train
    assert kept.card.training_data["final_model"].startswith("the one fitted on the 180")


def test_report_says_what_mattered_and_rates_against_targets(
    trained: tuple[TrainedModel, EvaluationReport],
) -> None:
    model, report = trained
    mattered = report.model.what_mattered
    assert mattered["n"] == report.n_test
    assert set(mattered["groups"]) >= {"activity", "account", "text"}
    values = list(mattered["groups"].values())
    assert values == sorted(values, reverse=True)
    assert values[0] > 0
    assert 0 < len(mattered["features"]) <= 10
    high = report.model.at_levels["high"]
    assert high["target_false_positive_rate"] == 0.01
    lo, hi = high["false_positive_rate_95"]
    assert lo <= high["false_positive_rate"] <= hi
    text = report.to_markdown()
    assert "What mattered" in text
    assert "| signal group |" in text
    assert "(1%)" in text
    assert "(10%)" in text
    card_md = model.card.to_markdown()
    assert "## What mattered" in card_md
    assert "| level | probability |" in card_md
    assert "{'probability'" not in card_md


def test_thresholds_print_with_the_digits_they_need() -> None:
    assert format_threshold(0.188581) == "0.1886"
    assert format_threshold(0.0000123456) == "0.00001235"
    assert format_threshold(0.999987) == "0.999987"
    assert format_threshold(3e-7) == "0.0000003"  # not "0.0000"


def test_a_small_held_out_part_is_warned_about(tmp_path: Path) -> None:
    pop = synthetic.generate(120, seed=4, today=TODAY)
    _, report = train(LabelledData(list(pop.profiles), pop.labels), today=TODAY, progress=False)
    assert report.model.n_fake < 50
    assert any(f"only {report.model.n_fake} fake profiles" in w for w in report.model.warnings)
    assert "roc_auc" in report.model.intervals
    assert "accuracy" in report.model.intervals
    assert "WARNING: only" in report.to_markdown()
    assert wilson_interval(0, 100)[1] == pytest.approx(0.037, abs=1e-3)


def _one_line_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str], expected: str) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert expected in captured.err
    assert "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) == 1, captured.err


def test_training_failures_name_the_fix(
    population: synthetic.Population, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    misspelt = tmp_path / "is_fake.jsonl"
    synthetic.generate(200, seed=8, today=TODAY).write_jsonl(misspelt, label_field="is_fake")
    out = str(tmp_path / "m")
    for command in (["train", str(misspelt), "--out", out], ["evaluate", str(misspelt)]):
        _one_line_exit_2(command, capsys, "--label-field is_fake")
    assert main(["train", str(misspelt), "--out", out, "--label-field", "nope"]) == 2
    err = capsys.readouterr().err
    assert "fields found: about, activity" in err
    assert "is_fake" in err
    one_class = tmp_path / "genuine.jsonl"
    synthetic.generate(60, seed=9, fake_rate=0.0, label_noise=0.0, today=TODAY).write_jsonl(
        one_class
    )
    _one_line_exit_2(["train", str(one_class), "--out", out], capsys, "are genuine")
    tiny = tmp_path / "tiny.jsonl"
    _write_labelled(population, tiny, 20)
    _one_line_exit_2(["train", str(tiny), "--out", out], capsys, "at least 10 of each")
    _one_line_exit_2(
        ["train", str(misspelt), "--out", out, "--label-field", "is_fake", "--test-size", "2"],
        capsys,
        "test_size must be in (0, 1)",
    )
    assert not (tmp_path / "m").exists()


def test_evaluate_the_default_model_with_baselines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh = tmp_path / "fresh.jsonl"
    synthetic.generate(200, seed=10, today=TODAY).write_jsonl(fresh)
    assert main(["evaluate", str(fresh), "--model", "default", "--baselines"]) == 0
    out = capsys.readouterr().out
    assert "default-synthetic" in out
    assert "it was not trained on" in out
    assert "| random_forest (5-fold cross-validated here) |" in out
    high = default_model().model.thresholds_["high"]
    assert f"| high | {format_threshold(high)} | " in out  # the shipped model's own threshold
    assert "(1%)" in out
    assert "What mattered" in out


def test_train_cli_no_refit(
    population: synthetic.Population, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labelled = tmp_path / "labelled.jsonl"
    _write_labelled(population, labelled, 300)
    assert main(["train", str(labelled), "--out", str(tmp_path / "m"), "--no-refit"]) == 0
    assert "Final model: the one fitted on the 225 training profiles" in capsys.readouterr().out
    assert "no refit" in load_model(tmp_path / "m").card.training_data["final_model"]


@pytest.mark.parametrize(("fake", "genuine"), [(1.0, 0.0), ("1.0", "0.0"), (1, 0), ("yes", "no")])
def test_labels_written_as_floats_are_read(tmp_path: Path, fake: object, genuine: object) -> None:
    """pandas writes a label column with a gap in it as 1.0 / 0.0: those are labels too."""
    f = tmp_path / "l.jsonl"
    f.write_text(
        json.dumps({"id": "a", "label": fake})
        + "\n"
        + json.dumps({"id": "b", "label": genuine})
        + "\n"
        + json.dumps({"id": "c", "label": 0.5})
        + "\n"
    )
    data = read_labelled(f)
    assert list(data.labels) == [1, 0]
    assert "got 0.5" in data.errors[0].message


def test_train_takes_labelled_dicts_as_it_takes_a_file() -> None:
    """Records already in memory train the same model as the file holding them."""
    from fakeprofile import train

    rows = [
        {"id": f"p{i}", "followers": 40 + i % 7 + (500 if i % 2 else 0), "label": i % 2}
        for i in range(80)
    ]
    with_bad: list[object] = [*rows[:3], {"id": "x"}, 7, *rows[3:]]
    trained, report = train(with_bad, progress=False, refit=False)
    assert [(e.line, e.message[:26]) for e in report.errors] == [
        (4, "label: is required in labe"),
        (5, "must be a Profile, an Invi"),
    ]
    again, _ = train(rows, progress=False, refit=False)
    assert trained.card.metrics["held_out"] == again.card.metrics["held_out"]
    assert trained.card.metrics["unreadable_records"] == 2
