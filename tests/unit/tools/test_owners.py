"""Who may change what: CODEOWNERS made from each body's editors, and the bodies a change touches."""

from __future__ import annotations

from helpers import ROOT
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.tools import owners


def sample():
    return build_content(read_tree(ROOT / "content"))


def test_the_committed_codeowners_is_the_generated_one():
    """`invoke codeowners` after any change of bodies.yaml, a session moved or a handover."""
    import tasks

    assert (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == \
        owners.codeowners(sample(), tasks.MAINTAINERS)


def test_each_body_owns_its_sessions_their_answers_and_the_answers_handed_to_it():
    text = owners.codeowners(sample(), ("@org/admins",))
    lines = text.splitlines()
    assert lines[2] == "* @org/admins"  # first: a later line wins
    assert "/content/sessions/xa-son-my/ @cong-khai-lam-dong/bien-tap-xa-son-my" in lines
    assert "/content/responses/xa-son-my/ @cong-khai-lam-dong/bien-tap-xa-son-my" in lines
    # an item the district handed to xã Hàm Tân: its answers are the commune's, after the district's folder
    district = lines.index("/content/responses/huyen-ham-tan/ @cong-khai-lam-dong/bien-tap-tinh")
    handed = lines.index("/content/responses/huyen-ham-tan/2018-06-12-tan-ha/3.1-* @cong-khai-lam-dong/bien-tap-xa-ham-tan")
    assert district < handed


def test_a_change_touching_several_bodies_is_flagged_for_each(capsys):
    changed = ["content/sessions/xa-son-my/2025-10-14-xa-son-my.yaml",
               "content/responses/huyen-ham-tan/2018-06-12-tan-ha/3.1-1.md", "content/data/agencies.yaml"]
    found = owners.touched(sample(), changed)
    assert sorted(found) == ["huyen-ham-tan", "xa-ham-tan", "xa-son-my"]
    assert owners.main(["touched", *changed, "--content", str(ROOT / "content")]) == 0
    out = capsys.readouterr().out
    assert "xã Sơn Mỹ: 1 file(s), reviewed by @cong-khai-lam-dong/bien-tap-xa-son-my" in out
    assert out.splitlines()[-1].startswith("::warning title=Nhiều đơn vị::This change touches the files of 3 bodies")


def test_a_change_inside_one_body_is_not_flagged(capsys):
    assert owners.main(["touched", "content/sessions/xa-son-my/2025-10-14-xa-son-my.yaml",
                        "--content", str(ROOT / "content")]) == 0
    assert "::warning" not in capsys.readouterr().out
