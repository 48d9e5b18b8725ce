"""A photo too plain to identify anyone is never a copy match (issue 15, defect 2)."""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageEnhance

from fakeprofile import vet
from fakeprofile.fingerprints.photo import MIN_DETAIL, fingerprint, load_photo, photo_detail
from fakeprofile.index import ReferenceIndex
from fakeprofile.profile import Invitation, Profile
from fakeprofile.scoring import Scorer
from fakeprofile.signals.base import Context
from fakeprofile.signals.photo import PhotoSignal, photo_lookup

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_PHOTOS = sorted((REPO / "examples" / "photos").glob("*.jpg"))
SIZE = (300, 300)


def _solid(colour: tuple[int, int, int]) -> Image.Image:
    return Image.new("RGB", SIZE, colour)


def _gradient(kind: str) -> Image.Image:
    if kind == "linear":
        return Image.linear_gradient("L").resize(SIZE)
    if kind == "radial":
        return Image.radial_gradient("L").resize(SIZE)
    ramp = np.add.outer(np.arange(SIZE[1]), np.arange(SIZE[0])).astype(np.float64)
    return Image.fromarray((ramp / ramp.max() * 255).astype(np.uint8), "L")  # diagonal


def _near_blank(specks: int, seed: int = 0) -> Image.Image:
    """A white image with a few dark pixels."""
    image = Image.new("L", SIZE, 255)
    draw = ImageDraw.Draw(image)
    rng = np.random.default_rng(seed)
    for x, y in rng.integers(0, SIZE[0], size=(specks, 2)):
        draw.point((int(x), int(y)), fill=0)
    return image


def _jpeg(image: Image.Image, quality: int = 30) -> bytes:
    buf = io.BytesIO()
    image.convert("RGB").save(buf, "JPEG", quality=quality)
    return buf.getvalue()


PLAIN = {
    "solid red": _solid((255, 0, 0)),
    "solid white": _solid((255, 255, 255)),
    "solid black": _solid((0, 0, 0)),
    "solid grey": _solid((128, 128, 128)),
    "linear gradient": _gradient("linear"),
    "diagonal gradient": _gradient("diagonal"),
    "radial gradient": _gradient("radial"),
    "white, 3 specks": _near_blank(3),
    "white, 20 specks": _near_blank(20),
    "white, 200 specks": _near_blank(200),
}


@pytest.mark.parametrize("name", list(PLAIN))
def test_plain_images_have_too_little_detail_even_re_encoded(name: str) -> None:
    image = PLAIN[name]
    assert photo_detail(image) < MIN_DETAIL
    assert photo_detail(load_photo(_jpeg(image))) < MIN_DETAIL
    assert not fingerprint(_jpeg(image)).has_detail


def _real_photos(shared_data: Path) -> list[Path]:
    return sorted((shared_data / "photos").glob("*.png")) + EXAMPLE_PHOTOS


def test_real_photos_have_detail_even_re_encoded_or_dimmed(shared_data: Path) -> None:
    for path in _real_photos(shared_data):
        grey = load_photo(path)
        assert photo_detail(grey) >= 2 * MIN_DETAIL, path.name
        assert photo_detail(load_photo(_jpeg(grey))) >= 2 * MIN_DETAIL, path.name
    for path in EXAMPLE_PHOTOS:  # faces keep their identity with their contrast cut to 30%
        dim = ImageEnhance.Contrast(load_photo(path)).enhance(0.3)
        assert photo_detail(dim) >= MIN_DETAIL, path.name


def _index_of(tmp_path: Path, photos: dict[str, bytes]) -> Path:
    """An index of one profile per photo (written to files, as a user would), created 2015."""
    db = tmp_path / "net.db"
    profiles = []
    for pid, data in photos.items():
        path = tmp_path / f"{pid}.jpg"
        path.write_bytes(data)
        profiles.append(Profile(id=pid, name=pid.title(), photo=str(path), created_at="2015-01-01"))
    with ReferenceIndex(db) as index:
        report = index.add(profiles)
    assert report.added == len(photos)
    return db


def test_plain_photos_are_not_stored_nor_matched_and_the_facts_say_why(tmp_path: Path) -> None:
    plain = {k.replace(" ", "-").replace(",", ""): _jpeg(v) for k, v in PLAIN.items()}
    db = _index_of(tmp_path, plain)
    with ReferenceIndex(db) as index:
        assert index.stats().photos == 0
        report = index.add([Profile(id="again", photo=str(tmp_path / "solid-red.jpg"))])
        assert report.photos_without_detail == ("again",)
        assert report.photos == 0
        signal = PhotoSignal()
        context = Context(today=dt.date(2026, 12, 1), index=index)
        for name, image in PLAIN.items():
            query = tmp_path / "query.png"
            image.save(query)  # PNG this time: a different encoding of the same plain picture
            result = signal.extract(Profile(id="q", photo=str(query)), context)
            found = photo_lookup(result)
            assert found.state == "no detail", name
            assert not found.looked_up
            assert found.note is not None
            assert "too little detail" in found.note
            assert math.isnan(result.values["photo_reuse_count"])
            assert math.isnan(result.values["photo_min_distance"])
            assert result.values["photo_absent"] == 0.0  # it is a photo, just not an identity
            assert found.fingerprint is None


def test_vet_does_not_accuse_a_plain_photo_of_being_a_friends(tmp_path: Path) -> None:
    # The attack from the issue: a solid red photo indexed as a friend's, a
    # solid white one on the sender, and the recipient's own photo solid too.
    db = _index_of(tmp_path, {"old-friend": _jpeg(_solid((255, 0, 0)))})
    sender_photo = tmp_path / "sender.png"
    _solid((255, 255, 255)).save(sender_photo)
    mine = tmp_path / "mine.png"
    _solid((0, 0, 255)).save(mine)
    invitation = Invitation.model_validate(
        {
            "sender": {"id": "new", "name": "New Person", "photo": str(sender_photo)},
            "recipient": {"id": "me", "photo": str(mine)},
            "message": "Hello",
        }
    )
    with ReferenceIndex(db, readonly=True) as index:
        verdict = vet(invitation, index=index)
    text = verdict.explain()
    assert "Old Friend" not in text
    assert "old-friend" not in text
    assert not verdict.decided_by.startswith("rule:photo")
    assert not any("photo" in line for line in verdict.why)


def test_real_photos_still_match_their_re_encoded_copies(tmp_path: Path, shared_data: Path) -> None:
    paths = _real_photos(shared_data)
    originals = {f"p{i}": path.read_bytes() for i, path in enumerate(paths)}
    db = _index_of(tmp_path, originals)
    scorer = Scorer(index=ReferenceIndex(db, readonly=True), today=dt.date(2026, 12, 1))
    for i, path in enumerate(paths):
        copy = tmp_path / f"copy{i}.jpg"
        copy.write_bytes(_jpeg(load_photo(path), quality=40))
        _, found = scorer.score_with_evidence(Profile(id=f"c{i}", photo=str(copy)))
        lookup = photo_lookup(found.results["photo"])
        assert lookup.state == "ok"
        found_ids = [m.profile_id for m in lookup.matches]
        if path.name in ("amara.jpg", "amelia_copy.jpg"):  # the example copycat's photo is amara's
            assert set(found_ids) == {f"p{paths.index(path.with_name(n))}" for n in _PAIR}
        else:
            assert found_ids == [f"p{i}"], path.name


_PAIR = ("amara.jpg", "amelia_copy.jpg")
