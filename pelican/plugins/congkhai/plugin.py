"""register(): signal wiring only. Receivers are module-level functions because
Pelican holds them by weak reference."""

from pelican import signals

from .generator import CongkhaiGenerator


def get_generators(pelican):
    return CongkhaiGenerator


def register():
    signals.get_generators.connect(get_generators)
