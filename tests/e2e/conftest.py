"""Browser tests: `streamlit run app.py` on a free port against a fresh database, driven by
Playwright with Debian's Chromium.

- `app_server` (one per test module): the running app, its URL, database URL and log. A test
  module changes the server's settings by overriding the `server_env` fixture.
- `page` (one per test): a fresh browser context (no cookies) on a new page. Its screenshot
  is saved under test-artifacts/ when the test ends.
- `tests.e2e.helpers.settle(page)`: wait until the app is connected and no script is running. After an action,
  call it and then `expect(...)` the content you want (the rerun may start a moment later).

Without Chromium the tests skip, except under CI=true, where that is a failure.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.helpers import ARTIFACTS, ROOT, RUN_COUNTER, artifact_name

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0


def _browser_unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"Browser tests must run under CI: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    """A running `streamlit run app.py`."""

    url: str
    database_url: str
    data_dir: Path
    log: Path
    process: subprocess.Popen
    cookie_key: str

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's output, for failure messages."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="module")
def server_env() -> dict[str, str]:
    """Extra environment for this module's server: override it in a test module."""
    return {}


def _wait_healthy(server: AppServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"streamlit exited early:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"streamlit did not become healthy in {START_TIMEOUT:.0f} s:\n{server.log_tail()}")


def _stop(process: subprocess.Popen) -> None:
    """Terminate streamlit and wait for it to exit (it takes a few seconds)."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def app_server(
    tmp_path_factory: pytest.TempPathFactory, server_env: dict[str, str]
) -> Iterator[AppServer]:
    """The app on a free port, over a fresh SQLite database migrated to head."""
    from models.db import create_db_engine, upgrade_to_head

    home = tmp_path_factory.mktemp("e2e")
    database_url = f"sqlite:///{home / 'achiev.db'}"
    engine = create_db_engine(database_url)
    upgrade_to_head(engine)
    engine.dispose()
    port = free_port()
    cookie_key = secrets.token_urlsafe(48)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ACHIEV_", "OPENAI_", "STREAMLIT_")) and key != "DATABASE_URL"
    }
    env.update(
        DATABASE_URL=database_url,
        ACHIEV_DATA_DIR=str(home / "data"),
        ACHIEV_COOKIE_KEY=cookie_key,
        ACHIEV_AI_PROVIDER="offline",
        ACHIEV_LOG_LEVEL="INFO",
    )
    env.update(server_env)
    log = home / "streamlit.log"
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    server = AppServer(
        url=f"http://127.0.0.1:{port}", database_url=database_url, data_dir=home / "data",
        log=log, process=process, cookie_key=env["ACHIEV_COOKIE_KEY"],
    )  # fmt: skip
    try:
        _wait_healthy(server)
        yield server
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole run."""
    if not CHROMIUM.exists():
        _browser_unavailable(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_unavailable("playwright is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Remember each phase's outcome on the test, for the screenshot's name."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, app_server: AppServer, request: pytest.FixtureRequest):
    """A new page in a fresh context (no cookies), on the app; screenshot kept at the end."""
    context = browser.new_context(base_url=app_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    context.add_init_script(RUN_COUNTER)
    tab = context.new_page()
    try:
        yield tab
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        report = getattr(request.node, "report_call", None)
        outcome = "failed" if report is not None and report.failed else "passed"
        try:
            tab.screenshot(
                path=str(ARTIFACTS / f"{artifact_name(request.node.name)}-{outcome}.png"),
                full_page=True,
            )
        except Exception as exc:  # a closed page has nothing to show
            print(f"no screenshot: {exc}")
        context.close()
