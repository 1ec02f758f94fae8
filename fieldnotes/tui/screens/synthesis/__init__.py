"""The synthesis screens: evidence per obstacle, the matrix, the notes behind a row."""
