"""A fourth held-out population: a regional staffing, sales and freelance network.

Written apart from the training population and from the other held-out
populations (their code was not read), from one engineer's idea of how a
recruiting-heavy professional network in a multilingual region looks. It is a
*test* population: nothing here was tuned against the detector.

The network
-----------
The export of a members' community run by a staffing marketplace in the
Benelux and the Rhineland: agency recruiters and sales people, the freelance
contractors of the marketplace's pool, the hiring managers of client firms,
candidates who joined through a job advert, and everybody who signed up once
and never came back. Members write in English, Dutch, German or French.
``REFERENCE`` (2026-11-16) is the export date; no date in the data is later.

Assumptions, genuine members (share of the genuine members)
-----------------------------------------------------------
* ``recruiter`` (17%): agency recruiters. Each agency's recruiters paste the
  agency's boilerplate paragraph under one personal sentence, so colleagues'
  about texts share most of their words; 15% use the agency logo as their
  avatar (the same logo for every colleague). They connect with everyone
  (median about 3,500 connections, up to the 30,000 cap, and they follow
  hundreds to thousands more), share 10-120 job adverts and post 5-60 times in
  90 days, and comment little ("Interested? Send me a DM").
  Accounts are young (high turnover: 2 months to 9 years), jobs short.
* ``sales`` (11%): sales development and account managers. Hype headlines with
  emoji, high outbound following, engagement pods: 150-1,500 likes and 20-200
  short stock comments in 90 days ("Great insights, thanks for sharing!").
* ``freelancer`` (20%): IT, engineering and finance contractors. Many short,
  overlapping contracts (``full_time`` false), keyword-list about texts, long
  skill lists, "available from" headlines. The marketplace's sign-up form has
  no education section, so ``education`` is *absent* (unknown) for them. Little
  activity. 6% of those with a photo use a stock picture.
* ``candidate`` (13%): joined through a job advert, mostly in the last six
  months: sparse profile, "Open to work" headline, few connections, a handful
  of likes at most, 60% without a photo, usually no about text. 40% came in
  through the job-advert funnel's import, which has no skills, no follow counts
  and no activity: those keys are *absent*.
* ``dormant`` (10%): accounts from 2004-2013 not used for years: stale
  experience, zero activity, follower counts *absent* (not backfilled for
  accounts inactive since before the platform counted followers), old
  low-resolution photos or none.
* ``client_manager`` (10%): hiring managers at client firms. Complete profiles,
  like-only activity (lurkers who never comment or post), modest networks.
* ``bootcamp`` (6%): graduates of two coding bootcamps. Their careers service
  gave every cohort the same bio template (filled with their own stack and
  past job), they signed up in the same week, and the same photographer took
  their headshots against the same backdrop (distinct faces, same background).
* ``exec_ghostwritten`` (4%): executives whose profiles are run by a
  personal-branding agency: third-person bios in the agency's fixed structure,
  studio photos, scheduled posts at a steady rate, few comments.
* ``small_business`` (5%): owners of small firms (bakeries, installers,
  bookkeepers) who post for their business; half use a logo or a stock photo
  as avatar; several members use the *same* stock photo.
* ``second_account`` (2%): a member's second, forgotten or work account: the
  same person, the same photo re-uploaded (recropped, re-encoded), the same or
  a shortened about text; ``meta["duplicate_of"]`` names the other account.
* ``family_shared`` (2%): a spouse or child of a ``small_business`` owner
  co-running the business with the same logo or photo and the same about text;
  ``meta["shares_with"]`` names the owner.

Assumptions, fakes (``FAKE_MIX``, share of the fakes; 15% of the members)
-------------------------------------------------------------------------
* ``recruiter_impersonator`` (22%): copies a genuine *recruiter of this
  network*: the photo (cropped 2-8% a side, often mirrored, brightness changed,
  resized, re-encoded), the about text (verbatim, or with a sentence dropped and
  a "send your CV to" line added), the current job and some skills; the same,
  a respelt or another name; a new account (3-150 days) that follows thousands;
  comments steer people to private messages. ``copied_from`` = the original.
* ``outsider_copycat`` (12%): photo and about text of a professional *outside*
  this network (so nothing in the export is its original), lightly edited;
  ``copied_from`` None.
* ``scam_ring`` (18%): rings of 3-8 fake "HR managers" of a made-up company:
  one spun stock bio per ring, generated faces (centred, symmetric, smooth,
  blurred bokeh backdrop), accounts created within ten days of each other,
  mostly likes (100-700, at most 3 comments), invented schooling without dates
  or none.
* ``bought_aged`` (12%): an old account (2008-2015) bought and repurposed: the
  old owner's username does not match the new name, the experience starts in
  the last year, a recent burst of posts and generic comments about crypto or
  remote jobs. 45% wear the edited photo of a genuine member of this network
  (``copied_from`` = that member, who is *younger* than the bought account);
  the others a generated face.
* ``ai_persona`` (16%): a generated face and a polished, machine-written bio
  that is unique to the profile (nothing to match), a plausible career with
  round dates, 300-1,500 connections, chatty generic comments.
* ``like_farm`` (10%): near-empty profiles (no about, experience empty or
  absent, education and skills absent) that like 800-6,000 posts in 90 days and
  follow thousands of
  accounts; no photo, a generated face, or one of the stock photos genuine
  small businesses also use.
* ``investment_scam`` (10%): "investment advisor" profiles with the edited
  photo of an outsider, financial-freedom bios and friendly comments inviting a
  chat; ``copied_from`` None.

Shared shape of the data
------------------------
* Photos: JPEG files drawn with Pillow and numpy (a head and shoulders on a
  backdrop), 144-512 pixels: camera noise and blur for real photos, none for
  generated faces (512 pixels, centred), old ones small and blocky; logos and
  stock pictures are drawn once and shared. 18% of the genuine members with a
  photo (10% of candidates, 5% of bootcamp graduates and second accounts, no
  executive or business) show it to connections only, so the export gives
  ``has_photo`` true and no file; fakes always show theirs. Members without a
  photo have ``has_photo`` false.
* Texts: English (about 55%), Dutch, German or French for genuine members
  (recruiters mostly in their agency's language); fakes write English, except
  impersonators, who copy their original's text. Template sentences recur
  across unrelated genuine members (they are how people write).
* Activity: totals over the last 90 days (``window_days`` 90) and the member's
  last five comment texts. 12% of most genuine kinds (5% of executives; never
  candidates or second accounts) and 5-8% of most fake kinds (never like farms
  or bought accounts) opted out of activity sharing, so ``activity`` is absent.
  No ``events``.
* Dates: account creation as a full date; experience as ``YYYY-MM``,
  education as ``YYYY`` (education dates are missing for some).
* The export omits fields a member left empty (an empty about, no location,
  5% of members, a job without description) and never has ``url``,
  ``photo_hash``, ``private`` or ``events``. Dormant accounts have no follower
  count (see above).

Each profile's ``meta`` holds ``label``, ``kind`` and ``copied_from`` (an id in
this population, or None), plus ``duplicate_of`` / ``shares_with`` / ``ring``
where they apply (``funnel``, ``agency``, ``cohort``, ``business`` describe
genuine members). Ids (``m`` and six random digits) and the order are
shuffled, so neither says anything of the labels.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageOps

__all__ = ["FAKE_MIX", "GENUINE_MIX", "REFERENCE", "Population", "generate"]

#: The export date: no date in the data is later.
REFERENCE = dt.date(2026, 11, 16)

#: Genuine kind -> share of the genuine members.
GENUINE_MIX: dict[str, float] = {
    "recruiter": 0.17,
    "sales": 0.11,
    "freelancer": 0.20,
    "candidate": 0.13,
    "dormant": 0.10,
    "client_manager": 0.10,
    "bootcamp": 0.06,
    "exec_ghostwritten": 0.04,
    "small_business": 0.05,
    "second_account": 0.02,
    "family_shared": 0.02,
}

#: Fake kind -> share of the fakes.
FAKE_MIX: dict[str, float] = {
    "recruiter_impersonator": 0.22,
    "outsider_copycat": 0.12,
    "scam_ring": 0.18,
    "bought_aged": 0.12,
    "ai_persona": 0.16,
    "like_farm": 0.10,
    "investment_scam": 0.10,
}

_Record = dict[str, Any]


@dataclass
class Population:
    """Labelled profiles in the public input format, photos already on disk.

    Attributes
    ----------
    profiles : list of dict
        Profiles; each ``meta`` holds ``label``, ``kind`` and ``copied_from``.
        ``photo`` values are absolute paths under the generator's ``photo_dir``.
    labels : list of str
        ``"genuine"`` or ``"fake"``, in the order of ``profiles``.
    """

    profiles: list[_Record]
    labels: list[str]

    def kinds(self) -> list[str]:
        """Each profile's ``meta["kind"]``, in order."""
        return [str(p["meta"]["kind"]) for p in self.profiles]

    def write_jsonl(self, path: str | Path) -> Path:
        """Write the profiles as JSON Lines, photo paths relative to the file's folder.

        Parameters
        ----------
        path : str or Path
            The file to write; the photos must lie below its folder.

        Returns
        -------
        Path
            ``path``.

        Raises
        ------
        ValueError
            If a photo is not below the file's folder.
        """
        out = Path(path)
        base = out.parent.resolve()
        with out.open("w", encoding="utf-8") as handle:
            for profile in self.profiles:
                record = dict(profile)
                photo = record.get("photo")
                if photo is not None:
                    resolved = Path(photo).resolve()
                    if base not in resolved.parents:
                        raise ValueError(
                            f"photo {photo!r} is not below {str(base)!r}: give generate() a "
                            "photo_dir inside the folder of the file"
                        )
                    record["photo"] = resolved.relative_to(base).as_posix()
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        return out


# --------------------------------------------------------------------------- vocabulary

# fmt: off
_NAMES: dict[str, tuple[list[str], list[str]]] = {
    "nl": (
        [
            "Sanne", "Daan", "Lotte", "Bram", "Eva", "Thijs", "Femke", "Jeroen", "Anouk", "Ruben",
            "Iris", "Pieter", "Marloes", "Koen", "Lieke", "Sven", "Noor", "Joris", "Esther",
            "Wouter", "Hanneke", "Stijn", "Maaike", "Niels",
        ],
        [
            "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
            "de Groot", "Bos", "Vos", "Peeters", "Claes", "Willems", "Maes", "Janssens",
            "Hendriks", "van Dijk", "van den Berg", "Dekker", "Verhoeven", "Kuipers",
        ],
    ),
    "de": (
        [
            "Lukas", "Anna", "Jonas", "Lena", "Felix", "Laura", "Tobias", "Julia", "Matthias",
            "Katharina", "Stefan", "Sabine", "Florian", "Miriam", "Jan", "Nina", "Markus",
            "Carina", "Dominik", "Sophie", "Ralf", "Heike",
        ],
        [
            "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann",
            "Schulz", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Braun",
            "Zimmermann", "Krüger", "Hartmann", "Lange",
        ],
    ),
    "fr": (
        [
            "Camille", "Julien", "Manon", "Thomas", "Chloé", "Nicolas", "Léa", "Antoine",
            "Pauline", "Maxime", "Élodie", "Hugo", "Margaux", "Romain", "Céline", "Amélie",
        ],
        [
            "Dubois", "Lambert", "Dupont", "Martin", "Leroy", "Moreau", "Laurent", "Simon",
            "Michel", "Lefebvre", "Mertens", "Goossens", "Renard", "Fontaine", "Girard",
        ],
    ),
    "en": (
        [
            "Priya", "Rahul", "Arjun", "Sneha", "Mehmet", "Elif", "Youssef", "Fatima", "Karim",
            "Aylin", "Piotr", "Agnieszka", "Tomasz", "Ana", "Diego", "Oluwaseun", "Chen", "Wei",
            "James", "Emma", "Oliver", "Grace", "Daniel", "Sarah",
        ],
        [
            "Sharma", "Patel", "Iyer", "Reddy", "Yılmaz", "Demir", "El Amrani", "Bennani",
            "Kowalski", "Nowak", "Wiśniewski", "Silva", "García", "Adeyemi", "Zhang", "Li",
            "Walsh", "Murphy", "Clarke", "O'Brien", "Okoro", "Haddad",
        ],
    ),
}

_LOCATIONS: dict[str, list[str]] = {
    "nl": [
        "Amsterdam, Noord-Holland, Nederland", "Rotterdam", "Utrecht, Nederland",
        "Eindhoven, Noord-Brabant", "Antwerpen, België", "Gent, Vlaanderen, België", "Den Haag",
        "Breda", "Hasselt, België",
    ],
    "de": [
        "Köln, Nordrhein-Westfalen, Deutschland", "Düsseldorf", "Aachen, Germany", "Essen, NRW",
        "Bonn, Deutschland", "Duisburg",
    ],
    "fr": [
        "Bruxelles, Belgique", "Liège, Wallonie", "Lille, Hauts-de-France, France", "Luxembourg",
        "Namur, Belgique", "Charleroi",
    ],
    "en": [
        "Amsterdam Area", "Brussels Metropolitan Area", "Rotterdam and The Hague",
        "Cologne Bonn Region", "Eindhoven Area", "Luxembourg", "Remote",
    ],
}

_LANG_WEIGHTS = {"en": 0.55, "nl": 0.2, "de": 0.15, "fr": 0.1}

_DOMAINS: dict[str, dict[str, list[str]]] = {
    "sap": {
        "titles": [
            "SAP FI/CO Consultant", "SAP S/4HANA Architect", "SAP MM Consultant",
            "SAP Basis Engineer", "SAP Project Lead",
        ],
        "skills": [
            "SAP FI", "SAP CO", "S/4HANA", "ABAP", "SAP MM", "Fiori", "SAP SD",
            "Project management", "Data migration", "Business process design",
        ],
        "topic": ["SAP finance", "S/4HANA migrations", "procure-to-pay in SAP", "SAP logistics"],
    },
    "java": {
        "titles": [
            "Java Developer", "Senior Backend Engineer", "Software Architect",
            "Full Stack Developer", "Tech Lead",
        ],
        "skills": [
            "Java", "Spring Boot", "Kotlin", "Microservices", "PostgreSQL", "Kafka", "Docker",
            "REST APIs", "Angular", "TypeScript", "Hibernate",
        ],
        "topic": [
            "backend systems", "payment platforms", "legacy modernisation",
            "event-driven architecture",
        ],
    },
    "cloud": {
        "titles": [
            "DevOps Engineer", "Cloud Architect", "Site Reliability Engineer",
            "Platform Engineer", "Azure Consultant",
        ],
        "skills": [
            "AWS", "Azure", "Kubernetes", "Terraform", "CI/CD", "Linux", "Ansible", "Prometheus",
            "GitLab", "Python", "Networking",
        ],
        "topic": [
            "cloud migrations", "platform engineering", "Kubernetes operations",
            "infrastructure as code",
        ],
    },
    "data": {
        "titles": [
            "Data Engineer", "Data Scientist", "BI Developer", "Analytics Engineer",
            "Data Analyst",
        ],
        "skills": [
            "Python", "SQL", "Power BI", "Spark", "dbt", "Airflow", "Snowflake",
            "Machine learning", "Tableau", "Data modelling", "pandas",
        ],
        "topic": [
            "data platforms", "reporting for finance teams", "forecasting models", "data quality",
        ],
    },
    "engineering": {
        "titles": [
            "Mechanical Engineer", "Process Engineer", "PLC Programmer", "Maintenance Engineer",
            "Project Engineer",
        ],
        "skills": [
            "AutoCAD", "SolidWorks", "Siemens TIA Portal", "Lean", "Six Sigma", "FMEA",
            "Root cause analysis", "PLC", "Commissioning", "HSE",
        ],
        "topic": [
            "process automation", "plant maintenance", "machine building",
            "commissioning of production lines",
        ],
    },
    "finance": {
        "titles": [
            "Financial Controller", "Financial Analyst", "Interim CFO", "Accountant",
            "Business Controller",
        ],
        "skills": [
            "IFRS", "Excel", "Consolidation", "Budgeting", "Forecasting", "Exact", "AFAS",
            "Audit", "Treasury", "Financial reporting",
        ],
        "topic": ["month-end closing", "group reporting", "interim finance roles", "cost control"],
    },
    "logistics": {
        "titles": [
            "Supply Chain Planner", "Logistics Manager", "Warehouse Team Lead",
            "Transport Planner", "Customs Specialist",
        ],
        "skills": [
            "WMS", "S&OP", "Forecasting", "Customs", "Lean", "Excel", "SAP EWM",
            "Inventory management", "Transport management", "Incoterms",
        ],
        "topic": [
            "port logistics", "warehouse operations", "demand planning", "cross-border transport",
        ],
    },
}

_CLIENTS = [
    "Rijnmond Logistics", "Kessler Automotive", "Brabant Foods", "Vandermeulen Chemie",
    "Noorderlicht Energie", "Solvia Verzekeringen", "Havenstad Port Services", "Meuse Steel",
    "Delta Retail Group", "Lumière Pharma", "Kolbeck Maschinenbau", "Ardenne Telecom",
    "Waalkade Bouw", "Schelde Shipping", "Eifel Medizintechnik", "Kempen Bank",
]

_AGENCIES: list[tuple[str, str, str]] = [
    (
        "Brightpath Staffing", "en",
        "Brightpath Staffing connects IT and engineering professionals with employers across "
        "the Benelux. Since 2009 we have placed more than 4,000 specialists in permanent and "
        "interim roles. We take the time to understand both sides, so the match lasts. "
        "Looking for your next step? Let's have a coffee.",
    ),
    (
        "Talentbrug", "nl",
        "Talentbrug is hét bureau voor technisch talent in Zuid-Nederland en Vlaanderen. Wij "
        "bemiddelen engineers, monteurs en projectleiders naar vaste en tijdelijke functies "
        "bij meer dan 300 opdrachtgevers. Persoonlijk, eerlijk en snel: zo werken wij. "
        "Benieuwd wat wij voor jou kunnen betekenen? Bel of app gerust.",
    ),
    (
        "Rhein-Ruhr Personal", "de",
        "Rhein-Ruhr Personal ist Ihr Partner für Fach- und Führungskräfte in Technik, "
        "Logistik und Finanzen. Seit über 15 Jahren vermitteln wir Talente an mittelständische "
        "Unternehmen im Rheinland und im Ruhrgebiet. Diskret, verbindlich und mit echtem "
        "Branchenwissen. Sprechen Sie mich gerne an.",
    ),
    (
        "NovaTalent Benelux", "en",
        "At NovaTalent we believe the right person changes a team. We recruit data, cloud and "
        "software talent for scale-ups and corporates in Amsterdam, Brussels and Luxembourg. "
        "Our consultants are specialists, not generalists, and we stay in touch long after "
        "day one. Open to a confidential chat about the market? Send me a message.",
    ),
    (
        "Interim Partners Wallonie", "fr",
        "Interim Partners accompagne les entreprises wallonnes et bruxelloises dans le "
        "recrutement de profils financiers et administratifs. Nous proposons des missions "
        "d'intérim, des contrats à durée indéterminée et du management de transition. "
        "Une écoute attentive, un suivi personnalisé. N'hésitez pas à me contacter.",
    ),
]

_BUSINESSES = [
    (
        "Bakkerij {last}", "nl",
        "Ambachtelijke bakkerij sinds {year}. Elke dag vers brood, "
        "taart op bestelling en catering voor bedrijven in de regio. Volg ons voor de "
        "weekaanbiedingen!",
    ),
    (
        "{last} Installatietechniek", "nl",
        "Uw installateur voor warmtepompen, zonnepanelen en "
        "cv-onderhoud. Familiebedrijf sinds {year}, erkend en gecertificeerd. Vrijblijvende "
        "offerte? Stuur ons een bericht.",
    ),
    (
        "{last} Steuerberatung", "de",
        "Ihre Kanzlei für Steuerberatung, Buchhaltung und "
        "Lohnabrechnung für Selbstständige und kleine Unternehmen. Persönlich vor Ort seit "
        "{year}. Termine nach Vereinbarung.",
    ),
    (
        "Atelier {last}", "fr",
        "Atelier de menuiserie et d'agencement sur mesure depuis {year}. "
        "Cuisines, dressings et mobilier pour particuliers et professionnels. Devis gratuit.",
    ),
    (
        "{last} Bookkeeping", "en",
        "Bookkeeping, payroll and VAT returns for freelancers and "
        "small firms since {year}. Fixed monthly fees, no surprises. Message us for a quote.",
    ),
    (
        "{last} Schoonmaak", "nl",
        "Schoonmaakbedrijf voor kantoren en praktijken sinds {year}. "
        "Vaste teams, flexibele tijden en eerlijke prijzen.",
    ),
]

_SCHOOLS = {
    "nl": [
        "Universiteit van Amsterdam", "TU Eindhoven", "Hogeschool Rotterdam", "KU Leuven",
        "Universiteit Gent", "Fontys Hogescholen", "Erasmus Universiteit", "ROC Midden Nederland",
        "Avans Hogeschool",
    ],
    "de": [
        "RWTH Aachen", "Universität zu Köln", "Hochschule Düsseldorf", "TU Dortmund",
        "Universität Duisburg-Essen", "IHK Köln",
    ],
    "fr": [
        "Université de Liège", "ULB - Université libre de Bruxelles", "UCLouvain", "HEC Liège",
        "Université de Lille", "Haute École de Namur",
    ],
    "en": [
        "University of Mumbai", "Anna University", "Middle East Technical University",
        "Warsaw University of Technology", "University of Lagos", "University College Dublin",
        "Universidad Politécnica de Madrid", "Zhejiang University",
    ],
}

_DEGREES = [
    "BSc", "MSc", "Bachelor", "Master", "MBA", "HBO", "MBO", "Diplom-Ingenieur", "Licence",
    "B.Tech", "PhD",
]

# Genuine about texts: sentence pools per language, with slots.
_ABOUT_EN = {
    "open": [
        "{title} with {years} years of experience in {topic}.",
        "I have worked in {topic} for about {years} years, mostly in {city}.",
        "Hands-on {title_l} who likes untangling messy {topic} projects.",
        "{years} years in {topic}, the last few as a {title_l}.",
        "I help teams get {topic} right the first time.",
        "Originally from {home}, based in {city} since {since}.",
        "Engineer at heart, now working as a {title_l}.",
    ],
    "middle": [
        "Most of my work is {topic} for mid-sized companies in {region}.",
        "Day to day I work with {s1}, {s2} and {s3}.", "I've led projects at {c1} and {c2}.",
        "Recent work: {topic} at {c1}, a rollout across {k} sites.",
        "I enjoy the part where the business and the tech people finally agree.",
        "Comfortable in English and {lang2}; my {lang3} is getting there.",
        "I care about documentation nobody has to ask for.",
        "Before this I spent {k} years at {c1}.",
    ],
    "close": [
        "Outside work: {hobby}.", "Happy to talk about {topic} over coffee.",
        "Open to interesting {topic} projects from {month}.",
        "Not looking for new roles right now, but always happy to help.",
        "Feel free to connect if we have worked together.", "",
    ],
}
_ABOUT_NL = {
    "open": [
        "{title} met {years} jaar ervaring in {topic}.",
        "Ik werk al zo'n {years} jaar in {topic}, de laatste jaren als {title_l}.",
        "Nuchtere {title_l} uit {city}.", "Sinds {since} actief in {topic} in de regio {region}.",
    ],
    "middle": [
        "Ik werk dagelijks met {s1}, {s2} en {s3}.", "Eerder werkte ik bij {c1} en {c2}.",
        "Ik hou van projecten waar techniek en organisatie samenkomen.",
        "Mijn laatste opdracht: {topic} bij {c1}.",
    ],
    "close": [
        "Naast mijn werk: {hobby_nl}.", "Beschikbaar vanaf {month} voor nieuwe opdrachten.",
        "Bel of mail gerust.", "",
    ],
}
_ABOUT_DE = {
    "open": [
        "{title} mit {years} Jahren Erfahrung im Bereich {topic}.",
        "Seit {since} im Bereich {topic} tätig, zuletzt als {title_l}.",
        "Ich unterstütze Unternehmen im Rheinland bei {topic}.",
    ],
    "middle": [
        "Schwerpunkte: {s1}, {s2} und {s3}.", "Stationen unter anderem bei {c1} und {c2}.",
        "Strukturiert, lösungsorientiert und gerne im Team.",
        "Zuletzt verantwortlich für {topic} bei {c1}.",
    ],
    "close": [
        "Verfügbar ab {month}.", "Freue mich über Ihre Nachricht.", "Privat: {hobby_de}.", "",
    ],
}
_ABOUT_FR = {
    "open": [
        "{title} avec {years} ans d'expérience en {topic}.",
        "Je travaille depuis {since} dans le domaine {topic}.", "{title} basé à {city}.",
    ],
    "middle": [
        "Compétences principales : {s1}, {s2} et {s3}.", "Expériences chez {c1} et {c2}.",
        "J'aime les projets concrets et les équipes motivées.",
    ],
    "close": [
        "Disponible à partir de {month}.", "N'hésitez pas à me contacter.", "",
    ],
}
_ABOUT_POOLS = {"en": _ABOUT_EN, "nl": _ABOUT_NL, "de": _ABOUT_DE, "fr": _ABOUT_FR}

_HOBBIES = [
    "cycling along the Maas", "two kids and a very loud dog", "amateur football",
    "sourdough baking", "restoring an old Vespa", "choir singing", "trail running",
    "volunteering at the local food bank", "chess", "learning Dutch the hard way",
]
_HOBBIES_NL = [
    "wielrennen", "hockeytrainer van de jeugd", "zeilen op het IJsselmeer", "koken voor vrienden",
    "vrijwilliger bij de voetbalclub",
]
_HOBBIES_DE = ["Radfahren", "Karneval", "Fußball im Verein", "Wandern in der Eifel", "Fotografie"]
_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
_REGIONS = [
    "the Benelux", "Flanders", "the Randstad", "North Rhine-Westphalia", "Brabant", "Wallonia",
]

_ONE_LINERS = [
    "{title}. {city}.", "Doing {topic} since {since}.", "{title_l} | coffee | {hobby}",
    "Mostly {topic}.", "Hier om bij te blijven.", "Ingenieur. Vater. Radfahrer.",
    "Ex-{c1}, now freelance.", "Learning every day.", "{s1} / {s2} / {s3}",
]

_COMMENTS = {
    "peer": [
        "Congrats {first}, well deserved!", "Great to see this, good luck in the new role.",
        "We ran into the same issue with {s1} last year, the fix was boring but it worked.",
        "Interesting, do you have numbers on how long the migration took?", "Gefeliciteerd!",
        "Herzlichen Glückwunsch!", "Félicitations !",
        "Agree with most of this, except the part about estimates.",
        "Thanks for sharing the slides.", "This matches what we see at {c1}.",
        "Would love to hear more about the testing approach.", "Sterk verhaal, dank je.",
    ],
    "sales": [
        "Great insights, thanks for sharing!", "Love this! 🔥", "So true 👏", "100% agree.",
        "Spot on!", "Congrats on the launch!", "Great post!", "This is gold.",
        "Couldn't agree more.", "Well said 💯",
    ],
    "recruiter": [
        "Interested? Send me a DM.", "We have a similar vacancy in {city}, happy to share.",
        "Great match, congrats {first}!", "Feel free to reach out if you are open to a new role.",
        "Stuur me gerust een bericht.", "Gerne per PN melden.",
    ],
    "ai": [
        "This is such an insightful perspective! Thank you for sharing your expertise.",
        "What a powerful reminder that growth happens outside our comfort zone.",
        "Absolutely love this! Leadership truly is about empowering others.",
        "Incredible insights! The future of work is definitely about adaptability.",
        "Thank you for sharing this valuable perspective with the community!",
        "Such an inspiring journey! Wishing you continued success.",
    ],
    "scam": [
        "Nice profile, I would like to connect with you.", "Hello dear, please check your inbox.",
        "I have sent you a message, kindly reply.",
        "Great post! Let's connect and discuss opportunities.", "Hello, how are you doing today?",
        "You have an interesting profile, can we chat?",
    ],
    "impersonator": [
        "Please check your inbox, I sent you the job details.",
        "We have remote positions available, send me your CV.",
        "Interested? Contact me on WhatsApp for details.",
        "I have sent you a message regarding a remote opportunity.",
    ],
}

_AI_BIO = {
    "open": [
        "Passionate {role} dedicated to driving meaningful change through {buzz1}.",
        "Results-driven {role} with a proven track record of delivering {buzz1} at scale.",
        "Visionary {role} on a mission to empower organizations through {buzz1}.",
        "As a {role}, I thrive at the intersection of {buzz1} and {buzz2}.",
        "Dynamic {role} committed to unlocking growth through {buzz1}.",
    ],
    "middle": [
        "With a strong background in {buzz2}, I help businesses navigate complexity "
        "and seize new opportunities.",
        "I specialize in building high-performing teams that turn bold ideas into "
        "measurable impact.",
        "My approach combines strategic thinking with hands-on execution to deliver "
        "sustainable results.",
        "Throughout my career, I have partnered with cross-functional stakeholders to "
        "transform {buzz2}.",
        "I am deeply committed to fostering a culture of innovation, collaboration and "
        "continuous learning.",
        "Leveraging {buzz1}, I have consistently exceeded targets in fast-paced environments.",
    ],
    "close": [
        "Let's connect and explore how we can create value together!",
        "Always open to connecting with like-minded professionals.",
        "Feel free to reach out, I'd love to connect!", "Let's build the future together. 🚀",
        "Excited to connect with innovators who share my passion for {buzz2}.",
    ],
}
_BUZZ = [
    "digital transformation", "data-driven insights", "customer-centric strategies",
    "operational excellence", "innovative solutions", "strategic partnerships",
    "talent acquisition", "sustainable growth", "cutting-edge technology",
    "people-first leadership", "agile methodologies", "cloud-native innovation",
]
_AI_ROLES = [
    "Talent Acquisition Specialist", "Business Development Manager", "Strategy Consultant",
    "HR Business Partner", "Marketing Director", "Project Manager", "Operations Manager",
    "Product Owner",
]

_RING_COMPANIES = [
    "Vantex Global Recruitment", "Northgate Talent Partners", "Eurolink HR Solutions",
    "Crestwave International", "Bluehaven Careers", "Atlas Prime Staffing",
    "Meridian Workforce Group",
]
_RING_BIO = [
    "We are {company}, a {adj} recruitment firm connecting talented professionals with "
    "{adj2} employers across Europe. We are currently hiring for {n} remote positions in "
    "customer support, data entry and administration. Flexible hours, weekly pay and full "
    "training provided. Send your CV by private message to apply.",
]
_RING_ADJ = [
    ("leading", "top"), ("fast-growing", "trusted"), ("global", "leading"),
    ("premier", "reputable"), ("international", "established"),
]

_SCAM_BANKS = [
    "Hollandsche Capital Partners", "Zurich Alpine Wealth", "Lux Meridian Private Bank",
    "Nordbridge Asset Management", "Sterling Crest Investments",
]
_SCAM_BIO = [
    "Certified investment advisor helping people achieve financial freedom through smart "
    "trading in forex, gold and crypto. {years} years in the market. My clients earn "
    "consistent weekly returns with low risk. Message me to learn how.",
    "I believe everyone deserves financial freedom. As a wealth manager at {bank} I guide "
    "beginners step by step into crypto and forex investment. Honest, patient, "
    "transparent. Feel free to say hello!",
    "Senior financial consultant. Helping busy professionals grow a second income from "
    "home. Proven strategy, daily signals, personal mentoring. DM me.",
]
_BOUGHT_BIO = [
    "Entrepreneur | Crypto investor | Helping people build passive income online. "
    "Ask me how I went from 9-5 to financial freedom in one year.",
    "Hiring now! Remote jobs from home, {amount} per week, no experience needed. "
    "Send me a message to get started.",
    "Digital marketing expert and NFT enthusiast. Building the future of Web3. "
    "Let's connect and grow together.",
    "Bitcoin trader since 2017. Sharing free signals with my network. DM for the group link.",
]

_BOOTCAMPS = [("Codewerk Academy", "nl"), ("ByteBridge Bootcamp", "en")]
_BOOTCAMP_BIO = (
    "Recent graduate of the {camp} {track} bootcamp ({cohort}). Before switching to tech I "
    "worked {prev} for {k} years, which taught me {lesson}. I build with {s1}, {s2} and "
    "{s3}, and I am looking for my first role as a {role} in {city}. Let's connect!"
)
_BOOTCAMP_TRACKS = {
    "Full Stack": (
        "junior developer",
        ["JavaScript", "React", "Node.js", "SQL", "Git", "TypeScript", "HTML/CSS", "Express"],
    ),
    "Data Analytics": (
        "junior data analyst",
        ["Python", "SQL", "Power BI", "pandas", "Excel", "Tableau", "Statistics"],
    ),
}
_BOOTCAMP_PREV = [
    ("in hospitality", "to stay calm under pressure"),
    ("as a teacher", "to explain complex things simply"),
    ("in logistics", "how much good data matters"), ("as a nurse", "to pay attention to detail"),
    ("in retail", "to listen to what customers actually need"),
    ("as a musician", "discipline and patience"),
]

_GHOST_AGENCIES = [
    "{name} is a {role} with more than {years} years of experience leading {area} "
    "organisations through growth and change. Known for {trait}, {first} has built teams "
    "across {region} and served on the board of {c1}. Today, {first} leads {company}, "
    "where {first} focuses on {focus}. {first} speaks regularly about leadership and "
    "{topic2}.",
    "As {role} of {company}, {name} combines {years} years of international {area} "
    "experience with a hands-on leadership style. {first} is recognised for {trait} and "
    "for a strong commitment to {focus}. Before joining {company}, {first} held senior "
    "positions at {c1}.",
]
_GHOST_ROLES = [
    "CEO", "Managing Director", "COO", "Chief People Officer", "CFO", "Country Manager Benelux",
]
_GHOST_TRAITS = [
    "a pragmatic, people-first approach", "turning around underperforming units",
    "building long-term client partnerships", "a clear, data-informed vision",
]
_GHOST_FOCUS = [
    "sustainable growth and talent development", "digital transformation in logistics",
    "diversity and inclusion in technical professions", "operational excellence in manufacturing",
]

_SALES_HEADLINES = [
    "🚀 Helping {industry} teams close more deals | {company}",
    "Account Executive @ {company} | Let's talk {industry} 💬",
    "SDR @ {company} | Booking meetings that matter 📅",
    "Sales Manager DACH & Benelux | {company} | #growth",
    "Helping {industry} leaders save 10+ hours a week ⏱️ | {company}",
]
_SALES_ABOUT = [
    "I help {industry} companies {benefit}. {k}+ years in B2B sales, {quota}% of quota last "
    "year. If you're tired of {pain}, let's talk. 📩",
    "Sales is about listening. At {company} I work with {industry} teams on {benefit}. "
    "Outside work: {hobby}. Always up for a virtual coffee ☕",
    "B2B SaaS seller. Former {prev}. I write about prospecting, cold calling and {pain}. "
    "Follow for weekly tips. 🚀",
    "Ik help {industry} bedrijven met {benefit}. Al {k} jaar in sales. Koffie? ☕",
    "Ich unterstütze Unternehmen aus der {industry}-Branche dabei, {benefit_de}. "
    "Lassen Sie uns sprechen!",
]
_SALES_COMPANIES = [
    "Fleetwise", "Stockpilot", "Payrollio", "Hirebase", "Routeloop", "Docusure", "Plantly CRM",
    "Shiftly",
]
_INDUSTRIES = ["logistics", "HR", "manufacturing", "retail", "construction", "fintech"]
_BENEFITS = [
    "cut admin time in half", "plan routes without spreadsheets",
    "hire faster with less agency spend", "keep stock levels under control",
]
_PAINS = ["endless spreadsheets", "chasing invoices", "no-show candidates", "manual planning"]

_OWNER_TITLE = {"nl": "Eigenaar", "de": "Inhaber", "fr": "Gérant", "en": "Owner"}
_DOMAIN_LABEL = {
    "sap": "SAP",
    "java": "Java and backend",
    "cloud": "cloud and DevOps",
    "data": "data and BI",
    "engineering": "engineering",
    "finance": "finance",
    "logistics": "supply chain",
}
_RECRUITER_TITLES = [
    "Recruiter", "Senior Recruiter", "IT Recruiter", "Recruitment Consultant",
    "Talent Acquisition Consultant", "Intercedent", "Personalberater",
    "Consultante en recrutement", "Sourcer", "Account Manager Staffing",
]

_STOCK_SCENES = ["skyline", "mountain", "desk", "abstract", "handshake", "sea"]
# fmt: on


# --------------------------------------------------------------------------- photos

_SKIN = [
    (255, 224, 196),
    (241, 194, 160),
    (224, 172, 130),
    (198, 134, 90),
    (160, 102, 66),
    (112, 72, 48),
    (86, 56, 40),
]
_HAIR = [
    (20, 16, 14),
    (60, 40, 25),
    (110, 74, 40),
    (170, 130, 80),
    (220, 190, 130),
    (130, 130, 130),
    (200, 200, 200),
    (150, 60, 30),
]
_CLOTHES = [
    (30, 40, 70),
    (20, 20, 25),
    (200, 200, 205),
    (90, 110, 140),
    (140, 30, 40),
    (60, 90, 60),
    (240, 240, 240),
    (110, 80, 60),
    (70, 70, 80),
]


@dataclass
class _Face:
    """The drawing parameters of one person: the same person gives the same face."""

    skin: tuple[int, int, int]
    hair: tuple[int, int, int]
    clothes: tuple[int, int, int]
    hair_style: int
    head_w: int
    head_h: int
    eye_gap: int
    glasses: bool
    beard: bool
    collar: bool

    @classmethod
    def make(cls, rng: random.Random) -> _Face:
        """A random person."""
        return cls(
            skin=rng.choice(_SKIN),
            hair=rng.choice(_HAIR),
            clothes=rng.choice(_CLOTHES),
            hair_style=rng.randrange(5),
            head_w=rng.randint(62, 80),
            head_h=rng.randint(84, 102),
            eye_gap=rng.randint(22, 30),
            glasses=rng.random() < 0.25,
            beard=rng.random() < 0.15,
            collar=rng.random() < 0.5,
        )


@dataclass
class _Backdrop:
    """What stands behind a person: a plain wall, a gradient, an office or bokeh."""

    style: str
    colors: list[tuple[int, int, int]] = field(default_factory=list)
    spots: list[tuple[int, int, int, tuple[int, int, int]]] = field(default_factory=list)

    @classmethod
    def make(cls, rng: random.Random, style: str | None = None) -> _Backdrop:
        """A random backdrop (``style`` plain, gradient, office or bokeh)."""
        chosen = style or rng.choice(["plain", "gradient", "office", "office", "gradient"])

        def color(lo: int, hi: int) -> tuple[int, int, int]:
            return (rng.randint(lo, hi), rng.randint(lo, hi), rng.randint(lo, hi))

        colors = [color(90, 235), color(60, 220)]
        spots = [
            (rng.randint(0, 255), rng.randint(0, 200), rng.randint(10, 60), color(60, 250))
            for _ in range(rng.randint(4, 9) if chosen in ("office", "bokeh") else 0)
        ]
        return cls(chosen, colors, spots)


_SIZE = 256


def _draw_backdrop(backdrop: _Backdrop) -> Image.Image:
    top, bottom = backdrop.colors
    if backdrop.style == "plain":
        return Image.new("RGB", (_SIZE, _SIZE), top)
    ramp = np.linspace(0.0, 1.0, _SIZE)[:, None, None]
    pixels = (1 - ramp) * np.array(top) + ramp * np.array(bottom)
    img = Image.fromarray(np.repeat(pixels, _SIZE, axis=1).astype(np.uint8), "RGB")
    if backdrop.spots:
        draw = ImageDraw.Draw(img)
        for x, y, r, color in backdrop.spots:
            if backdrop.style == "office":
                draw.rectangle([x - r, y - 2 * r, x + r, y + r], fill=color)
            else:
                draw.ellipse([x - r, y - r, x + r, y + r], fill=color)
        img = img.filter(ImageFilter.GaussianBlur(6 if backdrop.style == "bokeh" else 4))
    return img


def _draw_person(img: Image.Image, face: _Face, cx: int, cy: int, scale: float = 1.0) -> None:
    draw = ImageDraw.Draw(img)

    def s(v: float) -> int:
        return round(v * scale)

    hw, hh = s(face.head_w) // 2, s(face.head_h) // 2
    shade = tuple(max(0, c - 25) for c in face.skin)
    if face.hair_style == 3:  # long hair falls behind the shoulders
        draw.rectangle(
            [cx - hw - s(10), cy - hh + s(10), cx + hw + s(10), cy + hh + s(45)], fill=face.hair
        )
    draw.ellipse([cx - s(115), cy + hh + s(20), cx + s(115), cy + hh + s(170)], fill=face.clothes)
    draw.rectangle([cx - s(16), cy + hh - s(12), cx + s(16), cy + hh + s(32)], fill=shade)
    if face.collar:
        draw.polygon(
            [(cx - s(22), cy + hh + s(24)), (cx, cy + hh + s(55)), (cx + s(22), cy + hh + s(24))],
            fill=(235, 235, 235),
        )
    draw.ellipse([cx - hw - s(7), cy - s(8), cx - hw + s(7), cy + s(14)], fill=shade)
    draw.ellipse([cx + hw - s(7), cy - s(8), cx + hw + s(7), cy + s(14)], fill=shade)
    draw.ellipse([cx - hw, cy - hh, cx + hw, cy + hh], fill=face.skin)
    if face.hair_style in (0, 3):
        draw.chord(
            [cx - hw - s(3), cy - hh - s(6), cx + hw + s(3), cy + s(5)], 180, 360, fill=face.hair
        )
    elif face.hair_style == 1:  # short, parted
        draw.chord([cx - hw, cy - hh - s(2), cx + hw, cy - s(10)], 180, 360, fill=face.hair)
    elif face.hair_style == 2:  # bun
        draw.chord([cx - hw, cy - hh, cx + hw, cy - s(5)], 180, 360, fill=face.hair)
        draw.ellipse([cx - s(18), cy - hh - s(26), cx + s(18), cy - hh + s(6)], fill=face.hair)
    # hair_style 4: bald or shaved
    eye_y = cy - s(6)
    gap = s(face.eye_gap) // 2 + s(4)
    for ex in (cx - gap, cx + gap):
        draw.ellipse([ex - s(8), eye_y - s(4), ex + s(8), eye_y + s(4)], fill=(250, 250, 250))
        draw.ellipse([ex - s(4), eye_y - s(4), ex + s(4), eye_y + s(4)], fill=(45, 35, 30))
        draw.line(
            [ex - s(10), eye_y - s(12), ex + s(9), eye_y - s(13)],
            fill=face.hair,
            width=max(1, s(3)),
        )
        if face.glasses:
            draw.rectangle(
                [ex - s(12), eye_y - s(8), ex + s(12), eye_y + s(8)],
                outline=(30, 30, 30),
                width=max(1, s(2)),
            )
    draw.line(
        [cx, eye_y + s(4), cx - s(4), cy + s(20), cx + s(2), cy + s(22)],
        fill=shade,
        width=max(1, s(2)),
    )
    if face.beard:
        draw.chord(
            [cx - hw + s(4), cy + s(5), cx + hw - s(4), cy + hh + s(4)], 0, 180, fill=face.hair
        )
    draw.arc(
        [cx - s(14), cy + s(24), cx + s(14), cy + s(40)],
        10,
        170,
        fill=(150, 60, 60),
        width=max(1, s(3)),
    )


def _portrait(rng: random.Random, face: _Face, backdrop: _Backdrop, style: str) -> Image.Image:
    """A head-and-shoulders picture; ``style`` camera, generated or old."""
    img = _draw_backdrop(backdrop)
    if style == "generated":  # centred and symmetric, as face generators frame them
        cx, cy = _SIZE // 2, 104
    else:
        cx, cy = _SIZE // 2 + rng.randint(-22, 22), 104 + rng.randint(-14, 18)
    _draw_person(img, face, cx, cy, 1.0 if style == "generated" else rng.uniform(0.9, 1.15))
    if style == "generated":
        img = img.filter(ImageFilter.SMOOTH_MORE)
        return img.resize((512, 512), Image.Resampling.BICUBIC)
    np_rng = np.random.default_rng(rng.getrandbits(32))
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.2)))
    pixels = np.asarray(img, dtype=np.float32)
    pixels += np_rng.normal(0.0, rng.uniform(2.0, 7.0), pixels.shape)
    pixels *= rng.uniform(0.85, 1.12)
    img = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
    if style == "old":
        small = rng.randint(72, 110)
        img = img.resize((small, small), Image.Resampling.BILINEAR)
        img = ImageOps.grayscale(img).convert("RGB") if rng.random() < 0.4 else img
        return img.resize((small * 2, small * 2), Image.Resampling.BILINEAR)
    size = rng.randint(180, 420)
    return img.resize((size, size), Image.Resampling.LANCZOS)


def _logo(rng: random.Random) -> Image.Image:
    """A company logo: a coloured field with a geometric mark."""
    bg = rng.choice([(255, 255, 255), (20, 40, 90), (230, 90, 30), (0, 120, 110)])
    mark = rng.choice([(240, 180, 0), (255, 255, 255), (200, 30, 60), (40, 40, 40)])
    img = Image.new("RGB", (300, 300), bg)
    draw = ImageDraw.Draw(img)
    shape = rng.randrange(4)
    if shape == 0:
        draw.ellipse([70, 70, 230, 230], outline=mark, width=22)
    elif shape == 1:
        draw.polygon([(150, 55), (245, 235), (55, 235)], fill=mark)
    elif shape == 2:
        for i in range(3):
            draw.rectangle([70 + 55 * i, 230 - 50 * (i + 1), 110 + 55 * i, 230], fill=mark)
    else:
        draw.rounded_rectangle([60, 100, 240, 200], radius=40, fill=mark)
        draw.ellipse([125, 125, 175, 175], fill=bg)
    return img


def _stock(rng: random.Random, scene: str) -> Image.Image:
    """A stock picture members use instead of a face."""
    w, h = 400, 400
    img = _draw_backdrop(_Backdrop("gradient", [(70, 130, 200), (250, 200, 150)]))
    img = img.resize((w, h))
    draw = ImageDraw.Draw(img)
    if scene == "skyline":
        x = 0
        while x < w:
            bw, bh = rng.randint(25, 60), rng.randint(80, 280)
            draw.rectangle([x, h - bh, x + bw, h], fill=(30, 35, 50))
            x += bw + rng.randint(2, 8)
    elif scene == "mountain":
        draw.ellipse([260, 60, 330, 130], fill=(255, 230, 120))
        draw.polygon([(0, 400), (140, 150), (280, 400)], fill=(60, 70, 90))
        draw.polygon([(150, 400), (300, 190), (400, 320), (400, 400)], fill=(80, 90, 110))
    elif scene == "desk":
        draw.rectangle([0, 260, 400, 400], fill=(140, 100, 70))
        draw.rectangle([110, 150, 290, 265], fill=(40, 40, 45))
        draw.rectangle([120, 160, 280, 255], fill=(120, 170, 220))
        draw.ellipse([310, 220, 350, 262], fill=(250, 250, 250))
    elif scene == "handshake":
        draw.rectangle([0, 0, 400, 400], fill=(220, 225, 230))
        draw.ellipse([60, 160, 230, 250], fill=(224, 172, 130))
        draw.ellipse([170, 170, 340, 260], fill=(198, 134, 90))
        draw.rectangle([0, 170, 80, 240], fill=(30, 40, 70))
        draw.rectangle([320, 180, 400, 250], fill=(60, 60, 70))
    elif scene == "sea":
        draw.rectangle([0, 230, 400, 400], fill=(30, 90, 150))
        for y in range(240, 400, 18):
            draw.line([0, y, 400, y + 6], fill=(200, 220, 240), width=2)
    else:
        for _ in range(12):
            x, y, r = rng.randint(0, 400), rng.randint(0, 400), rng.randint(20, 90)
            draw.ellipse(
                [x - r, y - r, x + r, y + r],
                fill=(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)),
            )
    return img.filter(ImageFilter.GaussianBlur(0.8))


def _load(path: str) -> Image.Image:
    """A member's published photo, as a copier downloads it."""
    with Image.open(path) as img:
        return img.convert("RGB")


def _copier_edit(img: Image.Image, rng: random.Random, *, mirror_p: float = 0.5) -> Image.Image:
    """What a copier does to a downloaded photo: crop, mirror, brightness, resize."""
    w, h = img.size
    left, top = (round(w * rng.uniform(0.02, 0.08)), round(h * rng.uniform(0.02, 0.08)))
    right, bottom = (round(w * rng.uniform(0.02, 0.08)), round(h * rng.uniform(0.02, 0.08)))
    img = img.crop((left, top, w - right, h - bottom))
    if rng.random() < mirror_p:
        img = ImageOps.mirror(img)
    img = ImageEnhance.Brightness(img).enhance(rng.uniform(0.85, 1.15))
    if rng.random() < 0.5:
        img = ImageEnhance.Contrast(img).enhance(rng.uniform(0.9, 1.1))
    size = rng.randint(200, 400)
    return img.resize((size, round(size * img.size[1] / img.size[0])), Image.Resampling.LANCZOS)


# --------------------------------------------------------------------------- helpers


def _allocate(total: int, mix: dict[str, float]) -> dict[str, int]:
    """Split ``total`` over ``mix`` by largest remainders (exact, deterministic)."""
    raw = {k: total * v for k, v in mix.items()}
    counts = {k: math.floor(r) for k, r in raw.items()}
    rest = total - sum(counts.values())
    for k in sorted(raw, key=lambda k: (counts[k] - raw[k], k))[:rest]:
        counts[k] += 1
    return counts


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _days_ago(rng: random.Random, lo: int, hi: int) -> dt.date:
    return REFERENCE - dt.timedelta(days=rng.randint(lo, hi))


def _pick_lang(rng: random.Random) -> str:
    return rng.choices(list(_LANG_WEIGHTS), weights=list(_LANG_WEIGHTS.values()))[0]


def _sample(rng: random.Random, items: Sequence[str], k: int) -> list[str]:
    return rng.sample(list(items), min(k, len(items)))


def _username(rng: random.Random, name: str) -> str:
    simple = name.lower().replace("'", "").replace(" ", "-")
    for a, b in (
        ("ü", "u"),
        ("ö", "o"),
        ("é", "e"),
        ("ç", "c"),
        ("ı", "i"),
        ("ś", "s"),
        ("í", "i"),
        ("è", "e"),
        ("ł", "l"),
    ):
        simple = simple.replace(a, b)
    style = rng.random()
    if style < 0.5:
        return simple
    if style < 0.8:
        return f"{simple}-{rng.randint(1, 999)}"
    return f"{simple}-{rng.getrandbits(28):07x}"


@dataclass
class _Person:
    """The facts of one invented person, before they become a profile."""

    lang: str
    first: str
    last: str
    city: str
    domain: str
    face: _Face

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def _person(rng: random.Random, lang: str | None = None) -> _Person:
    chosen = lang or _pick_lang(rng)
    firsts, lasts = _NAMES[chosen]
    # a quarter of members carry a name from another group (migration, marriage)
    if rng.random() < 0.25:
        lasts = _NAMES[rng.choice(list(_NAMES))][1]
    return _Person(
        lang=chosen,
        first=rng.choice(firsts),
        last=rng.choice(lasts),
        city=rng.choice(_LOCATIONS[chosen]),
        domain=rng.choice(list(_DOMAINS)),
        face=_Face.make(rng),
    )


def _slots(rng: random.Random, person: _Person, years: int) -> dict[str, str]:
    domain = _DOMAINS[person.domain]
    title = rng.choice(domain["titles"])
    s1, s2, s3 = _sample(rng, domain["skills"], 3)
    c1, c2 = _sample(rng, _CLIENTS, 2)
    other = [lang for lang in ("Dutch", "German", "French") if lang[:1].lower() != person.lang]
    return {
        "title": title,
        "title_l": title[0].lower() + title[1:] if title[1:2].islower() else title,
        "years": str(years),
        "topic": rng.choice(domain["topic"]),
        "city": person.city.split(",")[0],
        "home": rng.choice(
            ["Izmir", "Pune", "Kraków", "Porto", "Lagos", "Casablanca", "Maastricht", "Trier"]
        ),
        "since": str(REFERENCE.year - rng.randint(1, max(1, years))),
        "region": rng.choice(_REGIONS),
        "s1": s1,
        "s2": s2,
        "s3": s3,
        "c1": c1,
        "c2": c2,
        "k": str(rng.randint(2, 9)),
        "lang2": other[0],
        "lang3": other[-1],
        "hobby": rng.choice(_HOBBIES),
        "hobby_nl": rng.choice(_HOBBIES_NL),
        "hobby_de": rng.choice(_HOBBIES_DE),
        "month": rng.choice(_MONTHS),
        "first": person.first,
    }


def _about(rng: random.Random, person: _Person, years: int, lang: str | None = None) -> str:
    """A genuine member's own about text, from the pools of their language."""
    pool = _ABOUT_POOLS[lang or person.lang]
    slots = _slots(rng, person, years)
    parts = [rng.choice(pool["open"])]
    parts += _sample(rng, pool["middle"], rng.randint(1, 3))
    parts.append(rng.choice(pool["close"]))
    return " ".join(p.format(**slots) for p in parts if p).strip()


def _one_liner(rng: random.Random, person: _Person, years: int) -> str:
    return rng.choice(_ONE_LINERS).format(**_slots(rng, person, years))


def _experience(
    rng: random.Random,
    person: _Person,
    *,
    years: int,
    jobs: int,
    current: bool = True,
    ended_before: dt.date = REFERENCE,
    freelance: bool = False,
    described: float = 0.5,
    employers: Sequence[str] = _CLIENTS,
    first_title: str | None = None,
    first_company: str | None = None,
    titles: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Positions, most recent first, spread over ``years`` years of career."""
    domain = _DOMAINS[person.domain]
    out: list[dict[str, Any]] = []
    end = ended_before
    career_start = ended_before - dt.timedelta(days=365 * years)
    for i in range(jobs):
        length = rng.randint(60, 400) if freelance else rng.randint(200, 1800)
        start = max(career_start, end - dt.timedelta(days=length))
        if start >= end:
            break
        title = first_title if (i == 0 and first_title) else rng.choice(titles or domain["titles"])
        company = first_company if (i == 0 and first_company) else rng.choice(list(employers))
        job: dict[str, Any] = {"title": title, "company": company, "start": _month(start)}
        if i == 0 and current:
            job["end"] = None
        else:
            job["end"] = _month(end)
        if freelance:
            job["full_time"] = False
        elif rng.random() < 0.7:
            job["full_time"] = True
        if rng.random() < described:
            job["description"] = (
                f"{_upper_first(rng.choice(domain['topic']))}: "
                f"{', '.join(_sample(rng, domain['skills'], rng.randint(2, 4)))}."
            )
        if rng.random() < 0.3:
            job["location"] = person.city
        out.append(job)
        # freelancers overlap contracts; employees leave a small gap
        shift = rng.randint(-40, 30) if freelance else rng.randint(0, 120)
        end = start - dt.timedelta(days=shift)
        if end <= career_start:
            break
    for job in out:  # a month string compares like a date
        if job["end"] is not None and job["end"] < job["start"]:
            job["end"] = job["start"]
    return out


def _education(
    rng: random.Random, person: _Person, *, finished: int, dated: float = 0.8
) -> list[dict[str, Any]]:
    school: dict[str, Any] = {"school": rng.choice(_SCHOOLS[person.lang])}
    if rng.random() < 0.85:
        school["degree"] = rng.choice(_DEGREES)
    if rng.random() < 0.7:
        school["field"] = rng.choice(
            [
                "Computer Science",
                "Business Administration",
                "Mechanical Engineering",
                "Economics",
                "Logistics",
                "Psychology",
                "Informatica",
                "Wirtschaftsinformatik",
                "Droit",
                "Communication",
            ]
        )
    if rng.random() < dated:
        school["start"] = str(finished - rng.randint(2, 5))
        school["end"] = str(finished)
    out = [school]
    if rng.random() < 0.2:
        out.append(
            {
                "school": rng.choice(_SCHOOLS[person.lang]),
                "degree": rng.choice(["Certificate", "Postgraduate", "Course"]),
            }
        )
    return out


def _activity(
    rng: random.Random,
    person: _Person,
    *,
    likes: tuple[int, int],
    comments: tuple[int, int] = (0, 0),
    shares: tuple[int, int] = (0, 0),
    swc: tuple[int, int] = (0, 0),
    posts: tuple[int, int] = (0, 0),
    articles: tuple[int, int] = (0, 0),
    voice: str = "peer",
) -> dict[str, Any]:
    """90-day totals and up to the last five comment texts."""
    counts = {
        "likes": rng.randint(*likes),
        "comments": rng.randint(*comments),
        "shares": rng.randint(*shares),
        "shares_with_comment": rng.randint(*swc),
        "posts": rng.randint(*posts),
        "articles": rng.randint(*articles),
    }
    out: dict[str, Any] = {"window_days": 90, **counts}
    if counts["comments"]:
        slots = _slots(rng, person, 5)
        texts = [rng.choice(_COMMENTS[voice]) for _ in range(min(5, counts["comments"]))]
        out["comment_texts"] = [t.format(**slots) for t in texts]
    return out


def _follow_counts(
    rng: random.Random,
    connections: int,
    extra_followers: tuple[int, int],
    extra_following: tuple[int, int],
) -> dict[str, int]:
    return {
        "connections": connections,
        "followers": connections + rng.randint(*extra_followers),
        "following": connections + rng.randint(*extra_following),
    }


# --------------------------------------------------------------------------- the generator


@dataclass
class _Builder:
    """Shared state while one population is generated."""

    rng: random.Random
    photo_dir: Path
    ids: list[str]
    profiles: list[_Record] = field(default_factory=list)
    people: dict[str, _Person] = field(default_factory=dict)
    by_kind: dict[str, list[_Record]] = field(default_factory=dict)
    logos: dict[str, Image.Image] = field(default_factory=dict)
    stock: dict[str, Image.Image] = field(default_factory=dict)
    backdrops: dict[str, _Backdrop] = field(default_factory=dict)

    def new_id(self) -> str:
        return self.ids.pop()

    def save(self, pid: str, img: Image.Image, quality: int | None = None) -> str:
        path = self.photo_dir / f"{pid}.jpg"
        q = quality if quality is not None else self.rng.randint(78, 93)
        img.convert("RGB").save(path, "JPEG", quality=q)
        return str(path.resolve())

    def logo(self, key: str) -> Image.Image:
        if key not in self.logos:
            self.logos[key] = _logo(self.rng)
        return self.logos[key]

    def stock_photo(self, scene: str) -> Image.Image:
        if scene not in self.stock:
            self.stock[scene] = _stock(self.rng, scene)
        return self.stock[scene]

    def add(
        self,
        profile: _Record,
        person: _Person | None,
        kind: str,
        label: str,
        copied_from: str | None = None,
        **meta: Any,
    ) -> _Record:
        profile["meta"] = {"label": label, "kind": kind, "copied_from": copied_from, **meta}
        self.profiles.append(profile)
        self.by_kind.setdefault(kind, []).append(profile)
        if person is not None:
            self.people[profile["id"]] = person
        return profile

    def set_photo(
        self,
        profile: _Record,
        img: Image.Image | None,
        *,
        hidden_p: float = 0.18,
        quality: int | None = None,
    ) -> None:
        """A photo file, a photo visible to connections only, or none."""
        if img is None:
            profile["has_photo"] = False
        elif self.rng.random() < hidden_p:
            profile["has_photo"] = True
        else:
            profile["has_photo"] = True
            profile["photo"] = self.save(profile["id"], img, quality)

    def maybe_hide_activity(self, profile: _Record, p: float = 0.12) -> None:
        if self.rng.random() < p:
            profile.pop("activity", None)


def _base(b: _Builder, person: _Person, created: dt.date, headline: str | None) -> _Record:
    rng = b.rng
    profile: _Record = {
        "id": b.new_id(),
        "name": person.name,
        "username": _username(rng, person.name),
        "created_at": created.isoformat(),
    }
    if rng.random() < 0.95:
        profile["location"] = person.city
    if headline:
        profile["headline"] = headline
    return profile


def _camera(b: _Builder, person: _Person, style: str = "camera") -> Image.Image:
    return _portrait(b.rng, person.face, _Backdrop.make(b.rng), style)


def _gen_recruiter(b: _Builder) -> None:
    rng = b.rng
    agency, alang, blurb = rng.choice(_AGENCIES)
    person = _person(rng, alang if rng.random() < 0.7 else None)
    years = rng.randint(1, 12)
    created = _days_ago(rng, 60, 365 * 9)
    title = rng.choice(_RECRUITER_TITLES[:8])
    label = _DOMAIN_LABEL[person.domain]
    p = _base(b, person, created, f"{title} at {agency} | {label} | We're hiring!")
    personal = rng.choice(
        [
            f"Recruiter for {_DOMAIN_LABEL[person.domain]} roles.",
            f"Ik help {person.domain}-professionals aan hun volgende stap.",
            f"Your contact for {person.domain} vacancies in {person.city.split(',')[0]}.",
            f"{years} years in recruitment, {person.domain} specialist.",
            "",
        ]
    )
    p["about"] = (personal + " " + blurb).strip()
    p["experience"] = _experience(
        rng,
        person,
        years=years,
        jobs=rng.randint(1, 4),
        first_title=title,
        first_company=agency,
        employers=[a[0] for a in _AGENCIES] + _CLIENTS[:4],
        titles=_RECRUITER_TITLES,
        described=0.3,
    )
    p["education"] = _education(rng, person, finished=REFERENCE.year - years - rng.randint(0, 3))
    p["skills"] = [
        "Recruitment",
        "Sourcing",
        "Interviewing",
        "Boolean search",
        *(_sample(rng, _DOMAINS[person.domain]["skills"], rng.randint(1, 4))),
    ]
    conns = min(30000, int(rng.lognormvariate(math.log(3500), 0.8)))
    p.update(_follow_counts(rng, conns, (50, 4000), (200, 8000)))
    p["activity"] = _activity(
        rng,
        person,
        likes=(30, 400),
        comments=(0, 25),
        shares=(10, 120),
        swc=(0, 20),
        posts=(5, 60),
        voice="recruiter",
    )
    b.maybe_hide_activity(p)
    img = b.logo(agency) if rng.random() < 0.15 else _camera(b, person)
    b.set_photo(p, img)
    b.add(p, person, "recruiter", "genuine", agency=agency)


def _gen_sales(b: _Builder) -> None:
    rng = b.rng
    person = _person(rng)
    company = rng.choice(_SALES_COMPANIES)
    industry = rng.choice(_INDUSTRIES)
    years = rng.randint(1, 10)
    slots = {
        "industry": industry,
        "company": company,
        "benefit": rng.choice(_BENEFITS),
        "benefit_de": "Zeit und Kosten zu sparen",
        "pain": rng.choice(_PAINS),
        "k": str(years),
        "quota": str(rng.randint(85, 160)),
        "hobby": rng.choice(_HOBBIES),
        "prev": rng.choice(["teacher", "bartender", "recruiter", "athlete"]),
    }
    p = _base(b, person, _days_ago(rng, 30, 365 * 8), rng.choice(_SALES_HEADLINES).format(**slots))
    if rng.random() < 0.85:
        p["about"] = rng.choice(_SALES_ABOUT).format(**slots)
    p["experience"] = _experience(
        rng,
        person,
        years=years,
        jobs=rng.randint(1, 4),
        first_title=rng.choice(
            ["Account Executive", "SDR", "Sales Manager", "BDR", "Key Account Manager"]
        ),
        first_company=company,
        described=0.3,
        employers=_SALES_COMPANIES + _CLIENTS,
    )
    if rng.random() < 0.85:
        p["education"] = _education(rng, person, finished=REFERENCE.year - years)
    p["skills"] = _sample(
        rng,
        [
            "Sales",
            "Cold calling",
            "Negotiation",
            "HubSpot",
            "Salesforce",
            "Prospecting",
            "SaaS",
            "Account management",
            "Social selling",
            "Lead generation",
        ],
        rng.randint(3, 8),
    )
    conns = min(30000, int(rng.lognormvariate(math.log(2200), 0.7)))
    p.update(_follow_counts(rng, conns, (0, 3000), (300, 6000)))
    p["activity"] = _activity(
        rng,
        person,
        likes=(150, 1500),
        comments=(20, 200),
        shares=(0, 20),
        swc=(0, 15),
        posts=(2, 40),
        voice="sales",
    )
    b.maybe_hide_activity(p)
    b.set_photo(p, _camera(b, person) if rng.random() < 0.97 else None)
    b.add(p, person, "sales", "genuine")


def _gen_freelancer(b: _Builder) -> None:
    rng = b.rng
    person = _person(rng)
    domain = _DOMAINS[person.domain]
    years = rng.randint(3, 28)
    title = rng.choice(domain["titles"])
    available = rng.choice(_MONTHS)
    head = rng.choice(
        [
            f"Freelance {title} | available from {available}",
            f"Zelfstandig {title} | ZZP | {', '.join(_sample(rng, domain['skills'], 3))}",
            f"Freiberuflicher {title} | {', '.join(_sample(rng, domain['skills'], 2))}",
            f"Independent {title}",
            f"{title} (freelance) - {' - '.join(_sample(rng, domain['skills'], 4))}",
        ]
    )
    p = _base(b, person, _days_ago(rng, 200, 365 * 16), head)
    style = rng.random()
    if style < 0.35:
        p["about"] = (
            f"{title}. "
            + ", ".join(_sample(rng, domain["skills"], 8))
            + ". "
            + f"{years}+ years. Available from {available}. Remote or on site in "
            + f"{rng.choice(_REGIONS)}."
        )
    elif style < 0.8:
        p["about"] = _about(rng, person, years)
    elif style < 0.92:
        p["about"] = _one_liner(rng, person, years)
    p["experience"] = _experience(
        rng, person, years=years, jobs=rng.randint(3, 12), freelance=True, described=0.6
    )
    if rng.random() < 0.3:  # the employed years before going freelance
        p["experience"] += _experience(
            rng,
            person,
            years=6,
            jobs=rng.randint(1, 2),
            current=False,
            ended_before=dt.date(REFERENCE.year - years, 6, 1),
            described=0.2,
        )
    p["skills"] = _sample(rng, domain["skills"], rng.randint(5, 11))
    conns = int(rng.lognormvariate(math.log(450), 0.8))
    p.update(_follow_counts(rng, conns, (0, 300), (0, 200)))
    p["activity"] = _activity(
        rng,
        person,
        likes=(0, 60),
        comments=(0, 8),
        shares=(0, 5),
        swc=(0, 3),
        posts=(0, 4),
        articles=(0, 1),
    )
    b.maybe_hide_activity(p)
    img: Image.Image | None = _camera(b, person) if rng.random() < 0.88 else None
    if img is not None and rng.random() < 0.06:
        img = b.stock_photo(rng.choice(_STOCK_SCENES))
    b.set_photo(p, img)
    b.add(p, person, "freelancer", "genuine")


def _gen_candidate(b: _Builder) -> None:
    rng = b.rng
    person = _person(rng)
    domain = _DOMAINS[person.domain]
    years = rng.randint(0, 15)
    title = rng.choice(domain["titles"])
    head = rng.choice(
        [
            f"Open to work | {title}",
            f"#OpenToWork {title}",
            f"{title}",
            f"Op zoek naar een nieuwe uitdaging als {title}",
            f"Auf der Suche nach einer Stelle als {title}",
            "Student",
            None,
        ]
    )
    created = _days_ago(rng, 0, 180) if rng.random() < 0.8 else _days_ago(rng, 180, 900)
    p = _base(b, person, created, head)
    funnel = rng.random() < 0.4  # imported from the job-advert funnel: fewer fields
    if rng.random() < 0.15:
        p["about"] = _one_liner(rng, person, max(1, years))
    jobs = rng.randint(0, 3)
    p["experience"] = (
        _experience(
            rng,
            person,
            years=max(1, years),
            jobs=jobs,
            current=rng.random() < 0.5,
            described=0.2,
            ended_before=_days_ago(rng, 0, 300),
        )
        if jobs
        else []
    )
    p["education"] = _education(rng, person, finished=REFERENCE.year - years)
    if not funnel:
        p["skills"] = _sample(rng, domain["skills"], rng.randint(0, 5))
        conns = rng.randint(0, 60)
        p.update(_follow_counts(rng, conns, (0, 5), (0, 30)))
        p["activity"] = _activity(rng, person, likes=(0, 6))
    b.set_photo(p, _camera(b, person) if rng.random() < 0.4 else None, hidden_p=0.1)
    b.add(p, person, "candidate", "genuine", funnel=funnel)


def _gen_dormant(b: _Builder) -> None:
    rng = b.rng
    person = _person(rng)
    created = dt.date(rng.randint(2004, 2013), rng.randint(1, 12), rng.randint(1, 28))
    left = created + dt.timedelta(days=rng.randint(30, 900))
    years = rng.randint(2, 20)
    p = _base(
        b,
        person,
        created,
        rng.choice(
            [
                f"{rng.choice(_DOMAINS[person.domain]['titles'])} at {rng.choice(_CLIENTS)}",
                "Experienced professional",
                None,
            ]
        ),
    )
    if rng.random() < 0.25:
        p["about"] = rng.choice(
            [
                "Experienced professional. Open to new opportunities.",
                "Looking for new challenges.",
                _one_liner(rng, person, years),
            ]
        )
    p["experience"] = _experience(
        rng,
        person,
        years=years,
        jobs=rng.randint(1, 3),
        ended_before=left,
        current=rng.random() < 0.6,
        described=0.2,
    )
    if rng.random() < 0.7:
        p["education"] = _education(rng, person, finished=left.year - years, dated=0.5)
    if rng.random() < 0.5:
        p["skills"] = _sample(rng, _DOMAINS[person.domain]["skills"], rng.randint(1, 6))
    conns = rng.randint(5, 600)
    p["connections"] = conns
    p["following"] = conns + rng.randint(0, 20)
    p["activity"] = _activity(rng, person, likes=(0, 0))
    b.maybe_hide_activity(p)
    b.set_photo(p, _camera(b, person, "old") if rng.random() < 0.5 else None, quality=55)
    b.add(p, person, "dormant", "genuine")


def _gen_client_manager(b: _Builder) -> None:
    rng = b.rng
    person = _person(rng)
    years = rng.randint(8, 30)
    company = rng.choice(_CLIENTS)
    role = rng.choice(
        [
            "Head of IT",
            "Engineering Manager",
            "Plant Manager",
            "Finance Director",
            "Teamleider Logistiek",
            "Abteilungsleiter Technik",
            "Directeur financier",
            "HR Manager",
            "Operations Manager",
        ]
    )
    p = _base(b, person, _days_ago(rng, 365 * 2, 365 * 18), f"{role} at {company}")
    if rng.random() < 0.6:
        p["about"] = _about(rng, person, years)
    p["experience"] = _experience(
        rng,
        person,
        years=years,
        jobs=rng.randint(2, 6),
        first_title=role,
        first_company=company,
        described=0.5,
    )
    p["education"] = _education(rng, person, finished=REFERENCE.year - years)
    p["skills"] = _sample(
        rng,
        _DOMAINS[person.domain]["skills"] + ["Leadership", "People management"],
        rng.randint(3, 12),
    )
    conns = int(rng.lognormvariate(math.log(600), 0.6))
    p.update(_follow_counts(rng, conns, (0, 400), (0, 150)))
    p["activity"] = _activity(rng, person, likes=(0, 90))
    b.maybe_hide_activity(p)
    b.set_photo(p, _camera(b, person) if rng.random() < 0.92 else None)
    b.add(p, person, "client_manager", "genuine")


def _gen_bootcamp(b: _Builder, count: int) -> None:
    rng = b.rng
    for c in range(count):
        camp, lang = _BOOTCAMPS[c % 2]
        cohort_day = REFERENCE - dt.timedelta(days=[95, 260][c % 2])
        backdrop = b.backdrops.setdefault(camp, _Backdrop.make(rng, "plain"))
        track = "Full Stack" if c % 2 == 0 else "Data Analytics"
        role, stack = _BOOTCAMP_TRACKS[track]
        person = _person(rng, lang if rng.random() < 0.5 else None)
        prev, lesson = rng.choice(_BOOTCAMP_PREV)
        s1, s2, s3 = _sample(rng, stack, 3)
        cohort = f"{['spring', 'autumn'][c % 2]} {cohort_day.year}"
        p = _base(
            b,
            person,
            cohort_day + dt.timedelta(days=rng.randint(0, 6)),
            f"Junior {role.split(' ', 1)[1].title()} | {camp} graduate | Open to work",
        )
        p["about"] = _BOOTCAMP_BIO.format(
            camp=camp,
            track=track,
            cohort=cohort,
            prev=prev,
            k=rng.randint(2, 9),
            lesson=lesson,
            s1=s1,
            s2=s2,
            s3=s3,
            role=role,
            city=person.city.split(",")[0],
        )
        earlier = _experience(
            rng,
            person,
            years=8,
            jobs=rng.randint(1, 2),
            current=False,
            ended_before=cohort_day - dt.timedelta(days=30),
            described=0.2,
        )
        p["experience"] = [
            {
                "title": f"{track} trainee",
                "company": camp,
                "start": _month(cohort_day),
                "end": _month(cohort_day + dt.timedelta(days=84)),
                "full_time": True,
            },
            *earlier,
        ]
        p["education"] = [
            {
                "school": camp,
                "degree": "Certificate",
                "field": track,
                "start": str(cohort_day.year),
                "end": str(cohort_day.year),
            },
            *_education(rng, person, finished=cohort_day.year - 10, dated=0.6),
        ]
        p["skills"] = _sample(rng, stack, rng.randint(4, 7))
        conns = rng.randint(60, 450)
        p.update(_follow_counts(rng, conns, (0, 40), (0, 120)))
        p["activity"] = _activity(
            rng, person, likes=(5, 80), comments=(0, 10), shares=(0, 4), swc=(0, 3), posts=(0, 6)
        )
        b.maybe_hide_activity(p)
        b.set_photo(p, _portrait(rng, person.face, backdrop, "camera"), hidden_p=0.05)
        b.add(p, person, "bootcamp", "genuine", cohort=camp)


def _gen_exec(b: _Builder) -> None:
    rng = b.rng
    person = _person(rng)
    years = rng.randint(15, 32)
    role = rng.choice(_GHOST_ROLES)
    company = rng.choice(_CLIENTS)
    p = _base(b, person, _days_ago(rng, 365 * 5, 365 * 19), f"{role} at {company}")
    p["about"] = rng.choice(_GHOST_AGENCIES).format(
        name=person.name,
        first=person.first,
        role=role,
        years=years,
        area=rng.choice(["industrial", "logistics", "technology", "financial services"]),
        trait=rng.choice(_GHOST_TRAITS),
        region=rng.choice(_REGIONS),
        c1=rng.choice(_CLIENTS),
        company=company,
        focus=rng.choice(_GHOST_FOCUS),
        topic2=rng.choice(_BUZZ),
    )
    p["experience"] = _experience(
        rng,
        person,
        years=years,
        jobs=rng.randint(3, 6),
        first_title=role,
        first_company=company,
        described=0.4,
    )
    p["education"] = _education(rng, person, finished=REFERENCE.year - years)
    p["skills"] = ["Leadership", "Strategy", "Change management", "P&L responsibility"]
    conns = rng.randint(1500, 12000)
    p.update(_follow_counts(rng, conns, (500, 20000), (0, 300)))
    p["activity"] = _activity(
        rng,
        person,
        likes=(5, 60),
        comments=(0, 4),
        shares=(0, 6),
        swc=(0, 4),
        posts=(10, 14),
        articles=(1, 4),
    )
    b.maybe_hide_activity(p, 0.05)
    backdrop = _Backdrop.make(rng, "gradient")
    b.set_photo(p, _portrait(rng, person.face, backdrop, "camera"), hidden_p=0.0)
    b.add(p, person, "exec_ghostwritten", "genuine")


def _gen_small_business(b: _Builder) -> None:
    rng = b.rng
    name_t, lang, bio = rng.choice(_BUSINESSES)
    person = _person(rng, lang)
    business = name_t.format(last=person.last)
    since = rng.randint(1975, 2020)
    p = _base(b, person, _days_ago(rng, 200, 365 * 14), f"Eigenaar / Owner at {business}")
    p["about"] = bio.format(year=since)
    p["experience"] = [
        {
            "title": _OWNER_TITLE[lang],
            "company": business,
            "start": f"{max(since, 1990)}-01",
            "end": None,
        }
    ]
    if rng.random() < 0.5:
        p["education"] = _education(rng, person, finished=max(since, 1990) - 2, dated=0.4)
    if rng.random() < 0.5:
        p["skills"] = ["Customer service", "Small business", "Sales"]
    conns = rng.randint(40, 900)
    p.update(_follow_counts(rng, conns, (0, 600), (0, 100)))
    p["activity"] = _activity(rng, person, likes=(0, 40), shares=(0, 10), posts=(3, 30))
    b.maybe_hide_activity(p)
    roll = rng.random()
    if roll < 0.3:
        img = b.logo(business)
    elif roll < 0.55:
        img = b.stock_photo(rng.choice(_STOCK_SCENES[:4]))
    else:
        img = _camera(b, person)
    b.set_photo(p, img, hidden_p=0.0)
    b.add(p, person, "small_business", "genuine", business=business)


def _gen_second_account(b: _Builder) -> None:
    rng = b.rng
    pool = [
        q
        for kind in ("freelancer", "client_manager", "sales", "recruiter", "dormant")
        for q in b.by_kind.get(kind, [])
        if q.get("photo")
    ]
    if not pool:
        pool = [q for q in b.profiles if q["meta"]["label"] == "genuine"]
    main = rng.choice(pool)
    person = b.people[main["id"]]
    older = rng.random() < 0.6  # the forgotten old account, or a newer work account
    main_created = dt.date.fromisoformat(main["created_at"])
    if older and main_created.year > 2004:
        created = dt.date(rng.randint(2004, main_created.year), rng.randint(1, 12), 1)
        created = min(created, main_created - dt.timedelta(days=30))
    else:
        created = _days_ago(rng, 10, max(11, (REFERENCE - main_created).days - 1))
    p = _base(b, person, created, main.get("headline") if rng.random() < 0.5 else None)
    if rng.random() < 0.3:
        p["name"] = f"{person.first} {person.last[0]}."
    if main.get("about") and rng.random() < 0.6:
        about = str(main["about"])
        p["about"] = about if rng.random() < 0.5 else about.split(". ")[0] + "."
    p["experience"] = (
        list(main.get("experience") or [])[-2:] if older else list(main.get("experience") or [])[:1]
    )
    conns = rng.randint(3, 150)
    p.update(_follow_counts(rng, conns, (0, 10), (0, 20)))
    p["activity"] = _activity(rng, person, likes=(0, 3) if older else (0, 40))
    if main.get("photo"):
        img = _copier_edit(_load(main["photo"]), rng, mirror_p=0.0)
        b.set_photo(p, img, hidden_p=0.05)
    else:
        b.set_photo(p, _camera(b, person))
    b.add(p, person, "second_account", "genuine", duplicate_of=main["id"])


def _gen_family(b: _Builder) -> None:
    rng = b.rng
    owners = b.by_kind.get("small_business") or [
        q for q in b.profiles if q["meta"]["label"] == "genuine"
    ]
    owner = rng.choice(owners)
    kin = b.people[owner["id"]]
    person = _person(rng, kin.lang)
    person.last, person.city = kin.last, kin.city
    p = _base(b, person, _days_ago(rng, 30, 365 * 8), owner.get("headline"))
    if owner.get("about"):
        p["about"] = owner["about"]
    p["experience"] = [dict(job) for job in owner.get("experience") or []][:1]
    conns = rng.randint(10, 300)
    p.update(_follow_counts(rng, conns, (0, 40), (0, 40)))
    p["activity"] = _activity(rng, person, likes=(0, 50), shares=(0, 15), posts=(0, 5))
    b.maybe_hide_activity(p)
    if owner.get("photo"):
        img = _load(owner["photo"])
        if rng.random() < 0.5:
            img = _copier_edit(img, rng, mirror_p=0.0)
        b.set_photo(p, img, hidden_p=0.0)
    else:
        b.set_photo(p, _camera(b, person))
    b.add(p, person, "family_shared", "genuine", shares_with=owner["id"])


# ----------------------------------------------------------------------------- fakes


def _fake_created(rng: random.Random, lo: int, hi: int) -> dt.date:
    return _days_ago(rng, lo, hi)


def _gen_impersonator(b: _Builder) -> None:
    rng = b.rng
    pool = [q for q in b.by_kind.get("recruiter", []) if q.get("photo") and q.get("about")]
    pool = pool or [q for q in b.profiles if q["meta"]["label"] == "genuine" and q.get("photo")]
    original = rng.choice(pool) if pool else None
    person = _person(rng)
    if original is not None:
        src = b.people[original["id"]]
        roll = rng.random()
        if roll < 0.4:
            person.first, person.last = src.first, src.last
        elif roll < 0.7:
            person.first = src.first
            person.last = src.last.replace("de ", "De ").replace("van ", "Van ") + (
                "" if rng.random() < 0.5 else "s"
            )
    p = _base(b, person, _fake_created(rng, 3, 150), None)
    agency = (
        original["meta"].get("agency", "Brightpath Staffing")
        if original
        else ("Brightpath Staffing")
    )
    p["headline"] = rng.choice(
        [
            f"Senior Recruiter at {agency} | Hiring now! Remote roles €4,000-€7,500/month",
            str(original.get("headline"))
            if original and original.get("headline")
            else f"Recruiter at {agency}",
            f"HR Manager | {agency} | Remote hiring",
        ]
    )
    if original is not None and original.get("about"):
        about = str(original["about"])
        if rng.random() < 0.4:
            sentences = about.split(". ")
            if len(sentences) > 2:
                sentences.pop(rng.randrange(1, len(sentences) - 1))
            about = ". ".join(sentences)
            about += (
                f" Send your CV to {person.first.lower()}.{agency.split()[0].lower()}"
                f".jobs@gmail.com"
            )
        p["about"] = about
        p["experience"] = [dict(job) for job in (original.get("experience") or [])[:1]]
        for job in p["experience"]:
            job["start"] = _month(_days_ago(rng, 0, 120))
        p["skills"] = _sample(rng, original.get("skills") or ["Recruitment"], 4)
    else:
        p["about"] = "We are hiring remote roles. Send your CV."
        p["experience"] = []
    p["education"] = [] if rng.random() < 0.6 else [{"school": rng.choice(_SCHOOLS["en"])}]
    conns = rng.randint(30, 500)
    p.update(_follow_counts(rng, conns, (0, 300), (800, 5000)))
    p["activity"] = _activity(
        rng,
        person,
        likes=(50, 400),
        comments=(0, 8),
        shares=(5, 40),
        posts=(0, 3),
        voice="impersonator",
    )
    b.maybe_hide_activity(p, 0.05)
    if original is not None and original.get("photo"):
        img: Image.Image = _copier_edit(_load(original["photo"]), rng)
        b.set_photo(p, img, hidden_p=0.0, quality=rng.randint(60, 85))
    else:
        b.set_photo(p, _camera(b, person), hidden_p=0.0)
    b.add(
        p,
        person,
        "recruiter_impersonator",
        "fake",
        original["id"] if original is not None and original.get("photo") else None,
    )


def _gen_outsider(b: _Builder) -> None:
    rng = b.rng
    outsider = _person(rng, "en")
    years = rng.randint(5, 20)
    person = _person(rng)
    p = _base(
        b,
        person,
        _fake_created(rng, 20, 540),
        f"{rng.choice(_DOMAINS[outsider.domain]['titles'])} | Consultant",
    )
    person.domain = outsider.domain
    text = _about(rng, outsider, years, "en")
    if rng.random() < 0.5:
        parts = text.split(". ")
        rng.shuffle(parts)
        text = ". ".join(parts)
    p["about"] = text
    p["experience"] = _experience(rng, person, years=years, jobs=rng.randint(1, 3), described=0.5)
    if rng.random() < 0.5:
        p["education"] = _education(rng, person, finished=REFERENCE.year - years)
    p["skills"] = _sample(rng, _DOMAINS[person.domain]["skills"], rng.randint(3, 8))
    conns = rng.randint(50, 700)
    p.update(_follow_counts(rng, conns, (0, 100), (200, 3000)))
    p["activity"] = _activity(
        rng, person, likes=(40, 500), comments=(0, 6), shares=(0, 10), posts=(0, 2), voice="scam"
    )
    b.maybe_hide_activity(p, 0.08)
    original = _portrait(rng, outsider.face, _Backdrop.make(rng), "camera")
    b.set_photo(p, _copier_edit(original, rng), hidden_p=0.0, quality=rng.randint(60, 88))
    b.add(p, person, "outsider_copycat", "fake", None)


def _gen_ring(b: _Builder, count: int) -> None:
    rng = b.rng
    done, ring_no = 0, 0
    while done < count:
        size = min(count - done, rng.randint(3, 8))
        company = _RING_COMPANIES[ring_no % len(_RING_COMPANIES)]
        adj, adj2 = rng.choice(_RING_ADJ)
        day = _fake_created(rng, 30, 240)
        for _ in range(size):
            person = _person(rng)
            p = _base(
                b,
                person,
                day + dt.timedelta(days=rng.randint(0, 9)),
                rng.choice(
                    [
                        "HR Manager",
                        "Talent Acquisition Manager",
                        "Hiring Manager",
                        "Recruitment Officer",
                    ]
                )
                + f" at {company}",
            )
            spun = rng.choice(_RING_BIO).format(
                company=company, adj=adj, adj2=adj2, n=rng.choice([12, 15, 20, 25, 40])
            )
            if rng.random() < 0.5:
                spun = spun.replace("currently hiring", "now recruiting").replace(
                    "Flexible hours", "Flexible schedule"
                )
            p["about"] = spun
            start = day - dt.timedelta(days=rng.randint(30, 700))
            p["experience"] = [
                {
                    "title": p["headline"].split(" at ")[0],
                    "company": company,
                    "start": _month(start),
                    "end": None,
                    "full_time": True,
                }
            ]
            if rng.random() < 0.6:
                p["education"] = [
                    {
                        "school": rng.choice(
                            [
                                "University of Amsterdam",
                                "London School of Business",
                                "Harvard University",
                                "University of Toronto",
                            ]
                        ),
                        "degree": rng.choice(["MBA", "BSc", "Master"]),
                    }
                ]
            else:
                p["education"] = []
            p["skills"] = ["Recruitment", "Human Resources", "Onboarding"]
            conns = rng.randint(100, 900)
            p.update(_follow_counts(rng, conns, (0, 60), (500, 4000)))
            p["activity"] = _activity(
                rng, person, likes=(100, 700), comments=(0, 3), shares=(0, 10), voice="scam"
            )
            b.maybe_hide_activity(p, 0.05)
            img = _portrait(rng, person.face, _Backdrop.make(rng, "bokeh"), "generated")
            b.set_photo(p, img, hidden_p=0.0, quality=92)
            b.add(p, person, "scam_ring", "fake", None, ring=company)
        done += size
        ring_no += 1


def _gen_bought(b: _Builder) -> None:
    rng = b.rng
    created = dt.date(rng.randint(2008, 2015), rng.randint(1, 12), rng.randint(1, 28))
    old_owner = _person(rng)
    person = _person(rng, "en")
    p = _base(
        b,
        person,
        created,
        rng.choice(
            [
                "Entrepreneur | Investor",
                "Remote Hiring Manager",
                "CEO & Founder",
                "Crypto | Web3 | Trading",
            ]
        ),
    )
    p["username"] = _username(rng, old_owner.name) + str(rng.randint(70, 99))
    p["about"] = rng.choice(_BOUGHT_BIO).format(amount=rng.choice(["€500", "€800", "$1,000"]))
    p["experience"] = [
        {
            "title": rng.choice(["Founder", "CEO", "Investment Manager", "Recruiter"]),
            "company": rng.choice(
                ["Self-employed", "BlockVerse Capital", "Remote Jobs EU", "Alpha Signals"]
            ),
            "start": _month(_days_ago(rng, 10, 360)),
            "end": None,
        }
    ]
    p["education"] = []
    conns = rng.randint(150, 900)
    p.update(_follow_counts(rng, conns, (0, 200), (200, 3000)))
    p["activity"] = _activity(
        rng,
        person,
        likes=(200, 900),
        comments=(5, 30),
        shares=(5, 40),
        posts=(10, 40),
        voice="scam",
    )
    candidates = [
        q
        for q in b.profiles
        if q["meta"]["label"] == "genuine"
        and q.get("photo")
        and dt.date.fromisoformat(q["created_at"]) > created
        and q["meta"]["kind"] not in ("small_business", "family_shared")
    ]
    copied: str | None = None
    if candidates and rng.random() < 0.45:
        original = rng.choice(candidates)
        copied = original["id"]
        b.set_photo(
            p,
            _copier_edit(_load(original["photo"]), rng),
            hidden_p=0.0,
            quality=rng.randint(60, 85),
        )
    else:
        img = _portrait(rng, person.face, _Backdrop.make(rng, "bokeh"), "generated")
        b.set_photo(p, img, hidden_p=0.0)
    b.add(p, person, "bought_aged", "fake", copied)


def _gen_ai_persona(b: _Builder) -> None:
    rng = b.rng
    person = _person(rng)
    role = rng.choice(_AI_ROLES)
    b1, b2 = _sample(rng, _BUZZ, 2)
    slots = {"role": role, "buzz1": b1, "buzz2": b2}
    parts = [
        rng.choice(_AI_BIO["open"]),
        *_sample(rng, _AI_BIO["middle"], rng.randint(2, 3)),
        rng.choice(_AI_BIO["close"]),
    ]
    p = _base(b, person, _fake_created(rng, 60, 720), f"{role} | {b1.title()} | {b2.title()}")
    p["about"] = " ".join(s.format(**slots) for s in parts)
    jobs = []
    year = REFERENCE.year - rng.randint(0, 2)
    for i in range(rng.randint(2, 4)):
        length = rng.randint(2, 4)
        jobs.append(
            {
                "title": role if i == 0 else rng.choice(_AI_ROLES),
                "company": rng.choice(_CLIENTS + _SALES_COMPANIES),
                "start": f"{year - length}-01",
                "end": None if i == 0 else f"{year}-01",
                "full_time": True,
            }
        )
        year -= length
    p["experience"] = jobs
    p["education"] = [
        {
            "school": rng.choice(_SCHOOLS[rng.choice(list(_SCHOOLS))]),
            "degree": rng.choice(["MBA", "MSc", "Master"]),
            "start": str(year - 6),
            "end": str(year - 4),
        }
    ]
    p["skills"] = [s.title() for s in _sample(rng, _BUZZ, 6)]
    conns = rng.randint(300, 1500)
    p.update(_follow_counts(rng, conns, (0, 400), (100, 1500)))
    p["activity"] = _activity(
        rng, person, likes=(60, 300), comments=(5, 40), posts=(5, 20), swc=(0, 5), voice="ai"
    )
    b.maybe_hide_activity(p, 0.05)
    img = _portrait(rng, person.face, _Backdrop.make(rng, "bokeh"), "generated")
    b.set_photo(p, img, hidden_p=0.0, quality=rng.randint(85, 95))
    b.add(p, person, "ai_persona", "fake", None)


def _gen_like_farm(b: _Builder) -> None:
    rng = b.rng
    person = _person(rng)
    if rng.random() < 0.3:
        person.first, person.last = person.first.upper(), person.last.lower()
    p = _base(
        b, person, _fake_created(rng, 20, 365), rng.choice([None, "Entrepreneur", "Student", "."])
    )
    if rng.random() < 0.5:
        p["experience"] = []
    conns = rng.randint(5, 80)
    p.update(_follow_counts(rng, conns, (0, 150), (1500, 7500)))
    p["activity"] = _activity(rng, person, likes=(800, 6000))
    roll = rng.random()
    img: Image.Image | None
    if roll < 0.4:
        img = None
    elif roll < 0.7:
        img = _portrait(rng, person.face, _Backdrop.make(rng, "bokeh"), "generated")
    else:
        img = b.stock_photo(rng.choice(_STOCK_SCENES))
    b.set_photo(p, img, hidden_p=0.0)
    b.add(p, person, "like_farm", "fake", None)


def _gen_investment(b: _Builder) -> None:
    rng = b.rng
    person = _person(rng, rng.choice(["en", "en", "nl", "de"]))
    bank = rng.choice(_SCAM_BANKS)
    p = _base(
        b,
        person,
        _fake_created(rng, 30, 300),
        f"Senior Investment Advisor at {bank} | Forex & Crypto",
    )
    p["about"] = rng.choice(_SCAM_BIO).format(years=rng.randint(6, 15), bank=bank)
    p["experience"] = [
        {
            "title": "Investment Advisor",
            "company": bank,
            "start": _month(_days_ago(rng, 400, 2500)),
            "end": None,
            "full_time": True,
        }
    ]
    if rng.random() < 0.5:
        p["education"] = [
            {
                "school": rng.choice(
                    ["University of Zurich", "HEC Paris", "Erasmus University Rotterdam"]
                ),
                "degree": "Master",
                "field": "Finance",
            }
        ]
    p["skills"] = ["Investments", "Forex", "Cryptocurrency", "Wealth Management"]
    conns = rng.randint(40, 600)
    p.update(_follow_counts(rng, conns, (0, 80), (300, 3000)))
    p["activity"] = _activity(
        rng, person, likes=(20, 150), comments=(10, 60), posts=(0, 8), voice="scam"
    )
    b.maybe_hide_activity(p, 0.05)
    outsider = _Face.make(rng)
    original = _portrait(rng, outsider, _Backdrop.make(rng, "gradient"), "camera")
    b.set_photo(p, _copier_edit(original, rng), hidden_p=0.0, quality=rng.randint(65, 88))
    b.add(p, person, "investment_scam", "fake", None)


_GENUINE: dict[str, Callable[[_Builder], None]] = {
    "recruiter": _gen_recruiter,
    "sales": _gen_sales,
    "freelancer": _gen_freelancer,
    "candidate": _gen_candidate,
    "dormant": _gen_dormant,
    "client_manager": _gen_client_manager,
    "exec_ghostwritten": _gen_exec,
    "small_business": _gen_small_business,
}
_AFTER: dict[str, Callable[[_Builder], None]] = {
    "second_account": _gen_second_account,
    "family_shared": _gen_family,
}
_FAKES: dict[str, Callable[[_Builder], None]] = {
    "recruiter_impersonator": _gen_impersonator,
    "outsider_copycat": _gen_outsider,
    "bought_aged": _gen_bought,
    "ai_persona": _gen_ai_persona,
    "like_farm": _gen_like_farm,
    "investment_scam": _gen_investment,
}


def generate(
    n: int = 2000,
    *,
    seed: int = 1,
    photo_dir: str | Path,
    fake_share: float = 0.15,
) -> Population:
    """Generate the network's export: ``n`` labelled profiles, photos written to ``photo_dir``.

    Parameters
    ----------
    n : int, default=2000
        Number of members.
    seed : int, default=1
        The same seed gives the same profiles and photo files.
    photo_dir : str or Path
        Folder for the photo files (created if needed); put it inside the
        folder the JSON Lines file will be written to.
    fake_share : float, default=0.15
        Share of fake profiles, in [0, 1].

    Returns
    -------
    Population

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:  # doctest: +SKIP
    ...     population = generate(200, seed=3, photo_dir=Path(tmp) / "photos")
    ...     population.write_jsonl(Path(tmp) / "fourth.jsonl")
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if not 0.0 <= fake_share <= 1.0:
        raise ValueError(f"fake_share must be in [0.0, 1.0], got {fake_share}")
    rng = random.Random(seed)
    folder = Path(photo_dir)
    folder.mkdir(parents=True, exist_ok=True)
    n_fake = round(n * fake_share)
    genuine = _allocate(n - n_fake, GENUINE_MIX)
    fakes = _allocate(n_fake, FAKE_MIX)
    ids = [f"m{number:06d}" for number in rng.sample(range(100_000, 1_000_000), n)]
    b = _Builder(rng=rng, photo_dir=folder, ids=ids)
    for kind, make in _GENUINE.items():
        for _ in range(genuine[kind]):
            make(b)
    _gen_bootcamp(b, genuine["bootcamp"])
    for kind, make in _AFTER.items():
        for _ in range(genuine[kind]):
            make(b)
    for kind, make in _FAKES.items():
        for _ in range(fakes[kind]):
            make(b)
    _gen_ring(b, fakes["scam_ring"])
    profiles = b.profiles
    rng.shuffle(profiles)
    return Population(profiles, [str(p["meta"]["label"]) for p in profiles])


def _main() -> None:  # pragma: no cover - a manual check of counts and speed
    import sys
    import tempfile
    import time
    from collections import Counter

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        start = time.process_time()
        population = generate(n, seed=1, photo_dir=Path(tmp) / "photos")
        cpu = time.process_time() - start
        population.write_jsonl(Path(tmp) / "fourth.jsonl")
        size = sum(f.stat().st_size for f in (Path(tmp) / "photos").iterdir())
        print(f"{n} members in {cpu:.1f} s of CPU; photos {size / 1e6:.1f} MB")
    for kind, count in sorted(
        Counter(zip(population.labels, population.kinds(), strict=False)).items()
    ):
        print(kind, count)


if __name__ == "__main__":
    _main()
