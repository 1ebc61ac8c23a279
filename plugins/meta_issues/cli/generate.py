"""``meta-issues generate``: the knowledge base as plain Markdown + SVG + a plain mkdocs.yml.

The output builds with MkDocs, ProperDocs or Zensical *without* this plugin: the same
``Renderer`` output the plugin hands to MkDocs is written to ``OUT/docs/``, next to a copy of
the configuration's own docs pages, and ``OUT/mkdocs.yml`` is the given configuration minus
this plugin, plus what the plugin would add (Markdown extensions, the stylesheet, a nav).

Nothing here imports MkDocs: the configuration is read and written as YAML, keeping tags such
as ``!ENV`` and ``!!python/name:`` as written.
"""

from __future__ import annotations

import dataclasses
import posixpath
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ..model import Diagnostic
from ..options import OptionError, Options, Paths, parse, resolve_paths
from ..pipeline import Pipeline, Request, SiteBuild
from ..site import CSS_URI, JS_URI, JSON_URI, REQUIRED_EXTENSIONS, Layout, page_url

PLUGIN_NAME = "meta-issues"
MARKER = ".meta-issues-generated"
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


class GenerateError(Exception):
    """Nothing sensible can be written (bad configuration, unsafe output folder)."""


# --- YAML that keeps custom tags -------------------------------------------------------------


@dataclass
class Tagged:
    """A YAML node with a tag we do not interpret (``!ENV``, ``!!python/name:...``)."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode)
        value = loader.construct_mapping(node, deep=True)
    return Tagged(node.tag, value)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(Tagged, _represent_tagged)
_Dumper.add_representer(str, _represent_str)


def load_config(path: Path) -> dict[str, Any]:
    """mkdocs.yml as data; ``INHERIT`` is merged the way MkDocs merges it (child wins)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except OSError as error:
        raise GenerateError(f"{path}: cannot read the configuration: {error}") from error
    except yaml.YAMLError as error:
        raise GenerateError(f"{path}: invalid YAML: {error}") from error
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise GenerateError(f"{path}: the configuration must be a mapping of options")
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str):
        data = _merge(load_config((path.parent / parent).resolve()), data)
    return dict(data)


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


HEADER = "# Written by `meta-issues generate`"


def dump_config(config: dict[str, Any]) -> str:
    header = (f"{HEADER}: builds without the meta-issues plugin\n"
              "# (mkdocs build, properdocs build -f mkdocs.yml, zensical build).\n")
    body = yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)
    return header + body


# --- plugin options --------------------------------------------------------------------------


def _is_plugin(entry: Any) -> bool:
    if isinstance(entry, str):
        return entry == PLUGIN_NAME
    return isinstance(entry, dict) and len(entry) == 1 and PLUGIN_NAME in entry


def plugin_options(config: dict[str, Any]) -> Options:
    """The plugin's options as the configuration gives them, checked as the plugin checks
    them (``options.parse``)."""
    plugins = config.get("plugins") or []
    entries: list[tuple[str, Any]] = []
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        for entry in plugins:
            if isinstance(entry, dict) and len(entry) == 1:
                entries.extend(entry.items())
            elif isinstance(entry, str):
                entries.append((entry, None))
    for name, value in entries:
        if name == PLUGIN_NAME and isinstance(value, dict):
            try:
                return parse(value)
            except OptionError as error:
                raise GenerateError(f"plugins: {PLUGIN_NAME}: option '{error.option}': "
                                    f"{error.message}") from None
    return Options()


def _without_plugin(plugins: Any) -> Any:
    if isinstance(plugins, dict):
        return {k: v for k, v in plugins.items() if k != PLUGIN_NAME}
    if isinstance(plugins, list):
        return [entry for entry in plugins if not _is_plugin(entry)]
    return plugins


def _extension_names(extensions: Any) -> set[str]:
    if isinstance(extensions, dict):
        return set(extensions)
    names: set[str] = set()
    for entry in extensions or []:
        if isinstance(entry, str):
            names.add(entry)
        elif isinstance(entry, dict):
            names.update(str(k) for k in entry)
    return names


# --- the nav ---------------------------------------------------------------------------------


def _sort_key(src_uri: str) -> tuple[tuple[str, ...], bool, str]:
    """MkDocs' ``file_sort_key``: a folder's index first, then files, sub-folders last."""
    parts = PurePosixPath(src_uri).parts
    stem = posixpath.splitext(parts[-1])[0]
    return (parts[:-1], stem not in ("index", "README"), parts[-1])


def _dirname_title(name: str) -> str:
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def automatic_nav(pages: list[str]) -> list[Any]:
    """The nav MkDocs builds when mkdocs.yml has none (``nest_paths`` over sorted pages)."""
    nested: list[Any] = []
    for path in sorted(pages, key=_sort_key):
        branch = nested
        for part in PurePosixPath(path).parent.parts:
            title = _dirname_title(part)
            node = next((n for n in branch if isinstance(n, dict) and title in n), None)
            if node is None:
                node = {title: []}
                branch.append(node)
            branch = node[title]
        branch.append(path)
    return nested


# --- generate --------------------------------------------------------------------------------


@dataclass
class Generated:
    """What ``generate`` wrote and found."""

    issues: int = 0
    pages: int = 0
    charts_rendered: int = 0
    charts_cached: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Collected:
    """The pipeline's messages, kept for the CLI to print."""

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings

    def warning(self, message: str) -> None:
        self.warnings.append(message)

    def info(self, message: str) -> None:
        pass

    def debug(self, message: str) -> None:
        pass


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _check_output(out: Path, config_file: Path | None, protected: list[Path],
                  force: bool) -> None:
    """Refuse an output folder where writing would lose someone's files: one holding (or
    inside) the sources, the docs or the configuration, a folder ``generate`` did not make
    (unless ``force``), and a ``mkdocs.yml`` it did not write (always)."""
    if out.exists() and not out.is_dir():
        raise GenerateError(f"{out}: is a file; OUT must be a folder")
    for folder in [*protected, *([config_file] if config_file else [])]:
        if _inside(folder, out) or _inside(out, folder):
            raise GenerateError(f"{out}: the output would overwrite {folder}; "
                                "choose a separate output folder")
    config = out / "mkdocs.yml"
    if (config.exists() or config.is_symlink()) and not _written_by_generate(config):
        raise GenerateError(f"{config} was not written by `meta-issues generate` and is never "
                            "overwritten; move it away or choose another folder")
    ours = (out / MARKER).is_file()
    if not ours and not force and out.is_dir() and any(out.iterdir()):
        raise GenerateError(f"{out} exists and was not written by `meta-issues generate`; "
                            "choose a new or empty folder, or pass --force to write into it "
                            "(its docs/ is replaced)")


def _written_by_generate(config: Path) -> bool:
    try:
        with config.open("rb") as stream:
            return config.is_file() and not config.is_symlink() and stream.read(
                len(HEADER)) == HEADER.encode()
    except OSError:
        return False


def _write(root: Path, src_uri: str, content: str | bytes) -> None:
    target = (root / src_uri).resolve()
    if not target.is_relative_to(root.resolve()):
        raise GenerateError(f"refusing to write outside {root}: {src_uri}")
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8", newline="\n")


def _copy_docs(docs_dir: Path, out_docs: Path) -> list[str]:
    """Copy the configuration's docs folder; returns the Markdown pages (as src_uris)."""
    pages: list[str] = []
    if not docs_dir.is_dir():
        return pages
    for path in sorted(docs_dir.rglob("*")):
        relative = path.relative_to(docs_dir)
        if path.is_symlink() and not path.resolve().is_relative_to(docs_dir.resolve()):
            continue  # as MkDocs' own docs collection: stay inside docs_dir
        if not path.is_file():
            continue
        target = out_docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        uri = relative.as_posix()
        if path.suffix.lower() in MARKDOWN_SUFFIXES and not any(
            part.startswith(".") for part in relative.parts
        ) and "templates" not in relative.parts[:-1]:
            pages.append(uri)
    return pages


def _asset(name: str) -> str:
    return resources.files("meta_issues").joinpath(f"assets/{name}").read_text("utf-8")


def _relocate(value: str, config_dir: Path, out: Path, name: str) -> str:
    """Copy a folder or file the configuration names into ``out`` and return its new path."""
    source = (config_dir / value).resolve()
    target = out / name
    if source.is_dir():
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target)
    elif source.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return name


@dataclass
class _Plan:
    """What ``generate`` reads and where it writes, checked before anything is written."""

    config: dict[str, Any]
    config_dir: Path
    options: Options
    paths: Paths
    docs_dir: Path | None
    out: Path


def _plan(source: Path, out: Path, config_file: Path | None, compare_to: str | None,
          force: bool) -> _Plan:
    source, out = source.resolve(), out.resolve()
    config_file = config_file.resolve() if config_file is not None else None
    config: dict[str, Any] = load_config(config_file) if config_file else {}
    config_dir = config_file.parent if config_file else Path.cwd()
    options = plugin_options(config)
    if compare_to is not None:
        options = dataclasses.replace(options, compare_to=compare_to)
    docs_dir = (config_dir / str(config.get("docs_dir", "docs"))).resolve() if config_file \
        else None
    _check_output(out, config_file, [source] + ([docs_dir] if docs_dir else []), force)
    if not source.is_dir():
        raise GenerateError(f"{source}: not a folder of meta-issues")
    try:
        paths = resolve_paths(options, config_dir, docs_dir or out / "docs", out / "site",
                              source)
    except OptionError as error:
        raise GenerateError(f"plugins: {PLUGIN_NAME}: option '{error.option}': "
                            f"{error.message}") from None
    return _Plan(config, config_dir, options, paths, docs_dir, out)


def generate(
    source: Path,
    out: Path,
    config_file: Path | None = None,
    *,
    compare_to: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    force: bool = False,
    note: Callable[[str], None] | None = None,
) -> Generated:
    """Write ``out/docs/`` and ``out/mkdocs.yml`` for the knowledge base in ``source``.

    ``note`` hears what the build is doing (read, pages made, charts to draw) and
    ``progress`` how many charts are drawn; both are for a person watching a long build.
    """
    plan = _plan(source, out, config_file, compare_to, force)
    say = note or (lambda _text: None)
    out_docs = _fresh_output(plan.out)
    docs_pages = _copy_docs(plan.docs_dir, out_docs) if plan.docs_dir else []
    use_directory_urls = plan.config.get("use_directory_urls", True) is not False
    result = Generated()
    pipeline = Pipeline(_Collected(result.warnings))
    say(f"reading {plan.paths.source_dir}")
    site = pipeline.build(Request(plan.options, plan.paths, frozenset(docs_pages),
                                  (use_directory_urls,), directory_urls=use_directory_urls,
                                  progress=progress))
    try:
        drawing = site.charts.counts[0]
        say(f"{site.issues} meta-issues, {len(site.pages)} pages"
            + (f"; drawing {drawing} charts" if drawing else ""))
        site.finish()
        nav_pages = _write_site(site, out_docs, docs_pages, use_directory_urls)
    finally:
        site.close()
        result.warnings.extend(pipeline.finish(site, prune=True))
    result.issues, result.pages, result.diagnostics = site.issues, len(site.pages), \
        site.diagnostics
    result.charts_rendered, result.charts_cached = site.charts.counts
    (plan.out / "mkdocs.yml").write_text(
        dump_config(_output_config(plan.config, plan.config_dir, plan.out, nav_pages,
                                   site.settings.layout)),
        encoding="utf-8", newline="\n")
    return result


def _fresh_output(out: Path) -> Path:
    """``out/docs/``, emptied, with the marker that lets the next run replace it."""
    out.mkdir(parents=True, exist_ok=True)
    out_docs = out / "docs"
    if out_docs.exists():
        shutil.rmtree(out_docs)
    out_docs.mkdir()
    (out / MARKER).write_text("Written by `meta-issues generate`; its docs/ folder is replaced "
                              "on the next run.\n", encoding="utf-8")
    return out_docs


def _write_site(site: SiteBuild, out_docs: Path, docs_pages: list[str],
                use_directory_urls: bool) -> list[str]:
    """Write every generated file; returns the pages the nav lists."""
    nav_pages = [page for page in docs_pages if page not in site.replaced]
    for page in site.pages:
        _write(out_docs, page.src_uri, site.page_markdown(page))
        if page.in_nav:
            nav_pages.append(page.src_uri)
    for chart in site.charts.files:
        data = chart.data if chart.path is None else Path(chart.path).read_bytes()
        _write(out_docs, chart.src_uri, data or b"")
    for src_uri, content in site.published():
        _write(out_docs, src_uri, content)
    _write(out_docs, CSS_URI, _asset("meta-issues.css"))
    _write(out_docs, JS_URI, _asset("meta-issues.js"))
    _write(out_docs, JSON_URI, site.export(lambda src: page_url(src, use_directory_urls)))
    return nav_pages


def _output_config(config: dict[str, Any], config_dir: Path, out: Path, nav_pages: list[str],
                   layout: Layout) -> dict[str, Any]:
    written: dict[str, Any] = {}
    for key, value in config.items():
        if key == "plugins":
            value = _without_plugin(value)
        written[key] = value
    written.setdefault("site_name", "Knowledge base")
    written["docs_dir"] = "docs"
    written.pop("watch", None)
    theme = written.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        theme = dict(theme)
        theme["custom_dir"] = _relocate(theme["custom_dir"], config_dir, out, "overrides")
        written["theme"] = theme
    hooks = written.get("hooks")
    if isinstance(hooks, list):
        written["hooks"] = [
            _relocate(h, config_dir, out, f"hooks/{Path(h).name}") if isinstance(h, str) else h
            for h in hooks
        ]
    site_dir = written.get("site_dir")
    if isinstance(site_dir, str) and Path(site_dir).is_absolute():
        written.pop("site_dir")
    extensions = written.get("markdown_extensions")
    present = _extension_names(extensions)
    missing = [e for e in REQUIRED_EXTENSIONS if e not in present]
    if isinstance(extensions, dict):
        written["markdown_extensions"] = {**extensions, **{e: None for e in missing}}
    else:
        written["markdown_extensions"] = list(extensions or []) + missing
    extra_css = list(written.get("extra_css") or [])
    if CSS_URI not in extra_css:
        extra_css.append(CSS_URI)
    written["extra_css"] = extra_css
    extra_javascript = list(written.get("extra_javascript") or [])
    if JS_URI not in [s if isinstance(s, str) else s.get("path") for s in extra_javascript
                      if isinstance(s, (str, dict))]:
        extra_javascript.append(JS_URI)
    written["extra_javascript"] = extra_javascript
    if "nav" not in written:
        written["nav"] = automatic_nav(nav_pages)
    # The investigations' own pages are reached from the generated lists, not the nav (the
    # plugin marks them "not in nav" too), so MkDocs does not list them as omitted.
    pattern = f"/{layout.base}/*/"
    existing = written.get("not_in_nav")
    lines = [existing.rstrip("\n")] if isinstance(existing, str) and existing.strip() else []
    written["not_in_nav"] = "\n".join([*lines, pattern]) + "\n"
    return written
