"""The headless core: parsing, search, keywords, anchors and export. Never imports Textual."""
