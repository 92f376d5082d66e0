"""From bytes on disk to a validated, frozen leaflet model."""
