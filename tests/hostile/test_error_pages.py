"""Friendly error pages: every status in both languages, in the site's own look."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import path

from scholargate.urls import handler400, handler403, handler404, handler500  # noqa: F401
from scholargate.urls import urlpatterns as site_urlpatterns
from tests.helpers import translated

pytestmark = pytest.mark.django_db


def fail_with(exception: Exception):
    def view(request, lang: str):
        raise exception

    return view


urlpatterns = [
    *site_urlpatterns,
    path("<str:lang>/boom/400", fail_with(SuspiciousOperation("tampered"))),
    path("<str:lang>/boom/403", fail_with(PermissionDenied())),
    path("<str:lang>/boom/404", fail_with(Http404())),
    path("<str:lang>/boom/500", fail_with(ZeroDivisionError("a bug"))),
]

TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Page not found",
    500: "Something went wrong",
}


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("status", TITLES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_error_pages_speak_the_visitors_language_and_keep_the_look(client, lang, status):
    client.raise_request_exception = False
    response = client.get(f"/{lang}/boom/{status}", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == status
    text = response.text
    assert f'<html lang="{lang}">' in text
    assert translated(TITLES[status], lang) in text
    assert translated("Back to the catalog", lang) in text
    assert 'href="/static/css/site.css"' in text
    assert 'class="site-header"' in text
    assert "Traceback" not in text and "ZeroDivisionError" not in text


@pytest.mark.urls(__name__)
def test_the_500_page_does_not_depend_on_the_database(client, django_assert_num_queries):
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/en/boom/500")
    assert response.status_code == 500
