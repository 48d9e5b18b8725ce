"""The photo signal: no photo, and the photo reused by other profiles.

The fingerprints and their verification live in :mod:`fakeprofile.fingerprints.photo`;
this module turns a profile's look-up in the reference index into features,
evidence and plain sentences. A photo too plain to identify anyone is never
looked up (:attr:`PhotoLookup.state` ``"no detail"``), and an unreadable photo
is unknown, not a finding.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..errors import InvalidProfileError, PhotoError
from ..fingerprints.photo import (
    CANDIDATE_LIMIT,
    MIN_DETAIL,
    STRONG_BITS,
    PhotoFingerprint,
    PhotoMatch,
    PhotoQuery,
    query_photo,
)
from ..index.lookup import holds_keypoints
from .base import (
    MAX_EVIDENCE,
    Context,
    Evidence,
    Feature,
    Group,
    Shared,
    SignalResult,
    ask_index,
    known_newer,
    later_chance,
    later_words,
    shared_among,
    whose_account,
)

if TYPE_CHECKING:
    from ..profile import Profile

__all__ = ["PhotoLookup", "PhotoSignal", "photo_closeness", "photo_lookup"]

_GROUP: Group = "photo"
#: The reuse features state one fact (who else uses this photo): one reason says it.
_REUSE = "photo_reuse_count"
#: Strong-hash distances (of 256 bits) read as "the same photo" and "nearly the same".
_SAME_BITS = 8
_NEARLY_BITS = 24
_FEATURES = (
    Feature(
        "photo_absent",
        _GROUP,
        "1 when the profile is known to have no photo (has_photo false), 0 when it has one; "
        "nan when that is unknown. A real member usually shows a face.",
        missing_ok=True,
    ),
    Feature(
        "photo_reuse_count",
        _GROUP,
        "how many other profiles in the reference index use the same photo (mirror-aware), "
        "not counting profiles known to be newer (they copied it, if anyone did); nan "
        "without an index or a readable photo (of a photo with very many near copies, a "
        "look-up reads the first 256 candidates of each of its hashes). 0 for a shared photo, "
        "one that four or more accounts over a year old show, at least half of those with a "
        "creation date (a company's logo, a stock picture): it is nobody's face to copy; 25 "
        "established accounts make it shared whatever else shows it, and for a photo with half "
        "as many matches as a look-up reads candidates (128 of 256; the rest may be unknown) "
        "only they do",
        high=math.inf,
        missing_ok=True,
        fact=_REUSE,
    ),
    Feature(
        "photo_reuse_older_count",
        _GROUP,
        "how many of those profiles were created before this one (the likely owners)",
        high=math.inf,
        missing_ok=True,
        fact=_REUSE,
    ),
    Feature(
        "photo_min_distance",
        _GROUP,
        "256-bit distance to the closest of those matching photos, divided by 256; 1 when none "
        "matches or the photo is shared (the closer, the surer the copy)",
        missing_ok=True,
        fact=_REUSE,
        direction="down",
    ),
    Feature(
        "photo_reuse_newer_chance",
        _GROUP,
        "for profiles known to be newer that use the same photo, the chance that this profile "
        "took it after them all the same (account dates bound when a photo was set, not when; "
        "a bought, years-old account can take a newer member's photo): the largest "
        "later_chance of them, near 0 beside weeks-old accounts, up to 0.5 beside accounts as "
        "old as this one; 0 when no newer profile uses it or the photo is shared; nan without "
        "this profile's creation date, an index or a readable photo",
        high=0.5,
        missing_ok=True,
        fact=_REUSE,
    ),
)


def photo_closeness(distance: int, mirrored: bool, *, by_keypoints: bool = False) -> str:
    """How alike two photos are, in words, from their 256-bit hashes' distance.

    A copy confirmed by keypoints (``by_keypoints``) is one the hashes could
    not see: cropped, turned, framed or partly covered.

    >>> photo_closeness(0, False), photo_closeness(20, True), photo_closeness(60, False)
    ('the same photo', 'a nearly identical, mirrored copy', 'an edited copy')
    >>> photo_closeness(72, True, by_keypoints=True)
    'an edited, mirrored copy (cropped, turned, framed or partly covered)'
    """
    if by_keypoints:
        turned = ", mirrored" if mirrored else ""
        return f"an edited{turned} copy (cropped, turned, framed or partly covered)"
    if distance <= _SAME_BITS:
        return "the same photo, mirrored" if mirrored else "the same photo"
    turned = ", mirrored" if mirrored else ""
    if distance <= _NEARLY_BITS:
        return f"a nearly identical{turned} copy"
    return f"an edited{turned} copy"


def _listed(matches: Sequence[PhotoMatch], created: dt.date | None) -> str:
    """The first three matches described, and how many more."""
    described = "; ".join(_describe_match(m, created) for m in matches[:3])
    return described + (f", and {len(matches) - 3} more" if len(matches) > 3 else "")


def _describe_match(match: PhotoMatch, created: dt.date | None) -> str:
    who = f"{match.name} ({match.profile_id})" if match.name else f"profile {match.profile_id}"
    when = ""
    if match.created_at is not None and created is not None:
        when = whose_account(created, match.created_at) or ", created the same day"
    elif match.created_at is not None:
        when = f", created {match.created_at.isoformat()}"
    closeness = photo_closeness(
        match.distance, match.mirrored, by_keypoints=match.keypoints is not None
    )
    return f"{who}{when}: {closeness}"


PhotoState = Literal["ok", "unreadable", "no detail", "unknown", "not given", "none"]


@dataclass(frozen=True, slots=True)
class PhotoLookup:
    """What the photo signal found for one profile (:func:`photo_lookup` reads it).

    ``state`` is what is known of the photo: ``"ok"`` (a fingerprint),
    ``"unreadable"`` (``error`` says why), ``"no detail"`` (too plain to
    identify anyone; ``detail`` and ``note`` say so), ``"unknown"`` (the
    source did not say), ``"not given"`` (there is a photo but no file or
    hash) or ``"none"`` (no photo). ``looked_up`` says whether the index was
    asked: ``matches`` are then every profile it found, ``prior`` those not
    known to be newer (the ones that count against this profile). A photo
    that many established accounts show (:func:`~.base.is_shared`: a logo, a
    stock picture) is nobody's to copy: ``shared`` then says who shows it, and
    ``matches`` and ``prior`` are empty.
    """

    state: PhotoState
    fingerprint: PhotoFingerprint | None = None
    created_at: dt.date | None = None
    looked_up: bool = False
    matches: tuple[PhotoMatch, ...] = ()
    prior: tuple[PhotoMatch, ...] = ()
    error: str | None = None
    detail: float | None = None
    shared: Shared | None = None

    @property
    def note(self) -> str | None:
        """Why the photo was not compared, when it has too little detail."""
        if self.state != "no detail" or self.detail is None:
            return None
        return (
            f"the photo has too little detail to identify anyone (detail {self.detail:.3f}"
            f" grey levels, at least {MIN_DETAIL} needed): it is not compared"
        )


def photo_lookup(result: SignalResult) -> PhotoLookup:
    """The photo signal's findings in ``result`` (a :class:`PhotoSignal` result).

    Raises
    ------
    TypeError
        ``result`` is not a photo signal's result.
    """
    found = result.facts.get("photo")
    if not isinstance(found, PhotoLookup):
        raise TypeError("photo_lookup needs a result of the photo signal")
    return found


class PhotoSignal:
    """Photo features: no photo, and reuse of the photo by other profiles.

    The reuse features need a reference index (``context.index``) and a
    readable photo; without them they are ``nan`` (unknown, so they add
    nothing). An unreadable photo is unknown too: its error is kept in the
    findings (:func:`photo_lookup`), not turned into a finding about the profile.

    Examples
    --------
    >>> from fakeprofile.profile import Profile
    >>> today = Context(today=dt.date(2026, 1, 1))
    >>> PhotoSignal().extract(Profile(id="p"), today).values["photo_absent"]
    nan
    >>> PhotoSignal().extract(Profile(id="p", has_photo=False), today).values["photo_absent"]
    1.0
    """

    name = "photo"
    group = _GROUP
    features: Sequence[Feature] = _FEATURES

    def extract(self, profile: Profile, context: Context) -> SignalResult:
        """Compute the photo features of ``profile`` (never raises on a valid profile)."""
        return self.extract_many([profile], [context])[0]

    def extract_many(
        self, profiles: Sequence[Profile], contexts: Sequence[Context]
    ) -> list[SignalResult]:
        """:meth:`extract` for a chunk of profiles: the index answers their look-ups together."""
        # Query probes serve only look-ups: none without an index; keypoints only
        # for an index that stores some (asked once per index of the chunk).
        keyed = {id(c.index): holds_keypoints(c.index) for c in contexts}
        prepared = [
            self._prepare(p, c.index is not None, keyed[id(c.index)])
            for p, c in zip(profiles, contexts, strict=True)
        ]
        queries = [
            (i, query)
            for i, (c, (_, query)) in enumerate(zip(contexts, prepared, strict=True))
            if c.index is not None and query is not None
        ]
        answers = ask_index(contexts, queries, lambda ix, qs: ix.photo_matches_many(qs))
        found = {i: answer for (i, _), answer in zip(queries, answers, strict=True)}
        return [
            self._result(p, c.today, c.index is not None, lookup, found.get(i))
            for i, (p, c, (lookup, _)) in enumerate(zip(profiles, contexts, prepared, strict=True))
        ]

    @staticmethod
    def _prepare(
        profile: Profile, with_probes: bool, with_keypoints: bool
    ) -> tuple[PhotoLookup, PhotoQuery | None]:
        """What is known before any look-up, and what to look up with."""
        known = profile.photo_known
        created = profile.created_at
        try:
            fp, probes, keypoints = query_photo(
                profile, probes=with_probes, keypoints=with_keypoints
            )
        except (PhotoError, InvalidProfileError) as exc:
            return PhotoLookup("unreadable", created_at=created, error=str(exc)), None
        if fp is not None and not fp.has_detail:
            # Too plain to identify anyone: nothing can be compared, so no look-up.
            return PhotoLookup("no detail", created_at=created, detail=fp.detail), None
        if fp is not None:
            return PhotoLookup("ok", fp, created), PhotoQuery(profile.id, fp, probes, keypoints)
        state: PhotoState = "unknown" if known is None else ("not given" if known else "none")
        return PhotoLookup(state, created_at=created), None

    @staticmethod
    def _result(
        profile: Profile,
        today: dt.date,
        has_index: bool,
        lookup: PhotoLookup,
        matches: Sequence[PhotoMatch] | None,
    ) -> SignalResult:
        nan = math.nan
        known = profile.photo_known
        values = {
            "photo_absent": nan if known is None else float(not known),
            "photo_reuse_count": nan,
            "photo_reuse_older_count": nan,
            "photo_min_distance": nan,
            "photo_reuse_newer_chance": nan,
        }
        evidence: dict[str, list[Evidence]] = {}
        if lookup.state == "none":
            evidence["photo_absent"] = [Evidence("photo", {"has_photo": False})]
        if has_index and matches is not None:
            created = profile.created_at
            shared = shared_among(
                ((m.profile_id, m.created_at) for m in matches), profile.id, created, today,
                # A look-up reads CANDIDATE_LIMIT candidates a hash and drops this
                # profile's own row and the ones that fail verification: with half as
                # many matches it may have stopped short, so the rest count as unknown.
                complete=len(matches) < CANDIDATE_LIMIT // 2,
            )  # fmt: skip
            if shared is not None:  # a logo or stock picture: nobody's photo copied
                values.update(
                    photo_reuse_count=0.0,
                    photo_reuse_older_count=0.0 if created is not None else nan,
                    photo_min_distance=1.0,
                    photo_reuse_newer_chance=0.0 if created is not None else nan,
                )
                evidence[_REUSE] = [Evidence("shared_photo", shared.detail())]
                lookup = PhotoLookup(
                    lookup.state, lookup.fingerprint, created, looked_up=True, shared=shared
                )
                return SignalResult(values=values, evidence=evidence, facts={"photo": lookup})
            # A newer profile with this photo copied it from this one (or both from a
            # third): it says nothing against this profile, so only the others count.
            prior = [m for m in matches if not known_newer(m.created_at, created)]
            older = [m for m in prior if created and m.created_at and m.created_at < created]
            newer = [m for m in matches if known_newer(m.created_at, created)]
            chances = {m.profile_id: later_chance(created, m.created_at, today) for m in newer}
            values.update(
                photo_reuse_count=float(len(prior)),
                # Which came first is unknown without this profile's creation date.
                photo_reuse_older_count=float(len(older)) if created is not None else nan,
                photo_min_distance=(min(m.distance for m in prior) / STRONG_BITS if prior else 1.0),
                photo_reuse_newer_chance=(
                    max(chances.values(), default=0.0) if created is not None else nan
                ),
            )
            lookup = PhotoLookup(
                lookup.state,
                lookup.fingerprint,
                created,
                looked_up=True,
                matches=tuple(matches),
                prior=tuple(prior),
            )
            # Closest first (as sorted by the index); one object per match, so
            # a reason merging these features lists each match once.
            shown = {
                m.profile_id: _evidence(m, chances.get(m.profile_id))
                for m in [*prior[:MAX_EVIDENCE], *older[:MAX_EVIDENCE], *newer[:MAX_EVIDENCE]]
            }
            evidence["photo_reuse_count"] = [shown[m.profile_id] for m in prior[:MAX_EVIDENCE]]
            evidence["photo_reuse_older_count"] = [
                shown[m.profile_id] for m in older[:MAX_EVIDENCE]
            ]
            if prior:
                evidence["photo_min_distance"] = [shown[prior[0].profile_id]]
            if newer:
                evidence["photo_reuse_newer_chance"] = [
                    shown[m.profile_id] for m in newer[:MAX_EVIDENCE]
                ]
        return SignalResult(values=values, evidence=evidence, facts={"photo": lookup})

    def sentence(self, feature: str, result: SignalResult) -> str:
        """One plain sentence stating the fact behind ``feature`` (known facts only)."""
        found = photo_lookup(result)
        if feature == "photo_absent":
            return (
                "The profile has no photo." if found.state == "none" else "The profile has a photo."
            )
        if feature not in _NAMES:
            raise KeyError(f"feature must be one of the photo signal's features, got {feature!r}")
        prior, created = found.prior, found.created_at
        if found.shared is not None:
            return found.shared.words("photo")
        if not prior:
            if not found.matches:
                return "No other known profile uses this photo."
            # Only newer profiles use it: by the dates they are the copies, this the
            # original (how sure the dates are: photo_reuse_newer_chance).
            chance = result.values["photo_reuse_newer_chance"]
            return (
                f"Only newer profiles use this photo too: {_listed(found.matches, created)}."
                + later_words(chance)
            )
        if len(prior) == 1:
            text = f"This photo is also on the profile of {_listed(prior, created)}."
        else:
            text = f"This photo is also on {len(prior)} other profiles: {_listed(prior, created)}."
        older_value = result.values["photo_reuse_older_count"]
        older = 0 if math.isnan(older_value) else int(older_value)
        if len(prior) > 3 and older:
            text += f" {older} of them are older accounts."
        return text


def _evidence(match: PhotoMatch, later: float | None = None) -> Evidence:
    fields: dict[str, object] = {
        "profile_id": match.profile_id,
        "distance": match.distance,
        "bits": STRONG_BITS,
        "mirrored": match.mirrored,
        "created_at": match.created_at.isoformat() if match.created_at else None,
    }
    if later is not None:  # a newer profile: the chance this one took the photo later
        fields["later_chance"] = round(later, 3)
    if match.keypoints is not None:
        # Confirmed by keypoints, not the hashes: "distance" is only the threshold.
        fields["confirmed_by"] = "keypoints"
        fields["keypoint_inliers"] = match.keypoints.inliers
        fields["keypoint_agreement"] = round(match.keypoints.agreement, 3)
    return Evidence("photo_match", fields)


_NAMES = frozenset(f.name for f in _FEATURES)
