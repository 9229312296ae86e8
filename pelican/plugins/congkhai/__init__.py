"""Công khai: a Pelican plugin that publishes dialogue sessions and their answers."""

from .plugin import register

__all__ = ["register"]
