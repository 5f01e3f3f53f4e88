from django.urls import path

from . import views

urlpatterns = [
    path("proposals/", views.ProposalListView.as_view(), name="proposal-list"),
    path("map/proposals/", views.ProposalMapView.as_view(), name="proposal-map"),
    path("proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal-detail"),
    path(
        "proposals/<int:pk>/withdraw/",
        views.ProposalWithdrawView.as_view(),
        name="proposal-withdraw",
    ),
]
