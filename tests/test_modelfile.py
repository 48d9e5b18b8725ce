"""Model files: skops with a trusted-type list, a card with the file's SHA-256, clear refusals."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.linear_model import LogisticRegression

from fakeprofile import ModelFileError
from fakeprofile.model import RiskModel
from fakeprofile.modelfile import (
    READABLE_FORMATS,
    TRUSTED_TYPES,
    ModelCard,
    default_model,
    load_model,
    save_model,
)


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
    with pytest.raises(ModelFileError, match="'something-else/9' is not one this version reads"):
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


# --------------------------------------------------------------------------- tampered folders


def _copy(saved: Path, to: Path) -> Path:
    to.mkdir()
    for name in ("model.skops", "card.json"):
        (to / name).write_bytes((saved / name).read_bytes())
    return to


def _tampered(
    saved: Path,
    to: Path,
    change: Callable[[RiskModel], object],
    *,
    card_names: list[str] | None = None,
) -> Path:
    """A folder written by save_model, whose model was then changed and re-hashed into its card.

    The card lists ``card_names`` (by default the changed model's own names),
    as a careless or hostile writer would leave it: every check but the
    model's own consistency passes.
    """
    model = sio.load(saved / "model.skops", trusted=TRUSTED_TYPES)
    change(model)
    folder = _copy(saved, to)
    sio.dump(model, folder / "model.skops")
    card = json.loads((saved / "card.json").read_text())
    card["sha256"] = hashlib.sha256((folder / "model.skops").read_bytes()).hexdigest()
    card["feature_names"] = (
        card_names if card_names is not None else [str(n) for n in model.feature_names_in_]
    )
    (folder / "card.json").write_text(json.dumps(card))
    return folder


def _reorder(model: RiskModel) -> None:
    model.feature_names_in_ = model.feature_names_in_[::-1]


def test_a_model_whose_names_were_reordered_after_fitting_is_refused(
    saved: Path, tmp_path: Path
) -> None:
    # Issue 15, defect 8: this loaded and scored every profile with the wrong shapes.
    folder = _tampered(saved, tmp_path / "m", _reorder)
    with pytest.raises(ModelFileError, match=r"shapes do not follow its 2 feature names.*'b'"):
        load_model(folder)


def test_save_refuses_a_model_whose_names_were_reordered(saved: Path, tmp_path: Path) -> None:
    model = load_model(saved).model
    _reorder(model)
    card = ModelCard(model_version="x", feature_names=[], training_data={})
    with pytest.raises(ModelFileError, match="shapes do not follow"):
        save_model(model, card, tmp_path / "m")
    assert not (tmp_path / "m" / "card.json").exists()


def test_save_refuses_a_card_listing_the_features_in_another_order(
    saved: Path, tmp_path: Path
) -> None:
    model = load_model(saved).model
    card = ModelCard(model_version="x", feature_names=["b", "a"], training_data={})
    with pytest.raises(ModelFileError, match="in the card's order: feature 0 is 'a' against 'b'"):
        save_model(model, card, tmp_path / "m")


def test_a_card_listing_the_features_in_another_order_is_refused(
    saved: Path, tmp_path: Path
) -> None:
    folder = _tampered(saved, tmp_path / "m", lambda m: None, card_names=["b", "a"])
    with pytest.raises(ModelFileError, match="not its card's, in the card's order"):
        load_model(folder)


def test_a_model_with_fewer_features_than_its_card_is_refused(saved: Path, tmp_path: Path) -> None:
    # It used to load, then fail with a ValueError when scoring.
    def add_a_name(model: RiskModel) -> None:
        model.feature_names_in_ = np.asarray(["a", "b", "c"], dtype=object)

    folder = _tampered(saved, tmp_path / "m", add_a_name)
    with pytest.raises(ModelFileError, match="its 2 fitted shapes do not follow its 3 feature"):
        load_model(folder)


def test_a_model_that_cannot_score_is_refused(saved: Path, tmp_path: Path) -> None:
    def cut_a_weight(model: RiskModel) -> None:
        model.coef_ = model.coef_[:-1]

    folder = _tampered(saved, tmp_path / "m", cut_a_weight)
    with pytest.raises(ModelFileError, match="cannot score"):
        load_model(folder)


def test_a_model_that_does_not_record_its_feature_order_is_refused(
    saved: Path, tmp_path: Path
) -> None:
    def forget(model: RiskModel) -> None:
        for term in model.terms_:
            del term["feature"]

    folder = _tampered(saved, tmp_path / "m", forget)
    with pytest.raises(ModelFileError, match="does not record the feature each shape"):
        load_model(folder)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sha256", 12345, "sha256: must be a string, got a number 12345"),
        ("sha256", "abc", "sha256: must be 64 hexadecimal digits"),
        ("feature_names", "a,b", "feature_names: must be an array of strings, got a string"),
        ("feature_names", ["a", 2], "feature_names: must be an array of strings, got an array"),
        ("training_data", [], "training_data: must be an object, got an array"),
        ("format", 1, "format: must be a string, got a number 1"),
        ("notes", "x" * 500, r"notes: must be an array of strings, got a string \"x{30}"),
        ("model_version", None, "model_version: missing"),
    ],
)
def test_card_fields_of_the_wrong_type_are_named(
    saved: Path, tmp_path: Path, field: str, value: Any, message: str
) -> None:
    folder = _copy(saved, tmp_path / "m")
    card = json.loads((folder / "card.json").read_text())
    if value is None:
        del card[field]
    else:
        card[field] = value
    (folder / "card.json").write_text(json.dumps(card))
    with pytest.raises(ModelFileError, match=message) as caught:
        load_model(folder)
    assert len(str(caught.value)) < 300  # never the whole bad value


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "malformed JSON"),
        (b"", "malformed JSON"),
        (b"[1, 2]", "a JSON object is needed, got an array"),
        (b"[" * 100_000 + b"]" * 100_000, "malformed JSON"),
        (b'{"model_version": "\xff\xfe"}', "not a fakeprofile model card"),
        ('{"a": "\udc80"}'.encode("utf-8", "surrogatepass"), "not a fakeprofile model card"),
    ],
)
def test_malformed_cards_are_refused(
    saved: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    folder = _copy(saved, tmp_path / "m")
    (folder / "card.json").write_bytes(content)
    with pytest.raises(ModelFileError, match=message):
        load_model(folder)


def test_missing_files_are_refused(saved: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match=r"needs card\.json and model\.skops"):
        load_model(tmp_path / "nowhere")
    only_card = _copy(saved, tmp_path / "card-only")
    (only_card / "model.skops").unlink()
    with pytest.raises(ModelFileError, match=r"needs card\.json and model\.skops"):
        load_model(only_card)
    folder = _copy(saved, tmp_path / "dir")
    (folder / "model.skops").unlink()
    (folder / "model.skops").mkdir()
    with pytest.raises(ModelFileError, match=r"needs card\.json and model\.skops"):
        load_model(folder)


def test_the_default_model_records_its_feature_order() -> None:
    trained = default_model()
    names = [str(n) for n in trained.model.feature_names_in_]
    assert trained.card.feature_names == names
    assert [t["feature"] for t in trained.model.terms_] == names
    # The shipped model may predate pair terms (fakeprofile-model/2) until it is rebuilt.
    assert trained.card.format in READABLE_FORMATS
