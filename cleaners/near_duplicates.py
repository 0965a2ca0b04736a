"""Near-duplicates: the same story republished by many outlets becomes one kept document.

Outlets run the same wire copy under their own head, byline and trailer (stripped before we get
here), trimmed from the bottom to fit, a word or a sentence edited, a paragraph cut, sometimes with
a block of site boilerplate that no rule removed. Such a copy may hold only half of the story, so
its Jaccard similarity with the full story is far below the usual 0.8; what stays high is how much
of the shorter text is found in the longer one (containment). A follow-up that reuses two
background paragraphs of an earlier story, or another agency's report of the same event, shares a
small part of either text and stays a story of its own.

Signatures (`sketch`, in the workers): the cleaned text's word 5-shingles (lower-cased `\\w+`
words), one MinHash of 128 permutations by rensa (seeded, so every process gives the same values),
kept as 16-bit values (b-bit MinHash: a chance equality of two unequal values is 1 in 65,536, and
it halves the index), with the number of distinct shingles.

Decision (`containment`): from two signatures, the Jaccard similarity J is the share of equal
values; with the shingle counts |A| and |B|, |A∩B| = J(|A|+|B|)/(1+J), and the containment of the
shorter text in the longer is |A∩B|/min(|A|,|B|). Two documents are the same story when it is at
least `near_duplicate_threshold`. Candidates come from LSH: the signature cut into bands of
`near_duplicate_band_rows` values; documents sharing a band are compared.

Clusters (`assign`, in the run's finishing step): documents in rank order, the kept-copy rule:
earliest `published` (undated last), then the longest text, then the smallest id. Each document
joins the kept document before it, among its LSH candidates, with the highest containment at or
over the threshold; with none it is kept itself. The result depends only on the set of documents,
never on the order in which files were cleaned or runs were made.

The index (`clean/.state/near_duplicates/index.npz`) holds one row per accepted or near-duplicate
document: its id, a key of its raw path, rank fields, shingle count, signature and the cluster it
was last settled in (300 bytes a row). A run replaces the rows of the files it cleaned, settles the
clusters again when anything changed, and rewrites only the documents whose cluster changed.
"""

from __future__ import annotations

import io
import json
import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path
import numpy as np

from cleaners.config import CleanConfig
from cleaners.document import Document
from cleaners.runner import display_source, outcome_of
from cleaners.store import CleanStore, path_key

REASON = "near_duplicate"
SHINGLE_WORDS = 5
NUM_PERM = 128
MINHASH_SEED = 1729
UNDATED = np.iinfo(np.int64).max  # undated documents rank after every dated one
WORD = re.compile(r"\w+")
ROW = np.dtype(
    [
        ("id", "u8"),  # the document id (16 hex digits) as a number
        ("source", "u8"),  # the raw path's key (store.path_key) as a number
        ("published", "i8"),  # seconds since 1970 (UTC), UNDATED when unknown
        ("length", "u4"),  # characters of text
        ("shingles", "u4"),  # distinct word shingles
        ("kept", "u8"),  # the id of the kept document of its cluster (its own id when kept)
        ("similarity", "f4"),  # containment in the kept document (NaN when kept)
        ("signature", "u2", (NUM_PERM,)),
    ]
)
LARGEST_CLUSTERS = 10


def signature_key() -> str:
    """What the stored signatures depend on: a different key means they are computed again."""
    import rensa

    return f"rensa {version('rensa')} algorithm {rensa.RMinHash.ALGORITHM_VERSION}; {SHINGLE_WORDS}-word shingles; {NUM_PERM} permutations; seed {MINHASH_SEED}"


def sketch_row(doc_id: str, source: str, published: int, length: int, count: int, signature: np.ndarray) -> bytes:
    """One index row as bytes: what a worker sends back for an accepted document (300 bytes, no text)."""
    row = np.zeros(1, dtype=ROW)
    number = id_number(doc_id)
    row[0] = (number, int(path_key(source), 16), published, length, count, number, np.nan, signature)
    return row.tobytes()


NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Bytes of UTF-8 text: the ASCII ones that are not word characters become spaces, the others stay.
ASCII_SEPARATORS = bytes(c if c >= 0x80 or WORD.fullmatch(chr(c)) else 0x20 for c in range(256))


def words_of(text: str) -> list[str]:
    """`WORD.findall(text.lower())`, faster: every character that is not a word character becomes a space
    (the few distinct ones outside ASCII, curly quotes and dashes, one by one; the ASCII ones at once,
    in the UTF-8 bytes), and what is left splits at the spaces into the same words."""
    lowered = text.lower()
    if not lowered.isascii():
        for char in set(NON_ASCII.findall(lowered)):
            if not WORD.match(char):
                lowered = lowered.replace(char, " ")
    return lowered.encode("utf-8").translate(ASCII_SEPARATORS).decode("utf-8").split()


def shingles(text: str) -> set[str]:
    """The text's distinct word shingles (lower-cased words, SHINGLE_WORDS at a time; a shorter text is one shingle)."""
    words = words_of(text)
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return set(map(" ".join, zip(*(words[i:] for i in range(SHINGLE_WORDS)))))


def published_seconds(published: str | None) -> int:
    """An ISO 8601 date or date-time as seconds since 1970 (a date alone is its midnight, UTC)."""
    if not published:
        return int(UNDATED)
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return int(UNDATED)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp())


def sketch(doc: Document) -> bytes:
    """The document's index row: signature and rank fields (computed in the worker that cleaned it)."""
    import rensa

    grams = shingles(doc.text)
    minhash = rensa.RMinHash(NUM_PERM, MINHASH_SEED)
    minhash.update(grams)  # the minimum of each permutation: the order of shingles does not matter
    values = np.asarray(minhash.digest(), dtype=np.uint32).astype("<u2")  # the low 16 bits
    return sketch_row(doc.id, doc.source, published_seconds(doc.published), len(doc.text), len(grams), values)


def containment(signatures: np.ndarray, counts: np.ndarray, signature: np.ndarray, count: int) -> np.ndarray:
    """Estimated share of the shorter text's shingles found in the longer, for each row against one document."""
    jaccard = (signatures == signature).mean(axis=1)
    shared = jaccard * (counts.astype(np.float64) + count) / (1.0 + jaccard)
    return np.minimum(1.0, shared / np.maximum(1, np.minimum(counts, count)))


def jaccard(signatures: np.ndarray, counts: np.ndarray, signature: np.ndarray, count: int) -> np.ndarray:
    """Estimated Jaccard similarity, for each row against one document (plain MinHash; the benchmark's baseline)."""
    return (signatures == signature).mean(axis=1)


def rank_order(rows: np.ndarray) -> np.ndarray:
    """Row indices by the kept-copy rule: earliest published (undated last), longest text, smallest id."""
    return np.lexsort((rows["id"], -rows["length"].astype(np.int64), rows["published"]))


def band_memberships(signatures: np.ndarray, band_rows: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, bucket) for every row that shares a band with another row; bucket numbers are global."""
    n = len(signatures)
    rows_of, buckets_of, offset = [], [], 0
    for start in range(0, NUM_PERM - band_rows + 1, band_rows):
        key = np.zeros(n, dtype=np.uint64)
        for column in range(start, start + band_rows):
            key = (key << np.uint64(16)) | signatures[:, column].astype(np.uint64)
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        new = np.empty(n, dtype=bool)
        new[:1] = True
        new[1:] = ordered[1:] != ordered[:-1]
        group = np.cumsum(new) - 1
        sizes = np.bincount(group)
        shared = sizes[group] >= 2
        rows_of.append(order[shared].astype(np.int32))
        buckets_of.append((group[shared] + offset).astype(np.int64 if offset + len(group) >= 2**31 else np.int32))
        offset += len(sizes)
    if not rows_of:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return np.concatenate(rows_of), np.concatenate(buckets_of)


def assign(rows: np.ndarray, threshold: float, band_rows: int, measure=containment) -> tuple[np.ndarray, np.ndarray]:
    """For every row, the index of its cluster's kept row and its containment in it (NaN for kept rows)."""
    n = len(rows)
    kept = np.arange(n)
    similarity = np.full(n, np.nan)
    if n < 2:
        return kept, similarity
    signatures, counts = rows["signature"], rows["shingles"]
    position = np.empty(n, dtype=np.int64)
    position[rank_order(rows)] = np.arange(n)
    members, buckets = band_memberships(signatures, band_rows)
    if not len(members):
        return kept, similarity
    order = np.lexsort((buckets, position[members]))  # by the row's rank, then bucket
    members, buckets = members[order], buckets[order]
    starts = np.flatnonzero(np.r_[True, members[1:] != members[:-1]])
    ends = np.r_[starts[1:], len(members)]
    heads: dict[int, list[int]] = {}  # bucket -> kept rows in it so far
    for start, end in zip(starts.tolist(), ends.tolist()):
        row = int(members[start])
        own = buckets[start:end].tolist()
        candidates = sorted({head for bucket in own for head in heads.get(bucket, ())})
        if candidates:
            found = measure(signatures[candidates], counts[candidates], signatures[row], int(counts[row]))
            best = max(range(len(candidates)), key=lambda i: (found[i], -position[candidates[i]]))
            if found[best] >= threshold:
                kept[row] = candidates[best]
                similarity[row] = round(float(found[best]), 3)
                continue
        for bucket in own:
            heads.setdefault(bucket, []).append(row)
    return kept, similarity


def id_number(doc_id: str) -> int:
    return int(doc_id, 16)


def id_text(number: int) -> str:
    return f"{int(number):016x}"


@dataclass
class Settlement:
    """What the finishing step did, for the run report."""

    mode: str
    clusters: int = 0  # clusters of two documents or more in the whole clean folder
    copies: int = 0  # documents that are near-duplicates of a kept one (rejected, or marked)
    rewritten: int = 0  # documents rewritten because their cluster changed
    rejected_now: list[dict] = field(default_factory=list)  # outcomes of files cleaned in this run that ended as near-duplicates (reject mode)
    largest: list[dict] = field(default_factory=list)  # the largest clusters: kept document and size
    seconds: float = 0.0


class NearDuplicateIndex:
    """The rows of clean/.state/near_duplicates/index.npz and the options they were settled with."""

    def __init__(self, store: CleanStore):
        self.store = store
        self.folder = store.state / "near_duplicates"
        self.path = self.folder / "index.npz"
        self.rows = np.empty(0, dtype=ROW)
        self.meta: dict = {}

    def load(self) -> bool:
        """Read the index; False when there is none, it is unreadable, or its signatures are of another kind."""
        try:
            with np.load(self.path, allow_pickle=False) as data:
                meta = json.loads(bytes(data["meta"]).decode("utf-8"))
                rows = data["rows"]
        except (OSError, ValueError, KeyError):
            return False
        if meta.get("signatures") != signature_key() or rows.dtype != ROW:
            return False
        self.rows, self.meta = rows, meta
        return True

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        meta = np.frombuffer(json.dumps(self.meta, sort_keys=True).encode("utf-8"), dtype=np.uint8)
        np.savez(buffer, rows=self.rows, meta=meta)
        self.store.write_atomic(self.path, buffer.getvalue())

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def rows_from(sketches: bytes | bytearray | list[bytes]) -> np.ndarray:
    """Index rows from sketches (one `sketch` each, or several joined, as a batch gathers them)."""
    data = b"".join(sketches) if isinstance(sketches, list) else sketches
    return np.frombuffer(data, dtype=ROW) if data else np.empty(0, dtype=ROW)


def document_path(store: CleanStore, doc_id: str) -> Path | None:
    """Where a document of the index is now: accepted, or rejected (a near-duplicate copy)."""
    for path in (store.root / f"{doc_id}.json", store.rejected / f"{doc_id}.json"):
        if path.is_file():
            return path
    return None


def indexed(state: dict | None) -> bool:
    """A raw file's state entry says its document belongs in the index: accepted, or a near-duplicate copy."""
    return bool(state) and (state.get("status") == "accepted" or state.get("reasons") == [REASON])


def sketch_documents(store: CleanStore, ids: np.ndarray) -> list[bytes]:
    """Signatures of documents already in the clean folder, from their text: unchanged files whose
    rows the index lacks (no index yet, signatures of another kind, a run killed before its end)."""
    found = []
    for number in ids.tolist():
        path = document_path(store, id_text(number))
        data = store.read_json(path) if path else None
        if data and (data.get("status") == "accepted" or data.get("reasons") == [REASON]):
            try:
                found.append(sketch(Document(**data)))
            except ValueError:
                continue
    return found


def settle_document(store: CleanStore, doc_id: str, kept: str | None, similarity: float | None, mode: str) -> Document | None:
    """Rewrite one document for its cluster (atomically, in the folder its status belongs to) and its state entry."""
    path = document_path(store, doc_id)
    data = store.read_json(path) if path else None
    if data is None:
        return None
    doc = Document(**data)
    doc.near_duplicate_of, doc.near_duplicate_similarity = kept, similarity
    if kept is not None and mode == "reject":
        doc.reject(REASON)
    elif REASON in doc.reasons:
        doc.reasons = [reason for reason in doc.reasons if reason != REASON]
        doc.status = "rejected" if doc.reasons else "accepted"
    output = store.write_document(doc)
    state = store.read_state(doc.source)
    if state and state.get("id") == doc.id:
        state.update(status=doc.status, reasons=doc.reasons, output=output)
        store.write_state(doc.source, state)
    return doc


def settle(
    store: CleanStore, config: CleanConfig, sketches: bytes | bytearray, cleaned_sources: set[str], unchanged: list[int] | None = None
) -> Settlement:
    """The finishing step: bring the index up to date with this run's documents, settle the clusters
    again when anything changed, rewrite the documents whose cluster changed, report.

    `sketches` are the rows of this run's accepted documents (joined); `cleaned_sources` the other raw
    files this run cleaned or settled (rejections: their earlier rows go); `unchanged` the ids of the documents of files
    skipped as unchanged that belong in the index (a missing row is sketched from the document).
    Called once per run, in the parent, after every batch.
    """
    started = time.monotonic()
    mode = config.near_duplicates
    index = NearDuplicateIndex(store)
    loaded = index.load()
    if mode == "off":  # copies an earlier run settled become plain documents again; the index goes
        settlement = Settlement(mode)
        if loaded:
            for row in index.rows[index.rows["kept"] != index.rows["id"]]:
                settle_document(store, id_text(row["id"]), None, None, mode)
                settlement.rewritten += 1
            index.remove()
        settlement.seconds = round(time.monotonic() - started, 3)
        return settlement
    rows = index.rows
    new = rows_from(sketches)
    changed = bool(len(new) or cleaned_sources) or not loaded
    lacking = np.setdiff1d(np.array(unchanged or [], dtype=np.uint64), rows["id"])
    if len(lacking):
        rows = np.concatenate([rows, rows_from(sketch_documents(store, lacking))])
        changed = True
    if len(new) or cleaned_sources:
        gone = np.array(sorted({int(path_key(source), 16) for source in cleaned_sources}), dtype=np.uint64)
        keep = ~np.isin(rows["source"], gone) & ~np.isin(rows["source"], new["source"]) & ~np.isin(rows["id"], new["id"])
        rows = np.concatenate([rows[keep], new]) if not keep.all() or len(new) else rows
    index.rows = None  # the index's own array is no longer needed: memory for the settling
    options = {"threshold": config.near_duplicate_threshold, "band_rows": config.near_duplicate_band_rows, "mode": mode}
    new_ids = set(new["id"].tolist())
    del new
    settlement = Settlement(mode)
    if changed or index.meta.get("options") != options:
        rows = rows if rows.flags.writeable else rows.copy()
        kept, similarity = assign(rows, config.near_duplicate_threshold, config.near_duplicate_band_rows)
        new_kept = rows["id"][kept]
        old_sim, new_sim = rows["similarity"], similarity.astype(np.float32)
        same_similarity = (old_sim == new_sim) | (np.isnan(old_sim) & np.isnan(new_sim))
        differs = (rows["kept"] != new_kept) | ~same_similarity
        if index.meta.get("options", {}).get("mode", mode) != mode:
            differs |= new_kept != rows["id"]
        for i in np.flatnonzero(differs).tolist():
            own = int(rows["id"][i])
            copy_of = None if int(new_kept[i]) == own else id_text(new_kept[i])
            doc = settle_document(store, id_text(own), copy_of, None if copy_of is None else round(float(new_sim[i]), 3), mode)
            settlement.rewritten += 1
            if doc is not None and own in new_ids and doc.status == "rejected":
                settlement.rejected_now.append(outcome_of(doc, {}, display_source(os.path.dirname(doc.source))))
        rows["kept"], rows["similarity"] = new_kept, new_sim
        index.rows, index.meta = rows, {"signatures": signature_key(), "options": options, "documents": len(rows)}
        index.save()
    copies = rows["kept"] != rows["id"]
    sizes = Counter(rows["kept"][copies].tolist())
    settlement.clusters, settlement.copies = len(sizes), int(copies.sum())
    for kept_id, count in sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:LARGEST_CLUSTERS]:
        head = store.read_json(store.root / f"{id_text(kept_id)}.json") or {}
        lowest = float(np.nanmin(rows["similarity"][(rows["kept"] == kept_id) & copies]))
        settlement.largest.append(
            {"kept": id_text(kept_id), "source": head.get("source"), "title": head.get("title"), "copies": count, "lowest_similarity": round(lowest, 3)}
        )
    settlement.seconds = round(time.monotonic() - started, 3)
    return settlement


def recorded(clean_dir: str | Path, doc_id: str) -> tuple[str, float] | None:
    """The kept document and similarity a batch run recorded for a document id, if it is a copy."""
    index = NearDuplicateIndex(CleanStore(clean_dir))
    if not index.load():
        return None
    match = index.rows[index.rows["id"] == id_number(doc_id)]
    if not len(match) or match[0]["kept"] == match[0]["id"]:
        return None
    return id_text(match[0]["kept"]), round(float(match[0]["similarity"]), 3)


def apply_recorded(doc: Document, clean_dir: str | Path, config: CleanConfig) -> Document:
    """A single file cleaned with `--learned-from`: the cluster the batch run settled it in, as the batch wrote it."""
    if config.near_duplicates == "off" or doc.status != "accepted" or not (found := recorded(clean_dir, doc.id)):
        return doc
    doc.near_duplicate_of, doc.near_duplicate_similarity = found
    if config.near_duplicates == "reject":
        doc.reject(REASON)
    return doc


def is_copy(data: dict) -> bool:
    """A document (as JSON) that is a near-duplicate of a kept one."""
    return data.get("near_duplicate_of") is not None

