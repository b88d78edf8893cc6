"""The applicant's answers on a small-cell application (resubmit, withdraw, deemed-grant notice) and the
application's message thread. Another provider's application, and any for a cable-only provider, answers
404. Every date is the server's New York day (permits.services_answers); the engine's refusals show on the
page and nothing is saved."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.generic import FormView

from accounts.mixins import ProviderRequiredMixin
from core.forms import add_service_errors
from permits import services, services_answers, services_messages
from permits.answers import answer_options, resubmission_effect
from permits.forms_answers import DeemedGrantNoticeForm, MessageForm, ResubmitForm, WithdrawForm
from permits.models import PermitApplication
from portal import selectors_answers


def application_url(application):
    """The portal's application page, or its message thread until that page exists."""
    try:
        return reverse("portal:application-detail", args=[application.pk])
    except NoReverseMatch:
        return reverse("portal:application-messages", args=[application.pk])


class ApplicationAnswerMixin(ProviderRequiredMixin):
    def get_application(self):
        if not hasattr(self, "_application"):
            try:
                self._application = selectors_answers.application_for(self.provider, self.kwargs["pk"])
            except PermitApplication.DoesNotExist as error:
                raise Http404("No such application.") from error
        return self._application

    def get_clock(self):
        if not hasattr(self, "_clock"):
            self._clock = services.application_clock(self.get_application())
        return self._clock

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application, clock = self.get_application(), self.get_clock()
        context.update(
            application=application,
            clock=clock,
            today=timezone.localdate(),
            options=answer_options(application, clock),
            application_url=application_url(application),
        )
        return context


class AnswerView(ApplicationAnswerMixin, FormView):
    """One page per answer: GET shows the form (or why the answer is not open now), POST calls the service."""

    template_name = "portal/applications/answer_form.html"
    option = ""
    unavailable = ""
    title = ""
    button = ""

    def get(self, request, *args, **kwargs):
        self.get_application()  # 404 before anything else
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            button=self.button,
            available=getattr(context["options"], self.option),
            unavailable=self.unavailable,
        )
        return context

    def answer(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        application = self.get_application()
        try:
            self.answer(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message())
        return redirect(application_url(application))

    def post(self, request, *args, **kwargs):
        self.get_application()
        return super().post(request, *args, **kwargs)


class ResubmitView(AnswerView):
    form_class = ResubmitForm
    template_name = "portal/applications/resubmit.html"
    option = "resubmit"
    unavailable = "There is no open incompleteness notice on this application, so there is nothing to resubmit."
    title = "Resubmit after the incompleteness notice"
    button = "Resubmit today"

    def success_message(self):
        return "Resubmitted today. The City has been told; your reviewer will look at it."

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        notice = selectors_answers.open_notice(context["application"], context["clock"])
        context.update(
            notice=notice,
            missing_items=selectors_answers.notice_items(notice),
            effect=resubmission_effect(context["clock"]),
        )
        return context

    def answer(self, form):
        services_answers.carrier_resubmit(
            actor=self.request.user, application=self.get_application(), note=form.cleaned_data["note"]
        )


class WithdrawView(AnswerView):
    form_class = WithdrawForm
    option = "withdraw"
    unavailable = "The application is no longer open, so it cannot be withdrawn."
    title = "Withdraw the application"
    button = "Withdraw the application"

    def success_message(self):
        return "Withdrawn. The City has been told; the shot clock has stopped."

    def answer(self, form):
        services_answers.carrier_withdraw(
            actor=self.request.user, application=self.get_application(), reason=form.cleaned_data["reason"]
        )


class DeemedGrantView(AnswerView):
    form_class = DeemedGrantNoticeForm
    option = "deemed_granted"
    unavailable = (
        "Only an eligible facilities request (section 6409(a)) that the City has not decided by the end of its "
        "review period can be deemed granted, and only once that period has run (47 CFR 1.6100(c)(4))."
    )
    title = "Give notice that the request is deemed granted"
    button = "Send the notice"

    def success_message(self):
        return "Notice recorded: the request is deemed granted (47 CFR 1.6100(c)(4)). The City has been told."

    def answer(self, form):
        services_answers.carrier_deemed_granted_notice(
            actor=self.request.user, application=self.get_application(), statement=form.cleaned_data["statement"]
        )


class MessagesView(ApplicationAnswerMixin, FormView):
    """The whole thread, oldest first, with a form to write to the City."""

    template_name = "portal/applications/messages.html"
    form_class = MessageForm

    def get(self, request, *args, **kwargs):
        self.get_application()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_application()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["thread"] = selectors_answers.thread(context["application"])
        return context

    def form_valid(self, form):
        application = self.get_application()
        try:
            services_messages.message_post(
                actor=self.request.user, application=application, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Message sent to the City.")
        return redirect(reverse("portal:application-messages", args=[application.pk]))
