"""What a phone value may hold (a module of its own: checking it needs no phone metadata, which is
slow to import, so records read back from disk are checked before the first results)."""

# A value of only these characters displays as it is dialled, in any terminal and any text direction.
DISPLAY_CHARS = frozenset("0123456789 +-()./#*")
