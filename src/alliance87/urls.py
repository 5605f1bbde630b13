from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from alliance87.api import api
from alliance87.core import views as core_views
from alliance87.core.files import serve_public_media

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/", api.urls),
]

urlpatterns += i18n_patterns(
    path("", include("alliance87.core.urls")),
    path("partners/", include("alliance87.partners.urls")),
    path("pathfinders/", include("alliance87.pathfinders.urls")),
    path("groups/", include("alliance87.groups.urls")),
    path("gcg/", include("alliance87.governance.urls")),
    path("results/", include("alliance87.results.urls")),
    path("risk/", include("alliance87.risk.urls")),
    path("", include("alliance87.knowledge.urls")),  # /resources/... and /search/
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    # Only public uploads (logos) are served straight from disk; the rest go through views
    # that check permission (alliance87.core.files.download). In production the web server
    # serves MEDIA_ROOT/partners/logos/ and nothing else of MEDIA_ROOT.
    urlpatterns += [re_path(r"^media/(?P<path>.+)$", serve_public_media)]
