"""The account signal: age, network shape, completeness, experience and names.

A fake is usually young, follows far more people than follow it back, fills in
only what it copied (often a photo, a headline and an about text), lists jobs
without descriptions, and carries a made-up or machine-generated username.

Conventions
-----------
* Counts are reported as ``log1p`` and ratios as log ratios with one added to
  each side, ``log((a + 1) / (b + 1))``, so 0 means "about equal" and the
  range is symmetric. Bounds are the largest values the data model allows.
* Each count has an explicit ``*_missing`` feature; the count itself is then
  ``nan``. The account age needs ``created_at`` (and ``Context.today``).
* Experience overlaps count positions not marked part-time
  (``full_time`` true or unknown) and forgive :data:`OVERLAP_GRACE_DAYS`, since
  a new job often starts before the old one formally ends.
* A date is implausible when it lies more than :data:`MAX_CAREER_YEARS` years
  before ``today``: a career that long implies a birth year before
  ``today − MAX_CAREER_YEARS − 15``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..profile import LIMITS
from .base import Context, Evidence, Feature, SignalResult

if TYPE_CHECKING:
    import datetime as dt

    from ..profile import Profile

__all__ = ["MAX_CAREER_YEARS", "OVERLAP_GRACE_DAYS", "AccountSignal", "name_username_mismatch"]

#: Days of overlap between two full-time positions that are not counted.
OVERLAP_GRACE_DAYS = 92
#: Dates further back than this (years before today) are implausible.
MAX_CAREER_YEARS = 60
_AGE_MAX = 100.0
_OVERLAP_MAX = 50.0
_IMPLAUSIBLE_MAX = 10.0
_RUN_MAX = 10.0
_LOG_COUNT = math.log1p(LIMITS["count"])
_ENTROPY_MAX = math.log2(3 * LIMITS["short_text"])  # log2 of the longest folded username
_NAN = math.nan

_DIGITS = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")
_CONSONANTS = re.compile(r"[bcdfghjklmnpqrstvwxz]+")
_LETTERS = re.compile(r"[^a-z]+")
_SEPARATORS = frozenset("-_. ")
# The photo is not part of completeness: the photo signal has its own features for
# it, and counting it twice could put one fact on both sides of a score.
_COMPLETENESS = ("about", "experience", "education", "skills")
_PART = {
    "about": "an about text",
    "experience": "experience",
    "education": "education",
    "skills": "skills",
}


def _to_ascii(text: str) -> str:
    """Lower case with accents removed ("Lindqvíst" -> "lindqvist"); other scripts vanish."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    return text.encode("ascii", "ignore").decode()


def _ascii_letters(text: str) -> str:
    """Lower-case ASCII letters only, accents removed."""
    return _LETTERS.sub("", _to_ascii(text))


def name_username_mismatch(name: str, username: str) -> float | None:
    """Share of the username's letters not explained by the name (its words or initials).

    Returns ``None`` when the username has no letters or the name no words.

    Examples
    --------
    >>> name_username_mismatch("George Lindqvist", "glindqvist")
    0.0
    >>> name_username_mismatch("Amelia Oakes", "amelia-oakes-83920")
    0.0
    >>> name_username_mismatch("Amelia Oakes", "xkqzvb")
    1.0
    """
    return _mismatch(name, _ascii_letters(username))


def _mismatch(name: str, letters: str) -> float | None:
    # One pass over the whole name: non-letters become spaces, so words split there
    # ("O'Neil" -> "o", "neil": the initial and the word both still count).
    words = _LETTERS.sub(" ", _to_ascii(name)).split()
    if not letters or not words:
        return None
    rest = letters
    # Whole words first (longest first), then initials for what is left.
    for word in sorted(words, key=len, reverse=True):
        if len(word) > 1 and word in rest:
            rest = rest.replace(word, " ", 1)
    for word in words:
        if word[0] in rest:
            rest = rest.replace(word[0], " ", 1)
    left = sum(1 for c in rest if c != " ")
    return left / len(letters)


# Case folding turns one character into at most three ("ﬃ" -> "ffi"), so a username
# of at most LIMITS["short_text"] characters folds to at most three times as many.
_MAX_FOLDED = 3 * LIMITS["short_text"]
#: c * log2(c) for every character count a folded username can have.
_CLOG2C = [0.0] + [c * math.log2(c) for c in range(1, _MAX_FOLDED + 1)]


def _entropy_of_counts(counts: list[int]) -> float:
    # sum(c/n * log2(n/c)) = log2(n) - sum(c * log2(c)) / n, with a table for c * log2(c).
    n = sum(counts)
    if n == 0:
        return 0.0
    return max(0.0, math.log2(n) - sum(map(_CLOG2C.__getitem__, counts)) / n)


def _features() -> tuple[Feature, ...]:
    def f(
        name: str,
        description: str,
        low: float = 0.0,
        high: float = 1.0,
        missing: bool = True,
        fact: str = "",
    ) -> Feature:
        return Feature(name, "account", description, low, high, missing_ok=missing, fact=fact)

    # Features stating one fact share a key; the fact is said in the sentence of
    # the feature named like the key (see Feature.fact).
    network = "account_following_followers_log_ratio"
    reach = "account_followers_connections_log_ratio"

    return (
        f(
            "account_age_years",
            f"Years since created_at (capped at {_AGE_MAX:g}); nan when unknown.",
            high=_AGE_MAX,
            fact="account_age_years",
        ),
        f(
            "account_age_missing",
            "1 when created_at is unknown.",
            missing=False,
            fact="account_age_years",
        ),
        f(
            "account_connections_log",
            "log1p of connections; nan when unknown.",
            high=_LOG_COUNT,
            fact=reach,
        ),
        f(
            "account_connections_missing",
            "1 when connections is unknown.",
            missing=False,
            fact=reach,
        ),
        f(
            "account_followers_log",
            "log1p of followers; nan when unknown.",
            high=_LOG_COUNT,
            fact=network,
        ),
        f("account_followers_missing", "1 when followers is unknown.", missing=False, fact=network),
        f(
            "account_following_log",
            "log1p of following; nan when unknown.",
            high=_LOG_COUNT,
            fact=network,
        ),
        f("account_following_missing", "1 when following is unknown.", missing=False, fact=network),
        f(
            "account_following_followers_log_ratio",
            "log((following + 1) / (followers + 1)): above 0 follows more than it is followed.",
            low=-_LOG_COUNT,
            high=_LOG_COUNT,
            fact=network,
        ),
        f(
            "account_followers_connections_log_ratio",
            "log((followers + 1) / (connections + 1)): connections normally follow, so a "
            "value well below 0 means few of them do.",
            low=-_LOG_COUNT,
            high=_LOG_COUNT,
            fact=reach,
        ),
        f(
            "account_following_posts_log_ratio",
            "log((following + 1) / (posts + articles + 1)), posts and articles from the activity "
            "totals: high for an account that follows many and writes nothing; nan when either "
            "is unknown.",
            low=-_LOG_COUNT,
            high=_LOG_COUNT,
        ),
        f("account_private", "1 when the account is private, 0 when public; nan when unknown."),
        f(
            "account_completeness",
            "Share of about text, experience, education and skills that are filled in "
            "(the photo has features of its own in the photo signal).",
            missing=False,
        ),
        f(
            "account_experience_undescribed_frac",
            "Share of positions without a description; nan without positions.",
        ),
        f(
            "account_experience_overlap_years",
            "Longest overlap in years between two positions not marked part-time, beyond "
            f"{OVERLAP_GRACE_DAYS} days of grace (capped at {_OVERLAP_MAX:g}).",
            high=_OVERLAP_MAX,
            missing=False,
        ),
        f(
            "account_implausible_dates",
            f"Positions and schools dated more than {MAX_CAREER_YEARS} years before today "
            f"(capped at {_IMPLAUSIBLE_MAX:g}).",
            high=_IMPLAUSIBLE_MAX,
            missing=False,
        ),
        f("account_name_digits", "1 when the display name contains a digit; nan without name."),
        f(
            "account_username_digit_run",
            f"Length of the longest run of digits in the username (capped at {_RUN_MAX:g}); "
            "nan without username.",
            high=_RUN_MAX,
        ),
        f(
            "account_username_consonant_run",
            "Longest run of consonants in the username's letters (accents removed; capped at "
            f"{_RUN_MAX:g}); random strings have long runs. nan without username.",
            high=_RUN_MAX,
        ),
        f(
            "account_username_entropy",
            "Shannon entropy of the username's characters (separators removed), bits per "
            "character; nan without username.",
            high=_ENTROPY_MAX,
        ),
        f(
            "account_name_username_mismatch",
            "Share of the username's letters not explained by the name's words or initials; "
            "nan without both, or when the username has no letters.",
        ),
    )


class AccountSignal:
    """Account age, network counts and ratios, completeness, experience, name oddities.

    Examples
    --------
    >>> import datetime as dt
    >>> from fakeprofile.profile import Profile
    >>> p = Profile.model_validate({"id": "a", "followers": 40, "following": 2210})
    >>> r = AccountSignal().extract(p, Context(today=dt.date(2026, 11, 25)))
    >>> round(r.values["account_following_followers_log_ratio"], 2)
    3.99
    >>> AccountSignal().sentence("account_following_followers_log_ratio", r)
    'Follows 2,210 accounts and is followed by 40'
    """

    name = "account"
    features: Sequence[Feature] = _features()

    def extract(self, profile: Profile, context: Context) -> SignalResult:
        """Compute every account feature (see the module docstring)."""
        today = context.today
        values: dict[str, float] = {}
        facts: dict[str, Any] = {}
        evidence: dict[str, list[Evidence]] = {}

        created = profile.created_at
        if created is None:
            values["account_age_years"] = _NAN
            values["account_age_missing"] = 1.0
        else:
            age = min(_AGE_MAX, max(0.0, (today - created).days / 365.25))
            values["account_age_years"] = age
            values["account_age_missing"] = 0.0
            evidence["account_age_years"] = [
                Evidence("account", {"created_at": created.isoformat(), "age_years": age})
            ]
        facts["created_at"] = created
        facts["age_years"] = values["account_age_years"]

        conn = profile.connections
        fol = profile.followers
        fing = profile.following
        counts = {"connections": conn, "followers": fol, "following": fing}
        facts["counts"] = counts
        count_ev = [Evidence("counts", counts)]
        for n, log_key, missing_key in (
            (conn, "account_connections_log", "account_connections_missing"),
            (fol, "account_followers_log", "account_followers_missing"),
            (fing, "account_following_log", "account_following_missing"),
        ):
            if n is None:
                values[log_key] = _NAN
                values[missing_key] = 1.0
            else:
                values[log_key] = math.log1p(n)
                values[missing_key] = 0.0
                evidence[log_key] = count_ev
        values["account_following_followers_log_ratio"] = (
            _NAN if fing is None or fol is None else math.log((fing + 1) / (fol + 1))
        )
        values["account_followers_connections_log_ratio"] = (
            _NAN if fol is None or conn is None else math.log((fol + 1) / (conn + 1))
        )
        totals = profile.activity_totals()
        written = None if totals is None else totals.posts + totals.articles
        facts["written"] = written
        facts["window_days"] = None if totals is None else totals.window_days
        values["account_following_posts_log_ratio"] = (
            _NAN if fing is None or written is None else math.log((fing + 1) / (written + 1))
        )
        if fing is not None and written is not None:
            evidence["account_following_posts_log_ratio"] = [
                Evidence("counts", {"following": fing, "posts_and_articles": written})
            ]
        evidence["account_following_followers_log_ratio"] = count_ev
        evidence["account_followers_connections_log_ratio"] = count_ev
        private = profile.private
        values["account_private"] = _NAN if private is None else float(private)
        facts["private"] = private

        experience = profile.experience
        present = {
            "about": bool(profile.about),
            "experience": bool(experience),
            "education": bool(profile.education),
            "skills": bool(profile.skills),
        }
        values["account_completeness"] = sum(present.values()) / len(_COMPLETENESS)
        facts["present"] = present
        evidence["account_completeness"] = [Evidence("completeness", present)]

        _experience_features(profile, today, values, facts, evidence)
        _name_features(profile.name, profile.username, values, facts, evidence)
        return SignalResult(values, evidence, facts)

    def fact_key(self, feature: str, result: SignalResult) -> str:
        """Equal for two features exactly when their sentences are (see :class:`~.base.Signal`)."""
        if feature in _USERNAME and not result.facts["username"]:
            return "no username"
        return feature

    def sentence(self, feature: str, result: SignalResult) -> str:
        """A sentence stating the facts behind ``feature`` (see :class:`~.base.Signal`)."""
        if feature not in _NAMES:
            raise KeyError(f"feature: {feature!r} is not an account feature")
        facts = result.facts
        counts = facts["counts"]
        if feature.startswith("account_age"):
            created = facts["created_at"]
            if created is None:
                return "The account's creation date is unknown"
            return (
                f"The account was created on {created.isoformat()}, "
                f"{_years(facts['age_years'])} ago"
            )
        for key in ("connections", "followers", "following"):
            if feature in (f"account_{key}_log", f"account_{key}_missing"):
                n = counts[key]
                if n is None:
                    what = "accounts followed" if key == "following" else key
                    return f"The number of {what} is unknown"
                return f"{n:,} {key}" if key != "following" else f"Follows {n:,} accounts"
        if feature == "account_following_followers_log_ratio":
            fing, fol = counts["following"], counts["followers"]
            if fing is None or fol is None:
                return "Following or followers count unknown"
            return f"Follows {fing:,} accounts and is followed by {fol:,}"
        if feature == "account_following_posts_log_ratio":
            fing, written = counts["following"], facts["written"]
            if fing is None or written is None:
                return "Following count or posts written unknown"
            days = facts["window_days"]
            when = f" in the last {days} days" if days else ""
            return f"Follows {fing:,} accounts and wrote {written:,} posts or articles{when}"
        if feature == "account_followers_connections_log_ratio":
            fol, conn = counts["followers"], counts["connections"]
            if fol is None or conn is None:
                return "Followers or connections count unknown"
            return f"{fol:,} followers and {conn:,} connections"
        if feature == "account_private":
            private = facts["private"]
            if private is None:
                return "Whether the account is private is unknown"
            return "The account is private" if private else "The account is public"
        if feature == "account_completeness":
            present = facts["present"]
            have = [_PART[k] for k in _COMPLETENESS if present[k]]
            lack = [k if k != "about" else "about text" for k in _COMPLETENESS if not present[k]]
            if not lack:
                return "The profile has an about text, experience, education and skills"
            if not have:
                return "The profile has no about text, experience, education or skills"
            return f"The profile has {_join(have, 'and')} but no {_join(lack, 'or')}"
        if feature.startswith("account_experience") or feature == "account_implausible_dates":
            return _experience_sentence(feature, facts)
        return _name_sentence(feature, facts)


def _experience_features(
    profile: Profile,
    today: dt.date,
    values: dict[str, float],
    facts: dict[str, Any],
    evidence: dict[str, list[Evidence]],
) -> None:
    experience = profile.experience
    if experience:
        undescribed = [e.company or e.title or "?" for e in experience if not e.description]
        values["account_experience_undescribed_frac"] = len(undescribed) / len(experience)
        evidence["account_experience_undescribed_frac"] = [
            Evidence("experience", {"positions": len(experience), "undescribed": undescribed})
        ]
    else:
        undescribed = []
        values["account_experience_undescribed_frac"] = _NAN
    facts["positions"] = len(experience)
    facts["undescribed"] = undescribed

    # Longest overlap between two full-time positions: sweep by start date, keeping
    # the position that ends last so far (it overlaps the next one the most).
    spans = sorted(
        (e.start, e.end or today, e.company or e.title or "?")
        for e in experience
        if e.start is not None and e.full_time is not False
    )
    best_days = 0
    pair: tuple[str, str] | None = None
    if len(spans) > 1:
        last_end, last_name = spans[0][1], spans[0][2]
        for start, end, label in spans[1:]:
            days = (min(end, last_end) - start).days - OVERLAP_GRACE_DAYS
            if days > best_days:
                best_days, pair = days, (last_name, label)
            if end > last_end:
                last_end, last_name = end, label
    overlap = min(_OVERLAP_MAX, best_days / 365.25)
    values["account_experience_overlap_years"] = overlap
    facts["overlap_years"] = overlap
    facts["overlap_pair"] = pair
    if pair is not None:
        evidence["account_experience_overlap_years"] = [
            Evidence("experience", {"overlapping": list(pair), "years": round(overlap, 2)})
        ]

    cutoff_year = today.year - MAX_CAREER_YEARS
    implausible = [
        f"{e.company or e.title or '?'} ({e.start.isoformat()})"
        for e in experience
        if e.start is not None and e.start.year < cutoff_year
    ] + [
        f"{s.school or '?'} ({s.start.isoformat()})"
        for s in profile.education
        if s.start is not None and s.start.year < cutoff_year
    ]
    values["account_implausible_dates"] = min(_IMPLAUSIBLE_MAX, float(len(implausible)))
    facts["implausible"] = implausible
    facts["cutoff_year"] = cutoff_year
    if implausible:
        evidence["account_implausible_dates"] = [
            Evidence("experience", {"before_year": cutoff_year, "entries": implausible})
        ]


def _name_features(
    name: str | None,
    username: str | None,
    values: dict[str, float],
    facts: dict[str, Any],
    evidence: dict[str, list[Evidence]],
) -> None:
    facts["name"] = name
    facts["username"] = username
    if name:
        values["account_name_digits"] = 1.0 if _DIGIT.search(name) else 0.0
    else:
        values["account_name_digits"] = _NAN
    if not username:
        values["account_username_digit_run"] = _NAN
        values["account_username_consonant_run"] = _NAN
        values["account_username_entropy"] = _NAN
        values["account_name_username_mismatch"] = _NAN
        return
    lowered = username.casefold()
    digit_run = max(map(len, _DIGITS.findall(lowered)), default=0)
    letters = _ascii_letters(lowered)
    consonant_run = max(map(len, _CONSONANTS.findall(letters)), default=0)
    entropy = _entropy_of_counts(list(map(lowered.count, set(lowered) - _SEPARATORS)))
    mismatch = _mismatch(name, letters) if name else None
    values["account_username_digit_run"] = min(_RUN_MAX, float(digit_run))
    values["account_username_consonant_run"] = min(_RUN_MAX, float(consonant_run))
    values["account_username_entropy"] = entropy
    values["account_name_username_mismatch"] = _NAN if mismatch is None else mismatch
    facts.update(
        digit_run=digit_run, consonant_run=consonant_run, entropy=entropy, mismatch=mismatch
    )
    ev = [Evidence("name", {"name": name, "username": username})]
    for key in (
        "account_name_digits",
        "account_username_digit_run",
        "account_username_consonant_run",
        "account_username_entropy",
        "account_name_username_mismatch",
    ):
        evidence[key] = ev


# --------------------------------------------------------------------------- sentences


def _years(age: float) -> str:
    if age < 1:
        months = round(age * 12)
        if months == 0:
            return "less than a month"
        return "1 month" if months == 1 else f"{months} months"
    return f"{age:.1f} years"


def _join(parts: list[str], last: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {last} " + parts[-1]


def _experience_sentence(feature: str, facts: dict[str, Any]) -> str:
    positions = facts["positions"]
    if feature == "account_experience_undescribed_frac":
        if not positions:
            return "The profile lists no positions"
        undescribed = facts["undescribed"]
        if not undescribed:
            if positions == 1:
                return "The one position listed has a description"
            return f"All {positions} positions have a description"
        names = ", ".join(undescribed[:3])
        if positions == 1:
            return f"The one position listed ({names}) has no description"
        verb = "has" if len(undescribed) == 1 else "have"
        return f"{len(undescribed)} of {positions} positions {verb} no description ({names})"
    if feature == "account_experience_overlap_years":
        pair = facts["overlap_pair"]
        if pair is None:
            return "No two full-time positions overlap by more than three months"
        return (
            f"The full-time positions at {pair[0]} and {pair[1]} overlap by "
            f"{_years(facts['overlap_years'])} beyond three months"
        )
    implausible = facts["implausible"]
    if not implausible:
        return f"No position or school is dated before {facts['cutoff_year']}"
    return (
        f"{len(implausible)} position(s) or school(s) dated before {facts['cutoff_year']}: "
        + ", ".join(implausible[:3])
    )


def _name_sentence(feature: str, facts: dict[str, Any]) -> str:
    name, username = facts["name"], facts["username"]
    if feature == "account_name_digits":
        if not name:
            return "The profile has no display name"
        has = _DIGIT.search(name) is not None
        return f"The name {name!r} {'contains' if has else 'has no'} digits"
    if not username:
        return "The profile has no username"
    if feature == "account_username_digit_run":
        run = facts["digit_run"]
        if not run:
            return f"The username {username!r} has no digits"
        return f"The username {username!r} contains a run of {run} digits"
    if feature == "account_username_consonant_run":
        return (
            f"The longest run of consonants in the username {username!r} is "
            f"{facts['consonant_run']} letter{'s' if facts['consonant_run'] != 1 else ''}"
        )
    if feature == "account_username_entropy":
        return f"The username {username!r} has {facts['entropy']:.2f} bits of entropy per character"
    mismatch = facts["mismatch"]
    if mismatch is None:
        return f"The username {username!r} cannot be compared with the name"
    share = round(mismatch * 100)
    return f"{share}% of the letters of the username {username!r} are not from the name {name!r}"


_NAMES: tuple[str, ...] = tuple(f.name for f in AccountSignal.features)
#: The features whose sentences describe the username (_name_sentence).
_USERNAME = frozenset(
    (
        "account_username_digit_run",
        "account_username_consonant_run",
        "account_username_entropy",
        "account_name_username_mismatch",
    )
)
