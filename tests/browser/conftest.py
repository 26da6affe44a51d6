import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would then
# refuse ORM calls from the test itself as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium (Debian's build)."
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + " REQUIRE_BROWSER=1 makes this a failure.")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_page(browser):
    """A Korean page in its own browser context (its own cookies), which
    records the CSP violations its console reports."""
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_violations.append(message.text)
        ),
    )
    return page


EDITOR_READY = """() => !!window.CKEDITOR && Object.keys(CKEDITOR.instances).length > 0
  && Object.values(CKEDITOR.instances).every((editor) => editor.status === "ready")"""


def wait_for_editor(page, timeout_ms: int = 15_000) -> None:
    """Wait until the page's CKEditor is ready. Polled with evaluate(), which
    the page's CSP does not govern: wait_for_function() compiles its check
    with `new Function` in the page, which the admin's CSP (no 'unsafe-eval')
    refuses as soon as the first check comes too early."""
    for _ in range(timeout_ms // 100):
        if page.evaluate(EDITOR_READY):
            return
        page.wait_for_timeout(100)
    raise AssertionError("CKEditor did not become ready")


@pytest.fixture
def page(browser, settings):
    # Uploaded files are served by the test server too (see tests/browser/urls.py).
    settings.ROOT_URLCONF = "tests.browser.urls"
    page = new_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
