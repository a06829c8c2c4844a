"""Qt-free camera code: URL templates, playback plan, media request, snapshot naming, mapping files."""
