"""The OpenAPI schema's error answers: every operation documents the 4xx the API can give it.

drf-spectacular documents the success answer only. The API also answers, on every operation:
- 401 (no or a bad token; DRF sends `WWW-Authenticate: Token`, TokenAuthentication being first),
- 403 where accounts.permissions.StaffRolePermission guards the view (provider users, read-only roles writing),
- 404 for an unknown id in the path,
- 400 for a request body or query parameter the API refuses (a list's ?cursor= it did not give out too):
  the serializer's field errors, or a service's
  ValidationError turned into the same shape by config.exceptions.
The shapes are DRF's: {"detail": "..."} for the first three, {field: [messages]} for 400.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

from accounts.permissions import StaffRolePermission

ERROR_SCHEMA = {
    "type": "object",
    "description": "Why the request was refused.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "The refused fields, each with its messages (an object for a nested field, a list of objects for a "
        "list of them); `non_field_errors` for a refusal of the request as a whole; `detail` for a body that "
        "is not JSON at all."
    ),
    "additionalProperties": {
        "anyOf": [
            {"type": "string"},
            {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
            {"type": "object"},
        ],
    },
}
WRITE_METHODS = {"POST", "PUT", "PATCH"}


def _below(limit):
    """A regex for the whole numbers 0 .. limit - 1 (limit >= 1): the shorter numbers, then those as long as
    the limit that share its first digits and have a smaller one after them."""
    text = str(limit)
    length = len(text)
    parts = [rf"\d{{1,{length - 1}}}"] if length > 1 else []
    for i, digit in enumerate(text):
        low = 1 if i == 0 and length > 1 else 0
        high = int(digit) - 1
        if high >= low:
            rest = rf"\d{{{length - i - 1}}}" if length - i - 1 else ""
            parts.append(f"{text[:i]}[{low}-{high}]{rest}")
    return "|".join(parts)


def decimal_pattern(field):
    """The decimal strings DRF accepts for `field`, its bounds included where they are whole numbers
    and either 0 .. max or -max .. max (the ranges the models use)."""
    places = field.decimal_places
    fraction = rf"(?:\.\d{{0,{places}}})?" if places else ""
    only_fraction = rf"|\.\d{{1,{places}}}" if places else ""
    low, high = field.min_value, field.max_value
    if high is not None and high == int(high) and high >= 1 and low is not None and low in (0, -high):
        # A whole part under the maximum with any fraction, or the maximum itself with zeros.
        sign = "-?" if low else ""
        zeros = rf"(?:\.0{{0,{places}}})?" if places else ""
        return rf"^{sign}(?:(?:{_below(int(high))}){fraction}{only_fraction}|{int(high)}{zeros})$"
    sign = "" if low is not None and low >= 0 else "-?"
    return rf"^{sign}(?:\d{{1,{field.max_whole_digits}}}{fraction}{only_fraction})$"


class ConduitAutoSchema(AutoSchema):
    def _component(self, name, schema):
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
        self.registry.register_on_missing(component)
        return component.ref

    def _error(self, description, schema_ref, **extra):
        return {"description": description, "content": {"application/json": {"schema": schema_ref}}, **extra}

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        error = self._component("Error", ERROR_SCHEMA)
        parameters = operation.get("parameters", [])
        for parameter in parameters:
            # django-filter skips a filter sent empty (`?status=`): the list is not filtered by it;
            # an empty ?cursor= is the first page.
            if parameter["in"] == "query":
                parameter["allowEmptyValue"] = True
        has_query = any(parameter["in"] == "query" for parameter in parameters)
        if method in WRITE_METHODS or has_query:
            responses.setdefault(
                "400", self._error("The request body or a query parameter was refused.", self._validation_error())
            )
        responses.setdefault(
            "401",
            self._error(
                "No credentials, or bad ones.",
                error,
                headers={"WWW-Authenticate": {"schema": {"type": "string"}, "description": "`Token`"}},
            ),
        )
        if any(isinstance(permission, StaffRolePermission) for permission in self.view.get_permissions()):
            responses.setdefault("403", self._error("The signed-in user's role does not allow this.", error))
        if "{" in path:
            responses.setdefault("404", self._error("No such record.", error))
        return operation

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """A decimal string as DRF reads it: drf-spectacular's pattern also matches "", "-" and ".",
        which DRF refuses, allows a minus sign where the field's minimum is 0 or more, and ignores a maximum."""
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            isinstance(field, serializers.DecimalField)
            and schema.get("format") == "decimal"
            and "pattern" in schema
            and field.max_whole_digits
        ):
            schema["pattern"] = decimal_pattern(field)
        return schema

    def _validation_error(self):
        return self._component("ValidationError", VALIDATION_ERROR_SCHEMA)


# What Django's URLValidator accepts, in the form a generator can use: http(s) or ftp(s), a host name with a
# top-level domain, an optional port and path. (Its own regex also takes IP addresses; a client may send
# those, the schema promises no more than this.)
URL_PATTERN = r"^(?:https?|ftps?)://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$"
# DRF refuses a NUL character in any text, and trims a text before checking it is not blank: a required
# text needs one character that is not whitespace.
TEXT_PATTERN = r"^[^\u0000]*$"
NOT_BLANK_PATTERN = r"^[^\u0000]*[^\s\u0000][^\u0000]*$"


def _walk(node, visit):
    if isinstance(node, dict):
        visit(node)
        for value in node.values():
            _walk(value, visit)
    elif isinstance(node, list):
        for value in node:
            _walk(value, visit)


def tighten_patterns(result, generator, request, public):
    """POSTPROCESSING_HOOKS: constraints DRF enforces that drf-spectacular leaves out of the schema.

    In request bodies (the *Request components): a URL is one URLValidator accepts, a text has no NUL
    character, and a text that may not be blank has a character that is not whitespace. Responses keep
    the looser types: a value stored before is shown as it is.
    """

    def request_strings(node):
        if node.get("type") != "string" or node.get("readOnly"):
            return
        if node.get("format") == "uri":
            node["pattern"] = URL_PATTERN
        elif not ({"enum", "format", "pattern"} & set(node)):
            node["pattern"] = NOT_BLANK_PATTERN if node.get("minLength", 0) >= 1 else TEXT_PATTERN

    schemas = result.get("components", {}).get("schemas", {})
    for name, schema in schemas.items():
        if name.endswith("Request"):
            _walk(schema, request_strings)
    return result
