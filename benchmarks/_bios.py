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
