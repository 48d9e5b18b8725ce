"""Reading hostile JSON: one huge string field, and a syntax error early in a big file.

Two measurements, both with :func:`fakeprofile.io.iter_dicts` (reading only;
validation would refuse the long text at once):

``huge value``
    Three records, the middle one with one string field of ``--mb`` MB, as a
    ``.json`` array and as ``.jsonl``. Reading a JSON array must be linear in
    the size of its largest value, as JSON Lines is (issue 15: 200 MB took
    7 min 31 s as ``.json`` against 2.4 s as ``.jsonl``).
``early error``
    A ``.json`` array whose second record has a syntax error, followed by
    ``--mb`` MB of good records: the error must be reported after reading the
    first chunk, not the whole file. Characters read before the error row are
    counted.

Run: ``PYTHONPATH=. python benchmarks/bench_json_reader.py`` (``--mb 200`` by
default; ``--quick`` for 20 MB).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from common import machine, peak_rss_mib, table

from fakeprofile.io import Item, iter_dicts


class _Counting:
    """A text file whose ``read`` counts the characters it returns."""

    def __init__(self, path: Path) -> None:
        self.handle = path.open(encoding="utf-8")
        self.chars = 0

    def read(self, size: int = -1, /) -> str:
        chunk = self.handle.read(size)
        self.chars += len(chunk)
        return chunk

    def readline(self, size: int = -1, /) -> str:
        line = self.handle.readline(size)
        self.chars += len(line)
        return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    mb = 20 if args.quick else args.mb
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        about = "x" * (mb * 1_000_000)
        records = ['{"id": "a"}', '{"id": "b", "about": "' + about + '"}', '{"id": "c"}']
        del about
        (folder / "huge.json").write_text("[\n" + ",\n".join(records) + "\n]")
        (folder / "huge.jsonl").write_text("\n".join(records) + "\n")
        del records
        for name in ("huge.json", "huge.jsonl"):
            start = time.perf_counter()
            items = list(iter_dicts(folder / name))
            seconds = time.perf_counter() - start
            assert [type(i) for i in items] == [Item, Item, Item]
            del items
            rows.append([f"{mb} MB string field", name, f"{seconds:.2f}", "-"])
        early = folder / "early.json"
        with early.open("w") as f:
            f.write('[{"id": "a"},\n{"id" "b"},\n')
            n = mb * 1_000
            f.write(",\n".join(json.dumps({"id": f"x{i}", "about": "y" * 980}) for i in range(n)))
            f.write("]")
        stream = _Counting(early)
        start = time.perf_counter()
        items = list(iter_dicts("-", format="json", stdin=stream))  # type: ignore[arg-type]
        seconds = time.perf_counter() - start
        stream.handle.close()
        assert len(items) == 2
        rows.append(
            [f"syntax error, then {mb} MB", "early.json", f"{seconds:.4f}", f"{stream.chars:,}"]
        )
    print(machine())
    print(table(["case", "file", "wall s", "chars read before the error row"], rows))
    print(f"peak RSS {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
