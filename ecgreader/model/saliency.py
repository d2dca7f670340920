"""Where the network looked: gradient x input saliency per lead along time, for one label.

Grad-CAM on a 1-D CNN whose input channels are the leads mixes all leads into one time curve;
gradient x input (Shrikumar et al. 2017) keeps one curve per lead, which is what a clinician
wants to see drawn on each lead of the ECG. Values are smoothed over 0.1 s and scaled to 0..1.
"""

from __future__ import annotations

import numpy as np
import torch
from scipy.ndimage import uniform_filter1d

from ecgreader.ecg.record import Record
from ecgreader.model.hybrid import HybridClassifier
from ecgreader.model.inference import EcgModel, network_inputs


def saliency(model: EcgModel, record: Record, label: str) -> np.ndarray:
    """(12, n) saliency in [0, 1] on the representation's time axis (10 s at 100 Hz).

    ValueError for a label the model has no output for, and for a hybrid without CNNs: its
    decision reads measurements only, so no gradient reaches the signal.
    """
    if label not in model.vocabulary.keys:
        raise ValueError(f"model {model.name} has no label {label}")
    if isinstance(model.network, HybridClassifier) and model.network.config.n_cnns == 0:
        raise ValueError(f"saliency needs the network's CNN: model {model.name} reads measurements only")
    inputs = {
        name: torch.from_numpy(array)
        for name, array in network_inputs(model.network, [record], model.representation).items()
    }
    k = model.vocabulary.index(label)
    signal = inputs.pop("signals").requires_grad_(True)
    network = model.network.eval()
    logit = network(signal, *inputs.values())[0, k]  # measurements (hybrid) held fixed
    (gradient,) = torch.autograd.grad(logit, signal)
    values = (gradient * signal).detach().numpy()[0].clip(min=0)  # evidence for the label
    values = uniform_filter1d(values, size=max(1, int(0.1 * model.representation.fs)), axis=1)
    peak = values.max()
    return values / peak if peak > 0 else values
