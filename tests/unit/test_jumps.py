"""The jump list, go-to input and next-place lookup (plain Python)."""

from __future__ import annotations

import pytest

from reader.core.address import Address
from reader.core.errors import UserError
from reader.core.jumps import JumpList, following, go_to


def test_back_and_forward_walk_the_places_left_by_jumps():
    jumps: JumpList[int] = JumpList()
    assert jumps.back(1) is None  # nothing to go back to
    jumps.push(1)  # jump 1 -> 5
    jumps.push(5)  # jump 5 -> 9
    assert jumps.back(9) == 5
    assert jumps.back(5) == 1
    assert jumps.back(1) is None
    assert jumps.forward(1) == 5
    assert jumps.forward(5) == 9
    assert jumps.forward(9) is None


def test_where_the_reader_moved_to_is_what_forward_returns_to():
    jumps: JumpList[int] = JumpList()
    jumps.push(1)
    assert jumps.back(9) == 1
    assert jumps.forward(2) == 9  # read on from 1 to 2, then forward: back to 9
    assert jumps.back(9) == 2  # and back comes to 2, where the reader was


def test_a_jump_after_going_back_drops_the_places_ahead():
    jumps: JumpList[int] = JumpList()
    jumps.push(1)
    jumps.push(5)
    assert jumps.back(9) == 5
    jumps.push(5)  # a new jump from 5 -> 7
    assert jumps.forward(7) is None
    assert jumps.back(7) == 5
    assert jumps.back(5) == 1


def test_the_same_place_is_not_kept_twice_and_the_list_is_bounded():
    jumps: JumpList[int] = JumpList(limit=3)
    for place in (1, 1, 2, 3, 4, 5):
        jumps.push(place)
    assert len(jumps) == 3
    assert jumps.back(6) == 5
    assert jumps.back(5) == 4
    assert jumps.back(4) == 3
    assert jumps.back(3) is None


def test_go_to_a_paragraph_a_percent_or_an_address():
    assert go_to("12", "s", 50) == Address("s", 12)
    assert go_to(" 80 ", "s", 50) == Address("s", 50)  # past the end: the last
    assert go_to("50%", "s", 50) == Address("s", 25)
    assert go_to("0%", "s", 50) == Address("s", 1)
    assert go_to("100%", "s", 50) == Address("s", 50)
    assert go_to("1%", "s", 50) == Address("s", 1)
    assert go_to("other:3:1-4", "s", 50) == Address("other", 3, 1, 4)


@pytest.mark.parametrize("text", ["", "abc", "0", "101%", "-3", "1.5", "x%", "s:0", "9" * 12])
def test_go_to_says_what_it_expected(text):
    with pytest.raises(UserError) as e:
        go_to(text, "s", 50)
    assert "\n" not in str(e.value)


def test_following_finds_the_next_and_previous_key_and_wraps():
    keys = [(0, 3), (0, 9), (2, 1)]
    assert keys[following(keys, (0, 3), 1)] == (0, 9)
    assert keys[following(keys, (0, 5), 1)] == (0, 9)
    assert keys[following(keys, (2, 1), 1)] == (0, 3)  # wraps
    assert keys[following(keys, (0, 9), -1)] == (0, 3)
    assert keys[following(keys, (0, 3), -1)] == (2, 1)  # wraps
    assert following([], (0, 1), 1) is None


def test_path_completion_as_a_shell_does_it(tmp_path, monkeypatch):
    from reader.core.completion import complete

    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.txt").write_text("x")
    (tmp_path / "report.md").write_text("x")
    (tmp_path / "notes.bin").write_text("x")
    (tmp_path / ".hidden").mkdir()
    monkeypatch.chdir(tmp_path)
    assert complete("rep", {".md", ".txt"}) == ("report", ["report.md", "reports/"])
    assert complete("reports", {".txt"}) == ("reports/", ["reports/"])
    assert complete("reports/", {".txt"}) == ("reports/a.txt", ["reports/a.txt"])
    assert complete("no", {".txt"}) == ("no", [])  # not a report: not offered
    assert complete("", {".md"})[1] == ["report.md", "reports/"]  # hidden ones only after a dot
    assert complete(".h")[1] == [".hidden/"]
    assert complete("missing/x") == ("missing/x", [])
    monkeypatch.setenv("HOME", str(tmp_path))
    assert complete("~/reports/")[0] == "~/reports/a.txt"
