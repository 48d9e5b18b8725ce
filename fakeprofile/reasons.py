"""From exact contributions and evidence to reasons a person can read.

A :class:`Reason` is one feature's contribution to the logit, the sentence its
signal writes about the fact behind it, and the evidence for that fact. Reasons
are drawn only from features the model uses and only where the contribution is
material, so a reason never mentions a factor the model did not weigh.

Adverse-action practice is to give the few principal reasons, so at most four
risk-raising reasons are returned by default, strongest first; the strongest
risk-lowering factors come separately as ``mitigating``.

A model with pair terms (two features weighed together, see
:class:`~fakeprofile.model.RiskModel`) gives each pair its own reason: coded
``"a&b"``, it states both facts, says whether together they raise or lower the
risk beyond what each says alone (its sign, so the sentence cannot contradict
it), and cites both features' evidence. A pair term is 0 when either feature is
unknown, so an unknown never becomes part of a reason.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .features import ProfileEvidence
from .signals import Evidence, Signal
from .signals.base import tagged_fact_key

__all__ = ["MIN_CONTRIBUTION", "Explainer", "Reason"]

#: Contributions smaller than this (in logit units) are not worth a sentence.
MIN_CONTRIBUTION = 0.05


@dataclass(frozen=True, slots=True, init=False)
class Reason:
    """One factor behind a risk score.

    Attributes
    ----------
    code : str
        Stable code: the feature's name (documented in ``docs/features.md``),
        or ``"a&b"`` for a pair term of features ``a`` and ``b``.
    group : str
        Signal group: activity, account, text, photo or message (a pair term
        of two groups: both, joined by ``+``).
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

    def __init__(
        self,
        code: str,
        group: str,
        text: str,
        contribution: float,
        value: float,
        evidence: tuple[Evidence, ...] = (),
        codes: tuple[str, ...] = (),
    ) -> None:
        # Frozen: set through the slots themselves, as Evidence does (a few a profile,
        # and as many again when worker processes send them back).
        _set["code"](self, code)
        _set["group"](self, group)
        _set["text"](self, text)
        _set["contribution"](self, contribution)
        _set["value"](self, value)
        _set["evidence"](self, evidence)
        _set["codes"](self, codes)

    def __reduce__(self) -> tuple[type[Reason], tuple[Any, ...]]:
        # Pickled as a constructor call (see Evidence.__reduce__).
        return (
            Reason,
            (
                self.code,
                self.group,
                self.text,
                self.contribution,
                self.value,
                self.evidence,
                self.codes,
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "code": self.code,
            "codes": list(self.codes),
            "group": self.group,
            "text": self.text,
            "contribution": round(self.contribution, 4),
            # ``v != v`` only for nan (np.isnan costs a microsecond a call here).
            "value": None if self.value != self.value else round(float(self.value), 6),
            "evidence": [e.to_dict() for e in self.evidence],
        }


#: The slots' own setters (which the frozen dataclass's __setattr__ stands in front of).
_set: dict[str, Callable[[Reason, Any], None]] = {
    name: vars(Reason)[name].__set__
    for name in ("code", "group", "text", "contribution", "value", "evidence", "codes")
}

#: One fact: its total contribution, the declared facts it merges (the first one's
#: sentence states it) and that sentence if it was written already (else None).
_Fact = tuple[float, list[int], str | None]

#: How a declared fact's merging key is made (see ``Explainer._plans``).
_FIXED, _KEYED, _SENTENCE = 0, 1, 2


class Explainer:
    """Reasons, mitigating factors and sub-scores for scored rows.

    Built once per model (the layout of facts and groups over its features),
    then applied to chunks of rows: the per-fact and per-group sums are taken
    for the whole chunk at once, and sentences are written only for the facts
    kept.

    Parameters
    ----------
    names : sequence of str
        The model's features, in the order of the contribution columns.
    fact_of : mapping
        Feature name to its signal and the feature whose sentence states its
        fact (see :meth:`ProfileVectorizer.fact_of`).
    groups : mapping
        Feature name to its group.
    max_reasons, max_mitigating : int
        How many risk-raising reasons and risk-lowering factors to keep.
    min_contribution : float
        Smallest total contribution (logit units) worth a reason.
    pairs : sequence of (int, int), optional
        The model's pair terms, as indices into ``names``
        (:meth:`~fakeprofile.model.RiskModel.pair_indices`); their
        contributions follow the features' columns. Each pair's contribution
        counts half in each of its features' group sub-scores.
    """

    def __init__(
        self,
        names: Sequence[str],
        fact_of: Mapping[str, tuple[Signal, str]],
        groups: Mapping[str, str],
        *,
        max_reasons: int = 4,
        max_mitigating: int = 3,
        min_contribution: float = MIN_CONTRIBUTION,
        pairs: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.names = list(names)
        self.pairs = [(int(i), int(j)) for i, j in pairs]
        self.max_reasons = max_reasons
        self.max_mitigating = max_mitigating
        self.min_contribution = min_contribution
        self._groups = [groups.get(n, "other") for n in self.names]
        self._signals = [fact_of[n][0].name for n in self.names]
        # Declared facts, in the order their first feature appears.
        fact_keys: dict[tuple[str, str], int] = {}
        self._facts: list[tuple[Signal, str]] = []
        fact_index = []
        for name in self.names:
            signal, lead = fact_of[name]
            key = (signal.name, lead)
            if key not in fact_keys:
                fact_keys[key] = len(self._facts)
                self._facts.append((signal, lead))
            fact_index.append(fact_keys[key])
        self._fact_index = fact_index
        self._members = [
            [j for j, f in enumerate(fact_index) if f == k] for k in range(len(self._facts))
        ]
        # Per declared fact, how its key (as fact_key_of makes it, with the signal's
        # name) is made: fixed for the fact, by the signal's fact_key, or the sentence.
        self._plans: list[tuple[int, str, str, Callable[[str, Any], Hashable], Hashable]] = []
        for signal, lead in self._facts:
            fixed = getattr(signal, "fixed_fact_key", None)
            keyed = getattr(signal, "fact_key", None)
            if fixed is not None:
                fixed_key = (signal.name, tagged_fact_key(fixed(lead)))
                self._plans.append((_FIXED, signal.name, lead, signal.sentence, fixed_key))
            elif keyed is not None:
                self._plans.append((_KEYED, signal.name, lead, keyed, None))
            else:
                self._plans.append((_SENTENCE, signal.name, lead, signal.sentence, None))
        self._fact_sums = _ColumnSums(fact_index, len(self._facts))
        self._group_names = list(dict.fromkeys(self._groups))
        self._group_sums = _ColumnSums(
            [self._group_names.index(g) for g in self._groups], len(self._group_names)
        )

    def explain(
        self, contributions: np.ndarray, values: np.ndarray, evidence: Sequence[ProfileEvidence]
    ) -> list[tuple[list[Reason], list[Reason], dict[str, float]]]:
        """For each row: reasons, mitigating factors (strongest first) and sub-scores.

        Parameters
        ----------
        contributions, values : ndarray of shape (n_rows, n_features)
            The model's exact contributions and the feature values.
        evidence : sequence of ProfileEvidence
            The signals' results for each row.

        Returns
        -------
        list of (reasons, mitigating, subscores)
            Each sentence appears once; the sub-scores (sum of contributions
            per group, logit units) add up, with the base value, to the logit.
        """
        n = len(self.names)
        features = contributions[:, :n]
        pair_values = contributions[:, n:].tolist()
        if self.pairs:  # half of each pair term to each of its features' groups
            features = features.copy()
            for k, (i, j) in enumerate(self.pairs):
                half = contributions[:, n + k] / 2.0
                features[:, i] += half
                features[:, j] += contributions[:, n + k] - half
        sums = self._fact_sums(contributions[:, :n])
        # The facts worth a look in each row (an unknown or unused fact, 0,
        # says nothing; nor does one below a quarter of the floor, even merged
        # with another), found for the whole chunk at once.
        said = ~((np.abs(sums) < self.min_contribution / 4) | (sums == 0.0))
        rows_of, facts_of = np.nonzero(said)
        ends = np.searchsorted(rows_of, np.arange(1, len(evidence) + 1)).tolist()
        kept = facts_of.tolist()
        totals = sums.tolist()
        subscores = self._group_sums(features).tolist()
        # Python floats from here: a few dozen scalars a row, where NumPy's
        # per-call cost would dominate.
        rows = contributions.tolist()
        value_rows = values.tolist()
        out = []
        start = 0
        for i, end in enumerate(ends):
            out.append(
                self._row(
                    rows[i],
                    value_rows[i],
                    kept[start:end],
                    totals[i],
                    subscores[i],
                    evidence[i],
                    pair_values[i],
                )
            )
            start = end
        return out

    def _row(
        self,
        contributions: list[float],
        values: list[float],
        kept: list[int],
        totals: list[float],
        subscores: list[float],
        evidence: ProfileEvidence,
        pair_values: list[float],
    ) -> tuple[list[Reason], list[Reason], dict[str, float]]:
        facts = self._facts_of_row(kept, totals, evidence)
        if self.pairs:
            # A pair's own fact, numbered after the declared facts; 0 (an unknown) never counts.
            facts += [
                (v, [len(self._facts) + k], None)
                for k, v in enumerate(pair_values)
                if v != 0.0 and abs(v) >= self.min_contribution / 4
            ]
            facts.sort(key=lambda f: -f[0])
        floor = self.min_contribution
        raising = [f for f in facts if f[0] >= floor][: self.max_reasons]
        lowering = [f for f in reversed(facts) if f[0] <= -floor][: self.max_mitigating]
        # Only the facts kept become Reasons (gathering evidence is the costly part).
        chosen = [self._reason(f, contributions, values, evidence) for f in raising + lowering]
        return (
            chosen[: len(raising)],
            chosen[len(raising) :],
            dict(zip(self._group_names, subscores, strict=True)),
        )

    def _facts_of_row(
        self, kept: list[int], totals: list[float], evidence: ProfileEvidence
    ) -> list[_Fact]:
        """One entry per distinct fact, strongest risk-raising first.

        ``kept`` are the declared facts whose total is material (see
        :meth:`explain`), ``totals`` every declared fact's total.
        Several features can rest on one fact: the signal declares them with
        one ``fact`` key (how many profiles use this photo, how many are
        older, how close), or they write the same sentence (with no activity
        data, every activity feature says so; the signal's
        :func:`~fakeprofile.signals.fact_key_of` tells which without writing
        them). Their contributions are summed
        into one reason, so a fact appears once, on the side where its total
        effect lies. A feature the model does not use (a contribution of
        exactly 0) is never part of a reason.
        """
        results = evidence.results
        plans = self._plans
        merged: dict[Hashable, _Fact] = {}
        for k in kept:
            total = totals[k]
            how, name, lead, make, key = plans[k]
            text = None
            if how == _KEYED:
                key = (name, tagged_fact_key(make(lead, results[name])))
            elif how == _SENTENCE:
                text = str(make(lead, results[name]))
                key = (name, text)
            if key in merged:  # the same fact, stated by another declared fact
                before, facts, written = merged[key]
                merged[key] = (before + total, [*facts, k], written)
            else:
                merged[key] = (total, [k], text)
        return sorted(merged.values(), key=lambda f: -f[0])

    def _reason(
        self,
        fact: _Fact,
        contributions: list[float],
        values: list[float],
        evidence: ProfileEvidence,
    ) -> Reason:
        """A fact as a Reason: coded by the feature with the largest effect, with its evidence."""
        total, facts, text = fact
        first = facts[0]
        if first >= len(self._facts):
            return self._pair_reason(first - len(self._facts), total, values, evidence)
        results = evidence.results
        if text is None:  # not written to merge facts: the sentence of the first one
            signal, lead = self._facts[first]
            text = signal.sentence(lead, results[signal.name])
        members = [
            j
            for j in (self._members[first] if len(facts) == 1 else self._members_of(facts))
            if contributions[j] != 0.0
        ]
        names = self.names
        signals = self._signals
        if len(members) == 1:
            (strongest,) = members
            found = results[signals[strongest]].evidence.get(names[strongest])
            if not found:
                cited: tuple[Evidence, ...] = ()
            elif len(found) == 1:
                cited = (found[0],)
            else:
                cited = _unique(tuple(found))
            codes: tuple[str, ...] = (names[strongest],)
        else:
            strongest = max(members, key=lambda j: abs(contributions[j]))
            # Features of one fact often share one evidence list: read each list once.
            lists: dict[int, list[Evidence]] = {}
            for j in members:
                found = results[signals[j]].evidence.get(names[j])
                if found:
                    lists[id(found)] = found
            if not lists:
                cited = ()
            elif len(lists) == 1:
                (only,) = lists.values()
                cited = (only[0],) if len(only) == 1 else _unique(tuple(only))
            else:
                cited = _unique(tuple([e for found in lists.values() for e in found]))
            codes = tuple([names[j] for j in members])
        return Reason(
            names[strongest],
            self._groups[strongest],
            text,
            total,
            values[strongest],
            cited,
            codes,
        )

    def _members_of(self, facts: list[int]) -> list[int]:
        return [j for k in facts for j in self._members[k]]

    def _pair_reason(
        self, k: int, total: float, values: list[float], evidence: ProfileEvidence
    ) -> Reason:
        """Pair term ``k`` as a Reason: both facts, and which way they move the risk together."""
        i, j = self.pairs[k]
        sentences = []
        for f in (i, j):
            signal, lead = self._facts[self._fact_index[f]]
            sentences.append(signal.sentence(lead, evidence.results[signal.name]).rstrip(". "))
        way = (
            "raise the risk more than each does alone"
            if total > 0
            else "lower the risk below what each says alone"
        )
        lists = {
            id(found): found
            for f in (i, j)
            if (found := evidence.results[self._signals[f]].evidence.get(self.names[f]))
        }
        groups = list(dict.fromkeys((self._groups[i], self._groups[j])))
        return Reason(
            code=f"{self.names[i]}&{self.names[j]}",
            group="+".join(groups),
            text=f'Taken together, two facts {way}: "{sentences[0]}" and "{sentences[1]}".',
            contribution=total,
            value=float(values[i]),
            evidence=_unique(tuple(e for found in lists.values() for e in found)),
            codes=(self.names[i], self.names[j]),
        )


class _ColumnSums:
    """Sums of columns by label, for many rows: ``out[:, k]`` sums the columns labelled ``k``.

    A permutation and ``np.add.reduceat`` rather than a product with a 0/1
    matrix, which would go through BLAS and its threads for a tiny product.
    """

    def __init__(self, labels: Sequence[int], n_labels: int) -> None:
        order = np.argsort(np.asarray(labels, dtype=np.intp), kind="stable")
        counts = np.bincount(np.asarray(labels, dtype=np.intp), minlength=n_labels)
        if (counts == 0).any():
            raise ValueError("every label needs at least one column")
        self._order = order
        self._starts = np.concatenate(([0], np.cumsum(counts)[:-1]))

    def __call__(self, matrix: np.ndarray) -> np.ndarray:
        sums: np.ndarray = np.add.reduceat(matrix[:, self._order], self._starts, axis=1)
        return sums


def _unique(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    """Evidence in order, each piece once (features of one fact often share it)."""
    seen: set[int] = set()
    out = []
    for e in evidence:
        if id(e) not in seen:
            seen.add(id(e))
            out.append(e)
    return tuple(out)
