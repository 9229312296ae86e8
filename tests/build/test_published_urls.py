"""Published URLs are forever: every file the site published before keeps answering."""

from __future__ import annotations

from helpers import FIXTURES

PUBLISHED = FIXTURES / "published-2018-07-05.txt"


def published() -> list[str]:
    return [line for line in PUBLISHED.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


def test_every_url_published_before_still_answers(sample_site):
    paths = published()
    assert len(paths) > 1300  # the fixture is the whole site, not a sample of it
    missing = [path for path in paths if not (sample_site / path).is_file()]
    assert missing == []

