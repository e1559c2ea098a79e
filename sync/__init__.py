"""Signed feed: the client that refreshes the local directory and the publisher that signs it."""
