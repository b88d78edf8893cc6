"""core.pagination: keyset pages in the list's ordering, ties and NULLs included, tamper-safe cursors."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import signing

from accounts.models import User
from core.pagination import BAD_CURSOR_MESSAGE, KeysetPaginator, Many, ordering_keys

T0 = datetime(2026, 12, 1, 9, 0, 0, 123456, tzinfo=UTC)


@pytest.fixture
def users(db):
    """23 users: last_login NULL for every fourth, and ties (three users per timestamp) for the rest."""
    made = []
    for n in range(23):
        last_login = None if n % 4 == 0 else T0 + timedelta(microseconds=n // 3)
        made.append(User.objects.create(username=f"page-user-{n:02d}", last_login=last_login))
    return made


def expected(rows, descending):
    """The ordering worked out in Python: NULL as the largest value, then the id."""

    def key(user):
        return (user.last_login is None, user.last_login or T0, user.pk)

    ordered = sorted(rows, key=key)
    if descending:  # -last_login, -id: the exact reverse
        ordered.reverse()
    return [user.pk for user in ordered]


def walk_forward(paginator):
    page, seen = paginator.page(None), []
    while True:
        seen += [row.pk for row in page]
        if not page.has_next():
            return seen
        page = paginator.page(page.next_cursor)


def walk_backward(paginator):
    page = paginator.page(paginator.cursor("l"))
    seen = []
    while True:
        seen = [row.pk for row in page] + seen
        if not page.has_previous():
            return seen
        page = paginator.page(page.previous_cursor)


@pytest.mark.parametrize("descending", [False, True])
def test_pages_cover_every_row_once_in_order_with_nulls_and_ties(users, descending):
    ordering = "-last_login" if descending else "last_login"
    queryset = User.objects.filter(username__startswith="page-user-").order_by(ordering)
    paginator = KeysetPaginator(queryset, 5)
    assert walk_forward(paginator) == expected(users, descending)
    assert walk_backward(paginator) == expected(users, descending)


def test_the_ordering_always_ends_with_the_primary_key(db):
    keys = ordering_keys(User.objects.order_by("last_login"))
    assert [(key.path, key.descending, key.nullable) for key in keys] == [
        ("last_login", False, True),
        ("id", False, False),
    ]
    assert [key.path for key in ordering_keys(Group.objects.order_by("-name", "pk", "id"))] == ["name", "id"]


def test_the_last_page_is_the_end_of_the_list_turned_back(users):
    paginator = KeysetPaginator(User.objects.filter(username__startswith="page-user-").order_by("last_login"), 5)
    last = paginator.page(paginator.cursor("l"))
    assert [row.pk for row in last] == expected(users, False)[-5:]
    assert last.has_previous() and not last.has_next()
    first = paginator.page(None)
    assert first.has_next() and not first.has_previous() and first.last_cursor


def test_previous_from_the_second_page_is_the_first_page(users):
    paginator = KeysetPaginator(User.objects.filter(username__startswith="page-user-").order_by("last_login"), 5)
    second = paginator.page(paginator.page(None).next_cursor)
    back = paginator.page(second.previous_cursor)
    assert [row.pk for row in back] == expected(users, False)[:5]
    assert not back.has_previous()


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "x" * 500,
        signing.dumps({"d": "n", "v": [1]}),  # signed, but not with this list's salt
        "%00",
    ],
    # Fixed ids: the signed value carries a timestamp, and pytest-xdist needs every worker to collect the same names.
    ids=["garbage", "too-long", "foreign-salt", "nul"],
)
def test_a_damaged_or_foreign_cursor_gives_the_first_page_with_a_note(users, cursor):
    paginator = KeysetPaginator(User.objects.filter(username__startswith="page-user-").order_by("last_login"), 5)
    page = paginator.page(cursor)
    assert [row.pk for row in page] == expected(users, False)[:5]
    assert page.cursor_error == BAD_CURSOR_MESSAGE


def test_a_cursor_of_one_ordering_is_refused_by_another(users):
    by_login = KeysetPaginator(User.objects.order_by("last_login"), 5)
    by_name = KeysetPaginator(User.objects.order_by("username"), 5)
    cursor = by_login.page(None).next_cursor
    assert by_name.page(cursor).cursor_error == BAD_CURSOR_MESSAGE
    assert by_login.page(cursor).cursor_error == ""


def test_an_edited_cursor_is_refused(users):
    paginator = KeysetPaginator(User.objects.order_by("last_login"), 5)
    cursor = paginator.page(None).next_cursor
    edited = cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")
    assert paginator.page(edited).cursor_error == BAD_CURSOR_MESSAGE


def test_the_count_is_exact_up_to_the_limit_then_many(users):
    queryset = User.objects.filter(username__startswith="page-user-")
    assert KeysetPaginator(queryset.order_by("id"), 5, count_limit=100).count == 23
    many = KeysetPaginator(queryset.order_by("id"), 5, count_limit=10).count
    assert isinstance(many, Many) and str(many) == "More than 10" and many > 10 and float(many) > 1


def test_every_page_costs_the_same_queries_first_middle_and_last(users, django_assert_num_queries):
    paginator = KeysetPaginator(User.objects.filter(username__startswith="page-user-").order_by("last_login"), 5)
    middle = paginator.page(paginator.page(None).next_cursor).next_cursor
    for cursor in (None, middle, paginator.cursor("l")):
        with django_assert_num_queries(1):
            list(paginator.page(cursor))
