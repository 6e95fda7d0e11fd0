"""Raw files laid out like Kaggle's smartphone-decimeter-2022 download (tiny, synthetic).

``train/<drive_id>/<phone>/`` (drive ids ``YYYY-MM-DD-US-<place>-<n>``, phones such as
``GooglePixel4``) with ``device_gnss.csv``, ``device_imu.csv``, ``ground_truth.csv`` (``MessageType,
Provider, LatitudeDegrees, LongitudeDegrees, AltitudeMeters, SpeedMps, AccuracyMeters,
BearingDegrees, UnixTimeMillis``, one fix a second) and ``supplemental/`` (``gnss_log.txt``,
``<phone>.22o``, ``<phone>.nmea`` and the reference receiver's ``span_log.nmea``); ``test/`` drives
without ground truth; ``metadata/`` (two JSON bit maps and ``constellation_type_mapping.csv``);
``sample_submission.csv`` (``tripId, UnixTimeMillis, LatitudeDegrees, LongitudeDegrees``). Eight
drives on seven dates, one or two phones each, 12 epochs a phone; only a few columns per file.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

DRIVES = ["2020-05-15-US-MTV-1", "2020-07-08-US-MTV-1", "2020-08-03-US-MTV-2", "2020-12-10-US-SJC-1",
          "2021-01-05-US-MTV-1", "2021-04-21-US-MTV-1", "2021-04-21-US-MTV-2", "2021-07-19-US-MTV-1"]
PHONES = ["GooglePixel4", "GooglePixel5", "SamsungGalaxyS20Ultra", "XiaomiMi8"]
EPOCHS = 12


def _nmea(lat: np.ndarray, lng: np.ndarray, t: np.ndarray) -> str:
    lines = []
    for a, b, ms in zip(lat, lng, t):
        sec = (ms // 1000) % 86400
        lines.append(f"$GPGGA,{sec // 3600:02d}{sec // 60 % 60:02d}{sec % 60:02d}.00,{int(a):02d}{(a % 1) * 60:08.5f},N,"
                     f"{int(-b):03d}{(-b % 1) * 60:08.5f},W,4,20,0.6,10.0,M,-30.0,M,,*5A")
    return "\n".join(lines) + "\n"


def _phone(rng: np.random.Generator, folder: Path, phone: str, labelled: bool) -> pd.DataFrame:
    (folder / "supplemental").mkdir(parents=True)
    t0 = int(rng.integers(1_589_000_000, 1_627_000_000)) * 1000 + int(rng.integers(0, 1000))
    t = t0 + 1000 * np.arange(EPOCHS)
    lat = 37.4 + rng.uniform(0, 0.01) + np.cumsum(rng.normal(0, 1e-4, EPOCHS))
    lng = -122.1 + rng.uniform(0, 0.01) + np.cumsum(rng.normal(0, 1e-4, EPOCHS))
    truth = pd.DataFrame({"MessageType": "Fix", "Provider": "GT", "LatitudeDegrees": lat, "LongitudeDegrees": lng,
                          "AltitudeMeters": rng.normal(0, 3, EPOCHS).round(3), "SpeedMps": rng.uniform(0, 20, EPOCHS).round(4),
                          "AccuracyMeters": 0.1, "BearingDegrees": rng.uniform(0, 360, EPOCHS).round(3), "UnixTimeMillis": t})
    if labelled:
        truth.to_csv(folder / "ground_truth.csv", index=False)
        (folder / "supplemental" / "span_log.nmea").write_text(_nmea(lat, lng, t))
    noisy_lat, noisy_lng = lat + rng.normal(0, 3e-5, EPOCHS), lng + rng.normal(0, 3e-5, EPOCHS)
    pd.DataFrame({"MessageType": "Raw", "utcTimeMillis": np.repeat(t, 2), "Svid": rng.integers(1, 32, 2 * EPOCHS),
                  "ConstellationType": 1, "Cn0DbHz": rng.uniform(20, 45, 2 * EPOCHS).round(2),
                  "WlsPositionXEcefMeters": rng.normal(-2.7e6, 10, 2 * EPOCHS).round(3),
                  "WlsPositionYEcefMeters": rng.normal(-4.3e6, 10, 2 * EPOCHS).round(3),
                  "WlsPositionZEcefMeters": rng.normal(3.8e6, 10, 2 * EPOCHS).round(3)}).to_csv(folder / "device_gnss.csv", index=False)
    pd.DataFrame({"MessageType": np.tile(["UncalAccel", "UncalGyro", "UncalMag"], EPOCHS), "utcTimeMillis": np.repeat(t, 3),
                  "MeasurementX": rng.normal(0, 1, 3 * EPOCHS).round(5), "MeasurementY": rng.normal(0, 1, 3 * EPOCHS).round(5),
                  "MeasurementZ": rng.normal(9.8, 1, 3 * EPOCHS).round(5)}).to_csv(folder / "device_imu.csv", index=False)
    (folder / "supplemental" / "gnss_log.txt").write_text("# Version: v3.0.0.1 Platform: 11\n"
                                                          + "".join(f"Fix,GPS,{a:.7f},{b:.7f},0,0,3.9,,{ms}\n" for a, b, ms in zip(noisy_lat, noisy_lng, t)))
    (folder / "supplemental" / f"{phone}.nmea").write_text(_nmea(noisy_lat, noisy_lng, t))
    (folder / "supplemental" / f"{phone}.22o").write_text("     3.03           OBSERVATION DATA    M                   RINEX VERSION / TYPE\n")
    return truth


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2022)
    for drive in DRIVES:
        for phone in rng.choice(PHONES, int(rng.integers(1, 3)), replace=False):
            _phone(rng, raw / "train" / drive / str(phone), str(phone), labelled=True)
    rows = []
    for drive in ("2021-04-28-US-MTV-2", "2022-04-25-US-OAK-1"):
        truth = _phone(rng, raw / "test" / drive / "GooglePixel4", "GooglePixel4", labelled=False)
        rows.append(pd.DataFrame({"tripId": f"{drive}-GooglePixel4", "UnixTimeMillis": truth["UnixTimeMillis"],
                                  "LatitudeDegrees": 37.904611315634504, "LongitudeDegrees": -86.48107806249548}))
    pd.concat(rows).to_csv(raw / "sample_submission.csv", index=False)
    (raw / "metadata").mkdir()
    (raw / "metadata" / "raw_state_bit_map.json").write_text(json.dumps({"0": "STATE_CODE_LOCK", "1": "STATE_BIT_SYNC"}))
    (raw / "metadata" / "accumulated_delta_range_state_bit_map.json").write_text(json.dumps({"0": "ADR_STATE_VALID"}))
    pd.DataFrame({"ConstellationType": [0, 1, 3, 5, 6], "ConstellationName": ["UNKNOWN", "GPS", "GLONASS", "QZSS", "GALILEO"]}).to_csv(
        raw / "metadata" / "constellation_type_mapping.csv", index=False)
