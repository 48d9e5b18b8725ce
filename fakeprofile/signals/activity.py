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
  derived from events); timing comes from the timed :attr:`Profile.events`.
* Rates are per 30 days so that a 90-day window and lifetime totals compare.
  Lifetime totals (``window_days=None``) are spread over the account's age
  when ``created_at`` is known; otherwise the rates are ``nan``.
* Unbounded counts are reported as ``log1p`` of the value; the documented
  upper bound is the largest value the data model can produce.
* Without any activity data, ``activity_missing`` is 1 and every other
  feature is ``nan`` (never 0: "no data" is not "no activity").

Generic comments are matched against :data:`GENERIC_COMMENTS` after folding
case, punctuation and emoji; a comment made only of emoji or punctuation is
generic too. A generic phrase followed by at most two words (a name, as in
"Great post, John!") still counts as generic.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ..profile import LIMITS
from ._normalise import fold
from .base import Context, Evidence, Feature, SignalResult

if TYPE_CHECKING:
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

_LOG_COUNT = math.log1p(LIMITS["count"])
_LOG_TOTAL = math.log1p(6 * LIMITS["count"])  # six kinds of action, each at most LIMITS["count"]
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


def _features() -> tuple[Feature, ...]:
    def f(name: str, description: str, low: float = 0.0, high: float = 1.0) -> Feature:
        # The mix features all state one fact: the counts of each kind of action.
        fact = "activity_mix" if name in _MIX else ""
        return Feature(name, "activity", description, low, high, missing_ok=True, fact=fact)

    return (
        Feature(
            "activity_missing",
            "activity",
            "1 when the profile has neither activity totals nor events, else 0.",
        ),
        f("activity_none", "1 when activity is known and every count is 0."),
        f("activity_likes_frac", "Likes as a share of all actions (0 without actions)."),
        f("activity_comments_frac", "Comments as a share of all actions (0 without actions)."),
        f(
            "activity_bare_shares_frac",
            "Shares without a comment as a share of all actions (0 without actions).",
        ),
        f(
            "activity_commented_shares_frac",
            "Shares with a comment as a share of all actions (0 without actions).",
        ),
        f("activity_posts_frac", "Posts as a share of all actions (0 without actions)."),
        f("activity_articles_frac", "Articles as a share of all actions (0 without actions)."),
        f(
            "activity_written_frac",
            "Written actions (comments, shares with a comment, posts, articles) as a share "
            "of all actions (0 without actions).",
        ),
        f(
            "activity_likes_only",
            "1 when there are actions but none of them is written: only likes and bare shares.",
        ),
        f(
            "activity_actions_log",
            "log1p of all actions in the window, whatever its length (lifetime totals "
            "included, where rates are unknown).",
            high=_LOG_TOTAL,
        ),
        f(
            "activity_posts_log",
            "log1p of posts and articles in the window, whatever its length.",
            high=math.log1p(2 * LIMITS["count"]),
        ),
        f(
            "activity_actions_per_30d_log",
            "log1p of all actions per 30 days; nan for lifetime totals of unknown length.",
            high=_LOG_RATE,
        ),
        f(
            "activity_likes_per_30d_log",
            "log1p of likes per 30 days; nan for lifetime totals of unknown length.",
            high=_LOG_RATE,
        ),
        f(
            "activity_written_per_30d_log",
            "log1p of written actions per 30 days; nan for lifetime totals of unknown length.",
            high=_LOG_RATE,
        ),
        f(
            "activity_comments_per_30d_log",
            "log1p of comments per 30 days; nan for lifetime totals of unknown length.",
            high=_LOG_RATE,
        ),
        f(
            "activity_comment_length_log",
            "log1p of the mean length of the known comment texts, in characters; "
            "nan without comment texts.",
            high=_LOG_COMMENT_LEN,
        ),
        f(
            "activity_comment_generic_frac",
            "Share of comment texts that are generic (stock phrase or emoji only); "
            "nan without comment texts.",
        ),
        f(
            "activity_comment_repeat_frac",
            "Share of comment texts that repeat an earlier one after folding case, "
            "punctuation and emoji; nan without comment texts.",
        ),
        f(
            "activity_timing_missing",
            f"1 when fewer than {MIN_TIMED} events carry a timestamp (timing features are nan).",
        ),
        f(
            "activity_burst_max_log",
            f"log1p of the most actions within any {BURST_WINDOW_S // 60} minutes.",
            high=_LOG_EVENTS,
        ),
        f(
            "activity_rapid_gap_frac",
            f"Share of gaps between consecutive timed actions shorter than {RAPID_GAP_S} s.",
        ),
        f(
            "activity_gap_cv",
            "Coefficient of variation (std / mean) of the gaps between consecutive timed "
            f"actions, capped at {_GAP_CV_MAX:g}; near 0 is clockwork regularity.",
            high=_GAP_CV_MAX,
        ),
        f(
            "activity_quiet_hours",
            "Longest run of clock hours (UTC, wrapping at midnight) with no timed action; "
            "people sleep, so a short quiet run over many actions suggests automation.",
            high=24.0,
        ),
    )


_RATES = (
    "activity_actions_per_30d_log",
    "activity_likes_per_30d_log",
    "activity_written_per_30d_log",
    "activity_comments_per_30d_log",
)
_MIX = (
    "activity_none",
    "activity_likes_frac",
    "activity_comments_frac",
    "activity_bare_shares_frac",
    "activity_commented_shares_frac",
    "activity_posts_frac",
    "activity_articles_frac",
    "activity_written_frac",
    "activity_likes_only",
    "activity_actions_log",
    "activity_posts_log",
)


class ActivitySignal:
    """Activity mix, comment quality and timing.

    Examples
    --------
    >>> import datetime as dt
    >>> from fakeprofile.profile import Profile
    >>> p = Profile.model_validate({"id": "a", "activity": {"window_days": 90, "likes": 212}})
    >>> result = ActivitySignal().extract(p, Context(today=dt.date(2026, 11, 25)))
    >>> result.values["activity_likes_only"]
    1.0
    >>> ActivitySignal().sentence("activity_likes_only", result)
    '212 likes and no comments, shares, posts or articles in the last 90 days'
    """

    name = "activity"
    features: Sequence[Feature] = _features()

    def extract(self, profile: Profile, context: Context) -> SignalResult:
        """Compute every activity feature (see the module docstring)."""
        totals = profile.activity_totals()
        if totals is None:
            missing = dict.fromkeys(_NAMES, _NAN)
            missing["activity_missing"] = 1.0
            return SignalResult(missing, {}, {"missing": True})

        likes = totals.likes
        comments = totals.comments
        bare = totals.shares
        commented = totals.shares_with_comment
        posts = totals.posts
        articles = totals.articles
        written = comments + commented + posts + articles
        total = likes + bare + written
        counts = {
            "likes": likes,
            "comments": comments,
            "shares": bare,
            "shares_with_comment": commented,
            "posts": posts,
            "articles": articles,
        }
        window, window_source = _window(totals, profile, context)

        values: dict[str, float] = {"activity_missing": 0.0}
        values["activity_none"] = 1.0 if total == 0 else 0.0
        if total:
            inv = 1.0 / total
            values["activity_likes_frac"] = likes * inv
            values["activity_comments_frac"] = comments * inv
            values["activity_bare_shares_frac"] = bare * inv
            values["activity_commented_shares_frac"] = commented * inv
            values["activity_posts_frac"] = posts * inv
            values["activity_articles_frac"] = articles * inv
            values["activity_written_frac"] = written * inv
        else:
            for key in _MIX[1:-3]:
                values[key] = 0.0
        values["activity_likes_only"] = 1.0 if total and not written else 0.0
        values["activity_actions_log"] = math.log1p(total)
        values["activity_posts_log"] = math.log1p(posts + articles)

        if window is None:
            values["activity_actions_per_30d_log"] = _NAN
            values["activity_likes_per_30d_log"] = _NAN
            values["activity_written_per_30d_log"] = _NAN
            values["activity_comments_per_30d_log"] = _NAN
        else:
            scale = 30.0 / window
            values["activity_actions_per_30d_log"] = math.log1p(total * scale)
            values["activity_likes_per_30d_log"] = math.log1p(likes * scale)
            values["activity_written_per_30d_log"] = math.log1p(written * scale)
            values["activity_comments_per_30d_log"] = math.log1p(comments * scale)

        facts: dict[str, Any] = {
            "missing": False,
            "counts": counts,
            "total": total,
            "written": written,
            "window_days": window,
            "window_source": window_source,
        }
        evidence: dict[str, list[Evidence]] = {}
        count_ev = [Evidence("counts", {**counts, "window_days": window})]
        for key in _MIX:
            evidence[key] = count_ev
        if window is not None:
            for key in _RATES:
                evidence[key] = count_ev

        texts = totals.comment_texts
        if texts:
            _comment_features(texts, values, facts, evidence)
        else:
            values["activity_comment_length_log"] = _NAN
            values["activity_comment_generic_frac"] = _NAN
            values["activity_comment_repeat_frac"] = _NAN
            facts["comment_texts"] = 0

        events = profile.events
        times = sorted(e.at.timestamp() for e in events if e.at is not None) if events else []
        if len(times) < MIN_TIMED:
            values["activity_timing_missing"] = 1.0
            values["activity_burst_max_log"] = _NAN
            values["activity_rapid_gap_frac"] = _NAN
            values["activity_gap_cv"] = _NAN
            values["activity_quiet_hours"] = _NAN
            facts["timed"] = len(times)
        else:
            _timing_features(times, values, facts, evidence)
        return SignalResult(values, evidence, facts)

    def fact_key(self, feature: str, result: SignalResult) -> str:
        """Equal for two features exactly when their sentences are (see :class:`~.base.Signal`)."""
        facts = result.facts
        if facts.get("missing"):
            return "no activity data"
        if feature.startswith("activity_comment_") and not facts["comment_texts"]:
            return "no comment texts"
        if feature in _TIMING and facts["timed"] < MIN_TIMED:
            return "too few timed actions"
        return feature

    def sentence(self, feature: str, result: SignalResult) -> str:
        """A sentence stating the facts behind ``feature`` (see :class:`~.base.Signal`)."""
        facts = result.facts
        if feature not in _NAMES:
            raise KeyError(f"feature: {feature!r} is not an activity feature")
        if facts.get("missing"):
            return "No activity data is known for this profile"
        when = _window_phrase(facts)
        if feature == "activity_missing":
            return f"Activity data is known: {_plural(facts['total'], 'action')} {when}"
        if feature in _MIX:
            return _mix_sentence(facts["counts"], when)
        if feature.endswith("_per_30d_log"):
            kind = {
                "activity_actions_per_30d_log": ("action", facts["total"]),
                "activity_likes_per_30d_log": ("like", facts["counts"]["likes"]),
                "activity_written_per_30d_log": ("written action", facts["written"]),
                "activity_comments_per_30d_log": ("comment", facts["counts"]["comments"]),
            }[feature]
            n = kind[1]
            if facts["window_days"] is None:
                return (
                    f"{_plural(n, kind[0])} in lifetime totals over a period of unknown "
                    "length (no account creation date)"
                )
            if not n:
                return f"No {kind[0]}s {when}"
            rate = n * 30.0 / facts["window_days"]
            return f"{_plural(n, kind[0])} {when}, about {rate:.3g} per 30 days"
        if feature.startswith("activity_comment_"):
            return _comment_sentence(feature, facts)
        return _timing_sentence(feature, facts)


def _window(totals: ActivityTotals, profile: Profile, context: Context) -> tuple[float | None, str]:
    """The window the totals cover, in days, and where it came from."""
    if totals.window_days is not None:
        return float(totals.window_days), "window"
    if profile.created_at is not None:
        # Lifetime totals: spread over the account's age (at least one day).
        return float(max(1, (context.today - profile.created_at).days)), "account_age"
    return None, "unknown"


def _comment_features(
    texts: Sequence[str],
    values: dict[str, float],
    facts: dict[str, Any],
    evidence: dict[str, list[Evidence]],
) -> None:
    n = len(texts)
    mean_len = sum(map(len, texts)) / n
    folds = [fold(t) for t in texts]
    generic = [t for t, f in zip(texts, folds, strict=True) if _is_generic(f.split(), t)]
    folded = Counter(f or t.strip() for t, f in zip(texts, folds, strict=True))
    repeats = n - len(folded)
    top_text, top_count = folded.most_common(1)[0]
    values["activity_comment_length_log"] = math.log1p(mean_len)
    values["activity_comment_generic_frac"] = len(generic) / n
    values["activity_comment_repeat_frac"] = repeats / n
    facts["comment_texts"] = n
    facts["comment_mean_length"] = mean_len
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
    hours = {int(t // 3600) % 24 for t in times}
    quiet = _longest_quiet_run(hours)
    values["activity_timing_missing"] = 0.0
    values["activity_burst_max_log"] = math.log1p(best)
    values["activity_rapid_gap_frac"] = rapid / len(gaps)
    values["activity_gap_cv"] = cv
    values["activity_quiet_hours"] = float(quiet)
    facts.update(
        timed=n,
        burst_max=best,
        rapid_gaps=rapid,
        gaps=len(gaps),
        gap_cv=cv,
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
                "gap_cv": round(cv, 4),
                "quiet_hours": quiet,
            },
        )
    ]
    for key in (
        "activity_burst_max_log",
        "activity_rapid_gap_frac",
        "activity_gap_cv",
        "activity_quiet_hours",
    ):
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


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n:,} {word}s" if not word.endswith("s") else f"{n:,} {word}"


def _window_phrase(facts: dict[str, Any]) -> str:
    source = facts["window_source"]
    days = facts["window_days"]
    if source == "window":
        return f"in the last {days:,.0f} days" if days != 1 else "in the last day"
    if source == "account_age":
        return f"over the account's lifetime ({days / 365.25:.1f} years)"
    return "over the account's lifetime"


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


def _mix_sentence(counts: dict[str, int], when: str) -> str:
    if not any(counts.values()):
        return f"No likes, comments, shares, posts or articles {when}"
    present = []
    for key, one, many in _LABELS:
        n = counts[key]
        if n:
            present.append(f"1 {one}" if n == 1 else f"{n:,} {many}")
    absent = []
    if not counts["comments"]:
        absent.append("comments")
    if not counts["shares_with_comment"]:
        # "shares" is said once when neither kind of share happened.
        absent.append("shares with a comment" if counts["shares"] else "shares")
    if not counts["posts"]:
        absent.append("posts")
    if not counts["articles"]:
        absent.append("articles")
    if not absent:
        return f"{_join(present, 'and')} {when}"
    return f"{', '.join(present)} and no {_join(absent, 'or')} {when}"


def _comment_sentence(feature: str, facts: dict[str, Any]) -> str:
    n = facts["comment_texts"]
    if not n:
        return "No comment texts are known for this profile"
    texts = _plural(n, "comment text")
    the = "The one comment text" if n == 1 else f"The {texts}"
    if feature == "activity_comment_length_log":
        verb = "has" if n == 1 else "average"
        return f"{the} {verb} {facts['comment_mean_length']:.0f} characters"
    if feature == "activity_comment_generic_frac":
        g = facts["generic_comments"]
        if not g:
            if n == 1:
                return "The one comment text is not a stock phrase or emoji only"
            return f"None of the {texts} is a stock phrase or emoji only"
        examples = ", ".join(repr(t) for t in facts["generic_examples"])
        what = "is a stock phrase" if g == 1 else "are stock phrases"
        return f"{g} of {texts} {what} or emoji only, such as {examples}"
    repeats = facts["repeats"]
    if not repeats:
        return f"No comment text repeats ({texts})"
    top, count = facts["most_repeated"]
    return f"{repeats} of {texts} repeat an earlier one; '{top}' appears {count} times"


def _timing_sentence(feature: str, facts: dict[str, Any]) -> str:
    timed = facts["timed"]
    if feature == "activity_timing_missing" or timed < MIN_TIMED:
        if timed < MIN_TIMED:
            has = (
                "No action has"
                if not timed
                else "Only 1 action has"
                if timed == 1
                else f"Only {timed} actions have"
            )
            return f"{has} a timestamp, too few to judge the timing"
        return f"{_plural(timed, 'action')} with a timestamp"
    if feature == "activity_burst_max_log":
        return (
            f"At most {_plural(facts['burst_max'], 'action')} within {BURST_WINDOW_S // 60} "
            f"minutes, over {timed:,} timed actions"
        )
    if feature == "activity_rapid_gap_frac":
        return (
            f"{facts['rapid_gaps']:,} of {facts['gaps']:,} gaps between consecutive actions "
            f"are shorter than {RAPID_GAP_S // 60} minutes"
        )
    if feature == "activity_gap_cv":
        return (
            f"The gaps between {timed:,} timed actions vary by {facts['gap_cv']:.2f} times "
            "their mean (near 0 is clockwork regularity)"
        )
    return (
        f"The longest stretch of the day without any action is {facts['quiet_hours']} hours "
        f"(UTC), over {timed:,} timed actions in {facts['active_hours']} different hours"
    )


_NAMES: tuple[str, ...] = tuple(f.name for f in ActivitySignal.features)
#: The features whose sentences _timing_sentence writes.
_TIMING = frozenset(
    (
        "activity_timing_missing",
        "activity_burst_max_log",
        "activity_rapid_gap_frac",
        "activity_gap_cv",
        "activity_quiet_hours",
    )
)
