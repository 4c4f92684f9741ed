"""Near-duplicate fingerprints: MinHash (datasketch) over word shingles of the clean body.

A syndicated copy differs from its original by its title, trailer, a paragraph cut or added, punctuation or
case; the body's word shingles barely change. The title is left out on purpose, and the text is lower-cased
and stripped of punctuation before shingling, so those edits do not count. LSH banding (the b × r split that
datasketch's MinHashLSH picks for a threshold) turns "similar" into "shares a band key", which the store can
look up by index instead of comparing against every stored article.
"""

from __future__ import annotations

import re
from functools import lru_cache

# numpy and datasketch (with scipy behind it), and hashlib, are imported in the functions that compute or
# compare signatures: opening a store and reading it must not load them, nor `eventwatch --help` (which reads
# DEFAULT_THRESHOLD for ingest's option) hashlib's OpenSSL (see tests/test_startup.py).

NUM_PERM = 128
SHINGLE_WORDS = 4
DEFAULT_THRESHOLD = 0.5  # estimated Jaccard of shingle sets; see benchmarks/bench_dedup.py for the choice
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> bytes:
    """The MinHash of the text's shingles, as NUM_PERM little-endian uint32 values (what the store keeps)."""
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    grams = shingles(text)
    if grams:
        minhash.update_batch(list(grams))
    return minhash.hashvalues.astype("<u4").tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal MinHash values."""
    import numpy as np

    va, vb = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    if va.shape != vb.shape or not len(va):
        return 0.0
    return float(np.count_nonzero(va == vb)) / len(va)


def check_threshold(threshold: float) -> None:
    """ValueError unless the threshold can be banded; cheap, unlike ``bands`` (which needs datasketch)."""
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"duplicate threshold must be between 0 and 1, got {threshold}")


@lru_cache(maxsize=16)
def bands(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) that datasketch chooses for this threshold (equal weight on both error kinds)."""
    check_threshold(threshold)
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def band_keys(sig: bytes, threshold: float) -> list[tuple[int, int]]:
    """(band, key) pairs: two articles that share any key are candidates for being duplicates. The band number
    is hashed into the key, so a lookup needs only the keys."""
    import hashlib

    import numpy as np

    b, r = bands(threshold)
    values = np.frombuffer(sig, dtype="<u4")
    keys = []
    for band in range(b):
        chunk = band.to_bytes(2, "little") + values[band * r:(band + 1) * r].tobytes()
        # 63 bits, so the key fits a signed BIGINT on every backend
        keys.append((band, int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little") >> 1))
    return keys
