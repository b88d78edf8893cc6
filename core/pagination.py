"""Keyset ("cursor") pagination: every page of a list costs what the first does.

OFFSET pagination makes the database read and throw away every row before the
page, so the last page of 100,000 rows costs a hundred times the first. A
keyset page instead asks for the rows *after* (or *before*) the edge row of the
page you came from, in the list's own ordering, so the database walks its index
from there:

- first page: the ordering, LIMIT per_page + 1 (the extra row says "there is a next page");
- next: rows after the last row shown; previous: rows before the first row shown, in
  the reversed ordering, turned back;
- last page: the reversed ordering, LIMIT per_page + 1, turned back.

The ordering is the queryset's own (`order_by(...)`, else the model's Meta.ordering),
always ended with the primary key so ties cannot make a row appear twice or never.
NULL sorts as the largest value on every database (PostgreSQL's default: ASC NULLS LAST,
DESC NULLS FIRST), so a nullable column pages the same on SQLite and PostgreSQL.

The cursor in the link (?cursor=...) is the edge row's ordering values, signed
with the SECRET_KEY (django.core.signing) under a salt naming the model and
ordering: a cursor that was edited, truncated or copied from another list is
refused, and the page shows the first page with a plain note, never an error.

The total is counted only up to COUNT_LIMIT rows (one bounded query); beyond it
the page reads "50 of more than 1,000".
"""

import functools
import operator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db.models import F, Q
from django.db.models.constants import LOOKUP_SEP
from django.utils.functional import cached_property
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import replace_query_param

CURSOR_PARAM = "cursor"
COUNT_LIMIT = 1000
SALT = "core.pagination"
BAD_CURSOR_MESSAGE = "That page link was damaged or is from another list, so this is the first page."

FIRST, NEXT, PREVIOUS, LAST = "first", "n", "p", "l"


@functools.total_ordering
class Many:
    """A count past COUNT_LIMIT: reads "More than 1,000" and compares as just over the limit."""

    def __init__(self, at_least):
        self.at_least = at_least

    def __str__(self):
        return f"More than {self.at_least:,}"

    def __float__(self):
        return float(self.at_least + 1)

    def __int__(self):
        return self.at_least + 1

    def __bool__(self):
        return True

    def __eq__(self, other):
        return isinstance(other, Many) and other.at_least == self.at_least

    def __lt__(self, other):
        return self.at_least + 0.5 < (other.at_least + 0.5 if isinstance(other, Many) else other)

    __hash__ = None


@dataclass(frozen=True)
class Key:
    """One column of the ordering: its lookup path, direction, and whether it can be NULL."""

    path: str
    descending: bool
    nullable: bool
    field: object

    def order(self, reverse=False):
        descending = self.descending != reverse
        if not self.nullable:
            return f"-{self.path}" if descending else self.path
        # NULL as the largest value, whatever the database's default.
        return F(self.path).desc(nulls_first=True) if descending else F(self.path).asc(nulls_last=True)

    def value_of(self, row):
        value = row
        for part in self.path.split(LOOKUP_SEP):
            if value is None:
                return None
            value = getattr(value, part)
        return value


def _resolve(model, path):
    """The field at the end of `path` and whether a NULL can come back along it."""
    nullable = False
    parts = path.split(LOOKUP_SEP)
    for index, part in enumerate(parts):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist as error:
            raise ImproperlyConfigured(
                f"Keyset pagination orders only by model fields; {path!r} is not one on {model.__name__}."
            ) from error
        nullable = nullable or bool(getattr(field, "null", False))
        last = index == len(parts) - 1
        if field.is_relation:
            if last and part != getattr(field, "attname", None):
                raise ImproperlyConfigured(
                    f"Order by {part}_id or a field of the related model, not the relation {path!r}."
                )
            if not last:
                if field.many_to_many or field.one_to_many:
                    raise ImproperlyConfigured(f"Keyset pagination cannot order by a to-many relation ({path!r}).")
                model = field.related_model
    return field, nullable


def ordering_keys(queryset):
    """The queryset's ordering as Keys, ended with the primary key."""
    model = queryset.model
    names = list(queryset.query.order_by) or (list(model._meta.ordering) if queryset.query.default_ordering else [])
    pk = model._meta.pk
    keys, seen = [], set()
    for name in names:
        if not isinstance(name, str) or name == "?":
            raise ImproperlyConfigured("Keyset pagination needs an ordering of field names (strings).")
        descending = name.startswith("-")
        path = name.lstrip("-")
        if path == "pk":
            path = pk.attname
        if path in seen:
            continue
        seen.add(path)
        field, nullable = _resolve(model, path)
        keys.append(Key(path, descending, nullable, field))
        if path in (pk.attname, pk.name):
            return keys
    keys.append(Key(pk.attname, keys[-1].descending if keys else False, False, pk))
    return keys


def _encode(value):
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()  # full precision: a tie on milliseconds must not skip rows
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    return value


def _beyond(key, value, descending):
    """Rows strictly past `value` on this key, in the direction of travel (None: there are none)."""
    if descending:
        return Q(**{f"{key.path}__isnull": False}) if value is None else Q(**{f"{key.path}__lt": value})
    if value is None:
        return None
    beyond = Q(**{f"{key.path}__gt": value})
    return beyond | Q(**{f"{key.path}__isnull": True}) if key.nullable else beyond


def _equal(key, value):
    return Q(**{f"{key.path}__isnull": True}) if value is None else Q(**{key.path: value})


def past(keys, values, reverse=False):
    """A Q for the rows after the row whose ordering values are `values` (before it, with reverse)."""
    terms, equal = [], Q()
    for key, value in zip(keys, values, strict=True):
        beyond = _beyond(key, value, key.descending != reverse)
        if beyond is not None:
            terms.append(equal & beyond)
        equal &= _equal(key, value)
    if not terms:
        return Q(pk__in=[])
    condition = functools.reduce(operator.or_, terms)
    # The same condition on the first column alone, which the database can use as an index bound.
    first, value = keys[0], values[0]
    if value is not None:
        descending = first.descending != reverse
        bound = Q(**{f"{first.path}__{'lte' if descending else 'gte'}": value})
        if first.nullable and not descending:
            bound |= Q(**{f"{first.path}__isnull": True})
        condition = bound & condition
    return condition


class KeysetPage:
    """One page: its rows, whether there are pages either side, and the cursors to reach them."""

    keyset = True

    def __init__(self, paginator, rows, *, has_previous, has_next, cursor_error=""):
        self.paginator = paginator
        self.rows = rows  # the cursors are taken from these, even if object_list is replaced for display
        self.object_list = rows
        self._has_previous = has_previous
        self._has_next = has_next
        self.cursor_error = cursor_error

    def __len__(self):
        return len(self.object_list)

    def __iter__(self):
        return iter(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    def has_previous(self):
        return self._has_previous

    def has_next(self):
        return self._has_next

    def has_other_pages(self):
        return self._has_previous or self._has_next

    @property
    def next_cursor(self):
        return self.paginator.cursor(NEXT, self.rows[-1]) if self._has_next and self.rows else None

    @property
    def previous_cursor(self):
        return self.paginator.cursor(PREVIOUS, self.rows[0]) if self._has_previous and self.rows else None

    @property
    def last_cursor(self):
        return self.paginator.cursor(LAST) if self._has_next else None


class KeysetPaginator:
    """Pages of `queryset` in its own ordering, `per_page` at a time. `page(cursor)` fetches one."""

    def __init__(self, queryset, per_page, *, count_limit=COUNT_LIMIT):
        self.queryset = queryset
        self.per_page = per_page
        self.count_limit = count_limit
        self.keys = ordering_keys(queryset)
        model = queryset.model._meta.label_lower
        self.salt = f"{SALT}:{model}:{','.join(('-' if k.descending else '') + k.path for k in self.keys)}"

    @cached_property
    def count(self):
        """The number of rows, exactly up to count_limit, else Many(count_limit): one bounded query."""
        counted = self.queryset.order_by()[: self.count_limit + 1].count()
        return Many(self.count_limit) if counted > self.count_limit else counted

    def cursor(self, direction, row=None):
        payload = {"d": direction}
        if row is not None:
            payload["v"] = [_encode(key.value_of(row)) for key in self.keys]
        return signing.dumps(payload, salt=self.salt, compress=True)

    def decode(self, cursor):
        """(direction, values) from a cursor; raises ValueError when it is not one of this list's."""
        try:
            payload = signing.loads(cursor, salt=self.salt)
            direction = payload["d"]
            if direction == LAST:
                return LAST, None
            if direction not in (NEXT, PREVIOUS):
                raise ValueError(direction)
            raw = payload["v"]
            if len(raw) != len(self.keys):
                raise ValueError("wrong number of values")
            values = [
                None if value is None else key.field.to_python(value) for key, value in zip(self.keys, raw, strict=True)
            ]
        except (signing.BadSignature, KeyError, TypeError, ValueError, ValidationError) as error:
            raise ValueError("not a cursor of this list") from error
        return direction, values

    def _fetch(self, reverse=False, after=None):
        queryset = self.queryset
        if after is not None:
            queryset = queryset.filter(past(self.keys, after, reverse=reverse))
        rows = list(queryset.order_by(*(key.order(reverse) for key in self.keys))[: self.per_page + 1])
        more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        return (rows[::-1] if reverse else rows), more

    def page(self, cursor=None, *, strict=False):
        """The page a cursor names (the first page for none). A bad cursor gives the first page and a
        note, or with `strict` raises ValueError."""
        if not cursor:
            rows, more = self._fetch()
            return KeysetPage(self, rows, has_previous=False, has_next=more)
        try:
            direction, values = self.decode(cursor)
        except ValueError:
            if strict:
                raise
            rows, more = self._fetch()
            return KeysetPage(self, rows, has_previous=False, has_next=more, cursor_error=BAD_CURSOR_MESSAGE)
        if direction == LAST:
            rows, more = self._fetch(reverse=True)
            return KeysetPage(self, rows, has_previous=more, has_next=False)
        if direction == PREVIOUS:
            # Walking back from the last page can end on a short page at the start: it is the rows before.
            rows, more = self._fetch(reverse=True, after=values)
            return KeysetPage(self, rows, has_previous=more, has_next=True)
        rows, more = self._fetch(after=values)
        if not rows:  # past the end (the rows after were removed): the last page
            rows, more = self._fetch(reverse=True)
            return KeysetPage(self, rows, has_previous=more, has_next=False)
        return KeysetPage(self, rows, has_previous=True, has_next=more)


API_BAD_CURSOR_MESSAGE = (
    "That cursor is damaged or belongs to another list: use the next, previous or last link as given."
)


class KeysetAPIPagination(BasePagination):
    """The API's lists (REST_FRAMEWORK DEFAULT_PAGINATION_CLASS): the same keyset pages, in each viewset's own
    ordering ended with the id, as {"next", "previous", "last", "results"}: links, each null when there is no
    such page. No count: a count of every row costs more the more rows there are. A bad ?cursor= is a 400."""

    page_size = api_settings.PAGE_SIZE or 50
    cursor_query_param = CURSOR_PARAM

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = KeysetPaginator(queryset, self.page_size)
        try:
            self.page = paginator.page(request.query_params.get(self.cursor_query_param), strict=True)
        except ValueError as error:
            raise DRFValidationError({self.cursor_query_param: [API_BAD_CURSOR_MESSAGE]}) from error
        return list(self.page.object_list)

    def _link(self, cursor):
        if cursor is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, cursor)

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self._link(self.page.next_cursor),
                "previous": self._link(self.page.previous_cursor),
                "last": self._link(self.page.last_cursor),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "last", "results"],
            "properties": {
                "next": {**link, "description": "The next page, or null on the last page."},
                "previous": {**link, "description": "The previous page, or null on the first page."},
                "last": {**link, "description": "The last page, or null when this is it."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where the page starts: copy it from a next, previous or last link; leave it out for "
                "the first page.",
                "schema": {"type": "string"},
            }
        ]
