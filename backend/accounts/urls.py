from django.urls import path

from . import credential_views, views

urlpatterns = [
    path("auth/register/", views.RegisterView.as_view(), name="register"),
    path("auth/login/", views.LoginView.as_view(), name="login"),
    path("auth/logout/", views.LogoutView.as_view(), name="logout"),
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("auth/csrf/", views.CsrfView.as_view(), name="csrf"),
    path("auth/session/", views.SessionView.as_view(), name="session"),
    path("auth/verify-email/", views.VerifyEmailView.as_view(), name="verify-email"),
    path(
        "auth/verify-email/resend/",
        views.VerifyEmailResendView.as_view(),
        name="verify-email-resend",
    ),
    path(
        "auth/password-reset/",
        credential_views.PasswordResetRequestView.as_view(),
        name="password-reset",
    ),
    path(
        "auth/password-reset/confirm/",
        credential_views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "auth/email-change/confirm/",
        credential_views.EmailChangeConfirmView.as_view(),
        name="email-change-confirm",
    ),
    path("me/", views.MeView.as_view(), name="me"),
    path("me/password/", credential_views.PasswordChangeView.as_view(), name="me-password"),
    path("me/email/", credential_views.EmailChangeView.as_view(), name="me-email"),
]
