from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from scholargate import views

# Editors see whose admin this is, not Django's default "Django administration".
admin.site.site_header = admin.site.site_title = "ScholarGate"
admin.site.index_title = _("Catalog administration")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path(settings.ADMIN_URL, admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("", RedirectView.as_view(pattern_name="methods:list"), name="home"),
    path("methods/", include("methods.urls")),
    path("compare/", include("compare.urls")),
)

handler400 = "scholargate.views.bad_request"
handler403 = "scholargate.views.permission_denied"
handler404 = "scholargate.views.page_not_found"
handler500 = "scholargate.views.server_error"
