from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.NotificationListView.as_view(), name="notification-list"),
    path(
        "notifications/unread-count/",
        views.UnreadCountView.as_view(),
        name="notification-unread-count",
    ),
    path(
        "notifications/read-all/",
        views.NotificationReadAllView.as_view(),
        name="notification-read-all",
    ),
    path(
        "notifications/preferences/",
        views.PreferenceView.as_view(),
        name="notification-preferences",
    ),
    path(
        "notifications/unsubscribe/",
        views.UnsubscribeView.as_view(),
        name="notification-unsubscribe",
    ),
    path(
        "notifications/<int:pk>/read/",
        views.NotificationReadView.as_view(),
        name="notification-read",
    ),
    path("follows/", views.FollowListView.as_view(), name="follow-list"),
    path("proposals/<int:pk>/follow/", views.ProposalFollowView.as_view(), name="proposal-follow"),
    path("projects/<int:pk>/follow/", views.ProjectFollowView.as_view(), name="project-follow"),
]
