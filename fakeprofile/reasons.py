"""From exact contributions and evidence to reasons a person can read.

A :class:`Reason` is one feature's contribution to the logit, the sentence its
signal writes about the fact behind it, and the evidence for that fact. Reasons
are drawn only from features the model uses and only where the contribution is
material, so a reason never mentions a factor the model did not weigh.

Adverse-action practice is to give the few principal reasons, so at most four
risk-raising reasons are returned by default, strongest first; the strongest
risk-lowering factors come separately as ``mitigating``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .features import ProfileEvidence
from .signals import Evidence, Signal

__all__ = ["MIN_CONTRIBUTION", "Reason", "explain_row"]

#: Contributions smaller than this (in logit units) are not worth a sentence.
MIN_CONTRIBUTION = 0.05


@dataclass(frozen=True, slots=True)
class Reason:
    """One factor behind a risk score.

    Attributes
    ----------
    code : str
        Stable code: the feature's name (documented in ``docs/features.md``).
    group : str
        Signal group: activity, account, text, photo or message.
    text : str
        One sentence stating the fact, written by the feature's signal.
    contribution : float
        Exact contribution to the log-odds of being fake (positive raises risk).
    value : float
        The feature's value (``nan`` when its input was missing).
    evidence : tuple of Evidence
        What the fact rests on (matching profiles, counts, matched text...).
    """

    code: str
    group: str
    text: str
    contribution: float
    value: float
    evidence: tuple[Evidence, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "code": self.code,
            "group": self.group,
            "text": self.text,
            "contribution": round(self.contribution, 4),
            "value": None if np.isnan(self.value) else round(float(self.value), 6),
            "evidence": [e.to_dict() for e in self.evidence],
        }


def explain_row(
    contributions: np.ndarray,
    values: np.ndarray,
    names: Sequence[str],
    evidence: ProfileEvidence,
    signal_of: Mapping[str, Signal],
    groups: Mapping[str, str],
    *,
    max_reasons: int = 4,
    max_mitigating: int = 3,
    min_contribution: float = MIN_CONTRIBUTION,
) -> tuple[list[Reason], list[Reason], dict[str, float]]:
    """Reasons, mitigating factors and per-group sub-scores for one scored profile.

    Parameters
    ----------
    contributions, values : ndarray of shape (n_features,)
        The model's exact contributions and the feature values, in ``names`` order.
    names : sequence of str
        Feature names (the model's features).
    evidence : ProfileEvidence
        The signals' results for this profile.
    signal_of : mapping
        Feature name to the signal that declares it (it writes the sentence).
    groups : mapping
        Feature name to its group.

    Returns
    -------
    reasons, mitigating : list of Reason
        Strongest first; each sentence appears once.
    subscores : dict
        Sum of contributions per group (logit units); they add up, with the
        base value, to the logit.
    """
    subscores: dict[str, float] = {}
    for name, c in zip(names, contributions, strict=True):
        group = groups.get(name, "other")
        subscores[group] = subscores.get(group, 0.0) + float(c)

    order = np.argsort(-contributions, kind="stable")
    reasons = _collect(
        order,
        contributions,
        values,
        names,
        evidence,
        signal_of,
        groups,
        sign=1.0,
        limit=max_reasons,
        min_contribution=min_contribution,
    )
    mitigating = _collect(
        order[::-1],
        contributions,
        values,
        names,
        evidence,
        signal_of,
        groups,
        sign=-1.0,
        limit=max_mitigating,
        min_contribution=min_contribution,
    )
    return reasons, mitigating, subscores


def _collect(
    order: np.ndarray,
    contributions: np.ndarray,
    values: np.ndarray,
    names: Sequence[str],
    evidence: ProfileEvidence,
    signal_of: Mapping[str, Signal],
    groups: Mapping[str, str],
    *,
    sign: float,
    limit: int,
    min_contribution: float,
) -> list[Reason]:
    out: list[Reason] = []
    seen: set[str] = set()
    for j in order:
        if len(out) >= limit:
            break
        c = float(contributions[j]) * sign
        if c < min_contribution:
            break
        name = names[j]
        signal = signal_of[name]
        result = evidence.results[signal.name]
        text = signal.sentence(name, result)
        if text in seen:  # two features stating the same fact: say it once
            continue
        seen.add(text)
        out.append(
            Reason(
                code=name,
                group=groups.get(name, "other"),
                text=text,
                contribution=float(contributions[j]),
                value=float(values[j]),
                evidence=tuple(result.evidence.get(name, ())),
            )
        )
    return out
