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
    codes : tuple of str
        Every feature whose contributions were summed into this reason (they
        state the same fact); ``code`` is the one with the largest effect.
    """

    code: str
    group: str
    text: str
    contribution: float
    value: float
    evidence: tuple[Evidence, ...] = field(default=())
    codes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "code": self.code,
            "codes": list(self.codes),
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
    fact_of: Mapping[str, tuple[Signal, str]],
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
    fact_of : mapping
        Feature name to its signal and the feature whose sentence states its
        fact (see :meth:`ProfileVectorizer.fact_of`).
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

    facts = _facts(contributions, values, names, evidence, fact_of, groups, min_contribution)
    reasons = [f for f in facts if f.contribution >= min_contribution]
    mitigating = [f for f in reversed(facts) if f.contribution <= -min_contribution]
    return reasons[:max_reasons], mitigating[:max_mitigating], subscores


def _facts(
    contributions: np.ndarray,
    values: np.ndarray,
    names: Sequence[str],
    evidence: ProfileEvidence,
    fact_of: Mapping[str, tuple[Signal, str]],
    groups: Mapping[str, str],
    min_contribution: float,
) -> list[Reason]:
    """One Reason per distinct fact, strongest risk-raising first.

    Several features can rest on one fact: the signal declares them with one
    ``fact`` key (how many profiles use this photo, how many are older, how
    close), or they write the same sentence (the share of likes and the
    likes-only flag both state the activity counts). Their contributions are
    summed into one reason, so a fact appears once, on the side where its
    total effect lies. The reason's code is the feature with the largest
    effect; ``codes`` lists them all.
    """
    # First the declared facts: sum every feature's exact contribution per fact.
    totals: dict[tuple[str, str], list[int]] = {}
    for j, name in enumerate(names):
        if contributions[j] == 0.0:  # a feature the model does not use is never a reason
            continue
        signal, lead = fact_of[name]
        totals.setdefault((signal.name, lead), []).append(j)
    merged: dict[str, Reason] = {}
    for (_, lead), members in totals.items():
        total = float(contributions[members].sum())
        if abs(total) < min_contribution / 4:
            continue  # not worth a sentence, even merged with another
        strongest = max(members, key=lambda j: abs(contributions[j]))
        signal = fact_of[names[strongest]][0]
        result = evidence.results[signal.name]
        text = signal.sentence(lead, result)
        found = tuple(e for j in members for e in result.evidence.get(names[j], ()))
        here = Reason(
            code=names[strongest],
            group=groups.get(names[strongest], "other"),
            text=text,
            contribution=total,
            value=float(values[strongest]),
            evidence=_unique(found),
            codes=tuple(names[j] for j in members),
        )
        # Then facts that different features state in the same words.
        before = merged.get(text)
        if before is None:
            merged[text] = here
            continue
        stronger = here if abs(total) > abs(before.contribution) else before
        merged[text] = Reason(
            code=stronger.code,
            group=stronger.group,
            text=text,
            contribution=before.contribution + total,
            value=stronger.value,
            evidence=_unique(before.evidence + here.evidence),
            codes=(*before.codes, *here.codes),
        )
    return sorted(merged.values(), key=lambda r: -r.contribution)


def _unique(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    """Evidence in order, each piece once (features of one fact often share it)."""
    seen: set[int] = set()
    out = []
    for e in evidence:
        if id(e) not in seen:
            seen.add(id(e))
            out.append(e)
    return tuple(out)
