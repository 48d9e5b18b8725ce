"""Text builders: about texts, headlines, job descriptions, comments, names, copy edits."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ._sampling import _T, _int, _pick
from .vocabulary import (
    _CAUSES,
    _CERTIFICATIONS,
    _CITIES,
    _CODENAMES,
    _COMPANY_FORMS,
    _CORE,
    _EMOJI,
    _FILLERS,
    _FIRST,
    _GENERIC_COMMENTS,
    _HOBBIES,
    _LANGUAGES,
    _LAST,
    _PREFIX,
    _RESULTS,
    _REWORD,
    _SWAPS,
    _TRAITS,
    _VERBS,
    _Industry,
)


@dataclass
class _Person:
    """What the text builders need to know about one member."""

    first: str
    last: str
    city: tuple[str, str]
    industry: _Industry
    role: str
    company: str
    years: int


def _company(r: random.Random, ind: _Industry) -> str:
    form = _pick(r, _COMPANY_FORMS)
    if form == "{prefix}{core} {suffix}":  # the common case, without format_map
        return f"{_pick(r, _PREFIX)}{_pick(r, _CORE)} {_pick(r, ind.suffixes)}"
    return form.format(
        prefix=_pick(r, _PREFIX),
        core=_pick(r, _CORE),
        core_cap=_pick(r, _CORE).capitalize(),
        suffix=_pick(r, ind.suffixes),
        last=_pick(r, _LAST),
        last2=_pick(r, _LAST),
        city=_pick(r, _CITIES)[0],
    )


def _school(r: random.Random) -> str:
    city = _pick(r, _CITIES)[0]
    return _pick(
        r,
        (
            f"University of {city}",
            f"{city} Institute of Technology",
            f"{city} Business School",
            f"{_pick(r, _LAST)} College {city}",
            f"{city} Metropolitan University",
            f"{_pick(r, _PREFIX)} University",
        ),
    )


def _other(r: random.Random, seq: Sequence[_T], used: _T) -> _T:
    """A pick from ``seq`` other than ``used`` (when ``seq`` has another)."""
    for _ in range(4):
        value = _pick(r, seq)
        if value != used:
            return value
    return value


class _Slots(dict[str, str]):
    """Template values for one text, each drawn when a template first asks for it.

    ``template.format_map(_Slots(r, p))`` fills ``{topic}``, ``{tool}``, ``{pct}``...
    drawing only the values the template uses, and the same value wherever the
    same placeholder repeats.
    """

    def __init__(self, r: random.Random, p: _Person, parent: _Slots | None = None) -> None:
        super().__init__()
        self.r = r
        self.p = p
        self.parent = parent

    def __missing__(self, key: str) -> str:
        if self.parent is not None and (key in _PERSISTENT or key in self.parent):
            value = self.parent[key]
        else:
            value = self._draw(key)
        self[key] = value
        return value

    def sentence(self) -> _Slots:
        """Slots for one more sentence of the same text: numbers, objects and results
        are drawn afresh, the person's topics, clients, hobbies... are kept."""
        return _Slots(self.r, self.p, self)

    def _draw(self, key: str) -> str:
        r, p = self.r, self.p
        ind = p.industry
        if key == "role":
            return p.role
        if key == "role_l":
            return p.role.lower()
        if key == "field":
            return ind.field
        if key == "years":
            return "one year" if p.years == 1 else f"{p.years} years"
        if key == "city":
            return p.city[0]
        if key == "company":
            return p.company
        if key == "company2":
            return _company(r, ind)
        if key in ("topic", "obj", "tool", "skill", "client", "metric"):
            pool = {
                "topic": ind.topics,
                "obj": ind.objects,
                "tool": ind.tools,
                "skill": ind.skills,
                "client": ind.clients,
                "metric": ind.metrics,
            }[key]
            return _pick(r, pool)
        if key in ("topic2", "topic3"):
            return _other(r, ind.topics, self["topic"])
        if key == "obj2":
            return _other(r, ind.objects, self["obj"])
        if key == "tool2":
            return _other(r, ind.tools, self["tool"])
        if key == "place":
            return _pick(r, _CITIES)[0]
        if key == "pct":
            return str(_int(r, 5, 85))
        if key == "k":
            return str(_int(r, 3, 60))
        if key == "big":
            return str(_int(r, 12, 990) * 100)
        if key == "money":
            return str(_int(r, 20, 950))
        if key == "months":
            return str(_int(r, 3, 18))
        if key == "year":
            return str(_int(r, 2008, 2025))
        if key == "project":
            return _pick(r, _CODENAMES)
        if key == "lang":
            return _pick(r, _LANGUAGES)
        if key == "hobby":
            return _pick(r, _HOBBIES).format_map(self)
        if key == "cause":
            return _pick(r, _CAUSES)
        if key == "cert":
            return _pick(r, _CERTIFICATIONS)
        if key == "trait":
            return _pick(r, _TRAITS)
        if key == "school":
            return _school(r)
        if key in ("verb", "verb_past", "verb_ing"):
            verb, past = _pick(r, _VERBS)
            self["verb"], self["verb_past"], self["verb_ing"] = verb, past, _ing(verb)
            return self[key]
        if key in ("result", "result2"):
            return _pick(r, _RESULTS).format_map(self)
        raise KeyError(key)


#: Placeholders that keep their value across the sentences of one text (the person's
#: interests); the others (numbers, objects, results, verbs) are drawn per sentence.
_PERSISTENT = frozenset(
    (
        "topic",
        "topic2",
        "topic3",
        "client",
        "lang",
        "trait",
        "hobby",
        "cause",
        "cert",
        "school",
        "company2",
    )
)


def _fill(r: random.Random, template: str, p: _Person) -> str:
    return template.format_map(_Slots(r, p))


# About texts: an opener, one to three sentences about the work, up to two about
# the person, and sometimes a closer. Dozens of templates and large vocabularies
# (tools, clients, code names, places, numbers) keep unrelated bios apart, as
# real ones are: they share common words, rarely whole sentences.
_OPENERS = (
    "{role} with {years} of experience in {field}.",
    "I am a {role_l} based in {city}, working on {topic} and {topic2}.",
    "{years} into a career in {field}, currently {role_l} at {company}.",
    "I help the teams at {company} with {topic}.",
    "{role} at {company} in {city}.",
    "Hi, I'm a {role_l} who cares a lot about {topic}.",
    "I started out in {place} and have worked in {field} for {years}.",
    "{city}-based {role_l}, {trait}.",
    "By day I'm a {role_l} at {company}; most days that means {topic}.",
    "I joined {company} in {year} and now {verb} {obj}.",
    "Currently {verb_ing} {obj} at {company}.",
    "I work where {topic} meets {topic2}.",
    "After {years} in {field} I still find {topic} fascinating.",
    "{role} ({company}), previously at {company2}.",
    "I moved from {place} to {city} in {year} to join {company}.",
    "My job, in short: making {obj} work for {client}.",
)
_MIDDLES = (
    "At {company} I {verb} {obj}, {result}.",
    "Right now I {verb} {obj} and spend a lot of time on {topic}.",
    "Previously I {verb_past} {obj} at {company2}, {result}.",
    "Most of my work is about {topic}: {verb_ing} {obj} with people who use it every day.",
    "I care about {topic} and {topic2}, and about leaving things better than I found them.",
    "Project {project} was my favourite so far: {result}.",
    "Before that I spent {k} months in {place} working for {client}.",
    "Day to day I use {tool}, {tool2} and a lot of patience.",
    "I've worked with {client} and {client2} on {topic}.",
    "In {year} I {verb_past} {obj}, {result}.",
    "My team of {k} looks after {obj} and {obj2}.",
    "I am the person people ask about {tool} and {skill}.",
    "I've spent the last {months} months on {obj}, {result}.",
    "Lately I've been thinking about {topic} in {client}.",
    "Some of the things I'm proud of: {obj}, {result}; {obj2}, {result2}.",
    "I moved into {field} from {place2} after a spell at {company2}.",
    "I like problems with messy data and real deadlines, like {obj}.",
    "I {verb} the {project} programme, {result}.",
    "Over {years} I've worked in {k} teams and learned most from {topic}.",
    "Ask me about {topic}, {tool} or the {project} rollout.",
    "Outside the day job I consult for {client} on {topic2}.",
    "I studied at {school} and still go back to talk about {topic}.",
)
_PERSONAL = (
    "Outside work I {hobby}.",
    "I speak {lang} and {lang2}.",
    "I volunteer with {cause}.",
    "{cert} certified.",
    "Friends say I'm {trait}.",
    "I {hobby} and {hobby2}.",
    "Weekends: I {hobby}.",
    "Originally from {place}, now in {city}.",
    "I mentor {k} people a year through {cause}.",
    "I'm learning {lang} and failing at it cheerfully.",
    "I'm {trait} and {trait2}.",
    "Proud parent, part-time runner, {trait}.",
)
_CLOSERS = (
    "I write about {topic} and mentor people starting out in {field}.",
    "Happy to talk about {topic} or {topic2}.",
    "I speak at meetups about {topic} now and then.",
    "Always happy to swap notes on {tool} or {topic}.",
    "Say hello if you're in {city}.",
    "Messages about {topic} welcome; messages about crypto less so.",
    "If you're working on {topic}, I'd like to hear from you.",
    "Hiring for my team at {company} this year.",
    "Views my own.",
)


#: Commonplace sentences: lines many people put in their about text word for word
#: (or with only their field or city in them), genuine members and fakes alike. Two
#: members who both use a few of them share whole sentences without either having
#: copied the other, so a partial match between about texts is weak evidence.
_COMMONPLACE = (
    "Views my own.",
    "Open to new opportunities.",
    "Always happy to connect.",
    "Feel free to reach out.",
    "Happy to connect with people in {field}.",
    "Lifelong learner.",
    "Passionate about {field}.",
    "Based in {city}.",
    "I love what I do and the people I do it with.",
    "Team player who enjoys a good challenge.",
    "Coffee first, then everything else.",
    "Always learning, always curious.",
    "Not very active on here, but I read my messages.",
    "Mainly here to keep in touch with former colleagues.",
    "Proud to work in {field}.",
    "Working in {field} for longer than I care to admit.",
    "Outside work: family, friends and the outdoors.",
    "I believe in doing things properly the first time.",
    "Let's connect.",
    "Interested in {field}, people and good ideas.",
    "Currently not looking for new roles, but happy to chat.",
    "Recruiters: please read my profile before messaging.",
    "Making the complicated simple since day one.",
    "Husband, dad and part-time chef.",
    "Wife, mum and part-time gardener.",
    "Dog person.",
    "Runner, reader and occasional baker.",
    "All opinions are my own and not those of my employer.",
    "Glad to help where I can.",
    "Always up for a chat about {field}.",
)


def _commonplace_about(r: random.Random, p: _Person) -> str:
    """An about text mostly of commonplace lines: two to four, maybe one sentence of its own."""
    slots = _Slots(r, p)
    parts = r.sample(_COMMONPLACE, _pick(r, (2, 3, 3, 4)))
    if r.random() < 0.6:
        parts.insert(_int(r, 0, len(parts)), _pick(r, _OPENERS))
    return " ".join(part.format_map(slots.sentence()) for part in parts)


def _about(r: random.Random, p: _Person) -> str:
    slots = _Slots(r, p)
    slots["client2"] = _other(r, p.industry.clients, slots["client"])
    slots["place2"] = _pick(r, _CITIES)[0]
    slots["lang2"] = _other(r, _LANGUAGES, slots["lang"])
    slots["trait2"] = _other(r, _TRAITS, slots["trait"])
    slots["hobby2"] = _other(r, _HOBBIES, slots["hobby"]).format_map(slots)
    parts = [_pick(r, _OPENERS)]
    parts += r.sample(_MIDDLES, _pick(r, (1, 2, 2, 2, 3, 3, 4)))
    parts += r.sample(_PERSONAL, _pick(r, (0, 1, 1, 2)))
    if r.random() < 0.5:
        parts.append(_pick(r, _CLOSERS))
    return " ".join(part.format_map(slots.sentence()) for part in parts)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ing(verb: str) -> str:
    head, _, tail = verb.partition(" ")
    stem = head[:-1] if head.endswith("e") and not head.endswith("ee") else head
    if head in ("run", "set"):
        stem = head + head[-1]
    return f"{stem}ing" + (f" {tail}" if tail else "")


# Experience descriptions: one to three sentences, most of them put together
# clause by clause (what was done, to what, for whom, where, with what result), so
# that two short descriptions share few words unless one was copied from the other.
_DESCRIPTION_EXTRAS = (
    "Owned {obj} end to end with {tool}.",
    "Responsible for {obj} and {obj2} in {place}.",
    "{Verb_past} the {project} project with {tool}, {result}.",
    "Led a team of {k} across {place} and {place2}.",
    "Introduced {tool} to the {project} team; {metric} improved by {pct}%.",
    "Main contact for {client} in {place} on {topic}.",
    "Set up {obj} in {place}, {result}.",
    "Moved {obj} onto {tool}, {result}.",
    "Trained {k} new starters in {skill} and {tool}.",
    "Part of the {project} team: {topic} and {topic2}.",
    "Covered {obj} during a {months}-month secondment in {place}.",
    "Won the {year} {project} award for {obj}.",
)


def _description(r: random.Random, p: _Person, role: str) -> str:
    del role  # descriptions rarely repeat the job title
    slots = _Slots(r, p)
    out = []
    for _ in range(_pick(r, (1, 1, 2, 2, 3))):
        sentence = slots.sentence()
        sentence["place2"] = _other(r, _CITIES, p.city)[0]
        sentence["Verb_past"] = _upper_first(sentence["verb_past"])
        if r.random() < 0.35:
            out.append(_pick(r, _DESCRIPTION_EXTRAS).format_map(sentence))
            continue
        text = "{Verb_past} {obj}"
        if r.random() < 0.5:
            text += " for {client}"
        if r.random() < 0.4:
            text += " in {place}"
        if r.random() < 0.4:
            text += " with {tool}"
        if r.random() < 0.3:
            text += " as part of project {project}"
        out.append((text + ", {result}.").format_map(sentence))
    return " ".join(out)


# Headlines: half are a bare "role at company" (too short to compare), the rest add
# a few of many personal items, so two members with the same role rarely match.
_HEADLINE_ITEMS = (
    "{skill}",
    "{tool}",
    "{Topic}",
    "Ex-{company2}",
    "Ex-{company2}",
    "{city}",
    "{cert}",
    "Speaker on {topic}",
    "Mentor at {cause}",
    "{lang} speaker",
    "Volunteer at {cause}",
    "Building {obj}",
    "{years} in {field}",
    "Helping {client} with {topic}",
    "Project {project}",
    "{school} alumni",
    "Writing about {topic}",
    "Based in {place}",
)
_RECRUITER_HEADLINES = (
    "{role} at {company}",
    "{role} at {company}",
    "{role} at {company} | Hiring {hire}s in {city}",
    "{role} at {company} | {hire}s, {hire2}s | {city}",
    "{role} | {hire}s for {client} in {place}",
    "{role} at {company} | {k} open roles in {place}",
    "{role} | Ex-{company2} | {hire}s in {city}",
)
_GRADUATE_HEADLINES = (
    "{degree} graduate | Aspiring {role_l}",
    "Graduate {role_l} at {company}",
    "Student at {school}",
    "{degree} student at {school}",
    "Aspiring {role_l}",
    "Intern at {company}",
)


def _headline(r: random.Random, p: _Person, kind: str) -> str:
    slots = _Slots(r, p)
    ind = p.industry
    slots["Topic"] = _upper_first(slots["topic"])
    if kind == "genuine_recruiter":
        slots["hire"] = _pick(r, ind.roles)
        slots["hire2"] = _other(r, ind.roles, slots["hire"])
        return _pick(r, _RECRUITER_HEADLINES).format_map(slots)
    u = r.random()
    if kind == "genuine_graduate":
        slots["degree"] = _pick(r, ind.degrees)
        head = _pick(r, _GRADUATE_HEADLINES).format_map(slots)
    elif u < 0.5:
        return f"{p.role} at {p.company}"
    else:
        head = f"{p.role} at {p.company}" if u < 0.8 else p.role
    if u < 0.5:
        return head
    items = dict.fromkeys(_pick(r, _HEADLINE_ITEMS).format_map(slots) for _ in range(_int(r, 2, 4)))
    return " | ".join((head, *items))


def _substantive_comment(r: random.Random, p: _Person) -> str:
    template = _pick(
        r,
        (
            "Interesting point about {topic}. In our team we found that {topic2} mattered more.",
            "We tried something similar with {obj} last year, {result}. "
            "Did you see the same with {topic}?",
            "Agree on {topic}, though I'd add that {topic2} is where it usually goes wrong.",
            "This matches what we saw at {company}: {topic} is a people problem first.",
            "Thanks for writing this up. How did you handle {topic2} when the team grew?",
            "Good summary. One thing I'd question: does this hold for {topic} in smaller teams?",
        ),
    )
    return _fill(r, template, p)


def _generic_comment(r: random.Random) -> str:
    return _pick(r, _GENERIC_COMMENTS) + _pick(r, _EMOJI)


def _perturb(text: str, r: random.Random, rate: float) -> str:
    """Small copycat edits: swap, drop or insert about ``rate`` of the words."""
    words = text.split()
    out: list[str] = []
    for w in words:
        if r.random() >= rate:
            out.append(w)
            continue
        op = r.random()
        if w in _SWAPS and op < 0.6:
            out.append(_SWAPS[w])
        elif op < 0.8:
            continue  # dropped
        else:
            out += [_pick(r, _FILLERS), w]
    return " ".join(out) if out else text


def _reword(text: str, r: random.Random) -> str:
    for phrase, options in _REWORD.items():
        if r.random() < 0.5:  # whole words only: "connect" but not "connecting"
            text = re.sub(rf"\b{re.escape(phrase)}\b", _pick(r, options), text, count=1)
    return text


def _name_and_username(r: random.Random, odd: bool) -> tuple[str, str, str, str]:
    """A (first, last, display name, username) tuple; ``odd`` adds a typical oddity."""
    first, last = _pick(r, _FIRST), _pick(r, _LAST)
    name = f"{first} {last}"
    style = r.random()
    if style < 0.45:
        user = f"{first}-{last}".lower()
    elif style < 0.7:
        user = f"{first}{last}".lower()
    else:  # the platform's default suffix is normal, not odd
        user = f"{first}-{last}-{r.getrandbits(24):06x}".lower()
    if odd:
        kind = r.randrange(5)
        if kind == 0:
            user = f"{first}-{last}-{_int(r, 10000, 999999)}".lower()
        elif kind == 1:
            user = f"{_pick(r, _FIRST)}{_pick(r, _LAST)}{_int(r, 1, 99)}".lower()
        elif kind == 2:
            name = name.upper()
        elif kind == 3:
            name = first
        else:
            name = f"{first} {_pick(r, ('✨', '🌟', '💼', '✔'))} {last}"
    elif r.random() < 0.05:
        name = _pick(r, (f"Dr. {name}", f"{name}, PhD", f"{name}, MBA", f"{name} (she/her)"))
    return first, last, name, user


def _word_overlap(a: str, b: str) -> float:
    """Jaccard overlap of the lower-cased word sets of two texts (used by the tests)."""
    wa, wb = set(a.lower().split()), set(b.lower().split())
    if not wa and not wb:
        return 1.0
    return len(wa & wb) / len(wa | wb)
