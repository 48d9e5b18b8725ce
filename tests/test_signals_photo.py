"""The photo signal: its features, evidence and sentences, with and without an index."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from photo_helpers import encode, synthetic_photo
from PIL import Image

from fakeprofile.fingerprints.photo import (
    STRONG_THRESHOLD,
    fingerprint,
    query_fingerprints,
)
from fakeprofile.index import ReferenceIndex
from fakeprofile.profile import Profile
from fakeprofile.signals import SIGNALS, Context
from fakeprofile.signals.base import Shared
from fakeprofile.signals.photo import PhotoSignal, photo_lookup

TODAY = dt.date(2026, 11, 1)

# --------------------------------------------------------------------------- the signal


def _result(profile: Profile, index: ReferenceIndex | None = None) -> dict[str, float]:
    return PhotoSignal().extract(profile, Context(today=TODAY, index=index)).values


def test_signal_is_registered_and_declares_its_features() -> None:
    signal = next(s for s in SIGNALS if s.name == "photo")
    assert isinstance(signal, PhotoSignal)
    assert next(f.name for f in signal.features) == "photo_absent"
    assert {f.group for f in signal.features} == {"photo"}
    assert {f.name: f.direction for f in signal.features} == {
        "photo_absent": "up",
        "photo_reuse_count": "up",
        "photo_reuse_older_count": "up",
        "photo_min_distance": "down",
        "photo_reuse_newer_chance": "up",
    }


def test_signal_without_photo_or_index() -> None:
    """Unknown is not empty: no photo field says nothing; has_photo false says 'no photo'."""
    values = _result(Profile(id="p"))
    assert all(math.isnan(v) for v in values.values())
    known_none = _result(Profile(id="p", has_photo=False))
    assert known_none["photo_absent"] == 1.0
    assert math.isnan(known_none["photo_reuse_count"])  # nothing to compare
    assert _result(Profile(id="p", has_photo=True))["photo_absent"] == 0.0


def test_signal_unreadable_photo_is_unknown_with_its_error_kept(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"garbage")
    signal = PhotoSignal()
    with ReferenceIndex(tmp_path / "i.db") as index:
        result = signal.extract(Profile(id="p", photo=str(bad)), Context(TODAY, index))
    assert result.values["photo_absent"] == 0.0  # it has a photo
    assert math.isnan(result.values["photo_reuse_count"])  # but it could not be compared
    found = photo_lookup(result)
    assert found.state == "unreadable"
    assert found.error
    assert not found.looked_up
    for feature in signal.features:
        assert feature.check(result.values[feature.name]), feature.name


def test_signal_finds_an_older_mirrored_copy(tmp_path: Path) -> None:
    image = synthetic_photo(11)
    (tmp_path / "a.png").write_bytes(encode(image))
    (tmp_path / "b.jpg").write_bytes(
        encode(image.transpose(Image.Transpose.FLIP_LEFT_RIGHT), "JPEG")
    )
    (tmp_path / "c.png").write_bytes(encode(synthetic_photo(12)))
    original = Profile(id="p-amara", photo=str(tmp_path / "a.png"), created_at="2012-05-01")
    copy = Profile(id="p-fake", photo=str(tmp_path / "b.jpg"), created_at="2025-06-01")
    other = Profile(id="p-other", photo=str(tmp_path / "c.png"))
    signal = PhotoSignal()
    with ReferenceIndex(tmp_path / "index.db") as index:
        index.add([original, copy, other])
        result = signal.extract(copy, Context(today=TODAY, index=index))
        victim = signal.extract(original, Context(today=TODAY, index=index))
        alone = signal.extract(other, Context(today=TODAY, index=index))
        no_photo = signal.extract(Profile(id="n", has_photo=False), Context(TODAY, index))
    v = result.values
    assert v["photo_reuse_count"] == 1.0
    assert v["photo_reuse_older_count"] == 1.0
    assert 0.0 <= v["photo_min_distance"] < STRONG_THRESHOLD / 256
    [evidence] = result.evidence["photo_reuse_count"]
    assert evidence.to_dict()["profile_id"] == "p-amara"
    assert evidence.detail["mirrored"] is True
    assert evidence.detail["created_at"] == "2012-05-01"
    sentence = signal.sentence("photo_reuse_count", result)
    assert sentence.startswith(
        "This photo is also on the profile of profile p-amara, whose account is 13 years older: "
    )
    assert sentence.endswith(("the same photo, mirrored.", "mirrored copy."))
    assert "distance" not in sentence
    assert "/256" not in sentence
    # One fact, one sentence: every reuse feature states it.
    assert signal.sentence("photo_reuse_older_count", result) == sentence
    # The original's photo is used by a newer profile only: nothing against it.
    assert victim.values["photo_reuse_count"] == 0.0
    assert victim.values["photo_min_distance"] == 1.0
    assert signal.sentence("photo_reuse_count", victim).startswith(
        "Only newer profiles use this photo too: profile p-fake, whose account is"
    )
    # The copy is 17 months old beside a 14-year-old account: the dates settle it.
    assert 0.0 < victim.values["photo_reuse_newer_chance"] < 0.1
    [newer] = victim.evidence["photo_reuse_newer_chance"]
    assert newer.detail["profile_id"] == "p-fake"
    assert newer.detail["later_chance"] == round(victim.values["photo_reuse_newer_chance"], 3)
    assert v["photo_reuse_newer_chance"] == 0.0  # the copy: no newer profile uses it
    assert alone.values["photo_reuse_count"] == 0.0
    assert alone.values["photo_min_distance"] == 1.0
    assert "No other known profile" in signal.sentence("photo_reuse_count", alone)
    assert no_photo.values["photo_absent"] == 1.0
    assert math.isnan(no_photo.values["photo_reuse_count"])
    for r in (result, alone, no_photo):
        for feature in signal.features:
            assert feature.check(r.values[feature.name]), feature.name
            if not math.isnan(r.values[feature.name]):
                assert signal.sentence(feature.name, r)


def test_signal_with_photo_hash_only(tmp_path: Path) -> None:
    fp = fingerprint(encode(synthetic_photo(13)))
    with ReferenceIndex(tmp_path / "i.db") as index:
        index.add([Profile(id="a", photo_hash=fp.to_hex())])
        values = _result(Profile(id="b", photo_hash=fp.to_hex()), index)
        bad = _result(Profile(id="c", photo_hash="abc"), index)
    assert values["photo_reuse_count"] == 1.0
    assert values["photo_min_distance"] == 0.0
    assert bad["photo_absent"] == 0.0
    assert math.isnan(bad["photo_reuse_count"])


def test_query_probes_only_where_they_are_looked_up(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    path.write_bytes(encode(synthetic_photo(13)))
    profile = Profile(id="p", photo=str(path))
    fp, probes = query_fingerprints(profile)
    assert fp is not None
    assert len(probes) > 0  # crops and rotations, for look-ups
    assert query_fingerprints(profile, probes=False) == (fp, ())
    # Scored without an index, the signal has nothing to look probes up in.
    lookup, query = PhotoSignal()._prepare(profile, with_probes=False, with_keypoints=False)
    assert lookup.fingerprint == fp
    assert query is not None
    assert query.probes == ()
    assert query.keypoints is None


def test_an_older_account_beside_a_newer_one_of_similar_age_is_not_cleared(
    tmp_path: Path,
) -> None:
    """Account dates bound when a photo was set, not when: a bought, aged account
    sharing a photo with a years-old member is not called the original outright."""
    image = synthetic_photo(21)
    (tmp_path / "member.png").write_bytes(encode(image))
    (tmp_path / "aged.jpg").write_bytes(encode(image, "JPEG"))
    member = Profile(id="m-1", photo=str(tmp_path / "member.png"), created_at="2022-11-01")
    aged = Profile(id="f-1", photo=str(tmp_path / "aged.jpg"), created_at="2016-11-01")
    signal = PhotoSignal()
    with ReferenceIndex(tmp_path / "index.db") as index:
        index.add([member])
        result = signal.extract(aged, Context(today=TODAY, index=index))
        undated = signal.extract(
            Profile(id="f-2", photo=str(tmp_path / "aged.jpg")), Context(TODAY, index)
        )
    v = result.values
    assert v["photo_reuse_count"] == 0.0  # the newer member is not counted as older
    # 4 years of 10: the chance it set the photo later is 4 / (2 * 10) = 0.2.
    assert v["photo_reuse_newer_chance"] == pytest.approx(0.2, abs=0.01)
    [newer] = result.evidence["photo_reuse_newer_chance"]
    assert newer.detail["later_chance"] == pytest.approx(0.2, abs=0.01)
    # The sentence states the fact, true whichever way the model weighs it.
    sentence = signal.sentence("photo_reuse_newer_chance", result)
    assert sentence.startswith("Only newer profiles use this photo too: profile m-1, whose")
    assert "6 years newer" in sentence
    # One fact, one sentence.
    assert signal.sentence("photo_reuse_count", result) == sentence
    # Unknown is not empty: without its own date nothing is newer, the match counts.
    assert undated.values["photo_reuse_count"] == 1.0
    assert math.isnan(undated.values["photo_reuse_newer_chance"])


@pytest.mark.parametrize(
    ("opened", "shared"),
    [
        (["2012-01-01", "2015-06-01", "2019-03-01", "2022-09-01", "2026-10-01"], True),  # a logo
        (["2014-01-01", "2026-09-01", "2026-09-03", "2026-09-05", "2026-09-09"], False),  # a ring
        (["2012-01-01", "2015-06-01", "2019-03-01"], False),  # three established accounts
    ],
)
def test_a_photo_many_established_accounts_show_is_shared_not_copied(
    tmp_path: Path, opened: list[str], shared: bool
) -> None:
    fp = fingerprint(encode(synthetic_photo(21))).to_hex()
    with ReferenceIndex(tmp_path / "i.db") as index:
        index.add([Profile(id=f"p{k}", photo_hash=fp, created_at=d) for k, d in enumerate(opened)])
        signal = PhotoSignal()
        newcomer = Profile(id="new", photo_hash=fp, created_at=dt.date(2026, 10, 20))
        result = signal.extract(newcomer, Context(today=TODAY, index=index))
    values, found = result.values, photo_lookup(result)
    sentence = signal.sentence("photo_min_distance", result)
    assert sentence == signal.sentence("photo_reuse_count", result)  # one fact, one sentence
    if shared:
        # Nobody's photo: the values of "no other profile uses it", and the sentence says why.
        assert values["photo_reuse_count"] == 0.0
        assert values["photo_reuse_older_count"] == 0.0
        assert values["photo_min_distance"] == 1.0
        assert values["photo_reuse_newer_chance"] == 0.0
        assert found.shared == Shared(5, 4, ("p0", "p1", "p2", "p3", "p4"), complete=True)
        assert found.matches == ()
        assert found.prior == ()
        (evidence,) = result.evidence["photo_reuse_count"]
        assert evidence.kind == "shared_photo"
        assert evidence.detail["established"] == 4
        assert sentence == (
            "This photo is shown by 6 profiles, this one and profile p0 among them; 4 of them "
            "are accounts over a year old: a common picture, such as a company's logo, not one "
            "person's photo copied."
        )
    else:
        assert found.shared is None
        assert values["photo_reuse_count"] == len(opened)
        assert sentence.startswith("This photo is also on ")
