from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.views import api_not_found

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the page needs no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    path("", include("core.urls")),
    # Vote day's requests (a ballot read, a cast) first: each request tries the routes in this
    # order, and the ballots' came after about seventy others (test_routes holds every route
    # reachable whatever the order).
    path("", include("voting.urls")),
    path("", include("accounts.urls")),
    path("", include("geo.urls")),
    path("", include("addresses.urls")),
    path("", include("campaigns.urls")),
    path("", include("proposals.urls")),
    path("", include("audit.urls")),
    path("", include("accounts.admin_urls")),
    path("", include("moderation.urls")),
    path("", include("review.urls")),
    path("", include("projects.urls")),
    path("", include("notifications.urls")),
    path("", include("results.urls")),
    path("", include("conversations.urls")),
    path("", include("petitions.urls")),
    path("", include("delivery.urls")),
    path("", include("privacy.urls")),
]

urlpatterns.append(re_path(r"^", api_not_found))  # last: any other path under /api/v1/
