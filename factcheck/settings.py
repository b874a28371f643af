"""Settings for the factcheck workbench: one file, driven by the environment.

Everything that differs between a laptop and production is read from environment
variables through the typed helpers in factcheck/env.py; `.env.example` lists them all.
The embedded default (no variable set) is SQLite plus kombu's filesystem broker under
var/, which needs no server; production sets DATABASE_URL (PostgreSQL) and
CELERY_BROKER_URL (Redis). Tests only make things faster (see tests/conftest.py).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from factcheck.env import env_bool, env_int, env_list, env_path, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# Where the embedded database, the filesystem broker, uploads and exports live.
VAR_DIR = env_path("FACTCHECK_VAR_DIR", BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)
_INSECURE_DEV_KEY = "django-insecure-dev-only-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", _INSECURE_DEV_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set it to a long random string, or set DEBUG=1 for local work."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A form sent without its token gets the workbench's notice (the admin keeps Django's page).
# https://docs.djangoproject.com/en/5.2/ref/settings/#csrf-failure-view
CSRF_FAILURE_VIEW = "claims.views.base.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the app server (gunicorn), from STATIC_ROOT after
    # `collectstatic`, with caching headers; no separate file server needed.
    # https://whitenoise.readthedocs.io/en/stable/django.html
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Opt-in, for measuring (bench/bench_scale.py): every response carries X-Query-Count,
# the number of SQL queries the request ran. Off in production.
if env_bool("FACTCHECK_QUERY_COUNT_HEADER", False):
    MIDDLEWARE.insert(0, "factcheck.query_count.QueryCountMiddleware")

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"
ASGI_APPLICATION = "factcheck.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------
# https://github.com/jazzband/dj-database-url ; PostgreSQL goes through psycopg 3.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
try:
    _database = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the worker processes write to the same file. WAL lets readers
    # run beside the writer; IMMEDIATE transactions take the write lock up front, so two
    # writers queue on `timeout` instead of failing with "database is locked" mid-way.
    # https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-notes
    _database["CONN_MAX_AGE"] = 0
    if _database["NAME"] not in ("", ":memory:"):
        Path(_database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _database["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif _database["ENGINE"] == "django.db.backends.postgresql":
    _database["CONN_HEALTH_CHECKS"] = True
    # The workbench's list queries join a claim to its article and to four or five small
    # tables (people, ratings) for what a row shows. With PostgreSQL's default
    # join_collapse_limit (8) the planner tries every order of those joins: 6-9 ms of
    # planning for a query that runs in under 1 ms (the 1M-claim bench database). Joins
    # past the first DB_JOIN_COLLAPSE_LIMIT are taken in the order the ORM writes them,
    # the order a person would pick: planning then takes about 1 ms. 0 leaves the
    # server's setting. Sent with the connection's start (libpq's `options`), not as a
    # query of its own; `options` from the URL or PGOPTIONS (which libpq reads only when
    # no `options` is given) come first.
    DB_JOIN_COLLAPSE_LIMIT = env_int("DB_JOIN_COLLAPSE_LIMIT", 4, minimum=0)
    if DB_JOIN_COLLAPSE_LIMIT:
        _options = _database.setdefault("OPTIONS", {})
        _given = _options.get("options") or env_str("PGOPTIONS", "")
        _options["options"] = f"{_given} -c join_collapse_limit={DB_JOIN_COLLAPSE_LIMIT}".strip()
else:
    raise ImproperlyConfigured("DATABASE_URL must name a sqlite:// or postgres:// database.")
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env_path("FACTCHECK_STATIC_ROOT", VAR_DIR / "static")
if STATIC_ROOT == VAR_DIR / "static":
    # WhiteNoise warns on every start when the folder is missing, as it is before the
    # first `collectstatic` (local work, tests); the production server says once when it
    # is empty (factcheck/gunicorn.conf.py). A folder set explicitly is the deployer's.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Cache --------------------------------------------------------------------------------
# The API's throttle counters, the sessions (below) and the pickers' lists live here.
# Default: memory of each process, so with several gunicorn workers a limit counts per
# process. CACHE_URL=redis://host:6379/1 shares them; CACHE_KEY_PREFIX names this
# deployment's keys in a Redis that others use too.
# https://docs.djangoproject.com/en/5.2/topics/cache/#redis
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "factcheck.cache.RedisCache",  # Django's, one client per pool
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", ""),
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured(f"CACHE_URL must be redis://host:port/db; got {CACHE_URL!r}.")
LOGIN_URL = "admin:login"
# With a shared cache, sessions are read from it and written through to the database: a
# page does not query the session table (the page budget is six queries, issue 14), and a
# session outlives a cache that is emptied or restarted. Without one they are read from
# the database: a cache in each process's memory would keep a session alive in one
# process after its user signed out through another.
# https://docs.djangoproject.com/en/5.2/topics/http/sessions/#using-cached-sessions
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_URL
    else "django.contrib.sessions.backends.db"
)

# --- Login lockout (django-axes) ---------------------------------------------------------
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
# Every login form (the workbench's and the admin's) goes through authenticate(), where
# AxesStandaloneBackend refuses a locked-out account or address before ModelBackend checks
# the password. The API takes tokens and sessions only; failed tokens count against the
# anonymous throttle (claims/api/authentication.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "claims.auth_backend.OneQueryModelBackend",  # ModelBackend, one query for permissions
]
# Wrong passwords that lock; they count within LOGIN_LOCKOUT_MINUTES of the last one.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
# 0: locked until an admin unlocks (admin > Axes > Access attempts, or manage.py axes_reset).
_lockout_minutes = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=0)
AXES_COOLOFF_TIME = timedelta(minutes=_lockout_minutes) if _lockout_minutes else None
# What is counted and locked, comma-separated; "a+b" counts a and b together. Default:
# per account (from any address: guessing one password from many machines) and per client
# address (for every account: one machine trying many accounts). The price of per-account
# locking is that anyone can lock an account for LOGIN_LOCKOUT_MINUTES by typing wrong
# passwords; "username+ip_address,ip_address" avoids that and gives up the first guard.
AXES_LOCKOUT_PARAMETERS: list[str | list[str]] = []
for _item in env_list("LOGIN_LOCKOUT_BY", ["username", "ip_address"]):
    _parts = [part.strip() for part in _item.split("+")]
    if not set(_parts) <= {"username", "ip_address"}:
        raise ImproperlyConfigured(
            "LOGIN_LOCKOUT_BY must list username, ip_address or username+ip_address, "
            f"comma-separated; got {_item!r}."
        )
    AXES_LOCKOUT_PARAMETERS.append(_parts[0] if len(_parts) == 1 else _parts)
if not AXES_LOCKOUT_PARAMETERS:
    raise ImproperlyConfigured("LOGIN_LOCKOUT_BY must name at least one of username, ip_address.")
# A success does not wipe the count: with ip_address counted, one valid account would
# reset its machine's failures on every other account.
AXES_RESET_ON_SUCCESS = False
# Reverse proxies in front of the app that append to X-Forwarded-For; 0 (direct): the
# client address is REMOTE_ADDR. Behind a proxy that must be set, or every client shares
# the proxy's address and one guesser locks everyone out.
LOGIN_LOCKOUT_PROXY_COUNT = env_int("LOGIN_LOCKOUT_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "claims.views.lockout.client_address"
# The lockout page in the workbench's look (429 with Retry-After), for every login form.
AXES_LOCKOUT_CALLABLE = "claims.views.lockout.lockout_response"
# No start-up banner on every manage.py command; failures and lockouts are still logged.
AXES_VERBOSE = False

# Uploaded import files and finished exports. With several machines this folder must be
# shared storage that every web and worker process sees at the same path.
MEDIA_ROOT = env_path("FACTCHECK_UPLOAD_DIR", VAR_DIR / "uploads")
FACTCHECK_EXPORT_DIR = env_path("FACTCHECK_EXPORT_DIR", VAR_DIR / "exports")

# --- Security (production values whenever DEBUG is off) --------------------------------
# https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Celery ---------------------------------------------------------------------------
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
# Embedded default: kombu's filesystem transport. Producers drop message files into one
# folder and workers claim them with a file lock, so a real `celery worker` process runs
# with no broker server. Production: redis://host:6379/0.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
_broker_dir = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    for _folder in ("queue", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        "polling_interval": 0.2,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A message a worker took but did not acknowledge goes back to the queue after
        # this long. It must exceed the longest job, or a slow import would run twice.
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 6 * 3600, minimum=5),
        # kombu 5.7 sweeps for unacked messages of dead workers only every
        # interval * throttle seconds (about 1.7 h by default); sweep every minute.
        "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 60, minimum=1),
        "unacked_restore_throttle": 1,
    }
    # Every key the broker writes starts with this prefix, so several deployments (or
    # test runs) can share one Redis database without seeing each other's queues.
    if _redis_prefix := env_str("CELERY_REDIS_KEY_PREFIX", ""):
        CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = _redis_prefix
else:
    raise ImproperlyConfigured("CELERY_BROKER_URL must be filesystem:// or redis://host:port/db.")

# The job rows in the database are the source of truth for progress and results.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
# Crash safety: a job is acknowledged only when it finished, goes back to the queue if
# the worker process dies, and a worker takes one job at a time so none waits behind a
# long one on a busy process.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ROUTES = {
    "claims.tasks.run_import": {"queue": "imports"},
    "claims.tasks.run_export": {"queue": "exports"},
    "claims.tasks.run_factcheck_import": {"queue": "imports"},
    "claims.tasks.requeue_abandoned_factcheck_imports": {"queue": "imports"},
    "claims.tasks.snapshot_source": {"queue": "imports"},
    "claims.tasks.check_sources": {"queue": "imports"},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Only for unit tests: runs tasks inline. Never set it for the running app.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# Keep a worker's database connection across tasks instead of opening one per task.
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 200, minimum=0)
# Jobs whose worker died are found by a periodic sweep (claims/tasks.py) that Celery beat
# sends every FACTCHECK_JOB_SWEEP_SECONDS: beat runs inside the worker for `make run`
# (`-B`), and as one `celery -A factcheck beat` process per deployment in production.
# Each sweep goes to its jobs' queue, so the pool that runs them runs it, and expires
# unread after one interval, so sweeps do not pile up behind a long queue.
# https://docs.celeryq.dev/en/stable/userguide/periodic-tasks.html
FACTCHECK_JOB_SWEEP_SECONDS = env_int("FACTCHECK_JOB_SWEEP_SECONDS", 30, minimum=1)
CELERY_BEAT_SCHEDULE = {
    f"requeue-abandoned-{kind}s": {
        "task": f"claims.tasks.requeue_abandoned_{kind}s",
        "schedule": FACTCHECK_JOB_SWEEP_SECONDS,
        "options": {"queue": f"{kind}s", "expires": FACTCHECK_JOB_SWEEP_SECONDS},
    }
    for kind in ("import", "export")
}
CELERY_BEAT_SCHEDULE["requeue-abandoned-factcheck-imports"] = {
    "task": "claims.tasks.requeue_abandoned_factcheck_imports",
    "schedule": FACTCHECK_JOB_SWEEP_SECONDS,
    "options": {"queue": "imports", "expires": FACTCHECK_JOB_SWEEP_SECONDS},
}
# Sources of evidence are re-fetched every FACTCHECK_SOURCE_CHECK_SECONDS (default daily)
# and flagged when their page changed or died since it was archived (services.snapshots;
# `manage.py check_sources` does the same by hand). Snapshot fetches run on the imports
# queue: they are the same guarded URL fetches, done by the pool that already does them.
# 0: sources are not archived nor checked (an air-gapped desk; tests without a web).
FACTCHECK_ARCHIVE_SOURCES = env_bool("FACTCHECK_ARCHIVE_SOURCES", True)
FACTCHECK_SOURCE_CHECK_SECONDS = env_int("FACTCHECK_SOURCE_CHECK_SECONDS", 86_400, minimum=60)
CELERY_BEAT_SCHEDULE["check-sources"] = {
    "task": "claims.tasks.check_sources",
    "schedule": FACTCHECK_SOURCE_CHECK_SECONDS,
    "options": {"queue": "imports", "expires": FACTCHECK_SOURCE_CHECK_SECONDS},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- The workbench --------------------------------------------------------------------
# A trained check-worthiness model (`manage.py train_worthiness`); empty: the built-in scorer.
FACTCHECK_WORTHINESS_MODEL = env_str("FACTCHECK_WORTHINESS_MODEL", "")
FACTCHECK_MAX_ARTICLE_BYTES = env_int("FACTCHECK_MAX_ARTICLE_BYTES", 10 * 2**20, minimum=1)
FACTCHECK_MAX_UPLOAD_BYTES = env_int("FACTCHECK_MAX_UPLOAD_BYTES", 200 * 2**20, minimum=1)
FACTCHECK_MAX_ZIP_ENTRIES = env_int("FACTCHECK_MAX_ZIP_ENTRIES", 10_000, minimum=1)
FACTCHECK_MAX_ZIP_BYTES = env_int("FACTCHECK_MAX_ZIP_BYTES", 500 * 2**20, minimum=1)
FACTCHECK_ALLOW_PRIVATE_URLS = env_bool("FACTCHECK_ALLOW_PRIVATE_URLS", False)
# Seconds one URL fetch may take in all (lookup, connect, headers, body, every redirect).
FACTCHECK_FETCH_DEADLINE_SECONDS = env_int("FACTCHECK_FETCH_DEADLINE_SECONDS", 30, minimum=1)
# A running job whose heartbeat (written every third of this) is older than this lost its
# worker and is sent again by the next sweep: it resumes within lease + sweep interval.
FACTCHECK_JOB_LEASE_SECONDS = env_int("FACTCHECK_JOB_LEASE_SECONDS", 60, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 2**20
# The public address of this site (scheme, host, any path prefix): the public fact-check
# pages (/factchecks/...), their sitemap and every ClaimReview `url` are built from it,
# never from the Host of a request, so an export made by a worker names the same page.
# Required whenever DEBUG is off; with DEBUG on it defaults to the address `make run`
# serves (HOST, default 127.0.0.1:8000). `check --deploy` refuses a local address
# (claims.E001) and warns about plain http (claims.W001): claims/checks.py.
# https://developers.google.com/search/docs/appearance/structured-data/factcheck
FACTCHECK_SITE_URL = env_str("FACTCHECK_SITE_URL", "").strip().rstrip("/")
if not FACTCHECK_SITE_URL and DEBUG:
    _host, _, _port = env_str("HOST", "127.0.0.1:8000").strip().rpartition(":")
    if not _host and _port and not _port.isdigit():
        _host, _port = _port, ""  # HOST=name, no port
    if _host in ("", "0.0.0.0", "[::]", "::"):  # noqa: S104 -- a listen address, not bound here
        _host = "127.0.0.1"
    FACTCHECK_SITE_URL = f"http://{_host}" + (f":{_port}" if _port else "")
if not FACTCHECK_SITE_URL:
    raise ImproperlyConfigured(
        "FACTCHECK_SITE_URL is not set. Set it to the public address of this site "
        "(https://factcheck.example.org): the public fact-check pages and the ClaimReview "
        "urls are built from it. Or set DEBUG=1 for local work."
    )
FACTCHECK_DESK_NAME = env_str("FACTCHECK_DESK_NAME", "Fact-check desk")
FACTCHECK_DESK_URL = env_str("FACTCHECK_DESK_URL", FACTCHECK_SITE_URL + "/")
if not FACTCHECK_SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"FACTCHECK_SITE_URL must start with http(s)://; got {FACTCHECK_SITE_URL!r}."
    )
# 0: import jobs store articles and claims but skip the match step (links to other
# outlets and to the verdict library, claims/services/matching.py). For bulk loads such
# as bench/bench_scale.py; a desk keeps it on.
FACTCHECK_MATCH_ON_IMPORT = env_bool("FACTCHECK_MATCH_ON_IMPORT", True)
# PostgreSQL: how long (ms) a claims search ordered by score may walk the score index
# before it is read band by band instead (claims.selectors_search.page_rows); 0 reads
# band by band at once. Either way the same rows come back: this only tunes speed. At
# ten million claims a common word's walk takes up to ~70 ms ("million"), far less than
# its bands (3 s): bench/bench_search.py.
FACTCHECK_SEARCH_WALK_MS = env_int("FACTCHECK_SEARCH_WALK_MS", 100, minimum=0)
# PostgreSQL, outside a transaction: the walk and the bands run at once, each on a
# connection of its own, and the first to finish gives the page (the other is cancelled);
# the walk budget above then applies only inside a transaction. 0: one after the other.
FACTCHECK_SEARCH_RACE = env_bool("FACTCHECK_SEARCH_RACE", True)
# Threads (each with its connection) that run the raced reads in a process, and a search
# page's counts beside them: three for each request thread (factcheck/gunicorn.conf.py),
# so no search waits for another's.
FACTCHECK_SEARCH_RACE_THREADS = 3 * env_int("GUNICORN_THREADS", 2, minimum=1)
# Hours an export file can be downloaded before it is refused and deleted.
FACTCHECK_EXPORT_TTL_HOURS = env_int("FACTCHECK_EXPORT_TTL_HOURS", 72, minimum=1)

# --- The REST API (claims/api) ----------------------------------------------------------
# https://www.django-rest-framework.org/api-guide/settings/
# Throttle rates: "<requests>/<second|minute|hour|day>", per client IP (anonymous) or per
# user; https://www.django-rest-framework.org/api-guide/throttling/
# Per user (each token or signed-in person): 100 a second lets one script or partner
# page through the claims as fast as a few parallel clients can (a page takes tens of
# milliseconds) while no single client can take the whole of a 2-worker server from the
# desk. Counters are per process unless CACHE_URL names a shared cache.
API_THROTTLE_ANON = env_str("API_THROTTLE_ANON", "60/minute")
API_THROTTLE_USER = env_str("API_THROTTLE_USER", "100/second")
for _name, _rate in (
    ("API_THROTTLE_ANON", API_THROTTLE_ANON),
    ("API_THROTTLE_USER", API_THROTTLE_USER),
):
    _count, _, _period = _rate.partition("/")
    if not _count.strip().isdigit() or _period.strip()[:1] not in ("s", "m", "h", "d"):
        raise ImproperlyConfigured(
            f"{_name} must look like 100/minute (second, minute, hour or day); got {_rate!r}."
        )
REST_FRAMEWORK = {
    # Tokens first: an anonymous request then gets 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.authentication.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["claims.api.permissions.HasCapability"],
    "DEFAULT_THROTTLE_CLASSES": [
        "claims.api.throttles.AnonymousThrottle",
        "claims.api.throttles.UserThrottle",
    ],
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.PagePagination",
    "DEFAULT_RENDERER_CLASSES": ["claims.api.renderers.JSONRenderer"],
    # JSON bodies; the import endpoint adds multipart/form-data for its files.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "claims.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "claims.api.openapi.ApiAutoSchema",
    "PAGE_SIZE": 50,
}
# https://drf-spectacular.readthedocs.io/en/latest/settings.html
SPECTACULAR_SETTINGS = {
    "TITLE": "Factcheck workbench API",
    "DESCRIPTION": "Articles, claims, evidence, verdicts, imports and exports. "
    'Every error has the shape {"error": {"code", "message", "details"}}.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "JobStatusEnum": "claims.models.JobStatus",
        "ImportFormatEnum": "claims.importers.FORMATS",
        "FactKindEnum": "claims.models.FactKind",
    },
    # Swagger UI's assets come from drf-spectacular-sidecar, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.schema.add_error_responses",
        "claims.api.openapi.add_links",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
