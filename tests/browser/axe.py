"""axe-core in the browser tests: `assert_no_axe_violations(page)` fails with
every violation of any impact (rule, impact, help, the offending elements).

axe.min.js comes from the `axe-playwright-python` package (requirements-dev.txt),
which bundles it, so nothing is fetched at test time."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def axe_violations(page, context=None) -> list[dict]:
    """axe's violations on the page as it is now (all rules, WCAG 2.x A/AA and best practices)."""
    results = _axe.run(page, context=context, options={"resultTypes": ["violations"]})
    return results.response["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '')[:300]}")
    return "\n".join(lines)


def assert_no_axe_violations(page, context=None) -> None:
    violations = axe_violations(page, context)
    assert not violations, f"axe on {page.url}:\n{describe(violations)}"
