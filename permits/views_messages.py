"""The City's side of an application's message thread: every City role reads it; Staff and Legal write."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView

from accounts.mixins import CityRoleRequiredMixin
from accounts.roles import LEGAL, STAFF, has_role
from core.forms import add_service_errors
from permits.forms_answers import MessageForm
from permits.models import ApplicationMessage, PermitApplication
from permits.services_messages import message_post


class ApplicationMessagesView(CityRoleRequiredMixin, FormView):
    template_name = "permits/application_messages.html"
    form_class = MessageForm
    write_roles = (STAFF, LEGAL)
    form_is_write_only = False  # the thread is a read page; the form under it is for Staff and Legal

    def get_application(self):
        if not hasattr(self, "_application"):
            self._application = get_object_or_404(
                PermitApplication.objects.select_related("applicant"), pk=self.kwargs["pk"]
            )
        return self._application

    def get(self, request, *args, **kwargs):
        self.get_application()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_application()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.get_application()
        context.update(
            application=application,
            thread=list(
                ApplicationMessage.objects.filter(application=application)
                .select_related("author")
                .order_by("sent_at", "id")
            ),
            can_post=has_role(self.request.user, STAFF, LEGAL),
        )
        return context

    def form_valid(self, form):
        application = self.get_application()
        try:
            message_post(actor=self.request.user, application=application, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Message sent to {application.applicant.name}.")
        return redirect(reverse("permits:application-messages", args=[application.pk]))
