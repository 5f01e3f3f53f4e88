from django.urls import path, re_path

from . import views

urlpatterns = [
    path("proposals/", views.ProposalListView.as_view(), name="proposal-list"),
    path("map/proposals/", views.ProposalMapView.as_view(), name="proposal-map"),
    # Any text between the slashes: the view says in the error format what is wrong with it.
    re_path(
        r"^map/proposals/tiles/(?P<z>[^/]{1,20})/(?P<x>[^/]{1,20})/(?P<y>[^/]{1,20})/$",
        views.ProposalTileView.as_view(),
        name="proposal-map-tile",
    ),
    path("proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal-detail"),
    path(
        "proposals/<int:pk>/withdraw/",
        views.ProposalWithdrawView.as_view(),
        name="proposal-withdraw",
    ),
]
