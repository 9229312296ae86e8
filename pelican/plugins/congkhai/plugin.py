"""register(): signal wiring only. Receivers are module-level functions because
Pelican holds them by weak reference."""

from pelican import signals

from .pages import CongkhaiGenerator
from .search import index_output


def get_generators(pelican):
    return CongkhaiGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(index_output)  # the search index covers what the build wrote
