from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from cwis.api import api
from cwis.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("", include("cwis.accounts.urls")),  # sign-in, my account, the security pages
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("divisions/", core_views.division_browser, name="divisions"),
    path("divisions/places/", core_views.division_places, name="division_places"),
    path("audit/", core_views.access_log, name="access_log"),
    path("jobs/", include("cwis.core.jobs.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("institutions/", include("cwis.institutions.urls")),
    path("children/", include("cwis.children.urls")),
    path("transfers/", include("cwis.transfers.urls")),
    path("oversight/", include("cwis.oversight.urls")),
    path("community/", include("cwis.protection.urls")),
    path("protection/cases/", include("cwis.protection.urls_cases")),
    path("protection/", include("cwis.protection.urls_county_work")),
    path("screening/", include("cwis.screening.urls")),
    path("care/", include("cwis.care.urls")),
    path("safety/", include("cwis.safety.urls")),
    path("partners/", include("cwis.partners.urls")),
]

handler400 = "cwis.core.error_views.bad_request"
handler403 = "cwis.core.error_views.permission_denied"
handler404 = "cwis.core.error_views.page_not_found"
handler500 = "cwis.core.error_views.server_error"
