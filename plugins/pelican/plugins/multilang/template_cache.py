"""Compiled templates kept between builds (``TEMPLATE_CACHE_PATH``).

Pelican gives every generator its own Jinja environment, and every build
makes new generators, so each build compiled every template three or four
times: most of a small build's time. A Jinja bytecode cache in a folder
keeps the compiled code of each template, keyed by its name and file, and
used only while the template's source is unchanged (Jinja's checksum of the
source) and the environment compiles the same way (a folder per Jinja
version, Python version and environment options).

A damaged or foreign file is never fatal: it is ignored and the template
compiled again. Files are written whole (a temporary file, then a rename),
so builds running side by side share the folder safely. The compiled code
is run as the theme's own code, so the folder must be as trusted as the
theme: publishconf.py turns the cache off for builds whose cache/ comes
from a CI cache.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

logger = logging.getLogger(__name__)

FORMAT = b"campaign-site compiled template 2\n"
# Options that change the code Jinja compiles (filters and globals are looked up when rendering).
COMPILE_OPTIONS = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
    "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
    "is_async", "autoescape", "finalize",
)


def _describe(value) -> str:
    return getattr(value, "__qualname__", None) or repr(value)


def environment_key(environment: jinja2.Environment) -> str:
    """A folder name that changes whenever the same source would compile to other code."""
    parts = [jinja2.__version__, sys.implementation.cache_tag or sys.version]
    parts += [f"{name}={_describe(getattr(environment, name, None))}" for name in COMPILE_OPTIONS]
    parts += sorted(environment.extensions)
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:20]


class TemplateCache(BytecodeCache):
    """Jinja's bytecode cache in one folder per environment setup, tolerant of damage."""

    def __init__(self, directory: str, environment: jinja2.Environment):
        self.directory = os.path.join(directory, environment_key(environment))

    def _path(self, bucket: Bucket) -> str:
        return os.path.join(self.directory, bucket.key + ".code")

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            with open(self._path(bucket), "rb") as fp:
                data = fp.read()
        except OSError:
            return
        head = FORMAT + bucket.checksum.encode("ascii") + b"\n"
        if not data.startswith(head):
            return  # another source, another format, or damaged: compile again
        digest, _, payload = data[len(head):].partition(b"\n")
        if digest != hashlib.sha256(payload).hexdigest().encode("ascii"):
            return  # damaged code would run (a flipped byte: wrong output or a crash of the interpreter)
        try:
            code = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return
        if type(code).__name__ == "code":
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        payload = marshal.dumps(bucket.code)
        data = (FORMAT + bucket.checksum.encode("ascii") + b"\n"
                + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload)
        try:
            os.makedirs(self.directory, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fp:
                    fp.write(data)
                os.replace(tmp, self._path(bucket))
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError as exc:
            # a read-only or full disk costs time, not the build
            logger.debug("multilang: could not keep the compiled template %s (%s)", bucket.key, exc)
