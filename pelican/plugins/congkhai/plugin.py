"""register(): signal wiring only. Receivers are module-level functions because
Pelican holds them by weak reference."""

from pathlib import Path

from pelican import signals

from .pages import CongkhaiGenerator
from .pagefind_order import stabilise_output
from .search import BUNDLE, index_output


def get_generators(pelican):
    return CongkhaiGenerator


def finalized(pelican):
    """Index what the build wrote for search, then sort Pagefind's filter indexes:
    two builds of one commit must be identical. One receiver, because blinker
    does not call receivers in the order they were connected."""
    index_output(pelican)
    stabilise_output(Path(pelican.output_path) / BUNDLE)


def register():
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finalized)
