"""register(): signal wiring only. Receivers are module-level functions because
Pelican holds them by weak reference."""

from pelican import signals

from .generator import CongkhaiGenerator
from .search.index import index_output


def get_generators(pelican):
    return CongkhaiGenerator


def finalized(pelican):
    """Index what the build wrote for search. Each bundle's filter indexes are sorted
    right after its Pagefind run (search._index_bundle, pagefind_order.py): two builds
    of one commit must be identical."""
    index_output(pelican)


def register():
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finalized)
