from django.urls import path

from . import views

urlpatterns = [
    path("campaigns/", views.CampaignListView.as_view(), name="campaign-list"),
    path("campaigns/<slug:slug>/", views.CampaignDetailView.as_view(), name="campaign-detail"),
    path("themes/", views.ThemeListView.as_view(), name="theme-list"),
]
