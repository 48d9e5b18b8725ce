"""Vetting invitations end to end on the examples, policy edges, and the vet command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fakeprofile import Invitation, Policy, vet
from fakeprofile.cli import main
from fakeprofile.index import ReferenceIndex
from fakeprofile.io import Item, read_invitations, read_profiles
from fakeprofile.scoring import Scorer
from fakeprofile.vetting import HARD_RULES

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
