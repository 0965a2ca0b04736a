"""Imported by the worker forkserver: load every module and warm the caches once, so forked workers start hot.

Workers are forked from this process and share its memory until they write to it; `gc.freeze()`
keeps the garbage collector from touching (and so copying) everything loaded here.
`cleaners.warm_dates` is preloaded after it when a run may hold HTML (cleaners.runner).
"""

import gc

from cleaners.pipeline import clean_bytes

WARM_TEXT = (
    b"A Title For Warming Up\n\nBy Jane Doe\n\nApril 06, 2013\n\n"
    b"Moscow: This text exercises every stage once, so the libraries load their data before work starts. "
    b"It is long enough for the language detector and it has a date line for the date parser to read."
)
WARM_HTML = b"<html><head><title>Warm</title></head><body><article><p>" + WARM_TEXT[60:] * 3 + b"</p></article></body></html>"

for data in (WARM_TEXT, WARM_HTML):
    clean_bytes(data, "warm-up")
gc.freeze()
