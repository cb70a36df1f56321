"""Deploy a build only when it differs from the site that is live now.

`invoke publish` writes `site-digest.txt` into output/: the SHA-256 of every
other file's path and bytes. Every deployment therefore carries its own
digest. Before deploying, the new digest is compared with the one the live
site serves (an `http(s)://` site URL, fetched past any CDN cache) or the one
another host keeps (a directory holding the deployed site, or the digest file
itself). Equal: nothing to deploy. Different, missing or unreadable: deploy.

Asking "what is live now?" rather than "was this build ever deployed?" is what
makes A, then B, then A again deploy A the third time.

    python tools/deploy_decision.py OUTPUT --live https://example.org [--github-output FILE]

prints one line saying what to do and why; with --github-output it also
appends `deploy=true|false` and `digest=<sha256>` for a GitHub Actions step.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

DIGEST_FILE = "site-digest.txt"
_DIGEST = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Decision:
    deploy: bool
    reason: str


def site_digest(output: str) -> str:
    """SHA-256 over the sorted (path, sha256 of bytes) of every file but the digest file."""
    entries = []
    for dirpath, _dirnames, filenames in os.walk(output):
        for name in filenames:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, output).replace(os.sep, "/")
            if rel == DIGEST_FILE:
                continue
            with open(path, "rb") as stream:
                entries.append((rel, hashlib.sha256(stream.read()).hexdigest()))
    listing = "".join(f"{sha}  {rel}\n" for rel, sha in sorted(entries))
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()


def stamp(output: str) -> str:
    """Write the site's digest into output/site-digest.txt; returns it."""
    digest = site_digest(output)
    with open(os.path.join(output, DIGEST_FILE), "w", encoding="ascii") as stream:
        stream.write(digest + "\n")
    return digest


def _parse(text: str) -> str | None:
    text = text.strip()
    return text if _DIGEST.fullmatch(text) else None


def live_digest(live: str, timeout: float = 20.0) -> tuple[str | None, str]:
    """(digest, where it was read) of the live site; (None, why) when it cannot be known."""
    if re.match(r"https?://", live):
        shown = f"{live.rstrip('/')}/{DIGEST_FILE}"
        # a query string the CDN has never seen: the answer comes from the origin, not a cached copy
        url = f"{shown}?live={time.time_ns()}"
        request = urllib.request.Request(url, headers={"Cache-Control": "no-cache", "User-Agent": "deploy-decision"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read(200).decode("ascii", errors="replace")
        except urllib.error.HTTPError as exc:
            return None, f"cannot read {shown} (HTTP {exc.code})"
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return None, f"cannot read {shown} ({getattr(exc, 'reason', exc)})"
        digest = _parse(body)
        return digest, shown if digest else f"{shown} holds no digest"
    path = os.path.join(live, DIGEST_FILE) if os.path.isdir(live) else live
    try:
        with open(path, encoding="ascii", errors="replace") as stream:
            digest = _parse(stream.read(200))
    except OSError as exc:
        return None, f"cannot read {path} ({exc.strerror or exc})"
    return digest, path if digest else f"{path} holds no digest"


def decide(new: str, live: str | None, where: str) -> Decision:
    if live is None:
        return Decision(True, f"deploy: the live site's digest is unknown: {where}")
    if live == new:
        return Decision(False, f"skip: the live site ({where}) is already this build ({new[:12]})")
    return Decision(True, f"deploy: the live site is {live[:12]}, this build is {new[:12]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Say whether OUTPUT differs from the live site.")
    parser.add_argument("output", help="the built site (with site-digest.txt, or it is written now)")
    parser.add_argument("--live", required=True, help="the live site's URL, or a directory/file holding its digest")
    parser.add_argument("--github-output", default="", help="append deploy=… and digest=… to this file")
    args = parser.parse_args(argv)
    new = stamp(args.output)  # (re)written: the deployed copy must name exactly these bytes
    live, where = live_digest(args.live)
    decision = decide(new, live, where)
    print(decision.reason)
    if args.github_output:
        with open(args.github_output, "a", encoding="utf-8") as stream:
            stream.write(f"deploy={'true' if decision.deploy else 'false'}\ndigest={new}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
