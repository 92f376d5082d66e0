"""From flowables to finished PDF bytes."""
