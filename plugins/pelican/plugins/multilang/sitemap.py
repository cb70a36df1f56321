"""sitemap.xml with every page and its language alternates (xhtml:link)."""

from __future__ import annotations

import os
from typing import Iterable, Sequence
from xml.etree import ElementTree as ET

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def absolute(siteurl: str, url: str) -> str:
    return f"{siteurl.rstrip('/')}/{url.lstrip('/')}"


def sitemap_xml(siteurl: str, entries: Iterable[tuple[str, Sequence]]) -> bytes:
    """entries: (url, alternates) where each alternate has .language and .url.

    Only real translations are listed as alternates; entries are sorted so
    that the file is byte-identical for the same site.
    """
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for url, alternates in sorted(entries, key=lambda entry: entry[0]):
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
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def write_sitemap(output_path: str, siteurl: str, entries) -> str:
    path = os.path.join(output_path, "sitemap.xml")
    with open(path, "wb") as fp:
        fp.write(sitemap_xml(siteurl, entries))
    return path
