"""What every signal is: named features with documented ranges, values, evidence, sentences.

A *signal* turns one profile (and, for the message signal, its invitation) into
values for the features it declares, plus the evidence behind them. It also
owns the sentences that explain its features, so a reason is written where its
feature is defined.

To add a signal: write one module under ``fakeprofile/signals/`` with a class
implementing :class:`Signal`, and add one line to ``SIGNALS`` in
``fakeprofile/signals/__init__.py``.

Unknown is not empty: a feature whose input is unknown (the export had no
such column, no reference index was given to look copies up in) takes the
value ``nan``, and the model gives ``nan`` a contribution of exactly 0, so an
unknown never becomes a reason. A known absence (an explicit ``[]``, ``""``,
``false`` or ``0``) is a value like any other.

Every feature declares its *direction*: whether risk rises with it (``up``),
falls with it (``down``), or rises on both sides of a stated normal range
(``two-sided``). The model's fitted shape obeys it, so a reason raising the
risk always states something more suspicious than usual.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import (
    TYPE_CHECKING,
    Any,
    Final,
    Literal,
    NamedTuple,
    Protocol,
    TypeVar,
    runtime_checkable,
)

if TYPE_CHECKING:
    from ..index.lookup import ReferenceLookup
    from ..profile import Invitation, Profile

__all__ = [
    "ESTABLISHED_DAYS",
    "MAX_EVIDENCE",
    "SHARED_ANYWAY",
    "SHARED_MIN_ESTABLISHED",
    "Context",
    "Direction",
    "Evidence",
    "Feature",
    "Group",
    "Shared",
    "Signal",
    "SignalResult",
    "age_gap",
    "ask_index",
    "extract_many",
    "fact_key_of",
    "human_number",
    "is_shared",
    "known_newer",
    "later_chance",
    "later_words",
    "shared_among",
    "tagged_fact_key",
    "whose_account",
]

Group = Literal["activity", "account", "text", "photo", "message"]
#: How risk moves with a feature's value.
Direction = Literal["up", "down", "two-sided"]

#: Evidence items a feature keeps about matching profiles: the closest ones.
#: Features and sentences count every match; a reason needs only the closest
#: few to be checked by a person, and a stock text matching 50 profiles would
#: otherwise carry 50 items through every reason, file and process boundary.
MAX_EVIDENCE: Final[int] = 10


@dataclass(frozen=True, slots=True)
class Feature:
    """A named feature: what it means, its range, and the group it belongs to.

    Parameters
    ----------
    name : str
        Stable snake_case name, unique across all signals; also the reason code.
    group : {"activity", "account", "text", "photo", "message"}
        The signal group, used for sub-scores.
    description : str
        What the value means, for the documentation.
    low, high : float
        The documented range of the value (``math.inf`` for unbounded).
    missing_ok : bool
        Whether the value may be ``nan`` (input unknown).
    fact : str
        Features that describe one fact (the number of other profiles using a
        photo, how many of them are older, how close the closest is) share a
        ``fact`` key. Reasons sum their contributions and state the fact once,
        in the sentence of the fact's first declared feature. Empty: the
        feature is a fact of its own.
    direction : {"up", "down", "two-sided"}
        ``up``: the larger the value, the more suspicious; ``down``: the
        smaller, the more suspicious; ``two-sided``: values outside
        :attr:`normal` are suspicious, the further out the more. The model's
        fitted shape obeys it.
    normal : tuple of float, optional
        The normal range ``(low, high)`` of a two-sided feature (required
        then, and only then).
    """

    name: str
    group: Group
    description: str
    low: float = 0.0
    high: float = 1.0
    missing_ok: bool = False
    fact: str = ""
    direction: Direction = "up"
    normal: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        if self.direction not in ("up", "down", "two-sided"):
            raise ValueError(f"{self.name}: direction must be up, down or two-sided")
        if (self.direction == "two-sided") != (self.normal is not None):
            raise ValueError(f"{self.name}: a normal range goes with direction two-sided only")
        if self.normal is not None and not self.normal[0] <= self.normal[1]:
            raise ValueError(f"{self.name}: normal range {self.normal} is not (low, high)")

    def check(self, value: float) -> bool:
        """Whether ``value`` is within the documented range (or an allowed ``nan``)."""
        if math.isnan(value):
            return self.missing_ok
        return self.low <= value <= self.high


def known_newer(other: dt.date | None, own: dt.date | None) -> bool:
    """Whether a matching profile is known to be newer than this one (both dates known).

    A copy counts only against the newer of two profiles: the photo and text
    signals leave out matches known to be newer.

    Examples
    --------
    >>> own = dt.date(2020, 1, 1)
    >>> known_newer(dt.date(2024, 1, 1), own), known_newer(None, own)
    (True, False)
    """
    return other is not None and own is not None and other > own


def age_gap(older: dt.date, newer: dt.date) -> str:
    """How much older one account is than another, in words: whole years, else months, else days.

    The one wording of an age difference for every sentence (a reason and a
    vetting line about the same two profiles must not say 5 and 6 years).

    Examples
    --------
    >>> age_gap(dt.date(2008, 1, 11), dt.date(2013, 9, 2))
    '5 years'
    >>> age_gap(dt.date(2026, 1, 31), dt.date(2026, 4, 2))
    '2 months'
    >>> age_gap(dt.date(2026, 1, 1), dt.date(2026, 1, 2))
    '1 day'
    """
    months = (newer.year - older.year) * 12 + newer.month - older.month
    if newer.day < older.day:
        months -= 1
    if months >= 12:
        return f"{months // 12} year{'s' if months >= 24 else ''}"
    if months >= 1:
        return f"{months} month{'s' if months > 1 else ''}"
    days = (newer - older).days
    return f"{days} day{'s' if days != 1 else ''}"


def whose_account(own: dt.date | None, other: dt.date | None) -> str:
    """The other profile's account age beside this one's, as a clause: ``""`` when not known.

    Every sentence naming a matching profile words the dates this way: a reason
    and a vetting line about the same two profiles say the same thing.

    Examples
    --------
    >>> whose_account(dt.date(2013, 9, 2), dt.date(2008, 1, 11))
    ', whose account is 5 years older'
    >>> whose_account(dt.date(2026, 1, 1), dt.date(2026, 1, 2))
    ', whose account is 1 day newer'
    >>> day = dt.date(2026, 1, 2)
    >>> whose_account(None, day), whose_account(day, day)
    ('', '')
    """
    if own is None or other is None or own == other:
        return ""
    if other < own:
        return f", whose account is {age_gap(other, own)} older"
    return f", whose account is {age_gap(own, other)} newer"


def later_words(chance: float) -> str:
    """A sentence on what the account dates say of who took a shared photo or text first.

    ``chance`` is :func:`later_chance` beside the newer profiles; ``""`` when unknown.

    Examples
    --------
    >>> later_words(0.19)
    ' The account dates alone put the chance that this profile took it later at about 19%.'
    >>> later_words(0.004)
    ' The account dates alone put the chance that this profile took it later at under 1%.'
    """
    if math.isnan(chance):
        return ""
    amount = "under 1%" if chance < 0.005 else f"about {chance:.0%}"
    return f" The account dates alone put the chance that this profile took it later at {amount}."


#: Account age (days) from which an account counts as established (:func:`is_shared`).
ESTABLISHED_DAYS: Final[int] = 365
#: Established accounts showing a photo or text that make it a shared one (:func:`is_shared`).
SHARED_MIN_ESTABLISHED: Final[int] = 4
#: Established accounts that make a photo or text shared whatever else shows it
#: (:func:`is_shared`): half of what a text look-up returns (50).
SHARED_ANYWAY: Final[int] = 25


def is_shared(established: int, dated: int) -> bool:
    """Whether a photo or text is a shared one: nobody's own, so showing it copies no one.

    ``established`` accounts over :data:`ESTABLISHED_DAYS` days old show it, of
    ``dated`` accounts showing it whose creation date is known (accounts without
    one count neither way).

    A copy takes one person's photo or words: a copier's is shown by its
    original and, at most, a few other copies, mostly new accounts (some on
    bought, aged ones: an original and two aged copies are not enough). What
    :data:`SHARED_MIN_ESTABLISHED` or more established accounts show, at least
    as many of them as newer ones, is a company's logo or blurb, a stock
    picture, a template colleagues pass round: it identifies no one. A ring of
    new accounts with one stock photo or bio stays a copy: most of its accounts
    are new. What :data:`SHARED_ANYWAY` or more established accounts show is
    common whatever else shows it (a ring using it copies a common text, not
    one person's).

    >>> is_shared(4, 8), is_shared(4, 9), is_shared(3, 3), is_shared(25, 400)
    (True, False, False, True)
    """
    return established >= SHARED_MIN_ESTABLISHED and (
        2 * established >= dated or established >= SHARED_ANYWAY
    )


class Shared(NamedTuple):
    """A photo or text that :func:`is_shared` calls shared, as :func:`shared_among` found it."""

    #: Other profiles showing it (the profile itself aside).
    profiles: int
    #: Accounts over :data:`ESTABLISHED_DAYS` days old showing it, the profile's own counted.
    established: int
    #: The closest few other profiles' ids (at most :data:`MAX_EVIDENCE`).
    profile_ids: tuple[str, ...]
    #: Whether the look-up returned every profile showing it (else the counts are lower bounds).
    complete: bool = True

    def detail(self) -> dict[str, object]:
        """The evidence detail of a shared photo or text."""
        return {
            "profiles": self.profiles,
            "established": self.established,
            "profile_ids": list(self.profile_ids),
            "complete": self.complete,
        }

    def words(self, what: str) -> str:
        """The sentence saying a photo or text is shared (``what``: "photo", "about text").

        >>> Shared(5, 4, ("p1",)).words("about text")[:73]
        'The about text is shown by 6 profiles, this one and profile p1 among them'
        >>> Shared(5, 4, ("p1",)).words("photo")[:20]
        'This photo is shown '
        """
        subject = "This photo"
        common = "a common picture, such as a company's logo, not one person's photo copied"
        if what != "photo":
            subject = f"The {what}"
            common = "a common text, such as a company's blurb, not one person's copied"
        least = "" if self.complete else "at least "
        return (
            f"{subject} is shown by {least}{self.profiles + 1} profiles, this one and profile "
            f"{self.profile_ids[0]} among them; {least}{self.established} of them are accounts "
            f"over a year old: {common}."
        )


def shared_among(
    holders: Iterable[tuple[str, dt.date | None]],
    own_id: str,
    own: dt.date | None,
    today: dt.date,
    *,
    complete: bool,
) -> Shared | None:
    """Whether the accounts showing a photo or text make it a shared one, and who they are.

    ``holders`` are the other profiles a look-up found with it, closest first,
    as ``(profile id, creation date or None)``; a profile found twice counts
    once, at its first date; ``own_id`` (the profile itself, created ``own``)
    is counted among the holders once whether or not the look-up returned it.
    ``complete`` says whether the look-up returned every holder. When it
    stopped at its limit the rest are unknown (the holders returned could be
    the established few of a ring of new accounts), so only
    :data:`SHARED_ANYWAY` established holders among those returned make it
    shared, as they would whatever the rest are; that is half of what a text
    look-up returns.

    >>> today = dt.date(2026, 1, 1)
    >>> old, new = dt.date(2015, 1, 1), dt.date(2025, 12, 1)
    >>> shared_among([("a", old), ("b", old), ("c", old), ("a", new)], "me", old, today,
    ...              complete=True)
    Shared(profiles=3, established=4, profile_ids=('a', 'b', 'c'), complete=True)
    >>> shared_among([("a", old), ("b", old), ("c", old)], "me", new, today, complete=True) is None
    True
    """
    dates: dict[str, dt.date | None] = {}
    for pid, when in holders:
        if pid != own_id:
            dates.setdefault(pid, when)
    days = [(today - d).days for d in (*dates.values(), own) if d is not None]
    established = sum(d >= ESTABLISHED_DAYS for d in days)
    if not (is_shared(established, len(days)) if complete else established >= SHARED_ANYWAY):
        return None
    return Shared(len(dates), established, tuple(list(dates)[:MAX_EVIDENCE]), complete)


def later_chance(own: dt.date | None, other: dt.date | None, today: dt.date) -> float:
    """The chance that this profile took a photo or text it shares with another after it.

    Account creation dates bound when a profile could set its photo or write
    its text, not when it did: a bought, years-old account can take a newer
    member's photo today. Taking each profile's moment to be uniform over its
    account's life, the chance that this one's came later is ``b / (2a)`` for
    this account's age ``a`` and the other's ``b`` when this one is older
    (near 0 against a weeks-old account, 0.5 for accounts of the same age),
    and ``1 - a / (2b)`` when it is newer. ``nan`` when either date is unknown.

    Examples
    --------
    >>> today = dt.date(2026, 1, 1)
    >>> round(later_chance(dt.date(2016, 1, 1), dt.date(2025, 12, 2), today), 4)
    0.0041
    >>> round(later_chance(dt.date(2016, 1, 1), dt.date(2021, 1, 1), today), 2)
    0.25
    >>> later_chance(None, dt.date(2021, 1, 1), today)
    nan
    """
    if own is None or other is None:
        return math.nan
    a = max((today - own).days, 1)
    b = max((today - other).days, 1)
    return b / (2 * a) if a >= b else 1 - a / (2 * b)


def human_number(x: float) -> str:
    """A number as a person writes it: thousands separated, no scientific notation.

    Whole numbers keep every digit; others keep two significant digits below
    10 and none from 10 on.

    Examples
    --------
    >>> [human_number(v) for v in (3, 2.0, 0.333, 21.33, 1042.7, 2.5e6)]
    ['3', '2', '0.33', '21', '1,043', '2,500,000']
    """
    if type(x) is int and -1e300 < x < 1e300:  # the usual case: a count
        return f"{x:,}"
    if not math.isfinite(x):
        return str(x)
    if float(x).is_integer() or abs(x) >= 10:
        return f"{round(x):,}"
    text = f"{x:.2g}" if abs(x) >= 0.01 else f"{x:.2f}"
    if "e" in text:
        text = f"{x:.2f}"
    return text


@dataclass(frozen=True, slots=True, init=False)
class Evidence:
    """One piece of evidence behind a feature value, ready for JSON.

    Parameters
    ----------
    kind : str
        e.g. ``"photo_match"``, ``"text_match"``, ``"counts"``, ``"message"``.
    detail : mapping
        JSON-ready facts, e.g. ``{"profile_id": "p-7", "distance": 3}``.
    """

    kind: str
    detail: Mapping[str, Any]

    def __init__(self, kind: str, detail: Mapping[str, Any]) -> None:
        # Frozen: set through the slots themselves (twice as quick as the
        # generated __init__; a profile's signals make a few dozen of these).
        _set_kind(self, kind)
        _set_detail(self, detail)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {"kind": self.kind, **self.detail}

    def __reduce__(self) -> tuple[type[Evidence], tuple[str, Mapping[str, Any]]]:
        # Pickled as a constructor call, 2-3x faster than the generic path of
        # frozen slotted dataclasses: worker processes send thousands back.
        return (Evidence, (self.kind, self.detail))


# The slots' own setters (which a frozen dataclass's __setattr__ stands in front of).
_set_kind: Callable[[Evidence, str], None] = vars(Evidence)["kind"].__set__
_set_detail: Callable[[Evidence, Mapping[str, Any]], None] = vars(Evidence)["detail"].__set__


@dataclass(slots=True)
class SignalResult:
    """The values of one signal's features for one profile, with evidence and facts.

    ``facts`` holds what the signal's sentences are written from (counts,
    names, dates), so that :meth:`Signal.sentence` needs nothing else.
    """

    values: dict[str, float]
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Context:
    """What a signal may use besides the profile.

    Parameters
    ----------
    today : date
        The reference date for ages and windows (tests pin it).
    index : ReferenceLookup, optional
        Known profiles to look copies up in (a :class:`~fakeprofile.index.ReferenceIndex`);
        without it copy features are unknown.
    invitation : Invitation, optional
        The invitation being vetted, for the message signal.
    """

    today: dt.date
    index: ReferenceLookup | None = None
    invitation: Invitation | None = None


@runtime_checkable
class Signal(Protocol):
    """The interface every signal module implements.

    A signal may also define ``extract_many(profiles, contexts)``, computing
    a chunk of profiles together (to answer their index look-ups at once);
    it must return what :meth:`extract` returns for each, in order. See
    :func:`extract_many`.

    And it may define ``fact_key(feature, result) -> Hashable``: a cheap key
    that is equal for two of its features exactly when their
    :meth:`sentence` is (with no activity data, every activity feature says
    so). Reasons merge the features of one fact by it, and then write only
    the sentences they keep; without it, every candidate's sentence is
    written to compare them. See :func:`fact_key_of`. When that key depends
    on the feature alone, the signal may also define
    ``fixed_fact_key(feature) -> Hashable``, returning it without a result,
    so that reasons work the keys out once rather than for every profile.
    """

    #: Short name of the signal, e.g. ``"activity"``.
    name: str
    #: The features it declares, in a fixed order.
    features: Sequence[Feature]

    def extract(self, profile: Profile, context: Context) -> SignalResult:
        """Compute every declared feature for ``profile``.

        Must return a value for each name in :attr:`features` (``nan`` only
        where the feature is ``missing_ok``) and never raise on valid profiles.
        """
        ...

    def sentence(self, feature: str, result: SignalResult) -> str:
        """One plain sentence stating the fact behind ``feature`` for this profile.

        Written to read well whether the feature raised or lowered the risk,
        e.g. ``"212 likes and no comments, posts or shares in the last 90 days"``.
        """
        ...


def fact_key_of(signal: Signal) -> Callable[[str, SignalResult], Hashable]:
    """What a feature's fact is, for merging, as a function of (feature, result).

    The signal's ``fact_key``, or else its sentence: two features of one
    signal and one result get equal keys exactly when their sentences are
    equal.
    """
    key_of: Callable[[str, SignalResult], Hashable] | None = getattr(signal, "fact_key", None)
    if key_of is None:
        return signal.sentence

    def keyed(feature: str, result: SignalResult) -> Hashable:
        return tagged_fact_key(key_of(feature, result))

    return keyed


def tagged_fact_key(key: Hashable) -> Hashable:
    """A signal's own fact key as :func:`fact_key_of` tags it: never equal to a sentence."""
    return ("key", key)


def extract_many(
    signal: Signal, profiles: Sequence[Profile], contexts: Sequence[Context]
) -> list[SignalResult]:
    """``signal``'s results for a chunk of profiles, in order.

    Uses the signal's own ``extract_many`` when it has one (the text and photo
    signals look a chunk up in the index at once), else :meth:`Signal.extract`
    profile by profile.
    """
    if len(profiles) != len(contexts):
        raise ValueError(f"{len(profiles)} profiles but {len(contexts)} contexts")
    many = getattr(signal, "extract_many", None)
    if many is not None:
        results: list[SignalResult] = many(profiles, contexts)
        return results
    return [signal.extract(p, c) for p, c in zip(profiles, contexts, strict=True)]


_Q = TypeVar("_Q")
_R = TypeVar("_R")


def ask_index(
    contexts: Sequence[Context],
    queries: Sequence[tuple[int, _Q]],
    ask: Callable[[ReferenceLookup, list[_Q]], Sequence[_R]],
) -> list[_R]:
    """Answers from the reference index to ``(profile position, query)`` pairs, in order.

    ``ask(index, queries)`` answers a list of queries with one answer each, in
    order (e.g. ``lambda ix, qs: ix.photo_matches_many(qs)``). Queries are
    grouped by their context's index, so each index answers its chunk in one
    call (a chunk nearly always has one index).
    """
    groups: dict[int, tuple[ReferenceLookup, list[int]]] = {}
    for k, (i, _) in enumerate(queries):
        index = contexts[i].index
        if index is None:
            raise ValueError("a look-up for a profile whose context has no index")
        groups.setdefault(id(index), (index, []))[1].append(k)
    answers: dict[int, _R] = {}
    for index, members in groups.values():
        got = ask(index, [queries[k][1] for k in members])
        if len(got) != len(members):
            raise ValueError(f"the index answered {len(got)} of {len(members)} look-ups")
        for k, answer in zip(members, got, strict=True):
            answers[k] = answer
    return [answers[k] for k in range(len(queries))]
