from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from core.throttles import sign_in_wait


@sensitive_post_parameters()
@csrf_protect
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's login form behind the API's sign-in limits (per email address tried and per
    client address, the same Redis counters as ``auth/login/``): 429 with ``Retry-After``."""
    if request.method == "POST":
        wait = sign_in_wait(request)
        if wait is not None:
            response = HttpResponse(
                "Trop de tentatives de connexion : réessayez plus tard.\n"
                "Too many sign-in attempts: try again later.\n",
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(wait)
            return response
    return admin.site.login(request)


urlpatterns = [
    path("api/v1/", include("config.api_urls")),
    path("", include("core.frontend_urls")),
]
if settings.ADMIN_ENABLED:
    urlpatterns[:0] = [
        path("admin/login/", admin_login, name="admin-login"),
        path("admin/", admin.site.urls),
    ]

# Under /api/, unknown paths and uncaught exceptions answer in the API's error format.
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
