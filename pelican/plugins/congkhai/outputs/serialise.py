"""XML and JSON text written directly, byte for byte as ElementTree and json.dumps write it.

Imports content/, domain/, site/ and build/; never Pelican. The data files, feeds and sitemap used to build an
ElementTree (or hand json.dumps an indented document, which the standard
library serialises in pure Python) for every row: at 20,000 items that was
seconds per build. These helpers write the same bytes from strings:

- XML as `ET.indent(root, space=" ")` then `ET.tostring(root, "utf-8",
  xml_declaration=True)` gives it: one space per level, children on their own
  lines, an element without text and children as `<name />`, text escaped
  (& < >), attribute values escaped (& < > " CR LF TAB);
- JSON as `json.dumps(value, ensure_ascii=False, indent=1)` gives it, for
  objects whose values are strings, integers, booleans or None.

tests/unit/outputs/test_serialise.py checks both against the standard library.
"""

from __future__ import annotations

import json
from typing import Iterable, Iterator

XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"


def xml_text(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def xml_attribute(value: str) -> str:
    value = xml_text(value)
    if '"' in value:
        value = value.replace('"', "&quot;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    if "\n" in value:
        value = value.replace("\n", "&#10;")
    if "\t" in value:
        value = value.replace("\t", "&#09;")
    return value


def _attributes(attributes: dict | None) -> str:
    if not attributes:
        return ""
    return "".join(f' {name}="{xml_attribute(value)}"' for name, value in attributes.items())


def leaf(depth: int, name: str, text: str | None = None, attributes: dict | None = None) -> str:
    """One line: an element without children at `depth` levels of indentation."""
    if text:
        return f"{' ' * depth}<{name}{_attributes(attributes)}>{xml_text(text)}</{name}>"
    return f"{' ' * depth}<{name}{_attributes(attributes)} />"


def node(depth: int, name: str, children: Iterable[str], attributes: dict | None = None) -> str:
    """An element whose children (each already written at depth + 1) are on their own lines."""
    body = "\n".join(children)
    if not body:
        return leaf(depth, name, None, attributes)
    indentation = " " * depth
    return f"{indentation}<{name}{_attributes(attributes)}>\n{body}\n{indentation}</{name}>"


def xml_records(depth: int, name: str, fields: list[str], records: Iterable[Iterable[str | None]]) -> list[str]:
    """Elements `name` whose children are leaves named by fields, without attributes,
    one list of texts each: what node() over leaf() writes, cheaper per row."""
    if not fields:
        return [leaf(depth, name) for _ in records]
    child = " " * (depth + 1)
    opening, closing = f"{' ' * depth}<{name}>\n", f"\n{' ' * depth}</{name}>"
    parts = [(f"{child}<{field}>", f"</{field}>", f"{child}<{field} />") for field in fields]
    return [opening + "\n".join([f"{start}{xml_text(text)}{end}" if text else empty
                                 for (start, end, empty), text in zip(parts, texts)]) + closing
            for texts in records]


def xml_document(root: str) -> bytes:
    """The root element (written at depth 0) with the declaration and a final newline."""
    return (XML_DECLARATION + root + "\n").encode("utf-8")


_json_string = json.encoder.encode_basestring  # the C encoder json.dumps uses with ensure_ascii=False


def json_value(value) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is str:
        return _json_string(value)
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is float:
        return json.dumps(value)
    raise TypeError(f"not a JSON scalar: {value!r}")


def json_object(depth: int, pairs: Iterable[tuple[str, object]]) -> str:
    """An object of scalars nested `depth` levels deep in an indent=1 document (no leading indentation)."""
    inner = "\n" + " " * (depth + 1)
    body = ("," + inner).join(f"{_json_string(key)}: {json_value(value)}" for key, value in pairs)
    if not body:
        return "{}"
    return "{" + inner + body + "\n" + " " * depth + "}"


def json_records(depth: int, keys: list[str], records: Iterable[Iterable]) -> list[str]:
    """Objects with the same keys (one list of values each), as json_object writes them; cheaper per row."""
    if not keys:
        return ["{}" for _ in records]
    inner = "\n" + " " * (depth + 1)
    separator, close = "," + inner, "\n" + " " * depth + "}"
    heads = [_json_string(key) + ": " for key in keys]
    string = _json_string
    return ["{" + inner + separator.join([head + (string(value) if type(value) is str else json_value(value))
                                          for head, value in zip(heads, values)]) + close
            for values in records]


def json_array(depth: int, elements: list[str]) -> str:
    """An array of elements already written for depth + 1 (no leading indentation)."""
    if not elements:
        return "[]"
    inner = "\n" + " " * (depth + 1)
    return "[" + inner + ("," + inner).join(elements) + "\n" + " " * depth + "]"


def framed(opening: bytes, elements: Iterable[bytes], separator: bytes, closing: bytes,
           empty: bytes) -> Iterator[bytes]:
    """Elements already written, between an opening and a closing, as pieces whose concatenation
    is the text. Each piece is one element with the separator after it (the first also carries
    the opening, the last the closing), so that a file can be cut between elements
    (exports.chunked) and a piece is as stable as its element.

    Lazy, one element ahead: a data file streamed to disk (outputs/opendata.py) never has all
    its rows at once."""
    elements = iter(elements)
    previous = next(elements, None)
    if previous is None:
        yield empty
        return
    head = opening
    for element in elements:
        yield head + previous + separator
        head, previous = b"", element
    yield head + previous + closing


def enclosed(head: bytes, pieces: Iterable[bytes], tail: bytes) -> Iterator[bytes]:
    """Pieces (at least one) with a head before the first and a tail after the last; lazy, as framed."""
    pieces = iter(pieces)
    previous = head + next(pieces)
    for piece in pieces:
        yield previous
        previous = piece
    yield previous + tail


def json_array_pieces(depth: int, elements: Iterable[bytes]) -> Iterator[bytes]:
    """json_array of elements already encoded as UTF-8 (rows kept between builds, rowcache.py), as pieces."""
    inner = ("\n" + " " * (depth + 1)).encode()
    return framed(b"[" + inner, elements, b"," + inner, ("\n" + " " * depth + "]").encode(), b"[]")
