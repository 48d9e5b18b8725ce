"""The account signal: age, network shape, sections filled in, experience and names.

A fake is usually young, follows far more people than follow it back, fills in
only what it copied (often a photo, a headline and an about text), lists jobs
without descriptions, and carries a made-up or machine-generated username.

Conventions
-----------
* Unknown is not empty: a feature whose input is unknown (an absent or
  ``null`` field) is ``nan``, and no sentence is written about it. A known
  absence (``[]``, ``""``, ``false``, ``0``) is a value like any other: an
  explicit ``"experience": []`` gives ``account_has_experience`` 0, an absent
  one gives ``nan``.
* Counts are reported as ``log1p`` and ratios as log ratios with one added to
  each side, ``log((a + 1) / (b + 1))``, so 0 means "about equal" and the
  range is symmetric. Bounds are the largest values the data model allows.
  The account age needs ``created_at`` (and ``Context.today``).
* Experience overlaps count positions not marked part-time
  (``full_time`` true or unknown) and forgive :data:`OVERLAP_GRACE_DAYS`, since
  a new job often starts before the old one formally ends.
* A date is implausible when its year is more than :data:`MAX_CAREER_YEARS`
  years before ``today``'s: a career that long implies a birth year before
  ``today − MAX_CAREER_YEARS − 15``.
* Every sentence states only facts the profile gave, and determines the values
  of all the features of its fact (it quotes the counts, dates or the
  username), so one sentence can never push the risk both ways.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..profile import LIMITS
from .base import Context, Direction, Evidence, Feature, SignalResult, human_number

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
#: Connections outside this range are odd: almost no one vouches for the account
#: below it; above it is more than LinkedIn allows (30,000).
_CONNECTIONS_NORMAL = (10, 30_000)
_NAN = math.nan

_DIGITS = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")
_CONSONANTS = re.compile(r"[bcdfghjklmnpqrstvwxz]+")
_LETTERS = re.compile(r"[^a-z]+")
_SEPARATORS = frozenset("-_. ")
_NO_SEPARATORS = str.maketrans(dict.fromkeys(_SEPARATORS))
_UNNAMED = "an unnamed position"


def _to_ascii(text: str) -> str:
    """Lower case with accents removed ("Lindqvíst" -> "lindqvist"); other scripts vanish."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    return text.encode("ascii", "ignore").decode()


def _to_ascii_spaced(text: str) -> str:
    """Like :func:`_to_ascii`, but other scripts become spaces, so runs do not cross them."""
    if text.isascii():
        return text.lower()
    return "".join(
        c if c.isascii() else ("" if unicodedata.combining(c) else " ")
        for c in unicodedata.normalize("NFKD", text.casefold())
    )


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
    counted = _mismatch(name, _ascii_letters(username))
    return None if counted is None else counted[0] / counted[1]


def _mismatch(name: str, letters: str) -> tuple[int, int] | None:
    """(letters not explained by the name, letters), or ``None`` without letters or words."""
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
    return left, len(letters)


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
        direction: Direction,
        low: float = 0.0,
        high: float = 1.0,
        fact: str = "",
        normal: tuple[float, float] | None = None,
    ) -> Feature:
        return Feature(
            name,
            "account",
            description,
            low,
            high,
            missing_ok=True,  # every account feature is nan when its input is unknown
            fact=fact,
            direction=direction,
            normal=normal,
        )

    # Features stating one fact share a key; the fact is said in the sentence of
    # the feature named like the key (see Feature.fact).
    network = "account_following_followers_log_ratio"
    reach = "account_followers_connections_log_ratio"
    low_conn, high_conn = _CONNECTIONS_NORMAL

    def has(section: str, what: str) -> Feature:
        return f(
            f"account_has_{section}",
            f"1 when the profile has {what}, 0 when it is known to have none; nan when the "
            f"export does not say. Down: fakes leave sections empty.",
            "down",
        )

    return (
        f(
            "account_age_years",
            f"Years since created_at (capped at {_AGE_MAX:g}); nan when unknown. "
            "Down: fakes are young.",
            "down",
            high=_AGE_MAX,
        ),
        f(
            "account_connections_log",
            f"log1p of connections; nan when unknown. Two-sided: fewer than {low_conn} "
            f"means almost no one vouches for the account, more than {high_conn:,} is beyond "
            "LinkedIn's limit and so implausible.",
            "two-sided",
            high=_LOG_COUNT,
            fact=reach,
            normal=(math.log1p(low_conn), math.log1p(high_conn)),
        ),
        f(
            "account_followers_log",
            "log1p of followers; nan when unknown. Down: fakes are followed by few, and an "
            "audience takes years to build.",
            "down",
            high=_LOG_COUNT,
            fact=network,
        ),
        f(
            "account_following_log",
            "log1p of following; nan when unknown. Up: fakes follow many to be noticed.",
            "up",
            high=_LOG_COUNT,
            fact=network,
        ),
        f(
            "account_following_followers_log_ratio",
            "log((following + 1) / (followers + 1)): above 0 follows more than it is followed; "
            "nan when either is unknown. Up: fakes follow many and are followed by few.",
            "up",
            low=-_LOG_COUNT,
            high=_LOG_COUNT,
            fact=network,
        ),
        f(
            "account_followers_connections_log_ratio",
            "log((followers + 1) / (connections + 1)): connections normally follow, so a "
            "value well below 0 means few of them do; nan when either is unknown. Down: below 0 "
            "is the odd side, while an audience beyond one's connections is what established "
            "members have.",
            "down",
            low=-_LOG_COUNT,
            high=_LOG_COUNT,
            fact=reach,
        ),
        f(
            "account_following_posts_log_ratio",
            "log((following + 1) / (posts + articles + 1)), posts and articles from the activity "
            "totals: high for an account that follows many and writes nothing; nan when "
            "following, posts or articles is unknown. Up: fakes follow rather than write.",
            "up",
            low=-_LOG_COUNT,
            high=_LOG_COUNT,
        ),
        f(
            "account_private",
            "1 when the account is private, 0 when public; nan when unknown. Up: a private "
            "profile shows a would-be contact nothing to check it by.",
            "up",
        ),
        has("about", "an about text"),
        has("experience", "at least one position"),
        has("education", "at least one school"),
        has("skills", "at least one skill"),
        f(
            "account_experience_undescribed_frac",
            "Share of positions without a description; nan when experience is unknown or "
            "lists no positions. Up: fakes list jobs without describing them.",
            "up",
        ),
        f(
            "account_experience_overlap_years",
            "Longest overlap in years between two positions not marked part-time, beyond "
            f"{OVERLAP_GRACE_DAYS} days of grace (capped at {_OVERLAP_MAX:g}); nan when "
            "experience is unknown. Up: invented careers run jobs side by side.",
            "up",
            high=_OVERLAP_MAX,
        ),
        f(
            "account_implausible_dates",
            f"Positions (and schools, when known) dated more than {MAX_CAREER_YEARS} years "
            f"before today (capped at {_IMPLAUSIBLE_MAX:g}); nan when experience is unknown. "
            "Up: invented histories get dates wrong.",
            "up",
            high=_IMPLAUSIBLE_MAX,
        ),
        f(
            "account_name_digits",
            "1 when the display name contains a digit; nan without name. Up: a person's name "
            "has no digits.",
            "up",
        ),
        f(
            "account_username_digit_run",
            f"Length of the longest run of digits in the username (capped at {_RUN_MAX:g}); "
            "nan without username. Up: generated usernames carry long numbers.",
            "up",
            high=_RUN_MAX,
        ),
        f(
            "account_username_consonant_run",
            "Longest run of consonants (y is not one) in the username, runs broken by anything "
            f"not a letter (accents removed; capped at {_RUN_MAX:g}); nan without username. "
            "Up: random strings have long runs.",
            "up",
            high=_RUN_MAX,
        ),
        f(
            "account_username_entropy",
            "Shannon entropy of the username's characters (separators removed), bits per "
            "character; nan without username. Up: the fewer characters repeat, the more the "
            "username looks like a random string.",
            "up",
            high=_ENTROPY_MAX,
        ),
        f(
            "account_name_username_mismatch",
            "Share of the username's letters not explained by the name's words or initials; "
            "nan without both, or when the username has no letters. Up: a fake's username is "
            "often unrelated to the name it shows.",
            "up",
        ),
    )


class AccountSignal:
    """Account age, network counts and ratios, sections, experience, name oddities.

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

    Only what is known is stated; an unknown is never a sentence:

    >>> p = Profile.model_validate({"id": "a", "following": 2210, "experience": []})
    >>> r = AccountSignal().extract(p, Context(today=dt.date(2026, 11, 25)))
    >>> AccountSignal().sentence("account_following_followers_log_ratio", r)
    'Follows 2,210 accounts'
    >>> AccountSignal().sentence("account_has_experience", r)
    'The profile lists no positions'
    >>> r.values["account_has_education"]
    nan
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
        else:
            age = min(_AGE_MAX, max(0.0, (today - created).days / 365.25))
            values["account_age_years"] = age
            evidence["account_age_years"] = [
                Evidence("account", {"created_at": created.isoformat(), "age_years": age})
            ]
        facts["created_at"] = created
        facts["age_years"] = values["account_age_years"]

        _network_features(profile, values, facts, evidence)
        private = profile.private
        values["account_private"] = _NAN if private is None else float(private)
        facts["private"] = private
        if private is not None:
            evidence["account_private"] = [Evidence("account", {"private": private})]

        _section_features(profile, values, facts, evidence)
        _experience_features(profile, today, values, facts, evidence)
        _name_features(profile.name, profile.username, values, facts, evidence)
        return SignalResult(values, evidence, facts)

    def fact_key(self, feature: str, result: SignalResult) -> str:
        """Equal for two features exactly when their sentences are (see :class:`~.base.Signal`).

        Every feature of a fact states it in its lead's sentence, and no two facts
        can write the same sentence, so the key is the fact's lead.
        """
        del result
        return _LEAD[feature]

    def fixed_fact_key(self, feature: str) -> str:
        """:meth:`fact_key`, which does not depend on the result (see :class:`~.base.Signal`)."""
        return _LEAD[feature]

    def sentence(self, feature: str, result: SignalResult) -> str:
        """A sentence stating the facts behind ``feature`` (see :class:`~.base.Signal`).

        Every feature of a fact gets the fact's sentence, which states only the
        known parts of it.

        Raises
        ------
        KeyError
            For a feature that is not an account feature.
        ValueError
            When every feature of the fact is unknown (``nan``): nothing is
            written about an unknown (and it never becomes a reason).
        """
        lead = _LEAD.get(feature)
        if lead is None:
            raise KeyError(f"feature: {feature!r} is not an account feature")
        values = result.values
        if all(math.isnan(values[m]) for m in _MEMBERS[lead]):
            raise ValueError(f"{feature}: its input is unknown, so there is nothing to state")
        facts = result.facts
        if lead == "account_age_years":
            created = facts["created_at"]
            return (
                f"The account was created on {created.isoformat()}, "
                f"{_years(facts['age_years'])} ago"
            )
        if lead in _NETWORK_SENTENCES:
            return _NETWORK_SENTENCES[lead](facts)
        if lead == "account_private":
            return "The account is private" if facts["private"] else "The account is public"
        if lead.startswith("account_has_"):
            return _section_sentence(lead, facts)
        if lead.startswith("account_experience") or lead == "account_implausible_dates":
            return _experience_sentence(lead, facts)
        return _name_sentence(lead, facts)


# --------------------------------------------------------------------------- features


def _network_features(
    profile: Profile,
    values: dict[str, float],
    facts: dict[str, Any],
    evidence: dict[str, list[Evidence]],
) -> None:
    conn, fol, fing = profile.connections, profile.followers, profile.following
    counts = {"connections": conn, "followers": fol, "following": fing}
    facts["counts"] = counts
    known = {k: n for k, n in counts.items() if n is not None}
    count_ev = [Evidence("counts", known)] if known else []
    for n, key in (
        (conn, "account_connections_log"),
        (fol, "account_followers_log"),
        (fing, "account_following_log"),
    ):
        values[key] = _NAN if n is None else math.log1p(n)
        if n is not None:
            evidence[key] = count_ev
    values["account_following_followers_log_ratio"] = (
        _NAN if fing is None or fol is None else math.log((fing + 1) / (fol + 1))
    )
    values["account_followers_connections_log_ratio"] = (
        _NAN if fol is None or conn is None else math.log((fol + 1) / (conn + 1))
    )
    for key in ("account_following_followers_log_ratio", "account_followers_connections_log_ratio"):
        if not math.isnan(values[key]):
            evidence[key] = count_ev

    totals = profile.activity_totals()
    written = None
    if totals is not None and totals.posts is not None and totals.articles is not None:
        written = totals.posts + totals.articles
    facts["written"] = written
    facts["window_days"] = None if totals is None else totals.window_days
    facts["period"] = "unknown" if totals is None else totals.period
    facts["from_events"] = profile.activity is None
    if fing is None or written is None:
        values["account_following_posts_log_ratio"] = _NAN
    else:
        values["account_following_posts_log_ratio"] = math.log((fing + 1) / (written + 1))
        evidence["account_following_posts_log_ratio"] = [
            Evidence("counts", {"following": fing, "posts_and_articles": written})
        ]


def _section_features(
    profile: Profile,
    values: dict[str, float],
    facts: dict[str, Any],
    evidence: dict[str, list[Evidence]],
) -> None:
    # The photo is not a section here: the photo signal has its own features for
    # it, and counting it twice could put one fact on both sides of a score.
    about = profile.about
    sections: dict[str, int | None] = {
        # An about text has no count: 1 when there is one, 0 when it is empty.
        "about": None if about is None else int(bool(about)),
        "experience": None if profile.experience is None else len(profile.experience),
        "education": None if profile.education is None else len(profile.education),
        "skills": None if profile.skills is None else len(profile.skills),
    }
    facts["sections"] = sections
    for section, n in sections.items():
        key = f"account_has_{section}"
        values[key] = _NAN if n is None else float(n > 0)
        if n is not None:
            evidence[key] = [Evidence("sections", {section: n})]


def _label(company: str | None, title: str | None) -> str:
    """A position as a list names it: "Northwind", "Recruiter"."""
    return company or title or _UNNAMED


def _at(company: str | None, title: str | None) -> str:
    """A position as a sentence names it: "at Northwind", "as Recruiter"."""
    if company:
        return f"at {company}"
    return f"as {title}" if title else "with no company or title"


def _experience_features(
    profile: Profile,
    today: dt.date,
    values: dict[str, float],
    facts: dict[str, Any],
    evidence: dict[str, list[Evidence]],
) -> None:
    experience = profile.experience
    education = profile.education
    facts["education_known"] = education is not None
    if experience is None:
        for key in (
            "account_experience_undescribed_frac",
            "account_experience_overlap_years",
            "account_implausible_dates",
        ):
            values[key] = _NAN
        return
    if experience:
        undescribed = [_label(e.company, e.title) for e in experience if not e.description]
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
        (e.start, e.end or today, _label(e.company, e.title), _at(e.company, e.title))
        for e in experience
        if e.start is not None and e.full_time is not False
    )
    best_days = 0
    # The two positions (as listed, as said), the overlap's first day and its length.
    overlap: tuple[tuple[str, str], tuple[str, str], dt.date, int] | None = None
    if len(spans) > 1:
        last_end, last = spans[0][1], spans[0][2:]
        for start, end, label, phrase in spans[1:]:
            days = (min(end, last_end) - start).days
            if days - OVERLAP_GRACE_DAYS > best_days:
                best_days = days - OVERLAP_GRACE_DAYS
                overlap = ((last[0], label), (last[1], phrase), start, days)
            if end > last_end:
                last_end, last = end, (label, phrase)
    years = min(_OVERLAP_MAX, best_days / 365.25)
    values["account_experience_overlap_years"] = years
    facts["overlap"] = overlap
    evidence["account_experience_overlap_years"] = [
        Evidence("experience", {"positions": len(experience), "overlapping": []})
        if overlap is None
        else Evidence(
            "experience",
            {
                "overlapping": list(overlap[0]),
                "from": overlap[2].isoformat(),
                "days": overlap[3],
                "years": round(years, 2),
            },
        )
    ]

    cutoff_year = today.year - MAX_CAREER_YEARS
    old_positions = [
        f"{_label(e.company, e.title)} ({e.start.year})"
        for e in experience
        if e.start is not None and e.start.year < cutoff_year
    ]
    old_schools = [
        f"{s.school or 'an unnamed school'} ({s.start.year})"
        for s in education or ()
        if s.start is not None and s.start.year < cutoff_year
    ]
    implausible = old_positions + old_schools
    values["account_implausible_dates"] = min(_IMPLAUSIBLE_MAX, float(len(implausible)))
    facts["implausible"] = (len(old_positions), len(old_schools), implausible)
    facts["cutoff_year"] = cutoff_year
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
        evidence["account_name_digits"] = [Evidence("name", {"name": name})]
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
    runs = _CONSONANTS.findall(_to_ascii_spaced(lowered))
    longest_run = max(runs, key=len, default="")
    counts = Counter(lowered.translate(_NO_SEPARATORS))
    entropy = _entropy_of_counts(list(counts.values()))
    mismatch = _mismatch(name, _ascii_letters(lowered)) if name else None
    values["account_username_digit_run"] = min(_RUN_MAX, float(digit_run))
    values["account_username_consonant_run"] = min(_RUN_MAX, float(len(longest_run)))
    values["account_username_entropy"] = entropy
    values["account_name_username_mismatch"] = (
        _NAN if mismatch is None else mismatch[0] / mismatch[1]
    )
    facts.update(
        digit_run=digit_run,
        consonant_run=longest_run,
        characters=counts,
        mismatch=mismatch,
        separated=any(c in _SEPARATORS for c in lowered),
    )
    ev = [Evidence("name", {"name": name, "username": username})]
    for key in (
        "account_username_digit_run",
        "account_username_consonant_run",
        "account_username_entropy",
    ):
        evidence[key] = ev
    if mismatch is not None:
        evidence["account_name_username_mismatch"] = ev


# --------------------------------------------------------------------------- sentences


def _years(age: float) -> str:
    if age < 1:
        months = round(age * 12)
        if months == 0:
            return "less than a month"
        return "1 month" if months == 1 else f"{months} months"
    return f"{age:.1f} years"


def _count(n: int, one: str, many: str, none: str | None = None) -> str:
    """``n`` things in words: "no positions", "1 position", "1,200 positions"."""
    if n == 0 and none is not None:
        return none
    return f"{human_number(n)} {one if n == 1 else many}"


def _network_sentence(facts: dict[str, Any]) -> str:
    fing, fol = facts["counts"]["following"], facts["counts"]["followers"]
    if fing is not None and fol is not None:
        return (
            f"Follows {_count(fing, 'account', 'accounts')} and is followed by {human_number(fol)}"
        )
    if fing is not None:
        return f"Follows {_count(fing, 'account', 'accounts')}"
    return f"Is followed by {_count(fol, 'account', 'accounts')}"


def _reach_sentence(facts: dict[str, Any]) -> str:
    fol, conn = facts["counts"]["followers"], facts["counts"]["connections"]
    connections = _count(conn, "connection", "connections")
    if fol is None:
        return f"Has {connections}"
    return f"{_count(fol, 'follower', 'followers')} and {connections}"


def _following_posts_sentence(facts: dict[str, Any]) -> str:
    fing, written = facts["counts"]["following"], facts["written"]
    days, period = facts["window_days"], facts["period"]
    if facts["from_events"]:
        when = f"in {days:,} days of recorded activity" if days else "in its recorded activity"
    elif period == "window":
        when = f"in the last {days:,} days"
    elif period == "lifetime":
        when = "since the account was created"
    else:
        when = "in the activity counts given"
    wrote = _count(written, "post or article", "posts or articles", "no posts or articles")
    return f"Follows {_count(fing, 'account', 'accounts')} and wrote {wrote} {when}"


_NETWORK_SENTENCES = {
    "account_following_followers_log_ratio": _network_sentence,
    "account_followers_connections_log_ratio": _reach_sentence,
    "account_following_posts_log_ratio": _following_posts_sentence,
}

_SECTION_WORDS = {
    "experience": ("position", "positions"),
    "education": ("school", "schools"),
    "skills": ("skill", "skills"),
}


def _section_sentence(lead: str, facts: dict[str, Any]) -> str:
    section = lead.removeprefix("account_has_")
    n = facts["sections"][section]
    if section == "about":
        return "The profile has an about text" if n else "The profile has no about text"
    one, many = _SECTION_WORDS[section]
    return f"The profile lists {_count(n, one, many, f'no {many}')}"


def _experience_sentence(lead: str, facts: dict[str, Any]) -> str:
    positions = facts["positions"]
    if lead == "account_experience_undescribed_frac":
        undescribed = facts["undescribed"]
        if not undescribed:
            if positions == 1:
                return "The one position listed has a description"
            if positions == 2:
                return "Both positions listed have a description"
            return f"All {human_number(positions)} positions have a description"
        names = ", ".join(undescribed[:3]) + (", …" if len(undescribed) > 3 else "")
        if positions == 1:
            return f"The one position listed ({names}) has no description"
        if len(undescribed) == positions:
            if positions == 2:
                return f"Neither position listed has a description ({names})"
            return f"None of the {human_number(positions)} positions has a description ({names})"
        verb = "has" if len(undescribed) == 1 else "have"
        return (
            f"{human_number(len(undescribed))} of {human_number(positions)} positions "
            f"{verb} no description ({names})"
        )
    if lead == "account_experience_overlap_years":
        overlap = facts["overlap"]
        if overlap is None:
            return (
                f"No two positions overlap by more than {OVERLAP_GRACE_DAYS} days, "
                "part-time ones aside"
            )
        _, (first, second), start, days = overlap
        return (
            f"The positions {first} and {second} overlap for {human_number(days)} days "
            f"from {start.isoformat()}; neither is marked part-time"
        )
    old_positions, old_schools, implausible = facts["implausible"]
    cutoff = facts["cutoff_year"]
    if not implausible:
        what = "position or school" if facts["education_known"] else "position"
        return f"No {what} is dated before {cutoff}"
    parts = [
        _count(n, one, many)
        for n, one, many in (
            (old_positions, "position", "positions"),
            (old_schools, "school", "schools"),
        )
        if n
    ]
    verb = "is" if len(implausible) == 1 else "are"
    listed = ", ".join(implausible[:3]) + (", …" if len(implausible) > 3 else "")
    return (
        f"{' and '.join(parts)} {verb} dated before {cutoff}, more than "
        f"{MAX_CAREER_YEARS} years ago: {listed}"
    )


def _characters(counts: Counter[str], n: int) -> str:
    if all(c.isalpha() for c in counts):
        one, many = "letter", "letters"
    elif all(c.isdigit() for c in counts):
        one, many = "digit", "digits"
    elif all(c.isalnum() for c in counts):
        one, many = "letters and digits", "letters and digits"
    else:
        one, many = "character", "characters"
    return f"{human_number(n)} {one if n == 1 else many}"


def _name_sentence(lead: str, facts: dict[str, Any]) -> str:
    name, username = facts["name"], facts["username"]
    if lead == "account_name_digits":
        if _DIGIT.search(name):
            return f"The name {name!r} contains a digit"
        return f"The name {name!r} has no digits"
    if lead == "account_username_digit_run":
        run = facts["digit_run"]
        if run == 0:
            return f"The username {username!r} has no digits"
        if run == 1:
            return f"The username {username!r} has digits, but never two in a row"
        return f"The username {username!r} has {run} digits in a row"
    if lead == "account_username_consonant_run":
        run = facts["consonant_run"]
        if not run:
            if not _ascii_letters(username):
                return f"The username {username!r} has no letters a to z"
            return f"The username {username!r} has no consonants other than y"
        if len(run) == 1:
            return f"The username {username!r} never has two consonants in a row"
        return f"The username {username!r} has {len(run)} consonants in a row ({run!r})"
    if lead == "account_username_entropy":
        counts: Counter[str] = facts["characters"]
        n, k = sum(counts.values()), len(counts)
        if n == 0:
            return f"The username {username!r} has no letters or digits"
        made = f"The username {username!r} is made of {_characters(counts, n)}"
        if facts["separated"] and made.endswith(("character", "characters")):
            made += " besides separators"
        if n == 1:
            return made
        if k == n:
            return f"{made}, all different"
        if k == 1:
            return f"{made}, all the same"
        return f"{made}, {human_number(k)} of them different"
    left, letters = facts["mismatch"]
    if left == 0:
        return f"Every letter of the username {username!r} comes from the name {name!r}"
    if left == letters:
        return f"No letter of the username {username!r} comes from the name {name!r}"
    verb = "does" if left == 1 else "do"
    return (
        f"{human_number(left)} of the {human_number(letters)} letters of the username "
        f"{username!r} {verb} not come from the name {name!r}"
    )


_NAMES: tuple[str, ...] = tuple(f.name for f in AccountSignal.features)
#: Each feature's lead: the feature whose sentence states its fact (see Feature.fact).
_LEAD: dict[str, str] = {f.name: f.fact or f.name for f in AccountSignal.features}
#: Each lead's features, which its sentence determines.
_MEMBERS: dict[str, tuple[str, ...]] = {
    lead: tuple(n for n in _NAMES if _LEAD[n] == lead) for lead in dict.fromkeys(_LEAD.values())
}
