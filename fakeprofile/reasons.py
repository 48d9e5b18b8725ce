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

from collections.abc import Callable, Mapping, Sequence
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
    # Python floats from here: a few dozen scalars, where NumPy's per-call cost dominates.
    contribution_list: list[float] = contributions.tolist()
    subscores: dict[str, float] = {}
    for name, c in zip(names, contribution_list, strict=True):
        group = groups.get(name, "other")
        subscores[group] = subscores.get(group, 0.0) + c

    facts = _facts(contribution_list, names, evidence, fact_of, min_contribution)
    raising = [f for f in facts if f[0] >= min_contribution][:max_reasons]
    lowering = [f for f in reversed(facts) if f[0] <= -min_contribution][:max_mitigating]
    # Only the facts kept become Reasons (gathering evidence is the costly part).
    build = _reason_builder(contribution_list, values, names, evidence, fact_of, groups)
    return [build(f) for f in raising], [build(f) for f in lowering], subscores


#: One fact: its total contribution, its sentence, and the features stating it.
_Fact = tuple[float, str, list[int]]


def _facts(
    contributions: list[float],
    names: Sequence[str],
    evidence: ProfileEvidence,
    fact_of: Mapping[str, tuple[Signal, str]],
    min_contribution: float,
) -> list[_Fact]:
    """One entry per distinct fact, strongest risk-raising first.

    Several features can rest on one fact: the signal declares them with one
    ``fact`` key (how many profiles use this photo, how many are older, how
    close), or they write the same sentence (with no activity data, every
    activity feature says so). Their contributions are summed into one
    reason, so a fact appears once, on the side where its total effect lies.
    """
    # First the declared facts: sum every feature's exact contribution per fact.
    declared: dict[tuple[str, str], list[int]] = {}
    for j, name in enumerate(names):
        if contributions[j] == 0.0:  # a feature the model does not use is never a reason
            continue
        signal, lead = fact_of[name]
        declared.setdefault((signal.name, lead), []).append(j)
    # Then facts that different features state in the same words.
    by_text: dict[str, tuple[float, list[int]]] = {}
    for (signal_name, lead), members in declared.items():
        total = sum(contributions[j] for j in members)
        if abs(total) < min_contribution / 4:
            continue  # not worth a sentence, even merged with another
        text = fact_of[names[members[0]]][0].sentence(lead, evidence.results[signal_name])
        before = by_text.get(text)
        if before is None:
            by_text[text] = (total, members)
        else:
            by_text[text] = (before[0] + total, before[1] + members)
    facts = [(total, text, members) for text, (total, members) in by_text.items()]
    return sorted(facts, key=lambda f: -f[0])


def _reason_builder(
    contributions: list[float],
    values: np.ndarray,
    names: Sequence[str],
    evidence: ProfileEvidence,
    fact_of: Mapping[str, tuple[Signal, str]],
    groups: Mapping[str, str],
) -> Callable[[_Fact], Reason]:
    """Make a fact a Reason: coded by the feature with the largest effect, with its evidence."""

    def build(fact: _Fact) -> Reason:
        total, text, members = fact
        strongest = max(members, key=lambda j: abs(contributions[j]))
        found = tuple(
            e
            for j in members
            for e in evidence.results[fact_of[names[j]][0].name].evidence.get(names[j], ())
        )
        return Reason(
            code=names[strongest],
            group=groups.get(names[strongest], "other"),
            text=text,
            contribution=total,
            value=float(values[strongest]),
            evidence=_unique(found),
            codes=tuple(names[j] for j in members),
        )

    return build


def _unique(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    """Evidence in order, each piece once (features of one fact often share it)."""
    seen: set[int] = set()
    out = []
    for e in evidence:
        if id(e) not in seen:
            seen.add(id(e))
            out.append(e)
    return tuple(out)
