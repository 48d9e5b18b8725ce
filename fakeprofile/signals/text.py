"""The text signal: copied text (near-duplicates in the reference index), text
repeated inside the profile, and generic boilerplate.

Normalisation and signatures live in :mod:`fakeprofile.fingerprints.text`; this
module looks a profile's texts up in the reference index and turns the matches,
its own repeated texts and its stock phrases into features, evidence and
sentences.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from ..fingerprints.text import (
    TEXT_FIELDS,
    TextMatch,
    TextQuery,
    TextSignature,
    normalize,
    profile_words,
    signatures_of_normalized,
)
from ..index.store import MAX_TEXT_MATCHES
from .base import (
    MAX_EVIDENCE,
    Context,
    Evidence,
    Feature,
    Shared,
    SignalResult,
    ask_index,
    known_newer,
    later_chance,
    later_words,
    shared_among,
    whose_account,
)

if TYPE_CHECKING:
    from ..profile import Profile

__all__ = ["BOILERPLATE_PHRASES", "TextSignal", "boilerplate_score", "text_closeness"]


# --------------------------------------------------------------------------- #
# Boilerplate
# --------------------------------------------------------------------------- #

#: Stock phrases of generic, filler profile text, normalised. Each found in a
#: text counts; :func:`boilerplate_score` saturates at four. A small list on
#: purpose: phrases so common in fakes and templates that one alone says
#: little, several together say "filler".
BOILERPLATE_PHRASES: Final[tuple[str, ...]] = (
    "results driven",
    "passionate about",
    "team player",
    "proven track record",
    "self motivated",
    "highly motivated",
    "detail oriented",
    "think outside the box",
    "go getter",
    "hard working",
    "dynamic professional",
    "seasoned professional",
    "strong work ethic",
    "excellent communication skills",
    "fast paced environment",
    "dedicated professional",
    "open to new opportunities",
    "always eager to learn",
    "synergy",
    "thought leader",
)
_BOILERPLATE_SATURATION: Final[int] = 4
_BOILERPLATE_RE: Final = re.compile(
    r"(?<!\S)(?:" + "|".join(re.escape(p) for p in BOILERPLATE_PHRASES) + r")(?!\S)"
)


def boilerplate_score(text: str) -> tuple[float, list[str]]:
    """How much of ``text`` is generic boilerplate: 0 (none) to 1 (four or more stock phrases).

    Returns the score and the distinct :data:`BOILERPLATE_PHRASES` found, in order.

    Examples
    --------
    >>> boilerplate_score("Results-driven team player, passionate about growth.")
    (0.75, ['results driven', 'team player', 'passionate about'])
    """
    return _boilerplate_in(normalize(text))


def _boilerplate_in(words: str) -> tuple[float, list[str]]:
    """:func:`boilerplate_score` of text :func:`normalize` has already normalised."""
    for phrase in BOILERPLATE_PHRASES:
        if phrase in words:
            break
    else:  # most texts: no phrase at all, no regex scan
        return 0.0, []
    found = list(dict.fromkeys(_BOILERPLATE_RE.findall(words)))
    return min(1.0, len(found) / _BOILERPLATE_SATURATION), found


# --------------------------------------------------------------------------- #
# The signal
# --------------------------------------------------------------------------- #


#: The copy features state one fact (who else has this text): one reason says it.
_COPY: Final[str] = "text_copy_count"
#: The field in a profile's own words. Job descriptions are looked up apart (staff
#: paste their company's blurb there), and headlines not at all: "Staff Nurse at
#: Harbour Infirmary" is shared by every staff nurse there.
_OWN_FIELDS: Final[tuple[str, ...]] = ("about",)
#: The fields looked up in the index.
_LOOKED_UP: Final[tuple[str, ...]] = ("about", "experience")
_FEATURES: Final[tuple[Feature, ...]] = (
    Feature("text_copy_count", "text",
            "Other profiles in the index sharing near-identical text with this profile's own "
            "words (its about text; a headline is a job title many share), not counting "
            "profiles known to be newer (they "
            "copied it, if anyone did); nan without an index or without such text (an about "
            "text needs 10 distinct content words: a shorter line is what many people write; each "
            "field's look-up counts at most the 50 most similar; of a stock text shared by "
            "very many profiles, it reads the first 256 indexed). 0 for a shared text, one "
            "that four or more accounts over a year old show, at least half of those with a "
            "creation date (a company's blurb, a template colleagues pass round): it is "
            "nobody's own words, so showing it copies no one; 25 established accounts make "
            "it shared whatever else shows it, and when a look-up stops at its 50 (the rest "
            "unknown) only they do.",
            0.0, math.inf, missing_ok=True, fact=_COPY),
    Feature("text_copy_max_similarity", "text",
            "Highest estimated similarity (Jaccard of the texts' 8-character pieces) of a "
            "matching text; "
            "0 when there is no match or the text is shared.", missing_ok=True, fact=_COPY),
    Feature("text_copy_older_count", "text",
            "Matching profiles whose account is older than this one (the likely originals).",
            0.0, math.inf, missing_ok=True, fact=_COPY),
    Feature("text_copy_newer_chance", "text",
            "For profiles known to be newer that share the about text, the chance that this "
            "profile took it after them all the same (account dates bound when a text was "
            "written, not when; a bought, years-old account can take a newer member's text): "
            "the largest later_chance of them, near 0 beside weeks-old accounts, up to 0.5 "
            "beside accounts as old as this one; 0 when no newer profile shares it or the text is "
            "shared; nan "
            "without this profile's creation date, an index or such text.",
            0.0, 0.5, missing_ok=True, fact=_COPY),
    Feature("text_description_copy_older_count", "text",
            "Older profiles sharing one of this profile's job descriptions. Weaker than a "
            "copied about text: a company's blurb is often pasted by its staff. nan without "
            "an index or without job descriptions.", 0.0, math.inf, missing_ok=True),
    Feature("text_internal_duplication", "text",
            "Highest similarity between two of this profile's own texts (headline, about, "
            "each experience description) when it reaches the threshold at which they count "
            "as the same text pasted twice, else 0; nan with fewer than two texts.",
            missing_ok=True),
    Feature("text_boilerplate", "text",
            "Share of generic stock phrases ('results-driven', 'team player'...), "
            "0 none to 1 four or more; nan without any text.", missing_ok=True),
)  # fmt: skip

#: Similarity from which two of a profile's own texts count as the same text.
INTERNAL_DUPLICATE_THRESHOLD: Final[float] = 0.8


#: How a text field is named in sentences.
_FIELD_WORDS: Final[dict[str, str]] = {
    "headline": "headline",
    "about": "about text",
    "experience": "job descriptions",
}


def text_closeness(similarity: float) -> str:
    """How alike two texts are, in words (from the estimated share of their 8-grams in common).

    Below :data:`CLOSE_COPY` two texts share long passages (whole sentences) but
    not most of their text: what two members writing from the same commonplace
    lines can do without either copying the other, so it is not called a copy.

    >>> text_closeness(1.0), text_closeness(0.75), text_closeness(0.5), text_closeness(0.4)
    ('word for word', 'nearly the same', 'closely copied', 'long passages shared')
    """
    if similarity >= 0.9:
        return "word for word"
    if similarity >= 0.7:
        return "nearly the same"
    if similarity >= CLOSE_COPY:
        return "closely copied"
    return "long passages shared"


#: Estimated similarity from which a text match is described as a copy.
CLOSE_COPY: Final[float] = 0.5

_ALIKE: Final[dict[str, str]] = {
    "word for word": "is word for word the same as",
    "nearly the same": "is nearly the same as",
    "closely copied": "closely copies",
    "long passages shared": "shares long passages with",
}


def _alike(similarity: float) -> str:
    """:func:`text_closeness` as the verb of a sentence ("is nearly the same as")."""
    return _ALIKE[text_closeness(similarity)]


def _match_evidence(
    field: str, match: TextMatch, *, matched_field: bool = True, **extra: object
) -> Evidence:
    """A text match as evidence: our field, the other profile, how close, its date, ``extra``."""
    detail: dict[str, object] = {"field": field, "profile_id": match.profile_id}
    if matched_field:
        detail["matched_field"] = match.field
    detail["similarity"] = round(match.similarity, 3)
    detail["created_at"] = match.created_at.isoformat() if match.created_at else None
    return Evidence("text_match", {**detail, **extra})


class TextSignal:
    """Copied, repeated and generic text: the ``text`` signal.

    Copy features need a reference index (``context.index``); without one they
    are ``nan`` (unknown, so they add nothing). The profile's own name (and
    each part of it) is masked before signatures are computed, since a copier
    changes the name.
    """

    name = "text"
    features: Sequence[Feature] = _FEATURES

    def extract(self, profile: Profile, context: Context) -> SignalResult:
        """Compute every text feature of ``profile``; see :attr:`features`."""
        return self.extract_many([profile], [context])[0]

    def extract_many(
        self, profiles: Sequence[Profile], contexts: Sequence[Context]
    ) -> list[SignalResult]:
        """:meth:`extract` for a chunk of profiles: the index answers their look-ups together."""
        signed = []
        fields: list[tuple[int, str]] = []
        field_texts: list[str] = []
        for k, (profile, context) in enumerate(zip(profiles, contexts, strict=True)):
            texts, pieces, field_words, all_words = profile_words(profile)
            if context.index is not None:  # signatures serve only the look-ups
                for f in texts:
                    if f not in _LOOKED_UP:
                        continue
                    fields.append((k, f))
                    field_texts.append(field_words[f])
            signed.append((texts, pieces, all_words, dict[str, TextSignature | None]()))
        # Every text of the chunk signed in one pass.
        for (k, f), sig in zip(fields, signatures_of_normalized(field_texts), strict=True):
            signed[k][3][f] = sig
        found = self._look_up(profiles, contexts, [sigs for *_, sigs in signed])
        return [
            self._result(profile, context.today, texts, pieces, all_words, matches)
            for profile, context, (texts, pieces, all_words, _), matches in zip(
                profiles, contexts, signed, found, strict=True
            )
        ]

    @staticmethod
    def _look_up(
        profiles: Sequence[Profile],
        contexts: Sequence[Context],
        signatures: Sequence[dict[str, TextSignature | None]],
    ) -> list[dict[str, Sequence[TextMatch]] | None]:
        """Each profile's matches per text field (``None`` without an index)."""
        queries = [
            (i, field, sig)
            for i, sigs in enumerate(signatures)
            if contexts[i].index is not None
            for field in _LOOKED_UP
            if (sig := sigs.get(field)) is not None
        ]
        found: list[dict[str, Sequence[TextMatch]] | None] = [
            None if c.index is None else {} for c in contexts
        ]

        answers = ask_index(
            contexts,
            [(i, TextQuery(profiles[i].id, field, sig)) for i, field, sig in queries],
            lambda ix, qs: ix.text_matches_many(qs),
        )
        for (i, field, _), matches in zip(queries, answers, strict=True):
            table = found[i]
            assert table is not None  # only profiles with an index were queried
            table[field] = matches
        return found

    def _result(
        self,
        profile: Profile,
        today: dt.date,
        texts: dict[str, str],
        pieces: dict[str, set[str]],
        all_words: str,
        found: dict[str, Sequence[TextMatch]] | None,
    ) -> SignalResult:
        values: dict[str, float] = {}
        evidence: dict[str, list[Evidence]] = {}
        facts: dict[str, Any] = {"fields": sorted(texts, key=TEXT_FIELDS.index)}
        for name in ("text_copy_count", "text_copy_max_similarity", "text_copy_older_count",
                     "text_copy_newer_chance", "text_description_copy_older_count"):  # fmt: skip
            values[name] = math.nan  # nothing looked up: unknown, not "no copy"
        if found is not None:
            self._copies(profile, today, texts, found, values, evidence, facts)

        values["text_internal_duplication"] = self._internal(pieces, evidence, facts)

        score, phrases = _boilerplate_in(all_words)  # boilerplate_score of all texts joined
        values["text_boilerplate"] = score if all_words else math.nan
        facts["boilerplate_phrases"] = phrases
        if phrases:
            evidence["text_boilerplate"] = [Evidence("boilerplate", {"phrases": phrases})]
        return SignalResult(values=values, evidence=evidence, facts=facts)

    @staticmethod
    def _copies(
        profile: Profile,
        today: dt.date,
        texts: dict[str, str],
        found: dict[str, Sequence[TextMatch]],
        values: dict[str, float],
        evidence: dict[str, list[Evidence]],
        facts: dict[str, Any],
    ) -> None:
        matches: list[tuple[str, TextMatch]] = []
        newer: list[TextMatch] = []
        own = profile.created_at
        for field in TEXT_FIELDS:
            for m in found.get(field, ()):
                if m.profile_id == profile.id:
                    continue
                # A newer profile with this text copied it from this one (or both
                # from a third), by the dates: how sure they are is a feature apart.
                if not known_newer(m.created_at, own):
                    matches.append((field, m))
                elif field in _OWN_FIELDS:
                    newer.append(m)
        matches.sort(key=lambda fm: (-fm[1].similarity, fm[1].profile_id, fm[0]))
        newer.sort(key=lambda m: (-m.similarity, m.profile_id))
        facts["created_at"] = own
        # Job descriptions apart: a company blurb pasted by its staff is common.
        described = [m for f, m in matches if f == "experience"]
        facts["description_matches"] = described
        if "experience" in texts and own is not None:  # "older" needs our own date
            prior = {m.profile_id for m in described if m.created_at and m.created_at < own}
            values["text_description_copy_older_count"] = float(len(prior))
        matches = [(f, m) for f, m in matches if f in _OWN_FIELDS]
        if not any(f in texts for f in _OWN_FIELDS):
            return
        about = found.get("about", ())
        shared = shared_among(
            ((m.profile_id, m.created_at) for m in about), profile.id, own, today,
            complete=len(about) < MAX_TEXT_MATCHES,
        )  # fmt: skip
        if shared is not None:
            # A text many established accounts show is nobody's own: not a copy.
            matches, newer = [], []
            facts["shared_text"] = shared
            evidence[_COPY] = [Evidence("shared_text", shared.detail())]
        others = {m.profile_id for _, m in matches}
        created = {m.profile_id: m.created_at for _, m in matches}
        older = {
            pid
            for pid, when in created.items()
            if when is not None and profile.created_at is not None and when < profile.created_at
        }
        values["text_copy_count"] = float(len(others))
        values["text_copy_max_similarity"] = max((m.similarity for _, m in matches), default=0.0)
        # Which came first is unknown without our own creation date.
        values["text_copy_older_count"] = float(len(older)) if own is not None else math.nan
        chances = [later_chance(own, m.created_at, today) for m in newer]
        values["text_copy_newer_chance"] = (
            max(chances, default=0.0) if own is not None else math.nan
        )
        facts["newer_matches"] = newer
        if newer:
            evidence["text_copy_newer_chance"] = [
                _match_evidence("about", m, later_chance=round(chance, 3))
                for m, chance in zip(newer[:MAX_EVIDENCE], chances, strict=False)
            ]
        items = [
            _match_evidence(field, m, older=m.profile_id in older)
            for field, m in matches[:MAX_EVIDENCE]  # the closest (sorted above)
        ]
        for name in ("text_copy_count", "text_copy_max_similarity",
                     "text_copy_older_count"):  # fmt: skip
            if items:
                evidence[name] = items
        facts["matches"] = matches
        if described:
            evidence["text_description_copy_older_count"] = [
                _match_evidence("experience", m, matched_field=False)
                for m in described[:MAX_EVIDENCE]
            ]

    @staticmethod
    def _internal(
        pieces: dict[str, set[str]],
        evidence: dict[str, list[Evidence]],
        facts: dict[str, Any],
    ) -> float:
        # Each piece separately: the same description under two positions
        # is the tell, which the joined "experience" field would hide.
        words = [(where, w) for where, w in pieces.items() if w]
        if len(words) < 2:
            facts["internal_pairs"] = []
            return math.nan
        best = 0.0
        pairs: list[tuple[str, str, float]] = []
        for i in range(len(words)):
            for j in range(i + 1, len(words)):
                a, b = words[i][1], words[j][1]
                if not a or not b:
                    continue
                common = len(a & b)
                sim = common / (len(a) + len(b) - common)  # len(a & b) / len(a | b)
                best = max(best, sim)
                if sim >= INTERNAL_DUPLICATE_THRESHOLD:
                    pairs.append((words[i][0], words[j][0], sim))
        facts["internal_pairs"] = pairs
        if pairs:
            evidence["text_internal_duplication"] = [
                Evidence("internal_duplicate", {"fields": [a, b], "similarity": round(s, 3)})
                for a, b, s in pairs
            ]
        # Below the threshold the texts are different texts: one value (0), one sentence.
        return best if pairs else 0.0

    def sentence(self, feature: str, result: SignalResult) -> str:
        """One plain sentence stating the fact behind ``feature``."""
        v = result.values
        f = result.facts
        matches: list[tuple[str, TextMatch]] = f.get("matches", [])
        if feature in ("text_copy_count", "text_copy_max_similarity", "text_copy_older_count",
                       "text_copy_newer_chance"):  # fmt: skip
            newer: list[TextMatch] = f.get("newer_matches", [])
            shared: Shared | None = f.get("shared_text")
            if shared is not None:
                return shared.words("about text")
            if not matches and newer:
                # Only newer profiles share it: by the dates they are the copies.
                first = newer[0]  # known to be newer: both dates are known
                when = whose_account(f.get("created_at"), first.created_at)
                n = len(newer) - 1
                more = f" ({n} more newer profile{'s' if n > 1 else ''} share it)" if n else ""
                return (
                    f"The about text {_alike(first.similarity)} that of profile "
                    f"{first.profile_id}{when}{more}."
                    + later_words(result.values["text_copy_newer_chance"])
                )
            if not matches:
                return "The about text matches no other known profile's text."
            field, best = matches[0]
            # Never newer (those are left out of the matches): older, or nothing said.
            age = whose_account(f.get("created_at"), best.created_at)
            lead = (
                f"The {_FIELD_WORDS.get(field, field)} {_alike(best.similarity)} that of "
                f"profile {best.profile_id}{age}."
            )
            n = int(v["text_copy_count"])
            if n > 1:
                older_value = v["text_copy_older_count"]
                older = 0 if math.isnan(older_value) else int(older_value)
                lead += f" {n} other profiles match this text"
                lead += f", {older} of them older." if older else "."
            return lead
        if feature == "text_description_copy_older_count":
            older = int(v[feature])
            if not older:
                return "No job description matches an older profile's text."
            own_date: dt.date | None = f.get("created_at")
            first = next(
                m for m in f["description_matches"]
                if m.created_at and own_date and m.created_at < own_date
            )  # fmt: skip
            lead = f"A job description {_alike(first.similarity)} one of profile {first.profile_id}"
            if older == 1:
                return f"{lead}, an older account."
            return f"{lead}; {older} older profiles share it."
        if feature == "text_internal_duplication":
            pairs = f.get("internal_pairs", [])
            if pairs:
                a, b, s = max(pairs, key=lambda p: p[2])
                return (
                    f"The profile repeats its own text: '{a}' and '{b}' are "
                    f"{round(s * 100)}% identical."
                )
            return "The profile's texts are all different from each other."
        if feature == "text_boilerplate":
            phrases = f.get("boilerplate_phrases", [])
            if phrases:
                quoted = ", ".join(f"'{p}'" for p in phrases)
                plural = "s" if len(phrases) != 1 else ""
                return f"The text uses {len(phrases)} stock phrase{plural}: {quoted}."
            return "The text uses none of the usual stock phrases."
        raise KeyError(f"feature: {feature!r} is not a text feature")
