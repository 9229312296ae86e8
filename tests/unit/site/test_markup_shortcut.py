"""The plain-paragraph shortcut of markup.py must give Markdown's own bytes.

Every text of the sample content and of a small synthetic province is
converted both ways; so are hand-made texts near the shortcut's edges. A text
the shortcut cannot prove plain must go to Markdown (None), and for those the
test checks that Markdown really does more than wrap paragraphs.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

import nh3
import pytest
import yaml

from pelican.plugins.congkhai.site import markup

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


def markdown_html(text: str) -> str:
    return markup.sanitize(markup._markdown.reset().convert(text))


def markdown_plain(text: str) -> str:
    return " ".join(html.unescape(nh3.clean(markup._markdown.reset().convert(text), tags=set())).split())


def shortcut(text: str) -> tuple[str, str] | None:
    if markup._plain_paragraphs(text) is None:
        return None
    return markup.sanitize(markup._to_html(text)), " ".join(text.split())


def strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, str):
        yield value


def texts_of(folder: Path) -> set[str]:
    texts = set()
    for path in folder.rglob("*"):
        if path.suffix == ".md":
            body = path.read_text(encoding="utf-8").split("---", 2)[-1]
            texts.update({body, body.strip("\n")})
        elif path.suffix in (".yaml", ".yml"):
            texts.update(strings(yaml.safe_load(path.read_text(encoding="utf-8"))))
    return texts


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> set[str]:
    synthetic = tmp_path_factory.mktemp("province")
    generate(synthetic / "content", 300)
    return texts_of(ROOT / "content") | texts_of(synthetic / "content")


def test_shortcut_equals_markdown_on_every_real_text(corpus):
    taken = [text for text in corpus if shortcut(text) is not None]
    # The shortcut must be the common case, or it saves nothing.
    assert len(taken) > 0.8 * len(corpus)
    wrong = [text for text in taken if shortcut(text) != (markdown_html(text), markdown_plain(text))]
    assert wrong == []


PLAIN = [
    "Đường liên thôn xuống cấp.",
    "Đề nghị sửa đường.\n\nĐã có kế hoạch năm 2019.",
    "Dòng một\ndòng hai, vẫn một đoạn.",
    "(Trích) «đơn» của hộ dân: \"khẩn\".",
    "\n\nĐoạn có dòng trống ở đầu và cuối.\n\n",
]
NOT_PLAIN = [
    "1. Một\n2. Hai",  # ordered list
    "- Một\n- Hai",  # list
    "# Tiêu đề",  # heading
    "> Trích dẫn",  # quote
    "    mã",  # code block
    "Tiêu đề\n=====",  # setext heading
    "Dòng  \nngắt",  # hard break
    "a | b\n--|--\n1 | 2",  # table
    "Chữ *nghiêng*",  # emphasis
    "Xem [đây](https://example.org)",  # link
    "A & B",  # entity escaping
    "<b>đậm</b>",  # raw HTML
    "Một\n\n\nHai",  # a paragraph opened by an empty line
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_texts_take_the_shortcut_and_match(text):
    assert shortcut(text) == (markdown_html(text), markdown_plain(text))


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_anything_markdown_may_read_as_syntax_goes_to_markdown(text):
    assert shortcut(text) is None
    assert markup.render(text) == markdown_html(text)
    assert markup.plain(text) == markdown_plain(text)
