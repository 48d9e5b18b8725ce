"""A second, independent population: a LinkedIn-like *export* of one community's network.

Written for ``bench_network.py`` from its own assumptions, without reading
anything from :mod:`fakeprofile.synthetic` or ``_population.py``, so that the
default model (trained on the synthetic generator) is checked on data shaped
unlike its training data. Every choice below is an assumption, not a fact
about any platform.

The community: about 85% genuine members of the "Tidewater" network, the
people working in and around one coastal city's hospital, schools, council,
port, university and small firms (not mostly office and tech jobs).

* **The export has no experience, education or skills**: those keys are absent
  from every record (never empty lists). Each record has ``name``,
  ``username`` (LinkedIn-style: ``first-last``, ``firstlast``, ``flast`` or
  ``first-last-3a9f1b2c`` with the platform's hex suffix; sometimes absent),
  a ``headline``, usually an ``about`` (prose in several registers: first
  person, third person, pipe-separated fragments, casual lower case; from a
  sector's roles, places, topics and the member's own hobbies, pets, streets
  and numbers), ``created_at`` and ``connections``/``followers``/``following``
  (each absent for some members).
* **Photos** are files drawn here with Pillow, one per member, 320×320: a
  portrait (background scene, shoulders, head, hair, eyes, mouth, glasses) or,
  for about a fifth, an abstract or landscape image (sky, hills, sun, stripes,
  shapes); about 5% of genuine members have no photo.
* **Activity** is totals only (no timed events): over 90 days (about 55%),
  lifetime (``"window_days": null``, about 35%, counts scaled by account age)
  or absent (about 10%). Genuine kinds: lurkers (mostly likes, 0-1 comments),
  regulars (likes, comments, a few shares and posts), writers (many comments,
  posts, articles), newcomers (accounts weeks or months old, few connections,
  a few likes) and silent members (no activity key, or all zeros).
* **Fakes** (about 15%): copycats (60%) copy one genuine member's photo (the
  same image mirrored or not, cropped 0-6%, resized, re-encoded as JPEG)
  and/or about text (lightly edited: the name swapped, a sentence dropped or
  added, a few words changed); 40% of them sit on aged (bought) accounts with
  ordinary counts and a few generic comments, the others are weeks old and
  likes-heavy. Farms (40%) copy nothing: months-old accounts that like
  hundreds to thousands of posts and never comment, with a unique photo or
  none and a short hustle bio or none.
* **Invitations**: about one per two genuine members between genuine members
  (a personal note greeting the recipient by first name and mentioning a topic
  from their about text or, without one, their headline: 35%; a stock opener:
  35%; no note: 30%), and one to three per fake, to genuine members (stock:
  45%, flattering: 30%, none: 15%, stock with a link: 10%).

Labels stay in ``meta`` (``label``, ``kind``, ``copied_from``, ``copied``),
which the library carries through untouched.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter, ImageOps

__all__ = ["Invite", "Member", "Network", "generate"]

# --------------------------------------------------------------------------- vocabularies

FIRST = [
    "Aisha", "Amara", "Ben", "Bronwen", "Callum", "Carys", "Chen", "Chidi", "Dafydd", "Deepa",
    "Eilidh", "Elif", "Emeka", "Ffion", "Gareth", "Grace", "Hamza", "Hannah", "Ifeoma",
    "Imran", "Isla", "Jakub", "Jamal", "Jenna", "Joaquim", "Kasia", "Kwame", "Laila", "Leon",
    "Lowri", "Mairead", "Malik", "Marta", "Mehmet", "Mia", "Niamh", "Nikhil", "Noor", "Olu",
    "Owain", "Paulo", "Priya", "Rhys", "Rosa", "Ruth", "Sanjay", "Saoirse", "Seren", "Siobhan",
    "Sunita", "Tariq", "Tomasz", "Una", "Wei", "Yusuf", "Zainab", "Zofia", "Agnieszka",
    "Bogdan", "Catrin", "Declan", "Esme", "Farah", "Gethin", "Hui", "Ines", "Jude", "Keir",
    "Lucja", "Morwenna", "Nia"
]  # fmt: skip
LAST = [
    "Abara", "Ahmed", "Bevan", "Boateng", "Brennan", "Carew", "Chowdhury", "Costa", "Davies",
    "Doyle", "Evans", "Fairweather", "Gallagher", "Griffiths", "Haddad", "Hughes", "Iqbal",
    "Jenkins", "Kaur", "Kowalski", "Lewis", "Llewellyn", "MacLeod", "Malinowski", "Mensah",
    "Morgan", "Nowak", "Nwosu", "O'Brien", "Okafor", "Owusu", "Patel", "Pritchard", "Quinn",
    "Rahman", "Rees", "Santos", "Shah", "Sheikh", "Tan", "Thomas", "Treharne", "Uddin",
    "Vaughan", "Wang", "Walsh", "Wojcik", "Yilmaz", "Zhou", "Ashworth", "Bellamy", "Crowther",
    "Dunmore", "Ellery", "Fenwick", "Garside", "Holroyd", "Ibbotson", "Kettlewell"
]  # fmt: skip

SECTORS: dict[str, dict[str, list[str]]] = {
    "health": {
        "roles": ["ward nurse", "midwife", "physiotherapist", "GP", "pharmacist",
                  "radiographer", "occupational therapist", "paramedic", "clinical coder",
                  "health visitor", "speech and language therapist", "dental nurse"],
        "places": ["Harbour Infirmary", "St Brannoc's Hospital", "the Eastgate clinic",
                   "the renal unit", "the children's ward", "Quayside Surgery",
                   "the ambulance station on Mill Lane"],
        "topics": ["falls prevention", "stroke rehabilitation", "antenatal classes",
                   "wound care", "discharge planning", "community clinics", "sepsis audits",
                   "medicines reconciliation", "night-shift rotas", "hand hygiene",
                   "dementia-friendly wards", "breastfeeding support", "MRI safety"],
    },
    "education": {
        "roles": ["primary teacher", "maths teacher", "teaching assistant", "headteacher",
                  "SENCo", "lecturer in marine biology", "school librarian", "music tutor",
                  "early years practitioner", "exams officer"],
        "places": ["Saltmarsh Primary", "Tidewater Academy", "the sixth-form college",
                   "Harbourside Nursery", "Tidewater University", "St Ia's School"],
        "topics": ["phonics", "forest school", "GCSE resits", "reading recovery",
                   "outdoor learning", "behaviour support", "Year 6 transition",
                   "rockpool surveys", "choir", "coding club", "adult literacy", "autism support"],
    },
    "council": {
        "roles": ["planning officer", "housing officer", "parks ranger", "library assistant",
                  "environmental health officer", "social worker", "youth worker",
                  "council clerk", "waste services supervisor", "coastal engineer"],
        "places": ["Tidewater Council", "the civic centre", "the central library",
                   "Westcliff Park", "the youth hub on Cable Street"],
        "topics": ["flood defences", "allotments", "affordable housing", "food hygiene",
                   "beach cleans", "bus shelters", "tree preservation orders",
                   "family support", "rough sleeping", "the seafront scheme", "recycling rates"],
    },
    "port": {
        "roles": ["crane operator", "harbour pilot", "freight forwarder", "customs broker",
                  "marine surveyor", "shipping agent", "warehouse manager", "tug skipper",
                  "port electrician", "HGV driver"],
        "places": ["Tidewater Docks", "the ferry terminal", "Pier 4", "the container yard",
                   "Northbank Freight", "the fish market"],
        "topics": ["reefer containers", "berth scheduling", "ferry crossings",
                   "dangerous goods", "tide tables", "cold chain", "forklift training",
                   "vessel inspections", "quay maintenance", "export paperwork"],
    },
    "trades": {
        "roles": ["joiner", "electrician", "plumber", "bakery owner", "florist", "barber",
                  "café owner", "bike mechanic", "boat builder", "tattoo artist",
                  "dog groomer", "upholsterer"],
        "places": ["a small workshop off Chapel Street", "the covered market",
                   "our shop on Fore Street", "the boatyard at Penrose Creek",
                   "a unit on the Longmoor estate"],
        "topics": ["sash windows", "sourdough", "wedding flowers", "skin fades",
                   "e-bike conversions", "clinker boats", "rewires", "heat pumps",
                   "reupholstered armchairs", "fine-line tattoos", "flat whites"],
    },
    "research": {
        "roles": ["postdoc", "PhD student", "lab technician", "oceanographer",
                  "research software engineer", "data manager", "ecologist",
                  "research nurse", "archivist"],
        "places": ["the marine lab", "Tidewater University", "the county archive",
                   "the tidal energy centre", "the seagrass project"],
        "topics": ["seagrass restoration", "plankton counts", "tidal turbines",
                   "microplastics", "oyster reefs", "parish records", "sediment cores",
                   "acoustic tags on porpoises", "clinical trials", "R packages"],
    },
    "creative": {
        "roles": ["photographer", "graphic designer", "theatre technician", "illustrator",
                  "radio presenter", "potter", "videographer", "copywriter", "arts officer"],
        "places": ["the Lantern Theatre", "Tidewater FM", "a studio above the chip shop",
                   "the arts centre", "the harbour gallery"],
        "topics": ["wedding photography", "risograph prints", "community radio",
                   "stage lighting", "wood-fired pottery", "festival posters",
                   "drone footage", "children's books", "podcast editing"],
    },
    "office": {
        "roles": ["bookkeeper", "payroll officer", "office manager", "solicitor",
                  "estate agent", "insurance adviser", "HR adviser", "IT support technician",
                  "mortgage adviser", "receptionist"],
        "places": ["Carew & Rees Solicitors", "Quay Street Accountants", "Harbourview Lettings",
                   "the credit union", "Tidewater Building Society"],
        "topics": ["year-end accounts", "probate", "first-time buyers", "payroll software",
                   "tenancy deposits", "employment law", "small-business VAT",
                   "password resets", "conveyancing"],
    },
}  # fmt: skip

HOBBIES_TEXT = """
    wild swimming|open-water rowing|bell ringing|allotment growing|fell running|crabbing
    with the kids|coaching under-11s football|birdwatching on the estuary|sea kayaking
    |restoring a Morris Minor|amateur dramatics|choir on Tuesdays|cold-water dips|darts
    |knitting jumpers nobody asked for|rock climbing|surf lifesaving|photography walks
    |baking far too many scones|parkrun|the pub quiz at the Anchor|fixing old radios
    |beekeeping|drawing boats|chess club|salsa classes|volunteering at the food bank
    |RNLI fundraising|metal detecting|cricket|netball|Welsh lessons|paddleboarding
"""
HOBBIES = [" ".join(h.split()) for h in HOBBIES_TEXT.split("|")]
PETS = ["spaniel", "greyhound", "cat", "lurcher", "tortoise", "parrot", "collie", "terrier"]
PET_NAMES = [
    "Biscuit", "Pickle", "Moss", "Juno", "Barnaby", "Tilly", "Otis", "Ziggy", "Mabel",
    "Pepper", "Kipper", "Bramble", "Dylan", "Nell", "Tango", "Winnie", "Rolo", "Hector",
    "Puffin", "Sprout"
]  # fmt: skip
STREETS = ["Fore Street", "Chapel Street", "Quay Road", "Mill Lane", "Cable Street",
           "Penrose Hill", "Harbour Terrace", "Longmoor", "Westcliff", "Northbank",
           "St Ia's Road", "Ropewalk"]  # fmt: skip
CITIES = ["Cardiff", "Bristol", "Plymouth", "Glasgow", "Lagos", "Krakow", "Dhaka",
          "Manchester", "Porto", "Belfast", "Leeds", "Accra", "Hull", "Swansea"]  # fmt: skip
EMOJI = ["🌊", "⚓", "🐶", "☕", "🚲", "📚", "🌱", "🎶"]

# The templates say the same thing in several registers; {t} is a topic of the
# sector, {t2} another, {h} a hobby, {p} a place, {r} the role.
FIRST_PERSON = [
    "I've been a {r} for {n} years, most of them at {p}.",
    "I work as a {r} at {p}, mostly on {t}.",
    "These days my work is mostly {t}, with a bit of {t2} when the rota allows.",
    "I moved to Tidewater from {city} in {year} and never left.",
    "Before this I spent {n} years in {city} doing something completely different.",
    "The part of the job I love is {t}; the part I could do without is the paperwork.",
    "Currently trying to get {p} to take {t} more seriously.",
    "Trained in {city}, qualified in {year}, still learning every week.",
    "If you want to talk {t} or {t2}, my inbox is open.",
    "Outside work you'll find me {h} or {h2}.",
    "I live on {street} with a {pet} called {petname} who runs the household.",
    "Proud to have helped set up the {t} group at {p} in {year}.",
    "I'm also a school governor and do {h} at weekends.",
    "I started out as an apprentice at {p} and worked my way up.",
    "Happy to mentor anyone starting out as a {r} in the area.",
    "Recently finished a part-time course on {t}; still digesting it.",
    "Ask me about {t2}, {h2}, or the best chips on {street}.",
    "Twenty-odd years in, {t} still surprises me.",
    "Shout-out to the team at {p}, who put up with my {h} stories.",
    "Half my week is {t}, the other half is explaining {t2} to new starters.",
    "Grew up in {city}; came here for a summer job in {year}.",
    "My {pet} {petname} has met more of my colleagues than I have.",
    "Quietly obsessed with {t2}.",
    "Union rep, first-aider, and unofficial tea maker at {p}.",
    "I got into this line of work after a year volunteering with {h}.",
    "Most mornings start with {h} before the {n}-minute walk up {street}.",
    "Spent {year} to {year2} on secondment, now back at {p}.",
    "Our little project on {t} won a county award, which nobody expected.",
    "Part-time, job-share, two kids, one allotment.",
    "If you've ever been to {p}, I'm probably the one with the lanyard and the biscuits.",
    "Keen on anything to do with {t2}; slightly less keen on spreadsheets.",
    "Still can't believe I get paid to do {t}.",
    "Fluent in Welsh and sarcasm.",
    "Back on here after a long break, mainly to keep in touch with old colleagues.",
    "Currently studying for a diploma in {t2} in the evenings.",
]
THIRD_PERSON = [
    "{first} is a {r} at {p}, where {pron} leads work on {t}.",
    "{first} has {n} years' experience in {t} and {t2}.",
    "Before joining {p}, {first} worked in {city}.",
    "Away from work {pron} enjoys {h} and {h2}.",
    "{first} is based in Tidewater and can be reached through the {sector} network.",
    "A {r} for {n} years, {first} now spends most of {pos} time on {t2}.",
    "{first} trained in {city} and joined {p} in {year}.",
    "{Pron} is known locally for {h}.",
    "{first} chairs the {t} working group.",
    "When not at {p}, {first} is usually {h2} with a {pet} called {petname}.",
    "{first} writes occasionally about {t} for the local paper.",
    "Previously {first} was a {r2} on {street}.",
    "{Pron} mentors new {r}s and volunteers with {h}.",
]
CASUAL = [
    "{r} by day, {h} by night {emoji}",
    "mostly here to keep up with the {sector} crowd tbh",
    "{t} nerd. {h2} when the weather lets me.",
    "ex-{city}, now {street}. {petname} the {pet} is the real boss",
    "not very active on here but happy to connect with local folk",
    "{h} > everything else. {petname} ({pet}) agrees",
    "{n} years of {t}, {n2} cups of tea a day, 0 regrets",
    "born in {city}, raised on {street}, still can't swim (working on it: {h})",
    "ask me about {t2} or {h2}. or don't, i'll tell you anyway",
    "on here for the {sector} jobs board and the occasional {t} rant {emoji}",
]
CLOSERS = [
    "Always up for a coffee if you're local.",
    "Views my own.",
    "Say hello if we've met at a {sector} network evening.",
    "Currently not looking for new roles, but happy to chat.",
]

FAKE_HEADLINES = [
    "Entrepreneur | Investor | Mentor", "CEO & Founder", "Digital Marketing Expert",
    "Helping you reach financial freedom", "Crypto & forex trader", "Global Sourcing Consultant",
    "Life coach | Speaker | Author", "Recruitment Partner | Hiring now",
    "Business Development Manager", "Independent Consultant",
]  # fmt: skip
FAKE_ABOUTS = [
    "Passionate entrepreneur helping people unlock their potential and achieve financial "
    "freedom. Let's connect and grow together!",
    "Results-driven professional with a passion for building relationships. Open to new "
    "opportunities and collaborations worldwide.",
    "I help busy professionals create passive income streams. Message me to learn how.",
    "Experienced consultant in international trade, investments and business growth. "
    "Always looking to expand my network.",
    "Motivated self-starter. Believer in hard work and positive energy. Success is a journey.",
]
GENERIC_COMMENTS = ["Great post!", "Congratulations!", "Very insightful 👏", "Well said!",
                    "Thanks for sharing", "Amazing 🔥", "So true!", "Interesting"]  # fmt: skip

GENUINE_STOCK = [
    "I'd like to add you to my professional network.",
    "Hi {first}, I'd like to add you to my professional network.",
    "Hi {first}, I'd like to join your LinkedIn network.",
    "Hello {first}, let's connect!",
    "Hi {first}, please accept my invitation to connect.",
]
PERSONAL = [
    "Hi {first}, great to meet you at the Tidewater network evening. I'd love to hear more "
    "about {term} some time.",
    "Hello {first}, I saw your profile mentions {term}. We are starting something similar "
    "at {myplace}, could we compare notes?",
    "{first}! Long time no see. Still doing {term}? Would be good to stay in touch.",
    "Hi {first}, a colleague said you're the person to ask about {term}. Happy to connect "
    "and buy you a coffee.",
    "Dear {first}, I enjoyed reading about your work on {term}. I'm a {myrole} at {myplace} "
    "and would like to connect.",
]
FAKE_STOCK = [
    "I'd like to add you to my professional network.",
    "Hi {first}, I came across your profile and would like to connect.",
    "Hello {first}, I'm always looking to expand my network with professionals like you.",
    "Hi, I noticed we share similar interests. Let's connect and grow together!",
    "Hi {first}, we have many mutual connections, please accept my invitation.",
]
FLATTERING = [
    "Hi {first}, your career path is truly inspiring. I would be honoured to connect "
    "and learn from you.",
    "Dear {first}, I was impressed by your profile and your achievements. It would be a "
    "pleasure to have you in my network.",
    "Hello {first}! Such an impressive background, I think we should connect. Wishing you "
    "a wonderful day.",
    "Hi {first}, I admire professionals like you. Hope we can connect and share ideas.",
]
LINK_NOTES = [
    "Hi {first}, I'd like to add you to my professional network. My portfolio: {link}",
    "Hello {first}, I have an exciting opportunity for you, details here {link}",
    "Hi {first}, I came across your profile and thought you'd like this: {link}",
]
# Light rewording a copycat applies to a copied about text.
SYNONYMS = {
    "love": "enjoy", "mostly": "mainly", "work": "job", "years": "yrs", "happy": "glad",
    "best": "finest", "still": "always", "weekends": "the weekend", "small": "little",
    "started": "began", "recently": "lately", "moved": "relocated", "never": "not",
}  # fmt: skip


# --------------------------------------------------------------------------- records


@dataclass
class Member:
    """One profile of the export, with its truth (also in ``record["meta"]``)."""

    record: dict[str, Any]
    label: int
    kind: str
    copied_from: str | None = None
    copied: tuple[str, ...] = ()
    #: Topics the member's about text or headline mentions (for personal notes).
    topics: list[str] = field(default_factory=list)
    role: str = ""
    place: str = ""


@dataclass
class Invite:
    """One invitation and its truth: whether the sender is fake, and the note's kind."""

    record: dict[str, Any]
    sender_label: int
    sender_kind: str
    note: str  # personal, stock, none, flattering, link


@dataclass
class Network:
    """The export: members (genuine first, then fakes) and invitations."""

    members: list[Member]
    invitations: list[Invite]


# --------------------------------------------------------------------------- photos


def _color(rng: random.Random, lo: int = 0, hi: int = 255) -> tuple[int, int, int]:
    return (rng.randint(lo, hi), rng.randint(lo, hi), rng.randint(lo, hi))


def _clamp(v: int) -> int:
    return max(0, min(255, v))


SKIN = [(255, 224, 196), (241, 194, 155), (224, 172, 128), (198, 134, 93), (141, 85, 54),
        (101, 62, 38), (234, 192, 134), (170, 110, 75)]  # fmt: skip
HAIR = [(20, 15, 10), (60, 40, 25), (110, 70, 40), (180, 140, 80), (200, 190, 170),
        (150, 60, 30), (90, 90, 90), (240, 230, 200)]  # fmt: skip
SIZE = 320


def _background(rng: random.Random) -> Image.Image:
    """A gradient with a scene of shapes over it (window, shelves, blobs, stripes)."""
    a, b = _color(rng), _color(rng)
    img = Image.new("RGB", (SIZE, SIZE))
    draw = ImageDraw.Draw(img)
    vertical = rng.random() < 0.5
    for i in range(SIZE):
        t = i / (SIZE - 1)
        c = tuple(round(a[k] * (1 - t) + b[k] * t) for k in range(3))
        if vertical:
            draw.line([(0, i), (SIZE, i)], fill=c)
        else:
            draw.line([(i, 0), (i, SIZE)], fill=c)
    scene = rng.choice(["window", "shelves", "blobs", "stripes", "plain", "split"])
    if scene == "window":
        x0, y0 = rng.randint(0, 200), rng.randint(0, 120)
        w, h = rng.randint(60, 160), rng.randint(60, 160)
        draw.rectangle([x0, y0, x0 + w, y0 + h], fill=_color(rng, 150), outline=_color(rng))
        draw.line([(x0 + w // 2, y0), (x0 + w // 2, y0 + h)], fill=_color(rng), width=4)
    elif scene == "shelves":
        for y in range(rng.randint(10, 40), SIZE, rng.randint(45, 80)):
            draw.rectangle([0, y, SIZE, y + 6], fill=_color(rng, 40, 160))
            x = 0
            while x < SIZE:
                bw = rng.randint(6, 18)
                draw.rectangle([x, y - rng.randint(20, 40), x + bw, y], fill=_color(rng))
                x += bw + rng.randint(0, 6)
    elif scene == "blobs":
        for _ in range(rng.randint(4, 14)):
            r = rng.randint(10, 60)
            x, y = rng.randint(0, SIZE), rng.randint(0, SIZE)
            draw.ellipse([x - r, y - r, x + r, y + r], fill=_color(rng))
    elif scene == "stripes":
        step = rng.randint(14, 50)
        for x in range(-SIZE, SIZE * 2, step * 2):
            draw.polygon(
                [(x, 0), (x + step, 0), (x + step + SIZE // 2, SIZE), (x + SIZE // 2, SIZE)],
                fill=_color(rng),
            )
    elif scene == "split":
        cut = rng.randint(60, 260)
        draw.rectangle([0, cut, SIZE, SIZE], fill=_color(rng))
    return img


def draw_portrait(rng: random.Random) -> Image.Image:
    """A head-and-shoulders figure over a background scene."""
    img = _background(rng)
    draw = ImageDraw.Draw(img)
    cx = SIZE // 2 + rng.randint(-60, 60)
    head_w, head_h = rng.randint(70, 120), rng.randint(90, 140)
    cy = rng.randint(110, 170)
    body = _color(rng)
    shoulder = rng.randint(100, 160)
    draw.ellipse([cx - shoulder, cy + head_h // 2 + 10, cx + shoulder, SIZE + 160], fill=body)
    red, green, blue = rng.choice(SKIN)
    skin = (_clamp(red + rng.randint(-15, 15)), _clamp(green + rng.randint(-15, 15)),
            _clamp(blue + rng.randint(-15, 15)))  # fmt: skip
    draw.rectangle([cx - 18, cy + head_h // 2 - 10, cx + 18, cy + head_h // 2 + 30], fill=skin)
    hair = rng.choice(HAIR)
    style = rng.choice(["short", "long", "bald", "bun", "curly", "fringe"])
    if style == "long":
        draw.rectangle(
            [cx - head_w // 2 - 12, cy - head_h // 3, cx + head_w // 2 + 12, cy + head_h],
            fill=hair,
        )
    box = [cx - head_w // 2, cy - head_h // 2, cx + head_w // 2, cy + head_h // 2]
    draw.ellipse(box, fill=skin)
    if style in ("short", "long", "fringe", "bun"):
        draw.chord(
            [box[0] - 6, box[1] - 10, box[2] + 6, box[3] - head_h // 3],
            180,
            360,
            fill=hair,
        )
    if style == "fringe":
        draw.rectangle([box[0] + 8, box[1] + 5, box[2] - 8, box[1] + head_h // 4], fill=hair)
    if style == "bun":
        draw.ellipse([cx - 22, box[1] - 38, cx + 22, box[1] + 4], fill=hair)
    if style == "curly":
        for _ in range(14):
            a = rng.uniform(math.pi, 2 * math.pi)
            x = cx + math.cos(a) * head_w / 2
            y = cy + math.sin(a) * head_h / 2
            draw.ellipse([x - 16, y - 16, x + 16, y + 16], fill=hair)
    eye_y = cy - rng.randint(0, 15)
    gap = head_w // 4
    for ex in (cx - gap, cx + gap):
        draw.ellipse([ex - 6, eye_y - 4, ex + 6, eye_y + 4], fill=(250, 250, 250))
        draw.ellipse([ex - 3, eye_y - 3, ex + 3, eye_y + 3], fill=_color(rng, 0, 120))
    if rng.random() < 0.3:
        frame = _color(rng, 0, 90)
        for ex in (cx - gap, cx + gap):
            draw.rectangle([ex - 14, eye_y - 10, ex + 14, eye_y + 10], outline=frame, width=3)
    mouth_y = cy + head_h // 4
    draw.arc(
        [cx - 18, mouth_y - 10, cx + 18, mouth_y + 8],
        10,
        170,
        fill=(120, 40, 40),
        width=3,
    )
    if rng.random() < 0.5:  # side light: one half of the picture brighter
        light = Image.new("L", (SIZE, SIZE), 0)
        ImageDraw.Draw(light).rectangle(
            [0 if rng.random() < 0.5 else SIZE // 2, 0, SIZE, SIZE], fill=rng.randint(30, 90)
        )
        light = light.filter(ImageFilter.GaussianBlur(40))
        img = Image.composite(Image.new("RGB", (SIZE, SIZE), (255, 255, 240)), img, light)
    return img.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.5)))


def draw_abstract(rng: random.Random) -> Image.Image:
    """A landscape (sky, hills, sun) or a composition of shapes."""
    img = _background(rng)
    draw = ImageDraw.Draw(img)
    if rng.random() < 0.5:
        horizon = rng.randint(120, 240)
        for _ in range(rng.randint(1, 3)):
            pts = [(0, SIZE)]
            for x in range(0, SIZE + 40, 40):
                pts.append((x, horizon + rng.randint(-50, 30)))
            pts.append((SIZE, SIZE))
            draw.polygon(pts, fill=_color(rng, 0, 180))
            horizon += rng.randint(15, 40)
        sx, sy, r = rng.randint(30, 290), rng.randint(20, 100), rng.randint(15, 35)
        draw.ellipse([sx - r, sy - r, sx + r, sy + r], fill=_color(rng, 180))
    else:
        for _ in range(rng.randint(3, 9)):
            pts = [(rng.randint(0, SIZE), rng.randint(0, SIZE)) for _ in range(rng.randint(3, 6))]
            draw.polygon(pts, fill=_color(rng))
    return img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2)))


def _save(img: Image.Image, path: Path, rng: random.Random) -> None:
    if path.suffix == ".png":
        img.save(path)
    else:
        img.save(path, quality=rng.randint(80, 95))


def copy_photo(src: Path, dst: Path, rng: random.Random) -> list[str]:
    """The same image re-encoded as JPEG, maybe mirrored, cropped and resized; what was done."""
    done = []
    with Image.open(src) as opened:
        img = opened.convert("RGB")
    if rng.random() < 0.5:
        img = ImageOps.mirror(img)
        done.append("mirrored")
    if rng.random() < 0.6:
        w, h = img.size
        f = rng.uniform(0.01, 0.06)
        dx, dy = round(w * f * rng.random()), round(h * f * rng.random())
        img = img.crop((dx, dy, w - round(w * f) + dx, h - round(h * f) + dy))
        done.append(f"cropped {f:.0%}")
    side = rng.randint(200, 480)
    img = img.resize((side, side), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=rng.randint(60, 90))
    dst.write_bytes(buf.getvalue())
    done.append(f"resized to {side}, re-encoded")
    return done


# --------------------------------------------------------------------------- texts


def _fill(template: str, slots: dict[str, str]) -> str:
    out = template.format(**slots)
    return out[0].upper() + out[1:]


def _about(rng: random.Random, m: Member, sector: str, slots: dict[str, str]) -> str:
    style = rng.choices(["first", "third", "pipes", "casual"], [55, 15, 15, 15])[0]
    if style == "pipes":
        items = [slots[k] for k in ("t", "t2", "h", "h2", "street", "p", "city")]
        rng.shuffle(items)
        return " | ".join([m.role.title(), *items[: rng.randint(3, 6)]])
    if style == "casual":
        lines = rng.sample(CASUAL, rng.randint(1, 2))
        return " ".join(t.format(**slots) for t in lines)
    pool = FIRST_PERSON if style == "first" else THIRD_PERSON
    k = rng.randint(3, 5)
    sentences = [_fill(t, slots) for t in rng.sample(pool, k)]
    if rng.random() < 0.3:
        sentences.append(_fill(rng.choice(CLOSERS), slots))
    return " ".join(sentences)


def _headline(rng: random.Random, m: Member, slots: dict[str, str]) -> str:
    r = m.role
    choice = rng.random()
    if choice < 0.45:
        return f"{r[0].upper()}{r[1:]} at {m.place}"
    if choice < 0.65:
        return f"{r[0].upper()}{r[1:]}"
    if choice < 0.85:
        return f"{r[0].upper()}{r[1:]} | {slots['t']} | Tidewater"
    if choice < 0.93:
        return f"Retired {r}, {slots['h']}"
    return f"{r[0].upper()}{r[1:]} at {m.place}. {slots['t'][0].upper()}{slots['t'][1:]}."


def edit_about(text: str, old_first: str, new_first: str, rng: random.Random) -> str:
    """A light edit: the name swapped, maybe a sentence dropped or added, a few words changed."""
    text = text.replace(old_first, new_first)
    sentences = [s for s in text.replace("! ", ". ").split(". ") if s]
    if len(sentences) > 3 and rng.random() < 0.4:
        sentences.pop(rng.randrange(1, len(sentences)))
    if rng.random() < 0.3:
        sentences.append("Open to new opportunities and collaborations")
    out = ". ".join(s.rstrip(".") for s in sentences) + "."
    words = out.split(" ")
    for i, w in enumerate(words):
        key = w.lower().strip(".,!")
        if key in SYNONYMS and rng.random() < 0.5:
            words[i] = w.replace(key, SYNONYMS[key])
    return " ".join(words)


# --------------------------------------------------------------------------- people


def _days_ago(today: dt.date, days: int) -> str:
    return (today - dt.timedelta(days=max(1, days))).isoformat()


def _lognormal(rng: random.Random, median: float, sigma: float) -> int:
    return max(0, round(median * math.exp(rng.gauss(0, sigma))))


def _username(rng: random.Random, first: str, last: str) -> str | None:
    f, ln = first.lower(), last.lower().replace("'", "")
    r = rng.random()
    if r < 0.1:
        return None
    if r < 0.45:
        return f"{f}-{ln}"
    if r < 0.6:
        return f"{f}{ln}"
    if r < 0.7:
        return f"{f[0]}{ln}"
    return f"{f}-{ln}-{rng.getrandbits(32):08x}"


def _counts(rng: random.Random, record: dict[str, Any], conn: int, fol: int, ing: int) -> None:
    """Set connections/followers/following, each missing now and then."""
    for key, value in (("connections", conn), ("followers", fol), ("following", ing)):
        if rng.random() > 0.12:
            record[key] = value


def _activity(
    rng: random.Random, age_days: int, per90: dict[str, float], *, lifetime: bool
) -> dict[str, Any]:
    scale = max(age_days, 30) / 90 * rng.uniform(0.3, 0.8) if lifetime else 1.0
    out: dict[str, Any] = {"window_days": None if lifetime else 90}
    for key, mean in per90.items():
        out[key] = _lognormal(rng, mean * scale, 0.7) if mean > 0 else 0
    return out


GENUINE_KINDS = {"lurker": 35, "regular": 27, "writer": 13, "newcomer": 13, "silent": 12}


def _genuine(rng: random.Random, i: int, today: dt.date, photos: Path) -> Member:
    kind = rng.choices(list(GENUINE_KINDS), list(GENUINE_KINDS.values()))[0]
    sector = rng.choice(list(SECTORS))
    vocab = SECTORS[sector]
    first, last = rng.choice(FIRST), rng.choice(LAST)
    m = Member(record={}, label=0, kind=f"genuine_{kind}")
    m.role, m.place = rng.choice(vocab["roles"]), rng.choice(vocab["places"])
    t, t2 = rng.sample(vocab["topics"], 2)
    h, h2 = rng.sample(HOBBIES, 2)
    slots = {
        "r": m.role, "p": m.place, "t": t, "t2": t2, "h": h, "h2": h2, "first": first,
        "n": str(rng.randint(2, 30)), "year": str(rng.randint(1995, 2024)),
        "city": rng.choice(CITIES), "street": rng.choice(STREETS), "pet": rng.choice(PETS),
        "petname": rng.choice(PET_NAMES), "pron": rng.choice(["she", "he", "they"]),
        "sector": sector, "emoji": rng.choice(EMOJI), "year2": str(rng.randint(2000, 2025)),
        "n2": str(rng.randint(3, 12)),
        "r2": rng.choice(SECTORS[rng.choice(list(SECTORS))]["roles"]),
    }  # fmt: skip
    slots["Pron"] = slots["pron"].capitalize()
    slots["pos"] = {"she": "her", "he": "his", "they": "their"}[slots["pron"]]
    pid = f"m-{i}"
    rec: dict[str, Any] = {"id": pid, "name": f"{first} {last}"}
    user = _username(rng, first, last)
    if user:
        rec["username"] = user
    rec["headline"] = _headline(rng, m, slots)
    about_p = {"lurker": 0.6, "regular": 0.8, "writer": 0.95, "newcomer": 0.5, "silent": 0.55}
    if rng.random() < about_p[kind]:
        rec["about"] = _about(rng, m, sector, slots)
        m.topics = [w for w in (t, t2) if w in rec["about"]] or [t]
    else:
        m.topics = [t] if t in rec["headline"] else []
    if kind == "newcomer":
        age = rng.randint(14, 240)
    else:
        age = round(365 * rng.uniform(1.0, 19.0) ** rng.uniform(0.8, 1.0))
    created = _days_ago(today, age)
    rec["created_at"] = created[:7] if rng.random() < 0.1 else created
    if kind == "newcomer":
        conn = _lognormal(rng, 35, 0.8)
        _counts(rng, rec, conn, round(conn * rng.uniform(0.7, 1.3)), _lognormal(rng, 40, 0.8))
    else:
        conn = min(30_000, _lognormal(rng, 320, 0.9))
        followers = round(conn * rng.uniform(0.9, 1.4))
        if kind == "writer":
            followers = round(followers * rng.uniform(1.5, 6))
        _counts(rng, rec, conn, followers, _lognormal(rng, 150, 1.0))
    if rng.random() < 0.95:
        ext = ".png" if rng.random() < 0.3 else ".jpg"
        path = photos / f"{pid}{ext}"
        img = draw_portrait(rng) if rng.random() < 0.8 else draw_abstract(rng)
        _save(img, path, rng)
        rec["photo"] = str(path)
    rates: dict[str, dict[str, float]] = {
        "lurker": {"likes": 40, "comments": 0.0, "shares": 1},
        "regular": {"likes": 25, "comments": 6, "shares": 2, "shares_with_comment": 1,
                    "posts": 1},
        "writer": {"likes": 60, "comments": 30, "shares": 3, "shares_with_comment": 4,
                   "posts": 8, "articles": 1},
        "newcomer": {"likes": 8, "comments": 0.0, "shares": 0.0},
    }  # fmt: skip
    r = rng.random()
    if kind == "silent":
        if r < 0.5:
            rec["activity"] = {"window_days": 90, "likes": 0, "comments": 0}
    elif r < 0.1 and kind != "writer":
        pass  # activity not exported
    else:
        lifetime = r > 0.65 and kind != "newcomer"
        act = _activity(rng, age, rates[kind], lifetime=lifetime)
        if kind == "lurker" and rng.random() < 0.3:
            act["comments"] = 1
        if act.get("comments", 0) and rng.random() < 0.3:
            act["comment_texts"] = [
                f"Congratulations {rng.choice(FIRST)}, well deserved!",
                f"This is brilliant, we tried something like it for {t} at {m.place}.",
                f"Thanks for sharing, the bit about {t2} is spot on.",
            ][: rng.randint(1, 3)]
        rec["activity"] = act
    rec["meta"] = {"label": 0, "kind": m.kind}
    m.record = rec
    return m


def _fake(
    rng: random.Random, i: int, today: dt.date, photos: Path, genuine: list[Member]
) -> Member:
    pid = f"f-{i}"
    first, last = rng.choice(FIRST), rng.choice(LAST)
    copycat = rng.random() < 0.6
    rec: dict[str, Any] = {"id": pid}
    m = Member(record=rec, label=1, kind="fake_farm")
    aged = False
    if copycat:
        victim = rng.choice(genuine)
        vrec = victim.record
        has_about, has_photo = "about" in vrec, "photo" in vrec
        r = rng.random()
        want = {"photo"} if r < 0.35 else {"about"} if r < 0.6 else {"photo", "about"}
        if not has_about:
            want = {"photo"}
        if not has_photo:
            want = {"about"} if has_about else set()
        if want:
            aged = rng.random() < 0.4
            m.kind = "fake_copycat_aged" if aged else "fake_copycat_new"
            m.copied_from, m.copied = victim.record["id"], tuple(sorted(want))
            if rng.random() < 0.2:  # an impersonation: the victim's own name
                first, last = vrec["name"].split(" ", 1)
    rec["name"] = f"{first} {last}"
    user = _username(rng, first, last)
    if user:
        rec["username"] = user
    if m.copied_from is not None:
        victim_rec = next(g.record for g in genuine if g.record["id"] == m.copied_from)
        rec["headline"] = (
            victim_rec["headline"] if rng.random() < 0.3 else rng.choice(FAKE_HEADLINES)
        )
        if "about" in m.copied:
            old_first = victim_rec["name"].split(" ")[0]
            rec["about"] = edit_about(victim_rec["about"], old_first, first, rng)
        elif rng.random() < 0.5:
            rec["about"] = rng.choice(FAKE_ABOUTS)
        if "photo" in m.copied:
            dst = photos / f"{pid}.jpg"
            copy_photo(Path(victim_rec["photo"]), dst, rng)
            rec["photo"] = str(dst)
    else:
        rec["headline"] = rng.choice(FAKE_HEADLINES)
        if rng.random() < 0.5:
            rec["about"] = rng.choice(FAKE_ABOUTS)
        if rng.random() < 0.6:
            path = photos / f"{pid}.jpg"
            _save(draw_portrait(rng) if rng.random() < 0.7 else draw_abstract(rng), path, rng)
            rec["photo"] = str(path)
    if aged:
        age = round(365 * rng.uniform(3, 12))
        conn = _lognormal(rng, 350, 0.6)
        _counts(rng, rec, conn, round(conn * rng.uniform(0.8, 1.3)), _lognormal(rng, 250, 0.6))
        per90 = {"likes": 60, "comments": 4, "shares": 2, "posts": 0.5}
    elif m.copied_from is not None:
        age = rng.randint(10, 150)
        _counts(rng, rec, _lognormal(rng, 120, 0.9), _lognormal(rng, 40, 0.9),
                _lognormal(rng, 900, 0.8))  # fmt: skip
        per90 = {"likes": 120, "comments": 0.0, "shares": 3}
    else:  # farm
        age = rng.randint(30, 420)
        _counts(rng, rec, _lognormal(rng, 200, 1.0), _lognormal(rng, 50, 1.0),
                _lognormal(rng, 2500, 0.7))  # fmt: skip
        per90 = {"likes": 600, "comments": 0.0, "shares": 15}
    rec["created_at"] = _days_ago(today, age)
    r = rng.random()
    if r > 0.08:
        act = _activity(rng, age, per90, lifetime=r > 0.7)
        if act.get("comments", 0) and rng.random() < 0.5:
            act["comment_texts"] = rng.sample(GENERIC_COMMENTS, min(3, act["comments"]))
        rec["activity"] = act
    rec["meta"] = {
        "label": 1,
        "kind": m.kind,
        "copied_from": m.copied_from,
        "copied": list(m.copied),
    }
    return m


def _note(
    rng: random.Random, kind: str, sender: Member, recipient: Member
) -> tuple[str | None, list[str]]:
    first = recipient.record["name"].split(" ")[0]
    slots = {"first": first, "myrole": sender.role or "consultant",
             "myplace": sender.place or "my firm"}  # fmt: skip
    if kind == "none":
        return None, []
    if kind == "personal":
        slots["term"] = rng.choice(recipient.topics)
        return rng.choice(PERSONAL).format(**slots), []
    if kind == "stock":
        pool = GENUINE_STOCK if sender.label == 0 else FAKE_STOCK
        return rng.choice(pool).format(**slots), []
    if kind == "flattering":
        return rng.choice(FLATTERING).format(**slots), []
    link = rng.choice(["bit.ly/", "tinyurl.com/", "https://sites.example.net/"])
    link += f"{rng.getrandbits(30):x}"
    return rng.choice(LINK_NOTES).format(link=link, **slots), [link] if rng.random() < 0.5 else []


def _invite(
    rng: random.Random, k: int, sender: Member, recipient: Member, kind: str, mutual: int
) -> Invite:
    message, links = _note(rng, kind, sender, recipient)
    rec: dict[str, Any] = {"id": f"inv-{k}", "sender": sender.record}
    if message is not None:
        rec["message"] = message
    rec["mutual_connections"] = mutual
    if links:
        rec["links"] = links
    rec["recipient"] = recipient.record
    rec["meta"] = {"note": kind, "sender_label": sender.label}
    return Invite(record=rec, sender_label=sender.label, sender_kind=sender.kind, note=kind)


def generate(n: int, *, seed: int, photos: Path, today: dt.date | None = None) -> Network:
    """The export: ``n`` members (about 15% fake) and their invitations, photos in ``photos``."""
    rng = random.Random(seed)
    today = today or dt.datetime.now(dt.UTC).date()
    n_fake = round(0.15 * n)
    genuine = [_genuine(rng, i, today, photos) for i in range(n - n_fake)]
    fakes = [_fake(rng, i, today, photos, genuine) for i in range(n_fake)]
    invites: list[Invite] = []
    for _ in range(len(genuine) // 2):
        sender, recipient = rng.sample(genuine, 2)
        kind = rng.choices(["personal", "stock", "none"], [35, 35, 30])[0]
        if kind == "personal" and not recipient.topics:
            kind = "stock"
        invites.append(_invite(rng, len(invites), sender, recipient, kind, _lognormal(rng, 8, 1.0)))
    for fake in fakes:
        for _ in range(rng.randint(1, 3)):
            recipient = rng.choice(genuine)
            kind = rng.choices(["stock", "flattering", "none", "link"], [45, 30, 15, 10])[0]
            mutual = _lognormal(rng, 10 if fake.kind == "fake_copycat_aged" else 4, 1.0)
            invites.append(_invite(rng, len(invites), fake, recipient, kind, mutual))
    return Network(members=genuine + fakes, invitations=invites)
