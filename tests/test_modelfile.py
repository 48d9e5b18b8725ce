"""Model files: skops with a trusted-type list, a card with the file's SHA-256, clear refusals."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.linear_model import LogisticRegression

from fakeprofile import ModelFileError
from fakeprofile.model import RiskModel
from fakeprofile.modelfile import TRUSTED_TYPES, ModelCard, load_model, save_model


class Stranger:
    """A type no one has vouched for."""

    def __init__(self) -> None:
        self.payload = "anything"


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = np.random.default_rng(3)
    X = pd.DataFrame({"a": rng.normal(size=400), "b": (rng.random(400) < 0.5).astype(float)})
    y = (X["a"] + rng.normal(size=400) > 0).astype(int).to_numpy()
    model = RiskModel().fit(X, y)
    card = ModelCard(model_version="test-1", feature_names=[], training_data={"records": 400})
    return save_model(model, card, tmp_path_factory.mktemp("model") / "m")


def test_round_trip(saved: Path) -> None:
    trained = load_model(saved)
    assert trained.version == "test-1"
    assert trained.card.feature_names == ["a", "b"]
    assert len(trained.card.sha256) == 64
    X = pd.DataFrame({"a": [0.1, 2.0], "b": [0.0, 1.0]})
    again = load_model(saved / "model.skops")  # the file itself also works
    np.testing.assert_array_equal(
        trained.model.decision_function(X), again.model.decision_function(X)
    )
    assert "# Model card: test-1" in (saved / "card.md").read_text()


def test_only_our_model_type_needs_trust(saved: Path) -> None:
    assert sio.get_untrusted_types(file=saved / "model.skops") == TRUSTED_TYPES


def test_tampered_file_is_refused(saved: Path, tmp_path: Path) -> None:
    copy = tmp_path / "m"
    copy.mkdir()
    data = bytearray((saved / "model.skops").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (copy / "model.skops").write_bytes(bytes(data))
    (copy / "card.json").write_text((saved / "card.json").read_text())
    with pytest.raises(ModelFileError, match="does not match the card"):
        load_model(copy)


def test_not_a_model_folder(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="not a fakeprofile model"):
        load_model(tmp_path)
    (tmp_path / "card.json").write_text("{not json")
    (tmp_path / "model.skops").write_bytes(b"PK")
    with pytest.raises(ModelFileError, match="not a fakeprofile model card"):
        load_model(tmp_path)


def test_wrong_format_is_refused(saved: Path, tmp_path: Path) -> None:
    (tmp_path / "model.skops").write_bytes((saved / "model.skops").read_bytes())
    card = json.loads((saved / "card.json").read_text())
    card["format"] = "something-else/9"
    (tmp_path / "card.json").write_text(json.dumps(card))
    with pytest.raises(ModelFileError, match="is not 'fakeprofile-model/1'"):
        load_model(tmp_path)


def test_another_estimator_is_refused_even_with_a_matching_card(tmp_path: Path) -> None:
    X = np.array([[0.0], [1.0], [0.2], [0.9]])
    lr = LogisticRegression().fit(X, [0, 1, 0, 1])
    sio.dump(lr, tmp_path / "model.skops")
    import hashlib

    digest = hashlib.sha256((tmp_path / "model.skops").read_bytes()).hexdigest()
    card = ModelCard(model_version="x", feature_names=["x0"], training_data={}, sha256=digest)
    (tmp_path / "card.json").write_text(card.to_json())
    with pytest.raises(ModelFileError, match="does not hold a fitted RiskModel"):
        load_model(tmp_path)


def test_untrusted_types_are_refused(tmp_path: Path) -> None:
    import hashlib

    sio.dump({"x": Stranger()}, tmp_path / "model.skops")
    digest = hashlib.sha256((tmp_path / "model.skops").read_bytes()).hexdigest()
    card = ModelCard(model_version="x", feature_names=[], training_data={}, sha256=digest)
    (tmp_path / "card.json").write_text(card.to_json())
    with pytest.raises(ModelFileError, match=r"not trusted: \[.*Stranger'\]"):
        load_model(tmp_path)
