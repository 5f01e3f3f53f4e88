from django.urls import path

from . import views

urlpatterns = [
    path("campaigns/", views.CampaignListView.as_view(), name="campaign-list"),
    # Before the detail: "current" is not a campaign's slug (campaign_create refuses it).
    path("campaigns/current/", views.CampaignCurrentView.as_view(), name="campaign-current"),
    path("campaigns/<slug:slug>/", views.CampaignDetailView.as_view(), name="campaign-detail"),
    path(
        "campaigns/<slug:slug>/phases/advance/",
        views.PhaseAdvanceView.as_view(),
        name="campaign-phase-advance",
    ),
    path(
        "campaigns/<slug:slug>/phases/<slug:phase>/",
        views.PhaseMoveView.as_view(),
        name="campaign-phase-move",
    ),
    path("themes/", views.ThemeListView.as_view(), name="theme-list"),
]
