"""Mask a secret URL in GitHub Actions logs, in whole and in the parts a log may print.

GitHub masks a secret's exact value only. Build logs name the feed as
scheme://host/path (no query, no user info), a traceback may show the host
alone, an HTTP error the path: each of these parts gets its own mask.

    python tools/secret_mask.py CAMPAIGN_FEED

reads the value from that environment variable (never from the command line,
which other processes can see) and prints one `::add-mask::` line per part.
"""

from __future__ import annotations

import os
import sys
from urllib.parse import parse_qsl, unquote, urlsplit

MIN_SEGMENT = 12  # shorter path segments ("feed.json", "counter.php") are not secret and would mask ordinary words


def parts_to_mask(value: str) -> list[str]:
    """The value and every part of it a log line might print alone, longest first."""
    value = value.strip()
    if not value:
        return []
    parts = {value, unquote(value)}
    url = urlsplit(value)
    if url.scheme in ("http", "https") and url.netloc:
        host = url.hostname or ""
        hostport = host + (f":{url.port}" if url.port else "")
        parts |= {hostport, host, f"{url.scheme}://{hostport}{url.path}", f"{hostport}{url.path}"}
        if url.username:
            parts |= {url.username, url.password or ""}
        if url.path not in ("", "/"):
            parts |= {url.path, unquote(url.path)}
            parts |= {s for s in url.path.split("/") if len(s) >= MIN_SEGMENT}
        if url.query:
            parts.add(url.query)
            parts |= {v for _k, v in parse_qsl(url.query) if len(v) >= 4}
        if url.fragment:
            parts.add(url.fragment)
    return sorted((p for p in parts if p and "\n" not in p), key=lambda p: (-len(p), p))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tools/secret_mask.py ENVIRONMENT_VARIABLE", file=sys.stderr)
        return 2
    for part in parts_to_mask(os.environ.get(argv[0], "")):
        print(f"::add-mask::{part}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
