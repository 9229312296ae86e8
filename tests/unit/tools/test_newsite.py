"""invoke new-site: the files of a site of one body, its kind read from its name."""

from __future__ import annotations

import pytest

from helpers import ROOT
from pelican.plugins.congkhai.tools import newsite

TOPICS = ROOT / "content" / "data" / "topics.yaml"


@pytest.mark.parametrize("name, kind, place", [
    ("xã Sơn Mỹ", "xa", "Sơn Mỹ"), ("Phường Bảo Lộc 1", "phuong", "Bảo Lộc 1"), ("đặc khu Phú Quý", "dac-khu", "Phú Quý"),
    ("tỉnh Lâm Đồng", "tinh", "Lâm Đồng"), ("thành phố Huế", "thanh-pho", "Huế"),
])
def test_the_kind_comes_from_the_name(name, kind, place):
    assert newsite.kind_of(name) == (kind, place)


def test_a_name_without_its_kind_is_refused_in_both_languages():
    with pytest.raises(newsite.SiteError) as raised:
        newsite.kind_of("Sơn Mỹ")
    assert str(raised.value).startswith("tên đơn vị phải bắt đầu bằng loại đơn vị («tỉnh …», ")
    assert str(raised.value).endswith("/ the name must start with the kind of body, e.g. «xã Sơn Mỹ» (got 'Sơn Mỹ')")


def test_a_commune_needs_its_province_and_a_province_does_not():
    with pytest.raises(newsite.SiteError, match="--province"):
        newsite.scaffold("xã Sơn Mỹ", "", ROOT, TOPICS)
    files = newsite.scaffold("tỉnh Lâm Đồng", "", ROOT, TOPICS)
    assert "level: province" in files["content/data/agencies.yaml"]


def test_the_files_of_a_commune_site():
    files = newsite.scaffold("xã Sơn Mỹ", "tỉnh Lâm Đồng", ROOT, TOPICS)
    assert set(files) == {"pelicanconf.py", "publishconf.py", "congkhai", ".gitignore", "README.md",
                          "content/data/topics.yaml", "content/data/agencies.yaml", "content/data/communes.yaml",
                          "content/sessions/.gitkeep", "content/responses/.gitkeep"}
    assert "  - id: ubnd-son-my\n    name: UBND xã Sơn Mỹ\n    level: commune\n" in files["content/data/agencies.yaml"]
    assert "  - id: son-my\n    name: Xã Sơn Mỹ\n" in files["content/data/communes.yaml"]
    assert 'DISTRICT_NAME = "xã Sơn Mỹ"' in files["pelicanconf.py"] and 'PROVINCE_NAME = "tỉnh Lâm Đồng"' in files["pelicanconf.py"]
    assert "bodies" not in "".join(files)  # a site of one body: no bodies.yaml
    assert files["content/data/topics.yaml"].count("  - id: ") == TOPICS.read_text(encoding="utf-8").count("  - id: ")


def test_every_kind_a_name_may_start_with_is_a_kind_of_the_contract():
    from pelican.plugins.congkhai.content import rules

    assert set(newsite.NAME_WORDS) <= set(rules.BODY_KINDS) and set(newsite.KIND_LEVELS) == set(rules.BODY_KINDS)
