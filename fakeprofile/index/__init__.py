"""Reference index: known profiles' photo hashes and text signatures, and fast search over them."""
