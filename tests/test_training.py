"""Training and evaluation: held-out metrics only, baselines beside, a card that says so."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from fakeprofile import ReferenceIndex, synthetic
from fakeprofile.cli import main
from fakeprofile.modelfile import TrainedModel, load_model
from fakeprofile.training import EvaluationReport, LabelledData, evaluate, read_labelled, train

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
    with pytest.raises(ValueError, match="at least 4 fake and 4 genuine"):
        train(LabelledData(list(pop.profiles), np.asarray(pop.labels)), progress=False)
