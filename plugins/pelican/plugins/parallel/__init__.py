"""parallel: parse the Markdown sources on every core.

Before a generator reads its first file, the files whose parsed form is not
in the content cache yet are parsed by worker processes, and the results are
put in the cache exactly as Pelican's own reader would put them; Pelican
then reads every file from the cache. The output is byte-identical to a
one-process build (tests/test_parallel.py). See prefetch.py.
"""

from pelican import signals

from pelican.plugins.site_config.wiring import connect

from . import prefetch


def register():
    connect(signals.article_generator_preread, prefetch.on_preread)
    connect(signals.page_generator_preread, prefetch.on_preread)
