"""Training pipeline for the ECG classifier (VQ-VAE latent-interpolation augmentation)."""
