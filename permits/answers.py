"""What the applicant can answer now in the portal: resubmit, withdraw, or give a deemed-grant notice.

Decided in one place from the application's status and the engine's clock result (no query, no clock of
its own), so the portal's links and its pages agree; the services still go through
services.clock_event_record, whose engine has the last word.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class AnswerOptions:
    resubmit: bool = False
    withdraw: bool = False
    deemed_granted: bool = False

    @property
    def any(self):
        return self.resubmit or self.withdraw or self.deemed_granted


def answer_options(application, clock):
    """The answers possible now, from `clock` (services.application_clock of today).

    - resubmit: an incompleteness notice waits for the resubmission (47 CFR 1.6003(d); 1.6100(c)(3));
    - withdraw: while the application is open;
    - deemed_granted: a section 6409(a) request whose period ran with no decision, not yet deemed granted
      (47 CFR 1.6100(c)(4); the engine's `deemed_granted_available`).
    """
    if not application.is_open:
        return AnswerOptions()
    return AnswerOptions(
        resubmit=clock.open_notice_on is not None,
        withdraw=True,
        deemed_granted=bool(clock.deemed_granted_available),
    )


def resubmission_effect(clock):
    """In plain words, what resubmitting today does to the clock, from the open notice's effect (or "")."""
    if clock.open_notice_on is None:
        return ""
    records = [record for record in clock.notices if record.date == clock.open_notice_on]
    effect = records[-1].effect if records else "none"
    if effect == "reset":
        return (
            f"The notice reset the shot clock: a full new {clock.days}-day review period starts on the day you "
            "resubmit, and day 1 is the day after (47 CFR 1.6003(d)(1))."
        )
    if effect == "toll":
        return (
            "The notice stopped (tolled) the shot clock from the day after it was sent; the clock runs again on the "
            f"day you resubmit, with {clock.days_remaining} days left (47 CFR 1.6003(d)(2); 1.6100(c)(3))."
        )
    return (
        "The notice did not stop the shot clock (it was not sent in time, or named no missing item), so "
        "resubmitting does not change the deadline."
    )
