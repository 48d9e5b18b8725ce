"""The message signal: what an invitation's note says, and what it asks for.

Mass senders use canned notes ("I see you looked at my profile and based on
your fascinating background I think we should connect"), changing at most the
first name and perhaps the title; a genuine sender mentions something from the
recipient's profile: their employer, a school, a skill, their work. Links
(especially shortened ones), attachments, requests to move to e-mail or
another app, and requests for money or personal data are the next steps of
phishing and identity theft.

How it decides
--------------
* **Canned text.** Both the note and each opener of :data:`CANNED_OPENERS`
  are folded (case, punctuation, emoji removed, contractions expanded) into
  word pairs; the similarity to an opener is the share of the opener's word
  pairs found in the note (containment). A changed name, added greeting or
  punctuation barely moves it; ``canned`` is 1 from
  :data:`CANNED_THRESHOLD`.
* **Personalisation.** Terms are taken from the recipient's profile and
  weighted: employer, school, skill and words from the about text, position
  descriptions or the recipient's own posts count fully (1); title and
  location words count half (0.5), since mail merges fill them in; the name
  counts only a quarter (0.25). The feature is the weight of the strongest
  term the note mentions; the note is *personalised* when it reaches
  :data:`PERSONALISED_AT`.
* **Mutual connections** are recorded as ``log1p`` of the count. By design
  this is one additive feature among others: fakes collect connections to
  borrow credibility, so a high count lowers the risk by at most its own
  contribution and never cancels a warning from another feature (there is no
  interaction term and no rule that reads it).

The "many different senders sent this same note" check needs the reference
index of the copy-detection work and is not part of this module yet.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ..fingerprints.text import fold_lookalikes
from ..profile import LIMITS
from ._normalise import fold, tokens
from .base import Context, Direction, Evidence, Feature, SignalResult

if TYPE_CHECKING:
    from ..profile import Invitation, Profile

__all__ = [
    "CANNED_OPENERS",
    "CANNED_THRESHOLD",
    "PERSONALISED_AT",
    "SHORTENERS",
    "TERM_WEIGHTS",
    "MessageFindings",
    "MessageSignal",
    "canned_similarity",
    "message_findings",
]

#: Stock openers of mass-sent invitations (matched after folding; a changed
#: name or greeting does not matter). The first two are the seed article's
#: example, sent as one sentence.
CANNED_OPENERS: tuple[str, ...] = (
    "I see you looked at my profile",
    "based on your fascinating background I think we should connect",
    "I'd like to add you to my professional network",
    "I came across your profile and",
    "I was impressed by your profile",
    "I would love to connect with like-minded professionals",
    "I'm always looking to expand my network",
    "I'm reaching out to expand my professional network",
    "Please accept my invitation to connect",
    "We have many mutual connections",
    "I noticed we share similar interests",
    "I have an exciting opportunity for you",
    "Let's connect and grow together",
)
#: Similarity from which a note counts as canned.
CANNED_THRESHOLD = 0.6
#: Personalisation weight from which a note counts as personalised.
PERSONALISED_AT = 1.0
#: Link shorteners: the destination is hidden until clicked.
SHORTENERS: frozenset[str] = frozenset(
    {
        "bit.ly",
        "tinyurl.com",
        "t.co",
        "goo.gl",
        "ow.ly",
        "is.gd",
        "buff.ly",
        "rebrand.ly",
        "cutt.ly",
        "shorturl.at",
        "rb.gy",
        "t.ly",
        "tiny.cc",
        "lnkd.in",
        "bl.ink",
        "s.id",
        "v.gd",
        "tr.im",
    }
)


def _pairs(words: Sequence[str]) -> frozenset[tuple[str, str]]:
    if len(words) == 1:
        return frozenset({(words[0], "")})
    return frozenset(pairwise(words))


_OPENERS: tuple[tuple[str, frozenset[tuple[str, str]]], ...] = tuple(
    (opener, _pairs(tokens(opener))) for opener in CANNED_OPENERS
)

#: Scripts written without spaces between words (Chinese, Japanese kana) or with
#: particles joined to them (Korean): a term there is looked for inside the note's text.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")

_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    # At most 8 labels of at most 63 characters (DNS's limit): unbounded, a note of
    # "a.a.a.…" took seconds (every start scanned to the end: quadratic).
    r"|\b(?:[a-z0-9-]{1,63}\.){1,8}(?:ly|gl|gd|at|cc|co|in|me|io|id|gy|com|net|org|xyz|link|info|biz)"
    r"/[^\s<>\"']*",
    re.IGNORECASE,
)
_OFF_PLATFORM = re.compile(
    r"\b(?:whats\s?app|telegram|wechat|skype|viber|kik|snapchat|hangouts|signal app"
    r"|text me|call me|sms me|e-?mail me|drop me an? e-?mail|send me (?:an? )?e-?mail"
    r"|(?:your|my|personal|private) e-?mail(?: address)?|(?:your|my) (?:phone|mobile|cell)"
    r"(?: number)?|contact me (?:at|on|via)|reach me (?:at|on|via)|off linkedin"
    r"|outside (?:of )?linkedin|move (?:this|our) (?:chat|conversation))\b"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+"  # from the start of a run only: linear
    r"|\+\d[\d\s().-]{7,}\d",
    re.IGNORECASE,
)
_MONEY_OR_DATA = re.compile(
    r"\b(?:send (?:me )?money|wire transfer|bank (?:account|details|transfer)|gift ?cards?"
    r"|bitcoin|btc|crypto(?:currency)?|usdt|ethereum|western union|moneygram|paypal"
    r"|cash ?app|investment opportunit(?:y|ies)|guaranteed (?:returns?|profits?)|loan"
    r"|processing fee|upfront fee|password|passcode|verification code|one-time code"
    r"|social security|ssn|passport|date of birth|credit card|debit card|card number"
    r"|home address|id card|driver'?s licen[cs]e)\b",
    re.IGNORECASE,
)

# Words too common to show that a note was written for this recipient; includes
# the vocabulary of canned notes ("background", "profile", "network").
_STOP_WORDS = """
    a an and are as at be been but by for from has have he her his i in is it its me my
    of on or our she so that the their them they this to us was we were with you your
    about after again also am any because before being both can could did do does doing
    each few further had having here how into just more most no nor not now only other
    over own same should some such than then there these those through too under until
    very what when where which while who whom why will would yes yet
    hi hello dear hey thanks thank regards best greetings
    profile profiles background network networking connect connection connections
    professional professionals opportunity opportunities interested interesting
    looking look looked great work working team teams people company business industry
    role roles experience field fields career page linkedin invite invitation
    health healthcare university college school institute group limited ltd inc llc plc
    services service solutions technology technologies systems consulting global
    international national united kingdom states new senior junior lead head chief
    manager management member staff assistant associate
"""
_STOP = frozenset(_STOP_WORDS.split())
_MIN_TERM = 3
_WRITTEN = frozenset({"post", "article", "share_with_comment"})

_LOG_WORDS = math.log1p(LIMITS["message"])
_LOG_LINKS = math.log1p(LIMITS["list"] + LIMITS["message"])
_LOG_ATTACH = math.log1p(LIMITS["list"])
_LOG_COUNT = math.log1p(LIMITS["count"])
_NAN = math.nan

#: Weight of each kind of recipient term (see the module docstring).
TERM_WEIGHTS: dict[str, float] = {
    "employer": 1.0,
    "school": 1.0,
    "skill": 1.0,
    "topic": 1.0,
    "title": 0.5,
    "location": 0.5,
    "name": 0.25,
}


@dataclass(frozen=True, slots=True)
class MessageFindings:
    """What an invitation's note says, for the message signal and for vetting.

    Attributes
    ----------
    has_message : bool
        Whether the invitation has a note at all.
    words : int
        Words in the note.
    canned : bool
        The note is a near-duplicate of a stock opener.
    canned_similarity : float
        Highest containment of an opener's word pairs in the note (0..1).
    opener : str or None
        The stock opener that matched best (when ``canned``).
    personalisation : float or None
        Weight of the strongest recipient term mentioned; ``None`` without a
        recipient profile or note.
    personalised : bool or None
        ``personalisation >= PERSONALISED_AT``; ``None`` when unknown.
    matched_terms : tuple of (kind, word)
        Recipient terms the note mentions, e.g. ``("employer", "brightwell")``.
    links, shortened_links, attachments : tuple of str
        Links given with the invitation or written in the note, the shortened
        ones among them, and attachment names.
    off_platform, money_or_data : tuple of str
        Phrases asking to move elsewhere, or for money or personal data.
    mutual_connections : int or None
        As given with the invitation.
    """

    has_message: bool
    words: int = 0
    canned: bool = False
    canned_similarity: float = 0.0
    opener: str | None = None
    personalisation: float | None = None
    personalised: bool | None = None
    matched_terms: tuple[tuple[str, str], ...] = ()
    links: tuple[str, ...] = ()
    shortened_links: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    off_platform: tuple[str, ...] = ()
    money_or_data: tuple[str, ...] = ()
    mutual_connections: int | None = None
    recipient_known: bool = field(default=False)


def canned_similarity(text: str) -> tuple[float, str | None]:
    """Highest similarity of ``text`` to a stock opener, and that opener.

    Examples
    --------
    >>> canned_similarity("Hello MARK!!! i'd like to add you to my professional network")
    (1.0, "I'd like to add you to my professional network")
    >>> canned_similarity("Loved your talk on timber footbridges in Gothenburg.")[0]
    0.0
    """
    words = tokens(text)
    if not words:
        return 0.0, None
    have = _pairs(words)
    best, which = 0.0, None
    for opener, pairs in _OPENERS:
        sim = len(pairs & have) / len(pairs)
        if sim > best:
            best, which = sim, opener
    return best, which


def _stem(word: str) -> str:
    # Crude plural folding so "apps" matches "app" and "skills" matches "skill".
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _terms(recipient: Profile) -> dict[str, str]:
    """Distinctive words of the recipient's profile, each mapped to its kind (strongest)."""
    found: dict[str, str] = {}

    def add(kind: str, text: str | None) -> None:
        if not text:
            return
        for word in tokens(text):
            if len(word) < _MIN_TERM or word in _STOP or word.isdigit():
                continue
            word = _stem(word)
            old = found.get(word)
            if old is None or TERM_WEIGHTS[kind] > TERM_WEIGHTS[old]:
                found[word] = kind

    add("name", recipient.name)
    add("location", recipient.location)
    add("title", recipient.headline)
    for e in recipient.experience or ():
        add("title", e.title)
        add("location", e.location)
    # Ties keep the first kind, so the most specific kinds come before "topic".
    for e in recipient.experience or ():
        add("employer", e.company)
    for s in recipient.education or ():
        add("school", s.school)
    for skill in recipient.skills or ():
        add("skill", skill)
    for e in recipient.experience or ():
        add("topic", e.description)
    add("topic", recipient.about)
    # What the recipient wrote (posts, articles, shares with a comment) is fair game too:
    # "I read your post on …" is the kind of reference a mass mailing cannot make.
    for event in recipient.events or ():
        if event.type in _WRITTEN and event.text:
            add("topic", event.text)
    return found


def _host(url: str) -> str:
    """The host a browser would visit, as a look-alike of it reads: ``bit.ly`` for every way
    of hiding it (``x@bit.ly``, ``bit.ly.``, ``bit.ly\\@x``, full-width or Cyrillic letters,
    invisible characters)."""
    rest = url.split("://", 1)[-1]
    if not rest.isascii():
        rest = fold_lookalikes(rest).replace("\u3002", ".")  # an ideographic full stop too
    authority = re.split(r"[/\\?#]", rest, maxsplit=1)[0]
    host = authority.rsplit("@", 1)[-1].split(":", 1)[0].lower().rstrip(".")
    return host.removeprefix("www.")


def _unique(matches: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(" ".join(m.lower().split()) for m in matches))


def message_findings(invitation: Invitation) -> MessageFindings:
    """Inspect an invitation's note: canned or personalised, links, off-platform requests.

    Parameters
    ----------
    invitation : Invitation
        With an optional ``recipient`` profile (needed for personalisation).

    Returns
    -------
    MessageFindings

    Examples
    --------
    >>> from fakeprofile.profile import parse_invitation
    >>> inv = parse_invitation({
    ...     "sender": {"id": "s"},
    ...     "message": "Hi Sam, I see you looked at my profile! WhatsApp me: bit.ly/x1",
    ...     "recipient": {"id": "r", "name": "Sam Hill", "skills": ["Welding"]},
    ... })
    >>> f = message_findings(inv)
    >>> f.canned, f.opener, f.personalised, f.shortened_links, f.off_platform
    (True, 'I see you looked at my profile', False, ('bit.ly/x1',), ('whatsapp',))
    """
    text = invitation.message or ""
    links = list(invitation.links) + _URL.findall(text)
    shortened = tuple(u for u in links if _host(u) in SHORTENERS)
    recipient = invitation.recipient
    common: dict[str, Any] = {
        "links": tuple(links),
        "shortened_links": shortened,
        "attachments": tuple(invitation.attachments),
        "mutual_connections": invitation.mutual_connections,
        "recipient_known": recipient is not None,
    }
    words = tokens(text)
    if not words:
        return MessageFindings(has_message=bool(text.strip()), **common)
    similarity, opener = canned_similarity(text)
    canned = similarity >= CANNED_THRESHOLD
    personalisation: float | None = None
    personalised: bool | None = None
    matched: list[tuple[str, str]] = []
    if recipient is not None:
        terms = _terms(recipient)
        seen: set[str] = set()
        for word in words:
            stem = _stem(word)
            kind = terms.get(stem)
            if kind is not None and stem not in seen:
                seen.add(stem)
                matched.append((kind, stem))
        folded = fold(text)
        for term, kind in terms.items():
            if term not in seen and _UNSPACED.search(term) and term in folded:
                seen.add(term)
                matched.append((kind, term))
        # Strongest first, so the evidence names the most telling term.
        matched.sort(key=lambda kw: -TERM_WEIGHTS[kw[0]])
        personalisation = TERM_WEIGHTS[matched[0][0]] if matched else 0.0
        personalised = personalisation >= PERSONALISED_AT
    return MessageFindings(
        has_message=True,
        words=len(words),
        canned=canned,
        canned_similarity=similarity,
        opener=opener if canned else None,
        personalisation=personalisation,
        personalised=personalised,
        matched_terms=tuple(matched),
        off_platform=_unique(_OFF_PLATFORM.findall(text)),
        money_or_data=_unique(_MONEY_OR_DATA.findall(text)),
        **common,
    )


def _features() -> tuple[Feature, ...]:
    def f(
        name: str,
        description: str,
        low: float = 0.0,
        high: float = 1.0,
        direction: Direction = "up",
    ) -> Feature:
        return Feature(
            name, "message", description, low, high, missing_ok=True, direction=direction
        )

    return (
        f("message_no_note", "1 when the invitation carries no note; nan without an invitation."),
        f(
            "message_words_log",
            "log1p of the number of words in the note (capped at its character limit); "
            "nan without a note. A few words are what a mass mailing sends.",
            high=_LOG_WORDS,
            direction="down",
        ),
        f(
            "message_canned",
            f"1 when the note is a near-duplicate of a stock opener (similarity ≥ "
            f"{CANNED_THRESHOLD:g}); nan without a note.",
        ),
        f(
            "message_personalisation",
            "Weight of the strongest recipient term the note mentions: 1 employer, school, "
            "skill or a word from their about text, positions or posts; 0.5 title or "
            "location; 0.25 name only; 0 none. nan without a note or a recipient.",
            direction="down",
        ),
        f(
            "message_links_log",
            "log1p of the links given with the invitation or written in the note.",
            high=_LOG_LINKS,
        ),
        f("message_shortened_link", "1 when a link uses a URL shortener (bit.ly, tinyurl…)."),
        f("message_attachments_log", "log1p of the attachments.", high=_LOG_ATTACH),
        f(
            "message_off_platform",
            "1 when the note asks to move to e-mail, phone or another app (WhatsApp, "
            "Telegram…) or gives an address or number; nan without a note.",
        ),
        f(
            "message_money_or_data",
            "1 when the note mentions money transfers, gift cards, crypto, passwords or "
            "identity documents; nan without a note.",
        ),
        f(
            "message_mutual_connections_log",
            "log1p of mutual connections; nan when unknown. One additive feature by design: it "
            "never cancels other warnings, and fakes collect connections, so it weighs little.",
            high=_LOG_COUNT,
            direction="down",
        ),
    )


_TEXT_FEATURES = (
    "message_words_log",
    "message_canned",
    "message_off_platform",
    "message_money_or_data",
)


class MessageSignal:
    """Canned or personalised note, links, attachments, off-platform and money requests.

    Reads ``context.invitation``; without one every feature is ``nan``
    (unknown: a profile scored on its own says nothing of a note).
    """

    name = "message"
    features: Sequence[Feature] = _features()

    def extract(self, profile: Profile, context: Context) -> SignalResult:
        """Compute every message feature from ``context.invitation``."""
        invitation = context.invitation
        if invitation is None:
            return SignalResult(dict.fromkeys(_NAMES, _NAN), {}, {"findings": None})
        f = message_findings(invitation)
        values: dict[str, float] = {
            "message_no_note": 0.0 if f.has_message else 1.0,
            "message_links_log": math.log1p(len(f.links)),
            "message_shortened_link": 1.0 if f.shortened_links else 0.0,
            "message_attachments_log": math.log1p(len(f.attachments)),
            "message_mutual_connections_log": (
                _NAN if f.mutual_connections is None else math.log1p(f.mutual_connections)
            ),
        }
        if f.words:
            # NFKC can turn one character into several words ("ﷺ"): cap at the length limit.
            values["message_words_log"] = math.log1p(min(f.words, LIMITS["message"]))
            values["message_canned"] = 1.0 if f.canned else 0.0
            values["message_off_platform"] = 1.0 if f.off_platform else 0.0
            values["message_money_or_data"] = 1.0 if f.money_or_data else 0.0
        else:
            for key in _TEXT_FEATURES:
                values[key] = _NAN
        values["message_personalisation"] = _NAN if f.personalisation is None else f.personalisation
        evidence: dict[str, list[Evidence]] = {}
        if f.words:
            evidence["message_canned"] = [
                Evidence(
                    "message",
                    {"opener": f.opener, "similarity": round(f.canned_similarity, 4)},
                )
            ]
        if f.personalisation is not None:
            evidence["message_personalisation"] = [
                Evidence("message", {"matched": [list(t) for t in f.matched_terms]})
            ]
        if f.links:
            evidence["message_links_log"] = [Evidence("links", {"links": list(f.links)})]
        if f.shortened_links:
            evidence["message_shortened_link"] = [
                Evidence("links", {"shortened": list(f.shortened_links)})
            ]
        if f.attachments:
            evidence["message_attachments_log"] = [
                Evidence("attachments", {"attachments": list(f.attachments)})
            ]
        if f.off_platform:
            evidence["message_off_platform"] = [
                Evidence("message", {"phrases": list(f.off_platform)})
            ]
        if f.money_or_data:
            evidence["message_money_or_data"] = [
                Evidence("message", {"phrases": list(f.money_or_data)})
            ]
        if f.mutual_connections is not None:
            evidence["message_mutual_connections_log"] = [
                Evidence("counts", {"mutual_connections": f.mutual_connections})
            ]
        return SignalResult(values, evidence, {"findings": f, "message": invitation.message})

    def sentence(self, feature: str, result: SignalResult) -> str:
        """A sentence stating the facts behind ``feature`` (see :class:`~.base.Signal`)."""
        if feature not in _NAMES:
            raise KeyError(f"feature: {feature!r} is not a message feature")
        f: MessageFindings | None = result.facts.get("findings")
        if f is None:  # no invitation: every feature is nan, so no reason asks for this
            raise KeyError(f"feature: {feature!r} has no value without an invitation")
        if feature == "message_mutual_connections_log":
            n = f.mutual_connections or 0
            return (
                f"{n:,} mutual connection{'s' if n != 1 else ''} (fakes collect connections "
                "to look credible, so this earns little trust on its own)"
            )
        if feature == "message_links_log":
            if not f.links:
                return "The invitation carries no links"
            return f"The invitation carries {_n(len(f.links), 'link')}: {_list(f.links)}"
        if feature == "message_shortened_link":
            if not f.shortened_links:
                return "No link hides its destination behind a URL shortener"
            return f"A shortened link hides its destination: {_list(f.shortened_links)}"
        if feature == "message_attachments_log":
            if not f.attachments:
                return "The invitation carries no attachments"
            return (
                f"The invitation carries {_n(len(f.attachments), 'attachment')}: "
                f"{_list(f.attachments)}"
            )
        if not f.has_message or not f.words:
            return "The invitation came without a note"
        if feature in ("message_no_note", "message_words_log"):
            return f"The invitation's note has {_n(f.words, 'word')}: {_quote(result)}"
        if feature == "message_canned":
            if f.canned:
                return f"The note is a stock opener: it matches \u201c{f.opener}\u201d"
            return "The note does not follow any known stock opener"
        if feature == "message_personalisation":
            if not f.matched_terms:
                return "The note mentions nothing from the recipient's profile"
            kind, word = f.matched_terms[0]
            if TERM_WEIGHTS[kind] < PERSONALISED_AT:
                what = " and ".join(dict.fromkeys(_KIND_LABEL[k] for k, _ in f.matched_terms))
                return (
                    f"The note mentions only the recipient's {what} "
                    f"(\u201c{word}\u201d), which mass mailings fill in"
                )
            return f"The note mentions the recipient's {_KIND_LABEL[kind]} (\u201c{word}\u201d)"
        if feature == "message_off_platform":
            if not f.off_platform:
                return "The note does not ask to move the conversation off the platform"
            return f"The note asks to move off the platform: {_list(f.off_platform)}"
        if not f.money_or_data:
            return "The note does not ask for money or personal data"
        return f"The note mentions money or personal data: {_list(f.money_or_data)}"


_KIND_LABEL = {
    "employer": "employer",
    "school": "school",
    "skill": "skill",
    "topic": "work (from their about text, positions or posts)",
    "title": "title",
    "location": "location",
    "name": "name",
}


def _n(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _list(items: Sequence[str], limit: int = 3) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _quote(result: SignalResult) -> str:
    text = " ".join(str(result.facts.get("message") or "").split())
    return f"\u201c{text if len(text) <= 120 else text[:117] + '...'}\u201d"


_NAMES: tuple[str, ...] = tuple(f.name for f in MessageSignal.features)
