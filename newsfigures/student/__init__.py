"""What a student runs on their own work: `reset` (start a notebook again), `export` (hand in),
and the kit's copy of each notebook they are compared with (`originals`)."""
