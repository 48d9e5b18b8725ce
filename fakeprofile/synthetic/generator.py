"""The generator: :func:`generate` draws a population from the archetypes.

Its assumptions are written down in the :mod:`fakeprofile.synthetic` package docstring.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..profile import Invitation, Profile
from ._sampling import _int, _pick
from .archetypes import (
    _MAX_COMMENT_TEXTS,
    _MAX_EVENTS,
    _ORDINARY_COPYCATS,
    _ORIGINAL_OLDER_DAYS,
    _SPECS,
    FAKE_KINDS,
    GENUINE_KINDS,
)
from .population import _SECTIONS, Population
from .portraits import _copy_photo, draw_portrait
from .prose import (
    _about,
    _commonplace_about,
    _company,
    _description,
    _fill,
    _generic_comment,
    _headline,
    _name_and_username,
    _Person,
    _perturb,
    _reword,
    _school,
    _substantive_comment,
    _upper_first,
)
from .vocabulary import (
    _CANNED,
    _CITIES,
    _FIRST,
    _GENERAL_SKILLS,
    _INDUSTRIES,
    _LAST,
    _OFFSITE,
    _RECRUITER_ROLES,
    _TEMPLATE_ABOUTS,
    _TEMPLATE_HEADLINES,
    _Industry,
)

#: Share of members (genuine and fake alike) whose own about text is mostly commonplace lines.
COMMONPLACE_SHARE = 0.15
#: Share of copycats on aged accounts (over :data:`_AGED_DAYS`) who copy a member of
#: any age, not only an older one: account dates then point the wrong way.
BOUGHT_ANY_SHARE = 0.3
#: Account age (days) from which a copycat's account counts as aged (bought or taken over).
_AGED_DAYS = 400


@dataclass
class _Group:
    """A team of colleagues, or a batch of template fakes, sharing text and style."""

    industry: _Industry
    company: str
    about: str
    headline: str
    style: int


def _check_args(
    n: object, fake_rate: object, label_noise: object, with_photos: bool, photo_dir: object
) -> None:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be an integer ≥ 1, got {n!r}")
    for name, value, high in (("fake_rate", fake_rate, 1.0), ("label_noise", label_noise, 0.5)):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0.0 <= float(value) <= high
        ):
            raise ValueError(f"{name} must be in [0, {high:g}], got {value!r}")
    if with_photos and photo_dir is None:
        raise ValueError("photo_dir must be given when with_photos=True, got None")


def generate(
    n: int,
    *,
    fake_rate: float = 0.2,
    label_noise: float = 0.02,
    with_photos: bool = False,
    photo_dir: str | Path | None = None,
    today: dt.date = dt.date(2026, 11, 25),
    seed: int = 0,
) -> Population:
    """Generate a labelled population of genuine and fake profiles.

    The archetypes, rates and other assumptions are described in the
    :mod:`fakeprofile.synthetic` docstring. The same arguments always give the same population.

    Parameters
    ----------
    n : int
        Number of profiles (≥ 1).
    fake_rate : float
        Share of fakes in [0, 1]; exactly ``round(n * fake_rate)`` profiles are fake
        before label noise.
    label_noise : float
        Probability in [0, 0.5] that a label is flipped (``labels`` vs ``true_labels``).
    with_photos : bool
        Draw a JPEG portrait for every profile with a photo into ``photo_dir``
        (copycats get a mirrored/cropped/re-compressed copy of their original's file).
        Without photos, ``photo`` is ``None`` and ``has_photo`` says whether there is one.
    photo_dir : str or Path, optional
        Folder for the photos (created if missing); required with ``with_photos``.
        Profiles' ``photo`` fields hold ``photo_dir / "<id>.jpg"``.
    today : date
        The reference date: accounts are created and activity happens before it.
        It may not be in the future, since profiles with future dates are refused.
    seed : int
        Seed of :func:`numpy.random.default_rng`; every random choice follows from it.

    Returns
    -------
    Population

    Raises
    ------
    ValueError
        When an argument is out of range, naming it and its allowed range.

    Examples
    --------
    >>> pop = generate(200, fake_rate=0.25, seed=3)
    >>> len(pop.profiles), int(pop.true_labels.sum())
    (200, 50)
    """
    _check_args(n, fake_rate, label_noise, with_photos, photo_dir)
    if not isinstance(today, dt.date):
        raise ValueError(f"today must be a datetime.date, got {today!r}")
    if isinstance(today, dt.datetime):
        today = today.date()
    now = dt.datetime.now(dt.UTC).date()
    if today > now + dt.timedelta(days=1):
        raise ValueError(
            f"today must not be after the current date ({now.isoformat()}), got {today.isoformat()}"
        )
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be an integer ≥ 0, got {seed!r}")
    generator = _Generator(int(n), float(fake_rate), float(label_noise), today, int(seed))
    # Generation allocates millions of long-lived, acyclic objects; the cyclic garbage
    # collector would rescan them over and over (about 45% of the run time at n=100,000),
    # so it is paused for the run and restored afterwards.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return generator.run(Path(photo_dir) if with_photos and photo_dir is not None else None)
    finally:
        if was_enabled:
            gc.enable()


class _Generator:
    """One generation run: shared state between the builders."""

    def __init__(self, n: int, fake_rate: float, noise: float, today: dt.date, seed: int):
        self.n = n
        self.fake_rate = fake_rate
        self.noise = noise
        self.today = today
        self.rng = np.random.default_rng(seed)
        # Scalar choices (words, templates) go through random.Random, seeded from the
        # numpy generator: a pick costs ~0.4 µs against ~4 µs for a scalar numpy draw.
        self.r = random.Random(int(self.rng.integers(2**63)))
        # Which about texts are mostly commonplace lines, and those lines: a stream of
        # its own, so every other draw is the same with or without them.
        self.commonplace = random.Random(f"commonplace-{seed}")
        # Which aged copycats copy a member of any age, and whom: a stream of its own too.
        self.bought = random.Random(f"bought-{seed}")
        self.midnight = dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)

    # -------------------------------------------------------------- numbers per archetype

    def _numbers(self, kinds: np.ndarray) -> dict[str, np.ndarray]:
        """Vectorised draws of every numeric field, archetype by archetype."""
        n = len(kinds)
        rng = self.rng
        out = {
            k: np.zeros(n)
            for k in ("age", "connections", "followers", "following", "level", "u_act")
        }
        out["counts"] = np.zeros((n, 6))
        for name, spec in _SPECS.items():
            idx = np.flatnonzero(kinds == name)
            m = len(idx)
            if m == 0:
                continue
            med, sig, lo, hi = spec.age
            age = np.clip(med * np.exp(sig * rng.standard_normal(m)), lo, hi)
            if name == "fake_copycat":  # 35% aged (bought or taken over) accounts
                aged = rng.random(m) < 0.35
                age[aged] = rng.uniform(400, 2500, aged.sum())
            out["age"][idx] = age
            conn = spec.connections[0] * np.exp(spec.connections[1] * rng.standard_normal(m))
            conn = np.minimum(conn, 30_000)  # the platform's connection cap
            out["connections"][idx] = conn
            ratio = spec.followers_ratio[0] * np.exp(
                spec.followers_ratio[1] * rng.standard_normal(m)
            )
            out["followers"][idx] = conn * ratio
            out["following"][idx] = spec.following[0] * np.exp(
                spec.following[1] * rng.standard_normal(m)
            )
            level = rng.gamma(spec.shape, 1.0 / spec.shape, m)
            out["level"][idx] = level
            lam = np.outer(level, np.asarray(spec.rates))
            out["counts"][idx] = rng.poisson(lam)
        out["u_act"] = rng.random(n)
        return out

    # ------------------------------------------------------------------------- builders

    def _person(
        self, r: random.Random, ind: _Industry | None = None, names: tuple[str, str] | None = None
    ) -> _Person:
        first, last = names or (_pick(r, _FIRST), _pick(r, _LAST))
        ind = ind or _pick(r, _INDUSTRIES)
        return _Person(
            first,
            last,
            _pick(r, _CITIES),
            ind,
            _pick(r, ind.roles),
            _company(r, ind),
            _int(r, 2, 25),
        )

    def _experience(
        self, r: random.Random, p: _Person, age_days: float, positions: int, described: float
    ) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        end: dt.date | None = None
        cursor = self.today - dt.timedelta(days=_int(r, 30, 400))
        span_left = max(age_days + _int(r, 0, 3000), 200.0)
        for i in range(positions):
            length = _int(r, 180, 2200)
            start = cursor - dt.timedelta(days=length)
            if span_left <= 0 and i > 0:
                break
            span_left -= length
            role = p.role if i == 0 else _pick(r, p.industry.roles)
            company = p.company if i == 0 else _company(r, p.industry)
            item: dict[str, Any] = {
                "title": role,
                "company": company,
                "start": start.replace(day=1),
                "end": None if end is None else end.replace(day=1),
            }
            if r.random() < described:
                item["description"] = _description(r, p, role)
            out.append(item)
            end = start - dt.timedelta(days=_int(r, 0, 120))
            cursor = end
        return out

    def _education(self, r: random.Random, p: _Person, count: int) -> list[dict[str, Any]]:
        out = []
        for _ in range(count):
            year = self.today.year - p.years - _int(r, 0, 4)
            out.append(
                {
                    "school": _school(r),
                    "degree": _pick(r, ("BSc", "BA", "MSc", "MA", "MBA", "BEng", "PhD")),
                    "field": _pick(r, p.industry.degrees),
                    "start": str(year - 3),
                    "end": str(year),
                }
            )
        return out

    def _skills(self, r: random.Random, p: _Person, count: int) -> list[str]:
        pool = list(p.industry.skills) + list(_GENERAL_SKILLS)
        return r.sample(pool, min(count, len(pool)))

    def _activity(
        self, i: int, kind: str, p: _Person, counts: np.ndarray, age_days: float, u: float
    ) -> tuple[dict[str, Any] | None, list[dict[str, Any]] | None]:
        """Activity totals or timed events (or neither) for profile ``i``."""
        r = self.r
        spec = _SPECS[kind]
        if u < spec.no_activity:
            return None, None
        c = [int(x) for x in counts]
        generic = spec.generic
        if u > 0.94:  # timed events instead of totals
            total = sum(c)
            if total > _MAX_EVENTS:
                c = [int(x * _MAX_EVENTS / total) for x in c]
            return None, self._events(kind, p, c, generic)
        w = r.random()
        window: int | None
        if w < 0.80:
            window = 90
        elif w < 0.95:
            window = None
            scale = max(age_days, 1.0) / 90 * r.uniform(0.3, 0.9)  # activity wanes over years
            c = [int(x * scale + r.random()) for x in c]
        else:
            window = _pick(r, (30, 365))
            c = [int(x * window / 90 + r.random()) for x in c]
        texts = [
            _generic_comment(r) if r.random() < generic else _substantive_comment(r, p)
            for _ in range(min(c[1], _MAX_COMMENT_TEXTS))
        ]
        activity: dict[str, Any] = {
            "window_days": window,
            "likes": c[0],
            "comments": c[1],
            "shares": c[2],
            "shares_with_comment": c[3],
            "posts": c[4],
            "articles": c[5],
            "comment_texts": texts,
        }
        return activity, None

    def _events(
        self, kind: str, p: _Person, counts: list[int], generic: float
    ) -> list[dict[str, Any]]:
        r = self.r
        types = ("like", "comment", "share", "share_with_comment", "post", "article")
        seq = [t for t, k in zip(types, counts, strict=True) for _ in range(k)]
        r.shuffle(seq)
        bursty = kind == "fake_farm" or (kind.startswith("fake_") and r.random() < 0.5)
        times: list[dt.datetime] = []
        if bursty:
            # Bursts at nearly regular intervals (a script or a farm shift).
            step = r.uniform(15, 90)
            start = self.midnight - dt.timedelta(days=r.uniform(2, 88))
            for j in range(len(seq)):
                if j and r.random() < 0.04:  # next burst
                    start = self.midnight - dt.timedelta(days=r.uniform(1, 88))
                    times.append(start)
                    continue
                prev = times[-1] if times else start
                times.append(prev + dt.timedelta(seconds=step * r.uniform(0.9, 1.1)))
        else:
            for _ in seq:
                day = self.midnight - dt.timedelta(days=_int(r, 1, 89))
                hour = min(max(r.gauss(14, 3.5), 6.0), 23.5)
                times.append(day + dt.timedelta(hours=hour, seconds=_int(r, 0, 59)))
        events: list[dict[str, Any]] = []
        for t, at in zip(seq, times, strict=True):
            at = min(at, self.midnight - dt.timedelta(seconds=1))
            event: dict[str, Any] = {"type": t, "at": at}
            if t == "comment":
                event["text"] = (
                    _generic_comment(r) if r.random() < generic else _substantive_comment(r, p)
                )
            events.append(event)
        events.sort(key=lambda e: e["at"])
        return events

    def _base(
        self, i: int, kind: str, nums: dict[str, np.ndarray], odd: bool
    ) -> tuple[dict[str, Any], _Person]:
        """The parts every archetype has: name, dates, counts, activity, photo presence."""
        r = self.r
        spec = _SPECS[kind]
        first, last, name, user = _name_and_username(r, odd)
        p = self._person(r, names=(first, last))
        age = float(nums["age"][i])
        created = self.today - dt.timedelta(days=int(age))
        activity, events = self._activity(
            i, kind, p, nums["counts"][i], age, float(nums["u_act"][i])
        )
        rec: dict[str, Any] = {
            "id": self.ids[i],
            "name": name,
            "username": user,
            "location": f"{p.city[0]}, {p.city[1]}",
            "created_at": created,
            "connections": int(nums["connections"][i]),
            "followers": int(nums["followers"][i]),
            "following": int(nums["following"][i]),
            "has_photo": r.random() >= spec.no_photo,
            "activity": activity,
            "events": events,
        }
        if kind == "genuine_graduate":
            p.years = _int(r, 1, 2)
        return rec, p

    def _genuine(self, i: int, kind: str, nums: dict[str, np.ndarray]) -> dict[str, Any]:
        r = self.r
        spec = _SPECS[kind]
        group = self.groups.get(i) if kind == "genuine_colleague" else None
        rec, p = self._base(i, kind, nums, r.random() < spec.odd_name)
        age = float(nums["age"][i])
        if kind == "genuine_recruiter":
            p.role = _pick(r, _RECRUITER_ROLES)
        if group is not None:
            p.industry, p.company = group.industry, group.company
            p.role = _pick(r, group.industry.roles)
        positions = {"genuine_graduate": _int(r, 0, 1), "genuine_lurker": _int(r, 1, 4)}.get(
            kind, _int(r, 1, 5)
        )
        rec["experience"] = self._experience(r, p, age, positions, 0.6)
        rec["headline"] = _headline(r, p, kind)
        if group is not None:
            rec["headline"] = f"{p.role} at {p.company}"
            # The team's blurb goes where staff paste it, the description of the
            # current position (with or without a personal sentence); the about
            # text stays their own.
            blurb = group.about
            if r.random() < 0.5:
                blurb += " " + _about(r, p).split(". ")[0].rstrip(".") + "."
            if rec["experience"]:
                rec["experience"][0]["description"] = blurb
        if r.random() >= spec.no_about:
            rec["about"] = self._own_about(r, p)
        rec["education"] = self._education(r, p, _pick(r, (0, 1, 1, 1, 2)))
        rec["skills"] = self._skills(r, p, _int(r, 0, 12))
        self.persons[i] = p
        return rec

    def _own_about(self, r: random.Random, p: _Person) -> str:
        """An about text in the member's own words, or (for :data:`COMMONPLACE_SHARE`
        of members, genuine and fake alike) mostly in commonplace lines."""
        about = _about(r, p)
        if self.commonplace.random() < COMMONPLACE_SHARE:
            return _commonplace_about(self.commonplace, p)
        return about

    def _fake(self, i: int, kind: str, nums: dict[str, np.ndarray]) -> dict[str, Any]:
        r = self.r
        spec = _SPECS[kind]
        if kind == "fake_copycat":
            j = self._original(i, nums)  # before the record: it may make the account younger
            mimic = self.mimic.get(i)
            if mimic is not None:  # ordinary: built like a genuine member of kind ``mimic``
                rec = self._genuine(i, mimic, nums)
                return self._copycat(i, j, rec, self.persons[i], ordinary=True)
            rec, p = self._base(i, kind, nums, r.random() < spec.odd_name)
            return self._copycat(i, j, rec, p, ordinary=False)
        rec, p = self._base(i, kind, nums, r.random() < spec.odd_name)
        age = float(nums["age"][i])
        if kind == "fake_template":
            group = self.groups[i]
            p.industry, p.company = group.industry, group.company
            rec["headline"] = group.headline
            rec["about"] = group.about if r.random() < 0.7 else _perturb(group.about, r, 0.05)
            if r.random() < spec.no_about:
                del rec["about"]
            rec["experience"] = [
                {
                    "title": group.headline.split(" | ")[0].split(" at ")[0],
                    "company": group.company,
                    "start": f"{self.today.year - _int(r, 1, 6)}-{_int(r, 1, 12):02d}",
                }
            ]
            rec["skills"] = self._skills(r, p, _int(r, 0, 5))
        else:  # unique, farm and patient fakes: written like a genuine member
            if r.random() >= spec.no_about:
                rec["about"] = (
                    self._own_about(r, p)
                    if kind != "fake_farm" or r.random() < 0.5
                    else _fill(r, _pick(r, _TEMPLATE_ABOUTS), p)
                )
            rec["headline"] = _pick(
                r, (f"{p.role} at {p.company}", f"{p.role} | {_upper_first(p.industry.field)}")
            )
            positions = _int(r, 0, 2) if kind == "fake_farm" else _int(r, 1, 3)
            rec["experience"] = self._experience(r, p, age, positions, 0.35)
            rec["education"] = self._education(r, p, _pick(r, (0, 0, 1)))
            rec["skills"] = self._skills(r, p, _int(r, 0, 8))
        self.persons[i] = p
        return rec

    def _original(self, i: int, nums: dict[str, np.ndarray]) -> int:
        """The record copycat ``i`` copies: one whose account is older than ``i``'s.

        Except for :data:`BOUGHT_ANY_SHARE` of the copycats on accounts over
        :data:`_AGED_DAYS` old (bought or taken over), who copy a member of any age
        (so the copy may be the older of the two). Otherwise drawn uniformly among
        the candidates at least :data:`_ORIGINAL_OLDER_DAYS` older. When there is
        none (an account as old as the oldest candidates), it is drawn among all
        candidates at least that old, and the copycat's account is made younger
        than it.
        """
        r = self.r
        ages = self.original_ages  # ascending, aligned with self.originals
        age = float(nums["age"][i])
        if age >= _AGED_DAYS and self.bought.random() < BOUGHT_ANY_SHARE:
            # A bought or taken-over account copies whom it likes, of any age.
            return self.originals[int(self.bought.random() * len(ages))]
        low = bisect.bisect_left(ages, int(age) + _ORIGINAL_OLDER_DAYS)
        if low == len(ages):
            low = bisect.bisect_left(ages, _ORIGINAL_OLDER_DAYS)
            low = low if low < len(ages) else 0
            k = low + int(r.random() * (len(ages) - low))
            nums["age"][i] = max(ages[k] - _ORIGINAL_OLDER_DAYS, 0) * r.uniform(0.5, 1.0)
            return self.originals[k]
        return self.originals[low + int(r.random() * (len(ages) - low))]

    def _copycat(
        self, i: int, j: int, rec: dict[str, Any], p: _Person, *, ordinary: bool
    ) -> dict[str, Any]:
        """Copy record ``j``'s photo and/or texts into copycat ``i``'s record ``rec``.

        A classic copycat has only what it copied (or a thin, generic text of its
        own); an ordinary one keeps the genuine-like texts it was built with where
        it copied nothing, and every section is filled in.
        """
        r = self.r
        orig = self.records[j]
        self.sources[i] = orig["id"]
        mode = r.random()
        parts: list[str] = []
        if mode < 0.8:  # photo copied (with or without text)
            parts.append("photo")
            rec["has_photo"] = True
        elif not ordinary:  # an ordinary copycat keeps its genuine-like draw
            rec["has_photo"] = r.random() >= 0.1
        rate = r.uniform(0.0, 0.08)
        if mode < 0.6 or mode >= 0.8:  # text copied
            if orig.get("about"):
                rec["about"] = _perturb(orig["about"], r, rate)
                parts.append("about")
            if orig.get("headline") and r.random() < 0.85:
                rec["headline"] = orig["headline"]  # too short to edit unnoticed
                parts.append("headline")
            if orig.get("experience") and r.random() < 0.8:
                rec["experience"] = [
                    {
                        **e,
                        **(
                            {"description": _perturb(e["description"], r, rate)}
                            if e.get("description")
                            else {}
                        ),
                    }
                    for e in orig["experience"]
                ]
                parts.append("experience")
            if orig.get("education") and r.random() < 0.5:
                rec["education"] = [dict(e) for e in orig["education"]]
                parts.append("education")
            if orig.get("skills") and r.random() < 0.7:
                rec["skills"] = list(orig["skills"])
                parts.append("skills")
        elif not ordinary:  # photo only: own thin, generic text
            if r.random() < 0.5:
                rec["about"] = _fill(r, _pick(r, _TEMPLATE_ABOUTS), p)
            rec["headline"] = f"{p.role} at {p.company}"
        if "headline" not in rec:
            rec["headline"] = f"{p.role} at {p.company}"
        if r.random() < 0.5:  # same city as the original, to look local
            rec["location"] = orig["location"]
        if ordinary:  # every section filled in, with a genuine member's builders
            age = (self.today - rec["created_at"]).days
            if not rec.get("about"):
                rec["about"] = _about(r, p)
            if not rec.get("experience"):
                rec["experience"] = self._experience(r, p, age, _int(r, 1, 3), 0.6)
            if not rec.get("education"):
                rec["education"] = self._education(r, p, _pick(r, (1, 1, 1, 2)))
            if len(rec.get("skills") or ()) < 3:
                rec["skills"] = self._skills(r, p, _int(r, 3, 12))
        if not ordinary or parts != ["photo"]:  # it presents itself as the original's persona
            op = self.persons[j]
            self.persons[i] = _Person(
                p.first, p.last, p.city, op.industry, op.role, op.company, op.years
            )
        self.copied[i] = tuple(parts)
        return rec

    # --------------------------------------------------------------------- invitations

    def _message(
        self, sender: _Person, kind: str, recipient: Profile
    ) -> tuple[str | None, list[str]]:
        r = self.r
        spec = _SPECS[kind]
        first = (recipient.name or "there").split()[0].capitalize()
        u = r.random()
        links: list[str] = []
        if u < 0.15:
            return None, links
        if u < 0.15 + spec.personal * 0.85:
            employer = recipient.experience[0].company if recipient.experience else None
            role = recipient.experience[0].title if recipient.experience else None
            school = recipient.education[0].school if recipient.education else None
            options = []
            if employer:
                options.append(
                    f"Hi {first}, I saw you're at {employer}. We work on similar problems at "
                    f"{sender.company} and I'd enjoy comparing notes."
                )
            if role:
                options.append(
                    f"Hi {first}, as a fellow {sender.industry.field} person I liked your take "
                    f"as {role.lower()} on {_pick(r, sender.industry.topics)}. Would be great "
                    "to connect."
                )
            if school:
                options.append(
                    f"Hi {first}, I noticed we both studied at {school}. I'm {sender.role} at "
                    f"{sender.company} now, happy to connect."
                )
            if options:
                message = _pick(r, options)
            else:
                message = f"Hi {first}, we met at the {sender.industry.field} meetup in " + (
                    f"{sender.city[0]}. Good to stay in touch."
                )
        else:
            if kind.startswith("fake_"):
                canned = _pick(r, _CANNED)
            elif r.random() < 0.6:  # genuine members mostly keep the platform's default
                canned = _CANNED[1]
            else:  # ...or a polite opener; the flattering one is rare, "dear" never
                polite: tuple[str, ...] = _CANNED[1:3] + _CANNED[4:]
                if r.random() < 0.1:
                    polite += _CANNED[:1]
                canned = _pick(r, polite)
            message = _reword(canned.format(first=first, field=sender.industry.field), r)
        if r.random() < spec.offsite:
            user = sender.first.lower()
            link = f"https://{_pick(r, ('bit', 'go', 'jobs'))}.example/{r.getrandbits(32):08x}"
            extra = _pick(r, _OFFSITE).format(user=user, num=_int(r, 100, 999), link=link)
            if kind == "genuine_recruiter":
                extra = f"Here is the role I mentioned: {link}"
            message = f"{message} {extra}"
            if link in extra:
                links.append(link)
        return message, links

    def _invitations(self, profiles: list[Profile]) -> list[Invitation | None]:
        r = self.r
        pool = self.recipients
        out: list[Invitation | None] = []
        for i, (prof, kind) in enumerate(zip(profiles, self.kinds, strict=True)):
            if not pool or r.random() >= _SPECS[kind].invite:
                out.append(None)
                continue
            recipient = pool[r.randrange(len(pool))]
            if recipient.id == prof.id:
                recipient = pool[(pool.index(recipient) + 1) % len(pool)]
                if recipient.id == prof.id:
                    out.append(None)
                    continue
            message, links = self._message(self.persons[i], kind, recipient)
            median = 6.0 if kind.startswith("fake_") else 9.0
            mutual = int(median * np.exp(1.1 * self.rng.standard_normal()))
            sent = self.midnight - dt.timedelta(minutes=_int(r, 60, 30 * 24 * 60))
            out.append(
                Invitation.model_validate(
                    {
                        "id": f"inv-{prof.id}",
                        "sender": prof,
                        "message": message,
                        "mutual_connections": mutual,
                        "links": links,
                        "recipient": recipient,
                        "sent_at": sent,
                    }
                )
            )
        return out

    # --------------------------------------------------------------------------- run

    def _groups(self, kind: str, low: int, high: int) -> None:
        """Split the profiles of ``kind`` into teams/batches sharing text and a photo style."""
        r = self.r
        members = [i for i, k in enumerate(self.kinds) if k == kind]
        r.shuffle(members)
        pos = 0
        while pos < len(members):
            size = _int(r, low, high)
            ind = _pick(r, _INDUSTRIES)
            company = _company(r, ind)
            lead = self._person(r, ind)
            lead.company = company
            if kind == "genuine_colleague":
                team = _pick(r, ind.objects)
                about = (
                    f"We are the team behind {team} at {company}. "
                    + _fill(
                        r,
                        _pick(
                            r,
                            (
                                "We work on {topic} and {topic2} for customers in {city}.",
                                "Our mission: make {topic} simple for everyone in {field}.",
                                "We care about {topic}, {topic2} and each other.",
                            ),
                        ),
                        lead,
                    )
                    + " We are hiring!"
                )
                headline = ""
            else:
                about = _fill(r, _pick(r, _TEMPLATE_ABOUTS), lead)
                headline = _fill(r, _pick(r, _TEMPLATE_HEADLINES), lead)
            group = _Group(ind, company, about, headline, r.getrandbits(31))
            for i in members[pos : pos + size]:
                self.groups[i] = group
            pos += size

    def run(self, photo_dir: Path | None) -> Population:
        n, rng, r = self.n, self.rng, self.r
        n_fake = round(n * self.fake_rate)
        gen_names, gen_p = list(GENUINE_KINDS), np.array(list(GENUINE_KINDS.values()))
        fake_names, fake_p = list(FAKE_KINDS), np.array(list(FAKE_KINDS.values()))
        drawn = np.concatenate(
            [
                rng.choice(np.array(gen_names), size=n - n_fake, p=gen_p / gen_p.sum()),
                rng.choice(np.array(fake_names), size=n_fake, p=fake_p / fake_p.sum()),
            ]
        )
        kinds_arr = drawn[rng.permutation(n)]
        self.kinds: list[str] = [str(k) for k in kinds_arr]
        width = max(6, len(str(n - 1)))
        self.ids = [f"syn-{i:0{width}d}" for i in range(n)]
        # Ordinary copycats: their numbers (age, network, activity) are drawn from the
        # spec of a genuine archetype (drawn in the genuine class's proportions).
        copycats = np.flatnonzero(kinds_arr == "fake_copycat")
        ordinary = copycats[rng.random(len(copycats)) < _ORDINARY_COPYCATS]
        mimics = rng.choice(np.array(gen_names), size=len(ordinary), p=gen_p / gen_p.sum())
        self.mimic: dict[int, str] = {int(i): str(k) for i, k in zip(ordinary, mimics, strict=True)}
        shapes = kinds_arr.astype(object)
        shapes[ordinary] = mimics
        nums = self._numbers(shapes)
        self.groups: dict[int, _Group] = {}
        self._groups("genuine_colleague", 3, 8)
        self._groups("fake_template", 3, 25)
        self.persons: dict[int, _Person] = {}
        self.sources: list[str | None] = [None] * n
        self.copied: list[tuple[str, ...]] = [()] * n
        self.records: list[dict[str, Any]] = [{} for _ in range(n)]
        genuine = [i for i, k in enumerate(self.kinds) if k.startswith("genuine_")]
        for i in genuine:
            self.records[i] = self._genuine(i, self.kinds[i], nums)
        # Extra genuine members outside the population, to copy from and invite,
        # when the population has none (fake_rate = 1).
        extra: list[int] = []
        if not genuine:
            m = 20
            extra_kinds = rng.choice(np.array(["genuine_writer", "genuine_commenter"]), size=m)
            extra_nums = self._numbers(extra_kinds)
            saved_ids = self.ids
            self.ids = [f"ref-{j:04d}" for j in range(m)]
            for j in range(m):
                self.records.append(self._genuine_extra(j, str(extra_kinds[j]), extra_nums))
                extra.append(n + j)
            self.ids = saved_ids
        candidates = [
            i
            for i in (genuine or extra)
            if self.records[i].get("about") and self.records[i]["has_photo"]
        ] or (genuine or extra)
        # Sorted by account age, so that a copycat draws among the older ones.
        ages = [(self.today - self.records[i]["created_at"]).days for i in candidates]
        order = sorted(range(len(candidates)), key=ages.__getitem__)
        self.originals = [candidates[k] for k in order]
        self.original_ages = [ages[k] for k in order]
        for i, kind in enumerate(self.kinds):
            if kind.startswith("fake_"):
                self.records[i] = self._fake(i, kind, nums)
        for rec in self.records:  # an empty section is known to be empty: say so
            for key, empty in _SECTIONS.items():
                rec.setdefault(key, type(empty)())
        if photo_dir is not None:
            self._photos(photo_dir, len(self.records))
        everything = [Profile.model_validate(rec) for rec in self.records]
        self.records = []  # the dicts are no longer needed: halves the peak memory
        profiles = everything[:n]
        self.recipients = [everything[i] for i in (genuine or extra)]
        invitations = self._invitations(profiles)
        true_labels = np.array([k.startswith("fake_") for k in self.kinds], dtype=np.int8)
        flips = rng.random(n) < self.noise
        labels = np.where(flips, 1 - true_labels, true_labels).astype(np.int8)
        copied_from = {s for s in self.sources if s is not None}
        by_id = {p.id: p for p in everything}
        refs = [by_id[s] for s in sorted(copied_from)]
        for i in genuine:
            pid = self.ids[i]
            if pid in copied_from:
                continue
            if self.kinds[i] == "genuine_colleague" or r.random() < 0.25:
                refs.append(everything[i])
        return Population(
            profiles=profiles,
            labels=labels,
            true_labels=true_labels,
            kinds=list(self.kinds),
            invitations=invitations,
            sources=self.sources,
            copied=self.copied,
            references=refs,
        )

    def _genuine_extra(self, j: int, kind: str, nums: dict[str, np.ndarray]) -> dict[str, Any]:
        """A genuine member outside the population (ids ``ref-NNNN``)."""
        saved = self.persons
        self.persons = {}
        rec = self._genuine(j, kind, nums)
        person = self.persons[j]
        self.persons = saved
        self.persons[self.n + j] = person
        return rec

    def _photos(self, photo_dir: Path, count: int) -> None:
        """Draw every portrait; copycats' photos are copies of their originals' files."""
        photo_dir.mkdir(parents=True, exist_ok=True)
        index = {rec["id"]: i for i, rec in enumerate(self.records)}
        copies: list[int] = []
        for i in range(count):
            rec = self.records[i]
            if not rec["has_photo"]:
                continue
            if i < self.n and "photo" in self.copied[i]:
                copies.append(i)
                continue
            group = self.groups.get(i)
            # Colleagues share a headshot style; template batches do not.
            style = group.style if group is not None and i < self.n else None
            if i < self.n and self.kinds[i] != "genuine_colleague":
                style = None
            path = photo_dir / f"{rec['id']}.jpg"
            seed = int.from_bytes(rec["id"].encode()[-8:], "big") ^ self.r.getrandbits(48)
            draw_portrait(seed, style=style).save(path, quality=88)
            rec["photo"] = str(path)
        for i in copies:
            rec = self.records[i]
            source = self.records[index[self.sources[i] or ""]]
            path = photo_dir / f"{rec['id']}.jpg"
            if source.get("photo"):
                _copy_photo(Path(source["photo"]), path, self.r)
            else:  # the original has no photo: the copycat's is a portrait of its own
                draw_portrait(self.r.getrandbits(48)).save(path, quality=88)
            rec["photo"] = str(path)
