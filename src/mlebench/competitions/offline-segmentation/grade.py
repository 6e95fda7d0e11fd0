"""Mean Dice over test images of run-length-encoded masks (v1's hubmap-kidney-segmentation).

Masks are 1-indexed ``start length`` pairs numbered top-to-bottom then left-to-right
(column-major); an empty prediction is an empty mask, and an image whose true and predicted
masks are both empty scores 1.
"""

import numpy as np
import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import dice_coefficient, rle_decode
from mlebench.grading.submission import align


def _text(values: pd.Series) -> list[str]:
    out = []
    for v in values:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out.append("")
        elif isinstance(v, (float, np.floating)) and float(v).is_integer():
            out.append(str(int(v)))
        else:
            out.append(str(v))
    return out


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=["predicted"], allow_nan=True)
    scores = []
    for image_id, pred, true, h, w in zip(ans["id"], _text(sub["predicted"]), _text(ans["encoding"]),
                                          ans["height_pixels"], ans["width_pixels"]):
        shape = (int(h), int(w))
        try:
            pred_mask = rle_decode(pred, shape, order="F")
        except InvalidSubmissionError as e:
            raise InvalidSubmissionError(f"image '{image_id}': {e}") from None
        scores.append(dice_coefficient(rle_decode(true, shape, order="F"), pred_mask))
    return float(np.mean(scores))
