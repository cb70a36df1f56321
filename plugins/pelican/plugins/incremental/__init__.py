"""incremental: render again only the pages whose inputs changed.

Every page Pelican writes gets a fingerprint of everything it can show
(fingerprints.py); a page whose fingerprint matches the last successful
build's, and whose file in the previous output is byte-for-byte the one
that build wrote, is copied instead of rendered (writer.py). A paginated
listing is reused or rendered as a whole; feeds are always written. See docs/architecture.md.
"""

from pelican import signals

from pelican.plugins.site_config.wiring import connect

from . import writer


def register():
    connect(signals.get_writer, writer.get_writer)
