"""In real Chromium (#15, point 9, WCAG 2.1 AA): axe-core finds no serious or critical
violation on the main pages, at 1366 px and at 390 px (menu open); the skip link comes first and
leads to the content; the focus ring shows; the page says its language; a link's text names where
it leads. Each page is saved as a screenshot in test-artifacts/ (a11y-<page>-<width>.png)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_login import log_in
from tests.e2e.test_e2e_phone_sweep import ROLES

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[1] / "js" / "vendor" / "axe.min.js"
WIDTHS = (1366, 390)
# axe's rules that are not experimental (WCAG 2.0/2.1 A and AA and its best practices);
# a violation rated serious or critical fails.
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.impact} ${v.id} (${v.help}): ` +
         v.nodes.slice(0, 4).map(n => n.target.join(" ")).join(" | "));
}"""
# Links whose words are the same but which lead to different places ("Đôn đốc" ×30).
SAME_WORDS = """() => {
  const byName = new Map();
  for (const a of document.querySelectorAll("main a[href]")) {
    const name = (a.getAttribute("aria-label") || a.innerText).trim().replace(/\\s+/g, " ");
    if (!name) continue;
    const href = a.href.split("#")[0];
    if (!byName.has(name)) byName.set(name, new Set());
    byName.get(name).add(href);
  }
  return [...byName].filter(([, hrefs]) => hrefs.size > 1).map(([name, hrefs]) =>
    `"${name}" → ${hrefs.size} places`);
}"""


def open_as(browser, live_server, role: str | None, width: int):
    # The app's Content-Security-Policy allows only its own scripts: axe is let in by the
    # browser, the app's headers stay as they are.
    context = browser.new_context(
        locale="vi-VN", viewport={"width": width, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    if role:
        log_in(page, live_server, *ROLES[role])
        page.wait_for_load_state()
    return context, page


def axe_violations(page) -> list[str]:
    toggle = page.locator("button.menu-toggle")
    if toggle.count() and toggle.is_visible():
        toggle.click()  # the folded menu is checked too
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


def first_link(page, url: str, pattern: str) -> str:
    page.goto(url)
    for href in page.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)"):
        if re.search(pattern, href):
            return href
    raise AssertionError(f"no link matching {pattern} on {url}")


def pages_of(page, live_server, role: str) -> dict[str, str]:
    """The pages the issue names, as this role sees them."""
    if role == "office":
        pages = {
            "home": f"{live_server}/",
            "status": f"{live_server}/status?plan=5959%2FQĐ-UBND&as_of=2021-09-30",
            "plan": first_link(page, f"{live_server}/plans/", r"/plans/\d+$"),
            "tasks": f"{live_server}/tasks/?unit=SNV",
            "unit": f"{live_server}/units/SNV",
            "calendar": f"{live_server}/calendar",
            "index-overview": f"{live_server}/index/2021/department",
            "index-appraisal": f"{live_server}/index/2021/department/units/SNV/appraisal",
            "index-results": f"{live_server}/index/2020/department/results",
        }
        pages["task"] = first_link(page, f"{live_server}/tasks/?unit=SNV&role=lead", r"/tasks/\d+")
        page.goto(f"{live_server}/plans/")
        for queue in page.eval_on_selector_all(
            "nav.mainnav a[href*='/queues/']", "links => links.map(a => a.href)"
        ):
            pages["queue-" + queue.rstrip("/").rsplit("/", 1)[-1]] = queue
        return pages
    return {
        "home": f"{live_server}/",
        "my-unit": f"{live_server}/my",
        "task": first_link(page, f"{live_server}/my", r"/(tasks|assignments)/\d+"),
        "unit": f"{live_server}/units/SNV",
        "calendar": f"{live_server}/calendar",
        "index-self": f"{live_server}/index/2021/department/units/SNV",
        "index-public": f"{live_server}/public/index/2020/department",
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_the_login_page_has_no_serious_violation(browser, live_server, width):
    context, page = open_as(browser, live_server, None, width)
    try:
        page.goto(f"{live_server}/login")
        screenshot(page, f"a11y-login-{width}")
        assert axe_violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ["office", "unit lead"])
def test_the_main_pages_have_no_serious_violation(browser, live_server, role, width):
    context, page = open_as(browser, live_server, role, width)
    try:
        found = []
        for name, url in pages_of(page, live_server, role).items():
            response = page.goto(url)
            assert response.ok, f"{name}: {url} answered {response.status}"
            screenshot(page, f"a11y-{role.replace(' ', '-')}-{name}-{width}")
            found += [f"{name} ({url}): {v}" for v in axe_violations(page)]
        assert not found, "\n".join(found)
    finally:
        context.close()


def test_the_skip_link_comes_first_and_leads_to_the_content(browser, live_server):
    context, page = open_as(browser, live_server, None, 1366)
    try:
        page.goto(f"{live_server}/login")  # the email field has the focus there
        first = "document.querySelector('a[href], button, input:not([type=hidden]), select')"
        assert page.evaluate(f"{first}.className") == "skip-link"
    finally:
        context.close()
    for role, width in (("office", 1366), ("unit lead", 390)):
        context, page = open_as(browser, live_server, role, width)
        try:
            page.goto(f"{live_server}/plans/")
            page.keyboard.press("Tab")
            skip = page.evaluate(
                "() => { const a = document.activeElement, box = a.getBoundingClientRect();"
                " return [a.className, a.textContent.trim(), box.top >= 0 && box.bottom > 0]; }"
            )
            assert skip == ["skip-link", "Bỏ qua đến nội dung chính", True]
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.id") == "main"
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.closest('main') !== null")
        finally:
            context.close()


def test_the_focus_ring_shows_on_links_and_buttons(browser, live_server):
    context, page = open_as(browser, live_server, "office", 1366)
    try:
        page.goto(f"{live_server}/plans/")
        rings = []
        for _ in range(6):
            page.keyboard.press("Tab")
            rings.append(
                page.evaluate(
                    "() => { const s = getComputedStyle(document.activeElement);"
                    " return [document.activeElement.tagName, s.outlineStyle,"
                    " parseFloat(s.outlineWidth)]; }"
                )
            )
        for _tag, style, width in rings:
            assert style != "none" and width >= 2, rings
    finally:
        context.close()


def test_the_page_says_its_language(browser, live_server):
    context, page = open_as(browser, live_server, "viewer", 1366)
    try:
        page.goto(f"{live_server}/plans/")
        assert page.get_attribute("html", "lang") == "vi"
        page.click("form.inline button[lang=en]")
        page.wait_for_load_state()
        assert page.get_attribute("html", "lang") == "en"
        assert page.locator("h1").inner_text() == "Plans"
        page.click("form.inline button[lang=vi]")
        page.wait_for_load_state()
        assert page.get_attribute("html", "lang") == "vi"
    finally:
        context.close()


def test_links_with_the_same_words_lead_to_the_same_place(browser, live_server):
    """A link's text names its target: no "Đôn đốc" thirty times for thirty units."""
    context, page = open_as(browser, live_server, "office", 1366)
    try:
        found = []
        task = first_link(page, f"{live_server}/tasks/?unit=SNV&role=lead", r"/tasks/\d+")
        for url in (
            f"{live_server}/status?plan=5959%2FQĐ-UBND",
            f"{live_server}/plans/",
            f"{live_server}/tasks/?unit=SNV",
            task,
            f"{live_server}/calendar",
        ):
            page.goto(url)
            found += [f"{url}: {same}" for same in page.evaluate(SAME_WORDS)]
        assert not found, "\n".join(found)
    finally:
        context.close()
