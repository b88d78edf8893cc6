"""The registry of letter sources (letters/sources.py): every kind and every record type it names is registered
by the app that owns it (franchise/letter_sources.py, permits/letter_sources.py)."""

import pytest

from letters import kinds, sources


def test_every_kind_has_its_hooks_and_every_source_its_record_type():
    assert set(sources.registered_kinds()) == set(kinds.KINDS)
    named = {label for kind in kinds.KINDS.values() for label in kind.sources}
    assert set(sources.registered_sources()) == named


def test_the_small_cell_letters_record_their_clock_event_on_issue_and_the_others_nothing():
    from permits import letter_clock

    hooks = sources.registered_kinds()
    for code, kind in kinds.KINDS.items():
        expected = letter_clock.record_for_issue if kind.sources == (kinds.PERMIT_APPLICATION,) else None
        assert hooks[code].on_issue is expected, code


def test_register_refuses_what_letters_does_not_know():
    with pytest.raises(ValueError, match="Unknown letter kind"):
        sources.register(sources.KindHooks(kind="no_such_kind", prefill=dict, candidates=list))
    with pytest.raises(ValueError, match="No letter kind is made from"):
        sources.register(
            sources.LetterSource("accounts.provider", "a provider", *[lambda record: record] * 5),
        )
    with pytest.raises(TypeError):
        sources.register(object())
    assert set(sources.registered_kinds()) == set(kinds.KINDS)


def test_a_kind_no_app_registered_says_so():
    with pytest.raises(LookupError, match="No app registered the letter kind"):
        sources.candidates("no_such_kind", today=None)
