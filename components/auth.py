"""Login, sign-up, logout and account widgets: streamlit-authenticator over accounts in the database.

The authenticator is given a `usernames` dict that holds only what this run needs: the account
of the logged-in person (or of the login cookie), and any account a widget asks for by name,
loaded on first use. What the widgets change in it (failed attempts, a new password hash, name,
email) is written back to the database right after the widget runs. So a run costs the same
with ten accounts as with ten thousand.

The contract for the rest of the app:

- `app.py` calls `signed_in_account()` before `st.navigation` (to pick the page list), then
  `begin_run(account)` and `finish_login(run, account)` after it.
- Pages read the person with `components.session.current_actor()`; `set_actor` is kept in
  step with the login here.
- `st.session_state` keeps streamlit-authenticator's keys: `authentication_status`,
  `username`, `name`, `email`, `roles`.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jwt
import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.utilities import (
    CredentialsError,
    LoginError,
    RegisterError,
    ResetError,
    UpdateError,
    Validator,
)

from components.format import escaped
from components.session import db, set_actor
from services import accounts
from services.accounts import Account
from services.errors import AchievError, ValidationFailed
from services.settings import get_settings

log = logging.getLogger(__name__)

RUN_KEY = "_achiev.auth.run"
COOKIE_TODO = "_achiev.auth.cookie"  # "set" or "delete": redone each run until the browser has it
COOKIE_TRIES = "_achiev.auth.cookie_tries"
MAX_COOKIE_TRIES = 8
# The authenticator's cookie writer and remover (components keyed "set" and "delete") turn
# True in session state once the browser has done the job.
COOKIE_DONE_KEYS = {"set": "set", "delete": "delete"}
FLASH_KEY = "_achiev.auth.flash"
LIBRARY_KEYS = ("authentication_status", "username", "name", "email", "roles")
TRACKED = ("password", "failed_login_attempts", "first_name", "last_name", "email")

# streamlit-authenticator's messages, as sentences a person can act on.
MESSAGES = {
    "First name is not valid": "First names can be at most 100 characters.",
    "Last name is not valid": "Last names can be at most 100 characters.",
    "Email is not valid": "Enter an email address like name@example.com.",
    "Email already taken": "An account with this email address already exists. Log in instead.",
    "Username is not valid": accounts.USERNAME_RULE,
    "Username/email already taken": "That username is taken. Choose another.",
    "Password/repeat password fields cannot be empty": "Enter a password, then repeat it.",
    "Passwords do not match": "The two passwords do not match. Type them again.",
    "No new password provided": "Enter a new password.",
    "New and current passwords are the same": "The new password is the same as the current one.",
    "Password is incorrect": "Your current password is not right. Try again.",
    "New and current values are the same": "That is already the value on your account.",
}


def friendly(error: Exception) -> str:
    """A library error as a sentence."""
    text = str(error).strip()
    if text in MESSAGES:
        return MESSAGES[text]
    if text.startswith("**Password must") or "characters long" in text:
        return accounts.PASSWORD_RULE
    return text if text.endswith(".") else f"{text}."


class AccountRules(Validator):
    """Achiev's rules for the widgets: passwords of 8 to 72 bytes, optional names."""

    def validate_password(self, password: str) -> bool:
        return accounts.password_problem(password) is None

    def diagnose_password(self, password: str) -> str:
        return accounts.password_problem(password) or ""

    def validate_username(self, username: str) -> bool:
        return bool(accounts.USERNAME.match(username or ""))

    def validate_name(self, name: str) -> bool:
        return accounts.name_problem(name) is None


def entry_for(account: Account) -> dict[str, Any]:
    """An account in streamlit-authenticator's credentials format."""
    return {
        "email": account.email,
        "first_name": account.first_name or "",
        "last_name": account.last_name or "",
        "password": account.password_hash,
        "roles": [account.role],
        "failed_login_attempts": account.failed_attempts_now(),
        "logged_in": False,
    }


class AccountDirectory(dict):
    """The authenticator's `usernames`: each account read from the database when first asked for.

    It answers `in`, `[]` and `get` for any username by one indexed query; `values()` and
    iteration see only what was loaded. `changes()` says what the widgets changed since.
    """

    def __init__(self, load: Callable[[str], Account | None]) -> None:
        super().__init__()
        self._load = load
        self.accounts: dict[str, Account] = {}
        self._snapshots: dict[str, dict[str, Any]] = {}
        self.misses: set[str] = set()
        self.logins: set[str] = set()

    def add(self, account: Account) -> dict[str, Any]:
        """Load `account` (again), forgetting anything changed in its entry."""
        entry = entry_for(account)
        dict.__setitem__(self, account.username, entry)
        self.accounts[account.username] = account
        snapshot = copy.deepcopy(entry)
        snapshot["failed_login_attempts"] = account.failed_login_attempts
        self._snapshots[account.username] = snapshot
        return entry

    def _has(self, username: object) -> bool:
        if not isinstance(username, str):
            return False
        if dict.__contains__(self, username):
            return True
        if username in self.misses:
            return False
        account = self._load(username)
        if account is None or account.username != username:
            self.misses.add(username)
            return False
        self.add(account)
        return True

    def __contains__(self, username: object) -> bool:
        return self._has(username)

    def __getitem__(self, username: str) -> dict[str, Any]:
        if not self._has(username):
            raise KeyError(username)
        return dict.__getitem__(self, username)

    def get(self, username: str, default: Any = None) -> Any:
        return dict.__getitem__(self, username) if self._has(username) else default

    def drop(self, username: str) -> None:
        """Forget one entry (a sign-up that did not go through)."""
        dict.pop(self, username, None)
        self.accounts.pop(username, None)
        self._snapshots.pop(username, None)

    def changes(self) -> dict[str, dict[str, Any]]:
        """For each loaded account whose entry changed: {user_id: {field: new value}}."""
        result = {}
        for username, snapshot in self._snapshots.items():
            entry = dict.get(self, username)
            if entry is None:
                continue
            changed = {k: entry.get(k) for k in TRACKED if entry.get(k) != snapshot.get(k)}
            if changed or username in self.logins:
                result[self.accounts[username].user_id] = changed
        return result

    def saved(self) -> None:
        """The database now holds every entry as it is."""
        for username in self._snapshots:
            if dict.__contains__(self, username):
                self._snapshots[username] = copy.deepcopy(dict.__getitem__(self, username))
        self.logins.clear()


def _load(username: str) -> Account | None:
    with db() as session:
        return accounts.find_account(session, username=username)


@dataclass
class RunAuth:
    """This run's authenticator and the credentials it was given."""

    authenticator: stauth.Authenticate
    directory: AccountDirectory
    created: Account | None = field(default=None)

    def save(self) -> None:
        """Write back what the widgets changed; a refused change raises ValidationFailed."""
        changes = self.directory.changes()
        if not changes:
            return
        by_id = {a.user_id: a for a in self.directory.accounts.values()}
        try:
            with db() as session:
                for user_id, changed in changes.items():
                    logged_in = by_id[user_id].username in self.directory.logins
                    accounts.save_login_changes(session, user_id, changed, logged_in=logged_in)
        finally:
            self.directory.saved()


@st.cache_resource(show_spinner=False)
def _cookie_key(data_dir: str, configured: bool) -> str:
    """The cookie signing key, read (or made) once per process."""
    del data_dir, configured  # the cache key: a new settings object may point elsewhere
    return accounts.cookie_signing_key(get_settings())


def cookie_key() -> str:
    """The key that signs login cookies."""
    settings = get_settings()
    return _cookie_key(str(settings.data_dir), settings.cookie_key is not None)


def begin_run(account: Account | None = None) -> RunAuth:
    """A new authenticator for this run, knowing `account` (call once per run, after navigation)."""
    settings = get_settings()
    credentials: dict[str, Any] = {"usernames": {}}
    authenticator = stauth.Authenticate(
        credentials,
        settings.cookie_name,
        cookie_key(),
        settings.cookie_expiry_days,
        validator=AccountRules(),
        auto_hash=False,
        login_sleep_time=0,
        password_instructions=accounts.PASSWORD_RULE,
    )
    # The authenticator keeps this very dict: from here on it reads accounts on demand.
    directory = AccountDirectory(_load)
    credentials["usernames"] = directory
    if account is not None:
        directory.add(account)
    run = RunAuth(authenticator=authenticator, directory=directory)
    st.session_state[RUN_KEY] = run
    return run


def current_run() -> RunAuth:
    """This run's authenticator (made here when a page runs on its own)."""
    run = st.session_state.get(RUN_KEY)
    return run if isinstance(run, RunAuth) else begin_run()


# --- who is logged in ----------------------------------------------------------------------


def cookie_username() -> str | None:
    """The username in a valid, unexpired login cookie, if the browser sent one."""
    settings = get_settings()
    token = st.context.cookies.get(settings.cookie_name)
    if token is not None and not isinstance(token, str):  # no browser here (AppTest)
        st.session_state["logout"] = True  # so the authenticator does not read it either
        return None
    if not token:
        return None
    try:
        payload = jwt.decode(token, cookie_key(), algorithms=["HS256"])
    except jwt.PyJWTError:
        st.session_state["logout"] = True  # the authenticator must not try it either
        _cookie_todo("delete")
        return None
    if not isinstance(payload.get("username"), str) or payload.get("exp_date", 0) <= time.time():
        return None
    return payload["username"]


def _cookie_todo(action: str) -> None:
    """Ask for the login cookie to be written ("set") or removed ("delete") from now on."""
    st.session_state[COOKIE_TODO] = action
    st.session_state[COOKIE_TRIES] = 0


def _clear_login() -> None:
    for key in LIBRARY_KEYS:
        st.session_state[key] = None
    set_actor(None)


def signed_in_account() -> Account | None:
    """Who is logged in, from this session or the login cookie: one query at most.

    Call before `st.navigation`, so a reload or deep link finds the person's pages.
    """
    state = st.session_state
    if state.get("authentication_status") and state.get("username"):
        account = _load(state["username"])
        if account is None:  # deleted, or a demo copy that expired
            _clear_login()
            state["logout"] = True
            _cookie_todo("delete")
            flash("Your session has ended. Please log in again.", ":material/logout:")
        return account
    if state.get("logout"):
        return None
    username = cookie_username()
    if not username:
        return None
    account = _load(username)
    if account is None:
        state["logout"] = True
        _cookie_todo("delete")
    return account


def finish_login(run: RunAuth, account: Account | None) -> None:
    """After navigation: restore a cookie login, keep the actor in step, redo cookie writes."""
    state = st.session_state
    if account is not None and not state.get("authentication_status"):
        try:
            run.authenticator.login(location="unrendered")
        except LoginError:
            log.info("login cookie for a missing account ignored")
    if account is not None and state.get("authentication_status"):
        set_actor(account.actor)
        state["roles"] = [account.role]
        state["name"] = account.display_name
    else:
        set_actor(None)
    _keep_cookie_in_step(run)


def _keep_cookie_in_step(run: RunAuth) -> None:
    """Write (or remove) the login cookie until the browser reports it done.

    The cookie is written by a component in the page, and one rendered just before a rerun
    may never run: so the write is rendered again each run, until its component reports
    back (for a few runs at most).
    """
    state = st.session_state
    todo = state.get(COOKIE_TODO)
    if todo is None:
        return
    tries = int(state.get(COOKIE_TRIES, 0))
    pointless = todo == "set" and not state.get("authentication_status")
    if pointless or state.get(COOKIE_DONE_KEYS[todo]) is True or tries >= MAX_COOKIE_TRIES:
        state.pop(COOKIE_TODO, None)
        state.pop(COOKIE_TRIES, None)
        return
    state[COOKIE_TRIES] = tries + 1
    if todo == "set":
        run.authenticator.cookie_controller.set_cookie()
    else:
        run.authenticator.cookie_controller.delete_cookie()


def flash(message: str, icon: str = ":material/check_circle:") -> None:
    """A toast for the next run (a login or logout reruns the app)."""
    st.session_state.setdefault(FLASH_KEY, []).append((message, icon))


def show_flashes() -> None:
    """Show the toasts left by the last login, logout or account change."""
    for message, icon in st.session_state.pop(FLASH_KEY, []):
        st.toast(message, icon=icon)


def _hand_over(message: str) -> None:
    """End this run: the cookie component's answer reruns the app into the new state.

    Rerunning at once could lose the cookie write, and its answer arriving later would
    rerun the person's first page under them.
    """
    st.info(message, icon=":material/hourglass_top:")
    st.button("Continue", key="auth.continue", help="If nothing happens in a moment.")
    st.stop()


def _signed_in(run: RunAuth, account: Account, message: str) -> None:
    """Log `account` in for this session (without a form) and write the login cookie."""
    state = st.session_state
    state["authentication_status"] = True
    state["username"] = account.username
    state["name"] = account.display_name
    state["email"] = account.email
    state["roles"] = [account.role]
    set_actor(account.actor)
    run.directory.add(account)
    run.authenticator.cookie_controller.set_cookie()
    _cookie_todo("set")
    flash(message, ":material/waving_hand:")
    _hand_over("Logging you in…")


def log_out(run: RunAuth, message: str = "You are logged out.", *, rerun: bool = True) -> None:
    """End this session's login and remove the cookie; then rerun (or let the cookie do it)."""
    if st.session_state.get("authentication_status"):
        run.authenticator.logout(location="unrendered")
    _clear_login()
    st.session_state["logout"] = True
    _cookie_todo("delete")
    flash(message, ":material/logout:")
    if rerun:
        st.rerun()
    _hand_over("Logging you out…")


# --- the widgets ---------------------------------------------------------------------------


def login_form() -> None:
    """The login form; on success the app reruns with the person's pages."""
    run = current_run()

    def on_login(event: dict[str, Any]) -> None:
        run.directory.logins.add(event["username"])

    locked = False
    try:
        run.authenticator.login(
            location="main",
            max_login_attempts=accounts.MAX_FAILED_LOGINS,
            key="Login",
            fields={
                "Form name": "Log in",
                "Username": "Username",
                "Password": "Password",
                "Login": "Login",
            },
            callback=on_login,
        )
    except LoginError:
        locked = True
    try:
        run.save()
    except AchievError:
        log.exception("could not record a login attempt")
    state = st.session_state
    if state.get("authentication_status"):
        account = run.directory.accounts.get(state["username"])
        if account is None:
            account = _load(state["username"])
        if account is not None:
            _cookie_todo("set")
            set_actor(account.actor)
            flash(f"Welcome back, {escaped(account.display_name)}!", ":material/waving_hand:")
            _hand_over("Logging you in…")
    if locked or state.get("authentication_status") is False:
        if locked or run.directory.misses:
            accounts.spend_decoy_check()
        st.error(accounts.LOGIN_FAILED, icon=":material/error:")


def signup_form() -> None:
    """The "Create account" form; a new account is logged in at once."""
    settings = get_settings()
    run = current_run()

    def on_register(event: dict[str, Any]) -> None:
        username = event["new_username"]
        entry = dict.__getitem__(run.directory, username)
        with db() as session:
            account = accounts.create_account(
                session,
                username=username,
                email=event["new_email"],
                password_hash=entry["password"],
                first_name=event.get("new_name"),
                last_name=event.get("new_last_name"),
                signup=True,
                settings=settings,
            )
            accounts.record_login(session, account.user_id)
        run.created = account

    try:
        run.authenticator.register_user(
            location="main",
            pre_authorized=None,
            fields={
                "Form name": "Create your account",
                "First name": "First name",
                "Last name": "Last name",
                "Email": "Email",
                "Username": "Username",
                "Password": "Password",
                "Repeat password": "Repeat password",
                "Register": "Create account",
            },
            captcha=False,
            roles=["member"],
            password_hint=False,
            key="Create account",
            callback=on_register,
        )
    except (RegisterError, LoginError) as exc:
        st.error(friendly(exc), icon=":material/error:")
        return
    except ValidationFailed as exc:
        for message in exc.errors.values():
            st.error(message, icon=":material/error:")
        return
    except AchievError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    finally:
        for username in list(dict.keys(run.directory)):
            if username not in run.directory.accounts:
                run.directory.drop(username)  # registered in the dict only
    if run.created is not None:
        _signed_in(run, run.created, f"Welcome to Achiev, {escaped(run.created.display_name)}!")


def demo_button() -> None:
    """ "Try the demo": a private copy of the demo record in a throwaway account."""
    run = current_run()
    if not st.button("Try the demo", icon=":material/rocket_launch:", key="try_demo"):
        return
    with st.spinner("Making your own copy of the demo…"), db() as session:
        account = accounts.create_demo_account(session)
    _signed_in(
        run,
        account,
        "Welcome! This demo record is yours alone to explore and change; it is removed "
        "after a day.",
    )


def signed_in_run() -> tuple[RunAuth, Account]:
    """This run's authenticator and the logged-in person's account, freshly read."""
    from components.session import current_actor

    actor = current_actor()
    run = current_run()
    with db() as session:
        account = accounts.find_account(session, user_id=actor.user_id)
    if account is None:
        log_out(run, "Your session has ended. Please log in again.")
    assert account is not None
    run.directory.add(account)
    state = st.session_state
    if not state.get("authentication_status") or state.get("username") != account.username:
        # A page run on its own (tests): the widgets need the authenticator's keys.
        state["authentication_status"] = True
        state["username"] = account.username
        state["name"] = account.display_name
        state["email"] = account.email
        state["roles"] = [account.role]
    return run, account


def change_password_form() -> None:
    """Change password: the current one, then the new one twice."""
    run, account = signed_in_run()
    try:
        changed = run.authenticator.reset_password(
            account.username,
            location="main",
            key="Change password",
            clear_on_submit=True,
            fields={
                "Form name": "Change password",
                "Current password": "Current password",
                "New password": "New password",
                "Repeat password": "Repeat new password",
                "Reset": "Change password",
            },
        )
    except (ResetError, CredentialsError) as exc:
        _save_quietly(run)
        st.error(friendly(exc), icon=":material/error:")
        return
    if changed:
        try:
            run.save()
        except AchievError as exc:
            st.error(str(exc), icon=":material/error:")
            return
        st.toast("Your password was changed.", icon=":material/check_circle:")


def update_details_form() -> None:
    """Update first name, last name or email."""
    run, account = signed_in_run()
    try:
        changed = run.authenticator.update_user_details(
            account.username,
            location="main",
            key="Update details",
            clear_on_submit=True,
            fields={
                "Form name": "Name and email",
                "Field": "What to change",
                "First name": "First name",
                "Last name": "Last name",
                "Email": "Email",
                "New value": "New value",
                "Update": "Save",
            },
        )
    except UpdateError as exc:
        st.error(friendly(exc), icon=":material/error:")
        return
    if changed:
        try:
            run.save()
        except ValidationFailed as exc:
            for message in exc.errors.values():
                st.error(message, icon=":material/error:")
            return
        flash("Your details were saved.")
        st.rerun()


def _save_quietly(run: RunAuth) -> None:
    try:
        run.save()
    except AchievError:
        log.exception("could not record an account change")


def sidebar(run: RunAuth, account: Account) -> None:
    """Who is logged in, and the "Log out" button."""
    with st.sidebar:
        role = "" if account.role == "member" else f" · {account.role}"
        name, username = escaped(account.display_name), escaped(account.username)
        st.caption(f"Logged in as **{name}** ({username}){role}")
        if account.is_demo:
            st.caption("This is a demo copy: it is removed a day after it was made.")
        run.authenticator.logout("Log out", location="sidebar", key="Logout")
    if not st.session_state.get("authentication_status"):
        log_out(run, rerun=False)
