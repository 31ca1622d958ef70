"""Accounts: logging in, signing up, roles, lockout, demo copies, export and deletion.

A person's login lives in `user_credentials` beside their `users` row; their name lives in
their profile (first and last name), so it is written in one place. Nothing here imports
streamlit: the login widgets in `components/auth.py` call these functions.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import bcrypt
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from models import (
    Achievement,
    CoachClient,
    CoachInviteCode,
    Conversation,
    Experience,
    JobDescription,
    Message,
    Profile,
    ResumeBullet,
    TailoredBullet,
    TailoredResume,
    User,
    UserCredentials,
    utcnow,
)
from models.accounts import ROLES
from services.access import Actor
from services.errors import AchievError, NotFound, PermissionDenied, ValidationFailed
from services.records import commit
from services.settings import Settings, get_settings
from services.users import check_email, create_user, delete_user_data

log = logging.getLogger(__name__)

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
DEMO_LIFETIME = timedelta(days=1)
PASSWORD_MIN_BYTES = 8
PASSWORD_MAX_BYTES = 72  # bcrypt ignores (bcrypt 5: rejects) anything longer
BCRYPT_ROUNDS = 12
NAME_MAX_CHARS = 100
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
USERNAME_RULE = (
    "Usernames are 3 to 32 characters: letters, digits, dots, dashes or underscores, "
    "starting with a letter or digit."
)
PASSWORD_RULE = (
    f"Passwords are {PASSWORD_MIN_BYTES} to {PASSWORD_MAX_BYTES} bytes long: most characters "
    "count as one, accented letters and emoji as two to four."
)
LOGIN_FAILED = (
    "That username and password did not match an account. Check them and try again; "
    f"after {MAX_FAILED_LOGINS} failed attempts, logging in pauses for {LOCK_MINUTES} minutes."
)
COOKIE_KEY_FILE = "cookie_key"
COOKIE_KEY_MIN_BYTES = 32


class ConfigurationError(AchievError):
    """A setting is missing or unsafe; the message says how to fix it."""


# --- rules --------------------------------------------------------------------------------


def check_username(username: str | None) -> str:
    """A trimmed, lower-cased username, or ValidationFailed."""
    username = (username or "").strip().lower()
    if not USERNAME.match(username):
        raise ValidationFailed({"username": USERNAME_RULE})
    return username


def password_problem(password: str | None) -> str | None:
    """Why `password` is not acceptable, or None when it is."""
    size = len((password or "").encode("utf-8"))
    if size < PASSWORD_MIN_BYTES:
        return f"Choose a longer password. {PASSWORD_RULE}"
    if size > PASSWORD_MAX_BYTES:
        return f"Choose a shorter password. {PASSWORD_RULE}"
    return None


def check_password(password: str | None) -> str:
    """`password` if it is 8 to 72 bytes, else ValidationFailed."""
    problem = password_problem(password)
    if problem:
        raise ValidationFailed({"password": problem})
    return password  # type: ignore[return-value]


def name_problem(name: str | None) -> str | None:
    """Why a first or last name is not acceptable (names are optional), or None."""
    name = (name or "").strip()
    if len(name) > NAME_MAX_CHARS:
        return f"Names can be at most {NAME_MAX_CHARS} characters."
    if any(ord(c) < 32 for c in name):
        return "Names cannot contain control characters."
    return None


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise ValidationFailed({"role": "Role must be member, coach or admin."})
    return role


def hash_password(password: str, *, rounds: int | None = None) -> str:
    """A bcrypt hash of `password` (which must already have passed `check_password`)."""
    salt = bcrypt.gensalt(rounds or BCRYPT_ROUNDS)
    return bcrypt.hashpw(password.encode("utf-8"), salt).decode()


def verify_password(password: str, password_hash: str) -> bool:
    """Whether `password` matches `password_hash` (False for an unusable password)."""
    try:
        return bcrypt.checkpw(password.encode("utf-8"), password_hash.encode())
    except ValueError:
        return False


@cache
def _decoy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def spend_decoy_check() -> None:
    """Take as long as a password check, so a missing username cannot be told by timing."""
    verify_password("decoy-password", _decoy_hash())


# --- reading ------------------------------------------------------------------------------


@dataclass
class Account:
    """A person's login as the app sees it: credentials, email and name in one read."""

    user_id: str
    username: str
    email: str
    role: str
    password_hash: str
    first_name: str | None
    last_name: str | None
    failed_login_attempts: int
    locked_until: datetime | None
    last_login_at: datetime | None
    expires_at: datetime | None
    created_at: datetime

    @property
    def display_name(self) -> str:
        """First and last name, or the username."""
        name = " ".join(p for p in (self.first_name, self.last_name) if p)
        return name or self.username

    @property
    def actor(self) -> Actor:
        """The Actor that acts for this account."""
        return Actor(user_id=self.user_id, role=self.role)  # type: ignore[arg-type]

    @property
    def is_demo(self) -> bool:
        """Whether this is a throwaway demo copy (it expires)."""
        return self.expires_at is not None

    def is_locked(self, now: datetime | None = None) -> bool:
        """Whether logging in is paused after too many failed attempts."""
        return self.locked_until is not None and self.locked_until > (now or utcnow())

    def failed_attempts_now(self, now: datetime | None = None) -> int:
        """Failed attempts that still count: none once a lockout has run its course."""
        if self.locked_until is not None and not self.is_locked(now):
            return 0
        return self.failed_login_attempts


def _account_query():
    return (
        select(UserCredentials, User.email, Profile.first_name, Profile.last_name)
        .join(User, User.user_id == UserCredentials.user_id)
        .outerjoin(Profile, Profile.user_id == UserCredentials.user_id)
    )


def _to_account(row: Any) -> Account:
    creds, email, first_name, last_name = row
    return Account(
        user_id=creds.user_id,
        username=creds.username,
        email=email,
        role=creds.role,
        password_hash=creds.password_hash,
        first_name=first_name,
        last_name=last_name,
        failed_login_attempts=creds.failed_login_attempts or 0,
        locked_until=creds.locked_until,
        last_login_at=creds.last_login_at,
        expires_at=creds.expires_at,
        created_at=creds.created_at,
    )


def find_account(
    session: Session, *, username: str | None = None, user_id: str | None = None
) -> Account | None:
    """One account by username (any case) or user id, in one query; None if missing or expired."""
    query = _account_query().where(
        or_(UserCredentials.expires_at.is_(None), UserCredentials.expires_at > utcnow())
    )
    if username is not None:
        if not isinstance(username, str) or not username.strip():
            return None
        query = query.where(UserCredentials.username == username.strip().lower())
    elif user_id is not None:
        query = query.where(UserCredentials.user_id == user_id)
    else:
        raise TypeError("find_account needs a username or a user_id")
    row = session.execute(query.limit(1)).first()
    return _to_account(row) if row else None


def get_account(session: Session, actor: Actor) -> Account:
    """The acting user's own account."""
    account = find_account(session, user_id=actor.user_id)
    if account is None:
        raise NotFound("account")
    return account


def find_by_username_or_email(session: Session, who: str) -> Account | None:
    """An account by its username or email (any case)."""
    who = (who or "").strip().lower()
    if not who:
        return None
    if "@" not in who:
        return find_account(session, username=who)
    row = session.execute(
        _account_query()
        .where(func.lower(User.email) == who, UserCredentials.expires_at.is_(None))
        .limit(1)
    ).first()
    return _to_account(row) if row else None


def _email_taken(session: Session, email: str, *, besides: str | None = None) -> bool:
    query = select(User.user_id).where(func.lower(User.email) == email.lower())
    if besides is not None:
        query = query.where(User.user_id != besides)
    return session.execute(query.limit(1)).first() is not None


def _username_taken(session: Session, username: str) -> bool:
    query = select(UserCredentials.user_id).where(UserCredentials.username == username)
    return session.execute(query.limit(1)).first() is not None


# --- creating -----------------------------------------------------------------------------


def check_signup_allowed(email: str, settings: Settings | None = None) -> None:
    """Raise unless sign-up is open, or invite-only and `email` is invited."""
    settings = settings or get_settings()
    if settings.signup_mode == "closed":
        raise PermissionDenied("Sign-up is closed. Ask an administrator for an account.")
    if settings.signup_mode == "invite":
        invited = {e.strip().lower() for e in settings.preauthorized_emails}
        if email.lower() not in invited:
            raise ValidationFailed(
                {
                    "email": "Sign-up is by invitation, and this email address has not been "
                    "invited. Use the address your invitation went to."
                }
            )


def create_account(
    session: Session,
    *,
    username: str,
    email: str,
    password: str | None = None,
    password_hash: str | None = None,
    role: str = "member",
    first_name: str | None = None,
    last_name: str | None = None,
    expires_at: datetime | None = None,
    signup: bool = False,
    settings: Settings | None = None,
    user_id: str | None = None,
    commit_now: bool = True,
) -> Account:
    """A new person: `users` row, profile (with their name) and credentials, in one transaction.

    Give `password` (checked, then hashed) or an existing bcrypt `password_hash`. With
    `signup=True` the settings' sign-up mode applies.
    """
    errors: dict[str, str] = {}
    try:
        username = check_username(username)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    try:
        email = check_email(email)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if password_hash is None:
        problem = password_problem(password)
        if problem:
            errors["password"] = problem
    for field, value in (("first_name", first_name), ("last_name", last_name)):
        problem = name_problem(value)
        if problem:
            errors[field] = problem
    if role not in ROLES:
        errors["role"] = "Role must be member, coach or admin."
    if errors:
        raise ValidationFailed(errors)
    if signup:
        check_signup_allowed(email, settings)
    if _username_taken(session, username):
        raise ValidationFailed({"username": "That username is taken. Choose another."})
    if _email_taken(session, email):
        raise ValidationFailed(
            {"email": "An account with this email address already exists. Log in instead."}
        )
    user = create_user(session, email=email, user_id=user_id, commit_now=False)
    profile = session.scalars(select(Profile).where(Profile.user_id == user.user_id)).one()
    profile.first_name = (first_name or "").strip() or None
    profile.last_name = (last_name or "").strip() or None
    credentials = UserCredentials(
        user_id=user.user_id,
        username=username,
        password_hash=password_hash or hash_password(password),  # type: ignore[arg-type]
        role=role,
        expires_at=expires_at,
    )
    session.add(credentials)
    if commit_now:
        _commit_unique(session)
    return Account(
        user_id=user.user_id,
        username=username,
        email=email,
        role=role,
        password_hash=credentials.password_hash,
        first_name=profile.first_name,
        last_name=profile.last_name,
        failed_login_attempts=0,
        locked_until=None,
        last_login_at=None,
        expires_at=expires_at,
        created_at=credentials.created_at,
    )


def _commit_unique(session: Session) -> None:
    """Commit; a username or email taken a moment ago by someone else reads as taken."""
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        log.info("account conflict: %s", exc.orig)
        raise ValidationFailed(
            {"username": "That username or email address was just taken. Choose another."}
        ) from exc


def set_login(
    session: Session, *, user_id: str, username: str, password: str, role: str | None = None
) -> Account:
    """Give an existing `users` row a login (or a new password), e.g. the seeded demo account."""
    username = check_username(username)
    check_password(password)
    credentials = session.get(UserCredentials, user_id)
    if session.get(User, user_id) is None:
        raise NotFound("account")
    taken = session.execute(
        select(UserCredentials.user_id).where(
            UserCredentials.username == username, UserCredentials.user_id != user_id
        )
    ).first()
    if taken:
        raise ValidationFailed({"username": "That username is taken. Choose another."})
    if credentials is None:
        credentials = UserCredentials(user_id=user_id, username=username, password_hash="")
    credentials.username = username
    credentials.password_hash = hash_password(password)
    credentials.failed_login_attempts = 0
    credentials.locked_until = None
    if role is not None:
        credentials.role = _check_role(role)
    credentials.updated_at = utcnow()
    session.add(credentials)
    _commit_unique(session)
    account = find_account(session, user_id=user_id)
    assert account is not None
    return account


# --- logging in ---------------------------------------------------------------------------


def record_login(session: Session, user_id: str) -> None:
    """A successful login: the failures are forgiven and the time is kept."""
    credentials = session.get(UserCredentials, user_id)
    if credentials is None:
        return
    credentials.last_login_at = utcnow()
    credentials.failed_login_attempts = 0
    credentials.locked_until = None
    session.add(credentials)
    commit(session)


def save_login_changes(
    session: Session, user_id: str, changes: dict[str, Any], *, logged_in: bool = False
) -> None:
    """Write back what a login widget changed: failed attempts (locking at 5), password, name, email.

    `changes` holds the widget's keys: `failed_login_attempts`, `password` (a bcrypt hash),
    `first_name`, `last_name`, `email`; `logged_in` records a successful login's time.
    Everything is written in one transaction.
    """
    credentials = session.get(UserCredentials, user_id)
    if credentials is None:
        raise NotFound("account")
    now = utcnow()
    if "failed_login_attempts" in changes:
        failures = int(changes["failed_login_attempts"] or 0)
        credentials.failed_login_attempts = failures
        if failures < MAX_FAILED_LOGINS:
            credentials.locked_until = None
        elif not (credentials.locked_until and credentials.locked_until > now):
            credentials.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            log.info("login paused for %s after %s failures", user_id, failures)
    if logged_in:
        credentials.last_login_at = now
        credentials.failed_login_attempts = 0
        credentials.locked_until = None
    if "password" in changes:
        new_hash = str(changes["password"])
        if not new_hash.startswith("$2"):
            raise ValueError("only bcrypt hashes are stored")
        credentials.password_hash = new_hash
    errors: dict[str, str] = {}
    profile_values = {}
    for field in ("first_name", "last_name"):
        if field in changes:
            problem = name_problem(changes[field])
            if problem:
                errors[field] = problem
            profile_values[field] = (changes[field] or "").strip() or None
    if "email" in changes:
        try:
            email = check_email(changes["email"])
        except ValidationFailed as exc:
            errors.update(exc.errors)
        else:
            if _email_taken(session, email, besides=user_id):
                errors["email"] = "Another account already uses this email address."
            else:
                user = session.get(User, user_id)
                user.email = email  # type: ignore[union-attr]
                user.updated_at = now  # type: ignore[union-attr]
                session.add(user)
    if errors:
        session.rollback()
        raise ValidationFailed(errors)
    if profile_values:
        profile = session.scalars(select(Profile).where(Profile.user_id == user_id)).first()
        if profile is None:
            profile = Profile(user_id=user_id)
        for field, value in profile_values.items():
            setattr(profile, field, value)
        profile.updated_at = now
        session.add(profile)
    credentials.updated_at = now
    session.add(credentials)
    commit(session)


# --- roles and the user list --------------------------------------------------------------


def _require_admin(actor: Actor) -> None:
    if actor.role != "admin":
        raise PermissionDenied("Only administrators can manage accounts.")


def list_accounts(
    session: Session, actor: Actor, *, search: str = "", limit: int = 50, offset: int = 0
) -> tuple[list[Account], int]:
    """A page of accounts (newest first) and how many match, for administrators."""
    _require_admin(actor)
    query = _account_query()
    text = (search or "").strip().lower()
    if text:
        like = f"%{text}%"
        query = query.where(
            or_(UserCredentials.username.like(like), func.lower(User.email).like(like))
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by(UserCredentials.created_at.desc(), UserCredentials.user_id)
        .limit(max(1, min(limit, 500)))
        .offset(max(0, offset))
    ).all()
    return [_to_account(r) for r in rows], total


def set_role(session: Session, actor: Actor, user_id: str, role: str) -> Account:
    """Change someone's role (administrators only; nobody demotes themselves)."""
    _require_admin(actor)
    _check_role(role)
    if user_id == actor.user_id and role != "admin":
        raise PermissionDenied("You cannot remove your own administrator role.")
    credentials = session.get(UserCredentials, user_id)
    if credentials is None:
        raise NotFound("account")
    credentials.role = role
    credentials.updated_at = utcnow()
    session.add(credentials)
    commit(session)
    account = find_account(session, user_id=user_id)
    if account is None:
        raise NotFound("account")
    return account


def unlock_account(session: Session, actor: Actor, user_id: str) -> None:
    """Let someone log in again at once (administrators only)."""
    _require_admin(actor)
    credentials = session.get(UserCredentials, user_id)
    if credentials is None:
        raise NotFound("account")
    credentials.failed_login_attempts = 0
    credentials.locked_until = None
    session.add(credentials)
    commit(session)


# --- demo copies --------------------------------------------------------------------------


def remove_expired_accounts(session: Session, now: datetime | None = None) -> int:
    """Delete every expired demo copy with all its data; returns how many went."""
    now = now or utcnow()
    expired = session.scalars(
        select(UserCredentials.user_id).where(
            UserCredentials.expires_at.is_not(None), UserCredentials.expires_at <= now
        )
    ).all()
    for user_id in expired:
        delete_user_data(session, user_id, commit_now=False)
    if expired:
        commit(session)
        log.info("removed %d expired demo accounts", len(expired))
    return len(expired)


def create_demo_account(session: Session) -> Account:
    """A fresh, private copy of the demo record for one visitor; it expires after a day."""
    from services.demo import populate_demo_record

    remove_expired_accounts(session)
    suffix = secrets.token_hex(4)
    account = create_account(
        session,
        username=f"demo-{suffix}",
        email=f"demo-{suffix}@demo.achiev.invalid",
        # Nobody knows this password: the visitor is logged in directly.
        password_hash=hash_password(secrets.token_urlsafe(24), rounds=4),
        expires_at=utcnow() + DEMO_LIFETIME,
        commit_now=False,
    )
    populate_demo_record(session, account.user_id)  # commits the whole copy at once
    found = find_account(session, user_id=account.user_id)
    assert found is not None
    return found


# --- a person's own data ------------------------------------------------------------------


def _dump(rows: Any, *, exclude: set[str] | None = None) -> list[dict[str, Any]]:
    return [row.model_dump(mode="json", exclude=exclude) for row in rows]


def export_account(session: Session, actor: Actor) -> dict[str, Any]:
    """Everything of the acting user's, as plain JSON-ready data (never the password hash)."""
    uid = actor.user_id
    user = session.get(User, uid)
    if user is None:
        raise NotFound("account")
    credentials = session.get(UserCredentials, uid)
    experience_ids = select(Experience.id).where(Experience.user_id == uid)
    resume_ids = select(TailoredResume.id).where(TailoredResume.user_id == uid)
    conversation_ids = select(Conversation.id).where(Conversation.user_id == uid)

    def rows(model, *where, order=None):
        query = select(model).where(*where)
        if order is not None:
            query = query.order_by(order)
        return session.scalars(query).all()

    return {
        "exported_at": utcnow().isoformat(timespec="seconds") + "Z",
        "user": user.model_dump(mode="json"),
        "account": credentials.model_dump(
            mode="json", exclude={"password_hash", "failed_login_attempts", "locked_until"}
        )
        if credentials
        else None,
        "profile": _dump(rows(Profile, Profile.user_id == uid)),
        "experiences": _dump(
            rows(Experience, Experience.user_id == uid, order=Experience.created_at)
        ),
        "achievements": _dump(
            rows(
                Achievement,
                Achievement.experience_id.in_(experience_ids),
                order=Achievement.created_at,
            )
        ),
        "resume_bullets": _dump(
            rows(ResumeBullet, ResumeBullet.user_id == uid, order=ResumeBullet.created_at)
        ),
        "job_descriptions": _dump(
            rows(JobDescription, JobDescription.user_id == uid, order=JobDescription.created_at)
        ),
        "tailored_resumes": _dump(
            rows(TailoredResume, TailoredResume.user_id == uid, order=TailoredResume.created_at)
        ),
        "tailored_bullets": _dump(
            rows(
                TailoredBullet,
                TailoredBullet.tailored_resume_id.in_(resume_ids),
                order=TailoredBullet.order,
            )
        ),
        "conversations": _dump(
            rows(Conversation, Conversation.user_id == uid, order=Conversation.created_at)
        ),
        "messages": _dump(
            rows(Message, Message.conversation_id.in_(conversation_ids), order=Message.timestamp)
        ),
        "coaching": _dump(
            rows(
                CoachClient,
                or_(CoachClient.client_id == uid, CoachClient.coach_id == uid),
                order=CoachClient.created_at,
            )
        ),
        "coach_invite_codes": _dump(rows(CoachInviteCode, CoachInviteCode.coach_id == uid)),
    }


def delete_account(session: Session, actor: Actor) -> None:
    """Remove the acting user's account and every row of theirs, in one transaction."""
    if session.get(User, actor.user_id) is None:
        raise NotFound("account")
    delete_user_data(session, actor.user_id)
    log.info("account %s deleted by its owner", actor.user_id)


# --- the login cookie's key ---------------------------------------------------------------


def _read_key(path: Path) -> str:
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    key = path.read_text(encoding="utf-8").strip()
    if len(key.encode()) < COOKIE_KEY_MIN_BYTES:
        raise ConfigurationError(
            f"The login cookie key in {path} is too short. Delete the file and restart Achiev "
            "to make a new one (everyone will need to log in again)."
        )
    return key


def cookie_signing_key(settings: Settings | None = None) -> str:
    """The key that signs login cookies: ACHIEV_COOKIE_KEY, or one kept in the data directory.

    A generated key is 48 random bytes (64 characters), written once, readable by its owner
    only (0600); concurrent first starts agree on one key.
    """
    settings = settings or get_settings()
    if settings.cookie_key is not None:
        key = settings.cookie_key.get_secret_value().strip()
        if len(key.encode()) < COOKIE_KEY_MIN_BYTES:
            raise ConfigurationError(
                "ACHIEV_COOKIE_KEY must be at least 32 random bytes. Make one with: "
                'python -c "import secrets; print(secrets.token_urlsafe(48))"'
            )
        return key
    path = Path(settings.data_dir) / COOKIE_KEY_FILE
    if path.exists():
        return _read_key(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{COOKIE_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(tmp, path)  # atomic; loses quietly to a process that got there first
            log.info("generated a login cookie key in %s", path)
        except FileExistsError:
            pass
    finally:
        tmp.unlink(missing_ok=True)
    return _read_key(path)
