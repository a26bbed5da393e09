import pytest
from django.utils import translation

from compare import controls
from compare.controls import Controls
from compare.tray import SESSION_KEY, Tray
from methods.models import Method

pytestmark = pytest.mark.django_db


def page_controls(in_tray: list[int], only_differences: bool) -> Controls:
    return Controls(
        {
            "compare_tray": Tray({SESSION_KEY: in_tray}),
            "csrf_token": "a-token",
            "here": "/en/methods/?q=a&field=b",
            "messages": [],
            "only_differences": only_differences,
        }
    )


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("tray_size", [0, 2, 4])
def test_a_control_filled_in_from_the_pages_skeleton_is_the_control_drawn_whole(
    catalog, monkeypatch, language, tray_size
):
    """A page draws its common controls once and fills in each method's slug and name: every
    method's, in every state, comes out as drawn on its own (names with &, quotes, accents)."""
    methods = list(Method.objects.all())
    assert any(set(m.display_name) & set("&'\"<") for m in methods)
    in_tray = [m.pk for m in methods[:tray_size]]
    with translation.override(language):
        for only_differences in (False, True):
            filled = page_controls(in_tray, only_differences)
            monkeypatch.setattr(controls, "SKELETONS", set())
            whole = page_controls(in_tray, only_differences)
            for method in methods:
                for action in ("toggle", "add", "remove"):
                    drawn = whole.render(method, action, autofocus=method.pk % 7 == 0)
                    monkeypatch.setattr(controls, "SKELETONS", {"toggle", "add", "remove"})
                    assert filled.render(method, action, autofocus=method.pk % 7 == 0) == drawn
                    monkeypatch.setattr(controls, "SKELETONS", set())
