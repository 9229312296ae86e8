"""Markdown conversions kept between builds (site/markup.py: Markdown.load / save)."""


import pytest

from pelican.plugins.congkhai.site import markup


class Refuses:
    """Stands in for the Markdown converter: a stored conversion must not reach it."""
    def reset(self):
        return self

    def convert(self, text):
        raise AssertionError(f"converted again: {text!r}")


def test_stored_conversions_are_reused_by_the_next_build(tmp_path, monkeypatch):
    text = "**Đất đai** <script>x()</script> [link](https://example.org)"
    first = markup.Markdown()
    html, plain = first.html(text), first.plain(text)
    store = tmp_path / "markdown.pickle"
    first.save(store)

    again = markup.Markdown.load(store)
    monkeypatch.setattr(markup, "_markdown", Refuses())
    assert again.html(text) == html and "<script>" not in html
    assert again.plain(text) == plain
    with pytest.raises(AssertionError):
        again.html("a *text* never converted before")  # Markdown syntax: no plain-paragraph shortcut


def test_a_store_of_another_version_is_ignored(tmp_path):
    from pelican.plugins.congkhai.build import cachefile

    store = tmp_path / "markdown.pickle"
    cachefile.save(store, cachefile.key_of("old", "3.0", "0.2"), {b"k": "stale"})
    assert markup.Markdown.load(store).previous == {}
    (tmp_path / "damaged.pickle").write_bytes(b"not a pickle")
    assert markup.Markdown.load(tmp_path / "damaged.pickle").previous == {}


def test_only_this_builds_conversions_are_saved(tmp_path):
    store = markup.Markdown({b"gone": "<p>a deleted text</p>"})
    store.html("kept")
    store.save(tmp_path / "s.pickle")
    saved = markup.Markdown.load(tmp_path / "s.pickle").previous
    assert b"gone" not in saved and len(saved) == 1


def test_each_text_is_converted_once_per_build(monkeypatch):
    store = markup.Markdown()
    first = store.html("*một* lần")
    monkeypatch.setattr(markup, "_markdown", Refuses())
    assert store.html("*một* lần") is first
