"""The network's side of the app: the shared ECG representation, the classifier architecture,
and inference on study cases. Training lives beside it in ``model_training``."""
