"""The documentation site (mkdocs.yml): every page is in the navigation, the recipes' policy
files say what their Python says, the getting-started commands print what the page shows, the
site builds with ``mkdocs build --strict``, and, opened in a real headless Chromium, the home
page, a recipe and the API reference render and search finds ``return_by``.

Building needs the ``docs`` extra (part of ``test``); the browser needs Chromium from the
system's packages (``.ci/run`` installs it) and Playwright to drive it. Each part skips with
the reason when its tool is missing (the lowest-versions run installs neither).
"""

from __future__ import annotations

import doctest
import functools
import http.server
import importlib.util
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from contact_policy import PolicyHistory, parse_policy
from contact_policy.cli import main

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
RECIPES = sorted(p for p in (DOCS / "recipes").glob("*.md") if p.name != "index.md")
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.S | re.M)


def _nav_pages(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _nav_pages(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _nav_pages(value)


def test_every_page_is_in_the_navigation_and_every_entry_exists() -> None:
    yaml = pytest.importorskip("yaml")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    nav = list(_nav_pages(config["nav"]))
    pages = sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md"))
    assert sorted(set(nav)) == pages
    assert len(nav) == len(set(nav)), "a page is in the navigation twice"


@pytest.mark.parametrize("page", RECIPES, ids=lambda p: p.stem)
def test_a_recipes_policy_file_is_the_policy_its_python_builds(page: pathlib.Path) -> None:
    text = page.read_text()
    test = doctest.DocTestParser().get_doctest(text, {}, page.name, str(page), 0)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test, clear_globs=False)
    assert runner.failures == 0, f"{page.name}: an example failed (tests/test_docs.py says which)"
    files = _blocks(text, "toml")
    assert files, f"{page.name} shows no policy file"
    for source in files:
        value = parse_policy(source, format="toml", origin=page.name)
        name = "history" if isinstance(value, PolicyHistory) else "policy"
        assert value == test.globs[name], f"{page.name}: the file is not the Python's {name}"


@pytest.mark.parametrize("page", RECIPES, ids=lambda p: p.stem)
def test_a_recipes_commands_run_on_its_policy_file(
    page: pathlib.Path,
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = page.read_text()
    monkeypatch.chdir(tmp_path)
    for block in _blocks(text, "sh"):
        for line in block.splitlines():
            command = shlex.split(line)
            assert command[0] == "contact-policy", line
            if "--policy" in command:  # the file the command names is the page's policy file
                name = command[command.index("--policy") + 1]
                (tmp_path / name).write_text(_blocks(text, "toml")[0])
            assert main(command[1:]) == 0, line
            assert capsys.readouterr().out.strip(), line


def test_getting_started_commands_print_what_the_page_shows(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (DOCS / "getting-started.md").read_text()
    quickstart, first_policy = _blocks(text, "sh")[:2]
    monkeypatch.chdir(tmp_path)
    # The first Quickstart command's tool call prints the page's text block.
    tool = quickstart.splitlines()[0].split("&& .venv/bin/contact-policy ")[-1]
    assert main(shlex.split(tool)) == 0
    assert capsys.readouterr().out == _blocks(text, "text")[0]
    # "Your first policy": the file, then each command as written.
    (tmp_path / "practice.toml").write_text(_blocks(text, "toml")[0])
    for line in first_policy.splitlines():
        command = shlex.split(line)
        assert command[0] == ".venv/bin/contact-policy", line
        assert main(command[1:]) == 0, line
        assert capsys.readouterr().out.strip(), line
    # The README's Quickstart is the page's.
    readme = (ROOT / "README.md").read_text()
    assert quickstart in readme


def test_the_doctest_fences_extension_fences_examples_only() -> None:
    pytest.importorskip("griffe")
    path = ROOT / "tools" / "doctest_fences.py"
    spec = importlib.util.spec_from_file_location("doctest_fences", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert doctest.testmod(module, optionflags=FLAGS).failed == 0
    written = "Text.\n\n```python\n>>> 1\n1\n```\n\n>>> [2]\n[2]\nprose"
    assert module.fence(written) == (
        "Text.\n\n```python\n>>> 1\n1\n```\n\n```pycon\n>>> [2]\n[2]\nprose\n```"
    )
    assert module.fence("no examples") == "no examples"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """The site, built as CI builds it: ``mkdocs build --strict`` (a warning fails)."""
    pytest.importorskip("mkdocs", reason="needs the docs extra")
    pytest.importorskip("mkdocstrings", reason="needs the docs extra")
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(  # noqa: S603 - this interpreter's own mkdocs
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}\n{done.stderr}"
    return out


def test_the_site_builds_strict_with_every_page(site: pathlib.Path) -> None:
    for page in DOCS.rglob("*.md"):
        built = site / page.relative_to(DOCS).with_suffix(".html")
        assert built.is_file(), f"{page} was not built"
    assert (site / "search" / "search_index.json").is_file()
    api = (site / "reference" / "policy.html").read_text()
    assert 'id="contact_policy.policy.Policy.return_by"' in api


@pytest.fixture(scope="session")
def served(site: pathlib.Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("needs Chromium from the system's packages (apt-get install chromium)")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any, served: str) -> Iterator[Any]:
    """A fresh page that refuses (and records) every request off this machine."""
    context = browser.new_context()
    tab = context.new_page()
    tab.offsite = []
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(served):
            request_route.continue_()
        else:
            tab.offsite.append(url)
            request_route.abort()

    tab.route("**/*", route)
    try:
        yield tab
    finally:
        context.close()
    assert not errors, f"script errors on the page: {errors}"
    assert not tab.offsite, f"the site asked the network for {tab.offsite}"


def _rendered(tab: Any, selector: str) -> Any:
    element = tab.locator(selector).first
    element.wait_for(state="visible", timeout=15_000)
    element.evaluate("e => e.querySelectorAll('.headerlink').forEach(a => a.remove())")
    box = element.bounding_box()
    assert box is not None, selector
    assert box["width"] > 0, selector
    assert box["height"] > 0, selector
    return element


def test_the_home_page_renders_with_the_theme(page: Any, served: str) -> None:
    page.goto(f"{served}/index.html")
    assert _rendered(page, "article h1").inner_text().strip() == "contact_policy"
    header = _rendered(page, "header.md-header")
    colour = header.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), "the theme's CSS did not apply"
    # The example is a highlighted code block, and the navigation lists the recipes.
    assert "default_policy" in _rendered(page, "article .highlight pre").inner_text()
    assert page.locator("nav.md-nav a", has_text="24-hour turnaround").count() >= 1


def test_a_recipe_renders_its_policy_file_and_its_example(page: Any, served: str) -> None:
    page.goto(f"{served}/recipes/turnaround.html")
    assert "24 hours" in _rendered(page, "article h1").inner_text()
    blocks = page.locator("article .highlight pre").all_inner_texts()
    assert any('kind = "turnaround"' in b for b in blocks)
    assert any("2026-11-23T15:00:00-05:00" in b for b in blocks)


def test_the_api_reference_renders_from_the_docstrings(page: Any, served: str) -> None:
    page.goto(f"{served}/reference/policy.html")
    heading = _rendered(page, '[id="contact_policy.policy.Policy.return_by"]')
    assert "return_by" in heading.inner_text()
    article = page.locator("article").inner_text()
    assert "When must this call be returned" in article or "Obligation" in article
    # A docstring example is a code block, not prose.
    assert page.locator("article .highlight pre", has_text=">>>").count() > 0


def test_search_finds_return_by(page: Any, served: str) -> None:
    page.goto(f"{served}/index.html")
    page.fill("input.md-search__input", "return_by")
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    links = page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert any("Policy.return_by" in (href or "") for href in links), links
