"""From the leaflet model to ReportLab flowables and page templates."""
