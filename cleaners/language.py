"""Stage 5, language: langdetect on a bounded prefix of the text, made deterministic by a fixed seed.

langdetect spends most of its time in per-character Python method calls (`NGram.add_char`) and
per-language loops. `QuickDetector` is langdetect's own `Detector`, with the same profiles, the
same random trials and the same arithmetic, but those hot spots rewritten: it finds exactly the
n-grams langdetect finds (a test compares both on many texts) and returns the same probabilities.
"""

from __future__ import annotations

import json
import os
import random
import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path

import numpy as np

from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

from cleaners.config import CleanConfig
from cleaners.document import Document

SEED = 0  # langdetect's random trials, seeded: the same text always gets the same answer
SPACE_RUN = re.compile(" {2,}")
LATIN_LETTER = re.compile("[A-z]")  # langdetect's own test: 'A' <= ch <= 'z'
# langdetect means to exempt Latin Extended Additional, but compares a block number with a name, so
# in fact every character from U+0300 on counts as non-Latin; the same here, to give the same results.
NON_LATIN = re.compile("[\u0300-\U0010ffff]")


class NormalizedChars(dict):
    """A `str.translate` table that maps each character as `NGram.normalize` does, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        self[code] = NGram.normalize(chr(code))
        return self[code]


NORMALIZED = NormalizedChars()


def word_ngrams(padded: str) -> tuple[str, ...]:
    """The 1- to 3-grams langdetect's `NGram` yields for one word: `padded` is " word" plus the space
    that followed it, if any. No grams end on a capital that follows a capital (langdetect's
    `capitalword`); the bare space is never a gram."""
    if padded.islower() or not any(a.isupper() and b.isupper() for a, b in zip(padded, padded[1:])):
        # no capital follows a capital: every position ends its grams (the usual word)
        grams = [padded[1], padded[:2]]
        for end in range(2, len(padded)):
            grams += (padded[end], padded[end - 1 : end + 1], padded[end - 2 : end + 1])
        if len(padded) > 2 and padded[-1] == " ":
            del grams[-3]  # the bare space the trailing space would give
        return tuple(grams)
    grams = []
    for end in range(1, len(padded)):
        if padded[end].isupper() and padded[end - 1].isupper():
            continue
        for size in (1, 2, 3):
            if end - size + 1 < 0:
                break
            gram = padded[end - size + 1 : end + 1]
            if gram != " ":
                grams.append(gram)
    return tuple(grams)


@lru_cache(maxsize=1 << 16)
def word_rows(padded: str) -> tuple[int, ...]:
    """The profile rows of the n-grams of one padded word (`word_ngrams`) that the profiles know, in order."""
    rows = profiles().rows
    return tuple(row for gram in word_ngrams(padded) if (row := rows.get(gram)) is not None)


@dataclass(frozen=True)
class Profiles:
    """langdetect's language profiles as one array: a row of per-language probabilities per n-gram.

    langdetect keeps them as 88k Python lists of 55 floats (about 85 MB of small objects). Worker
    processes forked from a warm parent share one read-only array instead, where every read of
    those objects would have copied their memory pages into each worker.
    """

    languages: tuple[str, ...]
    rows: dict[str, int]
    table: np.ndarray


@lru_cache(maxsize=1)
def profiles() -> Profiles:
    """langdetect's profile files read straight into one array, in the order and with the arithmetic
    of its own loader (`DetectorFactory.load_profile`), without building its lists of floats."""
    entries = os.listdir(PROFILES_DIRECTORY)
    width = len(entries)  # langdetect sizes each row by the directory's entries
    files = [path for name in entries if not name.startswith(".") and (path := Path(PROFILES_DIRECTORY, name)).is_file()]
    languages: list[str] = []
    rows: dict[str, int] = {}
    cells, probabilities = array("q"), array("d")
    for column, path in enumerate(files):
        profile = json.loads(path.read_text(encoding="utf-8"))
        languages.append(profile["name"])
        for gram, count in profile["freq"].items():
            row = rows.setdefault(gram, len(rows))
            if 1 <= len(gram) <= 3:
                cells.append(row * width + column)
                probabilities.append(1.0 * count / profile["n_words"][len(gram) - 1])
    table = np.zeros(len(rows) * width)
    table[np.frombuffer(cells, dtype=np.int64)] = np.frombuffer(probabilities)
    table = table.reshape(len(rows), width)
    table.flags.writeable = False
    return Profiles(tuple(languages), rows, table)


@lru_cache(maxsize=1 << 16)
def token_rows(token: str, last: bool = False) -> tuple[int, ...]:
    """The profile rows of the n-grams langdetect finds in one space-separated token of the text, in its
    order: the token normalised character by character (`NGram.normalize`, which may turn punctuation
    into spaces), each word in it padded as langdetect's NGram sees it (a space before, and the space
    after unless it ends the text: `last`), its n-grams (`word_ngrams`) that the profiles know.
    Cached per token, and per word: a document's words are mostly words other documents had."""
    words = token.translate(NORMALIZED).split(" ")
    if len(words) == 1:  # most tokens: one word, no punctuation in it
        return word_rows(f" {words[0]}" if last else f" {words[0]} ") if words[0] else ()
    found: list[int] = []
    for index, word in enumerate(words):
        if word:
            found += word_rows(f" {word}" if last and index == len(words) - 1 else f" {word} ")
    return tuple(found)


VI_MARKS = re.compile("[\u0300\u0301\u0303\u0309\u0323]")  # NGram.normalize_vi changes only text holding one of its marks


class QuickDetector(Detector):
    """langdetect's Detector with its per-character and per-language loops replaced by equivalent faster code.

    Same n-grams, same seeded random trials, same floating-point operations in the same order: n-grams
    are found per token of the text (cached) as profile rows, and each trial's draws multiply by
    `alpha / BASE_FREQ + table[row]` as langdetect's `_update_lang_prob` does, without its per-language loop.
    """

    def __init__(self, packed: Profiles) -> None:
        # Detector.__init__ without its unseeded random.Random() (which reads the OS's entropy);
        # _detect_block seeds the generator before any draw, as langdetect does.
        self.word_lang_prob_map = packed.rows
        self.langlist = list(packed.languages)
        self.seed = SEED
        self.random = random.Random(SEED)
        self.text = ""
        self.langprob = None
        self.alpha = self.ALPHA_DEFAULT
        self.n_trial = 7
        self.max_text_length = 10000
        self.prior_map = None
        self.verbose = False
        self.table = packed.table

    def append(self, text: str) -> None:
        text = self.URL_RE.sub(" ", text) if "http" in text else text  # each substitution only where it can match
        text = self.MAIL_RE.sub(" ", text) if "@" in text else text
        text = NGram.normalize_vi(text) if VI_MARKS.search(text) else text
        self.text += SPACE_RUN.sub(" ", text[: self.max_text_length])

    def cleaning_text(self) -> None:
        non_latin = len(NON_LATIN.findall(self.text))  # usually a few curly quotes: the Latin letters are counted only then,
        if non_latin and 2 * len(LATIN_LETTER.findall(self.text, 0, 4 * non_latin)) < non_latin:  # in a prefix first
            if 2 * len(LATIN_LETTER.findall(self.text)) < non_latin:
                self.text = LATIN_LETTER.sub("", self.text)

    def _extract_ngrams(self) -> list[str]:
        known = self.word_lang_prob_map
        words = self.text.translate(NORMALIZED).split(" ")
        last = len(words) - 1
        found: list[str] = []
        for index, word in enumerate(words):
            if word:
                padded = f" {word} " if index < last else f" {word}"
                found += [gram for gram in word_ngrams(padded) if gram in known]
        return found

    def _extract_rows(self) -> list[int]:
        """The profile rows of `_extract_ngrams()`, in the same order (the text's normalisation maps a
        space to a space, so its words are those of its space-separated tokens, in order)."""
        tokens = self.text.split(" ")
        last = tokens.pop()
        return list(chain(chain.from_iterable(map(token_rows, tokens)), token_rows(last, True)))

    def _init_probability(self) -> np.ndarray:
        if self.prior_map is not None:
            return np.array(self.prior_map, dtype=np.float64)
        return np.full(len(self.langlist), 1.0 / len(self.langlist))

    def _update_lang_prob(self, prob: np.ndarray, word: str, alpha: float) -> bool:
        row = self.word_lang_prob_map.get(word)
        if row is None:
            return False
        prob *= alpha / self.BASE_FREQ + self.table[row]
        return True

    def _normalize_prob(self, prob: np.ndarray) -> float:
        prob /= sum(prob.tolist())  # Python's left-to-right sum, as langdetect adds them up
        return max(0.0, float(np.maximum.reduce(prob)))

    def _detect_block(self) -> None:
        """langdetect's `_detect_block`: the same draws from the same seeded generator, the same products
        in the same order, normalised at the same steps."""
        self.cleaning_text()
        rows = self._extract_rows()
        if not rows:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        table, count, threshold = self.table, len(rows), self.CONV_THRESHOLD
        langprob = np.zeros(len(self.langlist))
        generator = self.random
        generator.seed(self.seed)
        # random.choice(seq) is seq[_randbelow(len(seq))], and _randbelow draws bits until they fall below
        # len(seq) (Random._randbelow_with_getrandbits, written out below for speed; checked at import)
        bits, width = generator.getrandbits, count.bit_length()
        for _ in range(self.n_trial):
            prob = self._init_probability()
            weight = (self.alpha + generator.gauss(0.0, 1.0) * self.ALPHA_WIDTH) / self.BASE_FREQ
            draw = bits(width)
            while draw >= count:
                draw = bits(width)
            prob *= weight + table[rows[draw]]
            if self._normalize_prob(prob) <= threshold:  # langdetect checks after the first draw, then after every fifth
                for _ in range(self.ITERATION_LIMIT // 5):
                    for _ in range(5):
                        draw = bits(width)
                        while draw >= count:
                            draw = bits(width)
                        prob *= weight + table[rows[draw]]
                    values = prob.tolist()
                    total = sum(values)  # Python's left-to-right sum, as langdetect adds them up
                    prob /= total
                    # the largest quotient is the largest value's (a zero total never comes: factors are > 0)
                    if (max(values) / total if total else max(0.0, float(np.maximum.reduce(prob)))) > threshold:
                        break
            langprob += prob / self.n_trial
        self.langprob = langprob


# _detect_block draws as random.choice does in this Python: check that it still does.
assert random.Random._randbelow is random.Random._randbelow_with_getrandbits, "random.choice draws differently here: see QuickDetector._detect_block"


def detect_language(doc: Document, config: CleanConfig) -> Document:
    """Set `language` and `language_probability`, or leave both null when the text is too thin to tell."""
    sample = doc.text[: config.language_sample_chars]
    head = config.min_language_letters * 4  # enough letters in a prefix are enough letters in the sample
    if sum(map(str.isalpha, sample[:head])) < config.min_language_letters and sum(map(str.isalpha, sample)) < config.min_language_letters:
        return doc
    detector = QuickDetector(profiles())
    detector.n_trial = config.language_trials
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return doc
    if best.prob >= config.min_language_probability:
        doc.language = best.lang
        doc.language_probability = round(float(best.prob), 4)
    return doc
