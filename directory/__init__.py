"""vsd's domain core: records, vocabularies, validation, search and the local store.

Headless on purpose: nothing here imports Textual, so scripts can use it too.
"""
