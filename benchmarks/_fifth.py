"""A fifth held-out population: a building-trades industry association's network.

Written apart from the library's training population and the other held-out
populations (their generators, the signals and the model were not read). It
imagines the member export of an industry association for construction and
building services in Spain, Portugal and Latin America: engineers, site
managers, tradespeople, suppliers' sales reps, recruiters, association staff.

Assumptions (each is a guess about a real network, stated so it can be argued):

- Export date ``REFERENCE`` = 2026-11-30; no date after it. Accounts were opened
  from 2008 on. Activity is given as lifetime totals (``window_days`` None) for
  about half the members and as 90-day totals for the other half (two export
  tools); a few members give neither. ``events`` are never exported.
- Exports leave out: ``connections`` for about 30% (private counts),
  ``followers``/``following`` for about 20%, ``education`` for about 35%
  (tradespeople and the old export tool), ``skills`` for about 40%, ``location``
  for about 10%, experience ``description`` for most positions, ``photo`` for
  members with no picture (about 14% of genuine members; ``has_photo`` False
  in 70% of those records, absent in the others).
- Texts are in Spanish, Portuguese or English (about 45/25/30), often mixed
  within a profile (Spanish headline, English about).
- Genuine kinds (share of the genuine members):
  ``engineer`` 21% (full profiles, moderate activity, posts and comments);
  ``tradesperson`` 20% (short or no about, few sections, mostly likes, small
  counts, often phone-camera photos); ``sales_rep`` 14% (suppliers' reps: follow
  many, connect with everyone, like a lot, about text pasted from the
  employer's catalogue blurb, shared word for word by colleagues, some use the
  company logo as photo); ``recruiter`` 8% (huge following, many connections,
  templated "we are hiring" about shared across an agency's recruiters, high
  like and share counts); ``dormant`` 12% (accounts opened 2008-2015, never
  updated, no activity, no about, sometimes no photo); ``family_firm`` 6%
  (relatives in one small firm sharing the firm's about text and logo as
  their photo); ``association_staff`` 4% (staff posting for the association;
  same logo photo, same about blurb, many posts and shares); ``agency_page`` 3%
  (a marketing agency running personal-looking accounts for clients: stock
  photo of a person bought from a photo library, used by several client
  accounts, posts only); ``returning`` 5% (old account, dormant for years, then
  a sudden burst of likes when looking for work: looks like a bought account);
  ``student`` 5% (new accounts, empty experience, education only, like-heavy);
  ``second_account`` 2% (a member who forgot the first account and opened a
  new one: same name, face re-uploaded, often the same about, few
  connections; genuine, but ``copied_from`` names the first account).
- Fake kinds (``FAKE_MIX``, share of the fakes): ``member_copycat`` 25% (photo
  and about of a genuine member, photo edited, name changed, newer account,
  like-heavy, follows many); ``outsider_copycat`` 15% (photo and text of
  someone outside the network, copied_from None); ``tender_ring`` 18% (a ring
  of 6-12 accounts offering "procurement" or subcontracting, sharing two stock
  bios with small edits and stock portrait photos, created within a few
  weeks); ``like_farm`` 14% (no about, generic headline, hundreds of likes and
  nothing else, following thousands); ``bought_aged`` 12% (accounts opened
  2010-2016 and sold: old dates, an about and photo added lately, activity a
  recent burst of likes and bare shares; half copy a member's photo);
  ``ai_persona`` 10% (a unique generated-looking face, a fluent polished
  English about, full but generic experience at real-sounding firms,
  moderate activity with short generic comments); ``job_scammer`` 6% (fake
  recruiter: "remote jobs, high pay" about, logo-like photo, follows many,
  sends shares with comment).
- Photos: drawn portraits (background, shoulders, head, hair, eyes, mouth) in
  random colours; logos are shapes with a band of colour. A copy of a photo is
  re-encoded at lower JPEG quality, cropped by 2-8%, sometimes mirrored and
  brightened or darkened, as a copier would.
- About 15% fakes by default (``fake_share``).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageOps

REFERENCE = dt.date(2026, 11, 30)

FAKE_MIX: dict[str, float] = {
    "member_copycat": 0.25,
    "outsider_copycat": 0.15,
    "tender_ring": 0.18,
    "like_farm": 0.14,
    "bought_aged": 0.12,
    "ai_persona": 0.10,
    "job_scammer": 0.06,
}

GENUINE_MIX: dict[str, float] = {
    "engineer": 0.21,
    "tradesperson": 0.20,
    "sales_rep": 0.14,
    "recruiter": 0.08,
    "dormant": 0.12,
    "family_firm": 0.06,
    "association_staff": 0.04,
    "agency_page": 0.03,
    "returning": 0.05,
    "student": 0.05,
    "second_account": 0.02,
}

_FIRST = [
    "Ana",
    "Lucía",
    "Javier",
    "Carmen",
    "Pedro",
    "João",
    "Mariana",
    "Tiago",
    "Beatriz",
    "Sofía",
    "Diego",
    "Rafael",
    "Inês",
    "Miguel",
    "Laura",
    "Pablo",
    "Marta",
    "Andrés",
    "Camila",
    "Rodrigo",
    "Valentina",
    "Hugo",
    "Raquel",
    "Gonzalo",
    "Daniela",
    "Luis",
    "Rita",
    "Fernando",
    "Elena",
    "Nuno",
    "Paula",
    "Sergio",
    "Alba",
    "Ricardo",
    "Marcos",
    "Lorena",
    "Bruno",
    "Irene",
    "Tomás",
    "Catarina",
]
_LAST = [
    "García",
    "Fernández",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Silva",
    "Santos",
    "Ferreira",
    "Costa",
    "Oliveira",
    "Rodrigues",
    "Ruiz",
    "Díaz",
    "Moreno",
    "Álvarez",
    "Romero",
    "Navarro",
    "Torres",
    "Domínguez",
    "Vázquez",
    "Ramos",
    "Gil",
    "Pereira",
    "Almeida",
    "Carvalho",
    "Sousa",
    "Castro",
    "Ortega",
    "Rubio",
    "Molina",
    "Delgado",
    "Ortiz",
    "Marín",
    "Iglesias",
]
_CITIES = (
    "Madrid, España",
    "Barcelona, España",
    "Valencia, España",
    "Sevilla, España",
    "Bilbao, España",
    "Lisboa, Portugal",
    "Porto, Portugal",
    "Ciudad de México, México",
    "Bogotá, Colombia",
    "Santiago, Chile",
    "Lima, Perú",
    "São Paulo, Brasil",
)
_FIRMS = (
    "Construcciones Arvela",
    "Edifica Norte",
    "Obras Ibéricas",
    "Tecnoclima Instalaciones",
    "Betões do Tejo",
    "Grupo Cimentar",
    "Hormigones del Sur",
    "Estructuras Lumbre",
    "Ingeniería Castell",
    "Reabilita Porto",
    "Andamios Ferrán",
    "Electro Montajes Vega",
)
_SUPPLIERS = ("Aislatec", "Morteros Quijano", "Perfiles Atlântico", "Vidrios Solano")
_AGENCIES = ("TalentObra Recruiting", "BuildStaff Iberia")
_SCHOOLS = (
    "Universidad Politécnica de Madrid",
    "Universitat Politècnica de Catalunya",
    "Universidade do Porto",
    "Instituto Superior Técnico",
    "Universidad de Sevilla",
    "UNAM",
    "Universidad de los Andes",
    "CIFP Construcción y Obra Civil",
)
_ENG_TITLES = (
    "Ingeniero de Caminos",
    "Jefe de Obra",
    "Site Manager",
    "Engenheira Civil",
    "Project Engineer",
    "Arquitecta Técnica",
    "BIM Coordinator",
    "Director de Producción",
)
_TRADES = ("Electricista", "Fontanero", "Encofrador", "Pedreiro", "Soldador", "Gruista")
_SKILLS = (
    "BIM",
    "Revit",
    "AutoCAD",
    "Presto",
    "Gestión de obra",
    "Prevención de riesgos",
    "Eurocódigos",
    "Hormigón armado",
    "Licitaciones",
    "Lean Construction",
    "Instalaciones MEP",
    "Rehabilitación",
)

_ENG_SENTENCES = (
    "Llevo {y} años en obra, sobre todo edificación residencial y rehabilitación.",
    "I coordinate structures and MEP on mid-size residential jobs around {c}.",
    "Trabalho com betão armado e reabilitação de edifícios antigos desde {s}.",
    "Me interesa el BIM aplicado a la fase de ejecución, no solo al proyecto.",
    "Currently on a hospital extension for {f}; before that, ten years of housing.",
    "Lo que más me gusta es resolver interferencias antes de que lleguen a obra.",
    "Mentor in the association's young engineers programme since {s}.",
    "Especialista em coordenação de subempreiteiros e planeamento de obra.",
    "Timber frame enthusiast; I write now and then about industrialised building.",
    "Trabajo entre oficina técnica y obra, con equipos de 20 a 60 personas.",
)
_TRADE_ABOUTS = (
    "Electricista autorizado. Viviendas y locales.",
    "Fontanería y calefacción, zona {c}.",
    "Encofrador con 15 años de experiencia.",
    "Pedreiro, obras de reabilitação no Porto.",
    "Soldador homologado TIG/MIG.",
    "Gruista, torre y autopropulsada.",
)
_COMMENTS = (
    "Muy buen trabajo, enhorabuena al equipo.",
    "We had the same problem with the formwork supplier last spring.",
    "Parabéns pela obra, ficou excelente.",
    "¿Alguien sabe si la norma cambia en enero?",
    "Great summary of the new energy rules, thanks for sharing.",
    "Totalmente de acuerdo, la coordinación lo es todo.",
    "Obrigado pela partilha.",
    "Nos vemos en la jornada técnica del jueves.",
)
_GENERIC_COMMENTS = ("Great post!", "Very insightful.", "Thanks for sharing!", "Amazing work!")
_SUPPLIER_BLURB = (
    "{s} fabrica y distribuye soluciones para la construcción sostenible desde 1987. "
    "Nuestro equipo comercial asesora a constructoras, instaladores y prescriptores en "
    "toda la península con producto certificado, asistencia técnica en obra y plazos de "
    "entrega garantizados. Contacte conmigo para presupuestos y muestras."
)
_AGENCY_BLURB = (
    "At {a} we connect construction professionals with the best projects in Spain, "
    "Portugal and Latin America. We are hiring site managers, engineers and skilled "
    "trades for permanent and contract roles. Send me your CV or message me to hear about "
    "current openings. Estamos contratando!"
)
_FIRM_BLURB = (
    "{f} es una empresa familiar de reformas e instalaciones fundada en {y}. Trabajamos "
    "para particulares y comunidades de vecinos con presupuesto sin compromiso, "
    "materiales de primera calidad y garantía en todos nuestros trabajos."
)
_ASSOC_BLURB = (
    "Asociación Iberoamericana de la Construcción y Servicios de Edificación: más de 4.000 "
    "profesionales y empresas del sector. Formación técnica, jornadas, bolsa de empleo y "
    "representación ante las administraciones. Hazte socio y participa en nuestras "
    "comisiones de trabajo."
)
_RING_BIOS = (
    "We are a trusted procurement partner for construction companies across Europe and "
    "the Middle East. We source steel, cement and finishing materials at competitive "
    "prices with fast international delivery. Contact me directly on WhatsApp for "
    "quotations and subcontracting opportunities on large projects.",
    "Experienced subcontracting coordinator connecting contractors with certified "
    "suppliers and labour for government tenders. Guaranteed pricing, flexible payment "
    "terms and full documentation support. Message me to discuss partnership on your "
    "next tender and receive our company profile.",
)
_AI_BIO = (
    "Passionate and results-driven {t} with over {n} years of experience delivering "
    "complex construction projects on time and within budget. I thrive at the "
    "intersection of innovation, sustainability and people, leveraging data-driven "
    "insights to drive operational excellence. Always open to connecting with like-minded "
    "professionals who share my vision for a greener built environment."
)
_SCAM_BIO = (
    "Remote jobs for construction professionals! Work from home as a project "
    "coordinator, earn up to 5,000 EUR a month, no experience needed. Limited places, "
    "send me your email and phone number to receive the application form today."
)
_OUTSIDE_BIOS = (
    "Operations leader with 18 years in heavy civil infrastructure across North America. "
    "I have delivered highway interchanges, bridges and rail yards, led teams of up to "
    "300 people and built safety programs that cut recordable incidents in half. "
    "Board member of a regional contractors council.",
    "Architect and sustainability consultant based in Sydney. Twenty years designing "
    "schools and community buildings, with a focus on passive design, mass timber and "
    "circular materials. Guest lecturer and occasional writer on climate-positive "
    "architecture.",
    "Senior quantity surveyor with experience on airports, hospitals and commercial "
    "towers in the Gulf and the United Kingdom. Chartered member, cost planning and "
    "contract administration specialist, fluent in NEC and FIDIC contracts.",
)


#: Genuine kinds whose photo is the member's own face (what a copier takes).
_PORTRAIT_KINDS = frozenset({"engineer", "tradesperson", "student", "returning", "recruiter"})


@dataclass
class Population:
    """A labelled population of profiles in the public input format.

    Attributes
    ----------
    profiles : list of dict
        One dict a member; ``meta`` holds ``label``, ``kind`` and ``copied_from``.
    labels : list of str
        ``"genuine"`` or ``"fake"``, in the order of ``profiles``.
    """

    profiles: list[dict[str, Any]]
    labels: list[str]

    def kinds(self) -> list[str]:
        """Each member's kind, in order.

        Returns
        -------
        list of str
            ``meta["kind"]`` of each profile.
        """
        return [str(p["meta"]["kind"]) for p in self.profiles]

    def write_jsonl(self, path: str | Path) -> Path:
        """Write the profiles as JSON Lines, photo paths relative to the file's folder.

        Parameters
        ----------
        path : str or Path
            The file to write; every photo must lie below its folder.

        Returns
        -------
        Path
            The file written.
        """
        out = Path(path)
        folder = out.parent.resolve()
        with out.open("w", encoding="utf-8") as fh:
            for profile in self.profiles:
                record = dict(profile)
                if "photo" in record:
                    photo = Path(record["photo"]).resolve()
                    record["photo"] = photo.relative_to(folder).as_posix()
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return out


def _date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A uniform date between ``start`` and ``end``."""
    span = max((end - start).days, 0)
    return start + dt.timedelta(days=rng.randint(0, span))


def _portrait(rng: random.Random, size: int = 160) -> Image.Image:
    """A drawn head-and-shoulders portrait in random colours."""
    bg = tuple(rng.randint(120, 235) for _ in range(3))
    img = Image.new("RGB", (size, size), bg)
    d = ImageDraw.Draw(img)
    skin = rng.choice(((241, 204, 177), (224, 172, 135), (198, 134, 96), (141, 85, 54)))
    shirt = tuple(rng.randint(20, 200) for _ in range(3))
    hair = rng.choice(((30, 25, 20), (90, 60, 30), (160, 120, 60), (120, 120, 120)))
    cx = size // 2 + rng.randint(-8, 8)
    d.ellipse((cx - 60, 110, cx + 60, 210), fill=shirt)
    d.rectangle((cx - 12, 92, cx + 12, 118), fill=skin)
    hw, hh = rng.randint(30, 38), rng.randint(38, 46)
    top = 60 - hh
    d.ellipse((cx - hw - 3, top - 6, cx + hw + 3, top + hh + 10), fill=hair)
    d.ellipse((cx - hw, top, cx + hw, top + 2 * hh), fill=skin)
    ey = top + hh - 4
    for ex in (cx - hw // 2, cx + hw // 2):
        d.ellipse((ex - 4, ey - 3, ex + 4, ey + 3), fill=(40, 30, 30))
    d.arc((cx - 12, ey + 14, cx + 12, ey + 26), 10, 170, fill=(120, 40, 40), width=2)
    arr = np.asarray(img, dtype=np.int16)
    noise = np.random.default_rng(rng.randint(0, 2**31)).integers(-6, 7, arr.shape)
    return Image.fromarray(np.clip(arr + noise, 0, 255).astype(np.uint8))


def _logo(rng: random.Random, size: int = 160) -> Image.Image:
    """A flat company logo: a shape and a band of colour on a plain ground."""
    img = Image.new("RGB", (size, size), (250, 250, 250))
    d = ImageDraw.Draw(img)
    col = tuple(rng.randint(0, 200) for _ in range(3))
    if rng.random() < 0.5:
        d.polygon(((30, 120), (80, 30), (130, 120)), fill=col)
    else:
        d.rectangle((35, 35, 125, 105), fill=col)
    d.rectangle((20, 128, 140, 140), fill=tuple(255 - c for c in col))
    return img


def _edited(img: Image.Image, rng: random.Random) -> Image.Image:
    """A copier's edit: a small crop, maybe a mirror, a brightness change."""
    w, h = img.size
    c = rng.uniform(0.02, 0.08)
    left, top = int(w * c * rng.random()), int(h * c * rng.random())
    out = img.crop((left, top, left + int(w * (1 - c)), top + int(h * (1 - c))))
    out = out.resize((w, h))
    if rng.random() < 0.5:
        out = ImageOps.mirror(out)
    if rng.random() < 0.6:
        out = ImageEnhance.Brightness(out).enhance(rng.uniform(0.85, 1.15))
    return out


class _Builder:
    """Draws the members one by one, keeping what copies need."""

    def __init__(self, rng: random.Random, photo_dir: Path) -> None:
        self.rng = rng
        self.photo_dir = photo_dir
        self.count = 0
        self.images: dict[str, Image.Image] = {}

    def save(self, img: Image.Image, quality: int = 88) -> str:
        """Save a photo under ``photo_dir``; its absolute path."""
        self.count += 1
        path = self.photo_dir / f"ph{self.count:05d}.jpg"
        img.save(path, "JPEG", quality=quality)
        return str(path.resolve())

    def name(self) -> tuple[str, str]:
        """A name and a username."""
        r = self.rng
        first, last = r.choice(_FIRST), r.choice(_LAST)
        name = f"{first} {last}" if r.random() < 0.6 else f"{first} {last} {r.choice(_LAST)}"
        user = f"{first}-{last}".lower().replace(" ", "") + (
            f"-{r.randint(10, 9999)}" if r.random() < 0.5 else ""
        )
        return name, user


def _activity(
    rng: random.Random,
    likes: int,
    comments: int,
    shares: int,
    swc: int,
    posts: int,
    articles: int,
    texts: list[str] | None,
) -> dict[str, Any]:
    """Activity totals over 90 days or the lifetime, as the export tool gave them."""
    lifetime = rng.random() < 0.5
    scale = rng.randint(8, 30) if lifetime else 1
    act: dict[str, Any] = {
        "window_days": None if lifetime else 90,
        "likes": likes * scale,
        "comments": comments * scale,
        "shares": shares * scale,
        "shares_with_comment": swc * scale,
        "posts": posts * scale,
        "articles": articles * scale,
    }
    if texts is not None:
        act["comment_texts"] = texts
    return act


def _genuine(b: _Builder, kind: str, shared: dict[str, Any]) -> dict[str, Any]:
    """One genuine member of ``kind``."""
    r = b.rng
    name, user = b.name()
    city = r.choice(_CITIES)
    p: dict[str, Any] = {"name": name, "username": user}
    if r.random() < 0.9:
        p["location"] = city
    created = _date(r, dt.date(2008, 3, 1), REFERENCE - dt.timedelta(days=30))
    photo: Image.Image | None = _portrait(r)
    about: str | None = None
    headline: str
    exp: list[dict[str, Any]] = []
    edu: list[dict[str, Any]] | None = None
    skills: list[str] | None = None
    conn, fol, fng = r.randint(80, 900), r.randint(60, 1200), r.randint(40, 500)
    act: dict[str, Any] | None = None
    firm = r.choice(_FIRMS)
    start = _date(r, max(created - dt.timedelta(days=2000), dt.date(1995, 1, 1)), created)

    def comments(k: int) -> list[str]:
        return [r.choice(_COMMENTS) for _ in range(k)]

    if kind == "engineer":
        title = r.choice(_ENG_TITLES)
        headline = f"{title} en {firm}" if r.random() < 0.6 else f"{title} at {firm}"
        s = r.sample(_ENG_SENTENCES, r.randint(2, 4))
        about = " ".join(
            x.format(y=r.randint(4, 25), c=city.split(",")[0], s=start.year, f=firm) for x in s
        )
        exp = [{"title": title, "company": firm, "start": start.isoformat()}]
        if r.random() < 0.6:
            prev = _date(r, dt.date(1995, 1, 1), start)
            exp.append(
                {
                    "title": r.choice(_ENG_TITLES),
                    "company": r.choice(_FIRMS),
                    "start": prev.isoformat(),
                    "end": start.isoformat(),
                }
            )
        edu = [{"school": r.choice(_SCHOOLS[:7]), "degree": r.choice(("Grado", "Máster", "MSc"))}]
        skills = r.sample(_SKILLS, r.randint(3, 8))
        c = r.randint(0, 12)
        act = _activity(
            r,
            r.randint(5, 80),
            c,
            r.randint(0, 4),
            r.randint(0, 5),
            r.randint(0, 6),
            r.randint(0, 1),
            comments(min(c, 5)),
        )
    elif kind == "tradesperson":
        trade = r.choice(_TRADES)
        headline = f"{trade} - autónomo" if r.random() < 0.5 else trade
        if r.random() < 0.5:
            about = r.choice(_TRADE_ABOUTS).format(c=city.split(",")[0])
        exp = [{"title": trade, "company": r.choice(_FIRMS) if r.random() < 0.6 else "Autónomo"}]
        if r.random() < 0.3:
            edu = [{"school": _SCHOOLS[7]}]
        conn, fol, fng = r.randint(5, 150), r.randint(5, 150), r.randint(5, 200)
        act = _activity(r, r.randint(0, 40), r.randint(0, 2), r.randint(0, 3), 0, 0, 0, None)
    elif kind in ("sales_rep", "recruiter"):
        if kind == "sales_rep":
            org = r.choice(_SUPPLIERS)
            headline = f"Delegado comercial en {org}"
            about = _SUPPLIER_BLURB.format(s=org)
            key = "logo:" + org
        else:
            org = r.choice(_AGENCIES)
            headline = f"Talent Acquisition | {org} | We're hiring!"
            about = _AGENCY_BLURB.format(a=org)
            key = "logo:" + org
        if r.random() < 0.3:
            if key not in shared:
                shared[key] = _logo(r)
            photo = shared[key]
        exp = [
            {
                "title": headline.split(" en ")[0].split(" | ")[0],
                "company": org,
                "start": start.isoformat(),
            }
        ]
        skills = r.sample(("Ventas", "Negociación", "CRM", "Recruiting", "Sourcing"), 3)
        big = 5 if kind == "recruiter" else 2
        conn, fol, fng = (
            r.randint(500, 8000 * big // 2),
            r.randint(300, 9000),
            r.randint(500, 6000 * big // 2),
        )
        act = _activity(
            r,
            r.randint(60, 400),
            r.randint(0, 15),
            r.randint(5, 60),
            r.randint(0, 10),
            r.randint(0, 10),
            0,
            comments(r.randint(0, 3)),
        )
    elif kind == "dormant":
        created = _date(r, dt.date(2008, 3, 1), dt.date(2015, 12, 31))
        headline = r.choice(_ENG_TITLES + _TRADES)
        if r.random() < 0.4:
            photo = None
        exp = [
            {
                "title": headline,
                "company": r.choice(_FIRMS),
                "start": _date(r, dt.date(1990, 1, 1), created).isoformat(),
            }
        ]
        conn, fol, fng = r.randint(3, 120), r.randint(0, 100), r.randint(0, 80)
        act = _activity(r, 0, 0, 0, 0, 0, 0, []) if r.random() < 0.7 else None
    elif kind == "family_firm":
        fam = shared.setdefault("family", [])
        if not fam or r.random() < 0.4:
            fam.append(
                (
                    f"Reformas {r.choice(_LAST)} e Hijos",
                    r.choice(_LAST),
                    _logo(r),
                    r.randint(1970, 2005),
                )
            )
        fname, surname, logo, year = fam[-1] if r.random() < 0.7 else r.choice(fam)
        name = f"{r.choice(_FIRST)} {surname}"
        p["name"] = name
        headline = f"Gerente en {fname}" if r.random() < 0.3 else f"{fname}"
        about = _FIRM_BLURB.format(f=fname, y=year)
        photo = logo
        exp = [
            {
                "title": r.choice(("Gerente", "Encargado", "Administración", "Oficial")),
                "company": fname,
            }
        ]
        conn, fol, fng = r.randint(20, 300), r.randint(20, 300), r.randint(10, 300)
        act = _activity(
            r, r.randint(5, 60), r.randint(0, 4), r.randint(0, 6), 0, r.randint(0, 4), 0, None
        )
    elif kind == "association_staff":
        headline = (
            r.choice(("Comunicación", "Formación", "Relaciones institucionales", "Bolsa de empleo"))
            + " | Asociación Iberoamericana de la Construcción"
        )
        about = _ASSOC_BLURB
        if r.random() < 0.6:
            photo = shared.setdefault("logo:assoc", _logo(r))
        exp = [
            {
                "title": headline.split(" | ")[0],
                "company": "Asociación Iberoamericana de la Construcción",
                "start": start.isoformat(),
            }
        ]
        conn, fol, fng = r.randint(800, 6000), r.randint(500, 5000), r.randint(300, 3000)
        act = _activity(
            r,
            r.randint(40, 200),
            r.randint(5, 30),
            r.randint(10, 60),
            r.randint(5, 40),
            r.randint(10, 60),
            r.randint(0, 3),
            ["¡Gracias a todos por participar!", "Inscripciones abiertas."],
        )
    elif kind == "agency_page":
        stock = shared.setdefault("stock", [])
        if len(stock) < 3 or r.random() < 0.2:
            stock.append(_portrait(r))
        photo = r.choice(stock)
        firm = r.choice(_FIRMS)
        headline = f"Director General en {firm}"
        about = (
            f"{firm}: calidad, compromiso y experiencia al servicio de nuestros "
            "clientes. Síguenos para conocer nuestros proyectos."
        )
        exp = [{"title": "Director General", "company": firm}]
        conn, fol, fng = r.randint(100, 900), r.randint(200, 2000), r.randint(20, 200)
        act = _activity(r, 0, 0, r.randint(0, 5), 0, r.randint(8, 40), 0, [])
    elif kind == "returning":
        created = _date(r, dt.date(2009, 1, 1), dt.date(2014, 12, 31))
        headline = "Buscando nuevas oportunidades | " + r.choice(_ENG_TITLES + _TRADES)
        if r.random() < 0.5:
            about = "Abierto a nuevas oportunidades en obra. Disponibilidad inmediata."
        exp = [
            {
                "title": r.choice(_ENG_TITLES + _TRADES),
                "company": r.choice(_FIRMS),
                "start": _date(r, dt.date(2000, 1, 1), created).isoformat(),
                "end": _date(r, dt.date(2023, 1, 1), REFERENCE).isoformat(),
            }
        ]
        conn, fol, fng = r.randint(30, 300), r.randint(20, 200), r.randint(100, 1500)
        act = {
            "window_days": 90,
            "likes": r.randint(80, 400),
            "comments": r.randint(0, 3),
            "shares": r.randint(0, 10),
            "shares_with_comment": 0,
            "posts": r.randint(0, 2),
            "articles": 0,
        }
    else:  # student
        created = _date(r, REFERENCE - dt.timedelta(days=500), REFERENCE - dt.timedelta(days=7))
        headline = "Estudiante de " + r.choice(
            (
                "Ingeniería Civil",
                "Arquitectura Técnica",
                "Engenharia Civil",
                "Construction Management",
            )
        )
        edu = [
            {
                "school": r.choice(_SCHOOLS[:7]),
                "degree": "Grado",
                "start": (created - dt.timedelta(days=400)).isoformat(),
            }
        ]
        exp = []
        conn, fol, fng = r.randint(10, 200), r.randint(5, 150), r.randint(30, 600)
        act = _activity(
            r,
            r.randint(10, 150),
            r.randint(0, 3),
            r.randint(0, 5),
            0,
            0,
            0,
            comments(r.randint(0, 2)),
        )
    p["headline"] = headline
    if about is not None:
        p["about"] = about
    p["experience"] = exp
    if edu is not None or r.random() < 0.65:
        p["education"] = edu if edu is not None else []
    if skills is not None and r.random() < 0.6:
        p["skills"] = skills
    p["created_at"] = created.isoformat()
    if r.random() < 0.7:
        p["connections"] = conn
    if r.random() < 0.8:
        p["followers"], p["following"] = fol, fng
    if act is not None and r.random() < 0.95:
        p["activity"] = act
    if photo is not None and kind != "dormant" and r.random() < 0.1:
        photo = None
    if photo is None:
        if r.random() < 0.7:  # the other exports do not say whether there is a photo
            p["has_photo"] = False
    else:
        p["photo"] = b.save(photo, quality=r.randint(70, 92))
        b.images[p["photo"]] = photo
    p["meta"] = {"label": "genuine", "kind": kind, "copied_from": None}
    return p


def _second_account(b: _Builder, members: list[dict[str, Any]]) -> dict[str, Any]:
    """A genuine member's second account: the first one forgotten, same face re-uploaded."""
    r = b.rng
    pool = [m for m in members if "photo" in m and m["meta"]["kind"] in _PORTRAIT_KINDS]
    src = r.choice(pool)
    created = _date(r, dt.date.fromisoformat(src["created_at"]), REFERENCE)
    p: dict[str, Any] = {"name": src["name"], "username": src["username"] + "-2"}
    if "location" in src:
        p["location"] = src["location"]
    p["headline"] = src["headline"]
    if "about" in src and r.random() < 0.6:
        p["about"] = src["about"]
    p["experience"] = [dict(e) for e in src["experience"][:1]]
    p["created_at"] = created.isoformat()
    p["connections"] = r.randint(0, 40)
    p["activity"] = {
        "window_days": 90,
        "likes": r.randint(0, 20),
        "comments": 0,
        "shares": 0,
        "shares_with_comment": 0,
        "posts": 0,
        "articles": 0,
    }
    w, h = b.images[src["photo"]].size
    img = b.images[src["photo"]].crop((2, 2, w - 2, h - 2)).resize((w, h))
    p["photo"] = b.save(img, quality=r.randint(60, 85))
    b.images[p["photo"]] = img
    p["meta"] = {"label": "genuine", "kind": "second_account", "copied_from": src["id"]}
    return p


def _fake(
    b: _Builder, kind: str, members: list[dict[str, Any]], ring: dict[str, Any]
) -> dict[str, Any]:
    """One fake of ``kind``; ``members`` are the genuine members it may copy."""
    r = b.rng
    name, user = b.name()
    p: dict[str, Any] = {"name": name, "username": user}
    created = _date(r, REFERENCE - dt.timedelta(days=240), REFERENCE - dt.timedelta(days=2))
    copied: str | None = None
    photo: Image.Image | None = _portrait(r)
    edit = False
    fng = r.randint(800, 5000)
    p["location"] = r.choice(_CITIES)
    if kind in ("member_copycat", "bought_aged") and (kind == "member_copycat" or r.random() < 0.5):
        with_photo = [
            m
            for m in members
            if "photo" in m and "about" in m and m["meta"]["kind"] in _PORTRAIT_KINDS
        ]
        src = r.choice(with_photo or members)
        copied = str(src["id"])
        if "photo" in src:
            photo, edit = b.images[src["photo"]], True
        if "about" in src:
            p["about"] = src["about"]
        p["headline"] = src["headline"]
        p["experience"] = [dict(e) for e in src["experience"][:1]]
        p["education"] = []
    elif kind == "outsider_copycat":
        p["headline"] = r.choice(
            (
                "Senior Project Manager",
                "Sustainability Architect",
                "Quantity Surveyor | Cost Manager",
            )
        )
        p["about"] = r.choice(_OUTSIDE_BIOS)
        edit = True
        p["experience"] = [{"title": p["headline"], "company": r.choice(_FIRMS)}]
    elif kind == "tender_ring":
        if not ring.get("photos") or r.random() < 0.15:
            ring["photos"] = [_portrait(r) for _ in range(3)]
            ring["start"] = created
        photo, edit = r.choice(ring["photos"]), True
        created = min(REFERENCE, ring["start"] + dt.timedelta(days=r.randint(0, 25)))
        bio = r.choice(_RING_BIOS)
        if r.random() < 0.5:
            bio = bio.replace("Contact me", "Please contact me").replace("Message me", "Write me")
        p["about"] = bio
        p["headline"] = r.choice(
            ("Procurement Manager", "Subcontracting Coordinator", "International Sourcing")
        )
        p["experience"] = [
            {
                "title": p["headline"],
                "company": r.choice(
                    ("Global Build Supply Ltd", "EuroTender Partners", "Prime Sourcing FZE")
                ),
            }
        ]
    elif kind == "like_farm":
        p["headline"] = r.choice(("Entrepreneur", "Business Owner", "Consultant"))
        p["experience"] = []
        if r.random() < 0.5:
            photo = None
        fng = r.randint(2000, 9000)
    elif kind == "bought_aged":
        p["headline"] = r.choice(_ENG_TITLES)
        p["about"] = "Construction professional. " + r.choice(_ENG_SENTENCES).format(
            y=10, c="Madrid", s=2015, f=r.choice(_FIRMS)
        )
        p["experience"] = [{"title": p["headline"], "company": r.choice(_FIRMS)}]
    elif kind == "ai_persona":
        t = r.choice(("Project Manager", "Construction Manager", "Sustainability Lead"))
        p["headline"] = f"{t} | Sustainability | Innovation | Leadership"
        p["about"] = _AI_BIO.format(t=t.lower(), n=r.randint(8, 15))
        s1 = _date(r, dt.date(2012, 1, 1), dt.date(2019, 1, 1))
        p["experience"] = [
            {
                "title": t,
                "company": r.choice(_FIRMS),
                "start": s1.isoformat(),
                "description": "Led cross-functional teams to deliver projects on time.",
            },
            {
                "title": "Assistant " + t,
                "company": r.choice(_FIRMS),
                "start": (s1 - dt.timedelta(days=1500)).isoformat(),
                "end": s1.isoformat(),
            },
        ]
        p["education"] = [{"school": r.choice(_SCHOOLS[:7]), "degree": "MSc"}]
        p["skills"] = r.sample(_SKILLS, 6)
        fng = r.randint(300, 1500)
    else:  # job_scammer
        p["headline"] = "HR Manager | Remote Hiring | Construction"
        p["about"] = _SCAM_BIO
        photo = _logo(r)
        p["experience"] = [{"title": "HR Manager", "company": r.choice(_AGENCIES)}]
    if kind == "bought_aged":
        created = _date(r, dt.date(2010, 1, 1), dt.date(2016, 12, 31))
    p["created_at"] = created.isoformat()
    if r.random() < 0.7:
        p["connections"] = r.randint(100, 1200)
    if r.random() < 0.8:
        p["followers"], p["following"] = r.randint(5, 300), fng
    likes = r.randint(100, 900)
    if kind == "ai_persona":
        c = r.randint(2, 10)
        act = {
            "window_days": 90,
            "likes": r.randint(20, 120),
            "comments": c,
            "shares": 1,
            "shares_with_comment": r.randint(0, 3),
            "posts": r.randint(0, 3),
            "articles": 0,
            "comment_texts": [r.choice(_GENERIC_COMMENTS) for _ in range(min(c, 5))],
        }
    elif kind == "job_scammer":
        act = {
            "window_days": 90,
            "likes": r.randint(10, 80),
            "comments": 0,
            "shares": r.randint(0, 5),
            "shares_with_comment": r.randint(20, 80),
            "posts": r.randint(5, 20),
            "articles": 0,
        }
    else:
        act = {
            "window_days": 90,
            "likes": likes,
            "comments": r.randint(0, 1),
            "shares": r.randint(0, 15),
            "shares_with_comment": 0,
            "posts": 0,
            "articles": 0,
        }
    if r.random() < 0.5:
        act["window_days"] = None  # the lifetime tool: a new account's lifetime is its burst
    p["activity"] = act
    if photo is None:
        p["has_photo"] = False
    else:
        img = _edited(photo, r) if edit else photo
        p["photo"] = b.save(img, quality=r.randint(55, 80) if edit else 85)
        b.images[p["photo"]] = img
    p["meta"] = {"label": "fake", "kind": kind, "copied_from": copied}
    return p


def _counts(mix: dict[str, float], n: int) -> dict[str, int]:
    """Whole counts for ``n`` drawn in the shares of ``mix`` (largest remainders)."""
    raw = {k: v * n for k, v in mix.items()}
    out = {k: int(v) for k, v in raw.items()}
    rest = sorted(raw, key=lambda k: raw[k] - out[k], reverse=True)
    for k in rest[: n - sum(out.values())]:
        out[k] += 1
    return out


def generate(
    n: int = 2000, *, seed: int = 1, photo_dir: str | Path, fake_share: float = 0.15
) -> Population:
    """Generate the association's member export, with labels in ``meta``.

    Parameters
    ----------
    n : int
        Members in all.
    seed : int
        The random seed; the same seed gives the same population and photos.
    photo_dir : str or Path
        Folder for the photos (created if missing).
    fake_share : float
        Share of fakes.

    Returns
    -------
    Population
        Profiles in shuffled order with ids that say nothing of labels.
    """
    rng = random.Random(seed)
    folder = Path(photo_dir)
    folder.mkdir(parents=True, exist_ok=True)
    b = _Builder(rng, folder)
    n_fake = round(n * fake_share)
    gen_counts = _counts(GENUINE_MIX, n - n_fake)
    fake_counts = _counts(FAKE_MIX, n_fake)
    ids = [f"m{v:06d}" for v in rng.sample(range(100000, 999999), n)]
    shared: dict[str, Any] = {}
    genuine: list[dict[str, Any]] = []
    order = [k for k, c in gen_counts.items() for _ in range(c)]
    rng.shuffle(order)
    seconds = [k for k in order if k == "second_account"]
    for kind in order:
        if kind != "second_account":
            genuine.append({"id": ids[len(genuine)], **_genuine(b, kind, shared)})
    for _ in seconds:
        genuine.append({"id": ids[len(genuine)], **_second_account(b, genuine)})
    fakes: list[dict[str, Any]] = []
    ring: dict[str, Any] = {}
    for kind, c in fake_counts.items():
        for _ in range(c):
            i = len(genuine) + len(fakes)
            fakes.append({"id": ids[i], **_fake(b, kind, genuine, ring)})
    profiles = genuine + fakes
    rng.shuffle(profiles)
    return Population(profiles, [str(p["meta"]["label"]) for p in profiles])
