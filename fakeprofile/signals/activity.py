"""The activity signal: what a profile does, and how (likes, comments, shares, posts, timing).

Fakes fake activity the cheap way: liking (or sharing without a word) takes a
second, writing a comment, a post or an article takes time. So a profile whose
only actions are likes, or whose comments are "Great post!" repeated, looks
different from a member who writes. Where events carry timestamps, bursts of
actions within minutes, clockwork-regular spacing and activity at every hour
of the day point to automation.

Conventions
-----------
* Counts come from :meth:`Profile.activity_totals` (totals given directly, or
  derived from events, where every count is known). **Unknown is not empty**:
  a count that was not given is unknown, and every feature that needs it is
  ``nan`` (which the model gives a contribution of exactly 0), while a count
  given as 0 is a fact like any other.
* Shares of all actions (``*_frac``) need every count known, and are ``nan``
  for a profile known to have no action at all (0 of 0 is no share; that fact
  is ``activity_none``). ``activity_likes_only`` needs the likes and every
  written count; ``activity_posts_log`` needs the posts and articles.
* Rates are per 30 days, so that windows of different lengths compare. They
  need their count and a known period: ``window_days`` given, the span of
  timed events, or for lifetime totals (``window_days: null``) the account's
  age when ``created_at`` is known. With an unknown period (``window_days``
  absent, or lifetime totals of an account of unknown age) they are ``nan``,
  and no sentence invents a period: "in the last 90 days" only for a given
  window, "over the account's life" for lifetime totals, nothing when the
  period is unknown.
* Comment features need comment texts: they are ``nan`` when the texts are
  unknown, and also when the list of texts is empty. An empty list beside a
  positive comment count means the export left the texts out, and with no
  comment there is no text to judge (the mix features already state "no
  comments").
* Timing features need at least :data:`MIN_TIMED` timed events; else ``nan``.
* Unbounded counts are reported as ``log1p`` of the value; the documented
  upper bound is the largest value the data model can produce.

Every feature declares its direction (see :class:`~.base.Feature`): the way
fakes differ from members. Sentences state only what the input gave, with
the exact numbers that determine the values of every feature of their fact,
so one sentence always pushes the same way.

Generic comments are matched against :data:`GENERIC_COMMENTS` after folding
case, punctuation and emoji; a comment made only of emoji or punctuation is
generic too. A generic phrase followed by at most two words (a name, as in
"Great post, John!") still counts as generic.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal

from ..profile import LIMITS
from ._normalise import fold
from .base import Context, Direction, Evidence, Feature, SignalResult, human_number

if TYPE_CHECKING:
    import datetime as dt

    from ..profile import ActivityTotals, Profile

__all__ = ["GENERIC_COMMENTS", "ActivitySignal", "is_generic_comment"]
#: Comments that could be written under any post without reading it. Matched
#: after :func:`fold` (case, punctuation and emoji removed); kept short on
#: purpose: a phrase belongs here only if it says nothing about the post.
GENERIC_COMMENTS: tuple[str, ...] = (
    "great post",
    "nice post",
    "good post",
    "great share",
    "nice share",
    "thanks for sharing",
    "thank you for sharing",
    "thanks for the share",
    "great article",
    "nice article",
    "great read",
    "good read",
    "great insights",
    "great insight",
    "very informative",
    "very insightful",
    "insightful",
    "informative",
    "well said",
    "so true",
    "very true",
    "true",
    "agreed",
    "totally agree",
    "i agree",
    "love this",
    "love it",
    "amazing",
    "awesome",
    "great",
    "nice",
    "interesting",
    "well done",
    "great job",
    "good job",
    "congratulations",
    "congrats",
    "thanks",
    "thank you",
    "wow",
    "great work",
    "keep it up",
    "very helpful",
    "helpful",
    "useful",
    "excellent",
    "spot on",
    "100",
)
# Phrases as word tuples, grouped by first word and longest first, so that
# "thanks for sharing" wins over "thanks" and a look-up costs one dict access.
_GENERIC: dict[str, list[tuple[str, ...]]] = {}
for _phrase in sorted((tuple(p.split()) for p in GENERIC_COMMENTS), key=len, reverse=True):
    _GENERIC.setdefault(_phrase[0], []).append(_phrase)
del _phrase
#: Words allowed after a generic phrase: a name or a short address.
_GENERIC_TAIL = 2

# Largest rate the model allows: every count at its limit over a one-day window.
_LOG_RATE = math.log1p(6 * LIMITS["count"] * 30)
_LOG_COMMENT_LEN = math.log1p(LIMITS["comment"])
_LOG_EVENTS = math.log1p(LIMITS["events"])
_GAP_CV_MAX = 10.0
#: A burst is counted within this many seconds.
BURST_WINDOW_S = 600
#: Consecutive actions closer than this are "rapid".
RAPID_GAP_S = 120
#: Timing features need at least this many timed events.
MIN_TIMED = 3

_NAN = math.nan


def is_generic_comment(text: str) -> bool:
    """Whether a comment says nothing specific: a stock phrase, or emoji/punctuation only.

    Examples
    --------
    >>> is_generic_comment("Great post, John!! 🔥")
    True
    >>> is_generic_comment("👏👏👏")
    True
    >>> is_generic_comment("Congratulations Priya, the triage redesign was a huge piece of work.")
    False
    """
    return _is_generic(fold(text).split(), text)


@lru_cache(maxsize=4096)
def _generic_cached(text: str) -> bool:
    """:func:`is_generic_comment`, cached: canned comments come back profile after profile."""
    return _is_generic(fold(text).split(), text)


def _is_generic(words: list[str], text: str) -> bool:
    if not words:
        return bool(text.strip())
    matched = False
    i = 0
    n_words = len(words)
    # Strip stock phrases from the front ("Great post, thanks for sharing").
    while i < n_words:
        for phrase in _GENERIC.get(words[i], ()):
            n = len(phrase)
            if tuple(words[i : i + n]) == phrase:
                i += n
                matched = True
                break
        else:
            break
    return matched and n_words - i <= _GENERIC_TAIL


#: What an activity period is: a given window, the span of timed events,
#: lifetime totals, or unknown.
Period = Literal["window", "events", "lifetime", "unknown"]

#: The counts that are written actions (they take time to write).
_WRITTEN = ("comments", "shares_with_comment", "posts", "articles")
#: Share-of-all-actions features and the count each divides.
_FRACS = (
    ("activity_likes_frac", "likes"),
    ("activity_comments_frac", "comments"),
    ("activity_bare_shares_frac", "shares"),
    ("activity_commented_shares_frac", "shares_with_comment"),
    ("activity_posts_frac", "posts"),
    ("activity_articles_frac", "articles"),
)
_MIX = (
    "activity_none",
    *(name for name, _ in _FRACS),
    "activity_written_frac",
    "activity_likes_only",
    "activity_posts_log",
)
#: Per-30-day rates: the fact each counts (a count's name, "total" or
#: "written"), its noun, and the sentence when that count is not known.
_RATES: dict[str, tuple[str, str, str, str]] = {
    "activity_actions_per_30d_log": (
        "total",
        "action",
        "actions",
        "Not every kind of action was counted",
    ),
    "activity_likes_per_30d_log": ("likes", "like", "likes", "No count of likes was given"),
    "activity_written_per_30d_log": (
        "written",
        "written action",
        "written actions",
        "Not every kind of written action (comment, share with a comment, post, article) "
        "was counted",
    ),
    "activity_comments_per_30d_log": (
        "comments",
        "comment",
        "comments",
        "No count of comments was given",
    ),
}
_COMMENT = (
    "activity_comment_length_log",
    "activity_comment_generic_frac",
    "activity_comment_repeat_frac",
)
_TIMING = (
    "activity_burst_max_log",
    "activity_rapid_gap_frac",
    "activity_gap_cv",
    "activity_quiet_hours",
)


def _features() -> tuple[Feature, ...]:
    def f(
        name: str, direction: Direction, description: str, low: float = 0.0, high: float = 1.0
    ) -> Feature:
        # The mix features all state one fact: the counts of each kind of action.
        fact = "activity_mix" if name in _MIX else ""
        return Feature(
            name,
            "activity",
            description,
            low,
            high,
            missing_ok=True,
            fact=fact,
            direction=direction,
        )

    every = "nan unless every count is known, and for a profile with no action at all"
    return (
        f(
            "activity_none",
            "up",
            "1 when every count is known and all are 0, 0 when every count is known and one "
            "is not; nan when a count is unknown. Up: an account known to have done nothing "
            "is as empty as a blank section, which fakes leave (the per-30-day rates cannot "
            "say it: no likes is their least suspicious value).",
        ),
        f(
            "activity_likes_frac",
            "up",
            f"Likes as a share of all actions; {every}. Up: fakes like rather than write.",
        ),
        f("activity_comments_frac", "down", f"Comments as a share of all actions; {every}."),
        f(
            "activity_bare_shares_frac",
            "up",
            f"Shares without a comment as a share of all actions; {every}. Up: sharing "
            "without a word is as cheap as a like (engagement farms share a lot).",
        ),
        f(
            "activity_commented_shares_frac",
            "down",
            f"Shares with a comment as a share of all actions; {every}.",
        ),
        f("activity_posts_frac", "down", f"Posts as a share of all actions; {every}."),
        f("activity_articles_frac", "down", f"Articles as a share of all actions; {every}."),
        f(
            "activity_written_frac",
            "down",
            "Written actions (comments, shares with a comment, posts, articles) as a share "
            f"of all actions; {every}. Down: writing takes time, which fakes do not spend.",
        ),
        f(
            "activity_likes_only",
            "up",
            "1 when there are likes but no written action (comment, share with a comment, "
            "post or article), else 0; nan unless the likes and every written count are "
            "known (bare shares count neither way).",
        ),
        f(
            "activity_posts_log",
            "down",
            "log1p of posts and articles in the period, whatever its length (lifetime "
            "totals included); nan unless both counts are known.",
            high=math.log1p(2 * LIMITS["count"]),
        ),
        f(
            "activity_actions_per_30d_log",
            "up",
            "log1p of all actions per 30 days; nan unless every count and the window are "
            "known (for lifetime totals, the account's age). Up: fakes inflate their "
            "activity with cheap likes and shares (engagement farms act hundreds of times "
            "a month); the written rates tell who writes.",
            high=_LOG_RATE,
        ),
        f(
            "activity_likes_per_30d_log",
            "up",
            "log1p of likes per 30 days; nan unless the likes and the window are known.",
            high=_LOG_RATE,
        ),
        f(
            "activity_written_per_30d_log",
            "down",
            "log1p of written actions per 30 days; nan unless every written count and the "
            "window are known.",
            high=_LOG_RATE,
        ),
        f(
            "activity_comments_per_30d_log",
            "down",
            "log1p of comments per 30 days; nan unless the comments and the window are known.",
            high=_LOG_RATE,
        ),
        f(
            "activity_comment_length_log",
            "down",
            "log1p of the mean length of the comment texts given, in characters; nan without "
            "comment texts (unknown, or an empty list). Down: stock comments are short.",
            high=_LOG_COMMENT_LEN,
        ),
        f(
            "activity_comment_generic_frac",
            "up",
            "Share of the comment texts given that are generic (stock phrase or emoji "
            "only); nan without comment texts.",
        ),
        f(
            "activity_comment_repeat_frac",
            "up",
            "Share of the comment texts given that repeat an earlier one after folding "
            "case, punctuation and emoji; nan without comment texts.",
        ),
        f(
            "activity_burst_max_log",
            "up",
            f"log1p of the most actions within any {BURST_WINDOW_S // 60} minutes; nan with "
            f"fewer than {MIN_TIMED} timed events.",
            high=_LOG_EVENTS,
        ),
        f(
            "activity_rapid_gap_frac",
            "up",
            f"Share of gaps between consecutive timed actions shorter than {RAPID_GAP_S} s; "
            f"nan with fewer than {MIN_TIMED} timed events.",
        ),
        f(
            "activity_gap_cv",
            "down",
            "Coefficient of variation (std / mean) of the gaps between consecutive timed "
            f"actions, rounded to 0.01 and capped at {_GAP_CV_MAX:g}; nan with fewer than "
            f"{MIN_TIMED} timed events. Down: near 0 is clockwork regularity, a script's; "
            "people act at irregular times.",
            high=_GAP_CV_MAX,
        ),
        f(
            "activity_quiet_hours",
            "down",
            "Longest run of clock hours (UTC, wrapping at midnight) with no timed action; "
            f"nan with fewer than {MIN_TIMED} timed events. Down: people sleep, a script "
            "acts round the clock.",
            high=24.0,
        ),
    )


class ActivitySignal:
    """Activity mix, comment quality and timing.

    Examples
    --------
    >>> import datetime as dt
    >>> from fakeprofile.profile import Profile
    >>> p = Profile.model_validate(
    ...     {"id": "a", "activity": {"window_days": 90, "likes": 212, "comments": 0,
    ...      "shares": 0, "shares_with_comment": 0, "posts": 0, "articles": 0}}
    ... )
    >>> result = ActivitySignal().extract(p, Context(today=dt.date(2026, 11, 25)))
    >>> result.values["activity_likes_only"]
    1.0
    >>> ActivitySignal().sentence("activity_likes_only", result)
    '212 likes and no comments, shares, posts or articles in the last 90 days'
    >>> ActivitySignal().sentence("activity_likes_per_30d_log", result)
    '212 likes in the last 90 days, about 71 a month'

    Only what was given is stated: without the other counts or the period,

    >>> p = Profile.model_validate({"id": "b", "activity": {"likes": 212}})
    >>> result = ActivitySignal().extract(p, Context(today=dt.date(2026, 11, 25)))
    >>> ActivitySignal().sentence("activity_likes_only", result)
    '212 likes'
    >>> math.isnan(result.values["activity_likes_only"])
    True
    """

    name = "activity"
    features: Sequence[Feature] = _features()

    def extract(self, profile: Profile, context: Context) -> SignalResult:
        """Compute every activity feature (see the module docstring)."""
        values = dict.fromkeys(_NAMES, _NAN)
        totals = profile.activity_totals()
        if totals is None:
            return SignalResult(values, {}, {"given": False, "comment_texts": 0, "timed": 0})

        counts = totals.counts
        total = totals.total
        written_counts = [counts[k] for k in _WRITTEN]
        written = None if None in written_counts else sum(n for n in written_counts if n)
        likes = counts["likes"]
        period, days = _period(profile, totals, context.today)
        evidence: dict[str, list[Evidence]] = {}

        if total is not None:
            values["activity_none"] = 1.0 if total == 0 else 0.0
            if total and written is not None:
                inv = 1.0 / total
                for name, key in _FRACS:
                    values[name] = (counts[key] or 0) * inv
                values["activity_written_frac"] = written * inv
        if likes is not None and written is not None:
            values["activity_likes_only"] = 1.0 if likes and not written else 0.0
        if counts["posts"] is not None and counts["articles"] is not None:
            values["activity_posts_log"] = math.log1p(counts["posts"] + counts["articles"])
        if days is not None:
            scale = 30.0 / days
            for name, (which, *_) in _RATES.items():
                n = _rate_count(which, counts, total, written)
                if n is not None:
                    values[name] = math.log1p(n * scale)

        known = {k: n for k, n in counts.items() if n is not None}
        if known:
            detail: dict[str, Any] = {**known, "period": period}
            if days is not None:
                detail["window_days"] = days
            count_ev = [Evidence("counts", detail)]
            for name in (*_MIX, *_RATES):
                if not math.isnan(values[name]):
                    evidence[name] = count_ev

        facts: dict[str, Any] = {
            "given": True,
            "counts": counts,
            "total": total,
            "written": written,
            "period": period,
            "days": days,
            "comment_texts": 0,
        }
        texts = totals.comment_texts
        if texts:  # unknown or empty: nothing to judge (see the module docstring)
            _comment_features(texts, values, facts, evidence)

        events = profile.events
        times = sorted(e.at.timestamp() for e in events if e.at is not None) if events else []
        facts["timed"] = len(times)
        if len(times) >= MIN_TIMED:
            _timing_features(times, values, facts, evidence)
        return SignalResult(values, evidence, facts)

    def fact_key(self, feature: str, result: SignalResult) -> Hashable:
        """Equal for two features exactly when their sentences are (see :class:`~.base.Signal`)."""
        facts = result.facts
        if not facts["given"]:
            return "not given"
        if feature in _MIX:
            counts: dict[str, int | None] = facts["counts"]
            known = [(k, n) for k, n in counts.items() if n is not None]
            if len(known) == 1 and known[0][0] in ("likes", "comments"):
                # Says what the rate of that count says when it has no "a month" clause.
                return ("count", *known[0], facts["period"], facts["days"])
            return ("mix", tuple(counts.values()), facts["period"], facts["days"])
        if feature in _RATES:
            which = _RATES[feature][0]
            n = _rate_count(which, facts["counts"], facts["total"], facts["written"])
            if n is None:
                return ("no count", feature)
            if _per_month(n, facts):
                return ("rate", feature, n, facts["days"])
            return ("count", which, n, facts["period"], facts["days"])
        if feature in _COMMENT and not facts["comment_texts"]:
            return "no comment texts"
        if feature in _TIMING and facts["timed"] < MIN_TIMED:
            return "too few timed actions"
        return feature

    def sentence(self, feature: str, result: SignalResult) -> str:
        """A sentence stating the facts behind ``feature`` (see :class:`~.base.Signal`).

        It states only what the input gave: a count that is unknown is not
        mentioned, nor is a period that is unknown.
        """
        facts = result.facts
        if feature not in _NAMES:
            raise KeyError(f"feature: {feature!r} is not an activity feature")
        if not facts["given"]:
            return "No activity was given for this profile"
        when = _when(facts["period"], facts["days"])
        if feature in _MIX:
            return _mix_sentence(facts["counts"], when)
        if feature in _RATES:
            which, one, many, not_counted = _RATES[feature]
            n = _rate_count(which, facts["counts"], facts["total"], facts["written"])
            if n is None:
                return not_counted
            text = _with_when(f"No {many}" if n == 0 else _count(n, one, many), when)
            rate = _per_month(n, facts)
            return f"{text}, about {human_number(rate)} a month" if rate else text
        if feature in _COMMENT:
            return _comment_sentence(feature, facts)
        return _timing_sentence(feature, facts)


def _period(profile: Profile, totals: ActivityTotals, today: dt.date) -> tuple[Period, int | None]:
    """What the totals cover, and the period's length in days when it is known.

    Lifetime totals cover the account's age, known when ``created_at`` is.
    """
    if totals.window_days is not None:
        # Totals derived from events cover the span of the timed events.
        return ("window" if profile.activity is not None else "events"), totals.window_days
    if totals.period == "lifetime":
        created = profile.created_at
        return "lifetime", None if created is None else max(1, (today - created).days)
    return "unknown", None


def _rate_count(
    which: str, counts: dict[str, int | None], total: int | None, written: int | None
) -> int | None:
    if which == "total":
        return total
    if which == "written":
        return written
    return counts[which]


def _per_month(n: int, facts: dict[str, Any]) -> float | None:
    """The rate a sentence adds as "about N a month", or None when it adds none.

    Only for a known window other than 30 days, and a rate of at least one a
    month (below that the count and the days say it plainly).
    """
    days = facts["days"]
    if days is None or days == 30 or not n:
        return None
    rate = n * 30.0 / days
    return rate if rate >= 1 else None


def _comment_features(
    texts: Sequence[str],
    values: dict[str, float],
    facts: dict[str, Any],
    evidence: dict[str, list[Evidence]],
) -> None:
    n = len(texts)
    characters = sum(map(len, texts))
    mean_len = characters / n
    folds = [fold(t) for t in texts]
    generic = [t for t in texts if _generic_cached(t)]
    folded = Counter(f or t.strip() for t, f in zip(texts, folds, strict=True))
    repeats = n - len(folded)
    top_text, top_count = folded.most_common(1)[0]
    values["activity_comment_length_log"] = math.log1p(mean_len)
    values["activity_comment_generic_frac"] = len(generic) / n
    values["activity_comment_repeat_frac"] = repeats / n
    facts["comment_texts"] = n
    facts["comment_characters"] = characters
    facts["generic_comments"] = len(generic)
    facts["generic_examples"] = list(dict.fromkeys(generic))[:3]
    facts["repeats"] = repeats
    facts["most_repeated"] = (top_text, top_count)
    evidence["activity_comment_length_log"] = [
        Evidence("comments", {"texts": n, "mean_length": round(mean_len, 1)})
    ]
    evidence["activity_comment_generic_frac"] = [
        Evidence("comments", {"texts": n, "generic": facts["generic_examples"]})
    ]
    evidence["activity_comment_repeat_frac"] = [
        Evidence("comments", {"texts": n, "repeats": repeats, "most_repeated": top_text})
    ]


def _timing_features(
    times: list[float],
    values: dict[str, float],
    facts: dict[str, Any],
    evidence: dict[str, list[Evidence]],
) -> None:
    n = len(times)
    # Most actions inside any BURST_WINDOW_S window (two pointers over sorted times).
    best = 1
    lo = 0
    for hi in range(n):
        while times[hi] - times[lo] > BURST_WINDOW_S:
            lo += 1
        if hi - lo + 1 > best:
            best = hi - lo + 1
    gaps = [b - a for a, b in pairwise(times)]
    rapid = sum(1 for g in gaps if g < RAPID_GAP_S)
    mean = sum(gaps) / len(gaps)
    if mean > 0:
        var = sum((g - mean) ** 2 for g in gaps) / len(gaps)
        cv = min(_GAP_CV_MAX, math.sqrt(var) / mean)
    else:
        cv = 0.0  # every action at the same instant: as regular as it gets
    # Rounded to what the sentence says (a whole percentage), so that the
    # sentence determines the value.
    percent = round(cv * 100)
    hours = {int(t // 3600) % 24 for t in times}
    quiet = _longest_quiet_run(hours)
    values["activity_burst_max_log"] = math.log1p(best)
    values["activity_rapid_gap_frac"] = rapid / len(gaps)
    values["activity_gap_cv"] = percent / 100
    values["activity_quiet_hours"] = float(quiet)
    facts.update(
        burst_max=best,
        rapid_gaps=rapid,
        gaps=len(gaps),
        gap_percent=percent,
        mean_gap_s=mean,
        quiet_hours=quiet,
        active_hours=len(hours),
    )
    ev = [
        Evidence(
            "timing",
            {
                "timed_events": n,
                "burst_max": best,
                "burst_window_s": BURST_WINDOW_S,
                "rapid_gaps": rapid,
                "gap_cv": percent / 100,
                "quiet_hours": quiet,
            },
        )
    ]
    for key in _TIMING:
        evidence[key] = ev


def _longest_quiet_run(hours: set[int]) -> int:
    """Longest circular run of clock hours not in ``hours``."""
    if not hours:
        return 24
    best = run = 0
    for h in range(48):  # twice round the clock handles runs across midnight
        if h % 24 in hours:
            run = 0
        else:
            run += 1
            best = max(best, run)
    return min(best, 24)


# --------------------------------------------------------------------------- sentences


def _count(n: float, one: str, many: str) -> str:
    """``n`` things, as a person writes it: "1 like", "1,430 likes"."""
    return f"1 {one}" if n == 1 else f"{human_number(n)} {many}"


def _when(period: Period, days: int | None) -> str:
    """The period, as said after the counts; empty when it is unknown."""
    if period == "window":
        return "in the last day" if days == 1 else f"in the last {human_number(days or 0)} days"
    if period == "events":
        return f"over {_count(days or 0, 'day', 'days')}"
    if period == "lifetime":  # its length is the account's age, when that is known
        length = f" ({_count(days, 'day', 'days')})" if days else ""
        return f"over the account's life{length}"
    return ""


def _with_when(text: str, when: str) -> str:
    return f"{text} {when}" if when else text


_LABELS = (
    ("likes", "like", "likes"),
    ("comments", "comment", "comments"),
    ("shares", "share without comment", "shares without comment"),
    ("shares_with_comment", "share with a comment", "shares with a comment"),
    ("posts", "post", "posts"),
    ("articles", "article", "articles"),
)


def _join(parts: list[str], last: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {last} " + parts[-1]


def _mix_sentence(counts: dict[str, int | None], when: str) -> str:
    """Every known count, those above 0 first; unknown counts are not mentioned."""
    present = []
    absent = []
    for key, one, many in _LABELS:
        n = counts[key]
        if n is None:
            continue
        if n:
            present.append(_count(n, one, many))
        else:
            absent.append(many)
    if "shares without comment" in absent and "shares with a comment" in absent:
        # "shares" is said once when neither kind of share happened.
        absent[absent.index("shares without comment")] = "shares"
        absent.remove("shares with a comment")
    if not present and not absent:
        return "No activity counts were given"
    if not present:
        return _with_when(f"No {_join(absent, 'or')}", when)
    if not absent:
        return _with_when(_join(present, "and"), when)
    return _with_when(f"{', '.join(present)} and no {_join(absent, 'or')}", when)


def _quote(texts: Sequence[str]) -> str:
    return ", ".join(f"'{t}'" for t in texts)


def _comment_sentence(feature: str, facts: dict[str, Any]) -> str:
    n = facts["comment_texts"]
    if not n:
        return "No comment texts were given"
    if feature == "activity_comment_length_log":
        characters = facts["comment_characters"]
        if n == 1:
            return f"The one comment text is {_count(characters, 'character', 'characters')} long"
        return (
            f"The {human_number(n)} comment texts are "
            f"{_count(characters, 'character', 'characters')} long in all, about "
            f"{human_number(characters / n)} each"
        )
    if feature == "activity_comment_generic_frac":
        g = facts["generic_comments"]
        examples = _quote(facts["generic_examples"])
        if n == 1:
            if g:
                return f"The one comment text is a stock phrase or emoji only: {examples}"
            return "The one comment text is not a stock phrase or emoji only"
        if not g:
            return f"None of the {human_number(n)} comment texts is a stock phrase or emoji only"
        if g == 1:
            return (
                f"1 of the {human_number(n)} comment texts is a stock phrase or emoji only: "
                f"{examples}"
            )
        share = (
            f"All {human_number(n)}" if g == n else f"{human_number(g)} of the {human_number(n)}"
        )
        return f"{share} comment texts are stock phrases or emoji only, such as {examples}"
    repeats = facts["repeats"]
    if n == 1:
        return "There is one comment text, so none repeats another"
    if not repeats:
        return f"None of the {human_number(n)} comment texts repeats another"
    top, count = facts["most_repeated"]
    verb = "repeats" if repeats == 1 else "repeat"
    return (
        f"{human_number(repeats)} of the {human_number(n)} comment texts {verb} an earlier "
        f"one; '{top}' appears {human_number(count)} times"
    )


def _duration(seconds: float) -> str:
    """A length of time in the unit a person would use."""
    if seconds < 90:
        return _count(seconds, "second", "seconds")
    if seconds < 90 * 60:
        return _count(seconds / 60, "minute", "minutes")
    if seconds < 48 * 3600:
        return _count(seconds / 3600, "hour", "hours")
    return _count(seconds / 86_400, "day", "days")


def _timing_sentence(feature: str, facts: dict[str, Any]) -> str:
    timed = facts["timed"]
    if timed < MIN_TIMED:
        has = (
            "No action has"
            if not timed
            else "Only 1 action has"
            if timed == 1
            else f"Only {timed} actions have"
        )
        return f"{has} a timestamp, too few to judge the timing"
    over = f"over {human_number(timed)} timed actions"
    if feature == "activity_burst_max_log":
        return (
            f"At most {_count(facts['burst_max'], 'action', 'actions')} within "
            f"{BURST_WINDOW_S // 60} minutes, {over}"
        )
    if feature == "activity_rapid_gap_frac":
        rapid, gaps = facts["rapid_gaps"], facts["gaps"]
        minutes = f"{RAPID_GAP_S // 60} minutes"
        between = "gaps between consecutive timed actions"
        if not rapid:
            return f"None of the {human_number(gaps)} {between} is shorter than {minutes}"
        if rapid == gaps:
            return f"All {human_number(gaps)} {between} are shorter than {minutes}"
        verb = "is" if rapid == 1 else "are"
        return (
            f"{human_number(rapid)} of the {human_number(gaps)} {between} {verb} shorter "
            f"than {minutes}"
        )
    if feature == "activity_gap_cv":
        if facts["mean_gap_s"] == 0:
            return f"All {human_number(timed)} timed actions have the same time"
        if not facts["gap_percent"]:
            return (
                f"The gaps between {human_number(timed)} timed actions all last about "
                f"{_duration(facts['mean_gap_s'])}: clockwork regularity"
            )
        return (
            f"The gaps between {human_number(timed)} timed actions average "
            f"{_duration(facts['mean_gap_s'])} and typically differ from that by "
            f"{human_number(facts['gap_percent'])}% (0% would be clockwork regularity)"
        )
    quiet = facts["quiet_hours"]
    if not quiet:
        return f"There are actions in every hour of the day (UTC), {over}"
    return (
        f"The longest stretch of the day without any action is "
        f"{_count(quiet, 'hour', 'hours')} (UTC), {over} in "
        f"{_count(facts['active_hours'], 'different hour', 'different hours')}"
    )


_NAMES: tuple[str, ...] = tuple(f.name for f in ActivitySignal.features)
