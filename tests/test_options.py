"""One options object (``meta_issues.options``) for the plugin and ``generate``.

A bad value is a MkDocs configuration error naming the option, and ``generate`` says the same
words; the plugin and ``generate`` decide the landing page the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from conftest import BuildSite, default_config, plugin_of, seed_files
from meta_issues.cli.generate import GenerateError, generate
from meta_issues.options import OPTIONS, OptionError, Options, check, parse

BAD = [
    ("charts", "yes", "expected true or false, got 'yes'"),
    ("base_path", "/abs/x", "'/abs/x' is not a plain relative folder"),
    ("base_path", "../up", "'../up' is not a plain relative folder"),
    ("base_path", ".hidden", "'.hidden' is not a plain relative folder"),
    ("base_path", "", "'' is not a plain relative folder"),
    ("chart_workers", 0, "must be 1 or more, got 0"),
    ("chart_workers", "two", "expected a whole number, got 'two'"),
    ("source_dir", 3, "expected text, got 3"),
    ("enabled", "no", "expected true or false, got 'no'"),
    ("tags", "some", "expected one of overview, all, none, got 'some'"),
    ("tags", True, "expected text, got True"),
]


def project(root: Path, options: dict[str, Any]) -> Path:
    for relative, text in seed_files(complete=True).items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    config = default_config(root / ".cache", plugin_options=options)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root / "mkdocs.yml"


@pytest.mark.parametrize(("option", "value", "message"), BAD,
                         ids=[f"{o}={v!r}" for o, v, _ in BAD])
def test_a_bad_value_is_a_configuration_error_naming_the_option(
        tmp_path: Path, option: str, value: object, message: str,
        caplog: pytest.LogCaptureFixture) -> None:
    config_file = project(tmp_path, {option: value})
    with pytest.raises(Abort, match="configuration error"):
        load_config(config_file=str(config_file))
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert f"Plugin 'meta-issues' option '{option}'" in logged
    assert message in logged
    with pytest.raises(GenerateError, match=f"option '{option}': .*{message[:20]}"):
        generate(tmp_path / "meta-issues", tmp_path / "out", config_file)


def test_paths_that_overlap_are_a_configuration_error(tmp_path: Path) -> None:
    config_file = project(tmp_path, {"source_dir": "docs/meta-issues"})
    config = load_config(config_file=str(config_file))
    with pytest.raises(ConfigurationError, match="option 'source_dir': 'docs/meta-issues' is "
                                                 "inside docs_dir"):
        config.plugins.on_config(config)


def test_options_are_checked_once_and_normalised() -> None:
    assert parse({}) == Options()
    assert parse({"base_path": "kb/investigations/"}).base_path == "kb/investigations"
    assert parse({"chart_workers": 3}).workers == 3
    assert Options().workers >= 1
    with pytest.raises(OptionError) as raised:
        parse({"chrats": True})
    assert raised.value.option == "chrats" and "charts" in raised.value.message
    assert {option.name for option in OPTIONS} == set(Options.__dataclass_fields__)
    assert all(check(o.name, o.default) == o.default for o in OPTIONS)


def test_an_unknown_option_is_a_warning_and_the_rest_still_apply(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    config_file = project(tmp_path, {"chrats": False, "base_path": "kb"})
    config = load_config(config_file=str(config_file))
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("Plugin 'meta-issues' option 'chrats': Unrecognised configuration name" in w
               for w in warnings), warnings
    config.plugins.on_config(config)
    assert plugin_of(config).options.base_path == "kb"


def test_disabled_leaves_the_site_as_if_the_plugin_were_absent(build_site: BuildSite,
                                                               chart_cache: Path) -> None:
    files = {**seed_files(complete=True), "docs/index.md": "# Home\n"}
    site = build_site(files, default_config(chart_cache, plugin_options={"enabled": False}))
    assert not (site.site_dir / "meta-issues").exists()
    assert not (site.site_dir / "meta-issues.json").exists()
    assert "attr_list" not in site.config["markdown_extensions"]
    assert not [line for line in site.infos if "meta-issues" in line]


@pytest.mark.parametrize("home", ["index.md", "README.md"])
def test_the_docs_own_home_page_is_kept_by_the_plugin_and_generate(
        build_site: BuildSite, chart_cache: Path, tmp_path: Path, home: str) -> None:
    files = {**seed_files(complete=True), f"docs/{home}": "# Our own home\n"}
    site = build_site(files, default_config(chart_cache))
    assert "Our own home" in (site.site_dir / "index.html").read_text("utf-8")
    out = tmp_path / "generated"
    generate(site.root / "meta-issues", out, site.root / "mkdocs.yml")
    assert not (out / "docs" / ("README.md" if home == "index.md" else "index.md")).exists()
    assert (out / "docs" / home).read_text("utf-8") == "# Our own home\n"
