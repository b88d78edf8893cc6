"""Filters for the application queue and the permit list (django-filter)."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import Provider, User
from accounts.roles import STAFF
from core.forms import USWDSForm
from permits import selectors, shotclock
from permits.models import Category, Permit, PermitApplication, Site

DATE = forms.DateInput(attrs={"type": "date"})


def wireless_providers(request=None):
    return Provider.objects.filter(kind__in=[Provider.Kind.WIRELESS, Provider.Kind.BOTH]).order_by("name")


def application_search(queryset, value, *, applicant_names=True):
    """Applications whose reference, site address or (with `applicant_names`) applicant name holds `value`.
    The staff queue searches names too; the public register leaves them to its carrier filter."""
    value = value.strip()
    if not value:
        return queryset
    match = Q(reference__icontains=value) | Exists(
        Site.objects.filter(application=OuterRef("pk"), address__icontains=value)
    )
    if applicant_names:
        match |= Q(applicant__name__icontains=value)
    return queryset.filter(match)


def reviewers(request=None):
    return User.objects.filter(groups__name=STAFF, is_active=True).order_by("username").distinct()


class ApplicationFilter(django_filters.FilterSet):
    CLOCK_CHOICES = [
        ("open", "Open (not yet decided)"),
        *((kind, shotclock.ATTENTION_LABELS[kind]) for kind in shotclock.ATTENTION_CLASSES),
        ("all", "All applications"),
    ]

    q = django_filters.CharFilter(label="Reference, applicant or site address", method="search")
    clock = django_filters.ChoiceFilter(
        label="Shot clock", choices=CLOCK_CHOICES, method="filter_clock", empty_label=None
    )
    applicant = django_filters.ModelChoiceFilter(queryset=wireless_providers, empty_label="All applicants")
    category = django_filters.ChoiceFilter(choices=Category.choices, empty_label="All categories")
    status = django_filters.ChoiceFilter(choices=PermitApplication.Status.choices, empty_label="All statuses")
    assigned_reviewer = django_filters.ModelChoiceFilter(
        label="Reviewer", queryset=reviewers, empty_label="Any reviewer"
    )
    deadline_from = django_filters.DateFilter(
        label="Deadline from", field_name="clock_deadline", lookup_expr="gte", widget=DATE
    )
    deadline_to = django_filters.DateFilter(
        label="Deadline to", field_name="clock_deadline", lookup_expr="lte", widget=DATE
    )

    class Meta:
        model = PermitApplication
        fields = []
        form = USWDSForm

    def search(self, queryset, name, value):
        return application_search(queryset, value)

    def filter_clock(self, queryset, name, value):
        if value == "open":
            return queryset.filter(in_queue=True)
        if value in shotclock.ATTENTION_CLASSES:
            return queryset.filter(selectors.attention_filter(value, timezone.localdate()))
        return queryset


class ApplicationApiFilter(django_filters.FilterSet):
    """The API list's filters: the stored columns, and `attention` by the one rule."""

    attention = django_filters.ChoiceFilter(
        choices=[(kind, shotclock.ATTENTION_LABELS[kind]) for kind in shotclock.ATTENTION_CLASSES],
        method="filter_attention",
        help_text="missed, at_risk, tolled, running or closed: the same classes as shot_clock.attention.",
    )

    class Meta:
        model = PermitApplication
        fields = ["status", "category", "applicant", "clock_state"]

    def filter_attention(self, queryset, name, value):
        return queryset.filter(selectors.attention_filter(value, timezone.localdate()))


class PermitFilter(django_filters.FilterSet):
    EXPIRY_CHOICES = [
        ("expired", "Expired"),
        ("90", "Expiring within 90 days"),
        ("180", "Expiring within 180 days"),
        ("current", "Not expired"),
    ]
    BUILD_CHOICES = [("overdue", "Build-by date passed, not built"), ("not_built", "Not built"), ("built", "Built")]

    q = django_filters.CharFilter(label="Permit number, reference or site address", method="search")
    applicant = django_filters.ModelChoiceFilter(
        field_name="application__applicant", queryset=wireless_providers, empty_label="All applicants"
    )
    renewal_status = django_filters.ChoiceFilter(choices=Permit.RenewalStatus.choices, empty_label="Any renewal status")
    expiry = django_filters.ChoiceFilter(choices=EXPIRY_CHOICES, method="filter_expiry", empty_label="Any expiry")
    build = django_filters.ChoiceFilter(choices=BUILD_CHOICES, method="filter_build", empty_label="Any build state")

    class Meta:
        model = Permit
        fields = []
        form = USWDSForm

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value) | Q(application__reference__icontains=value) | Q(site__address__icontains=value)
        )

    def filter_expiry(self, queryset, name, value):
        today = timezone.localdate()
        if value == "expired":
            return queryset.filter(expires_on__lt=today)
        if value == "current":
            return queryset.filter(expires_on__gte=today)
        return queryset.filter(expires_on__range=(today, today + timedelta(days=int(value))))

    def filter_build(self, queryset, name, value):
        if value == "overdue":
            return queryset.filter(built_on__isnull=True, build_by__lt=timezone.localdate())
        if value == "not_built":
            return queryset.filter(built_on__isnull=True)
        return queryset.filter(built_on__isnull=False)
