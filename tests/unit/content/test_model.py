from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.content.model import item_id, natural_key, response_id


def test_item_ids_are_written_by_people_not_positions():
    assert item_id("2018-06-12-tan-ha", 3, 2) == "2018-06-12-tan-ha/3.2"


def test_response_id_is_its_path_under_responses():
    assert response_id("content/responses/2018-06-12-tan-ha/3.2-1.md") == "2018-06-12-tan-ha/3.2-1"


def test_responses_of_one_day_keep_their_number_order():
    ids = ["s/3.2-10", "s/3.2-9", "s/3.2-1"]
    assert sorted(ids, key=natural_key) == ["s/3.2-1", "s/3.2-9", "s/3.2-10"]


def test_bodies_their_successors_and_what_names_them_are_modelled(tmp_path):
    """A body keeps its dates and names its successors; a commune of before names the bodies it
    went to; a session names the body that held it and its legal basis."""
    import datetime as dt
    import shutil

    from helpers import FIXTURES

    shutil.copytree(FIXTURES / "defects" / "base", tmp_path, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "defects" / "bodies-valid" / "content", tmp_path / "content", dirs_exist_ok=True)
    content = build_content(read_tree(tmp_path / "content"))
    district = content.bodies["huyen-ham-tan"]
    assert (district.kind, district.code, district.start, district.end) == ("huyen", "601", None, dt.date(2025, 6, 30))
    assert [(s.body, s.note) for s in district.successors] == [("xa-ham-tan", "Tân Nghĩa, Tân Hà, Tân Xuân")]
    assert district.exists_on(dt.date(2025, 6, 30)) and not district.exists_on(dt.date(2025, 7, 1))
    commune = content.bodies["xa-ham-tan"]
    assert commune.parent == "tinh-lam-dong" and not commune.exists_on(dt.date(2025, 6, 30))
    assert list(content.bodies) == ["huyen-ham-tan", "tinh-lam-dong", "xa-ham-tan"]  # Vietnamese order of names
    assert content.communes["tan-ha"].successors == ("xa-ham-tan",)
    session = content.sessions[0]
    assert (session.body, session.basis) == ("huyen-ham-tan", ("Quy định số 218-QĐ/TW",))


def test_a_site_of_one_body_has_no_bodies(tmp_path):
    from helpers import FIXTURES

    content = build_content(read_tree(FIXTURES / "defects" / "base" / "content"))
    assert content.bodies == {} and content.sessions[0].body == ""
