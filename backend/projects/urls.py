from django.urls import path

from . import views

urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="project-list"),
    path("map/projects/", views.ProjectMapView.as_view(), name="project-map"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project-detail"),
    path(
        "projects/<int:pk>/proposals/",
        views.ProjectAddProposalsView.as_view(),
        name="project-add-proposals",
    ),
    path("proposals/<int:pk>/merge/", views.ProposalMergeView.as_view(), name="proposal-merge"),
]
