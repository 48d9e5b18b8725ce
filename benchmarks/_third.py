"""A third population: an alumni-and-company network export, written apart from the project.

Written for issue 13's and issue 16's held-out checks without reading the training
generator (``fakeprofile/synthetic``), the second population (``benchmarks/_network.py``)
or the model card: only the public input format (``fakeprofile schema profile``), the
README's input description and the seed article (``/work/shared/seed``: fakes copy
someone's photo and text, and fake activity with likes, which are fast, rather than
comments and posts, which are slow; they collect connections to borrow credibility).

What this population assumes (my own guesses of how such a network looks)
--------------------------------------------------------------------------
The network is the export of a university's alumni association merged with two
employers' staff directories ("Harrowgate alumni", "Quillon Systems", "Bellmere
Logistics"), so many members share a school or an employer.

Genuine members (label ``genuine``, ``meta["kind"]``):

* ``member``: varied seniority (student, junior, mid, senior, executive, retired);
  account ages from a few weeks (new graduates) to 19 years; experience with dates,
  some descriptions; education mostly known; skills often. Activity in one of
  three shapes: timed ``events`` over the last six months (40%), ``activity``
  totals over 30, 90 or 365 days or lifetime (35%; some exports leave a count out,
  which is unknown), or nothing at all (25%). Photos: 70% a drawn head-and-shoulders
  portrait (my own Pillow drawing: a textured background, a head, hair, clothes),
  12% known to have none (``has_photo: false``), the rest unknown.
  About texts in six styles: first-person narrative (often long), third-person
  bio, a keyword list, a one-liner, buzzword boilerplate assembled from stock
  phrases (so two such members share many phrases but rarely the whole text), and
  absent or empty.
* ``lurker`` (10% of genuine): real people who only ever like things, with few
  or no comments or posts: the seed article's "all they do is like posts", but
  genuine.
* ``company_blurb`` (3%): employees who pasted their employer's standard "About us"
  paragraph: several genuine members with the same text.
* ``second_account`` (1%): a genuine member's second, newer account (lost password)
  with their own photo and about text again: a genuine copy.

Fakes (label ``fake``, about 15% of the population, ``meta["kind"]``):

* ``impersonator``: a new account that copies a genuine member of this network:
  the photo (mirrored, cropped, recompressed or brightened, sometimes several)
  and usually the about text (word for word, or with the name and employer
  changed), a similar headline, a thinner experience list; likes-heavy activity.
  ``meta["copied_from"]`` names the original.
* ``outside_impersonator``: the same, but the person copied is not a member of
  this network (so no copy can be found in it).
* ``scam_recruiter`` / ``crypto``: stock bios shared by several fakes of one
  ring (sometimes with the name put in), stock photos reused across the ring
  (re-encoded or resized), recruiter or "financial freedom" headlines, many
  followed accounts and few followers, hundreds of connections, new accounts.
* ``like_farm``: accounts that only like, many a day, in bursts (timed events),
  thin profiles, no or unknown photo.
* ``bought_dormant``: old accounts (4-12 years) bought and repurposed: years of
  nothing, then a recent burst of likes; about rewritten to a stock bio or
  copied from a genuine member; a copied photo when it copies someone.
* ``hard``: careful fakes with their own drawn photo, an own-style about text
  written like a genuine member's, plausible experience and some comments: made
  to be missed; any catch is luck.

Labels are kept in ``meta`` (``label``, ``kind``, ``copied_from``) and in the
separate label list; nothing else outside the profile schema is written.
Dates are relative to ``REFERENCE`` (2026-11-30), never in the future.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

REFERENCE = dt.date(2026, 11, 30)

FIRST = [
    "Aino",
    "Bram",
    "Cora",
    "Desmond",
    "Elif",
    "Fenna",
    "Gideon",
    "Hana",
    "Ilse",
    "Joaquin",
    "Kalani",
    "Lior",
    "Maren",
    "Nnamdi",
    "Oona",
    "Pavel",
    "Quinn",
    "Rosalind",
    "Sefa",
    "Tamsin",
    "Ugo",
    "Vesna",
    "Wendel",
    "Xiomara",
    "Yusuf",
    "Zofia",
    "Anouk",
    "Bertil",
    "Caoimhe",
    "Dragan",
    "Esme",
    "Florin",
    "Greta",
    "Hamza",
    "Ines",
    "Jarrah",
    "Keziah",
    "Lorcan",
    "Mirela",
    "Niamh",
    "Oskar",
    "Priyanka",
    "Rafferty",
    "Saoirse",
    "Teodor",
    "Ulrike",
    "Valentin",
    "Wren",
    "Yara",
    "Zeynep",
]
LAST = [
    "Achterberg",
    "Blackwood",
    "Castellanos",
    "Dunmore",
    "Eriksen",
    "Fairbairn",
    "Gallagher",
    "Halvorsen",
    "Iwasaki",
    "Jankowski",
    "Kowalczyk",
    "Lindqvist",
    "Mbeki",
    "Nakashima",
    "Okonkwo",
    "Pellegrini",
    "Quarshie",
    "Rasmussen",
    "Szabo",
    "Thorne",
    "Umarov",
    "Vasquez",
    "Whitcombe",
    "Xu",
    "Yilmaz",
    "Zielinski",
    "Abernathy",
    "Brennan",
    "Chaudhry",
    "Delacroix",
    "Ekwueme",
    "Fontaine",
    "Grünwald",
    "Haddad",
    "Ivanova",
    "Jovanovic",
    "Kaminski",
    "Larkspur",
    "Moreau",
    "Nyberg",
    "Oduya",
    "Prendergast",
    "Ruiz",
    "Sandoval",
    "Tanaka",
    "Varga",
    "Wójcik",
]
EMPLOYERS = (
    "Quillon Systems",
    "Bellmere Logistics",
    "Harrowgate University",
    "Tessaly Health",
    "Corvid Analytics",
    "Ostrander & Pike LLP",
    "Marlow Foods",
    "Sablewood Energy",
    "Penhallow Bank",
    "Ferncliff Studio",
    "Drummond Civil Engineering",
    "City of Harrowgate",
)
SCHOOLS = ("Harrowgate University", "Ashcombe Polytechnic", "St Brelade College", "Lund-Ferris")
FIELDS = {
    "software": ("Software Engineer", "Backend Developer", "Engineering Manager", "SRE"),
    "data": ("Data Analyst", "Data Scientist", "Analytics Lead", "BI Developer"),
    "logistics": ("Planner", "Warehouse Supervisor", "Fleet Manager", "Supply Chain Lead"),
    "health": ("Staff Nurse", "Clinical Researcher", "Physiotherapist", "Ward Manager"),
    "law": ("Paralegal", "Associate", "Senior Associate", "Partner"),
    "finance": ("Accountant", "Credit Analyst", "Risk Manager", "Finance Director"),
    "design": ("Graphic Designer", "UX Designer", "Art Director", "Illustrator"),
    "civil": ("Site Engineer", "Structural Engineer", "Project Manager", "Surveyor"),
}
SKILLS = {
    "software": ("Python", "Go", "Kubernetes", "PostgreSQL", "CI/CD", "code review"),
    "data": ("SQL", "dbt", "Tableau", "statistics", "Python", "forecasting"),
    "logistics": ("S/4HANA", "route planning", "forklift licence", "inventory", "Lean"),
    "health": ("patient care", "triage", "clinical trials", "GCP", "rehabilitation"),
    "law": ("contract law", "due diligence", "employment law", "drafting"),
    "finance": ("IFRS", "Excel", "credit risk", "budgeting", "audit"),
    "design": ("Figma", "typography", "branding", "illustration", "user research"),
    "civil": ("AutoCAD", "Eurocodes", "site safety", "BIM", "surveying"),
}
DETAILS = {
    "software": (
        "I moved our billing service off a cron job and onto a queue, and learned more about "
        "idempotency than I ever wanted to",
        "most of my week is spent reviewing other people's pull requests, which I enjoy more "
        "than I expected",
        "I keep a small open-source library for parsing awkward date formats",
    ),
    "data": (
        "I built the weekly churn dashboard that nobody reads until it breaks",
        "my favourite projects start with a spreadsheet someone is embarrassed about",
        "I teach an evening SQL course for the alumni association",
    ),
    "logistics": (
        "I run the night shift at the Tilbury cross-dock, forty people and far too many pallets",
        "we cut empty running by a fifth last year by pairing return loads",
        "before logistics I drove for six years, which still shapes how I plan routes",
    ),
    "health": (
        "I work on a respiratory ward and supervise student nurses on placement",
        "my research looks at recovery times after hip surgery in the over-eighties",
        "outside work I volunteer with the St John's first aid team at weekend events",
    ),
    "law": (
        "I mostly advise small charities on leases and employment disputes",
        "I qualified late, after ten years in retail management",
        "I sit on the pro bono committee and run our tenancy clinic on Thursdays",
    ),
    "finance": (
        "I look after the month-end close for three subsidiaries in two currencies",
        "I moved from audit into credit risk and have not looked back",
        "I mentor first-year trainees through their professional exams",
    ),
    "design": (
        "I drew the wayfinding signs at Harrowgate's new library",
        "half my work is packaging for small food brands, the other half is arguing about kerning",
        "I run a monthly life-drawing evening above a pub in the old town",
    ),
    "civil": (
        "I spent three winters on the Ashby bypass bridges",
        "I check temporary works designs, which is less dull than it sounds",
        "I am chartered since 2019 and still learning something on every site visit",
    ),
}
BUZZ = (
    ("Results-driven", "Highly motivated", "Dynamic", "Passionate", "Detail-oriented", "Proactive"),
    ("professional", "team player", "leader", "specialist", "self-starter"),
    (
        "with a proven track record of delivering value",
        "with extensive experience across the full lifecycle",
        "with a strong background in stakeholder management",
        "who thrives in fast-paced environments",
        "with a passion for continuous improvement",
    ),
    (
        "Skilled at building relationships and driving results.",
        "Known for strong communication and problem-solving skills.",
        "Committed to excellence and to exceeding expectations.",
        "Always looking for new challenges and opportunities to grow.",
        "Adept at turning complex problems into simple solutions.",
    ),
    (
        "Open to new opportunities.",
        "Feel free to connect!",
        "Let's connect and share ideas.",
        "",
        "Views are my own.",
    ),
)
ONE_LINERS = (
    "Nurse. Cyclist. Bad at crosswords.",
    "Building things at {company}.",
    "Still figuring it out.",
    "{title}. Harrowgate '{yy}.",
    "Numbers person.",
    "Here for the jobs board.",
    "Proud dad, slow runner, {title}.",
    "Ex-{company}.",
)
COMPANY_BLURB = {
    "Quillon Systems": (
        "Quillon Systems builds secure payment infrastructure for banks and retailers across "
        "Europe. Founded in 2009 in Harrowgate, we now employ more than 900 people in five "
        "countries. We are always hiring engineers who care about reliability."
    ),
    "Bellmere Logistics": (
        "Bellmere Logistics moves goods for over 2,000 businesses every day from twelve depots "
        "across the UK and Ireland. Our people are our strength: safety first, customer always."
    ),
}
SCAM_BIOS = {
    "scam_recruiter": (
        "I am a senior talent partner for a leading international firm. We are currently looking "
        "for experienced professionals for remote and hybrid roles with excellent salary and "
        "benefits. Send me your CV and email address and I will contact you directly.",
        "Global recruitment consultant. Helping top talent connect with exciting opportunities "
        "worldwide. Many positions available in IT, finance, oil and gas and healthcare. "
        "Message me on WhatsApp for a quick response.",
        "HR manager at an international holding company. We hire remote assistants and project "
        "coordinators, no experience needed, weekly pay. Kindly send your resume and phone number.",
    ),
    "crypto": (
        "Helping people achieve financial freedom through smart digital asset investment. "
        "Certified forex and crypto mentor with years of experience. My students earn passive "
        "income every week. Ask me how.",
        "Investor, entrepreneur, mentor. I turned $500 into a six-figure portfolio and now I teach "
        "others to do the same with my proven trading strategy. DM me to start your journey.",
        "Blockchain consultant and portfolio manager. Secure, transparent, high-return "
        "opportunities for serious investors only. Let's grow together.",
    ),
}
SCAM_HEADLINES = {
    "scam_recruiter": (
        "Talent Acquisition | Hiring Now | Remote Jobs",
        "Senior Recruiter at Global Careers International",
        "HR Manager | We are hiring!",
    ),
    "crypto": (
        "Crypto Investor | Forex Trader | Mentor",
        "Financial Freedom Coach",
        "Portfolio Manager at Sterling Capital Assets",
    ),
}
COMMENTS = (
    "Congratulations, well deserved!",
    "Really useful summary, thanks for sharing.",
    "We saw the same thing at our depot last winter. The fix was boring but it worked.",
    "Great to see the alumni network doing this.",
    "Interesting. Do you have the numbers for smaller teams?",
    "Sorry to miss this one, hope there's a recording.",
    "Agree with most of this, though I'd push back on the last point.",
    "Good luck in the new role!",
    "This is exactly the conversation we were having in our team on Monday.",
)


@dataclass
class Population:
    """The generated profiles (dicts in the public input format) and their labels."""

    profiles: list[dict[str, Any]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def kinds(self) -> list[str]:
        """Each profile's kind (``meta["kind"]``)."""
        return [str(p["meta"]["kind"]) for p in self.profiles]

    def write_jsonl(self, path: str | Path) -> Path:
        """Write the profiles as JSON Lines, photo paths relative to the file's folder.

        A file's ``photo`` paths may not be absolute or leave its folder (README,
        "Input"), so the photos must have been written below that folder.
        """
        path = Path(path)
        folder = path.resolve().parent
        with path.open("w", encoding="utf-8") as f:
            for p in self.profiles:
                q = dict(p)
                if "photo" in q:
                    q["photo"] = Path(q["photo"]).resolve().relative_to(folder).as_posix()
                f.write(json.dumps(q, ensure_ascii=False) + "\n")
        return path


def _day(rng: random.Random, years_ago_lo: float, years_ago_hi: float) -> dt.date:
    days = rng.uniform(years_ago_lo * 365.25, years_ago_hi * 365.25)
    return REFERENCE - dt.timedelta(days=max(0, int(days)))


def _month(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


# ---------------------------------------------------------------- photos


def draw_portrait(rng: random.Random) -> Image.Image:
    """A head-and-shoulders drawing with a textured background, all choices random."""
    w = h = 192
    bg1 = tuple(rng.randint(20, 235) for _ in range(3))
    bg2 = tuple(rng.randint(20, 235) for _ in range(3))
    img = Image.new("RGB", (w, h), bg1)
    d = ImageDraw.Draw(img)
    # a background: stripes, blotches or a window grid
    style = rng.choice(("stripes", "blobs", "grid"))
    if style == "stripes":
        step = rng.randint(8, 30)
        angle_off = rng.randint(-60, 60)
        for x in range(-h, w + h, step):
            d.line([(x, 0), (x + angle_off, h)], fill=bg2, width=rng.randint(2, step // 2 + 2))
    elif style == "blobs":
        for _ in range(rng.randint(6, 16)):
            r = rng.randint(6, 40)
            cx, cy = rng.randint(0, w), rng.randint(0, h)
            col = tuple(min(255, max(0, c + rng.randint(-60, 60))) for c in bg2)
            d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=col)
    else:
        cols, rows = rng.randint(2, 5), rng.randint(2, 4)
        for i in range(cols):
            for j in range(rows):
                x0, y0 = i * w // cols + 3, j * h // rows + 3
                col = tuple(min(255, c + rng.randint(0, 50)) for c in bg2)
                d.rectangle([x0, y0, x0 + w // cols - 6, y0 + h // rows - 6], fill=col)
    # shoulders and clothes
    cx = w // 2 + rng.randint(-22, 22)
    top = rng.randint(120, 150)
    cloth = tuple(rng.randint(0, 200) for _ in range(3))
    d.polygon(
        [
            (cx - rng.randint(55, 85), h),
            (cx - 30, top),
            (cx + 30, top),
            (cx + rng.randint(55, 85), h),
        ],
        fill=cloth,
    )
    if rng.random() < 0.5:  # a collar or tie
        d.polygon(
            [(cx - 10, top), (cx + 10, top), (cx, top + rng.randint(20, 45))], fill=(240, 240, 240)
        )
    # head
    skin = rng.choice(
        ((241, 204, 178), (224, 172, 130), (190, 130, 90), (141, 85, 54), (94, 58, 40))
    )
    hw, hh = rng.randint(30, 40), rng.randint(38, 50)
    hy = top - hh + rng.randint(-10, 5)
    d.ellipse([cx - hw, hy - hh, cx + hw, hy + hh], fill=skin)
    hair = tuple(rng.randint(10, 120) for _ in range(3))
    hs = rng.choice(("short", "long", "bald", "bun"))
    if hs == "short":
        d.chord([cx - hw - 2, hy - hh - 4, cx + hw + 2, hy + hh // 3], 180, 360, fill=hair)
    elif hs == "long":
        d.rectangle([cx - hw - 6, hy - hh // 2, cx - hw + 8, hy + hh + 10], fill=hair)
        d.rectangle([cx + hw - 8, hy - hh // 2, cx + hw + 6, hy + hh + 10], fill=hair)
        d.chord([cx - hw - 6, hy - hh - 6, cx + hw + 6, hy + hh // 2], 180, 360, fill=hair)
    elif hs == "bun":
        d.ellipse([cx - 14, hy - hh - 22, cx + 14, hy - hh + 4], fill=hair)
        d.chord([cx - hw, hy - hh, cx + hw, hy], 180, 360, fill=hair)
    ey = hy - rng.randint(0, 10)
    for s in (-1, 1):
        ex = cx + s * rng.randint(11, 16)
        d.ellipse([ex - 3, ey - 3, ex + 3, ey + 3], fill=(30, 25, 20))
        if rng.random() < 0.25:
            d.ellipse([ex - 9, ey - 8, ex + 9, ey + 8], outline=(20, 20, 20), width=2)
    d.arc([cx - 12, hy + 8, cx + 12, hy + 24], 20, 160, fill=(120, 40, 40), width=2)
    # grain, so the drawing is not flat
    # (drawn from our own seed: Pillow's effect_noise uses the C library's rand(), whose
    # state depends on whatever else ran in the process)
    grain = np.random.default_rng(rng.getrandbits(32)).normal(128, rng.uniform(8, 25), (h, w))
    noise = Image.fromarray(grain.clip(0, 255).astype(np.uint8)).convert("RGB")
    img = Image.blend(img, noise, 0.08)
    return img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.0)))


def edit_photo(img: Image.Image, rng: random.Random) -> tuple[Image.Image, str]:
    """What a copier does to a photo: one or two of mirror, crop, brighten, resize, recompress."""
    ops = rng.sample(("mirror", "crop", "brighten", "resize", "none"), k=rng.choice((1, 1, 2)))
    out = img
    for op in ops:
        if op == "mirror":
            out = out.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        elif op == "crop":
            w, h = out.size
            m = int(w * rng.uniform(0.03, 0.12))
            out = out.crop((m, m, w - m, h - m)).resize((w, h))
        elif op == "brighten":
            out = ImageEnhance.Brightness(out).enhance(rng.uniform(0.8, 1.25))
        elif op == "resize":
            s = rng.choice((96, 128, 300, 400))
            out = out.resize((s, s))
    return out, "+".join(ops)


def _save(img: Image.Image, path: Path, rng: random.Random) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if rng.random() < 0.7:
        img.save(path.with_suffix(".jpg"), quality=rng.randint(55, 92))
        return str(path.with_suffix(".jpg"))
    img.save(path.with_suffix(".png"))
    return str(path.with_suffix(".png"))


# ---------------------------------------------------------------- texts and members

OPENERS = (
    "I'm {a} {title} at {company}, and I've been in {field} for {years} years.",
    "{years} years in {field}, currently {a} {title} at {company}.",
    "Hello! I work as {a} {title} for {company}.",
    "These days I'm at {company} as {a} {title}.",
    "I've spent {years} years learning {field} the slow way; now {a} {title} at {company}.",
    "My job title says {title}, which at {company} means a bit of everything.",
)
PLACES = (
    "Harrowgate",
    "Leeds",
    "Cork",
    "Rotterdam",
    "Tilbury",
    "Ashcombe",
    "Lisbon",
    "Gdańsk",
    "the Peak District",
    "Aberdeen",
    "Bristol",
    "Nairobi",
    "Toronto",
)
HOBBIES = (
    "sea swimming",
    "choir",
    "bouldering",
    "allotment gardening",
    "chess",
    "baking bread",
    "five-a-side football",
    "birdwatching",
    "restoring old bikes",
    "amateur astronomy",
    "community radio",
    "running a book club",
    "woodwork",
    "Welsh lessons",
)
PERSONAL = (
    "Outside work you'll find me {hobby} or somewhere near {place}.",
    "I grew up in {place} and came to Harrowgate in {year} for university.",
    "In {year} I spent {n} months working in {place}, which changed how I think about {field}.",
    "I have {n} children, one dog and not enough time for {hobby}.",
    "I volunteer {n} evenings a month with a {hobby} group.",
    "My first job was in a shop in {place}; I still think about that manager's advice.",
    "I am currently studying part-time for a certificate in {skill}.",
    "I've given {n} talks on {skill}, the last one in {place}.",
    "If you want to talk about {skill} or {hobby}, message me.",
    "I switched to {field} in {year} after {n} years doing something completely different.",
    "I care about mentoring: {n} of the people I trained now lead teams of their own.",
    "Ask me about the {place} project, it took {n} years and it was worth it.",
    "Fluent in English and {lang}, getting there in {lang2}.",
    "Currently reading about {skill} and trying to get better at {hobby}.",
)
LANGS = ("Polish", "Dutch", "Spanish", "Turkish", "Irish", "Yoruba", "Portuguese", "Japanese")


def _a(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _personal(rng: random.Random, field_: str) -> str:
    return rng.choice(PERSONAL).format(
        hobby=rng.choice(HOBBIES),
        place=rng.choice(PLACES),
        year=rng.randint(1990, 2024),
        n=rng.randint(2, 12),
        field=field_,
        skill=rng.choice(SKILLS[field_]),
        lang=rng.choice(LANGS),
        lang2=rng.choice(LANGS),
    )


def _about(
    rng: random.Random, first: str, last: str, field_: str, title: str, company: str, years: int
) -> tuple[str | None, str]:
    style = rng.choices(
        ("narrative", "third", "keywords", "oneliner", "buzz", "absent", "empty"),
        weights=(24, 12, 10, 14, 16, 18, 6),
    )[0]
    if style == "absent":
        return None, style
    if style == "empty":
        return "", style
    if style == "narrative":
        opener = rng.choice(OPENERS).format(
            a=_a(title), title=title.lower(), company=company, field=field_, years=years
        )
        rest = [_personal(rng, field_) for _ in range(rng.randint(1, 4))]
        rest += [
            d[0].upper() + d[1:] + "." for d in rng.sample(DETAILS[field_], k=rng.randint(0, 2))
        ]
        rng.shuffle(rest)
        return " ".join([opener, *rest]), style
    if style == "third":
        s = [f"{first} {last} is {_a(title)} {title.lower()} with {company}."]
        s += [
            _personal(rng, field_).replace("I ", f"{first} ", 1) for _ in range(rng.randint(1, 2))
        ]
        return " ".join(s), style
    if style == "keywords":
        ks = rng.sample(SKILLS[field_], k=min(len(SKILLS[field_]), rng.randint(3, 6)))
        sep = rng.choice((" | ", ", ", " • "))
        return sep.join([title, *ks]), style
    if style == "oneliner":
        line = rng.choice(ONE_LINERS)
        return line.format(company=company, title=title, yy=rng.randint(90, 99) % 100), style
    parts = [rng.choice(p) for p in BUZZ]
    text = f"{parts[0]} {parts[1]} {parts[2]}, {years}+ years in {field_}. {parts[3]} {parts[4]}"
    return text.strip(), style


def _events(
    rng: random.Random,
    created: dt.date,
    likes: float,
    comments: float,
    posts: float,
    shares: float,
    days: int = 180,
    bursty: bool = False,
) -> list[dict[str, Any]]:
    start = max(created, REFERENCE - dt.timedelta(days=days))
    span = max(1, (REFERENCE - start).days)
    out: list[dict[str, Any]] = []
    burst_days = [rng.randint(0, span) for _ in range(rng.randint(2, 6))] if bursty else []
    for kind, rate in (("like", likes), ("comment", comments), ("post", posts), ("share", shares)):
        n = max(0, int(rng.gauss(rate, rate / 3 + 0.5))) if rate > 0 else 0
        for _ in range(n):
            if bursty:
                day = rng.choice(burst_days)
                secs = rng.randint(0, 3600 * 2)
            else:
                day = rng.randint(0, span)
                secs = rng.randint(6 * 3600, 23 * 3600)
            at = dt.datetime.combine(start, dt.time()) + dt.timedelta(days=day, seconds=secs)
            at = min(at, dt.datetime.combine(REFERENCE, dt.time(8)))
            ev: dict[str, Any] = {"type": kind, "at": at.isoformat() + "Z"}
            if kind == "comment":
                ev["text"] = rng.choice(COMMENTS)
            out.append(ev)
    out.sort(key=lambda e: e["at"])
    return out


def _activity(rng: random.Random, p: dict[str, Any], created: dt.date, kind: str) -> None:
    """Put activity on a genuine member: events, totals (some counts unknown) or nothing."""
    shape = rng.choices(("events", "totals", "none"), weights=(40, 35, 25))[0]
    if kind == "lurker":
        likes, comments, posts, shares = rng.uniform(5, 60), rng.choice((0, 0, 0.4)), 0.0, 0.3
    else:
        level = rng.choice((0.3, 1, 3, 8))
        likes = level * rng.uniform(3, 12)
        comments, posts, shares = level * rng.uniform(0.5, 4), level * rng.uniform(0, 1.5), level
    if shape == "none":
        return
    if shape == "events":
        p["events"] = _events(rng, created, likes, comments, posts, shares)
        return
    window = rng.choice((30, 90, 90, 365, None))
    scale = (window or max(30, (REFERENCE - created).days)) / 180
    tot: dict[str, Any] = {"window_days": window}
    for key, rate in (
        ("likes", likes),
        ("comments", comments),
        ("posts", posts),
        ("shares", shares),
        ("shares_with_comment", shares * 0.3),
        ("articles", posts * 0.05),
    ):
        if key in ("shares_with_comment", "articles") and rng.random() < 0.4:
            continue  # this export does not have the column: unknown
        tot[key] = round(rate * scale * rng.uniform(0.6, 1.4))
    if tot.get("comments") and rng.random() < 0.5:
        tot["comment_texts"] = rng.sample(COMMENTS, k=min(3, tot["comments"], len(COMMENTS)))
    p["activity"] = tot


def _experience(
    rng: random.Random, field_: str, company: str, years: int, n: int, described: float
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    end: dt.date | None = None
    left = max(1, years)
    for i in range(n):
        length = max(1, left // (n - i)) if i < n - 1 else left
        start = (end or REFERENCE) - dt.timedelta(days=int(length * 365.25 * rng.uniform(0.6, 1.0)))
        e: dict[str, Any] = {
            "title": rng.choice(FIELDS[field_]),
            "company": company if i == 0 else rng.choice(EMPLOYERS),
            "start": _month(start),
        }
        if end is not None:
            e["end"] = _month(end)
        if rng.random() < described:
            e["description"] = rng.choice(DETAILS[field_]).capitalize() + "."
        out.append(e)
        end = start - dt.timedelta(days=rng.randint(0, 120))
        left -= length
        if left <= 0:
            break
    return out


def _genuine(rng: random.Random, i: int, photo_dir: Path, kind: str) -> dict[str, Any]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    field_ = rng.choice(tuple(FIELDS))
    seniority = rng.choices(
        ("student", "junior", "mid", "senior", "exec", "retired"), weights=(8, 20, 32, 24, 8, 8)
    )[0]
    years = {
        "student": 0,
        "junior": rng.randint(1, 3),
        "mid": rng.randint(4, 9),
        "senior": rng.randint(10, 20),
        "exec": rng.randint(18, 30),
        "retired": rng.randint(30, 42),
    }[seniority]
    title = FIELDS[field_][
        min(
            3,
            {"student": 0, "junior": 0, "mid": 1, "senior": 2, "exec": 3, "retired": 2}[seniority],
        )
    ]
    if seniority == "student":
        title = f"{field_.capitalize()} student"
    company = rng.choice(EMPLOYERS[:3]) if rng.random() < 0.5 else rng.choice(EMPLOYERS)
    created = _day(rng, 0.05, min(19, years + rng.uniform(0.5, 4)))
    p: dict[str, Any] = {
        "id": f"t3-{i:06d}",
        "name": f"{first} {last}",
        "created_at": created.isoformat(),
        "meta": {"label": "genuine", "kind": kind},
    }
    if rng.random() < 0.85:
        p["headline"] = f"{title} at {company}" if seniority != "retired" else f"Retired {title}"
    if rng.random() < 0.8:
        p["location"] = rng.choice(
            ("Harrowgate", "London", "Dublin", "Leeds", "Rotterdam", "Remote")
        )
    about, style = _about(rng, first, last, field_, title, company, max(1, years))
    p["meta"]["about_style"] = style
    if kind == "company_blurb":
        company = rng.choice(tuple(COMPANY_BLURB))
        p["headline"] = f"{title} at {company}"
        about = COMPANY_BLURB[company]
        p["meta"]["about_style"] = "company_blurb"
    if about is not None:
        p["about"] = about
    if rng.random() < 0.9:
        n = 0 if seniority == "student" else rng.randint(1, 5)
        p["experience"] = _experience(rng, field_, company, years, n, rng.choice((0.0, 0.3, 0.8)))
    if rng.random() < 0.85:
        p["education"] = (
            []
            if rng.random() < 0.05
            else [
                {
                    "school": rng.choice(SCHOOLS),
                    "degree": rng.choice(("BSc", "BA", "MSc", "LLB", "BEng")),
                    "field": field_,
                    "end": str(REFERENCE.year - years - rng.randint(0, 2)),
                }
            ]
        )
    if rng.random() < 0.7:
        p["skills"] = rng.sample(SKILLS[field_], k=rng.randint(1, len(SKILLS[field_]) - 1))
    conns = int(min(30000, rng.lognormvariate(4.8 + 0.08 * min(years, 20), 0.9)))
    if seniority == "student":
        conns = rng.randint(3, 150)
    if rng.random() < 0.9:
        p["connections"] = conns
    if rng.random() < 0.75:
        p["followers"] = int(conns * rng.uniform(0.6, 1.8))
        p["following"] = int(rng.uniform(20, 600) + conns * rng.uniform(0, 0.3))
    r = rng.random()
    if r < 0.70:
        p["photo"] = _save(draw_portrait(rng), photo_dir / p["id"], rng)
    elif r < 0.82:
        p["has_photo"] = False
    _activity(rng, p, created, kind)
    return p


def _second_account(
    rng: random.Random, i: int, orig: dict[str, Any], photo_dir: Path
) -> dict[str, Any]:
    created = _day(
        rng,
        0.02,
        max(0.1, (REFERENCE - dt.date.fromisoformat(orig["created_at"])).days / 365.25 - 0.1),
    )
    p = {
        k: v for k, v in orig.items() if k in ("name", "headline", "about", "location", "education")
    }
    p.update(
        {
            "id": f"t3-{i:06d}",
            "created_at": created.isoformat(),
            "connections": rng.randint(2, 60),
            "meta": {"label": "genuine", "kind": "second_account", "copied_from": orig["id"]},
        }
    )
    if "photo" in orig:
        img = Image.open(orig["photo"]).convert("RGB")
        p["photo"] = _save(img, photo_dir / p["id"], rng)
    if rng.random() < 0.5:
        p["activity"] = {
            "window_days": 90,
            "likes": rng.randint(0, 8),
            "comments": rng.randint(0, 2),
            "posts": 0,
            "shares": 0,
        }
    return p


# ---------------------------------------------------------------- fakes


def _fake_activity(rng: random.Random, p: dict[str, Any], created: dt.date, heavy: float) -> None:
    if rng.random() < 0.55:
        p["events"] = _events(
            rng,
            created,
            heavy,
            rng.choice((0, 0, 0.5)),
            0,
            rng.choice((0, 1)),
            days=90,
            bursty=rng.random() < 0.6,
        )
    elif rng.random() < 0.8:
        p["activity"] = {
            "window_days": rng.choice((30, 90)),
            "likes": int(heavy * rng.uniform(0.5, 2)),
            "comments": rng.choice((0, 0, 1)),
            "shares": rng.randint(0, 3),
            "posts": 0,
        }


def _copy_fake(
    rng: random.Random, i: int, orig: dict[str, Any], photo_dir: Path, kind: str, created: dt.date
) -> dict[str, Any]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    p: dict[str, Any] = {
        "id": f"t3-{i:06d}",
        "name": orig["name"] if rng.random() < 0.3 else f"{first} {last}",
        "created_at": created.isoformat(),
        "meta": {"label": "fake", "kind": kind, "copied_from": orig["id"]},
    }
    if "headline" in orig:
        p["headline"] = orig["headline"]
    about = orig.get("about")
    if about and rng.random() < 0.9:
        if rng.random() < 0.35:  # names swapped, a line added
            about = (
                about.replace(orig["name"].split()[0], first)
                + " Open to opportunities, let's connect."
            )
        p["about"] = about
    if "photo" in orig:
        img, how = edit_photo(Image.open(orig["photo"]).convert("RGB"), rng)
        p["photo"] = _save(img, photo_dir / p["id"], rng)
        p["meta"]["photo_edit"] = how
    elif rng.random() < 0.5:
        p["has_photo"] = False
    if orig.get("experience") and rng.random() < 0.7:
        p["experience"] = [{k: v for k, v in orig["experience"][0].items() if k != "description"}]
    elif rng.random() < 0.5:
        p["experience"] = []
    if rng.random() < 0.5:
        p["education"] = orig.get("education", [])
    p["connections"] = rng.choice((rng.randint(5, 80), rng.randint(200, 600)))
    if rng.random() < 0.7:
        p["followers"] = rng.randint(0, 60)
        p["following"] = rng.randint(200, 3000)
    _fake_activity(rng, p, created, rng.uniform(20, 200))
    return p


def _scam(
    rng: random.Random, i: int, kind: str, ring: int, stock: list[str], photo_dir: Path
) -> dict[str, Any]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    created = _day(rng, 0.01, 1.2)
    bios = SCAM_BIOS[kind]
    bio = bios[ring % len(bios)]
    if rng.random() < 0.3:
        bio = f"Hi, I'm {first}. " + bio
    p: dict[str, Any] = {
        "id": f"t3-{i:06d}",
        "name": f"{first} {last}",
        "headline": SCAM_HEADLINES[kind][ring % 3],
        "about": bio,
        "created_at": created.isoformat(),
        "connections": rng.randint(150, 500),
        "followers": rng.randint(5, 120),
        "following": rng.randint(800, 5000),
        "meta": {"label": "fake", "kind": kind, "ring": f"{kind}-{ring}"},
    }
    if rng.random() < 0.85:
        img = Image.open(rng.choice(stock)).convert("RGB")
        if rng.random() < 0.5:
            img, how = edit_photo(img, rng)
            p["meta"]["photo_edit"] = how
        p["photo"] = _save(img, photo_dir / p["id"], rng)
    if rng.random() < 0.6:
        p["experience"] = [
            {
                "title": p["headline"].split(" at ")[0].split(" |")[0],
                "company": rng.choice(
                    ("Global Careers International", "Sterling Capital Assets", "Self-employed")
                ),
                "start": _month(created),
            }
        ]
    if rng.random() < 0.3:
        p["education"] = [{"school": rng.choice(("Harvard University", "London Business School"))}]
    _fake_activity(rng, p, created, rng.uniform(5, 80))
    if rng.random() < 0.4 and "events" in p:  # some post their pitch
        p["events"].append(
            {
                "type": "post",
                "at": (dt.datetime.combine(REFERENCE, dt.time(7))).isoformat() + "Z",
                "text": bio[:200],
            }
        )
    return p


def _like_farm(rng: random.Random, i: int) -> dict[str, Any]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    created = _day(rng, 0.02, 2.0)
    p: dict[str, Any] = {
        "id": f"t3-{i:06d}",
        "name": f"{first} {last}",
        "created_at": created.isoformat(),
        "connections": rng.randint(20, 500),
        "meta": {"label": "fake", "kind": "like_farm"},
    }
    if rng.random() < 0.5:
        p["headline"] = rng.choice(("Entrepreneur", "Student", "Manager", "Open to work"))
    r = rng.random()
    if r < 0.3:
        p["about"] = rng.choice(
            ("Love networking!", "", "Business minded.", "Hardworking and honest.")
        )
    if rng.random() < 0.6:
        p["has_photo"] = False
    if rng.random() < 0.6:
        p["followers"] = rng.randint(0, 30)
        p["following"] = rng.randint(500, 5000)
    if rng.random() < 0.5:
        p["experience"] = []
        p["education"] = []
    if rng.random() < 0.6:
        p["events"] = _events(rng, created, rng.uniform(100, 600), 0, 0, 0, days=60, bursty=True)
    else:
        p["activity"] = {
            "window_days": rng.choice((30, 90, None)),
            "likes": rng.randint(300, 4000),
            "comments": 0,
            "posts": 0,
            "shares": rng.randint(0, 5),
        }
    return p


def _bought(
    rng: random.Random, i: int, genuine: list[dict[str, Any]], photo_dir: Path
) -> dict[str, Any]:
    created = _day(rng, 4, 12)
    if rng.random() < 0.5:
        orig = rng.choice(genuine)
        p = _copy_fake(rng, i, orig, photo_dir, "bought_dormant", created)
    else:
        p = _copy_less_bought(rng, i, created)
    p["created_at"] = created.isoformat()
    p["meta"]["kind"] = "bought_dormant"
    # years of nothing, then a recent burst of likes
    p.pop("activity", None)
    if rng.random() < 0.6:
        p["events"] = _events(
            rng, created, rng.uniform(60, 300), rng.choice((0, 1)), 0, 0, days=30, bursty=True
        )
    else:
        p["activity"] = {
            "window_days": None,
            "likes": rng.randint(80, 600),
            "comments": rng.randint(0, 3),
            "posts": 0,
            "shares": rng.randint(0, 4),
        }
    return p


def _copy_less_bought(rng: random.Random, i: int, created: dt.date) -> dict[str, Any]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    kind = rng.choice(("scam_recruiter", "crypto"))
    return {
        "id": f"t3-{i:06d}",
        "name": f"{first} {last}",
        "headline": rng.choice(SCAM_HEADLINES[kind]),
        "about": rng.choice(SCAM_BIOS[kind]),
        "created_at": created.isoformat(),
        "connections": rng.randint(30, 400),
        "following": rng.randint(300, 3000),
        "followers": rng.randint(0, 50),
        "has_photo": rng.random() < 0.5,
        "meta": {"label": "fake", "kind": "bought_dormant"},
    }


def _hard(rng: random.Random, i: int, photo_dir: Path) -> dict[str, Any]:
    p = _genuine(rng, i, photo_dir, "hard")
    p["meta"] = {"label": "fake", "kind": "hard"}
    created = _day(rng, 0.5, 3)
    p["created_at"] = created.isoformat()
    p.pop("activity", None)
    p.pop("events", None)
    p["events"] = _events(
        rng, created, rng.uniform(10, 40), rng.uniform(1, 5), rng.uniform(0, 2), 1
    )
    return p


FAKE_MIX = {
    "impersonator": 0.30,
    "outside_impersonator": 0.10,
    "scam_recruiter": 0.15,
    "crypto": 0.10,
    "like_farm": 0.15,
    "bought_dormant": 0.12,
    "hard": 0.08,
}


def generate(
    n: int = 2000, *, seed: int = 1, photo_dir: str | Path, fake_share: float = 0.15
) -> Population:
    """Generate ``n`` members (about ``fake_share`` of them fake), photos written to ``photo_dir``.

    Members are shuffled, so ids say nothing about labels.
    """
    rng = random.Random(seed * 7919 + 13)
    photo_dir = Path(photo_dir)
    n_fake = max(len(FAKE_MIX), round(n * fake_share))
    n_gen = n - n_fake
    members: list[dict[str, Any]] = []
    ids = list(range(n))
    rng.shuffle(ids)
    nxt = iter(ids)
    n_second = max(1, n_gen // 100) if n_gen >= 50 else 0
    for _ in range(n_gen - n_second):
        kind = rng.choices(("member", "lurker", "company_blurb"), weights=(87, 10, 3))[0]
        members.append(_genuine(rng, next(nxt), photo_dir, kind))
    genuine = list(members)
    for _ in range(n_second):
        members.append(_second_account(rng, next(nxt), rng.choice(genuine), photo_dir))
    counts = {k: max(1, int(n_fake * w)) for k, w in FAKE_MIX.items()}
    counts["impersonator"] += n_fake - sum(counts.values())
    with_photo = [g for g in genuine if "photo" in g] or genuine
    # stock photos of the scam rings: drawn once, never on a genuine member
    stock_rng = random.Random(seed * 31 + 7)
    stock = [_save(draw_portrait(stock_rng), photo_dir / f"stock-{k}", stock_rng) for k in range(8)]
    for kind, k in counts.items():
        for j in range(k):
            i = next(nxt)
            if kind == "impersonator":
                orig = rng.choice(with_photo if rng.random() < 0.85 else genuine)
                members.append(_copy_fake(rng, i, orig, photo_dir, kind, _day(rng, 0.01, 1.0)))
            elif kind == "outside_impersonator":
                stranger = _genuine(rng, n + i, photo_dir / "outside", "member")
                p = _copy_fake(rng, i, stranger, photo_dir, kind, _day(rng, 0.01, 1.0))
                p["meta"]["copied_from"] = None  # not in this network
                members.append(p)
            elif kind in ("scam_recruiter", "crypto"):
                ring = j % 3
                pool = stock[:4] if kind == "scam_recruiter" else stock[4:]
                members.append(_scam(rng, i, kind, ring, pool, photo_dir))
            elif kind == "like_farm":
                members.append(_like_farm(rng, i))
            elif kind == "bought_dormant":
                members.append(_bought(rng, i, with_photo, photo_dir))
            else:
                members.append(_hard(rng, i, photo_dir))
    members.sort(key=lambda p: p["id"])
    return Population(members, [str(p["meta"]["label"]) for p in members])
