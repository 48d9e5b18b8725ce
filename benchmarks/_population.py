"""Large populations for the scoring benchmarks: a cached 1 M-profile index and query profiles.

Profiles come from :func:`fakeprofile.synthetic.generate` in batches (one seed
per batch, ids made unique), so no step ever holds more than one batch. Photos
are not drawn: every profile that has a photo gets a precomputed ``photo_hash``
made of random 64- and 256-bit hashes, which is what scoring with precomputed
hashes sees. A small share of profiles reuse one of :data:`SHARED_PHOTOS`
fingerprints exactly (a photo used by several profiles), in the index and in
the queries alike, so that some photo look-ups find confirmed matches.

The built index is cached under ``/tmp/fakeprofile-bench/`` (never in the
repository) with a ``.json`` sidecar holding its build time and stats; a
re-run reuses it. Cached files are named after the generator's source
(:data:`GENERATOR`), so a changed generator never reuses a stale index.
"""

from __future__ import annotations

import hashlib
import json
import random
import resource
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fakeprofile import synthetic
from fakeprofile.fingerprints.photo import STRONG_BITS, PhotoFingerprint, PhotoHash
from fakeprofile.index.sqlfile import FORMAT_VERSION
from fakeprofile.index.store import ReferenceIndex
from fakeprofile.profile import Profile
from fakeprofile.synthetic import generate

#: Where built indexes and generated input files are cached (outside the repository).
CACHE = Path("/tmp/fakeprofile-bench")


def _generator_digest() -> str:
    """SHA-256 of the generator's source: every ``.py`` file of the package, in path order."""
    package = Path(synthetic.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


#: The first 8 hex digits of the SHA-256 of the generator's source (every file of
#: :mod:`fakeprofile.synthetic`, names included), in cached file names.
GENERATOR = _generator_digest()[:8]
#: Profiles per generated batch (the generator holds ~13 KB per profile).
BATCH = 50_000
#: Fingerprints shared by several profiles (exact reuse of one photo).
SHARED_PHOTOS = 2_000
#: Share of indexed profiles with a photo whose fingerprint is one of the shared ones.
INDEX_REUSE = 0.01
#: Share of query profiles with a photo whose fingerprint is one of the shared ones.
QUERY_REUSE = 0.02
# Seeds: index batches use INDEX_SEED + k, query batches QUERY_SEED + k, so the two never meet.
INDEX_SEED = 1_000
QUERY_SEED = 500_000


def random_fingerprint(rng: random.Random) -> str:
    """A fingerprint of independent random hashes, in ``photo_hash`` hex form."""
    return PhotoFingerprint(
        PhotoHash(rng.getrandbits(64), 64),
        PhotoHash(rng.getrandbits(STRONG_BITS), STRONG_BITS),
        PhotoHash(rng.getrandbits(64), 64),
        PhotoHash(rng.getrandbits(STRONG_BITS), STRONG_BITS),
    ).to_hex()


def shared_photos(seed: int = 7) -> list[str]:
    """The fingerprints that several profiles reuse (the same list in every run)."""
    rng = random.Random(seed)
    return [random_fingerprint(rng) for _ in range(SHARED_PHOTOS)]


def _batches(
    n: int, *, prefix: str, seed: int, reuse: float, batch: int
) -> Iterator[list[Profile]]:
    """``n`` profiles in lists of at most ``batch``, with unique ids and photo hashes."""
    shared = shared_photos()
    rng = random.Random(seed)
    done = 0
    k = 0
    while done < n:
        size = min(batch, n - done)
        population = generate(size, seed=seed + k)
        out = []
        for i, profile in enumerate(population.profiles):
            update: dict[str, Any] = {"id": f"{prefix}{k}-{i}"}
            if profile.has_photo:
                reused = rng.random() < reuse
                update["photo_hash"] = rng.choice(shared) if reused else random_fingerprint(rng)
            out.append(profile.model_copy(update=update))
        del population
        yield out
        done += size
        k += 1


def query_batches(n: int, *, batch: int = BATCH) -> Iterator[list[Profile]]:
    """``n`` profiles to score (ids ``q<batch>-<i>``), never in the index."""
    return _batches(n, prefix="q", seed=QUERY_SEED, reuse=QUERY_REUSE, batch=batch)


def query_profiles(n: int, *, batch: int = BATCH) -> list[Profile]:
    """:func:`query_batches` as one list (for sizes that fit in memory)."""
    return [p for part in query_batches(n, batch=batch) for p in part]


def write_jsonl(path: Path, n: int, *, batch: int = BATCH) -> tuple[Path, float]:
    """Write ``n`` query profiles as JSON Lines (batch by batch); return the path and seconds.

    A file already there with ``n`` lines from this generator is reused (and 0
    seconds returned).
    """
    marker = path.with_suffix(".done")
    done = f"{n} {GENERATOR}"  # the count and the generator that wrote them
    if path.exists() and marker.exists() and marker.read_text().strip() == done:
        return path, 0.0
    path.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with path.open("w", encoding="utf-8") as f:
        for part in query_batches(n, batch=batch):
            for profile in part:
                f.write(profile.model_dump_json(exclude_defaults=True) + "\n")
    marker.write_text(f"{done}\n")
    return path, time.perf_counter() - start


def build_index(n: int, *, batch: int = BATCH, log: bool = True) -> tuple[Path, dict[str, Any]]:
    """The cached reference index of ``n`` profiles: its path and build record.

    The record holds ``build_wall_s``, ``build_cpu_s``, ``peak_rss_mib`` (of
    the building process) and the index's ``stats()``; ``cached`` says whether
    this call reused an earlier build.
    """
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"index-{n}-b{batch}-g{GENERATOR}-v{FORMAT_VERSION}.db"
    sidecar = path.with_suffix(".json")
    older = path.with_name(path.name.replace(f"-v{FORMAT_VERSION}.db", "-v2.db"))
    if not path.exists() and older.exists() and older.with_suffix(".json").exists():
        # Built by the format 2 code: a copy, migrated (and its arrays saved) on opening.
        for suffix in ("", "-wal"):
            if Path(f"{older}{suffix}").exists():
                shutil.copy(f"{older}{suffix}", f"{path}{suffix}")
        shutil.copy(older.with_suffix(".json"), sidecar)
        ReferenceIndex(path).close()
    if path.exists() and sidecar.exists():
        record: dict[str, Any] = json.loads(sidecar.read_text())
        record["cached"] = True
        return path, record
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    start, cpu = time.perf_counter(), time.process_time()
    with ReferenceIndex(path) as index:
        added = 0
        for part in _batches(n, prefix="ref", seed=INDEX_SEED, reuse=INDEX_REUSE, batch=batch):
            added += index.add(part).added
            if log:
                print(
                    f"  indexed {added:,} profiles, {time.perf_counter() - start:.0f} s",
                    flush=True,
                )
        stats = index.stats()
    record = {
        "profiles": n,
        "batch": batch,
        "build_wall_s": time.perf_counter() - start,
        "build_cpu_s": time.process_time() - cpu,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "stats": {
            "profiles": stats.profiles,
            "photos": stats.photos,
            "texts": stats.texts,
            "file_bytes": stats.file_bytes,
            "memory_bytes": stats.memory_bytes,
            **stats.extra,
        },
        "cached": False,
    }
    sidecar.write_text(json.dumps(record, indent=1) + "\n")
    return path, record


if __name__ == "__main__":  # build the cache ahead of the benchmarks
    import sys

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    print(json.dumps(build_index(size)[1], indent=1))
