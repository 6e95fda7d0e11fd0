"""The Kaggle download path, with an injected client that speaks the official client's methods."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import io
import shutil
import zipfile
from pathlib import Path

import pytest
import requests

from mlebench.data import kaggle
from mlebench.data.prepare import PrepareOptions, prepare_competition, verify_prepared
from mlebench.errors import MLEBenchError
from mlebench.grading.leaderboard import load_leaderboard
from mlebench.registry import Registry, load_module

PLUGIN_SLOW = Path(__file__).parents[1] / "fixtures" / "plugins" / "plugin-slow"
SLUG = "plugin-slow-on-kaggle"


def _raw_zip_bytes() -> bytes:
    import tempfile

    staging = {}

    with tempfile.TemporaryDirectory() as d:
        load_module(PLUGIN_SLOW / "raw.py", "plugin-slow.raw").generate(Path(d))
        for p in Path(d).iterdir():
            staging[p.name] = p.read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in staging.items():
            z.writestr(name, data)
    return buf.getvalue()


def _http_error(status: int, message: str) -> requests.HTTPError:
    """Shaped like what the official client raises (kagglesdk: requests.HTTPError with the response)."""
    response = requests.Response()
    response.status_code = status
    response.url = "https://www.kaggle.com/api/v1/competitions.CompetitionApiService/DownloadDataFiles"
    return requests.HTTPError(message, response=response)


class FakeKaggleApi:
    """Same method names and parameters as kaggle.api.kaggle_api_extended.KaggleApi."""

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.calls: list[tuple] = []

    def competition_download_files(self, competition, path=None, force=False, quiet=True, unzip=False):
        self.calls.append(("competition_download_files", competition, path, quiet))
        if self.error:
            raise self.error
        Path(path, f"{competition}.zip").write_bytes(_raw_zip_bytes())

    def competition_leaderboard_download(self, competition, path, quiet=True):
        self.calls.append(("competition_leaderboard_download", competition, path, quiet))
        if self.error:
            raise self.error
        with zipfile.ZipFile(Path(path, f"{competition}.zip"), "w") as z:
            z.writestr(f"{competition}-publicleaderboard.csv", "TeamId,TeamName,SubmissionDate,Score\n1,a,2020-01-01,0.9\n")


def _official_params(method: str) -> list[str] | None:
    """Parameter names of the installed official client's method, read from its source (no import:
    importing `kaggle` tries to authenticate)."""
    spec = importlib.util.find_spec("kaggle")
    if spec is None or not spec.submodule_search_locations:
        return None
    src = Path(list(spec.submodule_search_locations)[0]) / "api" / "kaggle_api_extended.py"
    for node in ast.walk(ast.parse(src.read_text())):
        if isinstance(node, ast.FunctionDef) and node.name == method:
            return [a.arg for a in node.args.args]
    return None


@pytest.mark.parametrize("method", ["competition_download_files", "competition_leaderboard_download"])
def test_fake_client_matches_the_official_signature(method):
    official = _official_params(method)
    assert official is not None, "the kaggle client (a dev dependency) is not installed"
    assert list(inspect.signature(getattr(FakeKaggleApi, method)).parameters) == official


@pytest.fixture
def kaggle_competition(tmp_path, monkeypatch):
    """plugin-slow copied as a Kaggle-sourced competition whose slug differs from its id."""
    folder = tmp_path / "comps" / "plugin-kaggle"
    shutil.copytree(PLUGIN_SLOW, folder, ignore=shutil.ignore_patterns("__pycache__"))
    config = (folder / "config.yaml").read_text()
    config = config.replace("id: plugin-slow", "id: plugin-kaggle").replace("source: generator", f"source: kaggle\nkaggle_id: {SLUG}")
    (folder / "config.yaml").write_text(config)
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_PATH", str(tmp_path / "comps"))
    return Registry(tmp_path / "data").get_competition("plugin-kaggle")


def test_download_prepares_and_verifies(kaggle_competition):
    comp = kaggle_competition
    api = FakeKaggleApi()
    result = prepare_competition(comp, PrepareOptions(kaggle_api=api))
    assert result.status == "prepared"
    assert verify_prepared(comp) == []
    (name, slug, path, quiet), = api.calls
    assert (name, slug) == ("competition_download_files", SLUG)
    assert Path(path).is_relative_to(comp.root)
    assert not comp.raw_dir.exists()
    assert sorted(p.name for p in comp.root.iterdir()) == ["prepared"]  # no download leftovers


def test_download_with_keep_raw_keeps_extracted_files_only(kaggle_competition):
    comp = kaggle_competition
    prepare_competition(comp, PrepareOptions(kaggle_api=FakeKaggleApi(), keep_raw=True))
    assert sorted(p.name for p in comp.raw_dir.iterdir()) == [
        ".complete", "part_0.csv", "part_1.csv", "part_2.csv", "part_3.csv", "train.csv"
    ]


def test_403_for_unaccepted_rules_prints_the_rules_url(kaggle_competition):
    comp = kaggle_competition
    api = FakeKaggleApi(error=_http_error(403, "You must accept this competition's rules before downloading files"))
    with pytest.raises(MLEBenchError) as info:
        prepare_competition(comp, PrepareOptions(kaggle_api=api))
    message = str(info.value)
    assert f"https://www.kaggle.com/c/{SLUG}/rules" in message
    assert "403" in message and "\n" not in message
    assert not comp.is_prepared()


def test_403_from_older_clients_status_attribute():
    class ApiException(Exception):  # kaggle<1.7's kaggle.rest.ApiException carries .status
        status = 403

    with pytest.raises(MLEBenchError, match=r"kaggle\.com/c/old-slug/rules"):
        kaggle.download_competition("old-slug", Path("/nonexistent-never-written"), api=_Raising(ApiException("(403)\nReason: Forbidden")))


class _Raising:
    def __init__(self, e: Exception) -> None:
        self.e = e

    def competition_download_files(self, competition, path=None, force=False, quiet=True, unzip=False):
        raise self.e


def test_404_and_other_errors_are_one_line(tmp_path):
    with pytest.raises(MLEBenchError, match="has no competition 'nope' \\(404\\)"):
        kaggle.download_competition("nope", tmp_path, api=FakeKaggleApi(error=_http_error(404, "Not Found")))
    with pytest.raises(MLEBenchError, match="download of 'x' failed: connection reset$"):
        kaggle.download_competition("x", tmp_path, api=FakeKaggleApi(error=ConnectionError("connection reset\ndetails")))


def test_a_download_that_writes_no_zip_is_an_error(tmp_path):
    class Empty(FakeKaggleApi):
        def competition_download_files(self, competition, path=None, force=False, quiet=True, unzip=False):
            pass

    with pytest.raises(MLEBenchError, match="no zip"):
        kaggle.download_competition("x", tmp_path / "dl", api=Empty())


def test_leaderboard_download(tmp_path):
    api = FakeKaggleApi()
    dest = kaggle.download_leaderboard("some-comp", tmp_path / "leaderboard.csv", api=api)
    assert dest.read_text().startswith("TeamId,TeamName,SubmissionDate,Score")
    assert load_leaderboard(dest)["score"].tolist() == [0.9]  # the client's "Score" column is understood
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leaderboard.csv"]
    with pytest.raises(MLEBenchError, match="rules"):
        kaggle.download_leaderboard("some-comp", tmp_path / "lb2.csv", api=FakeKaggleApi(error=_http_error(403, "Forbidden")))


# Credentials: what the installed client (kaggle 2.x) accepts, looked for before it is imported.

@pytest.fixture
def bare_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    for name in ("KAGGLE_API_TOKEN", "KAGGLE_USERNAME", "KAGGLE_KEY", "KAGGLE_CONFIG_DIR", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    return home


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "setup,source",
    [
        (lambda home, env: env.update(KAGGLE_API_TOKEN="tok"), "KAGGLE_API_TOKEN"),
        (lambda home, env: _write(home / ".kaggle" / "access_token", "tok\n"), "~/.kaggle/access_token"),
        (lambda home, env: _write(home / ".kaggle" / "access_token.txt", "tok"), "~/.kaggle/access_token.txt"),
        (lambda home, env: env.update(KAGGLE_USERNAME="u", KAGGLE_KEY="k"), "KAGGLE_USERNAME/KAGGLE_KEY"),
        (lambda home, env: _write(home / ".kaggle" / "kaggle.json", '{"username": "u", "key": "k"}'), "{home}/.kaggle/kaggle.json"),
        (lambda home, env: _write(home / ".config" / "kaggle" / "kaggle.json", '{"username": "u", "key": "k"}'),
         "{home}/.config/kaggle/kaggle.json"),  # no ~/.kaggle on Linux: the client follows XDG
        (lambda home, env: _write(home / ".kaggle" / "credentials.json", "{}"), "~/.kaggle/credentials.json"),  # kaggle auth login
    ],
)
def test_credential_sources_the_client_accepts(bare_home, setup, source):
    env = {"HOME": str(bare_home)}
    setup(bare_home, env)
    assert kaggle.credential_source(env, bare_home) == source.format(home=bare_home)


@pytest.mark.parametrize(
    "setup",
    [
        lambda home, env: None,
        lambda home, env: _write(home / ".kaggle" / "access_token", "  \n"),  # an empty token file
        lambda home, env: env.update(KAGGLE_USERNAME="u"),  # a legacy key needs both halves
        lambda home, env: _write(home / ".kaggle" / "kaggle.json", '{"username": "u"}'),
    ],
)
def test_no_credentials(bare_home, setup):
    env = {"HOME": str(bare_home)}
    setup(bare_home, env)
    assert kaggle.credential_source(env, bare_home) is None


def test_a_broken_kaggle_json_is_named(bare_home):
    _write(bare_home / ".kaggle" / "kaggle.json", "{username: u")
    with pytest.raises(MLEBenchError, match=r"kaggle\.json is not valid JSON"):
        kaggle.credential_source({}, bare_home)


def test_without_credentials_one_message_names_every_way(bare_home, capsys, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "kaggle", None)  # importing the client would fail the test
    with pytest.raises(MLEBenchError) as info:
        kaggle.get_api()
    message = str(info.value)
    for way in ("KAGGLE_API_TOKEN", "~/.kaggle/access_token", "kaggle auth login", "~/.kaggle/kaggle.json",
                "KAGGLE_USERNAME and KAGGLE_KEY", "--raw-dir"):
        assert way in message
    assert "\n" not in message
    assert capsys.readouterr() == ("", "")


def _fake_client_modules(monkeypatch, api_class) -> None:
    """``kaggle.api.kaggle_api_extended.KaggleApi`` replaced (the real package authenticates on import)."""
    import sys
    import types

    ext = types.ModuleType("kaggle.api.kaggle_api_extended")
    ext.KaggleApi = api_class
    for name, module in (("kaggle", types.ModuleType("kaggle")), ("kaggle.api", types.ModuleType("kaggle.api")),
                         ("kaggle.api.kaggle_api_extended", ext)):
        monkeypatch.setitem(sys.modules, name, module)


def test_the_clients_own_help_is_silenced_and_one_message_raised(bare_home, capsys, monkeypatch):
    class Rejecting(FakeKaggleApi):
        def authenticate(self):  # what kaggle 2.x does when it accepts nothing
            print("Authentication required to call the Kaggle API.")
            raise SystemExit(1)

    _fake_client_modules(monkeypatch, Rejecting)
    monkeypatch.setenv("KAGGLE_API_TOKEN", "expired")
    with pytest.raises(MLEBenchError, match=r"^Kaggle did not accept the credentials from KAGGLE_API_TOKEN: create an API token"):
        kaggle.get_api()
    assert capsys.readouterr() == ("", "")


def test_an_unreachable_kaggle_is_not_called_a_credential_problem(bare_home, capsys, monkeypatch):
    class Offline(FakeKaggleApi):
        def authenticate(self):  # a token is checked with Kaggle's server
            raise requests.ConnectionError("Failed to resolve 'api.kaggle.com'\nmore")

    _fake_client_modules(monkeypatch, Offline)
    _write(bare_home / ".kaggle" / "access_token", "tok")
    with pytest.raises(MLEBenchError, match=r"^cannot reach Kaggle to check the credentials from ~/\.kaggle/access_token: "
                                            r"Failed to resolve 'api\.kaggle\.com'$"):
        kaggle.get_api()
    assert capsys.readouterr() == ("", "")


def test_a_failed_download_leaves_no_partial_folder(kaggle_competition):
    comp = kaggle_competition
    with pytest.raises(MLEBenchError, match="rules"):
        prepare_competition(comp, PrepareOptions(kaggle_api=FakeKaggleApi(error=_http_error(403, "Forbidden"))))
    assert not list(comp.root.glob("*.partial-*")) and not comp.raw_dir.exists()


def test_a_failed_extraction_keeps_the_download_and_the_next_run_continues(kaggle_competition, monkeypatch):
    comp = kaggle_competition
    api = FakeKaggleApi()
    real = kaggle.extract_zip

    def broken(*args, **options):
        raise OSError("disk went away")

    monkeypatch.setattr(kaggle, "extract_zip", broken)
    with pytest.raises(OSError, match="disk went away"):
        prepare_competition(comp, PrepareOptions(kaggle_api=api))
    assert [p.name for p in (comp.root / "download").iterdir()] == [f"{SLUG}.zip"] and not comp.is_prepared()
    monkeypatch.setattr(kaggle, "extract_zip", real)
    prepare_competition(comp, PrepareOptions(kaggle_api=api))
    assert len(api.calls) == 1  # downloaded once
    assert verify_prepared(comp) == [] and sorted(p.name for p in comp.root.iterdir()) == ["prepared"]


def test_a_truncated_download_is_downloaded_again(kaggle_competition):
    comp = kaggle_competition
    (comp.root / "download").mkdir(parents=True)
    (comp.root / "download" / f"{SLUG}.zip").write_bytes(_raw_zip_bytes()[:-100])  # what a killed download leaves
    api = FakeKaggleApi()
    prepare_competition(comp, PrepareOptions(kaggle_api=api))
    assert len(api.calls) == 1 and verify_prepared(comp) == []
