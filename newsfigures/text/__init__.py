"""Reading text and numbers: seeds split into blocks, quotes located, numbers read, text escaped for display."""
