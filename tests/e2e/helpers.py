"""What browser tests share: waiting for the app to settle, and screenshots."""

from __future__ import annotations

import contextlib
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
LOGIN_COOKIE = "achiev_auth"
IDLE = (
    '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
    '[data-test-script-state="notRunning"]'
)


def artifact_name(name: str) -> str:
    """A test's name made safe for a file name."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:120]


# Counts the app's script runs since the page loaded (installed in every page by the fixture).
RUN_COUNTER = """(() => {
  window.__achievRuns = 0;
  let last = null;
  const seen = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app ? app.getAttribute('data-test-script-state') : null;
    if (state === 'running' && last !== 'running') window.__achievRuns += 1;
    if (state) last = state;
  };
  new MutationObserver(seen).observe(document, {
    subtree: true, childList: true, attributes: true,
    attributeFilter: ['data-test-script-state'],
  });
})();"""
FIRST_RERUN_WAIT = 3_000


def settle(page, timeout: float = 30_000, quiet: float = 0) -> None:
    """Wait until the app is connected and no script is running (for `quiet` ms, if given).

    A freshly loaded page always runs twice: the login cookie reader answers the first run
    with a rerun a moment later, and a click during that rerun is lost; so after a load this
    also waits for the second run. A quiet spell matters after logging in or out, when the
    cookie components answer the same way (`wait_for_cookie` waits for that).
    """
    from playwright.sync_api import TimeoutError as NoSecondRun

    page.wait_for_selector(IDLE, timeout=timeout)
    with contextlib.suppress(NoSecondRun):
        page.wait_for_function("() => (window.__achievRuns || 0) !== 1", timeout=FIRST_RERUN_WAIT)
    page.wait_for_selector(IDLE, timeout=timeout)
    deadline = time.monotonic() + timeout / 1000
    calm_since: float | None = None
    while True:
        now = time.monotonic()
        if page.locator(IDLE).count():
            calm_since = calm_since or now
            if (now - calm_since) * 1000 >= quiet:
                return
        else:
            calm_since = None
        if now > deadline:
            raise TimeoutError(f"the app kept running for {timeout / 1000:.0f} s")
        page.wait_for_timeout(50)


def has_cookie(page, name: str) -> bool:
    """Whether the browser holds cookie `name` for the app."""
    return any(c["name"] == name for c in page.context.cookies())


def wait_for_cookie(page, name: str, *, present: bool = True, timeout: float = 15.0) -> None:
    """Wait until cookie `name` is set (or gone), then for the rerun that follows to settle.

    The login cookie is written by a component in the page a moment after the login run.
    """
    deadline = time.monotonic() + timeout
    while has_cookie(page, name) != present:
        if time.monotonic() > deadline:
            state = "set" if present else "removed"
            raise AssertionError(f"cookie {name} was not {state} within {timeout:.0f} s")
        page.wait_for_timeout(50)
    settle(page, quiet=500)


def shot(page, name: str) -> Path:
    """Save a screenshot under test-artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{artifact_name(name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
