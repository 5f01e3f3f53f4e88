from django.contrib.auth import authenticate, login, logout
from django.middleware.csrf import get_token
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import ApplicationError
from core.throttles import (
    RegisterThrottle,
    SignInAddressThrottle,
    SignInEmailThrottle,
    VerificationEmailThrottle,
)

from .authentication import CsrfProtectedView
from .models import User
from .serializers import (
    LoginInput,
    RegisterInput,
    RegisterOutput,
    SessionOutput,
    TokenOutput,
    UserOutput,
    VerifyEmailInput,
)
from .services import email_verification_request, user_register, user_verify_email

SIGN_IN_THROTTLES = [SignInAddressThrottle, SignInEmailThrottle]
CHECK_YOUR_MAIL = (
    "Check your mail: open the link it contains to confirm your address, then sign in."
)


class InvalidCredentials(ApplicationError):
    code = "invalid_credentials"
    default_message = "Wrong email address or password."


def _credentials_user(request: Request) -> User:
    """The user whose email and password the request carries, or InvalidCredentials."""
    data = LoginInput(data=request.data)
    data.is_valid(raise_exception=True)
    user = authenticate(
        request._request,
        username=data.validated_data["email"].lower(),
        password=data.validated_data["password"],
    )
    if user is None:
        raise InvalidCredentials(field="password")
    return user


class RegisterView(CsrfProtectedView, APIView):
    """Register an email address (CSRF token required). The answer is the same whether the
    address is new or already has an account, so it tells no one which addresses are
    registered: the address's owner is mailed either the verification link (the account can be
    signed in to once it is followed) or, for an account in use, a notice that someone tried."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [RegisterThrottle]

    @extend_schema(
        request=RegisterInput,
        responses={202: RegisterOutput},
        tags=["accounts"],
        description="202 for every valid registration, new address or not: check the mail. "
        "400 for a password Django's validators refuse (the field ``password``).",
    )
    def post(self, request: Request) -> Response:
        data = RegisterInput(data=request.data)
        data.is_valid(raise_exception=True)
        user_register(**data.validated_data)
        email = User.objects.normalize_email(data.validated_data["email"]).lower()
        answer = {"email": email, "detail": CHECK_YOUR_MAIL}
        return Response(RegisterOutput(answer).data, status=status.HTTP_202_ACCEPTED)


class LoginView(CsrfProtectedView, APIView):
    """Session login for the browser (CSRF token required; the answer sets the session and a new
    CSRF cookie)."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = SIGN_IN_THROTTLES

    @extend_schema(request=LoginInput, responses={200: UserOutput}, tags=["accounts"])
    def post(self, request: Request) -> Response:
        user = _credentials_user(request)
        login(request._request, user)
        get_token(request._request)
        return Response(UserOutput(user).data)


class LogoutView(CsrfProtectedView, APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={204: None}, tags=["accounts"])
    def post(self, request: Request) -> Response:
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenView(APIView):
    """An API token for scripts, from email + password: then `Authorization: Token <key>`. No
    session is opened, so no CSRF token is needed."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = SIGN_IN_THROTTLES

    @extend_schema(request=LoginInput, responses={200: TokenOutput}, tags=["accounts"])
    def post(self, request: Request) -> Response:
        user = _credentials_user(request)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: UserOutput}, tags=["accounts"])
    def get(self, request: Request) -> Response:
        return Response(UserOutput(request.user).data)


class SessionView(APIView):
    """Who is signed in, for a browser front end: 200 with ``user`` null for anonymous visitors
    (where ``me/`` answers 401). Also sets the CSRF cookie for the requests that follow."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: SessionOutput}, tags=["accounts"])
    def get(self, request: Request) -> Response:
        get_token(request._request)
        user = request.user if request.user.is_authenticated else None
        return Response(SessionOutput({"user": user}).data)


class CsrfView(APIView):
    """Sets the CSRF cookie, for a browser front end before its first unsafe request."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        responses={200: inline_serializer("Csrf", {"csrf_token": serializers.CharField()})},
        tags=["accounts"],
    )
    def get(self, request: Request) -> Response:
        return Response({"csrf_token": get_token(request._request)})


class VerifyEmailView(APIView):
    """Confirm the email address with the token of the link mailed at registration (no session
    needed: the token is signed and names the account)."""

    permission_classes = [permissions.AllowAny]

    def _verify(self, data: object) -> Response:
        form = VerifyEmailInput(data=data)
        form.is_valid(raise_exception=True)
        user = user_verify_email(token=form.validated_data["token"])
        return Response(UserOutput(user).data)

    @extend_schema(
        parameters=[VerifyEmailInput],  # the query is read by that serializer
        responses={200: UserOutput},
        tags=["accounts"],
        description="The mailed link itself.",
    )
    def get(self, request: Request) -> Response:
        return self._verify(request.query_params)

    @extend_schema(request=VerifyEmailInput, responses={200: UserOutput}, tags=["accounts"])
    def post(self, request: Request) -> Response:
        return self._verify(request.data)


class VerifyEmailResendView(APIView):
    """Mail the verification link again to the signed-in person's address."""

    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [VerificationEmailThrottle]

    @extend_schema(request=None, responses={202: None}, tags=["accounts"])
    def post(self, request: Request) -> Response:
        email_verification_request(user=request.user)  # type: ignore[arg-type]  # signed in
        return Response(status=status.HTTP_202_ACCEPTED)
