"""Decide, without unpickling, whether a file is a Pelican content cache.

Pelican unpickles its cache files, and unpickling runs whatever callables a
pickle names. A file that is consistent (its digest matches the manifest)
can still come from elsewhere: a poisoned CI cache, another tool. This
module reads the pickle's opcodes only: the top-level object must be a dict
and every global it names must be on a short allowlist of the types a
Pelican reader cache holds. Anything else is "foreign".
"""

from __future__ import annotations

import pickletools

# (module, name) pairs a content cache may reference.
ALLOWED_GLOBALS = frozenset({
    ("pelican.utils", "SafeDatetime"),
    ("datetime", "datetime"),
    ("datetime", "date"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
    ("zoneinfo", "ZoneInfo._unpickle"),
    ("zoneinfo", "ZoneInfo"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("collections", "OrderedDict"),
    ("markupsafe", "Markup"),
    ("dateutil.tz.tz", "tzutc"),
    ("dateutil.tz.tz", "tzoffset"),
    ("dateutil.tz.tz", "tzlocal"),
    ("copyreg", "_reconstructor"),
    ("builtins", "object"),
})
_STRINGS = {"SHORT_BINUNICODE", "BINUNICODE", "UNICODE", "BINUNICODE8", "STRING", "BINSTRING",
            "SHORT_BINSTRING"}
_REFUSED = {"PERSID", "BINPERSID", "EXT1", "EXT2", "EXT4"}
_FRAMING = {"PROTO", "FRAME"}


def foreign_reason(data: bytes) -> str | None:
    """None for a plausible Pelican cache; else why the file is refused."""
    memo: dict[int, object] = {}
    recent: list[object] = []  # what the last pushes were (strings or None)
    first = True
    try:
        for opcode, arg, _ in pickletools.genops(data):
            name = opcode.name
            if name in _FRAMING:
                continue
            if first:
                if name != "EMPTY_DICT":
                    return "it does not hold a dict of cached content"
                first = False
            if name in _REFUSED:
                return f"it uses the {name} opcode"
            if name in _STRINGS:
                recent.append(arg)
            elif name == "MEMOIZE":
                memo[len(memo)] = recent[-1] if recent else None
            elif name in ("BINPUT", "LONG_BINPUT", "PUT"):
                memo[int(arg)] = recent[-1] if recent else None
            elif name in ("BINGET", "LONG_BINGET", "GET"):
                recent.append(memo.get(int(arg)))
            elif name == "GLOBAL":
                module, _, qualname = str(arg).partition(" ")
                if (module, qualname) not in ALLOWED_GLOBALS:
                    return f"it names {module}.{qualname}"
                recent.append(None)
            elif name == "STACK_GLOBAL":
                module, qualname = (recent[-2], recent[-1]) if len(recent) >= 2 else (None, None)
                if (module, qualname) not in ALLOWED_GLOBALS:
                    return f"it names {module}.{qualname}"
                recent.append(None)
            else:
                recent.append(None)
            del recent[:-4]
    except Exception as exc:  # a broken opcode stream: not a cache we made
        return f"it is not a complete pickle ({type(exc).__name__})"
    return "it is empty" if first else None
