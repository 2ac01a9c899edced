"""The jieba segmenter: lazy, quiet, never the system temp dir, with ntreader's dictionaries."""

import json
import os
import subprocess
import sys
import tempfile

import pytest

from reader.core import segment
from reader.core.model import Paragraph, Section, Source
from reader.core.segment import Segmenter, Token, default_segmenter, quoted_phrases
from reader.paths import resolve

DOMAIN = ["营商环境", "机关作风建设", "一示范四城市", "高质量发展", "巡视整改", "中国式现代化", "两个确立", "两个维护"]


@pytest.fixture(scope="module")
def segmenter(tmp_path_factory):
    return Segmenter(cache_dir=tmp_path_factory.mktemp("cache")).load()


def words(segmenter, text):
    return [t.word for t in segmenter.tokens(text)]


def test_importing_the_keyword_and_search_domain_does_not_import_jieba():
    code = "import sys, reader.core.segment, reader.core.search, reader.core.keywords; print('jieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_tokens_tile_the_text_with_offsets(segmenter):
    text = "南通召开全市持续推进“机关作风建设提升年”动员大会, 2023年ABC。\n第二段"
    tokens = segmenter.tokens(text)
    assert all(isinstance(t, Token) and text[t.start : t.end] == t.word for t in tokens)
    assert "".join(t.word for t in tokens) == text
    assert [t.start for t in tokens[1:]] == [t.end for t in tokens[:-1]]
    assert list(segmenter.ends(text)) == [t.end for t in tokens]


def test_domain_dictionary_keeps_officialese_whole(segmenter):
    text = "，".join(f"要坚持{w}的要求" for w in DOMAIN)
    got = words(segmenter, text)
    assert [w for w in DOMAIN if w not in got] == []


def test_add_words_before_and_after_load(tmp_path):
    s = Segmenter(cache_dir=tmp_path)
    s.add_words(["江海湾区新"])
    assert not s.loaded
    s.load()
    s.add_words(["科创走廊区"])
    got = words(s, "打造江海湾区新高地和科创走廊区")
    assert "江海湾区新" in got and "科创走廊区" in got


def test_load_is_quiet_uses_cache_dir_and_reads_the_user_dictionary(tmp_path, capfd, monkeypatch):
    def no_temp_dir():
        raise FileNotFoundError("no usable temporary directory")

    user_dict = tmp_path / "userdict.txt"
    user_dict.write_text("# mine\n海门样板区\n通吕运河带 10\n", encoding="utf-8")
    with monkeypatch.context() as m:
        m.setattr(tempfile, "gettempdir", no_temp_dir)
        s = Segmenter(cache_dir=tmp_path / "cache", user_dict=user_dict).load()
        assert s.load() is s
        got = words(s, "建设海门样板区和通吕运河带")
        Segmenter(cache_dir=None).load()  # no cache at all: still works
    assert "海门样板区" in got and "通吕运河带" in got
    assert (tmp_path / "cache" / "jieba.cache").is_file()
    assert capfd.readouterr() == ("", "")


def test_first_import_and_load_print_nothing_with_an_unusable_tmpdir(tmp_path):
    code = (
        "import json; from pathlib import Path; from reader.core.segment import Segmenter; "
        "s = Segmenter(cache_dir=Path('cache')); "
        "print(json.dumps([t.word for t in s.tokens('推动营商环境提升年')], ensure_ascii=False))"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path / "missing"), "PYTHONWARNINGS": "default"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert out.returncode == 0 and out.stderr == ""
    assert json.loads(out.stdout) == ["推动", "营商环境提升年"]


def test_default_segmenter_is_shared_lazy_and_uses_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(segment, "_default", None)
    paths = resolve(tmp_path)
    first = default_segmenter(paths)
    assert first is default_segmenter() and not first.loaded
    assert (first.cache_dir, first.user_dict) == (paths.cache, paths.user_dict)


def test_fingerprint_follows_the_user_dictionary(tmp_path):
    user_dict = tmp_path / "userdict.txt"
    before = Segmenter(user_dict=user_dict).fingerprint
    user_dict.write_text("新词汇\n", encoding="utf-8")
    assert Segmenter(user_dict=user_dict).fingerprint != before
    assert Segmenter(user_dict=user_dict).fingerprint == Segmenter(user_dict=user_dict).fingerprint


def test_quoted_phrases():
    text = "“四敢”和“十聚焦十查摆”,“万事好通”,“4+2”,“强”,“一二三四五六七八九”,‘数智赋能’,「空间再造」"
    source = Source("s", "s.txt", "t", "0", (Section("t", 1, (Paragraph(1, "body", text),)),))
    assert quoted_phrases([source]) == {"四敢", "十聚焦十查摆", "万事好通", "数智赋能", "空间再造"}
