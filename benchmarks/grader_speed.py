"""Grader speed: real-size submissions against the CSV parser's floor (issue 18), and large tiled ones.

Default (issue 18): every implemented competition is prepared from its synthetic raw fixture; where
its real test set's size is known (``REAL_ROWS``: v1's split of Kaggle's files) the answers are
tiled to that many rows (integer ids stay integers), and three shuffled perfect submissions
(seeds) are written as CSV. Per competition it prints the floor (pyarrow.csv parsing the
submission and the answers, nothing else), the frames floor (pandas reading both files into the frames a
v1 grade function takes, nothing else) and the submission's part of it alone, ``grade_csv`` the first time (the answers' CSV parsed and their
Arrow copy written), cold (a new process: the answers cache empty, their Arrow copy on disk) and warm,
``validate_submission`` on the same file, and the ratios; ``grade_csv`` (warm) of a submission whose rows
hold each other's targets (``write_wrong_targets``: the work a metric does on unequal predictions, which a
perfect submission skips); then the wall time of grading the whole run group (every competition x 3 seeds)
with ``grade_many`` at -j 1 and -j 2.

    .venv/bin/python benchmarks/grader_speed.py [-c ID ...] [--fixture-size] [--workdir DIR] [--repeat N]

``--workdir DIR`` keeps the prepared data and the submissions there and reuses them on the next run,
so that two versions of the code can be timed on the same files (run them interleaved: the machine's
load changes). ``--repeat N`` times each of floor / cold / warm / validate N times and prints the median.

``--tiled-rows 100000 1000000``: the older measurement (every Lite grader on answers tiled to N
rows, the grader alone, reading excluded).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mlebench.registry import registry  # noqa: E402
from tests.competitions.test_contract import _spec, perfect_submission  # noqa: E402
from tests.conftest import PreparedData  # noqa: E402


def measure(comp, n: int) -> tuple[float | None, str]:
    from mlebench.utils import load_answers

    spec = _spec(comp)
    ids = [spec["id_column"]] if isinstance(spec["id_column"], str) else list(spec["id_column"])
    answers = load_answers(comp.answers)
    sub = perfect_submission(comp)
    big_ans = tile_ids(answers, ids, n)
    big_sub = tile_ids(sub, ids, n).sample(frac=1.0, random_state=0).reset_index(drop=True)
    started = time.perf_counter()
    result = comp.grader.grade(big_sub, big_ans)
    seconds = time.perf_counter() - started
    if result.score is None:
        return None, f"not measured: tiled submission invalid ({result.invalid_reason[:80]})"
    return seconds, f"score {result.score}"

# Real test-set sizes (rows of the answers), from v1's prepare.py split of Kaggle's files: the split
# share times Kaggle's train size, or the size v1 (or our prepare.py) fixes. Competitions not listed
# are measured at their fixture's size, and say so.
REAL_ROWS = {
    "aerial-cactus-identification": 3_325,  # 19% of 17,500
    "aptos2019-blindness-detection": 367,  # 10% of 3,662
    "dog-breed-identification": 1_023,  # 10% of 10,222
    "dogs-vs-cats-redux-kernels-edition": 2_500,  # 10% of 25,000
    "histopathologic-cancer-detection": 45_561,  # v1's test_ratio of 220,025
    "jigsaw-toxic-comment-classification-challenge": 153_164,  # Kaggle's test set, labelled
    "leaf-classification": 99,  # 10% of 990
    "mlsp-2013-birds": 1_216,  # 64 recordings x 19 species
    "new-york-city-taxi-fare-prediction": 9_914,  # fixed in v1 and prepare.py
    "nomad2018-predict-transparent-conductors": 240,  # 10% of 2,400
    "plant-pathology-2020-fgvc7": 183,  # 10% of 1,821
    "ranzcr-clip-catheter-line-classification": 3_009,  # 10% of 30,083
    "spooky-author-identification": 1_958,  # 10% of 19,579
    "tabular-playground-series-dec-2021": 400_000,  # 10% of 4,000,000
    "tabular-playground-series-may-2022": 100_000,  # fixed in v1 and prepare.py
    "text-normalization-challenge-english-language": 991_845,  # 10% of 9,918,441 tokens
    "text-normalization-challenge-russian-language": 1_057_452,  # 10% of 10,574,516 tokens
    # Medium, high and dev (issues 15-17). "v1 prepare" = v1's prepare.py for that competition; the
    # Kaggle file sizes are as we know them (not re-checked: no network here); "~" = the split is by
    # group (molecule, batch, location, scene, patient, category), so the share is approximate.
    "AI4Code": 20_000,  # v1 prepare: test_size=20000 notebooks
    "alaska2-image-steganalysis": 5_000,  # v1 prepare: test_size = 5000
    "billion-word-imputation": 303_010,  # ~ v1 prepare: ~1% of its 30,301,028 lines
    "cassava-leaf-disease-classification": 2_140,  # ~ v1 prepare: 10% of the TFRecords of 21,397 images
    "cdiscount-image-classification-challenge": 706_990,  # v1 prepare: 10% of 7,069,896 products
    "chaii-hindi-and-tamil-question-answering": 112,  # v1 prepare: 10% of 1,114
    "champs-scalar-coupling": 465_815,  # ~ v1 prepare: 10% of molecules, 4,658,147 couplings
    "facebook-recruiting-iii-keyword-extraction": 603_420,  # v1 prepare: 10% of 6,034,195 questions
    "freesound-audio-tagging-2019": 4_481,  # v1 prepare: FSDKaggle2019's labelled test set, 4,481 clips
    "google-quest-challenge": 608,  # v1 prepare: 10% of 6,079
    "h-and-m-personalized-fashion-recommendations": 75_000,  # ~ v1 prepare: customers buying in the last 7 days
    "herbarium-2020-fgvc7": 206_149,  # ~ v1 prepare: 20% per category of 1,030,747 images
    "herbarium-2021-fgvc8": 451_551,  # ~ v1 prepare: 20% per category of 2,257,759 images
    "herbarium-2022-fgvc9": 167_954,  # ~ v1 prepare: 20% per category of 839,772 images
    "hotel-id-2021-fgvc8": 9_755,  # v1 prepare: 10% of 97,554 images (one dropped)
    "hubmap-kidney-segmentation": 3,  # v1 prepare: test_size=3 images (RLE length: fixture-size images)
    "icecube-neutrinos-in-deep-ice": 13_200_000,  # v1 prepare: 10% of 660 batches x 200,000 events
    "imet-2020-fgvc7": 21_318,  # v1 prepare: 15% of 142,119
    "inaturalist-2019-fgvc6": 32_189,  # ~ v1 prepare: 12% per category of 268,243
    "iwildcam-2020-fgvc7": 61_475,  # ~ v1 prepare: 22% of train + test from 217,959 images, by location
    "jigsaw-unintended-bias-in-toxicity-classification": 97_320,  # v1 prepare: test_private_expanded.csv
    "kuzushiji-recognition": 389,  # v1 prepare: 10% of 3,881 pages
    "learning-agency-lab-automated-essay-scoring-2": 1_731,  # v1 prepare: 10% of 17,307
    "lmsys-chatbot-arena": 5_748,  # v1 prepare: 10% of 57,477
    "osic-pulmonary-fibrosis-progression": 2_628,  # v1 prepare: 10% of 176 patients x 146 weeks (-12..133)
    "petfinder-pawpularity-score": 992,  # v1 prepare: 10% of 9,912
    "plant-pathology-2021-fgvc8": 3_727,  # v1 prepare: 20% of 18,632
    "seti-breakthrough-listen": 6_000,  # v1 prepare: 10% of 60,000
    "statoil-iceberg-classifier-challenge": 321,  # v1 prepare: 20% of 1,604
    "tensorflow-speech-recognition-challenge": 6_473,  # v1 prepare: 10% of 64,727 clips
    "tgs-salt-identification-challenge": 1_000,  # v1 prepare: 25% of 4,000
    "tweet-sentiment-extraction": 2_749,  # v1 prepare: 10% of 27,481
    "us-patent-phrase-to-phrase-matching": 3_648,  # v1 prepare: 10% of 36,473
    "uw-madison-gi-tract-image-segmentation": 11_549,  # ~ v1 prepare: 10% of cases (+ some days), 115,488 rows
    "ventilator-pressure-prediction": 603_600,  # v1 prepare: 10% of 75,450 breaths x 80 steps
    "whale-categorization-playground": 985,  # ~ v1 prepare: 10% of 9,850, every whale id in both
    "3d-object-detection-for-autonomous-vehicles": 2_268,  # ~ v1 prepare: by scene; 10% of 22,680 samples
    "bms-molecular-translation": 484_837,  # v1 prepare: 20% of 2,424,186
    "google-research-identify-contrails-reduce-global-warming": 1_856,  # v1 prepare: the validation set's size
    "hms-harmful-brain-activity-classification": 10_680,  # ~ v1 prepare: 10% of spectrograms, 106,800 rows
    "iwildcam-2019-fgvc6": 19_616,  # ~ v1 prepare: 10% of locations, 196,157 images
    "nfl-player-contact-detection": 472_162,  # ~ v1 prepare: 10% of game plays, 4,721,618 labels
    "predict-volcanic-eruptions-ingv-oe": 444,  # v1 prepare: 10% of 4,431
    "rsna-2022-cervical-spine-fracture-detection": 1_616,  # v1 prepare: 10% of 2,019 studies x 8 rows
    "rsna-breast-cancer-detection": 2_383,  # ~ v1 prepare: 10% of 11,913 patients x 2 breasts
    "rsna-miccai-brain-tumor-radiogenomic-classification": 59,  # v1 prepare: 10% of 585
    "siim-covid19-detection": 1_240,  # ~ v1 prepare: 10% of 6,054 studies + their ~634 images
    "stanford-covid-vaccine": 16_320,  # v1 prepare: 10% of 2,400 sequences x 68 scored positions
    "vesuvius-challenge-ink-detection": 1,  # v1 prepare: one fragment (RLE length: fixture-size image)
    "vinbigdata-chest-xray-abnormalities-detection": 6_791,  # v1 prepare: 1,500 images, ~10% of 67,914 boxes
    "invasive-species-monitoring": 459,  # v1 prepare: 20% of 2,295
    "ml2021spring-hw2": 329_625,  # v1 prepare: 26.8% (the old test share) of 1,229,932 frames
    "movie-review-sentiment-analysis-kernels-only": 46_818,  # v1 prepare: 30% of 156,060 phrases
    "paddy-disease-classification": 2_602,  # v1 prepare: 25% of 10,407
    "plant-seedlings-classification": 665,  # v1 prepare: 14% of 4,750
    "playground-series-s3e18": 1_484,  # v1 prepare: 10% of 14,838
    "spaceship-titanic": 870,  # v1 prepare: 10% of 8,693
    # Not sized: multi-modal-gesture-recognition (how many samples the training4 archive holds),
    # smartphone-decimeter-2022 (epochs per trace), tensorflow2-question-answering (JSONL answers,
    # which the tiling below does not handle).
}
LINEAR = {"auc", "roc", "log-loss", "logloss", "accuracy", "squared", "absolute", "rmse", "mae", "f1", "map", "average-precision"}


def tile_ids(df: pd.DataFrame, id_cols: list[str], n: int) -> pd.DataFrame:
    """``df`` repeated to ``n`` rows with unique ids: integer ids offset (they stay integers), text ids suffixed."""
    reps = int(np.ceil(n / len(df)))
    steps = {}
    for c in id_cols:
        if pd.api.types.is_integer_dtype(df[c]):
            span = int(df[c].max()) - int(df[c].min()) + 1
            # Sparse 19-digit ids (contrails' record_id) would overflow: step by 1 between their gaps.
            steps[c] = span if int(df[c].max()) + (reps - 1) * span <= np.iinfo(df[c].dtype).max else 1
    copy = np.repeat(np.arange(reps), len(df))[:n]  # which copy each row is (vectorised: 13M rows)
    out = df.iloc[np.tile(np.arange(len(df)), reps)[:n]].reset_index(drop=True)
    for c in id_cols:
        if c in steps:
            out[c] = out[c].to_numpy() + copy.astype(out[c].dtype) * steps[c]
        else:
            suffix = pd.Series(np.char.add("_", copy.astype(str)))
            out[c] = out[c].astype(str).where(copy == 0, out[c].astype(str) + suffix)
    return out


def _is_linear(comp) -> bool:
    name = str(comp.config.extra.get("grading", {}).get("metric") or comp.config.metric).lower()
    return any(k in name for k in LINEAR)


def write_real_size(comp, seeds: int, fixture_size: bool, out: Path) -> tuple[list[Path], str]:
    """Write the answers at real size (over the prepared ones) and ``seeds`` shuffled perfect submissions.

    Where the submissions are already there (``--workdir``), they and the answers are reused as they are.
    """
    from mlebench.utils import load_answers

    paths = [out / f"{comp.id}.{seed}.csv" for seed in range(seeds)]
    note_file = out / f"{comp.id}.note"
    if note_file.exists() and all(p.exists() for p in paths):
        return paths, note_file.read_text()

    spec = _spec(comp)
    ids = [spec["id_column"]] if isinstance(spec["id_column"], str) else list(spec["id_column"])
    answers = load_answers(comp.answers)
    sub = perfect_submission(comp)
    n = REAL_ROWS.get(comp.id)
    note = "fixture size (real size not listed)"
    if n and not fixture_size and isinstance(answers, pd.DataFrame) and comp.answers.suffix == ".csv":
        if len(sub) == len(answers):
            big_ans, big_sub = tile_ids(answers, ids, n), tile_ids(sub, ids, n)
        else:  # several answer rows per id (boxes): whole copies of both, the answers at ~n rows
            reps = int(np.ceil(n / len(answers)))
            big_ans, big_sub = tile_ids(answers, ids, reps * len(answers)), tile_ids(sub, ids, reps * len(sub))
        result = comp.grader.grade(big_sub, big_ans)
        if result.score is not None:
            big_ans.to_csv(comp.answers, index=False)
            answers, sub, note = big_ans, big_sub, "real size"
        else:
            note = f"fixture size (tiled ids invalid: {str(result.invalid_reason)[:50]})"
    for seed, path in enumerate(paths):
        sub.sample(frac=1.0, random_state=seed).to_csv(path, index=False)
    note_file.write_text(note)
    return paths, note


def write_wrong_targets(comp, perfect: Path, out: Path) -> Path:
    """A submission whose every row holds another row's targets (a seeded permutation), rows shuffled: valid
    values, nearly all wrong, so that a metric's work on unequal predictions (edit distances, item sets) is
    timed too; perfect submissions only take the shortcuts for equal cells. Reused where it is already there."""
    path = out / f"{comp.id}.wrong.csv"
    if path.exists():
        return path
    targets = list(_spec(comp)["target_columns"])
    sub = pd.read_csv(perfect, dtype=str, keep_default_na=False)  # the cells' own text, written back as it is
    rng = np.random.default_rng(99)
    sub[targets] = sub[targets].to_numpy()[rng.permutation(len(sub))]
    sub.sample(frac=1.0, random_state=1).to_csv(path, index=False)
    return path


def _timed(fn, *args, **kwargs):
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - started, value


def _median_timed(repeat: int, fn, *args, before=None, **kwargs):
    """The median of ``repeat`` timings of ``fn`` (``before()`` run untimed ahead of each), and its last value."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        seconds, value = _timed(fn, *args, **kwargs)
        times.append(seconds)
    return float(np.median(times)), value


def _parse_floor(submission: Path, answers: Path) -> None:
    """What any grader must do: parse the submission and the answers (pyarrow alone, to Arrow tables)."""
    import pyarrow.csv

    for path in [submission] + ([answers] if answers.suffix == ".csv" else []):
        try:
            pyarrow.csv.read_csv(path)
        except pyarrow.ArrowInvalid:  # quoted newlines (facebook-recruiting's Body): the slower serial parse
            pyarrow.csv.read_csv(path, parse_options=pyarrow.csv.ParseOptions(newlines_in_values=True))


def _frames_floor(submission: Path, answers: Path | None) -> None:
    """What any grader taking v1's arguments must do: read the submission and the answers into pandas frames
    (pandas' pyarrow-engine reader, nothing checked, nothing matched); ``answers=None``: the submission alone."""
    for path in [submission] + ([answers] if answers is not None and answers.suffix == ".csv" else []):
        try:
            pd.read_csv(path, engine="pyarrow")
        except Exception:  # noqa: BLE001 - quoted newlines across pyarrow's blocks: pandas' own parser
            pd.read_csv(path)


def real_size_main(ids: list[str] | None, *, seeds: int, fixture_size: bool, run_group: bool = True,
                   workdir: Path | None = None, repeat: int = 1) -> int:
    import os
    import platform

    from mlebench.grading.answers import answers_cache
    from mlebench.grading.batch import grade_many
    from mlebench.grading.core import grade_csv, validate_submission

    ids = ids or [i for i in registry.list_competition_ids() if registry.is_implemented(i)]
    print(f"# {platform.node()} {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average at start {os.getloadavg()[0]:.1f}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    with tempfile.TemporaryDirectory() as tmp:
        root = workdir or Path(tmp)
        data, out = PreparedData(root), root / "subs"
        out.mkdir(parents=True, exist_ok=True)
        items, missed = [], []
        print("| competition | rows | parse floor (s) | frames floor (s) | submission read (s) | first grade_csv (s) | grade_csv cold (s) | ratio | cold / frames | "
              "grade_csv warm (s) | ratio | validate (s) | validate / grade_csv | target | met | wrong targets warm (s) | note |")
        print("|" + " --- |" * 17)
        for cid in ids:
            try:
                comp = data.get(cid)
                paths, note = write_real_size(comp, seeds, fixture_size, out)
            except Exception as e:  # noqa: BLE001 - a benchmark reports, it does not stop
                print(f"| {cid} | – | – | – | – | – | – | – | – | – | – | – | – | – | – | – | not measured: {type(e).__name__}: {str(e)[:60]} |")
                continue
            items += [(comp, p) for p in paths]
            sub = paths[0]
            floor, _ = _median_timed(repeat, _parse_floor, sub, comp.answers)
            frames, _ = _median_timed(repeat, _frames_floor, sub, comp.answers)
            sub_read, _ = _median_timed(repeat, _frames_floor, sub, None)
            def no_copy(comp=comp):
                answers_cache().clear()
                comp.answers_copy.unlink(missing_ok=True)

            first, _ = _median_timed(repeat, grade_csv, sub, comp, before=no_copy)  # the CSV parsed, the copy written
            cold, report = _median_timed(repeat, grade_csv, sub, comp, before=answers_cache().clear)
            warm, _ = _median_timed(repeat, grade_csv, sub, comp)
            val, _ = _median_timed(repeat, validate_submission, sub, comp)
            wrong, wrong_report = _median_timed(repeat, grade_csv, write_wrong_targets(comp, sub, out), comp)
            wrong_cell = f"{wrong:.3f}" + ("" if wrong_report.score is not None else " (invalid)")
            rows = sum(1 for _ in open(sub, "rb")) - 1
            target = 1.5 if _is_linear(comp) else 3.0
            met = cold / floor <= target and val / warm <= 2
            if note != "real size":  # a few rows: pandas' fixed cost per call (~10 ms) is all there is to see
                verdict = "n/a"
            else:
                verdict = "yes" if met else "NO"
                missed += [] if met else [cid]
            if report.score is None:
                note += f"; INVALID: {str(report.invalid_reason or report.grading_error)[:60]}"
            print(f"| {cid} | {rows:,} | {floor:.4f} | {frames:.4f} | {sub_read:.4f} | {first:.3f} | {cold:.3f} | {cold / floor:.1f}x | {cold / frames:.1f}x | {warm:.3f} | {warm / floor:.1f}x | "
                  f"{val:.3f} | {val / warm:.1f}x | {target}x | {verdict} | {wrong_cell} | {note} |", flush=True)
        print(f"\nreal-size competitions missing a target ({len(missed)}): {', '.join(missed) or 'none'}")
        for jobs in (1, 2) if run_group else ():
            answers_cache().clear()
            wall, reports = _timed(grade_many, items, jobs=jobs)
            valid = sum(r.score is not None for r in reports)
            print(f"run group: {len(items)} submissions ({len(items) // max(seeds, 1)} competitions x {seeds} seeds), "
                  f"grade_many -j {jobs}: {wall:.1f} s wall ({valid} valid); load average {os.getloadavg()[0]:.1f}", flush=True)
    return 0


def tiled_main(rows: list[int], ids: list[str] | None) -> int:
    ids = ids or [i for i in registry.get_split("low") if registry.is_implemented(i)]
    with tempfile.TemporaryDirectory() as tmp:
        data = PreparedData(Path(tmp))
        print("| competition | " + " | ".join(f"{n:,} rows (s)" for n in rows) + " | note |")
        print("| --- | " + " | ".join("---" for _ in rows) + " | --- |")
        for cid in ids:
            comp = data.get(cid)
            cells, note = [], ""
            for n in rows:
                try:
                    secs, note = measure(comp, n)
                except Exception as e:  # noqa: BLE001 - a benchmark reports, it does not stop
                    secs, note = None, f"not measured: {type(e).__name__}: {str(e)[:60]}"
                cells.append("–" if secs is None else f"{secs:.2f}")
            print(f"| {cid} | " + " | ".join(cells) + f" | {note} |", flush=True)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tiled-rows", type=int, nargs="+", help="the older tiled measurement, at these sizes")
    ap.add_argument("--fixture-size", action="store_true", help="keep every competition at its fixture's size")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--no-run-group", action="store_true", help="skip timing grade_many over the run group")
    ap.add_argument("-c", "--competition-id", action="append")
    ap.add_argument("--workdir", type=Path, help="keep (and reuse) the prepared data and submissions here")
    ap.add_argument("--repeat", type=int, default=1, help="time each step this many times; print the median")
    args = ap.parse_args()
    if args.tiled_rows:
        return tiled_main(args.tiled_rows, args.competition_id)
    return real_size_main(args.competition_id, seeds=args.seeds, fixture_size=args.fixture_size,
                          run_group=not args.no_run_group, workdir=args.workdir, repeat=args.repeat)


if __name__ == "__main__":
    sys.exit(main())
