"""The report's QR code is read back by a real decoder (zxing's reader, another code base than the
zint encoder that draws it) at error correction level M, in the smallest version an independent
encoder (segno, pure Python) needs for the address."""

import re

import pytest
import segno
import zxingcpp

from pelican.plugins.congkhai.site.printable import QR_BORDER, qr_code

ADDRESSES = [
    "https://congkhai.lamdong.gov.vn/bao-cao/2018-07-05/",
    "https://congkhai.lamdong.gov.vn/en/co-quan/xa-ham-tan/bao-cao/2017-thang-03/",
    "/co-quan/phuong-da-lat/bao-cao/2016-quy-4/",  # a preview build encodes only the path
]
PATH = re.compile(r'<path class="qr-line" stroke="#000" d="([^"]+)"/>')
SIZE = re.compile(r'<svg width="(\d+)" height="(\d+)"')
SCALE = re.compile(r'transform="scale\((\d+)\)"')


def modules(svg: str) -> list[list[bool]]:
    """The dark modules of the inline SVG: one path of horizontal strokes half a module below each row."""
    side = int(SIZE.search(svg).group(1)) // int(SCALE.search(svg).group(1))
    grid = [[False] * side for _ in range(side)]
    x = y = 0.0
    for command, numbers in re.findall(r"([Mmh])([-\d. ]+)", PATH.search(svg).group(1)):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            for column in range(int(x), int(x + values[0])):
                grid[int(y)][column] = True
            x += values[0]
    return grid


def decode(grid: list[list[bool]], scale: int = 4) -> list[str]:
    """What a scanner reads from the modules, drawn `scale` pixels a module, dark on white."""
    rows = [bytes(0 if dark else 255 for dark in row for _ in range(scale)) for row in grid for _ in range(scale)]
    image = memoryview(b"".join(rows)).cast("B", shape=[len(rows), len(rows[0])])
    return [found.text for found in zxingcpp.read_barcodes(image) if found.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.mark.parametrize("address", ADDRESSES)
def test_the_code_is_the_smallest_symbol_of_level_m(address):
    drawn = modules(qr_code(address).svg)
    side = len(drawn) - 2 * QR_BORDER
    assert side == 17 + 4 * segno.make(address, error="m").version
    rows = [bytes(0 if dark else 255 for dark in row for _ in range(4)) for row in drawn for _ in range(4)]
    image = memoryview(b"".join(rows)).cast("B", shape=[len(rows), len(rows[0])])
    assert [(found.text, found.ec_level) for found in zxingcpp.read_barcodes(image)] == [(address, "M")]


def test_the_title_is_escaped():
    svg = qr_code(ADDRESSES[0], title='Báo cáo <b>"quý"</b> & năm').svg
    assert "<title>Báo cáo &lt;b&gt;&quot;quý&quot;&lt;/b&gt; &amp; năm</title>" in svg


def test_the_decoder_reads_a_damaged_code_as_nothing():
    """The decoder is not answering the address regardless: a code with its finder patterns wiped reads as nothing."""
    grid = modules(qr_code(ADDRESSES[0]).svg)
    assert decode(grid) == [ADDRESSES[0]]
    for y in range(2, 11):
        for x in range(2, 11):
            grid[y][x] = False
    assert decode(grid) == []
