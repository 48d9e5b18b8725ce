"""A synthetic labelled population of profiles, for training and testing the default model.

Real labelled LinkedIn data with activity and photos is not public, so the
default model is trained on profiles generated here. Everything below is an
*assumption* of the generator, not a measured fact about any platform; it is
written down so that the model card can state it plainly.

Archetypes
----------
Genuine members (``true_label == 0``), with their share of the genuine class:

* ``genuine_writer`` (16%): posts, articles and substantive comments; old accounts,
  more followers than connections.
* ``genuine_commenter`` (22%): likes and substantive comments, few posts.
* ``genuine_lurker`` (28%): old accounts and real histories, but mostly *likes*
  and almost never comments (a hard negative for likes-only rules).
* ``genuine_graduate`` (12%): new accounts, thin histories, few connections,
  often no about text (a hard negative for account-age and completeness rules).
* ``genuine_recruiter`` (8%): huge networks, following many, many shares and
  canned invitation messages, sometimes with a link to a job ad (a hard
  negative for network-ratio and message rules).
* ``genuine_colleague`` (14%): teams of 3-8 members of one company sharing the
  team's boilerplate in the description of their current position (with or
  without a personal sentence; their about texts are their own) and the
  company's headshot *style* (the same background, a different person), so
  a shared job description or a similar-photo match alone is not proof.

Fakes (``true_label == 1``), with their share of the fake class:

* ``fake_copycat`` (30%): copies a genuine member's photo (60% mirrored,
  always cropped 2-8%, resized, re-compressed) and text (about with up to 8%
  of words swapped, dropped or inserted; headline verbatim; experience with
  edited descriptions; often education and skills) under a new name; 60%
  copy both, 20% the photo only, 20% the text only. Several may copy the same
  member; the original's account is always at least 30 days older than the
  copy's, so the copy signals' "older" counts fire (a copycat as old as the
  oldest candidates is made younger). Two shapes, half each:

  - *classic* (50%): mostly new accounts, 35% aged (bought or taken-over);
    likes-heavy activity, lopsided following/followers, only what was copied
    (a photo-only copycat has a bare headline and, half the time, a stock about).
  - *ordinary* (50%): everything but the copy is drawn as for a genuine member
    of an archetype picked in the genuine class's proportions (account age,
    connections, followers, following, activity mix and counts, generic-comment
    share, events, name and username style, photo presence of text-only
    copies): aged or bought accounts that look lived-in. Every section is filled
    in: what was not copied is written as for a genuine member, and a section
    that came out empty gets an about text, 1-3 positions (60% described, as
    genuine ones), 1-2 schools or 3-12 skills. Only the copy, and their
    invitations (still a fake's), give them away, so the copy signals must
    carry them. The half is a choice, not a measurement: the other half keeps
    the classic shape learnable for copycats whose copy is not found, and an
    ordinary copycat whose copy is missed is, by design, indistinguishable from
    a genuine member by its profile.
* ``fake_template`` (20%): batches of 3-25 fakes sharing one generic
  about text and headline pattern among themselves, with unique photos.
* ``fake_unique`` (15%): never-seen photo and text written like a genuine
  member's; only behaviour gives them away (a hard positive).
* ``fake_farm`` (20%): engagement farms that like (and share) a lot, and
  almost never comment or write; timed events come in regular bursts.
* ``fake_patient`` (15%): old accounts with modest activity and a few generic
  comments ("Great post!") (a hard positive).

Texts
-----
Bios, headlines, experience descriptions and comments are built from seeded
templates and large vocabularies: eight industries, each with 13-15 roles,
16-21 skills, 14-18 topics, 15-18 pieces of work, 11-16 tools, 10-12 kinds of
client and 10 metrics; invented companies and schools, 66 real cities, 80
project code names, 20 languages, 40 hobbies, causes, certifications and
numbers. An about text is an opener, one to four sentences about the work and
up to two about the person (16, 22 and 12 templates), sometimes a closer;
experience descriptions are one to three sentences, most put together clause
by clause; half of the headlines are a bare "role at company", the others add
two to four personal items. So unrelated genuine members share common words
but rarely a whole text: in a 4,000-profile population indexed whole, 4% of
genuine members other than colleagues have a text within the copy threshold
(estimated Jaccard 0.45 of content words) of a profile that did not copy them,
mostly short headlines and one-line descriptions
(``benchmarks/bench_synthetic_matches.py``). Text is shared by design only by
colleagues (their team's boilerplate) and by fakes: template batches, and the
stock abouts of half the farms and of classic photo-only copycats.
Comments are either generic ("Great post!", "Congratulations!"; 15-30% of
genuine comments, 55-90% of fakes') or substantive (mention a topic, an
experience and a question). Invitation messages are canned openers with
reworded variants, the platform's default "I'd like to add you to my
professional network" (used by many genuine members too), or personalised
messages naming the recipient's employer, role or school (55% of genuine
messages, 8-12% of fakes', as scripted personalisation). About a quarter of
fakes' messages carry a link or ask to move off-platform (WhatsApp, e-mail),
against 1% of genuine messages (6% for recruiters, links to job ads). Mutual
connections are log-normal for both classes (median 9 for genuine senders, 6
for fakes: fakes accumulate them).

Photos
------
:func:`draw_portrait` varies the person (skin, hair colour and cut, clothes,
face shape and features, glasses, the side and depth of the key light, tilt,
scale and position) and the background (a window, bookshelf, outdoor, office or
studio scene over a textured gradient, dark, mid-tone or bright, with light
falloff). The background follows the person, except that colleagues share
their company's. Unrelated portraits still match now and then: in the
4,000-profile population, 0.6% of genuine members other than colleagues match
the photo of a profile that did not copy them (query probes included).
Copycats' copies are found about half the time: crops beyond about 5% move the
hashed central region too far for the photo hashes and their probes.

Activity and accounts
---------------------
Per-archetype 90-day rates of likes, comments, bare shares, shares with
comment, posts and articles, with gamma-distributed per-member activity
levels (heavy overlap between archetypes). 80% of activity records cover 90
days, 15% are lifetime totals (``window_days=None``, scaled by account age),
5% cover 30 or 365 days. 6% of members give timed ``events`` instead (at
most 200): genuine events are spread over days at waking hours, farms' (and
half of other fakes') come in bursts at nearly regular intervals. Account
ages, connections, followers and following are log-normal per archetype;
experience has dated positions, education and skills follow the industry.
Name and username oddities (digits, a username unrelated to the name, all
capitals, a single name, decorations) affect about 26% of fakes (8% of
ordinary copycats, as genuine) and 8% of genuine members.

Missing data
------------
Every profile states every section: ``headline``, ``about``, ``experience``,
``education`` and ``skills`` are always present, as ``""`` or ``[]`` when the
member has none (known to be empty; an absent key would mean *unknown*), and
:meth:`Population.write_jsonl` writes them even when empty. Activity is the only
thing left unknown (``activity`` and ``events`` both ``None``).
No activity data: about 12% of genuine members, 10% of fakes. No photo: about
9% / 6%. No about text: about 24% of either (graduates and lurkers often leave
it empty; farms and uniques do too). Similar, not identical, so that
missingness is not a giveaway.

Labels
------
``true_labels`` are the archetypes' classes; ``labels`` flip each one with
probability ``label_noise`` (default 2%), as hand labels do. With these
settings no single simple statistic (likes share, account age, connections,
followers ratio, completeness) reaches a ROC-AUC of 0.95 (tested; the
strongest, account age, is about 0.77), and gradient boosting on eleven of
them together reaches about 0.90 on held-out data (0.96 before ordinary
copycats): the copy and message signals are needed for the rest, above all
for ordinary copycats and for patient and unique fakes.

Profiles are built as dicts and validated with :meth:`Profile.model_validate`
(every profile, not a sample). Without photos, ``photo`` is ``None`` and
``has_photo`` says whether the member has one.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from .profile import Invitation, Profile

if TYPE_CHECKING:
    import pandas as pd
    from PIL import Image

__all__ = [
    "FAKE_KINDS",
    "GENUINE_KINDS",
    "Population",
    "draw_portrait",
    "generate",
    "reference_profiles",
]

#: Genuine archetypes and their share of the genuine class.
GENUINE_KINDS: dict[str, float] = {
    "genuine_writer": 0.16,
    "genuine_commenter": 0.22,
    "genuine_lurker": 0.28,
    "genuine_graduate": 0.12,
    "genuine_recruiter": 0.08,
    "genuine_colleague": 0.14,
}

#: Fake archetypes and their share of the fake class.
FAKE_KINDS: dict[str, float] = {
    "fake_copycat": 0.30,
    "fake_template": 0.20,
    "fake_unique": 0.15,
    "fake_farm": 0.20,
    "fake_patient": 0.15,
}

_T = TypeVar("_T")


def _pick(r: random.Random, seq: Sequence[_T]) -> _T:
    """``r.choice`` without its rejection sampling: ~3x faster, bias below 1e-15."""
    return seq[int(r.random() * len(seq))]


def _int(r: random.Random, low: int, high: int) -> int:
    """A whole number in ``[low, high]`` (``r.randint``, faster)."""
    return low + int(r.random() * (high - low + 1))


_PHOTO_SIZE = 400
_MAX_EVENTS = 200
_MAX_COMMENT_TEXTS = 6
#: Share of copycats that are "ordinary": shaped like a genuine member but for the copy.
_ORDINARY_COPYCATS = 0.5
#: A copied original's account is at least this many days older than its copycat's.
_ORIGINAL_OLDER_DAYS = 30
#: Every generated record has these keys: an empty section is written as ``""`` or
#: ``[]`` (known to be empty), never left out (which would mean "unknown").
_SECTIONS: dict[str, str | list[Any]] = {
    "headline": "",
    "about": "",
    "experience": [],
    "education": [],
    "skills": [],
}


@dataclass(frozen=True)
class _Spec:
    """Per-archetype distributions (log-normal medians and sigmas, rates per 90 days)."""

    age: tuple[float, float, int, int]  # median days, sigma, min, max
    connections: tuple[float, float]
    followers_ratio: tuple[float, float]  # followers = connections * ratio
    following: tuple[float, float]
    # likes, comments, shares, shares_with_comment, posts, articles
    rates: tuple[float, float, float, float, float, float]
    shape: float  # gamma shape of the activity level (smaller = more spread)
    generic: float  # share of generic comments
    no_activity: float
    no_photo: float
    no_about: float
    odd_name: float
    invite: float  # probability of an invitation
    personal: float  # share of personalised invitation messages
    offsite: float  # share of messages with a link or an off-platform request


# fmt: off
_SPECS: dict[str, _Spec] = {
    "genuine_writer": _Spec(
        age=(2600, 0.6, 200, 7300), connections=(650, 0.8),
        followers_ratio=(1.6, 0.6), following=(250, 0.8),
        rates=(60, 18, 3, 4, 7, 1.2), shape=1.5, generic=0.15,
        no_activity=0.1, no_photo=0.04, no_about=0.08,
        odd_name=0.06, invite=0.5, personal=0.6, offsite=0.01,
    ),
    "genuine_commenter": _Spec(
        age=(2000, 0.7, 120, 7300), connections=(420, 0.9),
        followers_ratio=(1.0, 0.6), following=(260, 0.9),
        rates=(45, 12, 2, 1, 0.8, 0.05), shape=1.2, generic=0.25,
        no_activity=0.12, no_photo=0.07, no_about=0.22,
        odd_name=0.07, invite=0.5, personal=0.55, offsite=0.01,
    ),
    "genuine_lurker": _Spec(
        age=(3200, 0.6, 200, 7300), connections=(230, 1.0),
        followers_ratio=(0.6, 0.8), following=(140, 1.1),
        rates=(45, 0.4, 2, 0.1, 0.1, 0.0), shape=1.0, generic=0.25,
        no_activity=0.15, no_photo=0.11, no_about=0.4,
        odd_name=0.09, invite=0.4, personal=0.5, offsite=0.01,
    ),
    "genuine_graduate": _Spec(
        age=(180, 0.9, 14, 900), connections=(45, 0.9),
        followers_ratio=(0.6, 0.8), following=(110, 1.0),
        rates=(14, 1.2, 1, 0.4, 0.8, 0.02), shape=1.0, generic=0.25,
        no_activity=0.14, no_photo=0.18, no_about=0.45,
        odd_name=0.1, invite=0.6, personal=0.45, offsite=0.0,
    ),
    "genuine_recruiter": _Spec(
        age=(2200, 0.6, 150, 7300), connections=(4500, 0.8),
        followers_ratio=(1.1, 0.5), following=(2600, 0.8),
        rates=(55, 5, 14, 5, 9, 0.2), shape=1.5, generic=0.3,
        no_activity=0.08, no_photo=0.05, no_about=0.12,
        odd_name=0.08, invite=0.8, personal=0.4, offsite=0.06,
    ),
    "genuine_colleague": _Spec(
        age=(1500, 0.8, 60, 7300), connections=(330, 0.9),
        followers_ratio=(0.9, 0.6), following=(200, 0.9),
        rates=(32, 4, 3, 1, 1.2, 0.1), shape=1.2, generic=0.25,
        no_activity=0.12, no_photo=0.08, no_about=0.1,
        odd_name=0.07, invite=0.5, personal=0.6, offsite=0.01,
    ),
    "fake_copycat": _Spec(
        age=(90, 1.0, 3, 2000), connections=(260, 1.0),
        followers_ratio=(0.4, 1.0), following=(700, 1.1),
        rates=(110, 0.6, 4, 0.1, 0.15, 0.0), shape=0.9, generic=0.8,
        no_activity=0.09, no_photo=0.0, no_about=0.0,
        odd_name=0.3, invite=0.9, personal=0.08, offsite=0.3,
    ),
    "fake_template": _Spec(
        age=(200, 1.1, 7, 2500), connections=(180, 1.0),
        followers_ratio=(0.35, 1.0), following=(700, 1.0),
        rates=(80, 1.0, 6, 0.3, 0.6, 0.0), shape=0.9, generic=0.9,
        no_activity=0.09, no_photo=0.08, no_about=0.1,
        odd_name=0.35, invite=0.9, personal=0.08, offsite=0.35,
    ),
    "fake_unique": _Spec(
        age=(600, 1.0, 20, 4000), connections=(220, 1.0),
        followers_ratio=(0.7, 0.8), following=(330, 1.0),
        rates=(48, 2.5, 3, 0.5, 0.8, 0.05), shape=1.0, generic=0.55,
        no_activity=0.12, no_photo=0.08, no_about=0.3,
        odd_name=0.25, invite=0.85, personal=0.12, offsite=0.2,
    ),
    "fake_farm": _Spec(
        age=(200, 1.0, 14, 2500), connections=(480, 1.0),
        followers_ratio=(0.25, 0.9), following=(1800, 1.0),
        rates=(260, 0.05, 10, 0.0, 0.0, 0.0), shape=1.1, generic=0.9,
        no_activity=0.08, no_photo=0.08, no_about=0.5,
        odd_name=0.35, invite=0.7, personal=0.08, offsite=0.3,
    ),
    "fake_patient": _Spec(
        age=(1900, 0.6, 365, 6000), connections=(340, 0.9),
        followers_ratio=(0.7, 0.7), following=(400, 0.9),
        rates=(38, 5, 2, 0.2, 0.3, 0.0), shape=1.2, generic=0.85,
        no_activity=0.12, no_photo=0.08, no_about=0.25,
        odd_name=0.2, invite=0.85, personal=0.12, offsite=0.2,
    ),
}
# fmt: on

# ----------------------------------------------------------------------------- vocabularies


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST = _words(
    "Amara Aisha Ben Carlos Chen Dana Elena Emeka Farah Fatima George Hannah Hiro Ines Ivan "
    "Jamal Jordan Julia Kwame Laila Leo Liam Lucia Maya Mateo Mei Nadia Nikhil Noah Olga Omar "
    "Priya Rahul Rosa Sam Sara Sofia Tariq Thabo Tom Uma Victor Wei Yusuf Zara Anna Daniel "
    "Grace Kenji Lena Marco Nia Paul Rhys Sean Tara Yara Zoe Ali Erik"
)
_LAST = _words(
    "Okafor Whitfield Reyes Patel Kim Nguyen Garcia Novak Schmidt Rossi Silva Haddad Mensah "
    "Kowalski Tanaka Ahmed Dubois Murphy Osei Larsen Costa Ivanova Khan Mbeki Fischer Moreau "
    "Lopez Singh Wright Chen Ali Brennan Jansen Sato Petrov Adeyemi Hughes Ortiz Berg Romero "
    "Clarke Das Fernandes Hassan Kaur Lindqvist Mwangi Nakamura Popescu Quinn Santos Taylor"
)
_CITIES = (
    ("Manchester", "United Kingdom"),
    ("Leeds", "United Kingdom"),
    ("London", "United Kingdom"),
    ("Bristol", "United Kingdom"),
    ("Edinburgh", "United Kingdom"),
    ("Dublin", "Ireland"),
    ("Berlin", "Germany"),
    ("Munich", "Germany"),
    ("Amsterdam", "Netherlands"),
    ("Paris", "France"),
    ("Lyon", "France"),
    ("Madrid", "Spain"),
    ("Lisbon", "Portugal"),
    ("Milan", "Italy"),
    ("Warsaw", "Poland"),
    ("Stockholm", "Sweden"),
    ("Toronto", "Canada"),
    ("Chicago", "United States"),
    ("Austin", "United States"),
    ("Seattle", "United States"),
    ("Boston", "United States"),
    ("Atlanta", "United States"),
    ("Sydney", "Australia"),
    ("Melbourne", "Australia"),
    ("Singapore", "Singapore"),
    ("Bangalore", "India"),
    ("Pune", "India"),
    ("Lagos", "Nigeria"),
    ("Nairobi", "Kenya"),
    ("Cape Town", "South Africa"),
    ("São Paulo", "Brazil"),
    ("Mexico City", "Mexico"),
    ("Tokyo", "Japan"),
    ("Dubai", "UAE"),
    ("Glasgow", "United Kingdom"),
    ("Cardiff", "United Kingdom"),
    ("Belfast", "United Kingdom"),
    ("Birmingham", "United Kingdom"),
    ("Cork", "Ireland"),
    ("Hamburg", "Germany"),
    ("Rotterdam", "Netherlands"),
    ("Brussels", "Belgium"),
    ("Copenhagen", "Denmark"),
    ("Oslo", "Norway"),
    ("Helsinki", "Finland"),
    ("Vienna", "Austria"),
    ("Zurich", "Switzerland"),
    ("Prague", "Czechia"),
    ("Barcelona", "Spain"),
    ("Porto", "Portugal"),
    ("Athens", "Greece"),
    ("Istanbul", "Turkey"),
    ("Vancouver", "Canada"),
    ("Montreal", "Canada"),
    ("Denver", "United States"),
    ("Pittsburgh", "United States"),
    ("Auckland", "New Zealand"),
    ("Kuala Lumpur", "Malaysia"),
    ("Manila", "Philippines"),
    ("Hyderabad", "India"),
    ("Accra", "Ghana"),
    ("Kigali", "Rwanda"),
    ("Johannesburg", "South Africa"),
    ("Bogotá", "Colombia"),
    ("Santiago", "Chile"),
    ("Seoul", "South Korea"),
)
_PREFIX = _words(
    "North Bright Blue Silver Oak River Summit Harbor Cedar Iron Lumen Apex Meridian Granite "
    "Willow Falcon Crescent Evergreen Pioneer Vertex Copper Maple Atlas Beacon Amber Birch "
    "Coral Delta Ember Fern Glacier Hazel Indigo Juniper Kestrel Larch Marble Nova Onyx Pine "
    "Quartz Raven Sable Tidal Umber Violet Wren Zephyr Alder Basalt Cobalt Dune Echo Flint"
)
_CORE = _words(
    "wind well stone field bridge point gate line path works brook ridge haven crest mark "
    "ford wood light vale port"
)
# Small words, surnames and cities also make company names (Okafor & Co, Leeds Digital).
_COMPANY_FORMS = (
    "{prefix}{core} {suffix}",
    "{prefix}{core} {suffix}",
    "{prefix}{core} {suffix}",
    "{prefix}{core}",
    "{last} & {last2}",
    "{city} {suffix}",
    "{prefix} {core_cap}",
)
_GENERAL_SKILLS = (
    "Leadership",
    "Project management",
    "Communication",
    "Stakeholder management",
    "Excel",
    "Public speaking",
    "Team building",
    "Problem solving",
    "Mentoring",
    "Negotiation",
    "Strategic planning",
    "Budgeting",
    "Change management",
    "Presentation skills",
    "Agile methodologies",
    "Customer service",
)
# Code names of projects, programmes and products: a personal detail unrelated bios rarely share.
_CODENAMES = _words(
    "Albatross Aurora Avalanche Badger Basilisk Bluebell Bramble Caribou Cassini Chinook "
    "Cirrus Comet Condor Cormorant Cyclone Dandelion Dingo Dragonfly Eider Electra Falconer "
    "Firefly Foxglove Gannet Gecko Gemini Goshawk Halcyon Harrier Heron Hornbill Ibex Jackal "
    "Jaguar Kingfisher Kite Kodiak Lynx Magpie Mandrake Marten Merlin Mistral Monsoon Narwhal "
    "Nightjar Ocelot Orca Osprey Otter Pelican Peregrine Petrel Phoenix Plover Puffin Quokka "
    "Redwing Sandpiper Saturn Sirocco Skylark Sparrow Starling Stingray Swift Tamarin Tern "
    "Thistle Titan Toucan Tundra Vega Vireo Wagtail Walrus Warbler Wolverine Yarrow Zebu"
)
_LANGUAGES = _words(
    "Spanish French German Portuguese Italian Polish Dutch Swedish Arabic Hindi Mandarin "
    "Japanese Yoruba Swahili Turkish Greek Korean Romanian Urdu Tamil"
)
_HOBBIES = (
    "run half marathons",
    "coach a youth football team",
    "volunteer at a food bank",
    "play in a brass band",
    "restore old bikes",
    "grow far too many tomatoes",
    "mentor students through a local charity",
    "write short fiction",
    "climb at an indoor wall twice a week",
    "bake sourdough badly",
    "sing in a community choir",
    "swim in cold lakes",
    "referee amateur rugby",
    "keep bees on an allotment",
    "build model railways with my kids",
    "play chess online",
    "cycle to work whatever the weather",
    "learn {lang}, slowly",
    "walk long-distance trails",
    "paint watercolours of {city}",
    "play bass in a covers band",
    "take far too many photos of birds",
    "foster rescue dogs",
    "organise a monthly board game night",
    "fix vintage radios",
    "surf whenever the forecast allows",
    "read history books on the train",
    "coach chess at a primary school",
    "cook food from my grandmother's recipes",
    "dance salsa on Thursdays",
    "run a small pottery studio",
    "brew cider from our own apples",
    "play cricket for a village team",
    "collect vinyl records",
    "sail dinghies on weekends",
    "grow bonsai trees",
    "tutor maths for free",
    "knit jumpers nobody asked for",
    "train for triathlons",
    "volunteer with a mountain rescue team",
)
_CAUSES = (
    "a literacy charity",
    "a refugee support network",
    "Girls Who Code",
    "a local hospice",
    "a youth mentoring scheme",
    "a tree-planting group",
    "a mental health helpline",
    "the school governors",
    "a housing association board",
    "an animal shelter",
    "a community radio station",
    "a STEM outreach programme",
)
_CERTIFICATIONS = (
    "PMP",
    "PRINCE2",
    "Scrum Master",
    "Six Sigma Green Belt",
    "ITIL",
    "CIPD",
    "ACCA",
    "CFA Level II",
    "AWS Solutions Architect",
    "Google Analytics",
    "NEBOSH",
    "Lean Practitioner",
    "CISSP",
    "Chartered Engineer",
    "TEFL",
)
_TRAITS = (
    "curious",
    "stubbornly practical",
    "calm under pressure",
    "happiest with a whiteboard",
    "a reluctant early riser",
    "allergic to jargon",
    "obsessed with good documentation",
    "a people person",
    "a numbers person",
    "a recovering perfectionist",
    "an optimist",
    "a fan of small, boring improvements",
    "a big believer in checklists",
    "a keen listener",
)


@dataclass(frozen=True)
class _Industry:
    name: str
    field: str
    roles: tuple[str, ...]
    skills: tuple[str, ...]
    topics: tuple[str, ...]
    objects: tuple[str, ...]
    suffixes: tuple[str, ...]
    degrees: tuple[str, ...]
    tools: tuple[str, ...]  # software, methods and equipment named in descriptions
    clients: tuple[str, ...]  # who the work is for
    metrics: tuple[str, ...]  # what the work moved


def _ind(name: str, fld: str, *parts: str) -> _Industry:
    roles, skills, topics, objects, suffixes, degrees, tools, clients, metrics = (
        tuple(p.split(";")) for p in parts
    )
    return _Industry(
        name, fld, roles, skills, topics, objects, suffixes, degrees, tools, clients, metrics
    )


# fmt: off
_INDUSTRIES: tuple[_Industry, ...] = (
    _ind(
        "software",
        "software engineering",
        "Software Engineer;Senior Software Engineer;Engineering Manager;Data Scientist;"
        "DevOps Engineer;Product Manager;Frontend Developer;Machine Learning Engineer;"
        "Backend Developer;Site Reliability Engineer;QA Engineer;Staff Engineer;Data Engineer;"
        "Mobile Developer;Solutions Architect",
        "Python;Kubernetes;TypeScript;SQL;AWS;System design;React;Go;Terraform;Java;Rust;"
        "GraphQL;Docker;PostgreSQL;Kafka;Azure;Machine learning;CI/CD;Scala;Swift;Kotlin",
        "observability;code review;platform teams;data pipelines;developer experience;"
        "incident response;testing culture;API design;technical debt;feature flags;"
        "on-call rotas;accessibility;privacy engineering;event sourcing;cost control in the cloud;"
        "pair programming;search relevance;model monitoring",
        "the billing platform;our data pipeline;the mobile app;the search service;"
        "internal developer tooling;the payments API;the recommendation engine;"
        "the identity service;our design system;the analytics warehouse;the checkout flow;"
        "the notification service;a fraud detection model;the booking engine;"
        "the customer portal;the deployment pipeline;the pricing service;the offline sync",
        "Labs;Systems;Software;Technologies;Digital;Cloud;AI;Data",
        "Computer Science;Software Engineering;Mathematics;Data Science;Physics;"
        "Electronic Engineering",
        "Grafana;Prometheus;GitHub Actions;Jenkins;Snowflake;dbt;Airflow;Datadog;Spark;"
        "Elasticsearch;Redis;PyTorch;Next.js;Django;Spring Boot;BigQuery",
        "retail banks;insurers;online retailers;airlines;hospitals;game studios;logistics firms;"
        "public-sector teams;start-ups;media companies;energy suppliers;universities",
        "deployment time;page load time;cloud spend;on-call pages;build times;error rates;"
        "query latency;test coverage;churn;conversion",
    ),
    _ind(
        "healthcare",
        "healthcare",
        "Registered Nurse;Clinical Research Associate;Product Designer;Health Data Analyst;"
        "Practice Manager;Physiotherapist;Pharmacist;Midwife;Occupational Therapist;"
        "Clinical Nurse Specialist;Radiographer;Ward Manager;Paramedic;Dietitian;"
        "Healthcare Assistant",
        "Patient care;Clinical trials;GCP;Healthcare IT;Epidemiology;Care planning;EHR;"
        "Infection control;Safeguarding;Medication management;Triage;Wound care;"
        "Health promotion;Clinical audit;Rehabilitation;Palliative care;Phlebotomy;"
        "Mental health first aid",
        "patient safety;clinical trials;digital health;care pathways;accessibility;"
        "staff wellbeing;falls prevention;health inequalities;antimicrobial resistance;"
        "end-of-life care;community care;waiting lists;medicines optimisation;"
        "patient experience;frailty;shared decision-making",
        "the patient app;appointment booking;ward rostering;a clinical trial of 400 patients;"
        "discharge planning;the outpatient clinic;the vaccination programme;"
        "the stroke unit;a falls clinic;the infection control audit;the diabetes service;"
        "the virtual ward;the triage protocol;a pressure ulcer study;the pharmacy stock system;"
        "the maternity unit;the physiotherapy waiting list",
        "Health;Care;Medical;Clinic;Hospital;Healthcare;Therapeutics;Pharma",
        "Nursing;Pharmacy;Biomedical Science;Public Health;Physiotherapy;Medicine;Midwifery",
        "EMIS;SystmOne;Epic;Cerner;REDCap;SPSS;Datix;Medidata;Tableau;NHS Spine;"
        "telemetry monitors;infusion pumps;ultrasound",
        "NHS trusts;GP practices;care homes;research sponsors;community teams;"
        "hospices;private clinics;patient groups;pharmacies;the local council",
        "waiting times;readmissions;missed appointments;falls;infection rates;"
        "length of stay;patient satisfaction;staff turnover;medication errors;bed occupancy",
    ),
    _ind(
        "finance",
        "financial services",
        "Financial Analyst;Accountant;Risk Manager;Investment Associate;Financial Controller;"
        "Auditor;Tax Adviser;Treasury Analyst;Credit Analyst;Compliance Officer;"
        "Finance Business Partner;Portfolio Manager;Actuary;Payroll Manager;FP&A Manager",
        "Financial modelling;IFRS;Risk management;Power BI;Valuation;Audit;Forecasting;"
        "Budgeting;Tax compliance;VBA;Credit analysis;AML;Treasury;Consolidation;"
        "Management accounting;Regulatory reporting;Corporate finance;Due diligence",
        "risk models;cash-flow forecasting;audit automation;ESG reporting;regulatory change;"
        "working capital;fraud prevention;pension schemes;capital allocation;"
        "financial inclusion;open banking;cost transformation;tax transparency;"
        "climate risk;payment fraud;liquidity planning",
        "month-end close;the credit risk model;treasury reporting;the audit programme;"
        "the annual budget;group consolidation;the IFRS 16 transition;the VAT return process;"
        "the pricing model;the investor pack;the expenses system;the capital plan;"
        "the KYC backlog;the payroll migration;the cash-flow model;the board reporting pack",
        "Capital;Finance;Partners;Bank;Advisory;Wealth;Investments;Accountants",
        "Accounting;Economics;Finance;Mathematics;Actuarial Science;Business Studies",
        "SAP;Oracle Financials;Xero;Sage;Bloomberg;Alteryx;Anaplan;Hyperion;QuickBooks;"
        "Workiva;Power Query;Python;Excel models",
        "retail banks;hedge funds;family offices;SMEs;charities;pension funds;insurers;"
        "private equity firms;building societies;public bodies",
        "close time;forecast accuracy;audit findings;bad debt;working capital;"
        "reporting errors;cost per transaction;capital ratios;false positives;late payments",
    ),
    _ind(
        "marketing",
        "marketing",
        "Marketing Manager;Content Strategist;SEO Specialist;Brand Manager;Growth Marketer;"
        "Communications Lead;Social Media Manager;Copywriter;PR Manager;Product Marketing Manager;"
        "Marketing Analyst;Creative Director;Events Manager;CRM Manager",
        "SEO;Content strategy;Google Analytics;Copywriting;Brand management;CRM;Social media;"
        "Paid search;Email marketing;Public relations;Market research;HubSpot;Video production;"
        "Event management;Influencer marketing;A/B testing;Storytelling;Adobe Creative Suite",
        "brand strategy;content marketing;attribution;community building;email campaigns;"
        "customer research;sustainable packaging;podcasting;employer branding;"
        "crisis communications;marketing mix models;loyalty schemes;short-form video;"
        "B2B storytelling;local search;inclusive advertising",
        "the brand refresh;our newsletter;paid acquisition;the product launch;"
        "the annual conference;a podcast series;the loyalty app;the website relaunch;"
        "the spring campaign;our customer community;the partner programme;the press office;"
        "a rebrand for 30 stores;the referral scheme;the trade show stand;the social channels",
        "Media;Agency;Digital;Studio;Creative;Communications;Collective;Brands",
        "Marketing;Communications;English Literature;Business Studies;Journalism;Psychology",
        "HubSpot;Salesforce Marketing Cloud;Google Ads;Semrush;Canva;Figma;Mailchimp;Hootsuite;"
        "Looker Studio;Hotjar;Premiere Pro;Meta Ads Manager;WordPress",
        "fashion brands;B2B software firms;charities;restaurants;universities;"
        "consumer apps;breweries;sports clubs;travel companies;councils",
        "organic traffic;open rates;cost per lead;brand awareness;share of voice;"
        "sign-ups;retention;event attendance;click-through rates;press coverage",
    ),
    _ind(
        "education",
        "education",
        "Teacher;Lecturer;Instructional Designer;Curriculum Lead;Education Consultant;"
        "Head of Year;Teaching Assistant;SENCO;Deputy Head;Learning Technologist;"
        "Research Fellow;Admissions Officer;Careers Adviser;Early Years Practitioner",
        "Curriculum design;Classroom management;E-learning;Assessment;Moodle;Coaching;"
        "Safeguarding;SEN support;Lesson planning;Educational research;Behaviour management;"
        "Pastoral care;Blended learning;Phonics;STEM outreach;Tutoring;Exam preparation",
        "assessment;online learning;curriculum design;student wellbeing;EdTech;"
        "reading for pleasure;inclusion;oracy;attendance;feedback that works;"
        "teacher workload;outdoor learning;careers guidance;widening participation;"
        "adult learning;metacognition",
        "the maths curriculum;our online courses;teacher training;the exam programme;"
        "the Year 7 transition;a reading scheme;the science department;the summer school;"
        "the apprenticeship programme;the school library;the debating club;a coding club;"
        "the sixth form timetable;the induction course;the attendance strategy;"
        "the virtual learning environment",
        "Academy;Learning;Education;School;College;Tutors;Institute;Trust",
        "Education;History;Mathematics;Psychology;English;Biology;Geography",
        "Moodle;Google Classroom;Canvas;Articulate Storyline;Seesaw;Kahoot;Arbor;SIMS;"
        "Microsoft Teams;Nearpod;Blackboard;Padlet",
        "primary schools;secondary schools;universities;multi-academy trusts;"
        "adult learners;apprentices;international students;home educators;colleges;"
        "exam boards",
        "attendance;exam results;reading ages;exclusions;course completion;"
        "student satisfaction;teacher retention;progression rates;homework completion;"
        "enrolment",
    ),
    _ind(
        "engineering",
        "manufacturing and engineering",
        "Mechanical Engineer;Process Engineer;Quality Manager;Project Engineer;"
        "Operations Manager;Civil Engineer;Electrical Engineer;Maintenance Manager;"
        "Design Engineer;Production Supervisor;Health and Safety Manager;Structural Engineer;"
        "Controls Engineer;Plant Manager",
        "AutoCAD;Lean manufacturing;Six Sigma;SolidWorks;FMEA;Root cause analysis;"
        "PLC programming;Continuous improvement;ISO 9001;CAD;Project delivery;"
        "Health and safety;Structural analysis;Commissioning;Kaizen;Revit;"
        "Statistical process control",
        "lean manufacturing;predictive maintenance;supply chain;safety culture;CAD workflows;"
        "energy efficiency;net zero;automation;reliability engineering;quality systems;"
        "additive manufacturing;digital twins;apprenticeships;waste reduction;"
        "modular construction;asset management",
        "the assembly line;a plant expansion;the maintenance schedule;supplier audits;"
        "a new bottling line;the paint shop;a bridge refurbishment;the compressed air system;"
        "the ISO 14001 certification;a 40-tonne press;the clean room;the boiler replacement;"
        "the warehouse racking;a flood defence scheme;the robot welding cell;the tooling store",
        "Manufacturing;Engineering;Industries;Works;Fabrication;Automation;Precision;Structures",
        "Mechanical Engineering;Civil Engineering;Chemical Engineering;Physics;"
        "Electrical Engineering;Materials Science",
        "SolidWorks;AutoCAD;MATLAB;Siemens PLCs;SAP PM;Minitab;ANSYS;Revit;Primavera;"
        "Fusion 360;LabVIEW;thermal cameras",
        "car makers;aerospace suppliers;food producers;water companies;rail operators;"
        "housebuilders;defence contractors;chemical plants;wind farm operators;councils",
        "downtime;scrap rates;energy use;lost-time injuries;cycle time;defect rates;"
        "changeover time;maintenance costs;on-time delivery;carbon emissions",
    ),
    _ind(
        "logistics",
        "logistics and supply chain",
        "Logistics Coordinator;Supply Chain Analyst;Warehouse Manager;Fleet Manager;"
        "Procurement Specialist;Transport Planner;Demand Planner;Buyer;Customs Specialist;"
        "Inventory Manager;Operations Analyst;Shipping Coordinator;Category Manager",
        "Supply chain management;SAP;Inventory control;Procurement;Route planning;WMS;"
        "Demand planning;Customs compliance;Supplier management;Incoterms;Forecasting;"
        "Contract negotiation;Fleet management;S&OP;Lean warehousing;Import/export",
        "last-mile delivery;warehouse automation;route planning;inventory accuracy;"
        "supplier diversity;cold chain;reverse logistics;electric fleets;nearshoring;"
        "demand sensing;customs after Brexit;driver retention;packaging waste;"
        "port congestion;safety in the yard",
        "the distribution centre;route planning;inventory control;cross-border shipping;"
        "the returns process;a new cross-dock;the cold store;the tender for 60 vans;"
        "the stock count;the supplier scorecard;the night shift;the transport management system;"
        "a pallet network;the peak season plan;the spare parts catalogue",
        "Logistics;Freight;Transport;Supply;Shipping;Distribution;Cargo;Haulage",
        "Logistics;Business Studies;Geography;Economics;Supply Chain Management",
        "SAP EWM;Manhattan WMS;Oracle SCM;Descartes;Power BI;Kinaxis;Blue Yonder;Excel;"
        "telematics;RF scanners;Coupa",
        "supermarkets;online retailers;pharmaceutical firms;car parts suppliers;"
        "furniture brands;breweries;hospitals;fashion retailers;builders' merchants;"
        "food banks",
        "delivery times;stock accuracy;fuel costs;damages;picking errors;lead times;"
        "empty miles;stock-outs;carbon per parcel;supplier costs",
    ),
    _ind(
        "sales",
        "B2B sales",
        "Account Executive;Sales Manager;Business Development Manager;"
        "Customer Success Manager;Sales Engineer;Key Account Manager;Sales Director;"
        "Partnerships Manager;Inside Sales Representative;Territory Manager;"
        "Bid Manager;Channel Manager;Revenue Operations Analyst",
        "Salesforce;Negotiation;Account management;Lead generation;B2B sales;CRM;"
        "Solution selling;Pipeline management;Forecasting;Cold calling;Tender writing;"
        "Partnerships;Customer retention;Contract negotiation;Sales enablement;MEDDIC",
        "enterprise sales;customer retention;negotiation;pipeline reviews;account planning;"
        "sales enablement;partner ecosystems;pricing;public-sector tenders;"
        "onboarding;social selling;renewal forecasting;value selling;churn",
        "the EMEA pipeline;key accounts;renewals;partner channels;the northern territory;"
        "a framework agreement;the reseller programme;the onboarding playbook;"
        "the Nordics expansion;the trade desk;the top 40 accounts;the bid library;"
        "the customer advisory board;the sales academy;the quoting process",
        "Solutions;Group;Partners;Commerce;Sales;Consulting;Trading;Ventures",
        "Business Studies;Economics;Marketing;Languages;Management;Psychology",
        "Salesforce;HubSpot;Gong;Outreach;LinkedIn Sales Navigator;ZoomInfo;Clari;"
        "Microsoft Dynamics;DocuSign;Pipedrive;Highspot",
        "manufacturers;software vendors;hospital groups;local authorities;hotels;"
        "universities;utilities;law firms;distributors;telecom operators",
        "win rates;churn;deal size;sales cycle length;renewal rates;pipeline coverage;"
        "quota attainment;response times;net revenue retention;discounting",
    ),
)
# fmt: on
_RECRUITER_ROLES = (
    "Technical Recruiter",
    "Talent Acquisition Partner",
    "Senior Recruiter",
    "Head of Talent",
    "Recruitment Consultant",
    "Talent Acquisition Lead",
    "Executive Search Consultant",
    "Recruitment Manager",
    "Talent Partner",
    "Sourcing Specialist",
    "Recruitment Business Partner",
    "People and Talent Manager",
)
_VERBS = (
    ("lead", "led"),
    ("run", "ran"),
    ("build", "built"),
    ("look after", "looked after"),
    ("rebuild", "rebuilt"),
    ("manage", "managed"),
    ("work on", "worked on"),
    ("improve", "improved"),
    ("redesign", "redesigned"),
    ("launch", "launched"),
    ("own", "owned"),
    ("set up", "set up"),
    ("streamline", "streamlined"),
    ("coordinate", "coordinated"),
    ("oversee", "oversaw"),
    ("deliver", "delivered"),
    ("modernise", "modernised"),
    ("automate", "automated"),
    ("scale", "scaled"),
    ("untangle", "untangled"),
    ("introduce", "introduced"),
    ("champion", "championed"),
    ("migrate", "migrated"),
    ("audit", "audited"),
)
_RESULTS = (
    "improving {metric} by {pct}%",
    "with {metric} {pct}% better",
    "saving about {k} hours a month",
    "saving roughly £{money}k a year",
    "growing usage by {pct}%",
    "with a team of {k}",
    "across {k} sites",
    "in {k} countries",
    "on time and under budget",
    "and {metric} improved within {months} months",
    "which {k} teams now rely on",
    "for {big} users",
    "for {client}",
    "with {tool} and {tool2}",
    "in {months} months",
    "working with {client} in {place}",
    "a year ahead of plan",
    "for a budget of £{money}k",
    "now used by {big} people a week",
)

_GENERIC_COMMENTS = (
    "Great post!",
    "Congratulations!",
    "Thanks for sharing!",
    "Very insightful.",
    "Well said!",
    "Amazing!",
    "Love this!",
    "So true!",
    "Inspiring!",
    "Great insights, thanks for sharing",
    "Congrats!",
    "Interesting!",
    "Nice one",
    "Agreed!",
)
_EMOJI = ("", "", "", " 👏", " 🙌", " 👍", " 🔥", "!!")
_CANNED = (
    "I see you looked at my profile and based on your fascinating background "
    "I think we should connect.",
    "I'd like to add you to my professional network.",
    "Hi {first}, I came across your profile and was impressed by your experience. Let's connect!",
    "Hello dear, I would love to be friends with you and know you better.",
    "Your profile stood out to me and I think we could both benefit from connecting.",
    "I'm expanding my network with professionals in {field} and would be glad to connect.",
)
# Rewordings applied to canned messages, as senders (or their scripts) vary them.
_REWORD = {
    "looked at": ("viewed", "checked", "visited"),
    "fascinating": ("impressive", "interesting", "amazing"),
    "background": ("profile", "experience", "career"),
    "I think": ("I believe", "I feel"),
    "connect": ("link up", "get connected", "network"),
    "impressed by": ("inspired by", "amazed by"),
    "Hello dear": ("Hi dear", "Hello friend", "Dear"),
    "stood out to me": ("caught my attention", "caught my eye"),
    "glad": ("happy", "delighted"),
}
_OFFSITE = (
    "Let's continue on WhatsApp: +44 7700 900{num}",
    "Please email me at {user}{num}@mail.example so we can talk privately.",
    "I have a business proposal for you, details here: {link}",
    "Check out this opportunity: {link}",
    "Text me on Telegram @{user}{num}, I rarely check this app.",
)
# Small word swaps a copycat makes in copied text.
_SWAPS = {
    "lead": "head",
    "team": "group",
    "years": "yrs",
    "experience": "background",
    "help": "support",
    "build": "create",
    "built": "created",
    "work": "job",
    "I": "i",
    "and": "&",
    "with": "w/",
    "about": "on",
    "currently": "now",
    "care": "think",
    "the": "our",
    "our": "the",
    "at": "@",
}
_FILLERS = ("really", "also", "truly", "very", "highly", "always")
_TEMPLATE_ABOUTS = (
    "Results-driven {field} professional with a passion for growth and innovation. "
    "Experienced in building strong relationships and delivering value to clients. "
    "Always open to new opportunities and happy to connect with like-minded professionals.",
    "Dynamic and motivated {role} with proven track record of success in {field}. "
    "I believe in hard work, integrity and teamwork. Let's connect and grow together!",
    "Passionate about {field}, business development and helping people reach their goals. "
    "Entrepreneur, investor and lifelong learner. Feel free to reach out.",
    "Experienced {role} helping companies achieve their targets. Strong communication "
    "and leadership skills. Looking forward to connecting with professionals worldwide.",
)
_TEMPLATE_HEADLINES = (
    "{role} | Entrepreneur | Investor",
    "CEO & Founder | {field} | Open to opportunities",
    "Senior {role} at {company}",
    "HR Manager at {company} | Hiring",
    "{role} | Crypto & forex enthusiast",
)


@dataclass(frozen=True)
class Population:
    """A generated population of profiles with labels and archetypes.

    Attributes
    ----------
    profiles : list of Profile
        Validated profiles.
    labels : numpy.ndarray
        ``int8``; 1 = fake, after label noise.
    true_labels : numpy.ndarray
        ``int8``; before label noise.
    kinds : list of str
        The archetype of each profile (keys of :data:`GENUINE_KINDS`, :data:`FAKE_KINDS`);
        classic and ordinary copycats are both ``"fake_copycat"``.
    invitations : list of Invitation or None
        An invitation sent by each profile to a generated recipient (``None`` for some).
    sources : list of str or None
        For copycats, the id of the profile they copied; ``None`` otherwise.
    copied : list of tuple of str
        For copycats, which parts were copied (``"photo"``, ``"about"``, ``"headline"``,
        ``"experience"``, ``"education"``, ``"skills"``); empty otherwise.
    references : list of Profile
        Genuine profiles for a reference index: every profile copied from, every
        colleague (sharing boilerplate text) and a quarter of the other genuine members.
        When the population has no genuine member (``fake_rate=1``), copycats copy
        members generated outside it (ids ``ref-NNNN``), found only here.
    """

    profiles: list[Profile]
    labels: np.ndarray
    true_labels: np.ndarray
    kinds: list[str]
    invitations: list[Invitation | None]
    sources: list[str | None] = field(default_factory=list)
    copied: list[tuple[str, ...]] = field(default_factory=list)
    references: list[Profile] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.profiles)

    def write_jsonl(self, path: str | Path, *, label_field: str = "label") -> Path:
        """Write the profiles as JSON Lines, each with its (noisy) label, for training.

        Parameters
        ----------
        path : str or Path
            The file to write (replaced if it exists).
        label_field : str
            Name of the label field added to each record (1 = fake, 0 = genuine).

        Returns
        -------
        Path
            ``path``.

        Raises
        ------
        ValueError
            When ``label_field`` is empty or is a profile field.

        Notes
        -----
        Photos in the file's folder (or below it) are written as paths
        relative to the file, as :func:`fakeprofile.read_profiles` requires;
        others keep their path (and are refused when read, unless read with a
        ``photo_root`` that holds them).
        """
        if not label_field or label_field in Profile.model_fields:
            raise ValueError(
                f"label_field must be a non-empty name that is not a profile field, "
                f"got {label_field!r}"
            )
        out = Path(path)
        folder = out.resolve().parent
        with out.open("w", encoding="utf-8") as f:
            for profile, label in zip(self.profiles, self.labels, strict=True):
                # Only defaults are left out: a None that differs from its default (lifetime
                # activity, window_days=None) must stay, and so must every section the
                # profile states, empty or not (a missing one would read as unknown).
                record = profile.model_dump(mode="json", exclude_defaults=True)
                if profile.photo is not None:  # readers take photos relative to the file
                    record["photo"] = _relative_photo(profile.photo, folder)
                stated = [k for k in _SECTIONS if k not in record and k in profile.model_fields_set]
                if stated:
                    record.update(profile.model_dump(mode="json", include=set(stated)))
                record[label_field] = int(label)
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per profile: ``id``, ``kind``, ``label``, ``true_label``, ``source``.

        Examples
        --------
        >>> generate(50, seed=1).to_frame().columns.tolist()
        ['id', 'kind', 'label', 'true_label', 'source']
        """
        import pandas as pd

        return pd.DataFrame(
            {
                "id": [p.id for p in self.profiles],
                "kind": self.kinds,
                "label": self.labels,
                "true_label": self.true_labels,
                "source": self.sources or [None] * len(self.profiles),
            }
        )


def _relative_photo(photo: str, folder: Path) -> str:
    """``photo`` relative to ``folder`` when it lies inside it, else as it is."""
    resolved = Path(photo).resolve()
    if folder in resolved.parents:
        return resolved.relative_to(folder).as_posix()
    return photo


# ----------------------------------------------------------------------------- portraits


def _smooth_field(rng: random.Random, grid: int, side: int) -> np.ndarray:
    """A smooth random field of values in about [-1, 1], ``side`` × ``side``.

    A ``grid`` × ``grid`` array of random values upsampled bicubically: the
    larger the grid, the finer the blotches.
    """
    from PIL import Image

    values = np.array([rng.uniform(-1.0, 1.0) for _ in range(grid * grid)], dtype=np.float32)
    img = Image.fromarray(values.reshape(grid, grid), "F")
    return np.asarray(img.resize((side, side), Image.Resampling.BICUBIC))


def _colour(rng: random.Random, low: int = 0, high: int = 255) -> tuple[int, int, int]:
    return (rng.randrange(low, high), rng.randrange(low, high), rng.randrange(low, high))


def _jitter(rng: random.Random, base: tuple[int, int, int], amount: int) -> tuple[int, int, int]:
    r, g, b = (min(255, max(0, c + rng.randrange(-amount, amount + 1))) for c in base)
    return (r, g, b)


_SKINS = (
    (255, 224, 189),
    (241, 194, 125),
    (234, 192, 134),
    (224, 172, 105),
    (198, 134, 66),
    (161, 102, 94),
    (141, 85, 36),
    (92, 56, 30),
)
_HAIRS = (
    (20, 15, 10),
    (45, 30, 20),
    (90, 56, 37),
    (140, 90, 50),
    (180, 140, 80),
    (215, 185, 120),
    (120, 120, 120),
    (200, 200, 200),
    (60, 30, 20),
    (150, 50, 30),
)


def _background(srng: random.Random, b: int) -> Image.Image:
    """The style's backdrop at ``b`` × ``b`` pixels: a scene over a textured gradient."""
    from PIL import Image, ImageDraw, ImageFilter

    # Dark, mid-tone or bright (a white office, a high-key studio): the person is
    # not always the brightest thing in the frame.
    key = srng.choice(((10, 150), (30, 235), (150, 250)))
    top = np.array(_colour(srng, *key), dtype=np.float32)
    bottom = np.array(_colour(srng, max(10, key[0] - 40), key[1]), dtype=np.float32)
    angle = srng.uniform(0, 2 * np.pi)
    yy, xx = np.mgrid[0:b, 0:b] / (b - 1)
    t = (xx - 0.5) * np.cos(angle) + (yy - 0.5) * np.sin(angle) + 0.5
    t = np.clip(t, 0.0, 1.0)[:, :, None]
    pixels = top * (1 - t) + bottom * t
    # Texture: smooth blotches (a painted wall, foliage, a room out of focus), tinted.
    for grid, amplitude in (
        (srng.randrange(3, 6), srng.uniform(25, 60)),
        (
            srng.randrange(7, 13),
            srng.uniform(8, 25),
        ),
    ):
        tint = np.array([srng.uniform(0.4, 1.0) for _ in range(3)], dtype=np.float32)
        pixels += _smooth_field(srng, grid, b)[:, :, None] * amplitude * tint
    back = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(back)
    scene = srng.randrange(5)
    if scene == 0:  # a window: bright panes behind a frame
        x0, y0 = srng.randrange(-10, b - 30), srng.randrange(-10, b // 2)
        w, h = srng.randrange(30, 70), srng.randrange(30, 80)
        sky = _jitter(srng, (215, 230, 245), 30)
        draw.rectangle([x0, y0, x0 + w, y0 + h], fill=sky)
        frame = _colour(srng, 20, 240)
        draw.line([x0 + w // 2, y0, x0 + w // 2, y0 + h], fill=frame, width=3)
        draw.line([x0, y0 + h // 2, x0 + w, y0 + h // 2], fill=frame, width=3)
    elif scene == 1:  # a bookshelf: books of many colours on shelves
        x0 = srng.randrange(-20, b - 20)
        shelf = _colour(srng, 40, 200)
        for row in range(srng.randrange(2, 5)):
            y = row * srng.randrange(18, 30)
            x = x0
            while x < x0 + srng.randrange(30, 80):
                width = srng.randrange(2, 6)
                draw.rectangle([x, y + 2, x + width, y + 18], fill=_colour(srng, 20, 240))
                x += width + 1
            draw.rectangle([x0, y + 18, x, y + 21], fill=shelf)
    elif scene == 2:  # outdoors: a horizon, trees or buildings
        horizon = srng.randrange(b // 4, 3 * b // 4)
        ground = _colour(srng, 20, 150)
        draw.rectangle([0, horizon, b, b], fill=ground)
        for _ in range(srng.randrange(2, 8)):
            x, r = srng.randrange(b), srng.randrange(6, 24)
            shade = _jitter(srng, (60, 110, 50), 50)
            if srng.random() < 0.5:
                draw.ellipse([x - r, horizon - 2 * r, x + r, horizon], fill=shade)
            else:
                draw.rectangle([x - r, horizon - 3 * r, x + r, horizon], fill=_colour(srng))
    elif scene == 3:  # an office: a wall band, a door, a lamp, bokeh
        x0 = srng.randrange(0, b - 15)
        draw.rectangle([x0, 0, x0 + srng.randrange(10, 50), b], fill=_colour(srng, 30, 240))
        for _ in range(srng.randrange(3, 10)):
            x, y, r = srng.randrange(b), srng.randrange(b), srng.randrange(4, 20)
            draw.ellipse([x - r, y - r, x + r, y + r], fill=_colour(srng, 60, 255))
    # scene 4: a studio backdrop, the texture alone
    back = back.filter(ImageFilter.GaussianBlur(srng.uniform(1.0, 2.5)))
    # Light falloff from a point of the frame (a lamp, a window out of view).
    lx, ly, strength = srng.uniform(-0.3, 1.3), srng.uniform(-0.3, 1.3), srng.uniform(0.2, 0.6)
    falloff = 1.0 - strength * np.clip(np.hypot(xx - lx, yy - ly) / 1.4, 0.0, 1.0)
    lit = np.asarray(back, dtype=np.float32) * falloff[:, :, None].astype(np.float32)
    return Image.fromarray(np.clip(lit, 0, 255).astype(np.uint8), "RGB")


def _person(prng: random.Random, s: int) -> Image.Image:
    """The person on a transparent layer ``s`` wide and ``1.5 s`` tall, lit from one side."""
    from PIL import Image, ImageChops, ImageDraw

    # Taller than the frame, so that tilting never shows where the shoulders end.
    layer = Image.new("RGBA", (s, s * 3 // 2), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    skin = _jitter(prng, prng.choice(_SKINS), 14)
    hair = _jitter(prng, prng.choice(_HAIRS), 12)
    jacket = _colour(prng, 10, 245)
    shirt = _colour(prng, 60, 255) if prng.random() < 0.6 else (242, 242, 238)
    cx = s // 2 + prng.randrange(-12, 13)
    hw, hh = prng.randrange(60, 96), prng.randrange(85, 126)
    top = prng.randrange(70, 110)  # top of the face
    chin = top + 2 * hh
    hair_style = prng.randrange(6)
    if hair_style == 1:  # long hair, behind the shoulders
        draw.rectangle(
            [cx - hw - 16, top + 30, cx + hw + 16, chin + prng.randrange(20, 90)], fill=hair
        )
    elif hair_style == 3:  # curly volume
        draw.ellipse([cx - hw - 40, top - 45, cx + hw + 40, top + hh + 50], fill=hair)
    shoulder = prng.randrange(120, 180)
    neck_top = chin - 40
    draw.ellipse([cx - shoulder, chin + 10, cx + shoulder, chin + 400], fill=jacket)
    collar = prng.randrange(22, 45)
    draw.polygon(
        [(cx - collar, chin + 12), (cx + collar, chin + 12), (cx, chin + prng.randrange(60, 120))],
        fill=shirt,
    )
    if prng.random() < 0.25:  # a tie
        tie = _colour(prng, 10, 230)
        draw.polygon([(cx - 8, chin + 20), (cx + 8, chin + 20), (cx, chin + 100)], fill=tie)
    draw.rectangle([cx - 28, neck_top, cx + 28, chin + 22], fill=skin)  # neck
    if hair_style in (0, 1, 2, 5):  # a cap of hair over the head
        draw.ellipse([cx - hw - 8, top - 20, cx + hw + 8, top + 2 * hh - 40], fill=hair)
    if hair_style == 2:  # a bun
        r = prng.randrange(25, 40)
        draw.ellipse([cx - r, top - 20 - 2 * r + 10, cx + r, top - 10], fill=hair)
    draw.ellipse([cx - hw - 10, top + hh - 20, cx - hw + 10, top + hh + 20], fill=skin)  # ears
    draw.ellipse([cx + hw - 10, top + hh - 20, cx + hw + 10, top + hh + 20], fill=skin)
    draw.ellipse([cx - hw, top, cx + hw, chin], fill=skin)  # face
    if hair_style == 5:  # a fringe, parted to one side
        side = prng.choice((-1, 1))
        draw.chord([cx - hw, top - 10, cx + hw, top + prng.randrange(50, 90)], 180, 360, fill=hair)
        draw.polygon(
            [(cx + side * hw, top + 20), (cx - side * 10, top), (cx + side * hw, top + 60)],
            fill=hair,
        )
    ey = top + hh - prng.randrange(0, 20)
    gap = hw // 2 + prng.randrange(-6, 7)
    brow = _jitter(prng, hair, 20)
    for dx in (-gap, gap):
        draw.ellipse([cx + dx - 9, ey - 6, cx + dx + 9, ey + 6], fill=(250, 250, 250))
        iris = prng.choice(((60, 40, 20), (40, 80, 120), (70, 100, 60), (30, 30, 30)))
        draw.ellipse([cx + dx - 4, ey - 4, cx + dx + 4, ey + 4], fill=iris)
        draw.line([cx + dx - 12, ey - 14, cx + dx + 12, ey - 16], fill=brow, width=4)
    nose = (max(0, skin[0] - 35), max(0, skin[1] - 35), max(0, skin[2] - 35))
    draw.arc([cx - 10, ey + 10, cx + 10, ey + 40], 300, 60, fill=nose, width=3)
    mouth_y = ey + prng.randrange(45, 65)
    lips = _jitter(prng, (150, 60, 60), 30)
    width = prng.randrange(22, 40)
    if prng.random() < 0.7:  # a smile
        draw.arc([cx - width, mouth_y - 20, cx + width, mouth_y + 10], 20, 160, fill=lips, width=4)
    else:
        draw.line([cx - width + 8, mouth_y, cx + width - 8, mouth_y], fill=lips, width=4)
    if prng.random() < 0.22:  # a beard
        draw.chord([cx - hw + 6, ey + 10, cx + hw - 6, chin + 12], 20, 160, fill=hair)
    elif prng.random() < 0.1:  # a moustache
        draw.rectangle([cx - 22, mouth_y - 14, cx + 22, mouth_y - 6], fill=hair)
    if prng.random() < 0.45:  # glasses
        frame = _colour(prng, 0, 160)
        lens = prng.randrange(16, 24)
        shape = draw.ellipse if prng.random() < 0.5 else draw.rectangle
        for dx in (-gap, gap):
            shape(
                [cx + dx - lens, ey - lens + 4, cx + dx + lens, ey + lens - 4],
                outline=frame,
                width=3,
            )
    # Key light from one side: the other side of the person falls into shadow.
    angle, depth = prng.uniform(0, 2 * np.pi), prng.uniform(0.15, 0.5)
    q = s // 4
    yy, xx = np.mgrid[0:q, 0:q] / (q - 1)
    ramp = (xx - 0.5) * np.cos(angle) + (yy - 0.5) * np.sin(angle) + 0.5
    light = Image.fromarray((255 * (1 - depth * np.clip(ramp, 0, 1))).astype(np.uint8), "L")
    light = light.resize(layer.size, Image.Resampling.BILINEAR)
    rgb = ImageChops.multiply(layer.convert("RGB"), Image.merge("RGB", (light, light, light)))
    rgb.putalpha(layer.getchannel("A"))
    return rgb


def draw_portrait(seed: int, *, style: int | None = None, size: int = _PHOTO_SIZE) -> Image.Image:
    """Draw a stylised head-and-shoulders portrait, procedurally.

    Parameters
    ----------
    seed : int
        Chooses the person: skin, hair (colour and cut), clothes, face shape and
        features, glasses, the side the light comes from, pose and framing.
    style : int, optional
        Chooses the background: a scene (window, bookshelf, outdoors, office or
        studio backdrop) over a textured gradient, with its colours and light
        falloff. Members of one company share a style, as a company headshot
        template does; by default the style follows ``seed``, so every person
        has a background of their own.
    size : int
        Width and height in pixels.

    Returns
    -------
    PIL.Image.Image
        An RGB image.

    Examples
    --------
    >>> draw_portrait(7, size=128).size
    (128, 128)
    """
    from PIL import Image

    s = _PHOTO_SIZE
    srng = random.Random(f"style-{seed if style is None else style}")
    prng = random.Random(f"person-{seed}")
    # Perceptual hashes look at the low frequencies of the central 70%: backgrounds
    # and lighting vary in layout as much as in colour, so that unrelated portraits
    # do not share them. Drawn at a quarter of the size: blurred anyway, 16x cheaper.
    img = _background(srng, s // 4).resize((s, s), Image.Resampling.BILINEAR)
    layer = _person(prng, s)
    # Scaled, tilted a little (about the chest) and placed in one affine transform,
    # computed for the frame's pixels only: each (X, Y) of the frame reads the layer at
    # the rotated and scaled position of (X - ox, Y - oy).
    tilt = np.radians(prng.uniform(-10, 10))
    scale = prng.uniform(0.6, 1.35)
    side = int(s * scale)
    k = s / side
    cu, cv, cx, cy = side / 2, 3 * side / 4, s / 2, 3 * s / 4
    a, b = k * np.cos(tilt), k * np.sin(tilt)
    ox = (s - side) // 2 + prng.randrange(-100, 101)
    oy = (s - side) // 2 + prng.randrange(-30, 61)
    c, f = cx - a * cu - b * cv, cy + b * cu - a * cv
    layer = layer.transform(
        (s, s),
        Image.Transform.AFFINE,
        (a, b, c - a * ox - b * oy, -b, a, f + b * ox - a * oy),
        Image.Resampling.BILINEAR,
    )
    img.paste(layer, (0, 0), layer)
    if size != s:
        img = img.resize((size, size))
    return img


def _copy_photo(original: Path, target: Path, r: random.Random) -> None:
    """Save a copycat's version of ``original``: mirrored and/or cropped, resized, re-compressed."""
    from PIL import Image, ImageOps

    with Image.open(original) as opened:
        img = opened.convert("RGB")
    if r.random() < 0.6:
        img = ImageOps.mirror(img)
    w, h = img.size
    frac = r.uniform(0.02, 0.08)  # always some crop, so the file never equals the original
    dx, dy = int(w * frac), int(h * frac)
    left, top = _int(r, 0, dx), _int(r, 0, dy)
    img = img.crop((left, top, w - (dx - left), h - (dy - top)))
    side = _int(r, 300, 400)
    img = img.resize((side, side))
    img.save(target, quality=_int(r, 60, 85))


# ----------------------------------------------------------------------------- text helpers


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


# ----------------------------------------------------------------------------- generation


@dataclass
class _Group:
    """A team of colleagues, or a batch of template fakes, sharing text and style."""

    industry: _Industry
    company: str
    about: str
    headline: str
    style: int


def _check_args(
    n: object, fake_rate: object, label_noise: object, with_photos: bool, photo_dir: object
) -> None:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be an integer ≥ 1, got {n!r}")
    for name, value, high in (("fake_rate", fake_rate, 1.0), ("label_noise", label_noise, 0.5)):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0.0 <= float(value) <= high
        ):
            raise ValueError(f"{name} must be in [0, {high:g}], got {value!r}")
    if with_photos and photo_dir is None:
        raise ValueError("photo_dir must be given when with_photos=True, got None")


def generate(
    n: int,
    *,
    fake_rate: float = 0.2,
    label_noise: float = 0.02,
    with_photos: bool = False,
    photo_dir: str | Path | None = None,
    today: dt.date = dt.date(2026, 11, 25),
    seed: int = 0,
) -> Population:
    """Generate a labelled population of genuine and fake profiles.

    The archetypes, rates and other assumptions are described in the module
    docstring. The same arguments always give the same population.

    Parameters
    ----------
    n : int
        Number of profiles (≥ 1).
    fake_rate : float
        Share of fakes in [0, 1]; exactly ``round(n * fake_rate)`` profiles are fake
        before label noise.
    label_noise : float
        Probability in [0, 0.5] that a label is flipped (``labels`` vs ``true_labels``).
    with_photos : bool
        Draw a JPEG portrait for every profile with a photo into ``photo_dir``
        (copycats get a mirrored/cropped/re-compressed copy of their original's file).
        Without photos, ``photo`` is ``None`` and ``has_photo`` says whether there is one.
    photo_dir : str or Path, optional
        Folder for the photos (created if missing); required with ``with_photos``.
        Profiles' ``photo`` fields hold ``photo_dir / "<id>.jpg"``.
    today : date
        The reference date: accounts are created and activity happens before it.
        It may not be in the future, since profiles with future dates are refused.
    seed : int
        Seed of :func:`numpy.random.default_rng`; every random choice follows from it.

    Returns
    -------
    Population

    Raises
    ------
    ValueError
        When an argument is out of range, naming it and its allowed range.

    Examples
    --------
    >>> pop = generate(200, fake_rate=0.25, seed=3)
    >>> len(pop.profiles), int(pop.true_labels.sum())
    (200, 50)
    """
    _check_args(n, fake_rate, label_noise, with_photos, photo_dir)
    if not isinstance(today, dt.date):
        raise ValueError(f"today must be a datetime.date, got {today!r}")
    if isinstance(today, dt.datetime):
        today = today.date()
    now = dt.datetime.now(dt.UTC).date()
    if today > now + dt.timedelta(days=1):
        raise ValueError(
            f"today must not be after the current date ({now.isoformat()}), got {today.isoformat()}"
        )
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be an integer ≥ 0, got {seed!r}")
    generator = _Generator(int(n), float(fake_rate), float(label_noise), today, int(seed))
    # Generation allocates millions of long-lived, acyclic objects; the cyclic garbage
    # collector would rescan them over and over (about 45% of the run time at n=100,000),
    # so it is paused for the run and restored afterwards.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return generator.run(Path(photo_dir) if with_photos and photo_dir is not None else None)
    finally:
        if was_enabled:
            gc.enable()


def reference_profiles(population: Population) -> list[Profile]:
    """The genuine profiles to register in a reference index for this population.

    Every profile a copycat copied from, every colleague (whose shared boilerplate
    makes genuine members match each other) and a quarter of the other genuine
    members, so that the copy signals fire on copycats and, sometimes, on genuine
    colleagues.

    Parameters
    ----------
    population : Population
        As returned by :func:`generate`.

    Returns
    -------
    list of Profile

    Examples
    --------
    >>> pop = generate(300, seed=2)
    >>> sources = {s for s in pop.sources if s}
    >>> sources <= {p.id for p in reference_profiles(pop)}
    True
    """
    return list(population.references)


class _Generator:
    """One generation run: shared state between the builders."""

    def __init__(self, n: int, fake_rate: float, noise: float, today: dt.date, seed: int):
        self.n = n
        self.fake_rate = fake_rate
        self.noise = noise
        self.today = today
        self.rng = np.random.default_rng(seed)
        # Scalar choices (words, templates) go through random.Random, seeded from the
        # numpy generator: a pick costs ~0.4 µs against ~4 µs for a scalar numpy draw.
        self.r = random.Random(int(self.rng.integers(2**63)))
        self.midnight = dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)

    # -------------------------------------------------------------- numbers per archetype

    def _numbers(self, kinds: np.ndarray) -> dict[str, np.ndarray]:
        """Vectorised draws of every numeric field, archetype by archetype."""
        n = len(kinds)
        rng = self.rng
        out = {
            k: np.zeros(n)
            for k in ("age", "connections", "followers", "following", "level", "u_act")
        }
        out["counts"] = np.zeros((n, 6))
        for name, spec in _SPECS.items():
            idx = np.flatnonzero(kinds == name)
            m = len(idx)
            if m == 0:
                continue
            med, sig, lo, hi = spec.age
            age = np.clip(med * np.exp(sig * rng.standard_normal(m)), lo, hi)
            if name == "fake_copycat":  # 35% aged (bought or taken over) accounts
                aged = rng.random(m) < 0.35
                age[aged] = rng.uniform(400, 2500, aged.sum())
            out["age"][idx] = age
            conn = spec.connections[0] * np.exp(spec.connections[1] * rng.standard_normal(m))
            conn = np.minimum(conn, 30_000)  # the platform's connection cap
            out["connections"][idx] = conn
            ratio = spec.followers_ratio[0] * np.exp(
                spec.followers_ratio[1] * rng.standard_normal(m)
            )
            out["followers"][idx] = conn * ratio
            out["following"][idx] = spec.following[0] * np.exp(
                spec.following[1] * rng.standard_normal(m)
            )
            level = rng.gamma(spec.shape, 1.0 / spec.shape, m)
            out["level"][idx] = level
            lam = np.outer(level, np.asarray(spec.rates))
            out["counts"][idx] = rng.poisson(lam)
        out["u_act"] = rng.random(n)
        return out

    # ------------------------------------------------------------------------- builders

    def _person(
        self, r: random.Random, ind: _Industry | None = None, names: tuple[str, str] | None = None
    ) -> _Person:
        first, last = names or (_pick(r, _FIRST), _pick(r, _LAST))
        ind = ind or _pick(r, _INDUSTRIES)
        return _Person(
            first,
            last,
            _pick(r, _CITIES),
            ind,
            _pick(r, ind.roles),
            _company(r, ind),
            _int(r, 2, 25),
        )

    def _experience(
        self, r: random.Random, p: _Person, age_days: float, positions: int, described: float
    ) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        end: dt.date | None = None
        cursor = self.today - dt.timedelta(days=_int(r, 30, 400))
        span_left = max(age_days + _int(r, 0, 3000), 200.0)
        for i in range(positions):
            length = _int(r, 180, 2200)
            start = cursor - dt.timedelta(days=length)
            if span_left <= 0 and i > 0:
                break
            span_left -= length
            role = p.role if i == 0 else _pick(r, p.industry.roles)
            company = p.company if i == 0 else _company(r, p.industry)
            item: dict[str, Any] = {
                "title": role,
                "company": company,
                "start": start.replace(day=1),
                "end": None if end is None else end.replace(day=1),
            }
            if r.random() < described:
                item["description"] = _description(r, p, role)
            out.append(item)
            end = start - dt.timedelta(days=_int(r, 0, 120))
            cursor = end
        return out

    def _education(self, r: random.Random, p: _Person, count: int) -> list[dict[str, Any]]:
        out = []
        for _ in range(count):
            year = self.today.year - p.years - _int(r, 0, 4)
            out.append(
                {
                    "school": _school(r),
                    "degree": _pick(r, ("BSc", "BA", "MSc", "MA", "MBA", "BEng", "PhD")),
                    "field": _pick(r, p.industry.degrees),
                    "start": str(year - 3),
                    "end": str(year),
                }
            )
        return out

    def _skills(self, r: random.Random, p: _Person, count: int) -> list[str]:
        pool = list(p.industry.skills) + list(_GENERAL_SKILLS)
        return r.sample(pool, min(count, len(pool)))

    def _activity(
        self, i: int, kind: str, p: _Person, counts: np.ndarray, age_days: float, u: float
    ) -> tuple[dict[str, Any] | None, list[dict[str, Any]] | None]:
        """Activity totals or timed events (or neither) for profile ``i``."""
        r = self.r
        spec = _SPECS[kind]
        if u < spec.no_activity:
            return None, None
        c = [int(x) for x in counts]
        generic = spec.generic
        if u > 0.94:  # timed events instead of totals
            total = sum(c)
            if total > _MAX_EVENTS:
                c = [int(x * _MAX_EVENTS / total) for x in c]
            return None, self._events(kind, p, c, generic)
        w = r.random()
        window: int | None
        if w < 0.80:
            window = 90
        elif w < 0.95:
            window = None
            scale = max(age_days, 1.0) / 90 * r.uniform(0.3, 0.9)  # activity wanes over years
            c = [int(x * scale + r.random()) for x in c]
        else:
            window = _pick(r, (30, 365))
            c = [int(x * window / 90 + r.random()) for x in c]
        texts = [
            _generic_comment(r) if r.random() < generic else _substantive_comment(r, p)
            for _ in range(min(c[1], _MAX_COMMENT_TEXTS))
        ]
        activity: dict[str, Any] = {
            "window_days": window,
            "likes": c[0],
            "comments": c[1],
            "shares": c[2],
            "shares_with_comment": c[3],
            "posts": c[4],
            "articles": c[5],
            "comment_texts": texts,
        }
        return activity, None

    def _events(
        self, kind: str, p: _Person, counts: list[int], generic: float
    ) -> list[dict[str, Any]]:
        r = self.r
        types = ("like", "comment", "share", "share_with_comment", "post", "article")
        seq = [t for t, k in zip(types, counts, strict=True) for _ in range(k)]
        r.shuffle(seq)
        bursty = kind == "fake_farm" or (kind.startswith("fake_") and r.random() < 0.5)
        times: list[dt.datetime] = []
        if bursty:
            # Bursts at nearly regular intervals (a script or a farm shift).
            step = r.uniform(15, 90)
            start = self.midnight - dt.timedelta(days=r.uniform(2, 88))
            for j in range(len(seq)):
                if j and r.random() < 0.04:  # next burst
                    start = self.midnight - dt.timedelta(days=r.uniform(1, 88))
                    times.append(start)
                    continue
                prev = times[-1] if times else start
                times.append(prev + dt.timedelta(seconds=step * r.uniform(0.9, 1.1)))
        else:
            for _ in seq:
                day = self.midnight - dt.timedelta(days=_int(r, 1, 89))
                hour = min(max(r.gauss(14, 3.5), 6.0), 23.5)
                times.append(day + dt.timedelta(hours=hour, seconds=_int(r, 0, 59)))
        events: list[dict[str, Any]] = []
        for t, at in zip(seq, times, strict=True):
            at = min(at, self.midnight - dt.timedelta(seconds=1))
            event: dict[str, Any] = {"type": t, "at": at}
            if t == "comment":
                event["text"] = (
                    _generic_comment(r) if r.random() < generic else _substantive_comment(r, p)
                )
            events.append(event)
        events.sort(key=lambda e: e["at"])
        return events

    def _base(
        self, i: int, kind: str, nums: dict[str, np.ndarray], odd: bool
    ) -> tuple[dict[str, Any], _Person]:
        """The parts every archetype has: name, dates, counts, activity, photo presence."""
        r = self.r
        spec = _SPECS[kind]
        first, last, name, user = _name_and_username(r, odd)
        p = self._person(r, names=(first, last))
        age = float(nums["age"][i])
        created = self.today - dt.timedelta(days=int(age))
        activity, events = self._activity(
            i, kind, p, nums["counts"][i], age, float(nums["u_act"][i])
        )
        rec: dict[str, Any] = {
            "id": self.ids[i],
            "name": name,
            "username": user,
            "location": f"{p.city[0]}, {p.city[1]}",
            "created_at": created,
            "connections": int(nums["connections"][i]),
            "followers": int(nums["followers"][i]),
            "following": int(nums["following"][i]),
            "has_photo": r.random() >= spec.no_photo,
            "activity": activity,
            "events": events,
        }
        if kind == "genuine_graduate":
            p.years = _int(r, 1, 2)
        return rec, p

    def _genuine(self, i: int, kind: str, nums: dict[str, np.ndarray]) -> dict[str, Any]:
        r = self.r
        spec = _SPECS[kind]
        group = self.groups.get(i) if kind == "genuine_colleague" else None
        rec, p = self._base(i, kind, nums, r.random() < spec.odd_name)
        age = float(nums["age"][i])
        if kind == "genuine_recruiter":
            p.role = _pick(r, _RECRUITER_ROLES)
        if group is not None:
            p.industry, p.company = group.industry, group.company
            p.role = _pick(r, group.industry.roles)
        positions = {"genuine_graduate": _int(r, 0, 1), "genuine_lurker": _int(r, 1, 4)}.get(
            kind, _int(r, 1, 5)
        )
        rec["experience"] = self._experience(r, p, age, positions, 0.6)
        rec["headline"] = _headline(r, p, kind)
        if group is not None:
            rec["headline"] = f"{p.role} at {p.company}"
            # The team's blurb goes where staff paste it, the description of the
            # current position (with or without a personal sentence); the about
            # text stays their own.
            blurb = group.about
            if r.random() < 0.5:
                blurb += " " + _about(r, p).split(". ")[0].rstrip(".") + "."
            if rec["experience"]:
                rec["experience"][0]["description"] = blurb
        if r.random() >= spec.no_about:
            rec["about"] = _about(r, p)
        rec["education"] = self._education(r, p, _pick(r, (0, 1, 1, 1, 2)))
        rec["skills"] = self._skills(r, p, _int(r, 0, 12))
        self.persons[i] = p
        return rec

    def _fake(self, i: int, kind: str, nums: dict[str, np.ndarray]) -> dict[str, Any]:
        r = self.r
        spec = _SPECS[kind]
        if kind == "fake_copycat":
            j = self._original(i, nums)  # before the record: it may make the account younger
            mimic = self.mimic.get(i)
            if mimic is not None:  # ordinary: built like a genuine member of kind ``mimic``
                rec = self._genuine(i, mimic, nums)
                return self._copycat(i, j, rec, self.persons[i], ordinary=True)
            rec, p = self._base(i, kind, nums, r.random() < spec.odd_name)
            return self._copycat(i, j, rec, p, ordinary=False)
        rec, p = self._base(i, kind, nums, r.random() < spec.odd_name)
        age = float(nums["age"][i])
        if kind == "fake_template":
            group = self.groups[i]
            p.industry, p.company = group.industry, group.company
            rec["headline"] = group.headline
            rec["about"] = group.about if r.random() < 0.7 else _perturb(group.about, r, 0.05)
            if r.random() < spec.no_about:
                del rec["about"]
            rec["experience"] = [
                {
                    "title": group.headline.split(" | ")[0].split(" at ")[0],
                    "company": group.company,
                    "start": f"{self.today.year - _int(r, 1, 6)}-{_int(r, 1, 12):02d}",
                }
            ]
            rec["skills"] = self._skills(r, p, _int(r, 0, 5))
        else:  # unique, farm and patient fakes: written like a genuine member
            if r.random() >= spec.no_about:
                rec["about"] = (
                    _about(r, p)
                    if kind != "fake_farm" or r.random() < 0.5
                    else _fill(r, _pick(r, _TEMPLATE_ABOUTS), p)
                )
            rec["headline"] = _pick(
                r, (f"{p.role} at {p.company}", f"{p.role} | {_upper_first(p.industry.field)}")
            )
            positions = _int(r, 0, 2) if kind == "fake_farm" else _int(r, 1, 3)
            rec["experience"] = self._experience(r, p, age, positions, 0.35)
            rec["education"] = self._education(r, p, _pick(r, (0, 0, 1)))
            rec["skills"] = self._skills(r, p, _int(r, 0, 8))
        self.persons[i] = p
        return rec

    def _original(self, i: int, nums: dict[str, np.ndarray]) -> int:
        """The record copycat ``i`` copies: one whose account is older than ``i``'s.

        Drawn uniformly among the candidates at least :data:`_ORIGINAL_OLDER_DAYS`
        older. When there is none (an account as old as the oldest candidates), it
        is drawn among all candidates at least that old, and the copycat's account
        is made younger than it.
        """
        r = self.r
        ages = self.original_ages  # ascending, aligned with self.originals
        age = float(nums["age"][i])
        low = bisect.bisect_left(ages, int(age) + _ORIGINAL_OLDER_DAYS)
        if low == len(ages):
            low = bisect.bisect_left(ages, _ORIGINAL_OLDER_DAYS)
            low = low if low < len(ages) else 0
            k = low + int(r.random() * (len(ages) - low))
            nums["age"][i] = max(ages[k] - _ORIGINAL_OLDER_DAYS, 0) * r.uniform(0.5, 1.0)
            return self.originals[k]
        return self.originals[low + int(r.random() * (len(ages) - low))]

    def _copycat(
        self, i: int, j: int, rec: dict[str, Any], p: _Person, *, ordinary: bool
    ) -> dict[str, Any]:
        """Copy record ``j``'s photo and/or texts into copycat ``i``'s record ``rec``.

        A classic copycat has only what it copied (or a thin, generic text of its
        own); an ordinary one keeps the genuine-like texts it was built with where
        it copied nothing, and every section is filled in.
        """
        r = self.r
        orig = self.records[j]
        self.sources[i] = orig["id"]
        mode = r.random()
        parts: list[str] = []
        if mode < 0.8:  # photo copied (with or without text)
            parts.append("photo")
            rec["has_photo"] = True
        elif not ordinary:  # an ordinary copycat keeps its genuine-like draw
            rec["has_photo"] = r.random() >= 0.1
        rate = r.uniform(0.0, 0.08)
        if mode < 0.6 or mode >= 0.8:  # text copied
            if orig.get("about"):
                rec["about"] = _perturb(orig["about"], r, rate)
                parts.append("about")
            if orig.get("headline") and r.random() < 0.85:
                rec["headline"] = orig["headline"]  # too short to edit unnoticed
                parts.append("headline")
            if orig.get("experience") and r.random() < 0.8:
                rec["experience"] = [
                    {
                        **e,
                        **(
                            {"description": _perturb(e["description"], r, rate)}
                            if e.get("description")
                            else {}
                        ),
                    }
                    for e in orig["experience"]
                ]
                parts.append("experience")
            if orig.get("education") and r.random() < 0.5:
                rec["education"] = [dict(e) for e in orig["education"]]
                parts.append("education")
            if orig.get("skills") and r.random() < 0.7:
                rec["skills"] = list(orig["skills"])
                parts.append("skills")
        elif not ordinary:  # photo only: own thin, generic text
            if r.random() < 0.5:
                rec["about"] = _fill(r, _pick(r, _TEMPLATE_ABOUTS), p)
            rec["headline"] = f"{p.role} at {p.company}"
        if "headline" not in rec:
            rec["headline"] = f"{p.role} at {p.company}"
        if r.random() < 0.5:  # same city as the original, to look local
            rec["location"] = orig["location"]
        if ordinary:  # every section filled in, with a genuine member's builders
            age = (self.today - rec["created_at"]).days
            if not rec.get("about"):
                rec["about"] = _about(r, p)
            if not rec.get("experience"):
                rec["experience"] = self._experience(r, p, age, _int(r, 1, 3), 0.6)
            if not rec.get("education"):
                rec["education"] = self._education(r, p, _pick(r, (1, 1, 1, 2)))
            if len(rec.get("skills") or ()) < 3:
                rec["skills"] = self._skills(r, p, _int(r, 3, 12))
        if not ordinary or parts != ["photo"]:  # it presents itself as the original's persona
            op = self.persons[j]
            self.persons[i] = _Person(
                p.first, p.last, p.city, op.industry, op.role, op.company, op.years
            )
        self.copied[i] = tuple(parts)
        return rec

    # --------------------------------------------------------------------- invitations

    def _message(
        self, sender: _Person, kind: str, recipient: Profile
    ) -> tuple[str | None, list[str]]:
        r = self.r
        spec = _SPECS[kind]
        first = (recipient.name or "there").split()[0].capitalize()
        u = r.random()
        links: list[str] = []
        if u < 0.15:
            return None, links
        if u < 0.15 + spec.personal * 0.85:
            employer = recipient.experience[0].company if recipient.experience else None
            role = recipient.experience[0].title if recipient.experience else None
            school = recipient.education[0].school if recipient.education else None
            options = []
            if employer:
                options.append(
                    f"Hi {first}, I saw you're at {employer}. We work on similar problems at "
                    f"{sender.company} and I'd enjoy comparing notes."
                )
            if role:
                options.append(
                    f"Hi {first}, as a fellow {sender.industry.field} person I liked your take "
                    f"as {role.lower()} on {_pick(r, sender.industry.topics)}. Would be great "
                    "to connect."
                )
            if school:
                options.append(
                    f"Hi {first}, I noticed we both studied at {school}. I'm {sender.role} at "
                    f"{sender.company} now, happy to connect."
                )
            if options:
                message = _pick(r, options)
            else:
                message = f"Hi {first}, we met at the {sender.industry.field} meetup in " + (
                    f"{sender.city[0]}. Good to stay in touch."
                )
        else:
            if kind.startswith("fake_"):
                canned = _pick(r, _CANNED)
            elif r.random() < 0.6:  # genuine members mostly keep the platform's default
                canned = _CANNED[1]
            else:  # ...or a polite opener; the flattering one is rare, "dear" never
                polite: tuple[str, ...] = _CANNED[1:3] + _CANNED[4:]
                if r.random() < 0.1:
                    polite += _CANNED[:1]
                canned = _pick(r, polite)
            message = _reword(canned.format(first=first, field=sender.industry.field), r)
        if r.random() < spec.offsite:
            user = sender.first.lower()
            link = f"https://{_pick(r, ('bit', 'go', 'jobs'))}.example/{r.getrandbits(32):08x}"
            extra = _pick(r, _OFFSITE).format(user=user, num=_int(r, 100, 999), link=link)
            if kind == "genuine_recruiter":
                extra = f"Here is the role I mentioned: {link}"
            message = f"{message} {extra}"
            if link in extra:
                links.append(link)
        return message, links

    def _invitations(self, profiles: list[Profile]) -> list[Invitation | None]:
        r = self.r
        pool = self.recipients
        out: list[Invitation | None] = []
        for i, (prof, kind) in enumerate(zip(profiles, self.kinds, strict=True)):
            if not pool or r.random() >= _SPECS[kind].invite:
                out.append(None)
                continue
            recipient = pool[r.randrange(len(pool))]
            if recipient.id == prof.id:
                recipient = pool[(pool.index(recipient) + 1) % len(pool)]
                if recipient.id == prof.id:
                    out.append(None)
                    continue
            message, links = self._message(self.persons[i], kind, recipient)
            median = 6.0 if kind.startswith("fake_") else 9.0
            mutual = int(median * np.exp(1.1 * self.rng.standard_normal()))
            sent = self.midnight - dt.timedelta(minutes=_int(r, 60, 30 * 24 * 60))
            out.append(
                Invitation.model_validate(
                    {
                        "id": f"inv-{prof.id}",
                        "sender": prof,
                        "message": message,
                        "mutual_connections": mutual,
                        "links": links,
                        "recipient": recipient,
                        "sent_at": sent,
                    }
                )
            )
        return out

    # --------------------------------------------------------------------------- run

    def _groups(self, kind: str, low: int, high: int) -> None:
        """Split the profiles of ``kind`` into teams/batches sharing text and a photo style."""
        r = self.r
        members = [i for i, k in enumerate(self.kinds) if k == kind]
        r.shuffle(members)
        pos = 0
        while pos < len(members):
            size = _int(r, low, high)
            ind = _pick(r, _INDUSTRIES)
            company = _company(r, ind)
            lead = self._person(r, ind)
            lead.company = company
            if kind == "genuine_colleague":
                team = _pick(r, ind.objects)
                about = (
                    f"We are the team behind {team} at {company}. "
                    + _fill(
                        r,
                        _pick(
                            r,
                            (
                                "We work on {topic} and {topic2} for customers in {city}.",
                                "Our mission: make {topic} simple for everyone in {field}.",
                                "We care about {topic}, {topic2} and each other.",
                            ),
                        ),
                        lead,
                    )
                    + " We are hiring!"
                )
                headline = ""
            else:
                about = _fill(r, _pick(r, _TEMPLATE_ABOUTS), lead)
                headline = _fill(r, _pick(r, _TEMPLATE_HEADLINES), lead)
            group = _Group(ind, company, about, headline, r.getrandbits(31))
            for i in members[pos : pos + size]:
                self.groups[i] = group
            pos += size

    def run(self, photo_dir: Path | None) -> Population:
        n, rng, r = self.n, self.rng, self.r
        n_fake = round(n * self.fake_rate)
        gen_names, gen_p = list(GENUINE_KINDS), np.array(list(GENUINE_KINDS.values()))
        fake_names, fake_p = list(FAKE_KINDS), np.array(list(FAKE_KINDS.values()))
        drawn = np.concatenate(
            [
                rng.choice(np.array(gen_names), size=n - n_fake, p=gen_p / gen_p.sum()),
                rng.choice(np.array(fake_names), size=n_fake, p=fake_p / fake_p.sum()),
            ]
        )
        kinds_arr = drawn[rng.permutation(n)]
        self.kinds: list[str] = [str(k) for k in kinds_arr]
        width = max(6, len(str(n - 1)))
        self.ids = [f"syn-{i:0{width}d}" for i in range(n)]
        # Ordinary copycats: their numbers (age, network, activity) are drawn from the
        # spec of a genuine archetype (drawn in the genuine class's proportions).
        copycats = np.flatnonzero(kinds_arr == "fake_copycat")
        ordinary = copycats[rng.random(len(copycats)) < _ORDINARY_COPYCATS]
        mimics = rng.choice(np.array(gen_names), size=len(ordinary), p=gen_p / gen_p.sum())
        self.mimic: dict[int, str] = {int(i): str(k) for i, k in zip(ordinary, mimics, strict=True)}
        shapes = kinds_arr.astype(object)
        shapes[ordinary] = mimics
        nums = self._numbers(shapes)
        self.groups: dict[int, _Group] = {}
        self._groups("genuine_colleague", 3, 8)
        self._groups("fake_template", 3, 25)
        self.persons: dict[int, _Person] = {}
        self.sources: list[str | None] = [None] * n
        self.copied: list[tuple[str, ...]] = [()] * n
        self.records: list[dict[str, Any]] = [{} for _ in range(n)]
        genuine = [i for i, k in enumerate(self.kinds) if k.startswith("genuine_")]
        for i in genuine:
            self.records[i] = self._genuine(i, self.kinds[i], nums)
        # Extra genuine members outside the population, to copy from and invite,
        # when the population has none (fake_rate = 1).
        extra: list[int] = []
        if not genuine:
            m = 20
            extra_kinds = rng.choice(np.array(["genuine_writer", "genuine_commenter"]), size=m)
            extra_nums = self._numbers(extra_kinds)
            saved_ids = self.ids
            self.ids = [f"ref-{j:04d}" for j in range(m)]
            for j in range(m):
                self.records.append(self._genuine_extra(j, str(extra_kinds[j]), extra_nums))
                extra.append(n + j)
            self.ids = saved_ids
        candidates = [
            i
            for i in (genuine or extra)
            if self.records[i].get("about") and self.records[i]["has_photo"]
        ] or (genuine or extra)
        # Sorted by account age, so that a copycat draws among the older ones.
        ages = [(self.today - self.records[i]["created_at"]).days for i in candidates]
        order = sorted(range(len(candidates)), key=ages.__getitem__)
        self.originals = [candidates[k] for k in order]
        self.original_ages = [ages[k] for k in order]
        for i, kind in enumerate(self.kinds):
            if kind.startswith("fake_"):
                self.records[i] = self._fake(i, kind, nums)
        for rec in self.records:  # an empty section is known to be empty: say so
            for key, empty in _SECTIONS.items():
                rec.setdefault(key, type(empty)())
        if photo_dir is not None:
            self._photos(photo_dir, len(self.records))
        everything = [Profile.model_validate(rec) for rec in self.records]
        self.records = []  # the dicts are no longer needed: halves the peak memory
        profiles = everything[:n]
        self.recipients = [everything[i] for i in (genuine or extra)]
        invitations = self._invitations(profiles)
        true_labels = np.array([k.startswith("fake_") for k in self.kinds], dtype=np.int8)
        flips = rng.random(n) < self.noise
        labels = np.where(flips, 1 - true_labels, true_labels).astype(np.int8)
        copied_from = {s for s in self.sources if s is not None}
        by_id = {p.id: p for p in everything}
        refs = [by_id[s] for s in sorted(copied_from)]
        for i in genuine:
            pid = self.ids[i]
            if pid in copied_from:
                continue
            if self.kinds[i] == "genuine_colleague" or r.random() < 0.25:
                refs.append(everything[i])
        return Population(
            profiles=profiles,
            labels=labels,
            true_labels=true_labels,
            kinds=list(self.kinds),
            invitations=invitations,
            sources=self.sources,
            copied=self.copied,
            references=refs,
        )

    def _genuine_extra(self, j: int, kind: str, nums: dict[str, np.ndarray]) -> dict[str, Any]:
        """A genuine member outside the population (ids ``ref-NNNN``)."""
        saved = self.persons
        self.persons = {}
        rec = self._genuine(j, kind, nums)
        person = self.persons[j]
        self.persons = saved
        self.persons[self.n + j] = person
        return rec

    def _photos(self, photo_dir: Path, count: int) -> None:
        """Draw every portrait; copycats' photos are copies of their originals' files."""
        photo_dir.mkdir(parents=True, exist_ok=True)
        index = {rec["id"]: i for i, rec in enumerate(self.records)}
        copies: list[int] = []
        for i in range(count):
            rec = self.records[i]
            if not rec["has_photo"]:
                continue
            if i < self.n and "photo" in self.copied[i]:
                copies.append(i)
                continue
            group = self.groups.get(i)
            # Colleagues share a headshot style; template batches do not.
            style = group.style if group is not None and i < self.n else None
            if i < self.n and self.kinds[i] != "genuine_colleague":
                style = None
            path = photo_dir / f"{rec['id']}.jpg"
            seed = int.from_bytes(rec["id"].encode()[-8:], "big") ^ self.r.getrandbits(48)
            draw_portrait(seed, style=style).save(path, quality=88)
            rec["photo"] = str(path)
        for i in copies:
            rec = self.records[i]
            source = self.records[index[self.sources[i] or ""]]
            path = photo_dir / f"{rec['id']}.jpg"
            if source.get("photo"):
                _copy_photo(Path(source["photo"]), path, self.r)
            else:  # the original has no photo: the copycat's is a portrait of its own
                draw_portrait(self.r.getrandbits(48)).save(path, quality=88)
            rec["photo"] = str(path)


def _word_overlap(a: str, b: str) -> float:
    """Jaccard overlap of the lower-cased word sets of two texts (used by the tests)."""
    wa, wb = set(a.lower().split()), set(b.lower().split())
    if not wa and not wb:
        return 1.0
    return len(wa & wb) / len(wa | wb)


def _summary(population: Population) -> dict[str, dict[str, float]]:
    """Missing-data rates per class, as documented in the module docstring."""
    out: dict[str, dict[str, float]] = {}
    for label, name in ((0, "genuine"), (1, "fake")):
        sel: Sequence[Profile] = [
            p
            for p, t in zip(population.profiles, population.true_labels, strict=True)
            if t == label
        ]
        m = max(len(sel), 1)
        out[name] = {
            "no_activity": sum(p.activity_totals() is None for p in sel) / m,
            "no_photo": sum(p.photo_known is False for p in sel) / m,
            "no_about": sum(not p.about for p in sel) / m,
        }
    return out
