from django.urls import path

from .admin_api import UserRoleListView, UserRoleView

urlpatterns = [
    path("users/", UserRoleListView.as_view(), name="user-role-list"),
    path("users/<int:pk>/role/", UserRoleView.as_view(), name="user-role"),
]
