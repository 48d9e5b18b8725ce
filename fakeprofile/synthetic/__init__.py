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
  member; the original's account is at least 30 days older than the copy's,
  so the copy signals' "older" counts fire (a copycat as old as the oldest
  candidates is made younger), except that 30% of the copycats on accounts over
  400 days old (bought or taken over) copy a member of any age, so for them the
  dates point the wrong way. Two shapes, half each:

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
(``benchmarks/bench_synthetic_matches.py``). Text is shared by design by
colleagues (their team's boilerplate) and by fakes: template batches, and the
stock abouts of half the farms and of classic photo-only copycats. And 15% of
the members who write an about text of their own, genuine and fake alike, write
it mostly in commonplace lines ("Views my own.", "Lifelong learner.", "Passionate
about {field}.": two to four of 30, sometimes with one sentence of their own), so
two members can share whole sentences with no copying: the second population
(``benchmarks/_network.py``) showed genuine members flagged for exactly that.
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

Layout
------
The package has one module per concern; everything public is imported here.

* :mod:`~fakeprofile.synthetic.archetypes`: the archetypes' shares and distributions.
* :mod:`~fakeprofile.synthetic.vocabulary`: word lists (names, cities, industries, stock texts).
* :mod:`~fakeprofile.synthetic.prose`: bios, headlines, job descriptions, comments, names.
* :mod:`~fakeprofile.synthetic.portraits`: portrait drawing and copycats' photo copies.
* :mod:`~fakeprofile.synthetic.generator`: :func:`generate`, the generation run.
* :mod:`~fakeprofile.synthetic.population`: :class:`Population` and its output.
"""

from __future__ import annotations

from .archetypes import FAKE_KINDS, GENUINE_KINDS
from .generator import _Generator as _Generator
from .generator import generate
from .population import _SECTIONS as _SECTIONS
from .population import Population, reference_profiles
from .population import _summary as _summary
from .portraits import _copy_photo as _copy_photo
from .portraits import draw_portrait
from .prose import _word_overlap as _word_overlap

# The private names above are imported here for the tests and benchmarks that use them
# (``from fakeprofile.synthetic import _summary``); they are not part of the public API.

__all__ = [
    "FAKE_KINDS",
    "GENUINE_KINDS",
    "Population",
    "draw_portrait",
    "generate",
    "reference_profiles",
]
