"""The letter workflow as one table: which action may run from which status,
where it leads, who may take it, and what Conduit says when it may not.

Pure (no database, no settings): letters/services.py asks `refusal()` before
every change of a letter, and the letter page shows only the actions
`available()` names, so a button never offers what the service would refuse.

    draft --approve--> approved --issue--> issuing --render--> issued
      ^                   |                   |                  |
      +------return-------+                 retry          send, correct
    draft, approved --discard--> discarded

An issued letter never changes (docs/letters.md, "An issued letter never
changes"); a mistake in one is put right by a correction, a new letter that
names it as superseded.
"""

from dataclasses import dataclass

DRAFT = "draft"
APPROVED = "approved"
ISSUING = "issuing"
ISSUED = "issued"
DISCARDED = "discarded"

STATUS_LABELS = {
    DRAFT: "Draft",
    APPROVED: "Approved",
    ISSUING: "Issuing (PDF being made)",
    ISSUED: "Issued",
    DISCARDED: "Discarded draft",
}

# Who may take an action: whoever may draft the kind (Staff or Legal, per
# letters/kinds.py), Legal only, or Conduit's worker.
DRAFTER = "drafter"
LEGAL = "legal"
SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset  # statuses the action may start from
    target: str | None  # the status it leads to; None keeps the status
    who: str
    refusal: str  # said when the letter's status does not allow it; {status} is the status in words
    hints: tuple = ()  # (status, sentence added to the refusal for that status)


def _t(action, sources, target, who, refusal, hints=()):
    return Transition(action, frozenset(sources), target, who, refusal, tuple(hints))


_DRAFT_ONLY = "Only a draft can be edited; this letter is {status}."
_RETURN_FIRST = ((APPROVED, " Return it to draft first."),)

TRANSITIONS = {
    t.action: t
    for t in (
        _t("edit", {DRAFT}, None, DRAFTER, _DRAFT_ONLY, _RETURN_FIRST),
        _t("refresh", {DRAFT}, None, DRAFTER, _DRAFT_ONLY, _RETURN_FIRST),
        _t("wording", {DRAFT}, None, DRAFTER, _DRAFT_ONLY, _RETURN_FIRST),
        _t("approve", {DRAFT}, APPROVED, LEGAL, "Only a draft can be approved; this letter is {status}."),
        _t("return", {APPROVED}, DRAFT, LEGAL, "Only an approved letter can be returned to draft."),
        _t(
            "discard",
            {DRAFT, APPROVED},
            DISCARDED,
            DRAFTER,
            "Only a draft or an approved letter can be discarded; an issued letter is kept.",
        ),
        _t("issue", {APPROVED}, ISSUING, LEGAL, "Only an approved letter can be issued; this one is {status}."),
        _t("render", {ISSUING}, ISSUED, SYSTEM, "Only a letter being issued gets its PDF made."),
        _t("retry", {ISSUING}, None, LEGAL, "Only a letter whose PDF is still being made can be rendered again."),
        _t("send", {ISSUED}, None, LEGAL, "Only an issued letter can be emailed."),
        _t("correct", {ISSUED}, None, LEGAL, "Only an issued letter can be corrected."),
    )
}


def refusal(action, status):
    """Why `action` may not run on a letter in `status`, or "" when it may."""
    transition = TRANSITIONS[action]
    if status in transition.sources:
        return ""
    message = transition.refusal.format(status=STATUS_LABELS.get(status, status).lower())
    return message + dict(transition.hints).get(status, "")


def next_status(action, status):
    """The status `action` leads to from `status` (refused actions raise ValueError)."""
    if refusal(action, status):
        raise ValueError(f"{action!r} cannot run on a {status} letter.")
    target = TRANSITIONS[action].target
    return status if target is None else target


def available(status, *, can_draft, is_legal):
    """The actions a person may be offered on a letter in `status`: by status, then by role."""
    allowed = {DRAFTER: can_draft, LEGAL: is_legal, SYSTEM: False}
    return frozenset(a for a, t in TRANSITIONS.items() if status in t.sources and allowed[t.who])
