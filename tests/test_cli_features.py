"""``fakeprofile features``: every feature with its direction, for people and for programs."""

from __future__ import annotations

import json

import pytest

from fakeprofile.cli import main
from fakeprofile.signals import SIGNALS


def test_features_json_lists_every_feature_with_its_direction(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["features", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    registered = [(f.name, f.group) for s in SIGNALS for f in s.features]
    assert [(f["name"], f["group"]) for f in listed] == registered
    for f in listed:
        assert f["direction"] in ("up", "down", "two-sided")
        assert (f["normal"] is not None) == (f["direction"] == "two-sided")
        assert f["description"]


def test_features_table_names_each_feature_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["features"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == sum(len(s.features) for s in SIGNALS)
    assert lines[0].split()[0] == SIGNALS[0].features[0].name
