"""sitemap.xml with every page and its language alternates (xhtml:link)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from xml.etree import ElementTree as ET

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def absolute(siteurl: str, url: str) -> str:
    return f"{siteurl.rstrip('/')}/{url.lstrip('/')}"


def sitemap_xml(siteurl: str, entries: Iterable[tuple[str, Sequence, str | None]]) -> bytes:
    """entries: (url, alternates, x_default) where each alternate has
    .language and .url, and x_default is the URL for readers of any other
    language (None: none).

    Only real translations are listed as alternates, with the x-default
    beside them; entries are sorted so that the file is byte-identical for
    the same site.
    """
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for url, alternates, x_default in sorted(entries, key=lambda entry: entry[0]):
        node = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(node, f"{{{SITEMAP_NS}}}loc").text = absolute(siteurl, url)
        real = [alt for alt in alternates if alt.url is not None]
        if len(real) > 1:
            for alt in real:
                ET.SubElement(
                    node,
                    f"{{{XHTML_NS}}}link",
                    rel="alternate",
                    hreflang=alt.language.hreflang,
                    href=absolute(siteurl, alt.url),
                )
            if x_default is not None:
                ET.SubElement(
                    node,
                    f"{{{XHTML_NS}}}link",
                    rel="alternate",
                    hreflang="x-default",
                    href=absolute(siteurl, x_default),
                )
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def write_sitemap(output_path: str, siteurl: str, entries) -> str:
    path = os.path.join(output_path, "sitemap.xml")
    with open(path, "wb") as fp:
        fp.write(sitemap_xml(siteurl, entries))
    return path


def x_default(alternates: Sequence, default_lang: str, home_url: str, root_url: str | None) -> str | None:
    """The page for readers of a language the site does not have: the
    default language's version, or the root language picker (root_url, when
    the site has one) in place of the default language's home page (home_url). The pages' own hreflang links use the
    same rule (theme/templates/partials/alternates.html)."""
    default = next((a for a in alternates if a.language.code == default_lang and a.url is not None), None)
    if default is None:
        return None
    return root_url if root_url is not None and default.url == home_url else default.url
