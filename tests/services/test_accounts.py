"""Accounts: sign-up in one transaction, case-free usernames, lockout, roles, demos, export, delete."""

from __future__ import annotations

import json
import stat
import threading
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from achiev_cli import main as achiev
from models import (
    CoachClient,
    Conversation,
    Experience,
    Profile,
    User,
    UserCredentials,
    utcnow,
)
from services import accounts, coaching, experiences
from services.access import Actor
from services.accounts import ConfigurationError
from services.errors import NotFound, PermissionDenied, ValidationFailed
from services.settings import Settings, get_settings


@pytest.fixture(autouse=True)
def quick_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap hashes: the cost factor changes the time, not the rules under test."""
    monkeypatch.setattr(accounts, "BCRYPT_ROUNDS", 4)


@pytest.fixture(scope="session")
def fast_hash() -> str:
    """One cheap bcrypt hash (of "correct horse") for every account the tests make."""
    return accounts.hash_password("correct horse", rounds=4)


def make(session: Session, username: str, fast_hash: str, **kw) -> accounts.Account:
    kw.setdefault("email", f"{username}@example.com")
    return accounts.create_account(session, username=username, password_hash=fast_hash, **kw)


def test_sign_up_makes_user_profile_and_credentials(session: Session) -> None:
    account = accounts.create_account(
        session,
        username="  Ada.L ",
        email="ADA@Example.com",
        password="analytical engine",
        first_name="Ada",
        last_name="Lovelace",
        signup=True,
        settings=Settings(signup_mode="open"),
    )
    assert (account.username, account.email, account.role) == ("ada.l", "ada@example.com", "member")
    assert account.display_name == "Ada Lovelace"
    session.expire_all()
    assert session.get(User, account.user_id).email == "ada@example.com"
    profile = session.exec(select(Profile).where(Profile.user_id == account.user_id)).one()
    assert (profile.first_name, profile.last_name, profile.headline) == ("Ada", "Lovelace", None)
    creds = session.get(UserCredentials, account.user_id)
    assert creds.password_hash.startswith("$2") and creds.failed_login_attempts == 0
    assert accounts.verify_password("analytical engine", creds.password_hash)
    assert not accounts.verify_password("analytical engine!", creds.password_hash)
    found = accounts.find_account(session, username="ADA.l")
    assert found is not None and found.user_id == account.user_id


def test_usernames_and_emails_are_unique_regardless_of_case(
    session: Session, fast_hash: str
) -> None:
    make(session, "grace", fast_hash, email="grace@example.com")
    with pytest.raises(ValidationFailed) as error:
        make(session, "GRACE", fast_hash, email="other@example.com")
    assert "taken" in error.value.errors["username"]
    with pytest.raises(ValidationFailed) as error:
        make(session, "grace2", fast_hash, email="Grace@EXAMPLE.com")
    assert "already exists" in error.value.errors["email"]
    assert len(session.exec(select(User)).all()) == 1


def test_the_database_keeps_usernames_lower_case(session: Session, fast_hash: str) -> None:
    account = make(session, "linus", fast_hash)
    creds = session.get(UserCredentials, account.user_id)
    creds.username = "Linus"
    session.add(creds)
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_sign_up_is_one_transaction(
    session: Session, fast_hash: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A username taken between the check and the write leaves no half-made account."""
    make(session, "taken", fast_hash)
    monkeypatch.setattr(accounts, "_username_taken", lambda *_: False)
    with pytest.raises(ValidationFailed) as error:
        make(session, "taken", fast_hash, email="second@example.com")
    assert "just taken" in error.value.errors["username"]
    assert [u.email for u in session.exec(select(User)).all()] == ["taken@example.com"]
    assert len(session.exec(select(Profile)).all()) == 1


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("1234567", False),
        ("12345678", True),
        ("x" * 72, True),
        ("x" * 73, False),
        ("é" * 36, True),  # 72 bytes
        ("é" * 37, False),  # 74 bytes, though only 37 characters
        ("🚀" * 18, True),
        ("🚀" * 19, False),
    ],
)
def test_passwords_are_8_to_72_bytes(session: Session, password: str, ok: bool) -> None:
    assert (accounts.password_problem(password) is None) is ok
    if ok:
        account = accounts.create_account(
            session, username="pw.user", email="pw@example.com", password=password
        )
        assert accounts.verify_password(password, account.password_hash)
    else:
        with pytest.raises(ValidationFailed) as error:
            accounts.create_account(
                session, username="pw.user", email="pw@example.com", password=password
            )
        assert "8 to 72 bytes" in error.value.errors["password"]


def test_every_bad_field_is_reported(session: Session) -> None:
    with pytest.raises(ValidationFailed) as error:
        accounts.create_account(
            session,
            username="x",
            email="nope",
            password="short",
            first_name="n" * 101,
            role="owner",
        )
    assert set(error.value.errors) == {"username", "email", "password", "first_name", "role"}
    assert all(m.endswith(".") for m in error.value.errors.values())


def test_sign_up_modes(session: Session, fast_hash: str) -> None:
    closed = Settings(signup_mode="closed")
    invite = Settings(signup_mode="invite", preauthorized_emails="Invited@Example.com, b@x.org")
    with pytest.raises(PermissionDenied):
        make(session, "closed.out", fast_hash, signup=True, settings=closed)
    with pytest.raises(ValidationFailed) as error:
        make(session, "uninvited", fast_hash, signup=True, settings=invite)
    assert "invitation" in error.value.errors["email"]
    made = make(
        session, "invited", fast_hash, email="invited@example.COM", signup=True, settings=invite
    )
    assert made.email == "invited@example.com"
    # Administrators (and the command line) are not bound by the sign-up mode.
    make(session, "by.admin", fast_hash, settings=closed)


def test_five_failures_pause_logins_for_fifteen_minutes(session: Session, fast_hash: str) -> None:
    account = make(session, "tries", fast_hash)
    for failures in range(1, accounts.MAX_FAILED_LOGINS):
        accounts.save_login_changes(session, account.user_id, {"failed_login_attempts": failures})
        assert not accounts.find_account(session, username="tries").is_locked()
    accounts.save_login_changes(session, account.user_id, {"failed_login_attempts": 5})
    locked = accounts.find_account(session, username="tries")
    assert locked.is_locked()
    assert locked.failed_attempts_now() == 5
    wait = locked.locked_until - utcnow()
    assert timedelta(minutes=14) < wait <= timedelta(minutes=15)
    # A sixth failure while paused does not extend the pause.
    accounts.save_login_changes(session, account.user_id, {"failed_login_attempts": 6})
    assert accounts.find_account(session, username="tries").locked_until == locked.locked_until
    # Fifteen minutes later the slate is clean.
    later = locked.locked_until + timedelta(seconds=1)
    assert not locked.is_locked(later) and locked.failed_attempts_now(later) == 0
    creds = session.get(UserCredentials, account.user_id)
    creds.locked_until = utcnow() - timedelta(seconds=1)
    session.add(creds)
    session.commit()
    assert accounts.find_account(session, username="tries").failed_attempts_now() == 0
    accounts.save_login_changes(session, account.user_id, {"failed_login_attempts": 1})
    again = accounts.find_account(session, username="tries")
    assert again.failed_attempts_now() == 1 and again.locked_until is None


def test_a_login_is_recorded_and_forgives_failures(session: Session, fast_hash: str) -> None:
    account = make(session, "returning", fast_hash)
    accounts.save_login_changes(session, account.user_id, {"failed_login_attempts": 3})
    accounts.save_login_changes(session, account.user_id, {}, logged_in=True)
    back = accounts.find_account(session, username="returning")
    assert back.failed_login_attempts == 0 and back.last_login_at is not None


def test_widget_changes_to_password_name_and_email(session: Session, fast_hash: str) -> None:
    account = make(session, "changer", fast_hash)
    other = make(session, "other", fast_hash)
    new_hash = accounts.hash_password("a new password", rounds=4)
    accounts.save_login_changes(
        session,
        account.user_id,
        {
            "password": new_hash,
            "first_name": " Chang ",
            "last_name": "",
            "email": "New@Example.com",
        },
    )
    back = accounts.find_account(session, user_id=account.user_id)
    assert accounts.verify_password("a new password", back.password_hash)
    assert (back.first_name, back.last_name, back.email) == ("Chang", None, "new@example.com")
    with pytest.raises(ValidationFailed) as error:
        accounts.save_login_changes(session, account.user_id, {"email": other.email.upper()})
    assert "already uses" in error.value.errors["email"]
    with pytest.raises(ValidationFailed):
        accounts.save_login_changes(session, account.user_id, {"email": "not an email"})
    with pytest.raises(ValueError):
        accounts.save_login_changes(session, account.user_id, {"password": "plain text"})
    assert accounts.find_account(session, user_id=account.user_id).email == "new@example.com"


def test_roles_and_the_user_list_are_for_admins(session: Session, fast_hash: str) -> None:
    admin = make(session, "root", fast_hash, role="admin").actor
    member = make(session, "member.one", fast_hash).actor
    for i in range(3):
        make(session, f"bulk{i}", fast_hash)
    rows, total = accounts.list_accounts(session, admin, limit=2)
    assert total == 5 and len(rows) == 2
    found, total = accounts.list_accounts(session, admin, search="BULK")
    assert total == 3 and {a.username for a in found} == {"bulk0", "bulk1", "bulk2"}
    with pytest.raises(PermissionDenied):
        accounts.list_accounts(session, member)
    with pytest.raises(PermissionDenied):
        accounts.set_role(session, member, member.user_id, "admin")
    assert accounts.set_role(session, admin, member.user_id, "coach").role == "coach"
    with pytest.raises(PermissionDenied):
        accounts.set_role(session, admin, admin.user_id, "member")
    with pytest.raises(ValidationFailed):
        accounts.set_role(session, admin, member.user_id, "owner")


def test_demo_copies_are_private_and_expire(session: Session) -> None:
    first = accounts.create_demo_account(session)
    second = accounts.create_demo_account(session)
    assert first.user_id != second.user_id and first.is_demo
    assert timedelta(hours=23) < first.expires_at - utcnow() <= timedelta(days=1)
    mine = experiences.list_experiences(session, first.actor)
    theirs = experiences.list_experiences(session, second.actor)
    assert len(mine) == len(theirs) > 0
    assert not {e.id for e in mine} & {e.id for e in theirs}
    experiences.delete_experience(session, first.actor, mine[0].id)
    assert len(experiences.list_experiences(session, second.actor)) == len(theirs)
    # A day later the first copy is gone, with all its data.
    creds = session.get(UserCredentials, first.user_id)
    creds.expires_at = utcnow() - timedelta(seconds=1)
    session.add(creds)
    session.commit()
    assert accounts.find_account(session, user_id=first.user_id) is None
    assert accounts.remove_expired_accounts(session) == 1
    assert session.get(User, first.user_id) is None
    assert session.exec(select(Experience).where(Experience.user_id == first.user_id)).all() == []
    assert accounts.find_account(session, user_id=second.user_id) is not None


def test_export_has_everything_but_the_password(session: Session, fast_hash: str) -> None:
    account = make(session, "exporter", fast_hash, first_name="Ex")
    actor = account.actor
    exp = experiences.create_experience(session, actor, company_name="Acme", job_title="Dev")
    data = accounts.export_account(session, actor)
    text = json.dumps(data)
    assert fast_hash not in text and "password" not in text
    assert data["account"]["username"] == "exporter"
    assert data["user"]["email"] == "exporter@example.com"
    assert data["profile"][0]["first_name"] == "Ex"
    assert [e["id"] for e in data["experiences"]] == [exp.id]
    for key in (
        "achievements",
        "resume_bullets",
        "job_descriptions",
        "tailored_resumes",
        "tailored_bullets",
        "conversations",
        "messages",
        "coaching",
    ):
        assert data[key] == []


def test_delete_account_removes_every_row(session: Session, fast_hash: str) -> None:
    gone = accounts.create_demo_account(session)  # a full record
    coach = make(session, "the.coach", fast_hash, role="coach")
    stays = make(session, "stays", fast_hash)
    coaching.invite_coach(session, gone.actor, "the.coach")
    coaching.create_invite_code(session, coach.actor)
    accounts.delete_account(session, gone.actor)
    for table in SQLModel.metadata.sorted_tables:
        columns = {c.name for c in table.columns} & {"user_id", "client_id"}
        for column in columns:
            rows = session.execute(
                sa.select(sa.func.count()).select_from(table).where(table.c[column] == gone.user_id)
            ).scalar()
            assert rows == 0, table.name
    assert session.exec(select(Conversation)).all() == []
    assert session.exec(select(CoachClient)).all() == []
    assert accounts.find_account(session, user_id=stays.user_id) is not None
    with pytest.raises(NotFound):
        accounts.delete_account(session, gone.actor)


def test_get_account_is_the_actors_own(session: Session, fast_hash: str) -> None:
    account = make(session, "self", fast_hash)
    assert accounts.get_account(session, account.actor).username == "self"
    with pytest.raises(NotFound):
        accounts.get_account(session, Actor("nobody"))


# --- the cookie key -------------------------------------------------------------------------


def test_a_configured_cookie_key_must_be_long(tmp_path: Path) -> None:
    assert accounts.cookie_signing_key(Settings(cookie_key="k" * 32, data_dir=tmp_path)) == "k" * 32
    with pytest.raises(ConfigurationError) as error:
        accounts.cookie_signing_key(Settings(cookie_key="short", data_dir=tmp_path))
    assert "at least 32" in str(error.value)
    assert not (tmp_path / accounts.COOKIE_KEY_FILE).exists()


def test_a_missing_cookie_key_is_made_once_and_kept_private(tmp_path: Path) -> None:
    settings = Settings(cookie_key=None, data_dir=tmp_path / "data")
    keys: list[str] = []
    threads = [
        threading.Thread(target=lambda: keys.append(accounts.cookie_signing_key(settings)))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    path = tmp_path / "data" / accounts.COOKIE_KEY_FILE
    assert len(set(keys)) == 1 and len(keys[0]) >= 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert accounts.cookie_signing_key(settings) == keys[0]
    assert [p.name for p in path.parent.iterdir()] == [accounts.COOKIE_KEY_FILE]
    path.chmod(0o644)
    accounts.cookie_signing_key(settings)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# --- the command line -----------------------------------------------------------------------


@pytest.fixture
def cli_env(engine: sa.Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("ACHIEV_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_create_user_from_the_command_line(
    session: Session, cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        achiev(
            [
                "create-user",
                "--username",
                "Coach.One",
                "--email",
                "c1@example.com",
                "--role",
                "coach",
                "--password",
                "coach password",
            ]
        )
        == 0
    )
    made = accounts.find_account(session, username="coach.one")
    assert made.role == "coach" and accounts.verify_password("coach password", made.password_hash)
    assert (
        achiev(
            ["create-user", "--username", "admin", "--email", "a@example.com", "--role", "admin"]
        )
        == 0
    )
    printed = capsys.readouterr().out
    password = printed.split("Password: ")[1].split()[0]
    admin = accounts.find_account(session, username="admin")
    assert admin.role == "admin" and accounts.verify_password(password, admin.password_hash)
    assert achiev(["create-user", "--username", "admin", "--email", "b@example.com"]) == 2
    assert "taken" in capsys.readouterr().err


def test_the_seeded_demo_account_can_log_in(
    session: Session, cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert achiev(["seed-demo"]) == 0
    password = capsys.readouterr().out.split("password: ")[1].split()[0]
    demo = accounts.find_account(session, username="demo")
    assert accounts.verify_password(password, demo.password_hash)
    assert achiev(["seed-demo"]) == 0
    assert "password unchanged" in capsys.readouterr().out
    session.expire_all()
    assert accounts.verify_password(
        password, accounts.find_account(session, username="demo").password_hash
    )
    assert achiev(["seed-demo", "--username", "maya", "--password", "shown to the team"]) == 0
    session.expire_all()
    maya = accounts.find_account(session, username="maya")
    assert maya.user_id == demo.user_id
    assert accounts.verify_password("shown to the team", maya.password_hash)
