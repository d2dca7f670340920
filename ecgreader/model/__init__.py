"""The network's side of the app: the shared ECG representation, the CNN and the hybrid classifier
(CNN ensemble + measurements), model files, and inference on study cases, which measures each
record itself. Training lives beside it in ``model_training``."""
