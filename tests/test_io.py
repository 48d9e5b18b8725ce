"""Readers: JSON, JSON Lines, CSV and standard input; streaming; error rows; photo paths."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakeprofile import InputFormatError, Item, ReadError, read_invitations, read_profiles
from fakeprofile.io import iter_dicts


def _ids(items: list[Item[object] | ReadError]) -> list[str]:
    out = []
    for item in items:
        if isinstance(item, ReadError):
            out.append(f"error@{item.line}")
        else:
            out.append(item.value.id)  # type: ignore[attr-defined]
    return out


def test_examples_read_cleanly(examples: Path) -> None:
    items = list(read_profiles(examples / "profiles.jsonl"))
    assert all(isinstance(i, Item) for i in items)
    assert _ids(items) == ["p-amara", "p-george", "p-amelia", "p-priya", "p-jordan"]  # type: ignore[arg-type]
    invitations = list(read_invitations(examples / "invitations.jsonl"))
    assert len(invitations) == 3
    assert all(isinstance(i, Item) for i in invitations)


def test_photo_paths_resolve_relative_to_the_file(examples: Path) -> None:
    first = next(read_profiles(examples / "profiles.jsonl"))
    assert isinstance(first, Item)
    assert first.value.photo == str((examples / "photos" / "amara.jpg").resolve())


def test_missing_photo_is_an_error_row(tmp_path: Path) -> None:
    f = tmp_path / "p.jsonl"
    f.write_text('{"id": "a", "photo": "nowhere.jpg"}\n{"id": "b"}\n')
    items = list(read_profiles(f))
    assert isinstance(items[0], ReadError)
    assert items[0].record_id == "a"
    assert "photo: no readable photo file at" in items[0].message
    assert isinstance(items[1], Item)


def test_jsonl_bad_lines_become_error_rows_and_reading_goes_on(tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    f.write_text(
        '{"id": "a"}\n{not json\n\n{"id": "b", "activity": {"likes": -3}}\n[1, 2]\n{"id": "c"}\n'
    )
    items = list(read_profiles(f))
    assert _ids(items) == ["a", "error@2", "error@4", "error@5", "c"]  # type: ignore[arg-type]
    bad = items[2]
    assert isinstance(bad, ReadError)
    assert bad.record_id == "b"
    assert bad.message == "activity.likes: must be ≥ 0, got -3"
    assert "malformed JSON" in items[1].message  # type: ignore[union-attr]
    assert str(bad) == f"{f}:4 (id 'b'): activity.likes: must be ≥ 0, got -3"


def test_json_array_and_single_object(tmp_path: Path) -> None:
    arr = tmp_path / "a.json"
    arr.write_text(json.dumps([{"id": "a"}, {"id": "b", "connections": -1}, {"id": "c"}], indent=2))
    items = list(read_profiles(arr))
    assert _ids(items) == ["a", "error@5", "c"]  # type: ignore[arg-type]
    one = tmp_path / "o.json"
    one.write_text(json.dumps({"id": "solo", "name": "Solo"}, indent=2))
    assert _ids(list(read_profiles(one))) == ["solo"]  # type: ignore[arg-type]


def test_json_array_is_streamed_across_chunks(tmp_path: Path) -> None:
    # Records larger than the reader's chunk size and many of them.
    records = [{"id": f"p{i}", "about": "word " * 3000} for i in range(40)]
    f = tmp_path / "big.json"
    f.write_text(json.dumps(records))
    assert _ids(list(read_profiles(f))) == [f"p{i}" for i in range(40)]  # type: ignore[arg-type]


def test_malformed_json_document_says_where(tmp_path: Path) -> None:
    f = tmp_path / "bad.json"
    f.write_text('[\n{"id": "a"},\n{"id": \n')
    items = list(read_profiles(f))
    assert isinstance(items[0], Item)
    assert isinstance(items[1], ReadError)
    assert "malformed JSON" in items[1].message


def test_empty_file_is_one_error(tmp_path: Path) -> None:
    for name in ("e.json", "e.jsonl", "e.csv"):
        f = tmp_path / name
        f.write_text("")
        items = list(read_profiles(f))
        assert len(items) == 1
        assert isinstance(items[0], ReadError)
        assert "empty" in items[0].message


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputFormatError, match="cannot tell the format"):
        list(read_profiles(tmp_path / "x.txt"))
    with pytest.raises(InputFormatError, match="cannot open"):
        list(read_profiles(tmp_path / "absent.jsonl"))


def test_csv_flat_and_nested_columns(tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text(
        "id,name,connections,activity.likes,activity.comments,activity.comment_texts,"
        "experience.0.title,experience.0.start,experience.1.title,skills\n"
        'a,Ann,12,40,2,Great post!|Thanks for sharing,Nurse,2019-03,Ward sister,"Triage|Rota"\n'
        "b,Bob,,5,,,,,,\n"
    )
    items = list(read_profiles(f))
    a, b = items
    assert isinstance(a, Item)
    assert isinstance(b, Item)
    assert a.value.connections == 12
    assert a.value.activity is not None
    assert a.value.activity.comment_texts == ["Great post!", "Thanks for sharing"]
    assert [e.title for e in a.value.experience or ()] == ["Nurse", "Ward sister"]
    assert a.value.skills == ["Triage", "Rota"]
    assert b.value.connections is None  # empty cell = missing
    assert (a.line, b.line) == (2, 3)


def test_csv_unknown_column_and_bad_row(tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text("id,colour,connections\na,blue,1\nb,red\nc,,-4\n")
    items = list(read_profiles(f))
    assert all(isinstance(i, ReadError) for i in items)
    messages = [i.message for i in items]  # type: ignore[union-attr]
    assert messages[0].startswith("colour: unknown field")
    assert "2 cells but the header has 3" in messages[1]
    assert messages[2] == "connections: must be ≥ 0, got -4"
    assert [i.record_id for i in items] == ["a", "b", "c"]  # type: ignore[union-attr]


def test_csv_invitations_use_dotted_sender_columns(tmp_path: Path) -> None:
    f = tmp_path / "i.csv"
    f.write_text(
        "sender.id,sender.name,message,mutual_connections,links\ns1,Sam,Hello,3,https://a.example|https://b.example\n"
    )
    (item,) = list(read_invitations(f))
    assert isinstance(item, Item)
    assert item.value.sender.name == "Sam"
    assert item.value.links == ["https://a.example", "https://b.example"]


@pytest.mark.parametrize(
    "text",
    [
        '{"id": "a"}\n{"id": "b"}\n',
        '[{"id": "a"},\n {"id": "b"}]',
        '{\n  "id": "a"\n}\n{"id": "b"}',
        "id,name\na,A\nb,B\n",
    ],
)
def test_stdin_is_sniffed(text: str) -> None:
    items = list(read_profiles("-", stdin=io.StringIO(text)))
    assert _ids(items) == ["a", "b"]  # type: ignore[arg-type]
    assert items[0].source == "<stdin>"


def test_iter_dicts_is_lazy(tmp_path: Path) -> None:
    f = tmp_path / "p.jsonl"
    f.write_text("".join(json.dumps({"id": str(i)}) + "\n" for i in range(1000)))
    stream = iter_dicts(f)
    first = next(stream)
    assert isinstance(first, Item)
    assert first.value == {"id": "0"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_jsonl_text_never_crashes(text: str) -> None:
    for item in read_profiles("-", stdin=io.StringIO(text), format="jsonl"):
        assert isinstance(item, Item | ReadError)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_json_text_never_crashes(text: str) -> None:
    for item in read_profiles("-", stdin=io.StringIO(text), format="json"):
        assert isinstance(item, Item | ReadError)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_csv_text_never_crashes(text: str) -> None:
    for item in read_profiles("-", stdin=io.StringIO(text), format="csv"):
        assert isinstance(item, Item | ReadError)


def test_csv_without_id_column_gives_one_error_per_record(tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text("name,connections\nAnn,1\nBob,2\n")
    items = list(read_profiles(f))
    assert len(items) == 2
    assert all(isinstance(i, ReadError) and i.message == "id: is required" for i in items)


def test_raw_lines_decode_to_what_iter_dicts_reads(tmp_path: Path) -> None:
    # The command line's workers decode JSON Lines lines themselves: each line must
    # give exactly the record or error row that iter_dicts gives, and nothing else
    # may change (blank lines, an empty file, other formats).
    from fakeprofile.io.readers import _raw_records, _RawLine

    (tmp_path / "me.jpg").write_bytes(b"not really a jpeg")
    f = tmp_path / "in.jsonl"
    f.write_bytes(
        b'\xef\xbb\xbf{"id": "a", "photo": "me.jpg"}\n\n  \n{"id": "b", "photo": "../x.jpg"}\n'
        b'{"id": \n[1]\n{"id": "c", "id": "d"}\n{"id": "e", "name": "\xff"}\n'
        b'{"id": "f", "about": "caf\xc3\xa9"}'
    )
    raw = list(_raw_records(f))
    assert all(isinstance(r, _RawLine) for r in raw)
    assert [r.line for r in raw if isinstance(r, _RawLine)] == [1, 4, 5, 6, 7, 8, 9]
    decoded = [r.decoded() if isinstance(r, _RawLine) else r for r in raw]
    assert decoded == list(iter_dicts(f))
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n \n")
    assert list(_raw_records(empty)) == list(iter_dicts(empty))
    table = tmp_path / "t.csv"
    table.write_text("id,connections\nx,3\n")
    assert list(_raw_records(table)) == list(iter_dicts(table))
