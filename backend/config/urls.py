from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("", include("core.frontend_urls")),
]

# Under /api/, unknown paths and uncaught exceptions answer in the API's error format.
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
