"""Reading and checking the hand-made inputs against the data package, and explaining what is wrong."""
