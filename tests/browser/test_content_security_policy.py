"""Under the Content-Security-Policy, the pages with scripts still work and the browser reports no violation.

The ``page`` fixture fails a test on any console error, and Chromium logs every CSP violation as one.
"""

import pytest

from .conftest import log_in, wait_for_graph

pytestmark = pytest.mark.browser


def watch_violations(page):
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', (e) => "
        "(window.cspViolations = window.cspViolations || []).push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    return violations


def test_the_network_page_runs_under_the_policy(page, live_server):
    violations = watch_violations(page)
    response = page.goto(f"{live_server}/network/?border=FR-CH")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert wait_for_graph(page) == "true"
    assert page.evaluate("passerelleNetwork.graph.order") >= 8
    # MapLibre's worker and the layout's worker are same-origin files: the policy needs no blob: or worker-src.
    page.wait_for_function("() => document.body.dataset.mapReady === 'true'", timeout=20000)
    page.select_option("#layout", "force")
    page.wait_for_function("() => passerelleNetwork.timings.layout !== undefined && document.body.dataset.graphReady === 'true'")
    # The legend's colour swatches are styled through the CSSOM, which the policy allows.
    assert page.evaluate("getComputedStyle(document.querySelector('#legend i')).backgroundColor") not in ("", "rgba(0, 0, 0, 0)")
    assert page.evaluate("window.cspViolations || []") == [] and violations == []


def test_the_dashboard_chart_draws_under_the_policy(page, live_server, live_app):
    violations = watch_violations(page)
    log_in(page, live_server, live_app.config["FACILITATOR"])
    response = page.goto(f"{live_server}/introductions/dashboard?border=FR-CH")
    assert response.headers["x-frame-options"] == "DENY"
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('ties-chart'))", timeout=10000)
    label = page.evaluate("Chart.getChart(document.getElementById('ties-chart')).data.datasets[0].label")
    assert label == "Liens ajoutés"  # from the template's translated data-label, not from the script
    assert page.evaluate("window.cspViolations || []") == [] and violations == []


def test_an_inline_script_would_be_blocked(browser, live_server):
    """The policy is really enforced: a script injected into a page does not run (own page: it logs the violation)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        watch_violations(page)
        page.goto(f"{live_server}/auth/login")
        page.evaluate(
            "() => { const s = document.createElement('script'); s.textContent = 'window.injected = true'; document.body.append(s); }"
        )
        page.wait_for_function("() => (window.cspViolations || []).length > 0", timeout=5000)
        assert page.evaluate("window.injected === undefined")
        assert page.evaluate("window.cspViolations[0]").startswith("script-src")
    finally:
        context.close()
