"""The codebook screen: the obstacle tree, its notes and memos."""
