"""ECG Reader: run reader studies that compare doctors and a deep network on 12-lead ECGs."""

__version__ = "0.1.0"
