"""Vetting a connection invitation: accept, ask a question first, or decline.

The advice this follows (see the seed articles): when a stranger invites you,
ask them a question before accepting; fakes like things but rarely comment or
write; copied photos and text give them away; canned, unpersonalised messages
are a warning sign; mutual connections prove little, because fakes collect
them to borrow credibility.

The decision is made in this order, and :class:`Vetting` says which step decided:

1. **Hard rules** (few, named, documented in :data:`HARD_RULES`) decline
   outright whatever the score.
2. **Risk thresholds** of the :class:`Policy` (by default the model card's
   levels: ``high`` starts where the model's false-positive rate is 1%, so a
   genuine sender is declined about once in a hundred; ``medium`` at 10%).
3. **A photo shared with a newer profile** in the index means "ask first",
   even at low risk: the hard rule declines only when the other profile is
   not newer (the sender may be the original), but an account bought or
   taken over can be older than the member it copies.
4. **Message findings**: a canned or unpersonalised note, links or
   attachments from a stranger, or a request to move off-platform mean
   "ask first", even at low risk.
5. Otherwise: accept.

The suggested question is drawn from what looked off (the claimed employer,
the generic note, the copied text, the likes-only activity), never one fixed
string for everyone.

The verdict is written for a person, so each point is made once:

* a hard rule's sentence speaks for its fact (the photo rules replace the
  score's photo reasons);
* the message findings speak for the note, so the model's message-group
  reasons (word counts, stock openers, mutual connections) are never
  listed, as concerns or in the sender's favour;
* only facts that move the risk by at least :attr:`Policy.concern_floor`
  (logit units) are listed, so neutral facts do not read as concerns;
* a fact given as a reason to accept is not repeated "in its favour".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ._format import format_risk, printable
from .errors import FakeProfileError
from .fingerprints.photo import PhotoMatch, profile_fingerprint, same_photo
from .io import _parse_invitation, read_one
from .modelfile import TrainedModel
from .profile import Invitation
from .reasons import Reason
from .scoring import RiskScore, Scorer, cached_scorer
from .signals.base import whose_account
from .signals.message import MessageFindings, message_findings
from .signals.photo import PhotoLookup, photo_lookup

if TYPE_CHECKING:
    from .index.lookup import IndexLike

__all__ = ["HARD_RULES", "Decision", "Policy", "Vetting", "vet"]

Decision = Literal["accept", "ask", "decline"]

#: The hard rules that decline whatever the score, with what each means.
HARD_RULES: dict[str, str] = {
    "photo_is_recipients": "the sender's photo is the recipient's own photo",
    "photo_in_network": (
        "the sender's photo is the photo of another profile in the index "
        "(the recipient's network) that is not newer than the sender: someone else's photo"
    ),
    "asks_for_money_or_data": "the note asks for money, bank details or personal data",
}


@dataclass(frozen=True)
class Policy:
    """How risk and findings map to a decision. Every field can be set by the user.

    Parameters
    ----------
    decline_at : float, optional
        Decline at this risk or above. ``None``: the model card's ``high``
        threshold (false-positive rate ≤ 1% on out-of-fold training data).
    ask_at : float, optional
        Ask first at this risk or above. ``None``: the card's ``medium``
        threshold (false-positive rate ≤ 10%).
    ask_if_canned : bool, default=True
        Ask first when the note is a stock opener or not personalised.
    ask_if_links : bool, default=True
        Ask first when a stranger's invitation carries links or attachments.
    ask_if_off_platform : bool, default=True
        Ask first when the note asks to move to e-mail or another app.
    ask_if_photo_shared : bool, default=True
        Ask first when the sender's photo is also the photo of a *newer*
        profile in the index (which the ``photo_in_network`` rule leaves
        alone, as the sender may be the original): one of the two is a copy,
        and an account bought or taken over can be older than the member it
        copies, so the dates alone cannot say which.
    hard_rules : frozenset of str
        Which of :data:`HARD_RULES` apply (all by default).
    concern_floor : float, default=0.25
        Smallest contribution to the log-odds (in logit units, as in
        :attr:`~fakeprofile.reasons.Reason.contribution`) for a fact to be
        listed: as a concern when it raises the risk by at least this much,
        in the sender's favour when it lowers it by at least this much. At
        0.25 a fact alone moves a 50% risk by about 6 points; smaller ones
        (a username's entropy, a text that is not repeated) are neutral facts
        and not listed. The score keeps every reason either way.
    """

    decline_at: float | None = None
    ask_at: float | None = None
    ask_if_canned: bool = True
    ask_if_links: bool = True
    ask_if_off_platform: bool = True
    ask_if_photo_shared: bool = True
    hard_rules: frozenset[str] = field(default_factory=lambda: frozenset(HARD_RULES))
    concern_floor: float = 0.25

    def __post_init__(self) -> None:
        for name in ("decline_at", "ask_at"):
            value = getattr(self, name)
            if value is not None and not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be in [0, 1], got {value}")
        ask, decline = self.ask_at, self.decline_at
        if ask is not None and decline is not None and ask > decline:
            raise ValueError(
                f"ask_at ({ask}) must not be above decline_at ({decline}): "
                "a risk worth declining is worth a question first"
            )
        if not 0.0 <= self.concern_floor < float("inf"):
            raise ValueError(f"concern_floor must be ≥ 0 and finite, got {self.concern_floor}")
        unknown = sorted(set(self.hard_rules) - set(HARD_RULES))
        if unknown:
            raise ValueError(f"hard_rules has unknown rules {unknown}; known: {sorted(HARD_RULES)}")

    def resolved(self, model: TrainedModel) -> Policy:
        """This policy with the model's thresholds filled in where left ``None``."""
        t = model.model.thresholds_
        decline = t["high"] if self.decline_at is None else self.decline_at
        ask = t["medium"] if self.ask_at is None else self.ask_at
        return replace(self, decline_at=decline, ask_at=min(ask, decline))


@dataclass(frozen=True)
class Vetting:
    """The verdict on one invitation.

    Attributes
    ----------
    invitation_id : str or None
        The invitation's ``id``.
    sender_id : str
        The sender's ``id``.
    decision : {"accept", "ask", "decline"}
    decided_by : str
        ``"rule:<name>"``, ``"risk"``, ``"photo"`` (the photo is shared with a
        newer profile in the index), ``"message"`` or ``"default"``.
    why : tuple of str
        Plain sentences behind the decision, most important first, each fact
        once: for *accept* the facts in the sender's favour, otherwise the
        concerns (facts that raise the risk by at least the policy's
        ``concern_floor``, and what the note shows).
    question : str or None
        For ``ask``: a question to send before accepting.
    score : RiskScore
        The sender's risk score, with reasons and evidence.
    findings : MessageFindings
        What the note says (canned, personalised, links, off-platform...).
    policy : Policy
        The policy as applied (thresholds filled in).
    sender_name : str or None
        The sender's display name, when the profile gives one.
    in_favour : tuple of str
        For *ask*: the strongest facts that lower the risk (not repeated
        from ``why``). Empty for *decline*, and for *accept*, whose ``why``
        already lists them.
    notes : tuple of str
        What could not be checked, e.g. whether the note is personal when the
        recipient's own profile was not given.
    """

    invitation_id: str | None
    sender_id: str
    decision: Decision
    decided_by: str
    why: tuple[str, ...]
    question: str | None
    score: RiskScore
    findings: MessageFindings
    policy: Policy
    sender_name: str | None = None
    in_favour: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def explain(self) -> str:
        """A short text for a person: the decision, why, and the question to ask.

        The header names the sender (``Name (id)``) and the risk, shown as
        ``<1%`` or ``>99%`` at the ends (see :func:`~fakeprofile._format.format_risk`).
        Names, ids and sentences show control characters escaped
        (:func:`~fakeprofile._format.printable`): each line of the text is one
        line on a terminal, whatever the invitation held.
        """
        verb = {
            "accept": "Accept",
            "ask": "Ask a question before accepting",
            "decline": "Decline",
        }[self.decision]
        who = f"{self.sender_name} ({self.sender_id})" if self.sender_name else self.sender_id
        risk = format_risk(self.score.risk)
        lines = [f"{verb}: invitation from {who} (risk {risk}, {self.score.level})."]
        lines += [f"  - {sentence}" for sentence in self.why]
        if self.in_favour:
            lines.append(
                "  In its favour: " + "; ".join(t.rstrip(".") for t in self.in_favour) + "."
            )
        lines += [f"  {note}" for note in self.notes]
        if self.question:
            lines.append(f"  Suggested question: {self.question}")
        return "\n".join(printable(line) for line in lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        f = self.findings
        return {
            "invitation_id": self.invitation_id,
            "sender_id": self.sender_id,
            "sender_name": self.sender_name,
            "decision": self.decision,
            "decided_by": self.decided_by,
            "why": list(self.why),
            "in_favour": list(self.in_favour),
            "notes": list(self.notes),
            "question": self.question,
            "score": self.score.to_dict(),
            "message": {
                "canned": f.canned,
                "opener": f.opener,
                "personalised": f.personalised,
                "matched_terms": [list(t) for t in f.matched_terms],
                "links": list(f.links),
                "attachments": list(f.attachments),
                "off_platform": list(f.off_platform),
                "money_or_data": list(f.money_or_data),
                "mutual_connections": f.mutual_connections,
            },
            "policy": {
                "decline_at": self.policy.decline_at,
                "ask_at": self.policy.ask_at,
                "hard_rules": sorted(self.policy.hard_rules),
                "concern_floor": self.policy.concern_floor,
            },
        }

    def to_json(self) -> str:
        """One line of JSON."""
        return json.dumps(self.to_dict(), ensure_ascii=False)


# --------------------------------------------------------------------------- rules


def _hard_rules(
    invitation: Invitation, photo: PhotoLookup | None, policy: Policy
) -> list[tuple[str, str]]:
    """The hard rules that fire, each with the sentence that says why.

    ``photo`` is what the photo signal found for the sender (its fingerprint
    and its matches in the index), so the photo is decoded and looked up once.
    """
    fired: list[tuple[str, str]] = []
    sender = invitation.sender
    # None: no photo, or unreadable (a feature, not a rule).
    fp = photo.fingerprint if photo is not None else None
    recipient = invitation.recipient
    # A shared photo (a company's logo many established accounts show) is nobody's own:
    # the sender showing it too takes it from no one, the recipient included.
    shared = photo is not None and photo.shared is not None
    if (
        fp is not None
        and not shared
        and recipient is not None
        and "photo_is_recipients" in policy.hard_rules
    ):
        try:
            theirs = profile_fingerprint(recipient)
        except (FakeProfileError, ValueError):
            theirs = None
        # A plain photo identifies no one: it is nobody's photo (same_photo says no).
        if theirs is not None and same_photo(fp, theirs):
            fired.append(("photo_is_recipients", "The sender's photo is your own profile photo."))
    if "photo_in_network" in policy.hard_rules:
        # Someone else's photo: a profile in the network not known to be younger
        # than the sender (the photo signal's ``prior``: had the sender's photo been
        # copied by a newer profile in the network, declining the original owner
        # would be wrong).
        matches = [
            m
            for m in (photo.prior if photo is not None else ())
            if recipient is None or m.profile_id != recipient.id
        ]
        if matches:
            m = min(matches, key=lambda m: m.distance)
            fired.append(
                (
                    "photo_in_network",
                    f"This photo is also the photo of {_who(m)} in your network"
                    f"{whose_account(sender.created_at, m.created_at)}.",
                )
            )
    return fired


def _shared_with_newer(invitation: Invitation, photo: PhotoLookup | None) -> PhotoMatch | None:
    """The closest profile in the index, newer than the sender, with the sender's photo.

    The photo signal leaves such matches out of its ``prior`` (a copy counts
    against the newer profile), and so does the ``photo_in_network`` rule.
    """
    if photo is None:
        return None
    prior = {m.profile_id for m in photo.prior}
    own = invitation.recipient.id if invitation.recipient is not None else None
    newer = [m for m in photo.matches if m.profile_id not in prior and m.profile_id != own]
    return min(newer, key=lambda m: m.distance) if newer else None


def _who(match: PhotoMatch) -> str:
    return f"{match.name} ({match.profile_id})" if match.name else match.profile_id


def _findings_sentences(f: MessageFindings) -> list[tuple[str, str]]:
    """(kind, sentence) for each message finding that calls for a question."""
    out: list[tuple[str, str]] = []
    if not f.has_message:
        out.append(
            ("canned", "The invitation has no note: nothing shows the sender knows who you are.")
        )
    elif f.canned:
        opener = f" ('{f.opener}')" if f.opener else ""
        out.append(("canned", f"The note is a stock opener{opener}, the kind sent to many people."))
    elif f.personalised is False:
        out.append(
            (
                "canned",
                "The note mentions nothing from your profile: it could have been sent to anyone.",
            )
        )
    if f.links or f.attachments:
        n = len(f.links) + len(f.attachments)
        out.append(
            (
                "links",
                f"The invitation carries {n} link(s) or attachment(s).",
            )
        )
    if f.off_platform:
        out.append(
            (
                "off_platform",
                f"The note asks to move the conversation elsewhere ('{f.off_platform[0]}').",
            )
        )
    return out


# --------------------------------------------------------------------------- questions


def _question(
    invitation: Invitation, score: RiskScore, f: MessageFindings, shared: PhotoMatch | None
) -> str:
    """A concrete question drawn from what looked off, most telling first.

    A claim the sender can answer and a fake cannot easily check is best: the
    team at the employer the profile names, then why they wrote to *you*, then
    what they do on the platform besides liking things.
    """
    sender = invitation.sender
    codes = {c for r in score.reasons for c in r.codes}
    job = next((e for e in sender.experience or () if e.end is None and e.company), None)
    school = next((e.school for e in sender.education or () if e.school), None)
    generic_note = not f.has_message or f.canned or f.personalised is False
    if shared is not None:
        return (
            f"Your profile photo is also the photo of {_who(shared)}, who is in my network: "
            "how do you two know each other?"
        )
    if any(c.startswith(("text_copy", "photo_reuse")) for c in codes) and job is not None:
        role = f" as {job.title}" if job.title else ""
        return (
            f"Your profile says you work at {job.company}{role}: "
            "which team are you in there, and who do you report to?"
        )
    if generic_note and invitation.recipient is not None:
        company = next(
            (
                e.company
                for e in invitation.recipient.experience or ()
                if e.end is None and e.company
            ),
            None,
        )
        if company:
            return (
                "Thanks for the invitation. What made you want to connect with me, "
                f"and what is your interest in {company}?"
            )
    if generic_note and job is not None:
        return (
            f"Thanks for the invitation. How long have you been at {job.company}, "
            "and what made you want to connect?"
        )
    if any(c.startswith("activity_") for c in codes):
        return (
            "I mostly see likes from you here: which topics do you follow most closely, "
            "and what do you work on yourself?"
        )
    if job is not None:
        return (
            f"How long have you been at {job.company}, and what are you working on at the moment?"
        )
    if school is not None:
        return f"I see you studied at {school}: which years were you there, and what did you study?"
    return (
        "Thanks for the invitation. How did you come across my profile, "
        "and what would you like to talk about?"
    )


# --------------------------------------------------------------------------- vet


def vet(
    invitation: Invitation | Mapping[str, Any] | str | Path,
    *,
    index: IndexLike | None = None,
    model: TrainedModel | str | Path | None = None,
    policy: Policy | None = None,
    scorer: Scorer | None = None,
    photo_root: str | Path | None = None,
) -> Vetting:
    """Decide whether to accept, question or decline a connection invitation.

    Parameters
    ----------
    invitation : Invitation, dict, or path
        The invitation (a path names a JSON file with one invitation).
    index : ReferenceIndex or path, optional
        Typically the recipient's own network (their profile and their
        connections), so a sender who copied one of their photos or texts is
        caught and named.
    model : TrainedModel or path, optional
        The default model when omitted.
    policy : Policy, optional
        Thresholds and rules; the default policy uses the model card's levels.
    scorer : Scorer, optional
        A ready scorer (overrides ``model`` and ``index``), for batches.
    photo_root : str or Path, optional
        For an invitation read from a file: one more folder its photos may
        point into (by default only the file's own folder, by relative paths).

    Returns
    -------
    Vetting

    Examples
    --------
    >>> from fakeprofile import vet
    >>> v = vet("examples/invitation.json")  # doctest: +SKIP
    >>> print(v.explain())  # doctest: +SKIP
    """
    if isinstance(invitation, str | Path):
        invitation = read_one(invitation, _parse_invitation, photo_root=photo_root)
    invitation = _parse_invitation(invitation)
    if policy is not None and not isinstance(policy, Policy):
        raise TypeError(f"policy must be a Policy, got {type(policy).__name__}")
    bound = scorer or cached_scorer(model, index)
    applied = (policy or Policy()).resolved(bound.trained)
    score, found = bound.score_with_evidence(invitation)
    # The signals already read the note and looked the photo up: use what they found.
    message = found.results.get("message")
    findings = message.facts["findings"] if message else message_findings(invitation)
    photo = photo_lookup(found.results["photo"]) if "photo" in found.results else None

    decision: Decision
    rules = _hard_rules(invitation, photo, applied)
    messages = _findings_sentences(findings)
    wanted = {
        "canned": applied.ask_if_canned,
        "links": applied.ask_if_links,
        "off_platform": applied.ask_if_off_platform,
    }
    message_flags = [sentence for kind, sentence in messages if wanted.get(kind, False)]
    shared = _shared_with_newer(invitation, photo) if applied.ask_if_photo_shared else None
    photo_flags = (
        [
            f"This photo is also the photo of {_who(shared)} in your network"
            f"{whose_account(invitation.sender.created_at, shared.created_at)}: one of the two "
            "profiles is probably a copy, and the dates alone cannot tell which."
        ]
        if shared is not None
        else []
    )
    # A photo rule's sentence speaks for the photo, and the flag's for the newer profile
    # it names: the score's photo reasons would repeat them (a reason naming an older
    # profile stays, beside the flag).
    photo_ruled = any(name.startswith("photo_") for name, _ in rules)
    flagged = shared.profile_id if shared is not None else None

    def said(reason: Reason) -> bool:
        if not _is_photo(reason):
            return False
        if photo_ruled:
            return True
        named = {e.detail.get("profile_id") for e in reason.evidence}
        return flagged is not None and named == {flagged}

    concerns = [
        r.text
        for r in score.reasons
        if r.contribution >= applied.concern_floor and not _is_message(r) and not said(r)
    ]
    favour = [
        r.text
        for r in score.mitigating
        if -r.contribution >= applied.concern_floor and not _is_message(r)
    ]
    decline_at = float(applied.decline_at if applied.decline_at is not None else 1.0)
    ask_at = float(applied.ask_at if applied.ask_at is not None else decline_at)
    by_risk = concerns or ([] if photo_flags else [_NO_SINGLE_FACT])
    if rules:
        decision, decided_by = "decline", f"rule:{rules[0][0]}"
        why = [sentence for _, sentence in rules] + concerns
    elif findings.money_or_data and "asks_for_money_or_data" in applied.hard_rules:
        decision, decided_by = "decline", "rule:asks_for_money_or_data"
        asked = findings.money_or_data[0]
        why = [f"The note asks for money or personal data ('{asked}').", *concerns]
    elif score.risk >= decline_at:
        decision, decided_by, why = "decline", "risk", by_risk + photo_flags + message_flags
    elif score.risk >= ask_at:
        decision, decided_by, why = "ask", "risk", by_risk + photo_flags + message_flags
    elif photo_flags:
        decision, decided_by, why = "ask", "photo", photo_flags + message_flags + concerns
    elif message_flags:
        decision, decided_by, why = "ask", "message", message_flags + concerns
    else:
        decision, decided_by = "accept", "default"
        why = favour[:3] or ["Nothing in the profile or the note looked off."]
        if findings.personalised:
            terms = ", ".join(word for _, word in findings.matched_terms[:3])
            why.insert(0, f"The note is personal: it mentions {terms} from your profile.")
    question = _question(invitation, score, findings, shared) if decision == "ask" else None
    if findings.mutual_connections and decision != "accept":
        why.append(
            f"{findings.mutual_connections} mutual connections do not change this: "
            "fake profiles collect connections to borrow credibility."
        )
    why = list(dict.fromkeys(why))
    in_favour = [t for t in favour[:2] if t not in why] if decision == "ask" else []
    notes = []
    if invitation.recipient is None and findings.has_message:
        notes.append(
            "Your own profile was not given, so whether the note is personal could not be checked."
        )
    return Vetting(
        invitation_id=invitation.id,
        sender_id=invitation.sender.id,
        decision=decision,
        decided_by=decided_by,
        why=tuple(why),
        question=question,
        score=score,
        findings=findings,
        policy=applied,
        sender_name=invitation.sender.name or None,
        in_favour=tuple(in_favour),
        notes=tuple(notes),
    )


#: Said when the risk decided but no single fact reaches the concern floor.
_NO_SINGLE_FACT = "No single fact stands out: many small ones add up to this risk."


def _is_message(reason: Reason) -> bool:
    """A reason about the note, which the message findings speak for."""
    return reason.group == "message" or any(c.startswith("message_") for c in reason.codes)


def _is_photo(reason: Reason) -> bool:
    """A reason about the photo (its reuse, its distance to a match)."""
    return reason.group == "photo" or any(c.startswith("photo_") for c in reason.codes)
