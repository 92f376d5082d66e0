"""``brochure preview``: a local page that shows the leaflet as its PDF's pages, rebuilt on
every save, and lets a user edit its texts.

    sources.py   which content files (languages) to show and which files to watch
    editing.py   an edit, checked, written back keeping the YAML's comments and layout
    raster.py    PDF bytes -> page images, their boxes, where each text was drawn
    build.py     one variant of one content file, built in memory (Build)
    session.py   the warm rebuild loop: watch, debounce, build, publish whole
    server.py    HTTP: the page, the state (long-polled), images, PDFs, edits; and its security
    static/      the page itself (HTML, JavaScript, CSS)
"""

from __future__ import annotations
