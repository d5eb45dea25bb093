"""Readers alone (no database): encodings, CSV quirks, JSON, NDJSON, streaming."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from desktop.domain.errors import InvalidInput
from desktop.intake.readers import RawRecord, column_key, open_records, scan_file

CP932_TRICKY = "①髙﨑ﾔﾏｻﾞｷ〜～"


def _records(path: Path) -> list[RawRecord]:
    facts = scan_file(path)
    return list(open_records(path, facts))


def test_utf8_with_and_without_bom(tmp_path: Path) -> None:
    for encoding, expected in (("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig")):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes("受付番号,氏名\r\nA1,髙橋　①\r\n".encode(encoding))
        facts = scan_file(path)
        assert facts.encoding == expected
        [record] = list(open_records(path, facts))
        assert record.values == {"受付番号": "A1", "氏名": "髙橋　①"}  # no BOM in the header


def test_cp932_is_used_when_utf8_fails_and_keeps_every_character(tmp_path: Path) -> None:
    path = tmp_path / "sjis.csv"
    path.write_bytes(f"受付番号,氏名\r\nA1,{CP932_TRICKY}\r\n".encode("cp932"))
    facts = scan_file(path)
    assert facts.encoding == "cp932"
    assert facts.utf8_error_at is not None
    [record] = list(open_records(path, facts))
    # cp932 has one code (0x8160) for 〜 and ～; it reads back as ～ (U+FF5E). Everything
    # else comes back exactly.
    assert record.values["氏名"] == "①髙﨑ﾔﾏｻﾞｷ～～"
    with pytest.raises(UnicodeDecodeError):  # why cp932 and never shift_jis
        CP932_TRICKY.encode("cp932").decode("shift_jis")


def test_quoted_newlines_crlf_blank_lines_and_trailing_empty_columns(tmp_path: Path) -> None:
    path = tmp_path / "quirks.csv"
    path.write_bytes(
        b'\xef\xbb\xbf\xe5\x8f\x97\xe4\xbb\x98\xe7\x95\xaa\xe5\x8f\xb7,\xe4\xbd\x8f\xe6\x89\x80,,\r\n'
        + "\r\nA1,\"神戸市\r\n中央区\",,\r\n\r\n,,,\r\nA2,\"言う \"\"引用\"\"\",,\r\nA3,最後\n".encode()
    )
    records = _records(path)
    assert [r.values["受付番号"] for r in records] == ["A1", "A2", "A3"]
    assert records[0].values["住所"] == "神戸市\r\n中央区"
    assert records[1].values["住所"] == '言う "引用"'
    # Rows count as a spreadsheet shows them: header 1, blank 2, A1 3, blank 4 and 5.
    assert [r.row for r in records] == [3, 6, 7]
    assert records[0].line == 3 and records[1].line == 7
    assert records[0].extra == ("", "")


def test_header_with_stray_spaces_and_full_width_characters(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text(" 受付番号 ,氏　名,電話番号（日中の連絡先）\nA1,x,y\n", encoding="utf-8")
    [record] = _records(path)
    assert {column_key(k) for k in record.values} == {
        column_key("受付番号"), column_key("氏名"), column_key("電話番号(日中の連絡先)")}


def test_undecodable_bytes_are_reported_with_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    good = "受付番号,氏名,住所\r\nA1,山田,神戸\r\n".encode("cp932")
    bad = b"A2,\x82\xa0\x85\x40," + "神戸\r\n".encode("cp932")  # 0x85 0x40: unassigned
    path.write_bytes(good + bad + "A3,佐藤,大阪\r\n".encode("cp932"))
    records = _records(path)
    assert [r.values["受付番号"] for r in records] == ["A1", "A2", "A3"]
    assert not records[0].problems and not records[2].problems
    [problem] = records[1].problems
    assert problem.code == "undecodable" and problem.column == "氏名"
    assert "3 行目「氏名」列" in problem.message_ja and "0x85" in problem.message_ja
    assert 'row 3, column "氏名"' in problem.message_en


def test_a_file_that_is_neither_utf8_nor_cp932_is_refused(tmp_path: Path) -> None:
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("受付番号,氏名\r\nA1,山田\r\n".encode("utf-16"))
    with pytest.raises(InvalidInput, match="UTF-16"):
        scan_file(utf16)
    garbage = tmp_path / "binary.csv"
    garbage.write_bytes(b"\x85\x40\xff\xfe\xfd,\x80\x81\r\nA1,x\r\n")
    with pytest.raises(InvalidInput, match="UTF-8 でも cp932") as err:
        _records(garbage)
    assert err.value.params["row"] == 1 and err.value.params["column"] == 1


def test_json_array_and_ndjson_give_the_same_records(tmp_path: Path) -> None:
    rows = [{"受付番号": f"A{i}", "氏名": f"名前{i}", "添付ファイル1": ["a.pdf", "b.png"]}
            for i in range(1, 2000)]
    import json

    array = tmp_path / "a.json"
    array.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    nd = tmp_path / "a.ndjson"
    nd.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n",
                  encoding="utf-8")
    from_array = _records(array)
    from_nd = _records(nd)
    assert [r.values for r in from_array] == rows == [r.values for r in from_nd]
    assert [r.row for r in from_array] == list(range(1, 2000))
    assert from_array[0].line == 2 and from_array[1].line == 10  # 8 lines per element


def test_broken_json_is_one_unreadable_record_not_a_crash(tmp_path: Path) -> None:
    nd = tmp_path / "b.ndjson"
    nd.write_text('{"受付番号": "A1"}\n{"受付番号": \n{"受付番号": "A3"}\n[1]\n', encoding="utf-8")
    records = _records(nd)
    assert [r.problems[0].code if r.problems else None for r in records] == [
        None, "invalid_json", None, "not_an_object"]
    array = tmp_path / "b.json"
    array.write_text('[{"受付番号": "A1"}, {"受付番号": ]', encoding="utf-8")
    records = _records(array)
    assert records[0].values == {"受付番号": "A1"}
    assert records[1].problems[0].code == "invalid_json"


def test_unbalanced_quote_keeps_the_rows_before_it(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('受付番号,氏名\nA1,x\nA2,"open ' + "y" * 200_000 + "\nA3,z\n",
                    encoding="utf-8")
    records = _records(path)
    assert records[0].values["受付番号"] == "A1"
    assert records[-1].problems[0].code == "unreadable"
    assert len(records[-1].unreadable or "") <= 20_000


@pytest.mark.slow
def test_reading_is_streamed_memory_stays_flat(tmp_path: Path) -> None:
    """Peak memory while reading does not grow with the file: 10k and 100k rows."""
    line = "W-{:07d},山田　太郎,ヤマダ　タロウ,昭和30年4月1日,650-0001,兵庫県神戸市中央区加納町6丁目5-1\r\n"
    peaks = []
    for n in (10_000, 100_000):
        path = tmp_path / f"{n}.csv"
        with path.open("w", encoding="cp932", newline="") as f:
            f.write("受付番号,氏名,フリガナ,生年月日,郵便番号,住所\r\n")
            for i in range(n):
                f.write(line.format(i))
        facts = scan_file(path)
        tracemalloc.start()
        count = sum(1 for _ in open_records(path, facts))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert count == n
    assert peaks[1] < 4 * 1024 * 1024
    assert peaks[1] < peaks[0] * 2
