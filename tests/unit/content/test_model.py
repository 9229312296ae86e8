from pelican.plugins.congkhai.content.model import item_id, natural_key, response_id


def test_item_ids_are_written_by_people_not_positions():
    assert item_id("2018-06-12-tan-ha", 3, 2) == "2018-06-12-tan-ha/3.2"


def test_response_id_is_its_path_under_responses():
    assert response_id("content/responses/2018-06-12-tan-ha/3.2-1.md") == "2018-06-12-tan-ha/3.2-1"


def test_responses_of_one_day_keep_their_number_order():
    ids = ["s/3.2-10", "s/3.2-9", "s/3.2-1"]
    assert sorted(ids, key=natural_key) == ["s/3.2-1", "s/3.2-9", "s/3.2-10"]
