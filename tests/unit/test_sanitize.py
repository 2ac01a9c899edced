from reader.core.sanitize import json_safe, one_line, visible

PAYLOADS = [
    "\x1b]52;c;ZWNobyBwd25lZA==\x07",
    "\x1b]0;PWNED\x07",
    "\x1b]8;;https://evil.example/\x1b\\点这里\x1b]8;;\x1b\\",
    "\x1b[2J\x1b[H",
    "\u009b31m",
    "\u202e",
    "\x7f",
]


def test_no_control_survives_and_length_is_kept():
    for payload in PAYLOADS:
        out = visible(f"前{payload}后")
        assert len(out) == len(payload) + 2
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c in "\u202e" for c in out), out


def test_escape_is_shown_as_its_picture():
    assert visible("a\x1b[2Jb") == "a␛[2Jb"


def test_plain_text_tab_and_newline_are_untouched():
    text = "营商环境\t第一段\n第二段"
    assert visible(text) is text


def test_one_line_flattens_newlines_and_tabs():
    assert one_line("标题\n\x1b]0;x\x07\t完") == "标题 ␛]0;x␇ 完"


def test_json_safe_escapes_what_a_terminal_acts_on_and_means_the_same():
    import json

    data = {"t": "".join(PAYLOADS) + "\udcff 营商环境"}
    dumped = json_safe(json.dumps(data, ensure_ascii=False))
    assert json.loads(dumped) == data
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c == "\u202e" or 0xD800 <= ord(c) < 0xE000 for c in dumped)
    assert "营商环境" in dumped
