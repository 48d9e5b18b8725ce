"""Checks shared by the signal tests."""

from __future__ import annotations

from fakeprofile.features import ProfileVectorizer
from fakeprofile.signals import Signal, SignalResult, fact_key_of


def assert_fact_keys_follow_sentences(signal: Signal, result: SignalResult) -> None:
    """The signal's fact keys are equal exactly where its sentences are, for every pair of facts.

    A fact is stated by the sentence of its lead feature
    (:meth:`ProfileVectorizer.fact_of`); reasons merge facts by key and write
    only the sentences they keep, so a key that disagreed with the sentences
    would merge two facts or state one twice.
    """
    fact_of = ProfileVectorizer().fit().fact_of()
    leads = sorted({lead for s, lead in fact_of.values() if s.name == signal.name})
    key_of = fact_key_of(signal)
    keys = [key_of(f, result) for f in leads]
    sentences = [signal.sentence(f, result) for f in leads]
    for i in range(len(leads)):
        for j in range(i + 1, len(leads)):
            same_key, same_sentence = keys[i] == keys[j], sentences[i] == sentences[j]
            assert same_key == same_sentence, (leads[i], leads[j], keys[i], keys[j], sentences[i])
