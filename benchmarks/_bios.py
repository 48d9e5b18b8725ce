"""Procedural, seeded LinkedIn-style bios for the text benchmarks.

Bios are built from sentence templates with slots filled from vocabularies, so
unrelated bios share common words and stock phrases the way real ones do
("passionate about", "years of experience in"), which is what makes false
matches possible. Edits replace a fraction of the words with other words from
the same vocabularies; tampering adds homoglyphs, zero-width characters and
case changes without changing a single visible word.
"""

from __future__ import annotations

import random

ROLES = [
    "software engineer", "data scientist", "product manager", "recruiter", "talent partner",
    "sales director", "account executive", "marketing manager", "growth lead", "designer",
    "ux researcher", "financial analyst", "project manager", "consultant", "nurse",
    "teacher", "operations manager", "hr business partner", "devops engineer", "architect",
    "business analyst", "customer success manager", "brand strategist", "copywriter",
    "supply chain manager", "procurement specialist", "lawyer", "accountant", "cfo", "founder",
]  # fmt: skip
INDUSTRIES = [
    "fintech", "healthcare", "e-commerce", "logistics", "energy", "education", "retail",
    "insurance", "telecoms", "automotive", "gaming", "media", "real estate", "biotech",
    "cybersecurity", "travel", "hospitality", "manufacturing", "public sector", "banking",
    "agritech", "fashion", "aerospace", "pharma", "construction", "saas", "non-profit",
]  # fmt: skip
SKILLS = [
    "python", "sql", "machine learning", "negotiation", "stakeholder management", "agile",
    "scrum", "leadership", "budgeting", "forecasting", "excel", "tableau", "power bi",
    "cloud architecture", "aws", "azure", "kubernetes", "java", "react", "figma", "seo",
    "content strategy", "crm", "salesforce", "recruiting", "employer branding", "coaching",
    "public speaking", "risk management", "compliance", "six sigma", "lean", "b2b sales",
    "copywriting", "analytics", "user research", "roadmapping", "mentoring", "hiring",
]  # fmt: skip
COMPANIES = [
    "Northwind", "Contoso", "Fabrikam", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay",
    "Stark Industries", "Wayne Enterprises", "Tyrell", "Cyberdyne", "Soylent", "Acme",
    "Wonka", "Oscorp", "Massive Dynamic", "Aperture", "Blue Sun", "Monarch", "Pied Piper",
]  # fmt: skip
CITIES = [
    "London", "Leeds", "Manchester", "Berlin", "Paris", "Madrid", "Lisbon", "Dublin",
    "Amsterdam", "New York", "Austin", "Toronto", "Sydney", "Singapore", "Nairobi", "Lagos",
    "Mumbai", "Bangalore", "Sao Paulo", "Mexico City", "Warsaw", "Stockholm",
]  # fmt: skip
ADJECTIVES = [
    "results-driven", "passionate", "dedicated", "creative", "curious", "detail-oriented",
    "strategic", "hands-on", "experienced", "motivated", "collaborative", "pragmatic",
    "analytical", "customer-focused", "energetic", "thoughtful", "seasoned", "versatile",
]  # fmt: skip
VERBS = [
    "building", "scaling", "leading", "designing", "shipping", "growing", "transforming",
    "optimising", "launching", "mentoring", "delivering", "automating", "simplifying",
]  # fmt: skip
THINGS = [
    "high-performing teams", "data platforms", "customer journeys", "products people love",
    "sales pipelines", "hiring processes", "cloud infrastructure", "brand campaigns",
    "supply chains", "learning programmes", "payment systems", "mobile apps",
    "analytics dashboards", "partnerships", "go-to-market strategies", "care pathways",
]  # fmt: skip
HOBBIES = [
    "running", "cycling", "photography", "cooking", "chess", "hiking", "reading sci-fi",
    "playing guitar", "volunteering", "gardening", "climbing", "yoga", "travelling",
    "baking bread", "sailing", "painting", "podcasts", "football", "board games",
]  # fmt: skip
LANGUAGES = [
    "English", "Spanish", "French", "German", "Portuguese", "Mandarin", "Hindi", "Arabic",
    "Swahili", "Polish", "Italian", "Dutch", "Japanese", "Korean", "Turkish", "Yoruba",
]  # fmt: skip
SCHOOLS = [
    "Leeds University", "Imperial College", "TU Berlin", "Sciences Po", "Trinity College",
    "the Open University", "MIT", "University of Toronto", "NUS", "IIT Bombay", "UCL",
    "University of Lagos", "Stanford", "University of Sydney", "Bocconi", "ETH Zurich",
]  # fmt: skip
SUBJECTS = [
    "economics", "computer science", "psychology", "history", "mathematics", "law",
    "biology", "philosophy", "design", "marketing", "statistics", "physics", "linguistics",
    "ethics in AI", "sustainability", "behavioural science", "urban planning", "music",
]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TEMPLATES = [
    "I am a {adj} {role} with over {n} years of experience in {industry}.",
    "{adj} {role} passionate about {verb} {thing}.",
    "Currently {verb} {thing} at {company} in {city}.",
    "Previously I spent {n} years at {company} {verb} {thing} for the {industry} sector.",
    "My core skills include {skill}, {skill} and {skill}.",
    "I specialise in {skill} and {skill}, with a strong background in {industry}.",
    "I love {verb} {thing} and helping teams grow.",
    "Team player with a proven track record of {verb} {thing}.",
    "Outside work you will find me {hobby} or {hobby} around {city}.",
    "Always happy to connect with fellow {role}s in {industry} and {industry}.",
    "Over the last {n} years I have helped {company}, {company} and {company} with {skill}.",
    "Open to new opportunities in {industry}, {skill} and {skill}.",
    "I believe great {thing} come from {adj} people and clear goals.",
    "Based in {city}, working across {industry} and {industry}.",
    "Certified in {skill}; mentor for junior {role}s; speaker on {skill}.",
    "When I am not {verb} {thing} I enjoy {hobby}.",
    "Proud to have led {n} launches of {thing} at {company}.",
    "Feel free to reach out about {skill}, {industry} or {hobby}.",
    "Fluent in {language} and {language}, which helps when {verb} {thing} across borders.",
    "My team at {company} cut costs by {n} percent through {skill}.",
    "Before moving into {industry}, I worked as a {role} in {city}.",
    "Volunteer {role} for a {industry} charity since 20{n}.",
    "Graduated from {school} with a degree in {subject}.",
    "I write about {skill}, {subject} and the future of {industry}.",
    "Known for {skill}, a sense of humour and a love of {hobby}.",
    "{n} years in {industry}, {n} in {industry}, one constant: {thing}.",
    "Ask me about {subject}, {hobby} or the best coffee in {city}.",
    "My mission is to make {thing} simpler for everyone in {industry}.",
    "Host of a small podcast on {subject} and {skill}.",
    "Recently completed a course in {skill} at {school}.",
    "I grew up in {city}, studied {subject} and fell into {industry} by accident.",
    "Hiring {role}s in {city} and remote, message me if you like {skill}.",
    "Side projects: {thing} for {industry} start-ups and a blog on {hobby}.",
    "Lifelong learner, {adj} about {subject} and {subject}.",
    "Award for {skill} excellence at {company} in 20{n}.",
    "I coach {role}s on {skill} and {skill} every {weekday}.",
    "Speaker at {city} {industry} week on {verb} {thing}.",
    "Dad of {n}, {hobby} enthusiast, recovering {role}.",
    "Mum of {n}, {hobby} fan, former {role} at {company}.",
    "Building the future of {industry} one {skill} project at a time.",
    "Most weeks I split my time between {skill} workshops and {verb} {thing}.",
    "Early career: {role} at {company}, then {role} at {company}.",
    "Currently reading about {subject} and trying to get better at {hobby}.",
    "Proud alumnus of {school}, still in touch with the {subject} crowd.",
    "Happiest when a messy {industry} problem turns into clean {thing}.",
    "Recognised by {company} for {verb} {thing} under tight deadlines.",
    "Looking for a {adj} team in {city} that cares about {subject}.",
    "I moved from {city} to {city} in 20{n} to join {company}.",
    "Weekends: {hobby}, {hobby} and too much coffee.",
    "Ex-{company}, ex-{company}, now independent {role}.",
    "I help {industry} leaders turn {skill} into measurable results.",
    "Trained in {subject}, practising {skill}, teaching {skill}.",
    "Contributor to open-source {skill} tools since 20{n}.",
    "Board member of a {city} {industry} network.",
    "Previously founded a small {industry} start-up that was acquired by {company}.",
    "Native {language} speaker, conversational {language}, learning {language}.",
    "My north star: {thing} that {role}s actually enjoy using.",
    "I publish a monthly newsletter on {industry} and {subject}.",
    "Twenty-something {role} with big plans for {industry}.",
    "Advisor to {n} start-ups in {industry} on {skill}.",
]  # fmt: skip


def _fill(template: str, rng: random.Random) -> str:
    pools = {
        "adj": ADJECTIVES, "role": ROLES, "industry": INDUSTRIES, "skill": SKILLS,
        "company": COMPANIES, "city": CITIES, "verb": VERBS, "thing": THINGS, "hobby": HOBBIES,
        "language": LANGUAGES, "school": SCHOOLS, "subject": SUBJECTS, "weekday": WEEKDAYS,
    }  # fmt: skip
    out = template
    while "{" in out:
        start = out.index("{")
        end = out.index("}", start)
        key = out[start + 1 : end]
        value = str(rng.randint(2, 25)) if key == "n" else rng.choice(pools[key])
        out = out[:start] + value + out[end + 1 :]
    if out[0].islower():
        out = out[0].upper() + out[1:]
    return out


def make_bio(rng: random.Random, *, sentences: tuple[int, int] = (5, 10)) -> str:
    """One bio of ``sentences`` (inclusive range) template sentences, ~40-130 words."""
    count = rng.randint(*sentences)
    chosen = rng.sample(TEMPLATES, count)
    return " ".join(_fill(t, rng) for t in chosen)


_EDIT_WORDS = sorted(
    {
        w
        for pool in (ROLES, INDUSTRIES, SKILLS, THINGS, HOBBIES, ADJECTIVES, VERBS)
        for p in pool
        for w in p.split()
    }
    | {"and", "the", "with", "for", "in", "of", "at", "my", "our", "new", "great", "very"}
)


def edit_words(text: str, fraction: float, rng: random.Random) -> str:
    """Replace ``fraction`` of the words (chosen at random) with other words."""
    words = text.split()
    count = round(fraction * len(words))
    for i in rng.sample(range(len(words)), count):
        new = rng.choice(_EDIT_WORDS)
        while new == words[i].lower().strip(".,;"):
            new = rng.choice(_EDIT_WORDS)
        words[i] = new
    return " ".join(words)


_LOOKALIKES = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і", "y": "у"}
_ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


def tamper(text: str, rng: random.Random, *, rate: float = 0.15) -> str:
    """Swap letters for Cyrillic look-alikes, insert zero-width characters, change case."""
    out = []
    for ch in text:
        r = rng.random()
        if ch in _LOOKALIKES and r < rate:
            ch = _LOOKALIKES[ch]
        elif r < 2 * rate:
            ch = ch.swapcase()
        out.append(ch)
        if rng.random() < rate:
            out.append(rng.choice(_ZERO_WIDTH))
    return "".join(out)


# --------------------------------------------------------------------------- disguises
# Each takes a bio and returns a copy disguised one way (issue 15, "Copies that
# try to hide"): what a copier does to slip past a text comparison while a
# reader still sees the same text.

_SENTENCE_END = (". ", "! ", "? ")


def sentences(text: str) -> list[str]:
    """The bio's sentences (each keeps its final punctuation)."""
    out: list[str] = []
    start = 0
    for i in range(len(text) - 1):
        if text[i : i + 2] in _SENTENCE_END:
            out.append(text[start : i + 1])
            start = i + 2
    out.append(text[start:])
    return [s for s in out if s.strip()]


def disguise_case(text: str, rng: random.Random) -> str:
    """Every letter's case flipped at random."""
    return "".join(c.swapcase() if rng.random() < 0.5 else c for c in text)


def disguise_punctuation(text: str, rng: random.Random) -> str:
    """Punctuation removed, and new punctuation put between about one word pair in four."""
    bare = "".join(c if c.isalnum() or c.isspace() else " " for c in text).split()
    marks = [",", ";", " -", ":", "!", "...", " /", " |", "."]
    return " ".join(w + (rng.choice(marks) if rng.random() < 0.25 else "") for w in bare)


def disguise_shuffle(text: str, rng: random.Random) -> str:
    """The sentences in another order."""
    parts = sentences(text)
    order = parts[:]
    for _ in range(10):  # a different order when there is one
        rng.shuffle(order)
        if order != parts:
            break
    return " ".join(order)


_CYRILLIC = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і", "y": "у",
             "s": "ѕ", "j": "ј", "A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н",
             "O": "О", "P": "Р", "C": "С", "T": "Т", "X": "Х"}  # fmt: skip


def disguise_homoglyphs(text: str, rng: random.Random) -> str:
    """Every Latin letter that has a Cyrillic look-alike replaced by it."""
    return "".join(_CYRILLIC.get(c, c) for c in text)


def disguise_fullwidth(text: str, rng: random.Random) -> str:
    """Every printable ASCII character written in its full-width form (U+FF01-FF5E)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def disguise_zero_width(text: str, rng: random.Random) -> str:
    """Zero-width characters (and soft hyphens) after about one character in three."""
    out = []
    for c in text:
        out.append(c)
        if rng.random() < 0.33:
            out.append(rng.choice(_ZERO_WIDTH))
    return "".join(out)


def disguise_half(text: str, rng: random.Random) -> str:
    """The first half of the words only."""
    words = text.split()
    return " ".join(words[: (len(words) + 1) // 2])


def disguise_accents(text: str, rng: random.Random) -> str:
    """Every vowel followed by a combining acute accent (U+0301): "é" written as "e" + mark."""
    return "".join(c + "\u0301" if c in "aeiouAEIOU" else c for c in text)


def disguise_spaced(text: str, rng: random.Random) -> str:
    """Letters of each word spaced out, words three spaces apart: "S e n i o r   e n g ..."."""
    return "   ".join(" ".join(word) for word in text.split())


_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7", "A": "4", "E": "3",
         "I": "1", "O": "0", "S": "5", "T": "7"}  # fmt: skip


def disguise_leetspeak(text: str, rng: random.Random) -> str:
    """Letters written as look-alike digits wherever one exists: "S3n10r 3ng1n33r"."""
    return "".join(_LEET.get(c, c) for c in text)


_KEYBOARD_NEIGHBOURS = {
    "a": "qwsz", "b": "vghn", "c": "xdfv", "d": "serfcx", "e": "wsdr", "f": "drtgvc",
    "g": "ftyhbv", "h": "gyujnb", "i": "ujko", "j": "huikmn", "k": "jiolm", "l": "kop",
    "m": "njk", "n": "bhjm", "o": "iklp", "p": "ol", "q": "wa", "r": "edft", "s": "awedxz",
    "t": "rfgy", "u": "yhji", "v": "cfgb", "w": "qase", "x": "zsdc", "y": "tghu", "z": "asx",
}  # fmt: skip


def misspell(word: str, rng: random.Random) -> str:
    """One typo in ``word``: a letter swapped with its neighbour, dropped, doubled or mistyped."""
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    if len(letters) < 3:
        return word
    i = rng.choice(letters[:-1] if len(letters) > 1 else letters)
    kind = rng.randrange(4)
    if kind == 0 and i + 1 < len(word) and word[i + 1].isalpha() and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # transposed
    if kind == 1:
        return word[:i] + word[i + 1 :]  # dropped
    if kind == 2:
        return word[:i] + word[i] + word[i:]  # doubled
    near = _KEYBOARD_NEIGHBOURS.get(word[i].lower(), "e")
    return word[:i] + rng.choice(near) + word[i + 1 :]  # mistyped (a neighbouring key)


def disguise_misspellings(text: str, rng: random.Random, *, rate: float = 0.2) -> str:
    """One word in five (at random) with a typo (:func:`misspell`)."""
    words = text.split()
    for i in rng.sample(range(len(words)), round(rate * len(words))):
        words[i] = misspell(words[i], rng)
    return " ".join(words)


#: Words of the bios and a synonym a copier might put instead.
SYNONYMS = {
    "experience": "expertise", "passionate": "enthusiastic", "building": "creating",
    "scaling": "growing", "leading": "heading", "designing": "crafting", "shipping": "releasing",
    "helping": "assisting", "teams": "groups", "grow": "develop", "currently": "presently",
    "previously": "formerly", "years": "yrs", "love": "enjoy", "skills": "strengths",
    "include": "comprise", "specialise": "focus", "strong": "solid", "background": "history",
    "proven": "demonstrated", "record": "history", "work": "job", "find": "see", "happy": "glad",
    "connect": "link", "fellow": "other", "opportunities": "openings", "believe": "think",
    "great": "excellent", "people": "folks", "clear": "precise", "goals": "objectives",
    "working": "operating", "across": "throughout", "mentor": "coach", "speaker": "presenter",
    "proud": "pleased", "launches": "releases", "enjoy": "like", "reach": "contact",
    "helps": "assists", "cut": "reduced", "costs": "expenses", "moving": "switching",
    "worked": "served", "charity": "nonprofit", "graduated": "finished", "degree": "diploma",
    "write": "blog", "future": "tomorrow", "known": "famous", "humour": "wit", "best": "finest",
    "mission": "aim", "simpler": "easier", "everyone": "everybody", "small": "little",
    "recently": "lately", "completed": "finished", "course": "class", "grew": "was raised",
    "studied": "read", "accident": "chance", "message": "contact", "projects": "ventures",
    "blog": "journal", "learner": "student", "excellence": "distinction", "split": "divide",
    "time": "hours", "reading": "studying", "trying": "attempting", "better": "improving",
    "alumnus": "graduate", "happiest": "most content", "messy": "tangled", "problem": "issue",
    "clean": "tidy", "recognised": "praised", "tight": "strict", "looking": "searching",
    "cares": "thinks", "moved": "relocated", "join": "work at", "independent": "freelance",
    "leaders": "executives", "measurable": "quantifiable", "results": "outcomes",
    "trained": "schooled", "teaching": "instructing", "tools": "utilities", "member": "trustee",
    "network": "group", "founded": "started", "acquired": "bought",
    "conversational": "decent", "learning": "studying", "actually": "really",
    "using": "working with",
    "publish": "put out", "monthly": "regular", "newsletter": "bulletin", "big": "ambitious",
    "plans": "ambitions", "advisor": "adviser", "start-ups": "startups", "weeks": "weekends",
}  # fmt: skip


def disguise_synonyms(text: str, rng: random.Random, *, count: int = 20) -> str:
    """About ``count`` words (at random, among those with a synonym) swapped for a synonym."""
    words = text.split()
    swappable = [i for i, w in enumerate(words) if w.lower().strip(".,;:!?") in SYNONYMS]
    for i in rng.sample(swappable, min(count, len(swappable))):
        w = words[i]
        key = w.lower().strip(".,;:!?")
        start = w.lower().index(key)
        words[i] = w[:start] + SYNONYMS[key] + w[start + len(key) :]
    return " ".join(words)


#: The disguises of the robustness table, by name, in its order.
DISGUISES = {
    "case": disguise_case,
    "punctuation": disguise_punctuation,
    "shuffled sentences": disguise_shuffle,
    "Cyrillic homoglyphs": disguise_homoglyphs,
    "full-width letters": disguise_fullwidth,
    "zero-width characters": disguise_zero_width,
    "half the text": disguise_half,
    "combining accents": disguise_accents,
    "spaced letters": disguise_spaced,
    "leetspeak": disguise_leetspeak,
    "misspellings (1 word in 5)": disguise_misspellings,
    "synonyms (about 20)": disguise_synonyms,
}
