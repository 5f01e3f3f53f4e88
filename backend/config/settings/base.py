from .env import BASE_DIR, REPO_DIR, env

SECRET_KEY = env.str("SECRET_KEY")
# The ballot key (docs/adr/0007-ballot-secrecy.md): it seals ballots in the ballot box and keys
# the participations' seals. Kept apart from the database and from SECRET_KEY; production refuses
# to start without one of its own (config/settings/production.py). Development without one
# derives a key from SECRET_KEY.
BALLOT_SEAL_KEY = env.str("BALLOT_SEAL_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "accounts",
    "geo",
    "addresses",
    "campaigns",
    "proposals",
    "audit",
    "projects",
    "notifications",
    "review",
    "moderation",
    "voting",
    "results",
    "delivery",
    "conversations",
    "petitions",
    "privacy",
    "demo",
]

MIDDLEWARE = [
    # First: every answer (early refusals too) gets a request id, an access log line, metrics.
    "core.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every answer, early answers included.
    "core.security.SecurityHeadersMiddleware",
    # Oversized bodies (413) and NUL characters in parameters, cookies, headers (400), refused
    # before anything reads them.
    "core.middleware.RequestBodyLimitMiddleware",
    "core.middleware.UnstorableInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so its process_exception runs first: a view outside DRF that finds the database out
    # of reach answers 503 (core/errors.py).
    "core.errors.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
# A persistent connection is checked (SELECT 1) before a request first uses it: after PostgreSQL
# restarts, the next request reconnects instead of failing on a dead connection, so the API
# recovers on its own (make test-faults). A server that does not answer is given up on after
# DB_CONNECT_TIMEOUT seconds (503), not the kernel's two minutes.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DB_CONN_HEALTH_CHECKS", default=True)
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=5)
)
# How long a statement may wait for a row or table lock (seconds; 0: as long as it takes).
# gunicorn.conf.py sets it below the worker's timeout for the API's processes: a request that
# waits on a long transaction (the count opening the ballot box holds the campaign's row for
# minutes at scale) gives up with a 503 and Retry-After, its transaction rolled back, instead
# of being killed by gunicorn (a 502 and a worker restarted). Celery's tasks and manage.py
# leave it unset: they may wait.
DB_LOCK_TIMEOUT_SECONDS = env.float("DB_LOCK_TIMEOUT_SECONDS", default=0)
if DB_LOCK_TIMEOUT_SECONDS > 0:
    _options = DATABASES["default"]["OPTIONS"]
    _options["options"] = (
        f"{_options.get('options', '')} -c lock_timeout={int(DB_LOCK_TIMEOUT_SECONDS * 1000)}"
    ).strip()
# A PostgreSQL streaming replica for reads (core/db_routing.py): unset, everything uses default.
# A person's reads stay on the primary for DATABASE_READ_YOUR_WRITES_SECONDS after they write.
DATABASE_READ_YOUR_WRITES_SECONDS = env.int("DATABASE_READ_YOUR_WRITES_SECONDS", default=10)
DATABASE_REPLICA_RETRY_SECONDS = env.float("DATABASE_REPLICA_RETRY_SECONDS", default=5.0)
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
    DATABASES["replica"].setdefault("CONN_MAX_AGE", DATABASES["default"]["CONN_MAX_AGE"])
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_HEALTH_CHECKS"]
    # A replica that does not answer within this is left aside and reads go to the primary
    # (core/db_routing.py), checked again after DATABASE_REPLICA_RETRY_SECONDS.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_REPLICA_CONNECT_TIMEOUT", default=1)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests read what they wrote
    DATABASE_ROUTERS = ["core.db_routing.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "core.db_routing.ReadYourWritesMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str("REDIS_URL"),
        "KEY_PREFIX": "belvedere",
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {
        # Not too close to the account's own email address (each part of it) or display name.
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "display_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.VisiblePasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(REPO_DIR / ".data" / "static"))
# The built front end (frontend/dist) is served at / by the single-machine setup.
FRONTEND_DIST = env.path("FRONTEND_DIST", default=str(REPO_DIR / "frontend" / "dist"))
FIXTURES_DIR = REPO_DIR / "fixtures"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="belvedere@localhost")
# Where people reach the site (links in mails).
PUBLIC_URL = env.str("PUBLIC_URL", default="http://127.0.0.1:8000").rstrip("/")
# The link mailed at registration ({token} is replaced): the front end's page, which posts the
# token to auth/verify-email/ and says the outcome; and how long it stays valid (seconds).
EMAIL_VERIFICATION_URL = env.str(
    "EMAIL_VERIFICATION_URL", default=PUBLIC_URL + "/verifier-email?token={token}"
)
EMAIL_VERIFICATION_MAX_AGE = env.int("EMAIL_VERIFICATION_MAX_AGE", default=3 * 24 * 3600)
# The mail server (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend).
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# The page a notification mail's unsubscribe link opens ({token} is replaced; it works without
# signing in), and the first wait (seconds, doubled each time) before a failed mail is retried.
NOTIFICATIONS_UNSUBSCRIBE_URL = env.str(
    "NOTIFICATIONS_UNSUBSCRIBE_URL", default=PUBLIC_URL + "/desabonnement?token={token}"
)
NOTIFICATIONS_RETRY_BACKOFF = env.int("NOTIFICATIONS_RETRY_BACKOFF", default=10)
# The link mailed to reset a forgotten password (the front end's page; {token} is replaced), valid
# once and for an hour; the link mailed to the new address to confirm an email change.
PASSWORD_RESET_URL = env.str(
    "PASSWORD_RESET_URL", default=PUBLIC_URL + "/reinitialiser-mot-de-passe?token={token}"
)
PASSWORD_RESET_MAX_AGE = env.int("PASSWORD_RESET_MAX_AGE", default=3600)
EMAIL_CHANGE_URL = env.str(
    "EMAIL_CHANGE_URL", default=PUBLIC_URL + "/confirmer-adresse?token={token}"
)
EMAIL_CHANGE_MAX_AGE = env.int("EMAIL_CHANGE_MAX_AGE", default=24 * 3600)
# How long a campaign's voter declarations and the names on its participations are kept after
# the campaign is closed (the start of its "closed" phase), in months; then the daily task
# privacy.apply_retention deletes the declarations and detaches the participations from people
# (docs/privacy.md). The count never changes: ballots are anonymous and stay.
PERSONAL_DATA_RETENTION_MONTHS = env.int("PERSONAL_DATA_RETENTION_MONTHS", default=12)

SECURE_CONTENT_TYPE_NOSNIFF = True
# The browser's default: other sites (the tile server, whose usage policy asks for it) get the
# origin only, never the path.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (core/security.py): the map tiles' origins, as the front end's
# VITE_TILE_URL (a production build's default: the IGN Géoplateforme's Plan IGN v2 at
# data.geopf.fr; frontend/src/map/mapView.ts).
CSP_TILE_ORIGINS = env.list("CSP_TILE_ORIGINS", default=["https://data.geopf.fr"])
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)

# Debian's GDAL 3.6 is older than GeoDjango's recommendation; we validate spatial input ourselves.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

# LOGGING: observability.py (JSON lines carrying the request id).

_ = BASE_DIR
AUTH_USER_MODEL = "accounts.User"
