"""Vetting invitations end to end on the examples, policy edges, and the vet command."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from fakeprofile import InvalidProfileError, Invitation, Policy, vet
from fakeprofile._format import format_risk
from fakeprofile.cli import main
from fakeprofile.features import ProfileEvidence
from fakeprofile.index import ReferenceIndex
from fakeprofile.io import Item, read_invitations, read_profiles
from fakeprofile.reasons import Reason
from fakeprofile.scoring import RiskScore, Scorer
from fakeprofile.vetting import HARD_RULES, Vetting

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The recipient's network: every example profile but the fake one."""
    db = tmp_path_factory.mktemp("net") / "network.db"
    with ReferenceIndex(db) as index:
        index.add(
            i.value
            for i in read_profiles(EXAMPLES / "profiles.jsonl")
            if isinstance(i, Item) and i.value.id != "p-amelia"
        )
    return db


@pytest.fixture(scope="module")
def scorer(network: Path) -> Scorer:
    return Scorer(index=ReferenceIndex(network, readonly=True))


@pytest.fixture(scope="module")
def invitations() -> dict[str, Invitation]:
    return {
        i.value.sender.id: i.value
        for i in read_invitations(EXAMPLES / "invitations.jsonl")
        if isinstance(i, Item)
    }


def test_the_copycats_canned_invitation_is_declined_naming_the_photo(
    scorer: Scorer, invitations: dict[str, Invitation]
) -> None:
    v = vet(invitations["p-amelia"], scorer=scorer)
    assert v.decision == "decline"
    assert v.decided_by == "rule:photo_in_network"
    assert "p-amara" in v.why[0]
    assert "older" in v.why[0]
    assert v.findings.canned
    assert any("mutual connections do not change this" in w for w in v.why)
    assert "Decline" in v.explain()


def test_the_copycat_is_still_caught_without_an_index(invitations: dict[str, Invitation]) -> None:
    v = vet(invitations["p-amelia"])
    assert v.decision in {"decline", "ask"}
    assert v.decided_by in {"risk", "message"}


def test_a_personalised_invitation_from_an_active_member_is_accepted(
    scorer: Scorer, invitations: dict[str, Invitation]
) -> None:
    v = vet(invitations["p-priya"], scorer=scorer)
    assert v.decision == "accept", v.explain()
    assert v.question is None
    assert v.findings.personalised is True
    assert "personal" in v.why[0]


def test_a_lurker_with_a_generic_note_is_asked_not_declined(
    scorer: Scorer, invitations: dict[str, Invitation]
) -> None:
    v = vet(invitations["p-george"], scorer=scorer)
    assert v.decision == "ask", v.explain()
    assert v.question
    assert "stock opener" in " ".join(v.why)


def test_questions_are_drawn_from_what_looked_off(
    scorer: Scorer, invitations: dict[str, Invitation]
) -> None:
    george = invitations["p-george"]
    # The generic note to a recipient at a company: ask what prompted it.
    first = vet(george, scorer=scorer).question
    assert first is not None
    assert "Brightwell Health" in first
    # Without a recipient: no personalisation check (said so), a question about the sender's job.
    alone = george.model_copy(update={"recipient": None})
    v = vet(alone, scorer=scorer)
    assert v.findings.personalised is None
    assert v.decision == "ask"
    assert v.question is not None
    assert v.question != first
    assert "Norrvik Konsult" in v.question


def test_policy_thresholds_are_inclusive(
    scorer: Scorer, invitations: dict[str, Invitation]
) -> None:
    priya = invitations["p-priya"]
    risk = vet(priya, scorer=scorer).score.risk
    assert vet(priya, scorer=scorer, policy=Policy(decline_at=risk)).decision == "decline"
    assert vet(priya, scorer=scorer, policy=Policy(ask_at=risk)).decision == "ask"
    just_above = min(1.0, risk * 1.0001 + 1e-12)
    assert vet(priya, scorer=scorer, policy=Policy(ask_at=just_above)).decision == "accept"


def test_default_policy_uses_the_model_card(
    scorer: Scorer, invitations: dict[str, Invitation]
) -> None:
    v = vet(invitations["p-priya"], scorer=scorer)
    thresholds = scorer.trained.model.thresholds_
    assert v.policy.decline_at == thresholds["high"]
    assert v.policy.ask_at == thresholds["medium"]


def test_hard_rules_can_be_switched_off(scorer: Scorer, invitations: dict[str, Invitation]) -> None:
    v = vet(invitations["p-amelia"], scorer=scorer, policy=Policy(hard_rules=frozenset()))
    assert not v.decided_by.startswith("rule:")
    assert v.decision in {"decline", "ask"}


def test_a_photo_shared_with_a_newer_profile_is_asked_about(
    scorer: Scorer, invitations: dict[str, Invitation]
) -> None:
    # An old account (bought, or taken over) wearing the photo of a newer member of the
    # network: the hard rule gives a copy to the newer profile and stays silent, the
    # score counts the match only as far as the dates leave it open; vetting asks first
    # instead of accepting, and says so once.
    priya = invitations["p-priya"]
    old = priya.sender.with_photo(str(EXAMPLES / "photos" / "amara.jpg"))
    assert old.created_at is not None
    old = old.model_copy(update={"created_at": old.created_at.replace(year=2008)})
    aged = priya.model_copy(update={"sender": old})
    assert vet(priya, scorer=scorer).decision == "accept"  # the same invitation, her own photo
    v = vet(aged, scorer=scorer)
    assert (v.decision, v.decided_by) == ("ask", "photo"), v.explain()
    assert "Amara Okafor (p-amara)" in v.why[0]
    assert "newer" in v.why[0]
    assert "copy" in v.why[0]
    assert v.question is not None
    assert "p-amara" in v.question
    assert sum("p-amara" in w for w in v.why) == 1, v.explain()
    off = vet(aged, scorer=scorer, policy=Policy(ask_if_photo_shared=False))
    assert off.decision == "accept"
    assert not any("p-amara" in w for w in off.why)


def test_a_flag_about_a_newer_profile_keeps_the_reason_about_an_older_one(
    tmp_path: Path, invitations: dict[str, Invitation]
) -> None:
    # The sender's photo is also an older member's (a copy, by the dates) and a newer
    # member's (open): the flag speaks for the newer one only, so the reason naming
    # the older one stays (it was dropped with every photo reason).
    priya = invitations["p-priya"]
    photo = str(EXAMPLES / "photos" / "amara.jpg")
    sender = priya.sender.with_photo(photo)
    assert sender.created_at is not None
    sender = sender.model_copy(update={"created_at": sender.created_at.replace(year=2008)})
    older = sender.model_copy(
        update={
            "id": "p-orig",
            "name": "Orig Owner",
            "created_at": dt.date(2003, 1, 11),
        }
    )
    with ReferenceIndex(tmp_path / "net.db") as index:
        index.add(
            [i.value for i in read_profiles(EXAMPLES / "profiles.jsonl") if isinstance(i, Item)]
            + [older]
        )
        rules = frozenset(HARD_RULES) - {"photo_in_network"}
        v = vet(
            priya.model_copy(update={"sender": sender}),
            index=index,
            policy=Policy(hard_rules=rules),
        )
    assert v.decision != "accept", v.explain()
    assert any(
        w.startswith("This photo is also on the profile of Orig Owner (p-orig)") for w in v.why
    ), v.explain()
    assert sum("p-amara" in w for w in v.why) == 1, v.explain()


def test_photo_of_the_recipient_is_declined(invitations: dict[str, Invitation]) -> None:
    priya = invitations["p-priya"]
    jordan = priya.recipient
    assert jordan is not None
    stolen = priya.model_copy(update={"sender": priya.sender.with_photo(jordan.photo)})
    v = vet(stolen)
    assert v.decision == "decline"
    assert v.decided_by == "rule:photo_is_recipients"


def test_money_request_is_declined(invitations: dict[str, Invitation]) -> None:
    george = invitations["p-george"]
    scam = george.model_copy(
        update={"message": "Please send your bank account details so I can pay you."}
    )
    v = vet(scam)
    assert v.decision == "decline"
    assert v.decided_by == "rule:asks_for_money_or_data"


def test_missing_sender_photo(scorer: Scorer, invitations: dict[str, Invitation]) -> None:
    priya = invitations["p-priya"]
    no_photo = priya.model_copy(update={"sender": priya.sender.with_photo(None)})
    v = vet(no_photo, scorer=scorer)
    assert v.decision in {"accept", "ask"}
    assert v.score.profile_id == "p-priya"


def test_bad_policy_values_are_named() -> None:
    with pytest.raises(ValueError, match=r"decline_at must be in \[0, 1\], got 2"):
        Policy(decline_at=2)
    with pytest.raises(ValueError, match="unknown rules"):
        Policy(hard_rules=frozenset({"nope"}))
    # Asking above the point of declining would decline a risk it never asks about.
    with pytest.raises(ValueError, match=r"ask_at \(0.9\) must not be above decline_at \(0.1\)"):
        Policy(ask_at=0.9, decline_at=0.1)
    assert Policy(ask_at=0.3, decline_at=0.3).ask_at == 0.3
    assert set(HARD_RULES) == Policy().hard_rules


def test_vet_command_text_json_and_exit_codes(
    network: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["vet", str(EXAMPLES / "invitation.json"), "--index", str(network)]) == 0
    assert "Decline" in capsys.readouterr().out
    assert (
        main(["vet", str(EXAMPLES / "invitation.json"), "--index", str(network), "--exit-code"])
        == 4
    )
    capsys.readouterr()
    assert (
        main(["vet", str(EXAMPLES / "invitations.jsonl"), "--index", str(network), "--json"]) == 0
    )
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["decision"] for r in rows] == ["decline", "accept", "ask"]
    assert rows[2]["question"]


def test_vet_batch_with_a_bad_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = (EXAMPLES / "invitations.jsonl").read_text().splitlines()
    f = tmp_path / "batch.jsonl"
    f.write_text(lines[1] + "\n" + '{"sender": {"id": "x", "followers": -2}}\n' + lines[2] + "\n")
    assert main(["vet", str(f), "--json"]) == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 3
    assert rows[1]["error"] == "sender.followers: must be ≥ 0, got -2"
    assert rows[1]["line"] == 2


# --------------------------------------------------------------------------- reads well
#
# The model and its sentences change as the signals do, so these tests check the
# structure of what a person reads (each point once, who sent it, what is a concern),
# not the current model's sentences or numbers. Where a case needs a reason the
# current model may not give (a photo or message reason), the score is doctored.

#: The recipient-missing line (its wording is part of the output people read).
NOT_CHECKED = (
    "Your own profile was not given, so whether the note is personal could not be checked."
)


def _reason(text: str, contribution: float, group: str, code: str) -> Reason:
    return Reason(code, group, text, contribution, math.nan, (), (code,))


def _doctored(
    scorer: Scorer,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[RiskScore], RiskScore],
) -> None:
    """Make ``scorer`` return its real score, changed by ``change``, for this test."""
    real = scorer.score_with_evidence

    def score_with_evidence(
        profile: Invitation | Mapping[str, Any],
    ) -> tuple[RiskScore, ProfileEvidence]:
        score, evidence = real(profile)
        return change(score), evidence

    monkeypatch.setattr(scorer, "score_with_evidence", score_with_evidence)


def _bullets(v: Vetting) -> list[str]:
    return [line[4:] for line in v.explain().splitlines() if line.startswith("  - ")]


def _assert_each_point_once(v: Vetting) -> None:
    """No sentence twice, nothing "in its favour" that is also a bullet, no model note reason."""
    text = v.explain()
    bullets = _bullets(v)
    assert len(bullets) == len(set(bullets)), text
    assert list(v.why) == bullets
    assert not set(v.in_favour) & set(v.why), text
    assert text.count("mutual connections") <= 1, text
    message_reasons = {
        r.text for r in (*v.score.reasons, *v.score.mitigating) if r.group == "message"
    }
    assert not message_reasons & {*v.why, *v.in_favour}, text
    data = v.to_dict()
    assert data["why"] == list(v.why)
    assert data["in_favour"] == list(v.in_favour)


def test_every_example_verdict_makes_each_point_once(
    scorer: Scorer, invitations: dict[str, Invitation]
) -> None:
    for invitation in invitations.values():
        for recipient in (invitation.recipient, None):
            v = vet(invitation.model_copy(update={"recipient": recipient}), scorer=scorer)
            _assert_each_point_once(v)


def test_a_photo_rule_is_not_repeated_by_the_scores_photo_reasons(
    scorer: Scorer, invitations: dict[str, Invitation], monkeypatch: pytest.MonkeyPatch
) -> None:
    reuse = _reason("The photo is used by 1 other profile", 2.0, "photo", "photo_reuse_count")
    distance = _reason("The closest photo is 3/256 bits away", 0.9, "photo", "photo_min_distance")
    _doctored(
        scorer,
        monkeypatch,
        lambda s: replace(s, reasons=(reuse, distance, *s.reasons)),
    )
    v = vet(invitations["p-amelia"], scorer=scorer)
    assert v.decided_by == "rule:photo_in_network"
    assert "Amara Okafor (p-amara)" in v.why[0]
    assert reuse.text not in v.explain()
    assert distance.text not in v.explain()
    _assert_each_point_once(v)
    # Without the rule the photo reason is the point, and is listed.
    ruleless = vet(invitations["p-amelia"], scorer=scorer, policy=Policy(hard_rules=frozenset()))
    assert reuse.text in ruleless.why


def test_the_notes_findings_are_not_repeated_by_message_reasons(
    scorer: Scorer, invitations: dict[str, Invitation], monkeypatch: pytest.MonkeyPatch
) -> None:
    canned = _reason("The note is a stock opener: it matches it", 0.9, "message", "message_canned")
    words = _reason("The invitation's note has 16 words", 0.4, "message", "message_words_log")
    mutual = _reason(
        "14 mutual connections (fakes collect them)", -0.6, "message", "message_mutual_connections"
    )
    _doctored(
        scorer,
        monkeypatch,
        lambda s: replace(
            s, reasons=(canned, words, *s.reasons), mitigating=(mutual, *s.mitigating)
        ),
    )
    for sender in ("p-amelia", "p-george", "p-priya"):
        v = vet(invitations[sender], scorer=scorer)
        text = v.explain()
        for reason in (canned, words, mutual):
            assert reason.text not in text
        _assert_each_point_once(v)
    george = vet(invitations["p-george"], scorer=scorer)
    assert sum("stock opener" in w for w in george.why) == 1


def test_the_mutual_connections_line_appears_once(
    scorer: Scorer, invitations: dict[str, Invitation]
) -> None:
    v = vet(invitations["p-amelia"], scorer=scorer)
    assert v.findings.mutual_connections == 14
    assert v.explain().count("14 mutual connections") == 1


def test_senders_are_named_with_their_id_in_brackets(
    scorer: Scorer, invitations: dict[str, Invitation]
) -> None:
    v = vet(invitations["p-amelia"], scorer=scorer)
    assert v.explain().startswith("Decline: invitation from Amelia Oakes (p-amelia) (risk ")
    data = v.to_dict()
    assert (data["sender_id"], data["sender_name"]) == ("p-amelia", "Amelia Oakes")
    nameless = invitations["p-george"].model_copy(
        update={"sender": invitations["p-george"].sender.model_copy(update={"name": None})}
    )
    v = vet(nameless, scorer=scorer)
    assert (
        v.explain()
        .splitlines()[0]
        .startswith("Ask a question before accepting: invitation from p-george (risk ")
    )
    assert v.to_dict()["sender_name"] is None


def test_only_material_risk_raising_facts_are_concerns(
    scorer: Scorer, invitations: dict[str, Invitation], monkeypatch: pytest.MonkeyPatch
) -> None:
    small = _reason("The username has 3.1 bits of entropy per character", 0.06, "account", "a")
    material = _reason("The account was created 2 months ago", 0.6, "account", "b")
    _doctored(scorer, monkeypatch, lambda s: replace(s, reasons=(material, small)))
    v = vet(invitations["p-george"], scorer=scorer)
    assert v.policy.concern_floor == 0.25
    assert material.text in v.why
    assert small.text not in v.explain()
    # The floor is the user's: at 0 every risk-raising reason is a concern.
    assert (
        small.text
        in vet(invitations["p-george"], scorer=scorer, policy=Policy(concern_floor=0)).why
    )
    assert v.to_dict()["policy"]["concern_floor"] == 0.25


def test_real_concerns_respect_the_floor_and_are_never_about_the_note(
    scorer: Scorer, invitations: dict[str, Invitation]
) -> None:
    for invitation in invitations.values():
        for recipient in (invitation.recipient, None):
            v = vet(invitation.model_copy(update={"recipient": recipient}), scorer=scorer)
            by_text = {r.text: r for r in (*v.score.reasons, *v.score.mitigating)}
            for sentence in (*v.why, *v.in_favour):
                if sentence in by_text:
                    r = by_text[sentence]
                    assert r.group != "message", v.explain()
                    assert abs(r.contribution) >= v.policy.concern_floor, v.explain()
            assert "The invitation's note has" not in v.explain()


def test_a_risk_decision_with_no_material_fact_says_so(
    scorer: Scorer, invitations: dict[str, Invitation]
) -> None:
    v = vet(invitations["p-priya"], scorer=scorer, policy=Policy(ask_at=0.0, concern_floor=50))
    assert (v.decision, v.decided_by) == ("ask", "risk")
    assert v.why[0] == "No single fact stands out: many small ones add up to this risk."


def test_bad_concern_floor_is_named() -> None:
    with pytest.raises(ValueError, match="concern_floor must be ≥ 0"):
        Policy(concern_floor=-0.1)
    with pytest.raises(ValueError, match="concern_floor"):
        Policy(concern_floor=math.inf)


def test_an_accepted_invitation_lists_each_favourable_fact_once(
    scorer: Scorer, invitations: dict[str, Invitation], monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _reason("The account was created 12 years ago", -1.0, "account", "c")
    active = _reason("2 posts and 3 comments in the last 40 days", -0.8, "activity", "d")
    neutral = _reason("The profile does not repeat its own text.", -0.1, "text", "e")
    _doctored(
        scorer, monkeypatch, lambda s: replace(s, reasons=(), mitigating=(old, active, neutral))
    )
    v = vet(invitations["p-priya"], scorer=scorer)
    assert v.decision == "accept"
    assert "In its favour" not in v.explain()
    assert v.in_favour == ()
    assert v.why[0].startswith("The note is personal")
    assert [w for w in v.why if w in {old.text, active.text}] == [old.text, active.text]
    assert neutral.text not in v.explain()
    for fact in (old.text, active.text):
        assert v.explain().count(fact) == 1


def test_an_ask_lists_facts_in_its_favour_apart_from_the_concerns(
    scorer: Scorer, invitations: dict[str, Invitation], monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _reason("The account was created 12 years ago", -1.0, "account", "c")
    _doctored(scorer, monkeypatch, lambda s: replace(s, mitigating=(old,)))
    v = vet(invitations["p-george"], scorer=scorer)
    assert v.decision == "ask"
    assert v.in_favour == (old.text,)
    assert "  In its favour: The account was created 12 years ago." in v.explain().splitlines()
    assert old.text not in v.why


def test_without_the_recipients_profile_personalisation_is_said_unchecked(
    scorer: Scorer, invitations: dict[str, Invitation]
) -> None:
    for sender in ("p-priya", "p-george", "p-amelia"):
        alone = invitations[sender].model_copy(update={"recipient": None})
        v = vet(alone, scorer=scorer)
        text = v.explain()
        assert v.notes == (NOT_CHECKED,)
        assert text.count(NOT_CHECKED) == 1
        assert "mentions nothing from your profile" not in text
        assert "The note is personal" not in text
        assert v.to_dict()["notes"] == [NOT_CHECKED]
        # With the recipient's profile, nothing to say.
        assert vet(invitations[sender], scorer=scorer).notes == ()
    # No note at all: there is nothing whose personalisation could be checked.
    bare = invitations["p-george"].model_copy(update={"recipient": None, "message": None})
    assert vet(bare, scorer=scorer).notes == ()


def test_a_bare_profile_is_not_an_invitation(tmp_path: Path) -> None:
    profile = json.loads((EXAMPLES / "profiles.jsonl").read_text().splitlines()[0])
    del profile["photo"]  # relative to examples/: not needed to tell the shape
    hint = r'this looks like a profile, not an invitation: wrap it as \{"sender": \{\.\.\.\}\}'
    with pytest.raises(InvalidProfileError, match=hint) as caught:
        vet(profile)
    assert caught.value.record_id == profile["id"]
    assert len(caught.value.problems) == 1
    f = tmp_path / "profile.json"
    f.write_text(json.dumps(profile))
    with pytest.raises(InvalidProfileError, match=hint):
        vet(f)
    # An invitation that only lacks its sender is told just that.
    with pytest.raises(InvalidProfileError, match=r"sender: is required$"):
        vet({"id": "inv-1", "message": "Hello"})


def test_vet_command_on_a_profile_file_is_one_error_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "profile.json"
    profile = json.loads((EXAMPLES / "profiles.jsonl").read_text().splitlines()[0])
    del profile["photo"]
    f.write_text(json.dumps(profile))
    assert main(["vet", str(f)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [
        f"ERROR  {f}:1 (id 'p-amara'): sender: is required: this looks like a profile, "
        'not an invitation: wrap it as {"sender": {...}}'
    ]
    assert main(["vet", str(f), "--json"]) == 1
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert row["id"] == "p-amara"
    assert "wrap it as" in row["error"]


@pytest.mark.parametrize(
    ("p", "shown"),
    [
        (0.0, "<1%"),
        (0.0049, "<1%"),
        (0.005, "1%"),
        (0.0149, "1%"),
        (0.5, "50%"),
        (0.994, "99%"),
        (0.995, ">99%"),
        (1.0, ">99%"),
    ],
)
def test_format_risk(p: float, shown: str) -> None:
    assert format_risk(p) == shown


def test_format_risk_refuses_what_is_not_a_risk() -> None:
    for bad in (-0.1, 1.5, math.nan):
        with pytest.raises(ValueError, match=r"in \[0, 1\]"):
            format_risk(bad)


def test_the_header_never_says_0_or_100_percent(
    scorer: Scorer, invitations: dict[str, Invitation], monkeypatch: pytest.MonkeyPatch
) -> None:
    v = vet(invitations["p-priya"], scorer=scorer)
    assert f"(risk {format_risk(v.score.risk)}, " in v.explain()
    for risk, shown in ((1e-6, "<1%"), (1 - 1e-6, ">99%")):
        with monkeypatch.context() as m:
            _doctored(scorer, m, functools.partial(replace, risk=risk))
            header = vet(invitations["p-priya"], scorer=scorer).explain().splitlines()[0]
        assert f"(risk {shown}, " in header
        assert not re.search(r"risk (0|100)%", header)


def test_a_shared_logo_on_sender_and_recipient_is_no_stolen_photo(
    invitations: dict[str, Invitation], tmp_path: Path
) -> None:
    # The recipient and four colleagues, all years old, show their company's logo.
    from fakeprofile.fingerprints.photo import fingerprint
    from fakeprofile.profile import Profile

    priya = invitations["p-priya"]
    recipient = priya.recipient
    assert recipient is not None and recipient.photo is not None  # noqa: PT018
    logo = fingerprint(recipient.photo).to_hex()
    staff = [
        Profile(id=f"staff-{k}", photo_hash=logo, created_at=dt.date(2012 + k, 3, 1))
        for k in range(4)
    ]
    colleague = recipient.model_copy(update={"photo": None, "photo_hash": logo})
    sender = priya.sender.model_copy(update={"photo": None, "photo_hash": logo})
    invitation = priya.model_copy(update={"sender": sender, "recipient": colleague})
    with ReferenceIndex(tmp_path / "staff.db") as index:
        index.add([*staff, colleague])
        v = vet(invitation, index=index)
    assert v.decided_by != "rule:photo_is_recipients", v.explain()
    assert not any("your own profile photo" in w for w in v.why), v.explain()
    # Without the index nothing says the photo is shared: the rule stands.
    assert vet(invitation).decided_by == "rule:photo_is_recipients"
