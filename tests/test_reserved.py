"""Investigation folders named like the site's own pages (``lessons``, ``index``…).

Each is an error naming the folder, in a build and in ``meta-issues lint``; the generated page
keeps its place and the investigation's pages move to ``<name>-meta-issue``.
"""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from bad_inputs.corpus import BASE
from conftest import BuildSite, default_config
from meta_issues.text import RESERVED_NAMES

# What identifies each generated page or folder, and that it is not an investigation.
GENERATED = {
    "index": ("meta-issues/index.md", "Other"),  # the list of investigations lists both
    "lessons": ("meta-issues/lessons.md", "Lessons"),
    "changes": ("meta-issues/changes.md", "Changes in this preview"),
    "charts": ("meta-issues/charts/knowledge-base.svg", "<svg"),
}


def _files(name: str) -> dict[str, str]:
    return {f"meta-issues/{name}/README.md": BASE.replace("Slow API", f"Folder {name}"),
            "meta-issues/other/README.md": BASE.replace("Slow API", "Other"),
            "docs/index.md": "# Home\n"}


def test_every_generated_name_is_reserved() -> None:
    from meta_issues.site import Layout

    layout = Layout()
    site_level = {layout.home, layout.lessons, layout.changes, layout.kb_chart}
    names = {path.removeprefix("meta-issues/").split("/")[0].removesuffix(".md")
             for path in site_level}
    assert names == set(RESERVED_NAMES) == set(GENERATED)


@pytest.mark.parametrize("name", RESERVED_NAMES)
def test_reserved_folder_is_an_error_and_moves(name: str, build_site: BuildSite,
                                               chart_cache: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    moved = f"{name}-meta-issue"
    options = {"compare_to": "HEAD"} if name == "changes" else {}
    expected = [rf"^meta-issues: meta-issues/{name}:1: RESERVED_NAME: '{name}' is taken "
                rf".*its pages use '{moved}'"]
    # Not a git checkout: the Changes page is built and says there is no comparison.
    tolerated = [r"compare_to 'HEAD': .* not inside a git checkout"] if name == "changes" else []
    config = default_config(chart_cache, plugin_options=options)
    site = build_site(_files(name), config=config, expect_warnings=expected,
                      tolerate_warnings=tolerated)
    # The investigation lives under its new name, whole.
    overview = site.html(f"meta-issues/{moved}/index.md")
    assert f"Folder {name}" in overview.source
    assert site.path(f"meta-issues/{moved}/attempts/index.md").is_file()
    # The generated page or folder is still the site's own.
    src, marker = GENERATED[name]
    if name == "charts":
        assert (site.site_dir / src).is_file()
        assert not site.path("meta-issues/charts/index.md").exists()
    else:
        page = site.html(src)
        assert marker in page.source and f"Folder {name}</h1>" not in page.source
    # lint says the same, with exit code 1.
    from meta_issues.cli import main

    monkeypatch.chdir(site.root)
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["lint", "meta-issues"])
    assert code == 1
    assert f"meta-issues/{name}:1: RESERVED_NAME: " in out.getvalue()


def test_reserved_names_ignore_case(build_site: BuildSite) -> None:
    site = build_site(_files("Lessons"), strict=True,
                      expect_warnings=[r"meta-issues/Lessons:1: RESERVED_NAME: 'Lessons'"])
    assert site.aborted is not None
