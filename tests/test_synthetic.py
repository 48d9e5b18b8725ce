"""The synthetic population: determinism, sizes, archetypes, copies, photos, overlap."""

from __future__ import annotations

import datetime as dt
import gc
import json
import random
from collections import Counter
from pathlib import Path

import imagehash
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from sklearn.metrics import roc_auc_score

from fakeprofile.fingerprints.photo import (
    PROBE_THRESHOLD,
    STRONG_THRESHOLD,
    fingerprint,
    fingerprint_image,
    load_photo,
    probe_image,
    verify,
)
from fakeprofile.fingerprints.text import TextSignature, name_mask, profile_texts, text_signature
from fakeprofile.index.textsearch import TextSearch
from fakeprofile.profile import Invitation, Profile, parse_profile
from fakeprofile.synthetic import (
    _SECTIONS,
    FAKE_KINDS,
    GENUINE_KINDS,
    Population,
    _copy_photo,
    _Generator,
    _summary,
    _word_overlap,
    draw_portrait,
    generate,
    reference_profiles,
)
from fakeprofile.synthetic.generator import _AGED_DAYS, BOUGHT_ANY_SHARE

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def pop() -> Population:
    """One population of 2,000 shared by the read-only tests (about 0.3 s)."""
    return generate(2000, seed=11)


def _dumps(population: Population) -> list[dict[str, object]]:
    return [p.model_dump(mode="json") for p in population.profiles]


# ----------------------------------------------------------------------------- determinism


def test_same_seed_same_population() -> None:
    a, b = generate(300, seed=5), generate(300, seed=5)
    assert _dumps(a) == _dumps(b)
    assert a.kinds == b.kinds
    assert np.array_equal(a.labels, b.labels)
    assert [i.model_dump() if i else None for i in a.invitations] == [
        i.model_dump() if i else None for i in b.invitations
    ]
    assert [p.id for p in reference_profiles(a)] == [p.id for p in reference_profiles(b)]


def test_different_seed_different_population() -> None:
    a, b = generate(300, seed=5), generate(300, seed=6)
    assert a.kinds != b.kinds
    differing = sum(x != y for x, y in zip(_dumps(a), _dumps(b), strict=True))
    assert differing > 290


def test_generation_restores_the_garbage_collector() -> None:
    assert gc.isenabled()
    generate(20, seed=0)
    assert gc.isenabled()
    gc.disable()
    try:
        generate(20, seed=0)
        assert not gc.isenabled()
    finally:
        gc.enable()


# ----------------------------------------------------------------------------- sizes and labels


def test_size_and_fake_rate() -> None:
    population = generate(1000, fake_rate=0.3, label_noise=0.0, seed=1)
    assert len(population) == len(population.profiles) == 1000
    assert int(population.true_labels.sum()) == 300
    assert population.labels.dtype == np.int8
    assert population.true_labels.dtype == np.int8
    assert np.array_equal(population.labels, population.true_labels)
    assert len({p.id for p in population.profiles}) == 1000
    fakes = {k for k, t in zip(population.kinds, population.true_labels, strict=True) if t}
    assert fakes <= set(FAKE_KINDS)


def test_label_noise_rate(pop: Population) -> None:
    population = generate(3000, label_noise=0.1, seed=2)
    flipped = float(np.mean(population.labels != population.true_labels))
    assert 0.08 < flipped < 0.12  # binomial sd is 0.0055
    default = float(np.mean(pop.labels != pop.true_labels))  # 2% by default, sd 0.003
    assert 0.01 < default < 0.03


def test_every_archetype_present(pop: Population) -> None:
    counts = Counter(pop.kinds)
    assert set(counts) == set(GENUINE_KINDS) | set(FAKE_KINDS)
    assert min(counts.values()) >= 20
    for kind, label in zip(pop.kinds, pop.true_labels, strict=True):
        assert label == (1 if kind.startswith("fake_") else 0)


def test_to_frame(pop: Population) -> None:
    frame = pop.to_frame()
    assert list(frame.columns) == ["id", "kind", "label", "true_label", "source"]
    assert len(frame) == 2000
    assert frame["id"].tolist() == [p.id for p in pop.profiles]
    assert frame["true_label"].sum() == pop.true_labels.sum()
    copycat_sources = frame.loc[frame["kind"] == "fake_copycat", "source"]
    assert copycat_sources.notna().all()
    assert frame.loc[frame["kind"] != "fake_copycat", "source"].isna().all()


def test_write_jsonl_round_trips_with_labels(tmp_path: Path) -> None:
    population = generate(150, seed=21)
    path = population.write_jsonl(tmp_path / "labelled.jsonl", label_field="is_fake")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 150
    empty = Counter[str]()
    for line, profile, label in zip(lines, population.profiles, population.labels, strict=True):
        record = json.loads(line)
        assert set(_SECTIONS) <= set(record), record["id"]  # empty sections written, not left out
        empty.update(k for k in _SECTIONS if not record[k])
        assert record.pop("is_fake") == label
        assert parse_profile(record) == profile
    assert min(empty[k] for k in ("about", "education", "skills")) > 0  # the case is exercised
    with pytest.raises(ValueError, match=r"label_field must be .* got 'about'"):
        population.write_jsonl(tmp_path / "x.jsonl", label_field="about")


# ----------------------------------------------------------------------------- schema


def test_every_section_is_stated_even_when_empty(pop: Population) -> None:
    # An absent key means "unknown"; generated members are fully known.
    empty = Counter[str]()
    for p in pop.profiles:
        assert set(_SECTIONS) <= p.model_fields_set, p.id
        for key, value in _SECTIONS.items():
            stated = getattr(p, key)
            assert stated is not None
            assert type(stated) is type(value)
            empty[key] += not stated
    assert empty["about"] > 0.1 * len(pop)
    assert empty["experience"] > 0
    assert empty["education"] > 0.1 * len(pop)
    assert empty["skills"] > 0.05 * len(pop)


def test_every_profile_round_trips_through_the_schema(pop: Population) -> None:
    for p in pop.profiles:
        assert Profile.model_validate(p.model_dump()) == p
        assert Profile.model_validate_json(p.model_dump_json()) == p
    invitations = [i for i in pop.invitations if i is not None]
    assert 0.3 * len(pop) < len(invitations) < 0.9 * len(pop)
    for inv in invitations:
        assert Invitation.model_validate(inv.model_dump()) == inv


def test_dates_are_before_today(pop: Population) -> None:
    for p in pop.profiles:
        assert p.created_at is not None
        assert p.created_at <= TODAY
        for e in p.experience or ():
            assert e.start is None or e.start <= TODAY
        for event in p.events or []:
            assert event.at is not None
            assert event.at.date() < TODAY


def test_activity_windows_and_events(pop: Population) -> None:
    windows = Counter(p.activity.window_days for p in pop.profiles if p.activity is not None)
    total = sum(windows.values())
    assert windows[90] / total > 0.7
    assert 0.08 < windows[None] / total < 0.25
    with_events = [p for p in pop.profiles if p.events is not None]
    assert 40 < len(with_events) < 250
    for p in with_events:
        totals = p.activity_totals()
        assert totals is not None
        assert totals.total == len(p.events or [])


def test_farm_events_come_in_regular_bursts(pop: Population) -> None:
    gaps = []
    for p, kind in zip(pop.profiles, pop.kinds, strict=True):
        if kind == "fake_farm" and p.events and len(p.events) > 20:
            times = np.array([e.at.timestamp() for e in p.events if e.at is not None])
            gaps.append(float(np.median(np.diff(times))))
    assert gaps, "no farm with timed events at n=2000"
    assert max(gaps) < 120  # seconds: scripted, not human, spacing


# ----------------------------------------------------------------------------- copies


def test_copycats_copy_their_originals_with_small_edits(pop: Population) -> None:
    by_id = {p.id: p for p in pop.profiles}
    kinds = dict(zip((p.id for p in pop.profiles), pop.kinds, strict=True))
    refs = {p.id for p in reference_profiles(pop)}
    checked = 0
    for p, kind, source, parts in zip(
        pop.profiles, pop.kinds, pop.sources, pop.copied, strict=True
    ):
        if kind != "fake_copycat":
            assert source is None
            assert parts == ()
            continue
        assert source is not None
        assert source in refs
        assert kinds[source].startswith("genuine_")
        original = by_id[source]
        assert p.name != original.name
        for part in ("about", "headline"):
            if part in parts:
                mine, theirs = getattr(p, part), getattr(original, part)
                assert mine
                assert theirs
                assert _word_overlap(mine, theirs) >= 0.7
                checked += 1
        if "experience" in parts:
            assert [e.company for e in p.experience or ()] == [
                e.company for e in original.experience or ()
            ]
    assert checked > 50


def test_originals_are_older_than_their_copycats(pop: Population) -> None:
    by_id = {p.id: p for p in pop.profiles}
    gaps = []
    for p, source in zip(pop.profiles, pop.sources, strict=True):
        if source is None:
            continue
        original = by_id[source]
        assert original.created_at is not None
        assert p.created_at is not None
        gaps.append(((p.created_at - original.created_at).days, (TODAY - p.created_at).days))
    assert len(gaps) > 100
    # So that the copy signals' "older" counts fire: the original is at least 30 days
    # older, except for some aged (bought) accounts, which copy a member of any age.
    wrong_way = [age for gap, age in gaps if gap < 30]
    assert all(age >= _AGED_DAYS for age in wrong_way)
    aged = sum(age >= _AGED_DAYS for _, age in gaps)
    assert 0 < len(wrong_way) < BOUGHT_ANY_SHARE * aged


@pytest.fixture(scope="module")
def shapes() -> tuple[Population, dict[int, str]]:
    """A population of 4,000 (about 240 copycats) and which copycats are ordinary."""
    generator = _Generator(4000, 0.2, 0.02, TODAY, 12)
    return generator.run(None), generator.mimic


def _written(p: Profile) -> int | None:
    a = p.activity_totals()
    if a is None or not a.total:
        return None
    counts = a.counts
    return sum(counts[k] or 0 for k in ("comments", "shares_with_comment", "posts", "articles"))


def test_generate_is_the_generator_run() -> None:
    # The ``shapes`` fixture runs the generator directly, to see which copycats are ordinary.
    a, b = generate(300, seed=12), _Generator(300, 0.2, 0.02, TODAY, 12).run(None)
    assert _dumps(a) == _dumps(b)


def test_half_of_the_copycats_are_ordinary(shapes: tuple[Population, dict[int, str]]) -> None:
    population, mimic = shapes
    copycats = [i for i, k in enumerate(population.kinds) if k == "fake_copycat"]
    assert set(mimic) <= set(copycats)
    share = len(mimic) / len(copycats)
    assert 0.4 < share < 0.6, share  # 50%; binomial sd 0.03 at about 240 copycats
    assert set(mimic.values()) == set(GENUINE_KINDS)  # shaped like any genuine archetype
    # Ordinary copycats copy like the others: photo and/or texts.
    parts = Counter(("photo" in population.copied[i], len(population.copied[i]) > 1) for i in mimic)
    assert parts[(True, True)] > parts[(True, False)] > 0
    assert parts[(False, True)] > 0


def _shape(p: Profile) -> dict[str, float]:
    written = _written(p)
    return {
        "account_age": float((TODAY - p.created_at).days) if p.created_at else np.nan,
        "connections": float(p.connections or 0),
        "following_per_follower": float(
            np.log(((p.following or 0) + 1) / ((p.followers or 0) + 1))
        ),
        "writes": np.nan if written is None else float(written > 0),
        "username_digits": float(any(c.isdigit() for c in p.username or "")),
    }


def test_ordinary_copycats_look_like_genuine_members(
    shapes: tuple[Population, dict[int, str]],
) -> None:
    population, mimic = shapes
    rows = [_shape(p) for p in population.profiles]
    by_kind: dict[str, list[int]] = {}
    for i, kind in enumerate(population.kinds):
        by_kind.setdefault(kind, []).append(i)
    classic = [i for i in by_kind["fake_copycat"] if i not in mimic]
    genuine = [i for kind in GENUINE_KINDS for i in by_kind[kind]]

    def rank(name: str) -> float:
        """Mean percentile of ordinary copycats among genuine members of the kind they mimic.

        0.5 when drawn alike, whatever the mix of mimicked kinds (ties count half).
        """
        out = []
        for i, kind in mimic.items():
            mine = rows[i][name]
            ref = np.array([rows[j][name] for j in by_kind[kind]])
            ref = ref[~np.isnan(ref)]
            if np.isnan(mine) or not len(ref):
                continue
            out.append((np.sum(ref < mine) + 0.5 * np.sum(ref == mine)) / len(ref))
        return float(np.mean(out))

    def median(name: str, sel: list[int]) -> float:
        return float(np.nanmedian([rows[i][name] for i in sel]))

    def mean(name: str, sel: list[int]) -> float:
        return float(np.nanmean([rows[i][name] for i in sel]))

    # Complete sections, positions described about as often as genuine members'.
    ordinary = [population.profiles[i] for i in mimic]
    for p in ordinary:
        assert p.about
        assert p.experience
        assert p.education
        assert len(p.skills or ()) >= 3
    described = np.mean([e.description is not None for p in ordinary for e in p.experience or ()])
    assert 0.45 < described < 0.8, described
    # Age, network, activity mix and usernames drawn as for genuine members (sd of a mean
    # percentile about 0.03; ages a little younger: the original must be older)...
    for name in ("account_age", "connections", "following_per_follower", "writes"):
        assert 0.35 < rank(name) < 0.65, (name, rank(name))
    assert 0.75 < median("account_age", list(mimic)) / median("account_age", genuine) < 1.25
    assert abs(mean("writes", list(mimic)) - mean("writes", genuine)) < 0.12
    assert abs(mean("username_digits", list(mimic)) - mean("username_digits", genuine)) < 0.1
    # ...unlike classic copycats: new, likes-heavy, following far more than followed.
    assert median("account_age", classic) < 0.25 * median("account_age", genuine)
    assert mean("writes", classic) < 0.6 < 0.7 < mean("writes", list(mimic))
    assert median("following_per_follower", classic) > 1.0


def test_copied_text_is_not_shared_with_unrelated_members(pop: Population) -> None:
    abouts = [
        (p.about, k)
        for p, k in zip(pop.profiles, pop.kinds, strict=True)
        if p.about and k in {"genuine_writer", "genuine_commenter"}
    ][:200]
    overlaps = [
        _word_overlap(a, b) for i, (a, _) in enumerate(abouts) for b, _ in abouts[i + 1 : i + 40]
    ]
    assert max(overlaps) < 0.7
    assert float(np.mean(overlaps)) > 0.05  # unrelated bios still share common words


def test_unrelated_genuine_members_rarely_share_text(pop: Population) -> None:
    # What the text signal sees: each field's content words, the name masked, looked
    # up among every profile's fields at the copy threshold (estimated Jaccard 0.45).
    fields = ("headline", "about", "experience")
    search = TextSearch()
    signatures: dict[int, TextSignature] = {}
    for i, p in enumerate(pop.profiles):
        for name, text in profile_texts(p).items():
            sig = text_signature(text, mask=name_mask(p))
            if sig is not None:
                signatures[i * len(fields) + fields.index(name)] = sig
    search.add_many(signatures, signatures.values())
    copies: dict[str, set[str]] = {}
    for p, source in zip(pop.profiles, pop.sources, strict=True):
        if source:
            copies.setdefault(source, set()).add(p.id)
    members = matched = 0
    for i, (p, kind) in enumerate(zip(pop.profiles, pop.kinds, strict=True)):
        if not kind.startswith("genuine_") or kind == "genuine_colleague":
            continue
        members += 1
        related = {i} | {j for j, q in enumerate(pop.profiles) if q.id in copies.get(p.id, ())}
        found = {
            key // len(fields)
            for code in range(len(fields))
            if (sig := signatures.get(i * len(fields) + code)) is not None
            for key, _ in search.query(sig)
        }
        matched += bool(found - related)
    # Templated bios once gave 84% of them a match; real bios are mostly unique.
    assert matched / members < 0.06, matched / members


def _current_description(p: Profile) -> str:
    return (p.experience[0].description or "") if p.experience else ""


def test_colleagues_and_template_batches_share_text(pop: Population) -> None:
    """Template fakes share their about text; colleagues their current job's description."""
    for kind, text_of in (
        ("genuine_colleague", _current_description),
        ("fake_template", lambda p: p.about or ""),
    ):
        texts = Counter(
            text_of(p)[:60] for p, k in zip(pop.profiles, pop.kinds, strict=True) if k == kind
        )
        shared = sum(c for text, c in texts.items() if text and c > 1)
        assert shared > 0.5 * sum(texts.values()), kind
    colleagues = Counter(
        (p.about or "")[:60]
        for p, k in zip(pop.profiles, pop.kinds, strict=True)
        if k == "genuine_colleague"
    )
    assert sum(c for text, c in colleagues.items() if text and c > 1) < 0.05 * colleagues.total()


def test_references_hold_originals_colleagues_and_only_genuine(pop: Population) -> None:
    refs = reference_profiles(pop)
    kinds = dict(zip((p.id for p in pop.profiles), pop.kinds, strict=True))
    assert len({p.id for p in refs}) == len(refs)
    assert all(kinds[p.id].startswith("genuine_") for p in refs)
    colleagues = {i for i, k in kinds.items() if k == "genuine_colleague"}
    assert colleagues <= {p.id for p in refs}
    assert 0.2 * len(pop) < len(refs) < 0.8 * len(pop)


def test_only_fakes_still_have_originals_to_copy() -> None:
    population = generate(200, fake_rate=1.0, seed=4)
    assert int(population.true_labels.sum()) == 200
    refs = {p.id for p in reference_profiles(population)}
    sources = {s for s in population.sources if s}
    assert sources
    assert sources <= refs
    assert all(s.startswith("ref-") for s in sources)
    created = {p.id: p.created_at for p in reference_profiles(population)}
    for p, source in zip(population.profiles, population.sources, strict=True):
        if source is not None:
            assert p.created_at is not None
            original = created[source]
            assert original is not None
            if (TODAY - p.created_at).days < _AGED_DAYS:
                assert (p.created_at - original).days >= 30


# ----------------------------------------------------------------------------- messages


def test_invitation_messages(pop: Population) -> None:
    fake_offsite: list[bool] = []
    genuine_offsite: list[bool] = []
    personal_hits = 0
    canned = 0
    for inv, label in zip(pop.invitations, pop.true_labels, strict=True):
        if inv is None:
            continue
        assert inv.recipient is not None
        assert inv.recipient.id != inv.sender.id
        assert inv.mutual_connections is not None
        message = inv.message or ""
        offsite = bool(inv.links) or any(
            word in message for word in ("WhatsApp", "Telegram", "@mail.example")
        )
        (fake_offsite if label else genuine_offsite).append(offsite)
        employer = inv.recipient.experience[0].company if inv.recipient.experience else None
        if employer and employer in message:
            personal_hits += 1
        if "professional network" in message or "looked at my profile" in message:
            canned += 1
    assert float(np.mean(fake_offsite)) > 0.15
    assert float(np.mean(genuine_offsite)) < 0.03
    assert personal_hits > 50
    assert canned > 50


# ----------------------------------------------------------------------------- overlap


def _statistics(p: Profile) -> dict[str, float]:
    a = p.activity_totals()
    c = a.counts if a is not None else {}
    total = a.total if a is not None else None
    return {
        "likes_share": (c["likes"] or 0) / total if total else np.nan,
        "comments": float(c["comments"] or 0) if a is not None else np.nan,
        "posts": float((c["posts"] or 0) + (c["articles"] or 0)) if a is not None else np.nan,
        "account_age": float((TODAY - p.created_at).days) if p.created_at else np.nan,
        "connections": float(p.connections or 0),
        "followers_per_connection": (p.followers or 0) / max(p.connections or 0, 1),
        "following_per_follower": (p.following or 0) / max(p.followers or 0, 1),
        "has_photo": float(p.photo_known is True),
        "about_length": float(len(p.about or "")),
        "experience": float(len(p.experience or ())),
        "education": float(len(p.education or ())),
        "skills": float(len(p.skills or ())),
        "username_digits": float(sum(c.isdigit() for c in p.username or "")),
    }


def test_no_single_statistic_separates_the_classes(pop: Population) -> None:
    rows = [_statistics(p) for p in pop.profiles]
    aucs = {}
    for name in rows[0]:
        values = np.array([r[name] for r in rows])
        known = ~np.isnan(values)
        auc = roc_auc_score(pop.true_labels[known], values[known])
        aucs[name] = max(auc, 1 - auc)
    assert max(aucs.values()) < 0.95, aucs
    # ...but the behaviour signals do carry information.
    assert aucs["account_age"] > 0.7
    assert aucs["likes_share"] > 0.65


def test_missing_data_is_not_a_giveaway(pop: Population) -> None:
    rates = _summary(pop)
    for key in ("no_activity", "no_photo", "no_about"):
        genuine, fake = rates["genuine"][key], rates["fake"][key]
        assert genuine > 0.02
        assert fake > 0.02
        assert abs(genuine - fake) < 0.08, (key, genuine, fake)


# ----------------------------------------------------------------------------- photos


def test_photos_are_written_and_copies_differ(tmp_path: Path) -> None:
    population = generate(60, fake_rate=0.5, with_photos=True, photo_dir=tmp_path, seed=3)
    by_id = {p.id: p for p in population.profiles}
    written = 0
    for p in population.profiles:
        if p.has_photo is False:
            assert p.photo is None
            continue
        assert p.photo is not None
        with Image.open(p.photo) as img:
            img.load()
            assert img.format == "JPEG"
            assert min(img.size) >= 300
        written += 1
    assert written > 50
    copies = 0
    for p, source, parts in zip(
        population.profiles, population.sources, population.copied, strict=True
    ):
        if "photo" not in parts or source not in by_id:
            continue
        original = by_id[source]
        assert p.photo is not None
        assert original.photo is not None
        assert Path(p.photo).read_bytes() != Path(original.photo).read_bytes()
        with Image.open(p.photo) as a, Image.open(original.photo) as b:
            ha, hb = imagehash.phash(a), imagehash.phash(b)
            hm = imagehash.phash(a.transpose(Image.Transpose.FLIP_LEFT_RIGHT))
        assert min(ha - hb, hm - hb) <= 24  # still a near copy, mirror-aware (random pairs: ~28)
        copies += 1
    assert copies >= 3


def test_colleagues_share_a_style_but_not_a_photo(tmp_path: Path) -> None:
    population = generate(100, fake_rate=0.0, with_photos=True, photo_dir=tmp_path, seed=8)
    teams: dict[str, list[Profile]] = {}
    for p, kind in zip(population.profiles, population.kinds, strict=True):
        if kind == "genuine_colleague" and p.photo and _current_description(p):
            teams.setdefault(_current_description(p)[:60], []).append(p)
    pairs = [team[:2] for team in teams.values() if len(team) >= 2]
    assert pairs
    for a, b in pairs:
        assert a.photo is not None
        assert b.photo is not None
        assert Path(a.photo).read_bytes() != Path(b.photo).read_bytes()
        with Image.open(a.photo) as ia, Image.open(b.photo) as ib:
            corner_a = np.asarray(ia.convert("RGB").crop((0, 0, 40, 40)), dtype=float)
            corner_b = np.asarray(ib.convert("RGB").crop((0, 0, 40, 40)), dtype=float)
        assert float(np.abs(corner_a - corner_b).mean()) < 12  # same background


def test_unrelated_portraits_do_not_match_but_copies_do(tmp_path: Path) -> None:
    # The photo signal's test: 64-bit pHash within the candidate radius and the 256-bit
    # hash within the threshold, mirror-aware. Procedural portraits once matched often.
    fps = [fingerprint_image(draw_portrait(seed)) for seed in range(100, 220)]
    for i, a in enumerate(fps):
        for b in fps[i + 1 :]:
            assert verify(a, b.phash, b.strong) is None
    rng = random.Random(0)
    found = 0
    for seed in range(300, 320):
        original, copy = tmp_path / f"{seed}.jpg", tmp_path / f"{seed}-copy.jpg"
        draw_portrait(seed).save(original, quality=88)
        _copy_photo(original, copy, rng)
        target = fingerprint(original)
        grey = load_photo(copy)
        queries = [(fingerprint_image(grey), STRONG_THRESHOLD)]
        queries += [(probe, PROBE_THRESHOLD) for probe in probe_image(grey)]
        found += any(verify(q, target.phash, target.strong, threshold=t) for q, t in queries)
    assert found >= 8  # crops of 2-8% defeat the hashes about half the time


def test_portrait_is_deterministic_with_a_golden_hash() -> None:
    a = draw_portrait(7)
    assert a.size == (400, 400)
    assert a.tobytes() == draw_portrait(7).tobytes()
    assert str(imagehash.phash(a)) == GOLDEN_PORTRAIT_7
    styled = draw_portrait(8, style=7)
    # Same style: same background corner; different person: a different picture.
    assert styled.getpixel((2, 2)) == a.getpixel((2, 2))
    assert a.tobytes() != styled.tobytes()
    assert draw_portrait(7, size=96).size == (96, 96)


GOLDEN_PORTRAIT_7 = "adc0722ff1b23c13"


# ----------------------------------------------------------------------------- arguments


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0}, r"n must be an integer ≥ 1, got 0"),
        ({"n": 2.5}, r"n must be an integer ≥ 1, got 2\.5"),
        ({"fake_rate": 1.5}, r"fake_rate must be in \[0, 1\], got 1\.5"),
        ({"fake_rate": -0.1}, r"fake_rate must be in \[0, 1\], got -0\.1"),
        ({"label_noise": 0.6}, r"label_noise must be in \[0, 0\.5\], got 0\.6"),
        ({"with_photos": True}, r"photo_dir must be given when with_photos=True"),
        ({"seed": -1}, r"seed must be an integer ≥ 0, got -1"),
        ({"today": dt.date(2999, 1, 1)}, r"today must not be after the current date"),
        ({"today": "2026-01-01"}, r"today must be a datetime\.date"),
    ],
)
def test_arguments_are_checked(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"n": 10, **kwargs}
    with pytest.raises(ValueError, match=message):
        generate(**args)  # type: ignore[arg-type]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(1, 40),
    fake_rate=st.floats(0.0, 1.0),
    noise=st.floats(0.0, 0.5),
    seed=st.integers(0, 2**32),
)
def test_any_valid_arguments_give_a_consistent_population(
    n: int, fake_rate: float, noise: float, seed: int
) -> None:
    population = generate(n, fake_rate=fake_rate, label_noise=noise, seed=seed)
    assert len(population.profiles) == len(population.kinds) == len(population.invitations) == n
    assert int(population.true_labels.sum()) == round(n * fake_rate)
    assert len({p.id for p in population.profiles}) == n
    refs = {p.id for p in reference_profiles(population)}
    assert {s for s in population.sources if s} <= refs
    assert set(np.unique(population.labels)) <= {0, 1}
