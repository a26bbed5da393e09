import json
from axe_playwright_python.sync_playwright import Axe
import pytest

PAGES = ["/{l}/methods/", "/{l}/methods/qlora/", "/{l}/compare/", "/{l}/compare/?m=qlora", "/{l}/compare/?m=qlora,lora,adam,bert"]

@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("path", PAGES)
def test_axe(page, path, lang):
    page.goto(path.format(l=lang))
    r = Axe().run(page, options={"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    print(path, lang, "violations", len(r.response["violations"]), "passes", len(r.response.get("passes", [])), r.response.get("testEngine"))
    for v in r.response["violations"]:
        print(path, lang, v["id"], v["impact"], v["help"])
        for n in v["nodes"][:5]:
            print("   ", n["target"], n["failureSummary"][:300].replace("\n"," | "))

@pytest.mark.parametrize("lang", ["en", "vi"])
def test_admin(page, lang, django_user_model, live_server):
    from methods.models import Method
    django_user_model.objects.create_superuser("boss", "b@example.org", "a long boss password")
    pk = Method.objects.get(slug="qlora").pk
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
    page.goto(f"/admin/methods/method/{pk}/change/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "a long boss password")
    page.press("#id_password", "Enter")
    page.wait_for_url(f"**/admin/methods/method/{pk}/change/")
    print(page.locator("html").get_attribute("lang"))
    r = Axe().run(page, options={"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    print("admin", lang, "violations", len(r.response["violations"]))
    for v in r.response["violations"]:
        print("admin", lang, v["id"], v["impact"], v["help"])
        for n in v["nodes"][:5]:
            print("   ", n["target"], n["failureSummary"][:300].replace("\n"," | "))
