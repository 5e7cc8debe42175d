"""Generated gazetteers (see SOURCE.md); read through `pipeline/gazetteer.py`."""
