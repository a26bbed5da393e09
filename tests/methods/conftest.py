import pytest
from django.contrib.auth.models import Group, User


@pytest.fixture
def editor_client(client):
    editor = User.objects.create_user("editor", password="a long editor password", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client
