"""The login gate in AppTest: sign-up, login, wrong passwords, lockout, logout, pages by role,
and the account pages. (Cookie re-login needs a browser: see tests/e2e.)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from models import CoachClient, User, UserCredentials, utcnow
from services import accounts, coaching, conversations, experiences
from services.accounts import Account

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
PUBLIC = {"login.py", "signup.py"}
MEMBER = {"account.py", "coaches.py"}  # besides the record pages other features add
COACH = MEMBER | {"clients.py"}
ADMIN = COACH | {"users.py"}
LOGIN = "FormSubmitter:Login-Login"
SIGN_UP = "FormSubmitter:Create account-Create account"


@pytest.fixture(autouse=True)
def quick_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap hashes for the accounts the tests make (the cost factor is not under test)."""
    monkeypatch.setattr(accounts, "BCRYPT_ROUNDS", 4)


@pytest.fixture
def session(engine: Engine):
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def people(session: Session, app_env: str) -> dict[str, Account]:
    """A member, a coach and an administrator, all with PASSWORD."""
    password_hash = accounts.hash_password(PASSWORD)
    return {
        role: accounts.create_account(
            session,
            username=f"the.{role}",
            email=f"{role}@example.com",
            password_hash=password_hash,
            role=role,
            first_name=role.title(),
        )
        for role in ("member", "coach", "admin")
    }


def app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)


def as_person(account: Account) -> AppTest:
    """The app with the login already done (as streamlit-authenticator leaves session state)."""
    at = app()
    at.session_state["authentication_status"] = True
    at.session_state["username"] = account.username
    at.session_state["name"] = account.display_name
    return at.run()


def pages(at: AppTest) -> set[str]:
    """The page files that exist for this session (switch_page refuses the others)."""
    found = set()
    for path in sorted((ROOT / "pages").glob("*.py")):
        try:
            at.switch_page(f"pages/{path.name}")
        except ValueError:
            continue
        found.add(path.name)
    return found


def fill(at: AppTest, **values: str) -> AppTest:
    """Type into text inputs by label."""
    inputs = {t.label: t for t in at.text_input}
    for label, value in values.items():
        inputs[label.replace("_", " ")].input(value)
    return at


def answered(at: AppTest) -> AppTest:
    """After a login or logout, the run the browser's cookie component would start."""
    if any(str(i.value).startswith("Logging you") for i in at.info):
        return at.run()
    return at


def log_in(at: AppTest, username: str, password: str) -> AppTest:
    fill(at, Username=username, Password=password)
    return answered(at.button(key=LOGIN).click().run())


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def logged_in_as(at: AppTest) -> str | None:
    actor = at.session_state.get("actor", None)
    return actor["user_id"] if actor else None


def sidebar_text(at: AppTest) -> str:
    return " ".join(str(m.value) for m in at.sidebar.caption)


# --- logged out -------------------------------------------------------------------------------


def test_logged_out_only_login_and_sign_up_exist(app_env: str) -> None:
    at = app().run()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert at.button(key=LOGIN)
    assert pages(at) == PUBLIC
    assert logged_in_as(at) is None


def test_closed_sign_up_leaves_only_login(app_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from services.settings import get_settings

    monkeypatch.setenv("ACHIEV_SIGNUP_MODE", "closed")
    get_settings.cache_clear()
    at = app().run()
    assert pages(at) == {"login.py"}
    assert not [p for p in at.get("page_link") if "Create" in str(p.proto.label)]


# --- sign-up ----------------------------------------------------------------------------------


def sign_up(at: AppTest, **values: str) -> AppTest:
    at.switch_page("pages/signup.py").run()
    defaults = {
        "First_name": "Ada", "Last_name": "Lovelace", "Email": "ada@example.com",
        "Username": "Ada", "Password": "analytical engine", "Repeat_password": "analytical engine",
    }  # fmt: skip
    fill(at, **{**defaults, **values})
    return answered(at.button(key=SIGN_UP).click().run())


def test_sign_up_makes_the_account_and_logs_in(app_env: str, session: Session) -> None:
    at = sign_up(app().run())
    assert not at.exception and not errors(at)
    account = accounts.find_account(session, username="ada")
    assert account is not None and account.display_name == "Ada Lovelace"
    assert account.role == "member" and account.last_login_at is not None
    assert accounts.verify_password("analytical engine", account.password_hash)
    assert logged_in_as(at) == account.user_id
    assert "Ada Lovelace" in sidebar_text(at)
    assert pages(at) >= MEMBER and not pages(at) & {"clients.py", "users.py", *PUBLIC}


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"Password": "short", "Repeat_password": "short"}, "8 to 72 bytes"),
        ({"Password": "é" * 37, "Repeat_password": "é" * 37}, "8 to 72 bytes"),
        ({"Repeat_password": "analytical engines"}, "do not match"),
        ({"Username": "a b"}, "Usernames are 3 to 32"),
        ({"Email": "not-an-email"}, "email address like"),
    ],
)
def test_sign_up_mistakes_are_sentences(app_env: str, session: Session, values, words) -> None:
    at = sign_up(app().run(), **values)
    assert not at.exception
    assert any(words in e for e in errors(at)), errors(at)
    assert session.exec(select(User)).all() == []
    assert logged_in_as(at) is None


def test_sign_up_refuses_taken_names_in_any_case(
    app_env: str, session: Session, people: dict[str, Account]
) -> None:
    at = sign_up(app().run(), Username="THE.MEMBER", Email="fresh@example.com")
    assert any("username is taken" in e for e in errors(at)), errors(at)
    at = sign_up(app().run(), Username="fresh", Email="Member@Example.com")
    assert any("already exists" in e for e in errors(at)), errors(at)
    assert len(session.exec(select(User)).all()) == 3


def test_invite_only_sign_up(app_env: str, session: Session, monkeypatch) -> None:
    from services.settings import get_settings

    monkeypatch.setenv("ACHIEV_SIGNUP_MODE", "invite")
    monkeypatch.setenv("ACHIEV_PREAUTHORIZED_EMAILS", "invited@example.com")
    get_settings.cache_clear()
    at = sign_up(app().run())
    assert any("not been invited" in e for e in errors(at)), errors(at)
    at = sign_up(app().run(), Email="Invited@example.com", Username="invited")
    assert not errors(at) and logged_in_as(at)


# --- login, wrong passwords, lockout, logout ------------------------------------------------------


def test_login_and_logout(app_env: str, people: dict[str, Account], session: Session) -> None:
    member = people["member"]
    at = log_in(app().run(), "The.Member", PASSWORD)
    assert not at.exception and not errors(at)
    assert logged_in_as(at) == member.user_id
    assert at.session_state["username"] == "the.member"
    assert "Member" in sidebar_text(at)
    assert pages(at) >= MEMBER and not pages(at) & PUBLIC
    assert accounts.find_account(session, username="the.member").last_login_at is not None

    at.switch_page("pages/account.py").run()
    answered(at.sidebar.button(key="Logout").click().run())
    assert not at.exception
    assert logged_in_as(at) is None
    assert not at.session_state["authentication_status"]
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert pages(at) == PUBLIC


def test_wrong_password_and_unknown_user_read_the_same(
    app_env: str, people: dict[str, Account], session: Session
) -> None:
    wrong = log_in(app().run(), "the.member", "not the password")
    unknown = log_in(app().run(), "nobody.here", "not the password")
    assert errors(wrong) == errors(unknown) == [accounts.LOGIN_FAILED]
    assert logged_in_as(wrong) is None and logged_in_as(unknown) is None
    creds = session.get(UserCredentials, people["member"].user_id)
    assert creds.failed_login_attempts == 1


def test_five_failures_pause_logins(
    app_env: str, people: dict[str, Account], session: Session
) -> None:
    member = people["member"]
    at = app().run()
    for _ in range(accounts.MAX_FAILED_LOGINS):
        at = log_in(at, "the.member", "wrong password")
    locked = session.get(UserCredentials, member.user_id)
    assert locked.failed_login_attempts == 5 and locked.locked_until > utcnow()
    # Even the right password waits, and the message is the same as for a wrong one.
    at = log_in(app().run(), "the.member", PASSWORD)
    assert errors(at) == [accounts.LOGIN_FAILED]
    assert logged_in_as(at) is None
    # Fifteen minutes later it works.
    locked.locked_until = utcnow() - timedelta(seconds=1)
    session.add(locked)
    session.commit()
    at = log_in(app().run(), "the.member", PASSWORD)
    assert logged_in_as(at) == member.user_id
    session.expire_all()
    assert session.get(UserCredentials, member.user_id).failed_login_attempts == 0


@pytest.mark.parametrize(
    ("role", "expected"), [("member", MEMBER), ("coach", COACH), ("admin", ADMIN)]
)
def test_pages_by_role(app_env: str, people: dict[str, Account], role: str, expected) -> None:
    at = as_person(people[role])
    assert not at.exception
    found = pages(at)
    assert expected <= found
    assert not found & (ADMIN - expected) and not found & PUBLIC


def test_a_deleted_account_is_logged_out(
    app_env: str, people: dict[str, Account], session: Session
) -> None:
    at = as_person(people["member"])
    accounts.delete_account(session, people["member"].actor)
    at.run()
    assert logged_in_as(at) is None
    assert pages(at) == PUBLIC


def test_try_the_demo_gives_each_visitor_a_copy(
    app_env: str, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.settings import get_settings

    at = app().run()
    assert not [b for b in at.button if b.label == "Try the demo"]
    monkeypatch.setenv("ACHIEV_DEMO_MODE", "true")
    get_settings.cache_clear()
    first = app().run()
    answered(first.button(key="try_demo").click().run())
    second = app().run()
    answered(second.button(key="try_demo").click().run())
    assert not first.exception and not second.exception
    a, b = logged_in_as(first), logged_in_as(second)
    assert a and b and a != b
    assert experiences.list_experiences(session, accounts.find_account(session, user_id=a).actor)
    assert "demo copy" in sidebar_text(first)


# --- the Account page -----------------------------------------------------------------------


def account_page(account: Account) -> AppTest:
    at = as_person(account)
    return at.switch_page("pages/account.py").run()


def test_change_password(app_env: str, people: dict[str, Account], session: Session) -> None:
    member = people["member"]
    at = account_page(member)
    assert not at.exception
    key = "FormSubmitter:Change password-Change password"
    fill(
        at,
        Current_password="wrong one",
        New_password="a new secret",
        Repeat_new_password="a new secret",
    )
    at.button(key=key).click().run()
    assert any("current password is not right" in e for e in errors(at)), errors(at)
    fill(
        at,
        Current_password=PASSWORD,
        New_password="a new secret",
        Repeat_new_password="a new secret",
    )
    at.button(key=key).click().run()
    assert not errors(at)
    assert "Your password was changed." in [t.value for t in at.toast]
    session.expire_all()
    stored = session.get(UserCredentials, member.user_id).password_hash
    assert accounts.verify_password("a new secret", stored)


def test_update_name_and_email(app_env: str, people: dict[str, Account], session: Session) -> None:
    member = people["member"]
    at = account_page(member)
    key = "FormSubmitter:Update details-Save"
    [field] = [s for s in at.selectbox if s.label == "What to change"]
    field.select("Email")
    fill(at, New_value="Coach@Example.com")
    at.button(key=key).click().run()
    assert any("already uses" in e for e in errors(at)), errors(at)
    [field] = [s for s in at.selectbox if s.label == "What to change"]
    field.select("Email")
    fill(at, New_value="renamed@example.com")
    at.button(key=key).click().run()
    assert not errors(at)
    [field] = [s for s in at.selectbox if s.label == "What to change"]
    field.select("Last name")
    fill(at, New_value="Hopper")
    at.button(key=key).click().run()
    back = accounts.find_account(session, user_id=member.user_id)
    assert (back.email, back.last_name) == ("renamed@example.com", "Hopper")
    assert "Member Hopper" in sidebar_text(at)


def test_delete_account_asks_first(
    app_env: str, people: dict[str, Account], session: Session
) -> None:
    member = people["member"]
    at = account_page(member)
    at.button(key="delete.open").click().run()
    assert at.button(key="delete.yes").disabled
    at.text_input(key="delete.typed").input("the.member").run()
    at.button(key="delete.yes").click().run()
    assert not at.exception
    assert session.get(User, member.user_id) is None
    assert logged_in_as(at) is None
    assert pages(at) == PUBLIC


# --- coaches and clients --------------------------------------------------------------------


@pytest.fixture
def coached(session: Session, people: dict[str, Account]) -> CoachClient:
    """The member has a record and the coach as an active coach (no shared conversations)."""
    member = people["member"].actor
    experiences.create_experience(session, member, company_name="Acme Rockets", job_title="Pilot")
    chat = conversations.create_conversation(session, member, title="Private plans")
    conversations.add_message(session, member, chat.id, role="user", content="Secret thoughts")
    invited = coaching.invite_coach(session, member, "the.coach")
    return coaching.accept_invitation(session, people["coach"].actor, invited.id)


def page_text(at: AppTest) -> str:
    parts = [e.proto.label for e in at.get("expander")]
    parts += [str(m.value) for m in at.markdown] + [str(c.value) for c in at.caption]
    return " ".join(parts)


def test_a_coach_reads_a_client_record(
    app_env: str, people: dict[str, Account], coached: CoachClient, session: Session
) -> None:
    at = as_person(people["coach"]).switch_page("pages/clients.py").run()
    assert not at.exception
    text = page_text(at)
    assert "Acme Rockets" in text.replace("\\", "")
    assert "Private plans" not in text.replace("\\", "")
    assert [t.label for t in at.tabs] == [
        "Profile and experiences",
        "Job descriptions",
        "Tailored resumes",
    ]
    coaching.set_share_conversations(session, people["member"].actor, coached.id, True)
    at.run()
    assert "Conversations" in [t.label for t in at.tabs]
    assert "Private plans" in page_text(at).replace("\\", "")
    # Nothing on the page changes the client's record.
    assert not [b for b in at.button if b.label in ("Save", "Delete", "Edit")]


def test_a_member_invites_a_coach_and_the_coach_accepts(
    app_env: str, people: dict[str, Account], session: Session
) -> None:
    at = as_person(people["member"]).switch_page("pages/coaches.py").run()
    assert not at.exception
    fill(at, **{"Coach's username or email": "coach@example.com"})
    at.button(key="FormSubmitter:invite_coach-Send invitation").click().run()
    assert not errors(at)
    [grant] = session.exec(select(CoachClient)).all()
    assert grant.status == "pending"
    coach = as_person(people["coach"]).switch_page("pages/clients.py").run()
    coach.button(key=f"accept.{grant.id}").click().run()
    session.expire_all()
    assert session.get(CoachClient, grant.id).status == "active"
    assert "Acme" not in page_text(coach)
    assert any("Member" in str(o) for o in coach.selectbox[0].options)


def test_clients_and_users_pages_refuse_members(
    app_env: str, people: dict[str, Account], run_page: Callable[..., AppTest]
) -> None:
    member = people["member"].actor
    for name in ("clients", "users"):
        at = run_page(name, member)
        assert not at.exception
        assert next(i.value for i in at.info).startswith("This page is for")


def test_admins_list_users(app_env: str, people: dict[str, Account]) -> None:
    at = as_person(people["admin"]).switch_page("pages/users.py").run()
    assert not at.exception
    assert "3 accounts" in " ".join(str(c.value) for c in at.caption)
    usernames = set(at.dataframe[0].value["Username"])
    assert usernames == {"the.member", "the.coach", "the.admin"}


def test_a_coach_sees_shared_conversations_as_the_client_does(
    app_env: str, people: dict[str, Account], coached: CoachClient, session: Session
) -> None:
    """Job-in-focus notes read as a sentence and a cut reply is marked, never raw markers."""
    from services.assistant import INTERRUPTED_MARKER

    member = people["member"].actor
    chat = conversations.create_conversation(session, member, title="Shared plans")
    conversations.add_message(
        session, member, chat.id, role="system", content="[job:] No job in focus"
    )
    conversations.add_message(
        session, member, chat.id, role="assistant", content="Half an answer" + INTERRUPTED_MARKER
    )
    coaching.set_share_conversations(session, member, coached.id, True)
    at = as_person(people["coach"]).switch_page("pages/clients.py").run()
    assert not at.exception
    text = page_text(at).replace("\\", "")
    assert "[job:" not in text and "No job in focus" in text
    assert "Half an answer *(reply interrupted)*" in text
