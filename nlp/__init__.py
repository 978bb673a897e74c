"""Vietnamese text processing for danvan: normalisation and petition classification.

Stable interface::

    from nlp import classify, Prediction, normalize, strip_diacritics

Importing :mod:`nlp` is cheap: the model and underthesea are loaded on first use, and
scikit-learn is never imported at run time (only by ``nlp.train``/``nlp.evaluate``).
"""

from nlp.classifier import Prediction, classify
from nlp.normalize import normalize, strip_diacritics

__all__ = ["Prediction", "classify", "normalize", "strip_diacritics"]
