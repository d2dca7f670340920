"""Comparison of raters against the gold standard: pure numpy/scipy/scikit-learn, no Qt."""
