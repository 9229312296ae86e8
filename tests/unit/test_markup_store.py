"""Markdown conversions kept between builds (markup.load_conversions / save_conversions)."""

import pickle

import pytest

from pelican.plugins.congkhai.site import markup


class Refuses:
    """Stands in for the Markdown converter: a stored conversion must not reach it."""
    def reset(self):
        return self

    def convert(self, text):
        raise AssertionError(f"converted again: {text!r}")


@pytest.fixture
def fresh(monkeypatch):
    monkeypatch.setattr(markup, "_previous", {})
    monkeypatch.setattr(markup, "_used", {})
    markup.render.cache_clear()
    markup.plain.cache_clear()
    yield
    markup.render.cache_clear()
    markup.plain.cache_clear()


def test_stored_conversions_are_reused_by_the_next_build(fresh, tmp_path, monkeypatch):
    text = "**Đất đai** <script>x()</script> [link](https://example.org)"
    html, plain = markup.render(text), markup.plain(text)
    store = tmp_path / "markdown.pickle"
    markup.save_conversions(store)

    markup._used.clear()
    markup.render.cache_clear()
    markup.plain.cache_clear()
    markup.load_conversions(store)
    monkeypatch.setattr(markup, "_markdown", Refuses())
    assert markup.render(text) == html and "<script>" not in html
    assert markup.plain(text) == plain
    with pytest.raises(AssertionError):
        markup.render("a *text* never converted before")  # Markdown syntax: no plain-paragraph shortcut


def test_a_store_of_another_version_is_ignored(fresh, tmp_path):
    store = tmp_path / "markdown.pickle"
    store.write_bytes(pickle.dumps((("old",), {b"k": "stale"})))
    markup.load_conversions(store)
    assert markup._previous == {}
    (tmp_path / "damaged.pickle").write_bytes(b"not a pickle")
    markup.load_conversions(tmp_path / "damaged.pickle")
    assert markup._previous == {}


def test_only_this_builds_conversions_are_saved(fresh, tmp_path):
    markup._previous[b"gone"] = "<p>a deleted text</p>"
    markup.render("kept")
    markup.save_conversions(tmp_path / "s.pickle")
    _, saved = pickle.loads((tmp_path / "s.pickle").read_bytes())
    assert b"gone" not in saved and len(saved) == 1
