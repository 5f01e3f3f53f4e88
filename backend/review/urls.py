from django.urls import path

from . import views

urlpatterns = [
    path(
        "proposals/<int:pk>/review/start/",
        views.ProposalStartReviewView.as_view(),
        name="proposal-review-start",
    ),
    path(
        "proposals/<int:pk>/review/accept/",
        views.ProposalAcceptView.as_view(),
        name="proposal-review-accept",
    ),
    path(
        "proposals/<int:pk>/review/reject/",
        views.ProposalRejectView.as_view(),
        name="proposal-review-reject",
    ),
    path(
        "proposals/<int:pk>/review/notes/",
        views.ProposalNotesView.as_view(),
        name="proposal-review-notes",
    ),
    path(
        "proposals/<int:pk>/review/prepare/",
        views.ProposalPrepareView.as_view(),
        name="proposal-review-prepare",
    ),
    path(
        "proposals/<int:pk>/review/assign/",
        views.ProposalAssignView.as_view(),
        name="proposal-review-assign",
    ),
    path(
        "proposals/<int:pk>/duplicates/",
        views.ProposalDuplicatesView.as_view(),
        name="proposal-duplicates",
    ),
    path("review/queue/", views.ReviewQueueView.as_view(), name="review-queue"),
    path("review/bulk/", views.ReviewBulkView.as_view(), name="review-bulk"),
    path("review/publish/", views.ReviewPublishView.as_view(), name="review-publish"),
    path("review/export.csv", views.ReviewExportView.as_view(), name="review-export"),
]
