"""Every rejection reason, with the sentence that explains it. Reasons are stable snake_case words."""

REASONS: dict[str, str] = {
    "empty": "the file is empty or holds only white space",
    "too_large": "the file is larger than max_bytes; it was not read",
    "binary": "the bytes are not text (NUL bytes or a known binary signature)",
    "undecodable": "no character encoding decodes the bytes",
    "unreadable": "the file could not be read (permissions, a directory, a broken link)",
    "vanished": "the file disappeared between listing and reading",
    "outside_raw": "the path is a link that points outside the raw folder",
    "extraction_failed": "the HTML could not be parsed or held no main text",
    "no_text_after_stripping": "boilerplate removal left no text",
    "too_short": "fewer words than min_words",
    "language_unknown": "no language could be detected with enough confidence",
    "language_not_allowed": "the detected language is not in allowed_languages",
    "residual_mojibake": "encoding damage is still visible after repair",
    "timeout": "cleaning took longer than doc_timeout_seconds",
    "duplicate": "byte-identical to another raw file; see duplicate_of",
    "near_duplicate": "the same story as a kept document (another outlet's copy, trimmed or edited); see near_duplicate_of",
    "worker_crashed": "the process cleaning the file died (the file may crash the parser)",
    "batch_failed": "the batch holding the file failed after its retries",
    "internal_error": "a stage raised an unexpected error (a bug: please report the file)",
}
