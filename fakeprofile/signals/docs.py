"""Generate the feature documentation (``docs/features.md``) from the registered signals.

Every feature of every signal in :data:`fakeprofile.signals.SIGNALS` gets one
row: name, group, meaning, documented range, and an example sentence written
by the signal itself for a built-in example (a likes-only profile with timed,
clockwork events, sending a canned invitation). A test regenerates the file and
fails when the committed copy differs, so the documentation cannot drift::

    python -m fakeprofile.signals.docs > docs/features.md
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import sys
from collections.abc import Sequence
from typing import Any

from ..errors import FakeProfileError
from ..profile import Invitation, Profile, parse_invitation, parse_profile
from .base import Context, Feature, Signal

__all__ = [
    "REGENERATE",
    "direction_text",
    "example_context",
    "example_profile",
    "feature_list",
    "feature_table",
    "main",
]

logger = logging.getLogger(__name__)

#: The command that regenerates ``docs/features.md``.
REGENERATE = "python -m fakeprofile.signals.docs > docs/features.md"

_TODAY = dt.date(2026, 11, 25)


def example_profile() -> Profile:
    """The profile the example sentences are written for (fixed, deterministic)."""
    start = dt.datetime(2026, 11, 1, 0, 0, tzinfo=dt.UTC)
    # 40 likes every 47 minutes, round the clock: the timing a script produces.
    events: list[dict[str, Any]] = [
        {"type": "like", "at": (start + dt.timedelta(minutes=47 * i)).isoformat()}
        for i in range(40)
    ]
    return parse_profile(
        {
            "id": "example",
            "name": "Dana Whitfield",
            "username": "dana-w-48213",
            "headline": "Senior Recruiter at Northwind",
            "about": "Passionate recruiter connecting talent with opportunity.",
            "experience": [
                {"title": "Senior Recruiter", "company": "Northwind", "start": "2019-03"},
                {"title": "Recruiter", "company": "Contoso", "start": "2016-01", "end": "2021-06"},
            ],
            "created_at": "2026-06-14",
            "connections": 480,
            "followers": 35,
            "following": 2900,
            "has_photo": True,
            "activity": {
                "window_days": 90,
                "likes": 212,
                "comments": 4,
                "shares": 3,
                "shares_with_comment": 0,
                "posts": 0,
                "articles": 0,
                "comment_texts": ["Great post!", "Great post!!", "👏👏", "Thanks for sharing"],
            },
            "events": events,
        }
    )


def example_context() -> Context:
    """The context of the example: pinned date and a canned invitation to a known recipient."""
    invitation: Invitation = parse_invitation(
        {
            "sender": {"id": "example"},
            "message": "Hi Jordan, I see you looked at my profile. Let's talk on WhatsApp: "
            "bit.ly/3xYz",
            "mutual_connections": 14,
            "recipient": {
                "id": "p-jordan",
                "name": "Jordan Reyes",
                "headline": "Engineering Manager at Brightwell Health",
                "experience": [{"title": "Engineering Manager", "company": "Brightwell Health"}],
            },
        }
    )
    return Context(today=_TODAY, invitation=invitation)


def _range(low: float, high: float, missing_ok: bool) -> str:
    def num(x: float) -> str:
        if math.isinf(x):
            return "∞" if x > 0 else "−∞"
        return f"{x:.4g}".replace("-", "−")

    text = f"{num(low)} … {num(high)}"
    return text + ", or nan" if missing_ok else text


def direction_text(feature: Feature) -> str:
    """How risk moves with a feature, in words.

    Examples
    --------
    >>> from fakeprofile.signals import Feature
    >>> direction_text(Feature("x", "account", "", direction="two-sided", normal=(1.0, 3.0)))
    'two-sided (normal 1 … 3)'
    """
    if feature.normal is None:
        return feature.direction
    low, high = feature.normal
    return f"two-sided (normal {low:.3g} … {high:.3g})"


def feature_list(signals: Sequence[Signal] | None = None) -> list[dict[str, Any]]:
    """Every feature as a JSON-ready object: name, group, direction, normal range, meaning.

    ``direction`` is ``up`` (risk rises with the value), ``down`` or
    ``two-sided`` (risk rises outside ``normal``, ``[low, high]``, else ``null``).

    Examples
    --------
    >>> first = feature_list()[0]
    >>> sorted(first)
    ['description', 'direction', 'group', 'high', 'low', 'name', 'normal']
    """
    if signals is None:
        from . import SIGNALS

        signals = SIGNALS
    return [
        {
            "name": f.name,
            "group": f.group,
            "direction": f.direction,
            "normal": list(f.normal) if f.normal is not None else None,
            "description": f.description,
            "low": None if math.isinf(f.low) else f.low,
            "high": None if math.isinf(f.high) else f.high,
        }
        for signal in signals
        for f in signal.features
    ]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def feature_table(signals: Sequence[Signal] | None = None) -> str:
    """The Markdown documentation of every feature of ``signals`` (default: all registered).

    Parameters
    ----------
    signals : sequence of Signal, optional
        Defaults to :data:`fakeprofile.signals.SIGNALS`.

    Returns
    -------
    str
        A Markdown document ending in a newline.

    Examples
    --------
    >>> "| `activity_likes_only` | activity |" in feature_table()
    True
    """
    if signals is None:
        from . import SIGNALS

        signals = SIGNALS
    profile = example_profile()
    context = example_context()
    lines = [
        "# Features",
        "",
        "<!-- Generated by fakeprofile.signals.docs; do not edit. Regenerate with:",
        f"     {REGENERATE} -->",
        "",
        "Every feature of every registered signal: its name (also the reason code), "
        "group, direction, meaning, documented range and an example of the sentence it "
        "produces. *Direction* says how risk moves with the value, and the model's fitted "
        "shape obeys it: `up` (the larger, the more suspicious), `down` (the smaller, the "
        "more suspicious) or `two-sided` (suspicious outside the normal range). "
        "A value may be `nan` only where the range says so: the input is unknown, and an "
        "unknown contributes nothing to the score and never becomes a reason. "
        "The example sentences are written for a built-in example: a young, likes-only "
        "profile whose 40 timed likes come every 47 minutes round the clock, sending a "
        "canned invitation with a shortened link (`fakeprofile.signals.docs.example_profile`).",
        "",
    ]
    for signal in signals:
        try:
            result = signal.extract(profile, context)
        except (FakeProfileError, LookupError, ValueError, OSError) as exc:
            # A signal that cannot run on the example still gets its rows documented.
            logger.warning("signal %s failed on the docs example: %s", signal.name, exc)
            result = None
        lines += [
            f"## {signal.name}",
            "",
            "| feature | group | direction | meaning | range | example sentence (value) |",
            "|---|---|---|---|---|---|",
        ]
        for feature in signal.features:
            example = "—"
            if result is not None:
                try:
                    value = result.values[feature.name]
                    example = (
                        "(unknown for the example: no sentence)"
                        if math.isnan(value)
                        else f"{signal.sentence(feature.name, result)} ({value:.3g})"
                    )
                except (FakeProfileError, LookupError, ValueError) as exc:
                    logger.warning("no example sentence for %s: %s", feature.name, exc)
            lines.append(
                f"| `{feature.name}` | {feature.group} | {direction_text(feature)} | "
                f"{_cell(feature.description)} | "
                f"{_range(feature.low, feature.high, feature.missing_ok)} | {_cell(example)} |"
            )
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the feature documentation to standard output."""
    del argv  # no options
    sys.stdout.write(feature_table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
