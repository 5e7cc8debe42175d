"""Trainable parts: feature extraction, training, and loading of the small portable models in `models/`."""
