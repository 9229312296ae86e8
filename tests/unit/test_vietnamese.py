import datetime as dt
import unicodedata

import pytest

from pelican.plugins.congkhai.vietnamese import fold, long_date, month_year, nfc, number, percent, short_date, slugify, sort_key


def test_nfc_composes_text_pasted_decomposed():
    decomposed = unicodedata.normalize("NFD", "Đất đai")
    assert decomposed != "Đất đai"
    assert nfc(decomposed) == "Đất đai"


def test_sorting_follows_the_vietnamese_alphabet_not_code_points():
    names = ["Đức", "Dũng", "Ân", "Bình", "Ẩn", "An", "Ăn", "Zô", "Ơn", "Ôn", "Oanh", "Ưng", "Uyên"]
    assert sorted(names, key=sort_key) == [
        "An", "Ăn", "Ân", "Ẩn", "Bình", "Dũng", "Đức", "Oanh", "Ôn", "Ơn", "Uyên", "Ưng", "Zô",
    ]
    # Code-point order would put Đ and Ư after Z: the point of the key.
    assert sorted(names)[-1] != "Zô"


def test_tones_are_a_secondary_key_in_dictionary_order():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    assert sorted(["má", "mạ", "ma", "mã", "mà", "mả"], key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    # The letters decide before any tone does.
    assert sorted(["tàn", "tan", "tân"], key=sort_key) == ["tan", "tàn", "tân"]


def test_commune_names_sort_as_a_reader_expects():
    names = ["Xã Tân Đức", "Xã Tân Hà", "Xã Sông Phan", "Thị trấn Tân Nghĩa", "Xã Sơn Mỹ", "Xã Thắng Hải"]
    assert sorted(names, key=sort_key) == [
        "Thị trấn Tân Nghĩa", "Xã Sông Phan", "Xã Sơn Mỹ", "Xã Tân Đức", "Xã Tân Hà", "Xã Thắng Hải",
    ]


@pytest.mark.parametrize("text, folded", [
    ("Đất đai", "dat dai"),
    ("ĐƯỜNG giao thông", "duong giao thong"),
    ("Giấy chứng nhận", "giay chung nhan"),
    ("thủy lợi", "thuy loi"),
])
def test_fold_drops_marks_and_turns_d_stroke_into_d(text, folded):
    assert fold(text) == folded


def test_slugify_gives_readable_ascii():
    assert slugify("Xã Tân Đức") == "xa-tan-duc"
    assert slugify("  Phòng Kinh tế - Hạ tầng ") == "phong-kinh-te-ha-tang"


def test_dates_and_numbers_in_vietnamese_form():
    day = dt.date(2018, 7, 5)
    assert short_date(day) == "05/7/2018"
    assert long_date(day) == "ngày 5 tháng 7 năm 2018"
    assert month_year(dt.date(2015, 12, 1)) == "tháng 12/2015"
    assert number(3245) == "3.245"
    assert number(1250000) == "1.250.000"
    assert percent(454, 577) == "78,7%"
    assert percent(0, 0) == "–"
