import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from core.services import apply_fields


def test_sets_allowed_fields_and_returns_the_changed_ones():
    group = Group(name="Old")
    assert apply_fields(group, {"name": "New"}, allowed={"name"}) == {"name"}
    assert group.name == "New"
    assert apply_fields(group, {"name": "New"}, allowed=("name",)) == set()


def test_refuses_unknown_fields_and_sets_nothing():
    group = Group(name="Old")
    with pytest.raises(ValidationError, match="Group: these fields cannot be set here: id, zzz") as error:
        apply_fields(group, {"name": "New", "zzz": 1, "id": 5}, allowed={"name"})
    assert error.value.code == "unknown_field"
    assert group.name == "Old"


def test_a_foreign_key_compares_by_id_without_a_query(db, django_assert_num_queries):
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType(pk=7)
    permission = Permission(codename="x")
    with django_assert_num_queries(0):
        assert apply_fields(permission, {"content_type": content_type}, allowed={"content_type"}) == {"content_type"}
        assert apply_fields(permission, {"content_type": content_type}, allowed={"content_type"}) == set()
