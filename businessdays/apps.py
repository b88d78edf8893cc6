from django.apps import AppConfig


class BusinessDaysConfig(AppConfig):
    name = "businessdays"
    verbose_name = "Business days and closures"
