import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

# Committed: PostgreSQL cannot empty tables inside the transaction that wrote to them.
pytestmark = pytest.mark.django_db(transaction=True)


def test_editors_group_comes_back_after_the_database_is_emptied():
    Group.objects.all().delete()
    call_command("flush", "--no-input")  # emits post_migrate, as `migrate` does
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    assert {"add_method", "change_method", "view_method", "change_researchfield"} <= codenames
    assert "view_catalogrevision" in codenames  # history: read, never deleted
    assert not any(code.startswith("delete_") or "user" in code for code in codenames)
