"""The reading-room GUI (PySide6). Thin: it shows what ``ecgreader.reading`` and
``ecgreader.store`` say and calls them; nothing outside this package imports it."""
