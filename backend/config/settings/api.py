from .env import env

REST_FRAMEWORK = {
    # Token first: its `WWW-Authenticate` challenge makes missing credentials a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # DRF's parsers with a size cap, a JSON nesting limit, no NUL characters (core/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "core.parsers.FormParser",
        "core.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.errors.exception_handler",
    # Per client address, per user or per email address tried (core/throttles.py, README).
    "DEFAULT_THROTTLE_RATES": {
        "geocode": env.str("GEOCODE_THROTTLE", default="600/min"),
        "sign_in_email": env.str("LOGIN_THROTTLE", default="10/hour"),
        "sign_in_ip": env.str("LOGIN_IP_THROTTLE", default="60/hour"),
        "register": env.str("REGISTER_THROTTLE", default="20/hour"),
        "verification_email": env.str("VERIFICATION_EMAIL_THROTTLE", default="5/hour"),
        "proposal_create": env.str("PROPOSAL_THROTTLE", default="30/hour"),
        "report": env.str("REPORT_THROTTLE", default="30/hour"),
        "comment": env.str("COMMENT_THROTTLE", default="30/hour"),
        "support": env.str("SUPPORT_THROTTLE", default="120/hour"),
        "receipt_check": env.str("RECEIPT_CHECK_THROTTLE", default="60/hour"),
        "password_reset": env.str("PASSWORD_RESET_THROTTLE", default="20/hour"),
        "password_reset_email": env.str("PASSWORD_RESET_EMAIL_THROTTLE", default="5/hour"),
        "password_reset_confirm": env.str("PASSWORD_RESET_CONFIRM_THROTTLE", default="30/hour"),
        "account_change": env.str("ACCOUNT_CHANGE_THROTTLE", default="10/hour"),
        "data_export": env.str("DATA_EXPORT_THROTTLE", default="10/hour"),
        "petition_create": env.str("PETITION_THROTTLE", default="10/hour"),
        "petition_sign": env.str("PETITION_SIGN_THROTTLE", default="120/hour"),
    },
    # Proxies in front of the API whose X-Forwarded-For may be trusted (0: none, the header is
    # ignored and cannot be forged to escape a per-address limit).
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Belvédère API",
    "DESCRIPTION": (
        "Participatory budgeting for Paris: proposals on the map, review, voting, results.\n\n"
        "Every 4xx answer uses one error format, `Error`: "
        '`{"status": 400, "code": "invalid", "message": "…", "params": {}, "errors": {"field": '
        '["reason"]}, "details": {"field": [{"code": "max_length", "params": {"max_length": 150}}]}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PhaseEnum": "campaigns.schedule.PHASE_VALUES",
        # Two choice sets share the field name "status": each keeps a stable name.
        "StatusEnum": "proposals.models.Proposal.Status",
        "DeclarationStatusEnum": "voting.models.VoterDeclaration.Status",
        "DeliveryStatusEnum": "delivery.models.Status",
        "MilestoneKindEnum": "delivery.models.MilestoneKind",
        # Ballot channels (a participation's, a voter's "voted", a conflict's claim): one name.
        "ChannelEnum": ["online", "paper"],
        "PetitionStatusEnum": "petitions.models.Petition.Status",
        "SignatureStatusEnum": "petitions.models.Signature.Status",
        "PetitionDecisionEnum": "petitions.models.Petition.Decision",
        "SignatureDecisionEnum": ["count", "reject"],
        "AuthorityKindEnum": ["city", "area"],
        # Boxes that must be ticked (deleting an account, a signer's residence): one name.
        "MustBeTrueEnum": [(True, True)],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema.add_error_responses",
    ],
    # The docs' assets come from the drf-spectacular-sidecar package, served with our static
    # files (no CDN, no script from another host: see core/security.py's policy).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge fetched from validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

# The largest request body accepted, in bytes (413 beyond, before parsing: core/middleware.py);
# Django's own limit on form bodies is the same.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES

# Limits on what residents may deposit.
PROPOSALS_PER_USER_PER_DAY = env.int("PROPOSALS_PER_USER_PER_DAY", default=10)
# Reports from accounts younger than this (hours) are kept but do not count toward hiding a
# proposal automatically (throwaway accounts cannot hide what they like).
REPORT_MIN_ACCOUNT_AGE_HOURS = env.int("REPORT_MIN_ACCOUNT_AGE_HOURS", default=24)

# Petitions (docs/petitions.md): at most this many filed per person in 24 hours; a burst is more
# than PETITION_BURST_SIGNATURES signatures of one petition from one network (/24, /48) within
# PETITION_BURST_MINUTES, reported to the officials.
PETITIONS_PER_USER_PER_DAY = env.int("PETITIONS_PER_USER_PER_DAY", default=3)
PETITION_BURST_SIGNATURES = env.int("PETITION_BURST_SIGNATURES", default=20)
PETITION_BURST_MINUTES = env.int("PETITION_BURST_MINUTES", default=10)
