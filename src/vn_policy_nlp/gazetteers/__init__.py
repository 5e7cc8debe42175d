"""Generated gazetteers (see SOURCE.md); read through `entities/gazetteer.py`."""
