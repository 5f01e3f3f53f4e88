from django.urls import path

from . import conflict_views, views

C = "campaigns/<slug:slug>/"

urlpatterns = [
    path(C + "voting/", views.VotingStatusView.as_view(), name="voting-status"),
    path(C + "voting/settings/", views.VotingSettingsView.as_view(), name="voting-settings"),
    path(C + "envelopes/", views.EnvelopeListView.as_view(), name="envelope-list"),
    path(C + "envelopes/<slug:code>/", views.EnvelopeDetailView.as_view(), name="envelope-detail"),
    path(C + "areas/<slug:code>/ballot/", views.AreaBallotView.as_view(), name="area-ballot"),
    path(C + "priority-zones/", views.PriorityZonesView.as_view(), name="priority-zones"),
    path(C + "declaration/", views.MyDeclarationView.as_view(), name="my-declaration"),
    path(C + "declarations/", views.DeclarationListView.as_view(), name="declaration-list"),
    path(C + "ballots/", views.BallotCastView.as_view(), name="ballot-cast"),
    path(
        C + "areas/<slug:code>/paper-ballots/",
        views.PaperBallotView.as_view(),
        name="paper-ballots",
    ),
    path(
        C + "areas/<slug:code>/paper-ballots/import/",
        views.PaperBallotImportView.as_view(),
        name="paper-ballots-import",
    ),
    path(C + "ballots/replace/", views.BallotReplaceView.as_view(), name="ballot-replace"),
    path(
        C + "identity-conflicts/",
        conflict_views.IdentityConflictListView.as_view(),
        name="identity-conflict-list",
    ),
    path(
        C + "identity-conflicts/<int:pk>/decide/",
        conflict_views.IdentityConflictDecideView.as_view(),
        name="identity-conflict-decide",
    ),
    path(
        "declarations/<int:pk>/review/",
        views.DeclarationReviewView.as_view(),
        name="declaration-review",
    ),
    path(
        "projects/<int:pk>/priority/", views.ProjectPriorityView.as_view(), name="project-priority"
    ),
    path("receipts/check/", views.ReceiptCheckView.as_view(), name="receipt-check"),
]
