"""Forms for permit pages. They check shape; the services check the rules."""

from django import forms
from django.forms import formset_factory
from django.utils import timezone

from core.forms import USWDSForm, USWDSModelForm
from deadlines.forms import RowSelectionField
from permits import selectors
from permits.filters import reviewers, wireless_providers
from permits.models import ChecklistItem, ClockEvent, FeeSchedule, PermitApplication, Site

DATE = forms.DateInput(attrs={"type": "date"})


class ApplicationForm(USWDSModelForm):
    class Meta:
        model = PermitApplication
        fields = PermitApplication.EDITABLE_FIELDS
        widgets = {"submitted_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "submitted_on": "The day the application reached the City. Day 1 of the shot clock is the day after.",
            "category": "Sets the shot-clock period (47 CFR 1.6003(c)(1); 1.6100(c)(2)). "
            "A batch takes its period from its sites' categories.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].queryset = wireless_providers()
        self.fields["assigned_reviewer"].queryset = reviewers()
        if self.instance.pk:
            # The applicant is fixed once logged; a wrong one is a new application.
            del self.fields["applicant"]


class SiteForm(USWDSModelForm):
    class Meta:
        model = Site
        fields = Site.EDITABLE_FIELDS
        help_texts = {
            "height_ft": "After the deployment, antennas included (47 CFR 1.6002(l)(1)).",
            "largest_antenna_cuft": "Each antenna must be 3 cubic feet or less for an SWF (47 CFR 1.6002(l)(2)).",
            "equipment_cuft": "All other equipment on the structure, pre-existing included: "
            "28 cubic feet or less for an SWF (47 CFR 1.6002(l)(3)).",
        }


class EventDateForm(USWDSForm):
    date = forms.DateField(widget=DATE, initial=timezone.localdate)
    details = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Notes (optional)")


FURTHER_NOTICE_RULE = "47 CFR 1.6003(d)(3)(i); 1.6100(c)(3)(iii)"
CONFIRM_NO_EFFECT_LABEL = "Record it anyway: I understand this notice does not stop the clock"


class NoticeForm(EventDateForm):
    date = forms.DateField(
        widget=DATE,
        initial=timezone.localdate,
        label="Date the written notice was sent",
        help_text="SWF: by day 10 it resets the clock. Other applications and 6409(a) requests: by day 30 it tolls "
        "the clock. A later notice has no effect on the clock.",
    )
    confirm_no_effect = forms.BooleanField(
        required=False,
        label=CONFIRM_NO_EFFECT_LABEL,
        help_text="Needed only when the effect shown above says the notice neither resets nor tolls the clock.",
    )


class FurtherNoticeForm(NoticeForm):
    """A notice after the first: it may name only items the first notice named (47 CFR 1.6003(d)(3)(i))."""

    items = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label="Items of the first notice still missing",
        error_messages={
            "required": "Choose at least one item of the first notice that is still missing.",
            "invalid_choice": "%(value)s was not named in the first notice; a further notice may only name items the "
            f"first notice named ({FURTHER_NOTICE_RULE}).",
        },
    )

    def __init__(self, *args, first_items, **kwargs):
        """`first_items`: (item, rule) pairs of the first notice."""
        super().__init__(*args, **kwargs)
        self.rules = dict(first_items)
        self.fields["items"].choices = [(item, f"{item} (required by {rule})") for item, rule in first_items]
        self.fields["items"].required = bool(first_items)
        self.fields["items"].widget.attrs["class"] = "usa-checkbox__input"

    def missing_items(self):
        return [{"item": item, "rule": self.rules[item]} for item in self.cleaned_data.get("items", [])]


class MissingItemForm(USWDSForm):
    item = forms.CharField(label="Missing document or information", max_length=500, required=False)
    rule = forms.CharField(
        label="Published rule that requires it",
        max_length=300,
        required=False,
        help_text="For example the section of the City's published small-cell application requirements.",
    )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("item")) != bool(cleaned.get("rule")):
            raise forms.ValidationError("Give both the missing item and the rule that requires it.")
        return cleaned


MissingItemFormSet = formset_factory(MissingItemForm, extra=5)


class ResubmissionForm(EventDateForm):
    date = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date the applicant resubmitted")


class TollingAgreementForm(EventDateForm):
    date = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date of the written agreement")
    days = forms.IntegerField(
        min_value=1, required=False, label="Days added to the shot clock", help_text="Or give the agreed last day."
    )
    ends_on = forms.DateField(
        widget=DATE,
        required=False,
        label="Agreed last day of the shot clock",
        help_text="The new last day the agreement sets; Conduit stores the days it adds to the current last day.",
    )

    def clean(self):
        cleaned = super().clean()
        if "days" in cleaned and "ends_on" in cleaned and (cleaned["days"] is None) == (cleaned["ends_on"] is None):
            raise forms.ValidationError(
                "Give either the number of days the agreement adds or the agreed last day, not both."
                if cleaned["days"] is not None
                else "Give the number of days the agreement adds, or the agreed last day."
            )
        return cleaned


class DecisionForm(EventDateForm):
    date = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date of the written decision")
    outcome = forms.ChoiceField(choices=[("", "Choose the outcome"), *ClockEvent.Outcome.choices])
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Required for a denial: the written reasons, given at the same time as the decision "
        "(47 U.S.C. 332(c)(7)(B)(iii)).",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == ClockEvent.Outcome.DENIED and not cleaned.get("reasons", "").strip():
            self.add_error("reasons", "A denial must give its written reasons at the same time as the decision.")
        return cleaned


class WithdrawalForm(EventDateForm):
    date = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date the applicant withdrew")


class DeemedGrantForm(EventDateForm):
    date = forms.DateField(
        widget=DATE,
        initial=timezone.localdate,
        label="Date of the applicant's written deemed-grant notice",
        help_text="Only after the review period has run out (47 CFR 1.6100(c)(4)).",
    )


class PermitIssueForm(USWDSForm):
    site = forms.ModelChoiceField(queryset=Site.objects.none())
    number = forms.CharField(max_length=40, label="Permit number")
    issued_on = forms.DateField(widget=DATE, initial=timezone.localdate)
    build_by = forms.DateField(widget=DATE)
    expires_on = forms.DateField(widget=DATE)
    annual_fee = forms.DecimalField(max_digits=10, decimal_places=2, min_value=0, label="Annual recurring fee ($)")
    conditions = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = application.sites.filter(permit__isnull=True).order_by("id")


class PermitBuiltForm(USWDSForm):
    built_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date construction was completed")


class PermitRenewalRequestForm(USWDSForm):
    requested_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date the renewal was requested")


class PermitRenewForm(USWDSForm):
    renewed_on = forms.DateField(widget=DATE, initial=timezone.localdate)
    expires_on = forms.DateField(widget=DATE, label="New expiry date")
    annual_fee = forms.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, help_text="Leave blank to keep the current fee."
    )
    conditions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Leave blank to keep the current conditions.",
    )


class FeeScheduleForm(USWDSModelForm):
    class Meta:
        model = FeeSchedule
        fields = [*FeeSchedule.EDITABLE_FIELDS, "confirmed"]
        widgets = {"effective_from": DATE, "source": forms.Textarea(attrs={"rows": 3})}


# Reviewer assignment and bulk actions ------------------------------------------------------

UNASSIGN = "none"


def reviewer_label(user):
    return user.get_full_name() or user.username


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return reviewer_label(obj)


class AssignForm(USWDSForm):
    """The application page's reviewer block: choose a reviewer (or none), or press "Assign to me"."""

    reviewer = ReviewerChoiceField(
        queryset=selectors.assignable_reviewers(),
        required=False,
        empty_label="Unassigned",
        label="Reviewer",
        error_messages={"invalid_choice": "That person cannot review applications: choose an active Staff user."},
    )


class BulkAssignForm(USWDSForm):
    """ "Assign to..." on the queue and its confirmation: the ticked rows and one reviewer (or "no one")."""

    ids = RowSelectionField(PermitApplication.objects.all(), noun="application")
    reviewer = forms.ChoiceField(
        label="Reviewer to assign", error_messages={"required": "Choose the reviewer to assign the applications to."}
    )

    def __init__(self, *args, reviewers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reviewers = list(selectors.assignable_reviewers() if reviewers is None else reviewers)
        self.fields["reviewer"].choices = [
            ("", "Choose a reviewer"),
            *((str(user.pk), reviewer_label(user)) for user in self.reviewers),
            (UNASSIGN, "No one (unassign)"),
        ]
        self.fields["reviewer"].error_messages["invalid_choice"] = (
            "That person cannot review applications: choose an active Staff user."
        )

    def clean_reviewer(self):
        value = self.cleaned_data["reviewer"]
        if value == UNASSIGN:
            return None
        return next(user for user in self.reviewers if str(user.pk) == value)


class RowsForm(USWDSForm):
    """The first step of a bulk letter: only the ticked rows; the kind is chosen on the confirmation page."""

    ids = RowSelectionField(PermitApplication.objects.all(), noun="application")


class BulkLetterForm(USWDSForm):
    """ "Draft a letter" for the ticked rows: one kind for all, through the bulk-letter job (Legal approves
    the letters here, as on the bulk page: each is numbered and issued by the job)."""

    kind = forms.ChoiceField(label="Kind of letter", error_messages={"required": "Choose the kind of letter."})
    send_email = forms.BooleanField(
        required=False, label="Email each letter to its provider's notice contacts, with a copy to Legal"
    )
    confirm = forms.BooleanField(
        label="I approve these letters, in the current wording, for issue. Each gets a number and can never be "
        "changed.",
        error_messages={"required": "Tick the box to approve the letters."},
    )

    def __init__(self, *args, kinds, ids_field, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"ids": ids_field, **self.fields}
        self.fields["kind"].choices = [("", "Choose a kind"), *((kind.code, kind.label) for kind in kinds)]
        self.fields["kind"].error_messages["invalid_choice"] = (
            "That kind of letter cannot be made from the chosen records."
        )


# Completeness review and the published checklist -------------------------------------------------


class ChecklistItemForm(USWDSModelForm):
    class Meta:
        model = ChecklistItem
        fields = ChecklistItem.EDITABLE_FIELDS
        widgets = {"published_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "categories": "Category codes, comma separated (for example swf_collocation, swf_new_structure); "
            "leave empty for every category.",
            "position": "Items are listed by this number, lowest first.",
        }


class ChecklistReviewForm(USWDSForm):
    """One item's finding on an application's review page (one form per item, each with its own prefix)."""

    complete = forms.TypedChoiceField(
        label="Finding",
        choices=[("yes", "Complete"), ("no", "Missing or not complete")],
        coerce=lambda value: value == "yes",
    )
    note = forms.CharField(label="Note", max_length=500, required=False)
