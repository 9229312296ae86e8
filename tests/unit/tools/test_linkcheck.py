"""The offline link checker: it names the page and the link of every broken reference."""


from helpers import FIXTURES
from pelican.plugins.congkhai.tools.linkcheck import BrokenLink, check_output, main

BROKEN = FIXTURES / "linkcheck"  # a tiny output folder with one defect per link below


def test_every_kind_of_broken_reference_is_reported_with_page_link_and_reason():
    assert [str(b) for b in check_output(BROKEN)] == [
        "doi-thoai/s1/index.html: /%C4%91at-dai/: no such file in the output",
        "feeds/all.atom.xml: /doi-thoai/s3/: no such file in the output",
        "index.html: #khong-co: no element with id 'khong-co' on index.html",
        "index.html: /doi-thoai/s1/#y-kien-9: no element with id 'y-kien-9' on doi-thoai/s1/index.html",
        "index.html: /doi-thoai/s2/: no such file in the output",
        "index.html: /feeds/missing.atom.xml: no such file in the output",
        "index.html: /theme/img/logo.png: no such file in the output",
        "theme/css/site.css: ../img/nen.png: no such file in the output",
        "theme/css/site.css: print.css: no such file in the output",
    ]


def test_good_links_folder_urls_anchors_and_other_hosts_pass(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="/a/">A</a><a href="a/#x">x</a><a href="a">no slash</a><a href="#top" id="top">top</a>'
        '<a href="https://example.org/nowhere/">out</a><a href="mailto:a@b.vn">m</a><a href="#">#</a>',
        encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text('<p id="x">x</p><a href="../">up</a>', encoding="utf-8")
    assert check_output(tmp_path) == []


def test_links_never_escape_the_output_folder(tmp_path):
    (tmp_path / "index.html").write_text('<a href="/../../etc/passwd">x</a>', encoding="utf-8")
    assert [b.reason for b in check_output(tmp_path)] == ["no such file in the output"]


def test_a_published_build_with_absolute_urls_under_a_path_prefix(tmp_path):
    site = "https://to-chuc.github.io/cong-khai"
    (tmp_path / "x").mkdir()
    (tmp_path / "index.html").write_text(
        f'<a href="{site}/x/">ok</a><a href="/cong-khai/x/">ok</a><a href="x/">ok</a>'
        f'<a href="{site}/y/">missing</a><a href="/x/">no prefix</a>', encoding="utf-8")
    (tmp_path / "x" / "index.html").write_text("<p>x</p>", encoding="utf-8")
    assert check_output(tmp_path, site) == [
        BrokenLink("index.html", "/x/", "outside the site's path /cong-khai/"),
        BrokenLink("index.html", f"{site}/y/", "no such file in the output"),
    ]


def test_command_exits_non_zero_and_prints_each_broken_link(capsys):
    assert main([str(BROKEN)]) == 1
    out = capsys.readouterr()
    assert "index.html: /doi-thoai/s2/: no such file in the output" in out.out.splitlines()
    assert "9 broken link(s)" in out.err


def test_command_refuses_a_folder_that_was_never_built(tmp_path, capsys):
    assert main([str(tmp_path)]) == 2
    assert "no index.html: build the site first" in capsys.readouterr().err
