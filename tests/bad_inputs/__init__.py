"""The hostile-input corpus: cases generated at test time (see ``corpus.py``)."""
