"""The interface's translation catalogues (Qt Linguist .ts, committed) and the command that
refreshes them from the sources: ``python -m ecgreader.gui.translations.update``."""
