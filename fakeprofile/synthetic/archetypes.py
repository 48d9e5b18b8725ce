"""The archetypes: their shares of each class and their per-archetype distributions.

What each archetype stands for is described in the :mod:`fakeprofile.synthetic`
package docstring; the numbers behind it are here.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Genuine archetypes and their share of the genuine class.
GENUINE_KINDS: dict[str, float] = {
    "genuine_writer": 0.16,
    "genuine_commenter": 0.22,
    "genuine_lurker": 0.28,
    "genuine_graduate": 0.12,
    "genuine_recruiter": 0.08,
    "genuine_colleague": 0.14,
}

#: Fake archetypes and their share of the fake class.
FAKE_KINDS: dict[str, float] = {
    "fake_copycat": 0.30,
    "fake_template": 0.20,
    "fake_unique": 0.15,
    "fake_farm": 0.20,
    "fake_patient": 0.15,
}

_MAX_EVENTS = 200
_MAX_COMMENT_TEXTS = 6
#: Share of copycats that are "ordinary": shaped like a genuine member but for the copy.
_ORDINARY_COPYCATS = 0.5
#: A copied original's account is at least this many days older than its copycat's.
_ORIGINAL_OLDER_DAYS = 30


@dataclass(frozen=True)
class _Spec:
    """Per-archetype distributions (log-normal medians and sigmas, rates per 90 days)."""

    age: tuple[float, float, int, int]  # median days, sigma, min, max
    connections: tuple[float, float]
    followers_ratio: tuple[float, float]  # followers = connections * ratio
    following: tuple[float, float]
    # likes, comments, shares, shares_with_comment, posts, articles
    rates: tuple[float, float, float, float, float, float]
    shape: float  # gamma shape of the activity level (smaller = more spread)
    generic: float  # share of generic comments
    no_activity: float
    no_photo: float
    no_about: float
    odd_name: float
    invite: float  # probability of an invitation
    personal: float  # share of personalised invitation messages
    offsite: float  # share of messages with a link or an off-platform request


# fmt: off
_SPECS: dict[str, _Spec] = {
    "genuine_writer": _Spec(
        age=(2600, 0.6, 200, 7300), connections=(650, 0.8),
        followers_ratio=(1.6, 0.6), following=(250, 0.8),
        rates=(60, 18, 3, 4, 7, 1.2), shape=1.5, generic=0.15,
        no_activity=0.1, no_photo=0.04, no_about=0.08,
        odd_name=0.06, invite=0.5, personal=0.6, offsite=0.01,
    ),
    "genuine_commenter": _Spec(
        age=(2000, 0.7, 120, 7300), connections=(420, 0.9),
        followers_ratio=(1.0, 0.6), following=(260, 0.9),
        rates=(45, 12, 2, 1, 0.8, 0.05), shape=1.2, generic=0.25,
        no_activity=0.12, no_photo=0.07, no_about=0.22,
        odd_name=0.07, invite=0.5, personal=0.55, offsite=0.01,
    ),
    "genuine_lurker": _Spec(
        age=(3200, 0.6, 200, 7300), connections=(230, 1.0),
        followers_ratio=(0.6, 0.8), following=(140, 1.1),
        rates=(45, 0.4, 2, 0.1, 0.1, 0.0), shape=1.0, generic=0.25,
        no_activity=0.15, no_photo=0.11, no_about=0.4,
        odd_name=0.09, invite=0.4, personal=0.5, offsite=0.01,
    ),
    "genuine_graduate": _Spec(
        age=(180, 0.9, 14, 900), connections=(45, 0.9),
        followers_ratio=(0.6, 0.8), following=(110, 1.0),
        rates=(14, 1.2, 1, 0.4, 0.8, 0.02), shape=1.0, generic=0.25,
        no_activity=0.14, no_photo=0.18, no_about=0.45,
        odd_name=0.1, invite=0.6, personal=0.45, offsite=0.0,
    ),
    "genuine_recruiter": _Spec(
        age=(2200, 0.6, 150, 7300), connections=(4500, 0.8),
        followers_ratio=(1.1, 0.5), following=(2600, 0.8),
        rates=(55, 5, 14, 5, 9, 0.2), shape=1.5, generic=0.3,
        no_activity=0.08, no_photo=0.05, no_about=0.12,
        odd_name=0.08, invite=0.8, personal=0.4, offsite=0.06,
    ),
    "genuine_colleague": _Spec(
        age=(1500, 0.8, 60, 7300), connections=(330, 0.9),
        followers_ratio=(0.9, 0.6), following=(200, 0.9),
        rates=(32, 4, 3, 1, 1.2, 0.1), shape=1.2, generic=0.25,
        no_activity=0.12, no_photo=0.08, no_about=0.1,
        odd_name=0.07, invite=0.5, personal=0.6, offsite=0.01,
    ),
    "fake_copycat": _Spec(
        age=(90, 1.0, 3, 2000), connections=(260, 1.0),
        followers_ratio=(0.4, 1.0), following=(700, 1.1),
        rates=(110, 0.6, 4, 0.1, 0.15, 0.0), shape=0.9, generic=0.8,
        no_activity=0.09, no_photo=0.0, no_about=0.0,
        odd_name=0.3, invite=0.9, personal=0.08, offsite=0.3,
    ),
    "fake_template": _Spec(
        age=(200, 1.1, 7, 2500), connections=(180, 1.0),
        followers_ratio=(0.35, 1.0), following=(700, 1.0),
        rates=(80, 1.0, 6, 0.3, 0.6, 0.0), shape=0.9, generic=0.9,
        no_activity=0.09, no_photo=0.08, no_about=0.1,
        odd_name=0.35, invite=0.9, personal=0.08, offsite=0.35,
    ),
    "fake_unique": _Spec(
        age=(600, 1.0, 20, 4000), connections=(220, 1.0),
        followers_ratio=(0.7, 0.8), following=(330, 1.0),
        rates=(48, 2.5, 3, 0.5, 0.8, 0.05), shape=1.0, generic=0.55,
        no_activity=0.12, no_photo=0.08, no_about=0.3,
        odd_name=0.25, invite=0.85, personal=0.12, offsite=0.2,
    ),
    "fake_farm": _Spec(
        age=(200, 1.0, 14, 2500), connections=(480, 1.0),
        followers_ratio=(0.25, 0.9), following=(1800, 1.0),
        rates=(260, 0.05, 10, 0.0, 0.0, 0.0), shape=1.1, generic=0.9,
        no_activity=0.08, no_photo=0.08, no_about=0.5,
        odd_name=0.35, invite=0.7, personal=0.08, offsite=0.3,
    ),
    "fake_patient": _Spec(
        age=(1900, 0.6, 365, 6000), connections=(340, 0.9),
        followers_ratio=(0.7, 0.7), following=(400, 0.9),
        rates=(38, 5, 2, 0.2, 0.3, 0.0), shape=1.2, generic=0.85,
        no_activity=0.12, no_photo=0.08, no_about=0.25,
        odd_name=0.2, invite=0.85, personal=0.12, offsite=0.2,
    ),
}
# fmt: on
