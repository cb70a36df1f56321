"""Gates on the production build: `invoke publish` with publishconf.py and
SITEURL=https://example.org, run as CI runs it, in copies of the project.

- the build replaces output/ as a whole, and a failed build leaves it untouched;
- Atom feeds and sitemap.xml parse and list absolute URLs of pages that exist;
- every page links to its assets with absolute URLs and no link is broken;
- two builds of the same tree and feed, with different PYTHONHASHSEED, time
  zone, file times and checkout path, are byte-identical.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from tests.gates import (
    LANGUAGES,
    PUBLISH_SITEURL,
    ROOT,
    SITE,
    copy_project,
    file_for,
    run_publish,
    site_pages,
    tree_digest,
)
from tests.test_gates_links import SiteIndex
from tools.output_swap import SPARE_NAME

pytestmark = pytest.mark.slow(seconds=14)  # about how long this module takes

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def local_file(output: pathlib.Path, url: str) -> pathlib.Path | None:
    """The output file an absolute site URL names, or None when it is not under SITEURL."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != PUBLISH_SITEURL:
        return None
    return file_for(output, parts.path)


def test_publish_replaced_output_as_a_whole_and_left_no_staging_directory(publish_site):
    output = publish_site.output
    assert (output / "index.html").is_file()
    assert not (output / publish_site.stale_file).exists(), "output/ was written into, not replaced"
    # the retired site is kept (SPARE_NAME) for the next build to build in; nothing else
    leftovers = [p.name for p in publish_site.project.iterdir()
                 if p.name.startswith(".output-") and p.name != SPARE_NAME]
    assert leftovers == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_atom_feed_parses_and_links_absolute_urls_of_existing_pages(publish_site, lang):
    path = publish_site.output / SITE.urls.news_feed_save_as.format(lang=lang)
    if not SITE.multilang.news:
        assert not path.exists(), "a campaign without news writes no feed"
        return
    if not path.exists():  # a language without news of its own has no feed, and no page announces one
        home = file_for(publish_site.output, "/" + SITE.urls.home(lang)).read_text("utf-8")
        assert "application/atom+xml" not in home
        return
    feed = ET.parse(path).getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert entries, f"{lang}/feed.atom has no entries"
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert links
    problems = []
    for href in links:
        target = local_file(publish_site.output, href)
        if target is None:
            problems.append(f"not an absolute {PUBLISH_SITEURL} URL: {href}")
        elif not target.is_file():
            problems.append(f"no such page: {href}")
    assert problems == []
    self_link = [link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link == [f"{PUBLISH_SITEURL}/{SITE.urls.news_feed(lang)}"]
    # feed readers tell feeds apart by <id>: each language's feed is named by its own URL
    assert feed.find(f"{ATOM}id").text == self_link[0]
    home_link = [link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
    assert home_link == [f"{PUBLISH_SITEURL}/{SITE.urls.home(lang)}"]
    for entry in entries:
        assert entry.find(f"{ATOM}id").text.strip(), "entry without an id"
        assert f"/{lang}/" in entry.find(f"{ATOM}link").get("href")


def canonical_pages(output: pathlib.Path) -> list[str]:
    """Pages that name themselves as canonical and may be indexed: the ones a sitemap must list."""
    found = []
    for urls in site_pages(output).values():
        for url in urls:
            soup = BeautifulSoup(file_for(output, url).read_text("utf-8"), "html.parser")
            canonical = soup.find("link", rel="canonical")
            robots = soup.find("meta", attrs={"name": "robots"})
            if canonical is not None and canonical["href"] == PUBLISH_SITEURL + url and robots is None:
                found.append(url)
    return found


def test_sitemap_parses_and_lists_absolute_urls_of_every_page(publish_site):
    output = publish_site.output
    root = ET.parse(output / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    locs = [url.find(f"{SITEMAP}loc").text.strip() for url in root.findall(f"{SITEMAP}url")]
    alternates = [link.get("href") for link in root.iter(f"{XHTML}link")]
    problems = []
    for url in locs + alternates:
        target = local_file(output, url)
        if target is None:
            problems.append(f"not an absolute {PUBLISH_SITEURL} URL: {url}")
        elif not target.is_file():
            problems.append(f"no such page: {url}")
    assert problems == []
    listed = {urlsplit(u).path for u in locs}
    pages = set(canonical_pages(output))
    assert pages, "no page names itself as canonical"
    assert pages - listed == set(), "pages missing from the sitemap"
    assert not any(path.endswith("404.html") for path in listed), "the 404 pages are not for search engines"


def test_sitemap_names_a_page_for_readers_of_any_other_language(publish_site):
    """Each group of translations carries an x-default that is one of the site's own pages."""
    root = ET.parse(publish_site.output / "sitemap.xml").getroot()
    for url in root.findall(f"{SITEMAP}url"):
        links = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        if not links:
            continue
        loc = url.find(f"{SITEMAP}loc").text.strip()
        assert "x-default" in links, f"{loc}: translations without an x-default"
        assert local_file(publish_site.output, links["x-default"]).is_file(), loc


def test_robots_txt_allows_crawling_and_points_to_the_sitemap(publish_site):
    lines = (publish_site.output / "robots.txt").read_text("utf-8").splitlines()
    assert "User-agent: *" in lines
    assert not any(line.strip() == "Disallow: /" for line in lines)
    assert f"Sitemap: {PUBLISH_SITEURL}/sitemap.xml" in lines


def test_publish_pages_use_absolute_urls_and_have_no_broken_link(publish_site):
    index = SiteIndex(publish_site.output, PUBLISH_SITEURL)
    problems = [problem for page in index.pages for problem in index.problems_in(page)]
    assert problems == []
    generated = {"/", *("/" + SITE.urls.news_index(lang) for lang in LANGUAGES)}
    listed = listed_in_sitemap(publish_site.output)
    for urls in site_pages(publish_site.output).values():
        for url in urls:
            soup = BeautifulSoup(file_for(publish_site.output, url).read_text("utf-8"), "html.parser")
            for link in soup.find_all("link", href=True):
                if link["href"].startswith("data:"):
                    continue  # the empty favicon: no request at all
                assert link["href"].startswith(PUBLISH_SITEURL + "/"), f"{url}: relative <link href={link['href']}>"
            canonical = soup.find("link", rel="canonical")
            if url in listed and url not in generated:
                assert canonical is not None, f"{url}: a content page without a canonical link"
            if canonical is None:
                continue
            if soup.find("meta", attrs={"name": "robots", "content": "noindex"}):
                # an untranslated page shown in the original, an old URL: the original is canonical
                assert local_file(publish_site.output, canonical["href"]).is_file(), url
            else:
                assert canonical["href"] == PUBLISH_SITEURL + url


def listed_in_sitemap(output: pathlib.Path) -> set[str]:
    root = ET.parse(output / "sitemap.xml").getroot()
    return {urlsplit(url.find(f"{SITEMAP}loc").text.strip()).path for url in root.findall(f"{SITEMAP}url")}


def test_publish_build_puts_the_security_headers_file_at_the_site_root(publish_site):
    assert (publish_site.output / "_headers").read_bytes() == (ROOT / "deploy" / "_headers").read_bytes()


def test_two_publish_builds_are_byte_identical(publish_site, tmp_path):
    """Another checkout (fresh file times, another path), another hash seed and time zone: same bytes."""
    project = copy_project(tmp_path / "elsewhere" / "checkout", fresh_mtimes=True)
    result = run_publish(project, publish_site.feed, hash_seed="4242", TZ="Pacific/Auckland")
    assert result.returncode == 0, result.stderr[-3000:]
    first, second = tree_digest(publish_site.output), tree_digest(project / "output")
    assert sorted(first) == sorted(second), "the two builds wrote different files"
    differing = [path for path in first if first[path] != second[path]]
    details = []
    for path in differing[:3]:
        a = (publish_site.output / path).read_text("utf-8", errors="replace").splitlines()
        b = (project / "output" / path).read_text("utf-8", errors="replace").splitlines()
        line = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        details.append(f"{path} line {line + 1}:\n  {a[line] if line < len(a) else '<eof>'}\n"
                       f"  {b[line] if line < len(b) else '<eof>'}")
    assert differing == [], "\n".join(details)


ORDER_PROBE = r"""
import json, sys
from pelican import signals
orders = {}

def record(generators):
    for generator in generators:
        for attr in ("articles", "translations", "pages", "hidden_pages", "hidden_translations",
                     "drafts", "drafts_translations", "staticfiles"):
            items = getattr(generator, attr, None) or []
            orders[f"{type(generator).__name__}.{attr}"] = [getattr(i, "source_path", str(i)) for i in items]
            for item in items:
                if getattr(item, "translations", None):
                    orders[f"translations of {item.source_path}"] = [t.source_path for t in item.translations]

signals.all_generators_finalized.connect(record)
from tests.sitebuild import build_site
result = build_site(sys.argv[2])
print(json.dumps({"error": repr(result.error) if result.error else None, "orders": orders}))
"""


def content_orders(output: pathlib.Path, hash_seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    run = subprocess.run([sys.executable, "-c", ORDER_PROBE, str(ROOT), str(output)], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["error"] is None and report["orders"]
    return report["orders"]


@pytest.mark.engine
def test_content_lists_handed_to_templates_do_not_follow_the_hash_seed(tmp_path):
    """What templates and plugins iterate over (articles, pages, each page's translations) comes in the same
    order whatever the hash seed, so no future template can make the output depend on it."""
    first = content_orders(tmp_path / "a" / "output", "1")
    second = content_orders(tmp_path / "b" / "output", "2")
    assert first.keys() == second.keys()
    assert {k: (first[k], second[k]) for k in first if first[k] != second[k]} == {}


def _break_template(project: pathlib.Path) -> None:
    # root.html is rendered last: the failing build has already written pages into its staging directory
    template = project / "theme" / "templates" / "root.html"
    template.write_text(template.read_text("utf-8") + "\n{% if %}\n", encoding="utf-8")


@pytest.mark.engine
@pytest.mark.parametrize("breakage", ["template error late in the build", "strict mode refuses the sample feed"])
def test_a_failed_publish_leaves_the_last_good_site_untouched(publish_site, tmp_path, breakage):
    project = copy_project(tmp_path / "project")
    shutil.copytree(publish_site.output, project / "output")
    before = tree_digest(project / "output")
    before_times = {p: os.stat(project / "output" / p).st_mtime_ns for p in before}
    feed = publish_site.feed
    if breakage.startswith("template"):
        _break_template(project)
    else:
        feed = pathlib.Path(SITE.counter.feed)
    result = run_publish(project, feed)
    assert result.returncode != 0, "the broken build did not fail"
    assert tree_digest(project / "output") == before
    assert {p: os.stat(project / "output" / p).st_mtime_ns for p in before} == before_times
    assert [p.name for p in project.iterdir() if p.name.startswith(".output-") and p.name != SPARE_NAME] == []


def test_publish_build_names_its_own_bytes_in_site_digest_txt(publish_site):
    """The digest every deployment carries, read back by tools/deploy_decision.py before the next deploy."""
    from tools.deploy_decision import DIGEST_FILE, site_digest

    assert (publish_site.output / DIGEST_FILE).read_text("ascii").strip() == site_digest(str(publish_site.output))


def test_output_gates_pass_on_the_publish_build_and_name_each_breakage(publish_site, tmp_path):
    """`python -m tests.gates check OUTPUT SITEURL`, run by the hourly publish on its own output."""
    command = [sys.executable, "-m", "tests.gates", "check"]
    good = subprocess.run([*command, str(publish_site.output), PUBLISH_SITEURL], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert good.returncode == 0, good.stdout[-3000:] + good.stderr[-3000:]
    broken = tmp_path / "output"
    shutil.copytree(publish_site.output, broken)
    css = sorted(broken.rglob("*.css"))[0]
    css.unlink()
    page = broken / "index.html"
    page.write_text(page.read_text("utf-8").replace("</body>", "<p><div></p></body>"), encoding="utf-8")
    bad = subprocess.run([*command, str(broken), PUBLISH_SITEURL], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert bad.returncode == 1
    assert f"no such file {css.relative_to(broken).as_posix()}" in bad.stdout
    assert "index.html: line" in bad.stdout
