"""Signals: feature extractors that turn a profile into named values with evidence.

``SIGNALS`` is the registry: adding a signal is one module plus one line here.
"""

from __future__ import annotations

from .account import AccountSignal
from .activity import ActivitySignal
from .base import (
    Context,
    Evidence,
    Feature,
    Group,
    Signal,
    SignalResult,
    extract_many,
    fact_key_of,
)
from .message import MessageSignal
from .photo import PhotoSignal
from .text import TextSignal

__all__ = [
    "SIGNALS",
    "Context",
    "Evidence",
    "Feature",
    "Group",
    "Signal",
    "SignalResult",
    "extract_many",
    "fact_key_of",
]

#: Every signal, in the order their features appear in a feature vector.
SIGNALS: tuple[Signal, ...] = (
    ActivitySignal(),
    AccountSignal(),
    TextSignal(),
    PhotoSignal(),
    MessageSignal(),
)
