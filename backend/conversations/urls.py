from django.urls import path

from . import views

urlpatterns = [
    path(
        "proposals/<int:pk>/comments/",
        views.ProposalThreadView.as_view(),
        name="proposal-comments",
    ),
    path("projects/<int:pk>/comments/", views.ProjectThreadView.as_view(), name="project-comments"),
    path("comments/<int:pk>/", views.CommentDetailView.as_view(), name="comment-detail"),
    path("comments/<int:pk>/report/", views.CommentReportView.as_view(), name="comment-report"),
    path("comments/<int:pk>/hide/", views.CommentHideView.as_view(), name="comment-hide"),
    path("comments/<int:pk>/restore/", views.CommentRestoreView.as_view(), name="comment-restore"),
    path("moderation/comments/", views.CommentQueueView.as_view(), name="moderation-comments"),
    path("proposals/<int:pk>/support/", views.SupportView.as_view(), name="proposal-support"),
]
