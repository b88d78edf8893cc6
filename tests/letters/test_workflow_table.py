"""The letter workflow table (letters/workflow.py), cell by cell, against the
diagram in its docstring: every action from every status."""

import pytest

from letters import workflow as wf

STATUSES = [wf.DRAFT, wf.APPROVED, wf.ISSUING, wf.ISSUED, wf.DISCARDED]

# action -> {status it may start from: status it leads to}; every other status refuses.
EXPECTED = {
    "edit": {wf.DRAFT: wf.DRAFT},
    "refresh": {wf.DRAFT: wf.DRAFT},
    "wording": {wf.DRAFT: wf.DRAFT},
    "approve": {wf.DRAFT: wf.APPROVED},
    "return": {wf.APPROVED: wf.DRAFT},
    "discard": {wf.DRAFT: wf.DISCARDED, wf.APPROVED: wf.DISCARDED},
    "issue": {wf.APPROVED: wf.ISSUING},
    "render": {wf.ISSUING: wf.ISSUED},
    "retry": {wf.ISSUING: wf.ISSUING},
    "send": {wf.ISSUED: wf.ISSUED},
    "correct": {wf.ISSUED: wf.ISSUED},
}


def test_the_table_names_exactly_the_actions_of_the_diagram():
    assert set(wf.TRANSITIONS) == set(EXPECTED)


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("status", STATUSES)
def test_each_action_runs_only_from_its_statuses_and_leads_where_the_diagram_says(action, status):
    if status in EXPECTED[action]:
        assert wf.refusal(action, status) == ""
        assert wf.next_status(action, status) == EXPECTED[action][status]
    else:
        assert wf.refusal(action, status) != ""
        with pytest.raises(ValueError, match="cannot run on"):
            wf.next_status(action, status)


def test_nothing_leads_out_of_issued_or_discarded_but_sending_and_correcting_an_issued_letter():
    for action, transition in wf.TRANSITIONS.items():
        if wf.ISSUED in transition.sources:
            assert transition.target is None, action  # an issued letter keeps its status
        assert wf.DISCARDED not in transition.sources, action


def test_refusals_say_the_status_in_words_and_what_to_do():
    assert wf.refusal("edit", wf.APPROVED) == (
        "Only a draft can be edited; this letter is approved. Return it to draft first."
    )
    assert wf.refusal("edit", wf.ISSUED) == "Only a draft can be edited; this letter is issued."
    assert wf.refusal("issue", wf.DRAFT) == "Only an approved letter can be issued; this one is draft."
    assert wf.refusal("discard", wf.ISSUED) == (
        "Only a draft or an approved letter can be discarded; an issued letter is kept."
    )


def test_the_page_offers_only_what_the_person_may_do():
    assert wf.available(wf.DRAFT, can_draft=True, is_legal=False) == {"edit", "refresh", "wording", "discard"}
    assert wf.available(wf.DRAFT, can_draft=False, is_legal=True) == {"approve"}
    assert wf.available(wf.APPROVED, can_draft=True, is_legal=True) == {"issue", "return", "discard"}
    assert wf.available(wf.ISSUING, can_draft=True, is_legal=True) == {"retry"}  # rendering is the worker's
    assert wf.available(wf.ISSUED, can_draft=True, is_legal=False) == set()
    assert wf.available(wf.ISSUED, can_draft=False, is_legal=True) == {"send", "correct"}
    assert wf.available(wf.DISCARDED, can_draft=True, is_legal=True) == set()
