"""Settings come from environment variables only, each read through a small parser.

Like Redash, the parsers are tiny and strict: a value that does not parse stops start-up
with a message naming the variable, instead of running with a surprising default.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from tracker.core.permissions import USER_ROLES


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message says which one and what to do."""


def parse_boolean(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use true or false)")


def parse_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None


def parse_str(name: str, default: str | None = None) -> str | None:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip()


def parse_timezone(name: str, default: str) -> str:
    value = parse_str(name, default)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{name}={value!r} is not a known time zone") from None
    return value


def parse_host_name(name: str) -> str | None:
    """A host name such as cchc.quangtri.gov.vn: no scheme, port, path or IP address (browsers
    refuse an IP address as a passkey's relying party)."""
    value = parse_str(name)
    if value is None:
        return None
    bare = value.strip("[]")
    numeric = bare.replace(".", "").isdigit() or ":" in bare
    if numeric or "/" in value or not re.fullmatch(r"[A-Za-z0-9.-]+", value):
        raise ConfigError(
            f"{name}={value!r} must be a host name such as cchc.quangtri.gov.vn "
            "(no scheme, port or IP address)"
        )
    return value.lower()


def parse_origin(name: str) -> str | None:
    """A web origin: scheme, host and optional port, nothing after."""
    value = parse_str(name)
    if value is None:
        return None
    value = value.rstrip("/")
    if not re.fullmatch(r"https?://[^/?#\s]+", value):
        raise ConfigError(f"{name}={value!r} must be an origin such as https://cchc.example.vn")
    return value


def parse_roles(name: str, default: str) -> tuple[str, ...]:
    """A comma-separated list of role names; an empty value is an empty list."""
    raw = os.environ.get(name)
    value = default if raw is None else raw
    roles = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [role for role in roles if role not in USER_ROLES]
    if unknown:
        raise ConfigError(
            f"{name}={value!r} names no role {', '.join(map(repr, unknown))} "
            f"(roles: {', '.join(USER_ROLES)})"
        )
    return roles


def normalize_database_url(url: str) -> str:
    """Accept the usual postgresql:// form and use the psycopg 3 driver for it."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _without_password(value: str) -> str:
    return re.sub(r":[^:@/]*@", ":***@", value)


def parse_replica_urls(name: str, primary_url: str) -> tuple[str, ...]:
    """Comma-separated SQLAlchemy URLs of PostgreSQL streaming replicas of DATABASE_URL's
    server; an empty value is none. Messages never repeat a password."""
    raw = parse_str(name)
    if raw is None:
        return ()
    try:
        primary_backend = make_url(primary_url).get_backend_name()
    except (ArgumentError, ValueError):
        raise ConfigError("DATABASE_URL is not a database URL") from None
    if primary_backend != "postgresql":
        raise ConfigError(f"{name} is set but DATABASE_URL is not PostgreSQL: replicas need it")
    urls: list[str] = []
    for position, part in enumerate(raw.split(","), start=1):
        value = normalize_database_url(part.strip())
        shown = _without_password(part.strip())
        if not value:
            raise ConfigError(f"{name}: item {position} is empty (two commas, or one at the end)")
        try:
            url = make_url(value)
        except (ArgumentError, ValueError):
            raise ConfigError(
                f"{name}: item {position} {shown!r} is not a database URL "
                "(postgresql://user@host:port/database)"
            ) from None
        if url.get_backend_name() != "postgresql":
            raise ConfigError(f"{name}: item {position} {shown!r} is not a PostgreSQL URL")
        if value == primary_url or value in urls:
            raise ConfigError(f"{name}: item {position} {shown!r} is DATABASE_URL or named twice")
        urls.append(value)
    return tuple(urls)


def parse_seconds(name: str, default: int) -> int:
    value = parse_int(name, default)
    if value < 0:
        raise ConfigError(f"{name}={value} must be 0 or more seconds")
    return value


def instance_secret_key(instance_path: str) -> str:
    """Generate the development key once and keep it, so sessions survive a restart."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def engine_options(database_url: str) -> dict:
    options: dict = {"pool_pre_ping": True}
    if database_url.startswith("postgresql"):
        # PostgreSQL's JIT spends ~400 ms compiling the status aggregate that runs in ~50 ms
        # without it: these short queries never win it back.
        options["connect_args"] = {"options": "-c jit=off"}
    return options


def load_config(instance_path: str) -> dict:
    env = parse_str("TRACKER_ENV", "production")
    if env not in {"production", "development", "testing"}:
        raise ConfigError(f"TRACKER_ENV={env!r} must be production, development or testing")
    production = env == "production"

    secret_key = parse_str("SECRET_KEY")
    if secret_key is None:
        if production:
            raise ConfigError(
                "SECRET_KEY is not set. In production set SECRET_KEY to a long random value "
                "(python -c 'import secrets; print(secrets.token_urlsafe(48))'); for a local "
                "trial set TRACKER_ENV=development and a key is generated in the instance folder."
            )
        secret_key = instance_secret_key(instance_path)

    default_db = "sqlite:///" + str(Path(instance_path) / "tracker.db")
    database_url = normalize_database_url(parse_str("DATABASE_URL", default_db))

    return {
        "TRACKER_ENV": env,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url),
        # Read-only pages and API reads may go to these (tracker/core/replicas.py), while they
        # have replayed the reader's own last write and are at most this far behind.
        "DATABASE_REPLICA_URLS": parse_replica_urls("DATABASE_REPLICA_URLS", database_url),
        "DATABASE_REPLICA_MAX_LAG_SECONDS": parse_seconds("DATABASE_REPLICA_MAX_LAG_SECONDS", 30),
        "REDIS_URL": parse_str("REDIS_URL"),
        "MAIL_SERVER": parse_str("MAIL_SERVER", "localhost"),
        "MAIL_PORT": parse_int("MAIL_PORT", 25),
        "MAIL_USE_TLS": parse_boolean("MAIL_USE_TLS", False),
        "MAIL_USE_SSL": parse_boolean("MAIL_USE_SSL", False),
        "MAIL_USERNAME": parse_str("MAIL_USERNAME"),
        "MAIL_PASSWORD": parse_str("MAIL_PASSWORD"),
        "MAIL_DEFAULT_SENDER": parse_str("MAIL_DEFAULT_SENDER", "cchc@localhost"),
        "TRACKER_TIMEZONE": parse_timezone("TRACKER_TIMEZONE", "Asia/Ho_Chi_Minh"),
        "TRACKER_BASE_URL": parse_str("TRACKER_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        # Passkeys' relying party (accounts/passkeys_party.py): by default the host and origin
        # of TRACKER_BASE_URL, or of the page when that host is an IP address.
        "TRACKER_WEBAUTHN_RP_ID": parse_host_name("TRACKER_WEBAUTHN_RP_ID"),
        "TRACKER_WEBAUTHN_RP_NAME": parse_str("TRACKER_WEBAUTHN_RP_NAME"),
        "TRACKER_WEBAUTHN_ORIGIN": parse_origin("TRACKER_WEBAUTHN_ORIGIN"),
        "DUE_SOON_DAYS": parse_int("TRACKER_DUE_SOON_DAYS", 7),
        "REMINDER_RETRY_BASE_SECONDS": float(parse_int("TRACKER_REMINDER_RETRY_BASE_SECONDS", 120)),
        "MAIL_TIMEOUT_SECONDS": parse_int("MAIL_TIMEOUT_SECONDS", 30),
        # Mail a unit's people what the office decided about its tasks (the page
        # "Notifications" lists it either way).
        "NOTICE_MAILS": parse_boolean("TRACKER_NOTICE_MAILS", True),
        "BROKER_VISIBILITY_TIMEOUT": parse_int("TRACKER_BROKER_VISIBILITY_TIMEOUT", 3600),
        "PROXY_COUNT": parse_int("TRACKER_PROXY_COUNT", 0),
        "LOG_JSON": parse_boolean("TRACKER_LOG_JSON", production),
        "EVIDENCE_FOLDER": parse_str("TRACKER_EVIDENCE_FOLDER"),
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": parse_int("LOGIN_MAX_FAILURES_PER_ACCOUNT", 5),
        "LOGIN_MAX_FAILURES_PER_ADDRESS": parse_int("LOGIN_MAX_FAILURES_PER_ADDRESS", 20),
        "LOGIN_FAILURE_WINDOW_SECONDS": parse_int("LOGIN_FAILURE_WINDOW_SECONDS", 900),
        # Roles that must sign in with a second factor (enrolled at their next sign-in); the
        # tests sign in with a password alone unless a test is about it.
        "REQUIRE_2FA_ROLES": parse_roles(
            "TRACKER_REQUIRE_2FA_ROLES", "" if env == "testing" else "admin,office"
        ),
        # The name authenticator apps show beside the code.
        "TOTP_ISSUER": parse_str("TRACKER_TOTP_ISSUER", "CCHC Quảng Trị"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": parse_timezone("TRACKER_TIMEZONE", "Asia/Ho_Chi_Minh"),
        "LANGUAGES": ["vi", "en"],
        "TESTING": env == "testing",
    }
