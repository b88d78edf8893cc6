"""API serializer fields stricter than DRF's, so that the API accepts only what its schema says."""

from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """A text field that takes text only. DRF's CharField turns a JSON number into text, so `{"notes": 1.5}`
    would be accepted where the schema says a string (the schema conformance test finds such requests)."""

    default_error_messages = {"not_text": "Must be text (a JSON string), not a number, true/false or a list."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_text")
        return super().to_internal_value(data)
