"""The HTML report: structure and escaping read from the page's text, then the page as a person sees
it in a real headless Chromium (Debian's, driven by Playwright): no console error, no network
request, the timeline drawn, the findings ranked, a screenshot under build/.

The browser tests install Debian's chromium when it is missing and the tests run as root, and skip
with the reason where it cannot be had.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import graph_finding, pad_finding

from tfperf.cli import main
from tfperf.findings import Fix, Safety, SourceLocation, StepShare, TextEdit
from tfperf.page import (
    Bar,
    BatchCurve,
    BatchLimit,
    BatchPoint,
    Engine,
    Files,
    Float32Op,
    FindingEntry,
    ModelSection,
    Page,
    Precision,
    PrecisionVariant,
    Summary,
    Timeline,
    build_page,
    finding_entry,
)
from tfperf.report import render
from tfperf.report.html import page_html

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
BUILD = ROOT / "build"
EVIL = "<script>window.__pwned = 1</script>"
EVIL_IMG = "<img src=x onerror=\"window.__pwned = 2\">"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


class Tags(HTMLParser):
    """The page's start tags with their attributes, and its visible text."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag in ("script", "style")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if not self._in_script:
            self.text.append(data)

    def all(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def charts(page: str) -> dict[str, dict]:
    """chart div id -> its plotly figure, unpacked from the page as its boot script does."""
    found = {}
    for key, data in re.findall(r'<script type="application/x-gzip-base64" data-for="([^"]+)">([^<]*)</script>', page):
        found[key] = json.loads(gzip.decompress(base64.b64decode(data)))
    return found


def evil_page(tmp_path: Path) -> Page:
    """A page where every text a run supplies tries to become markup: a layer, a message, a file name,
    a source line, a fix, a lane."""
    source = tmp_path / "evil<script>.py"
    source.write_text("import tensorflow as tf\n" f"x = tf.pad(y, p)  # {EVIL}\n", encoding="utf-8")
    finding = pad_finding(str(source), line=2, column=5, message=f"message {EVIL}",
                          fix=Fix(Safety.EXACT, f"fix {EVIL_IMG}", (TextEdit(str(source), 2, 5, 2, 17, "y"),)),
                          step=StepShare(1e-6, 1e-4, "gaudi2"))
    graph = graph_finding(origin=f"model {EVIL}")
    files = Files()
    bars = [Bar("mme", 0.0, 5e-5, f"layer {EVIL} MatMul", "matrix", f"{source}:2", True),
            Bar(f"tpc{EVIL_IMG}", 5e-5, 5e-5, "Relu </script><script>window.__pwned = 3</script>", "elementwise")]
    timeline = Timeline(1e-4, [("mme", "matrix"), (f"tpc{EVIL_IMG}", f"vector {EVIL}")], bars, "mme", [(5e-5, 1e-4)])
    summary = Summary(f"model {EVIL}", "gaudi2", f"Gaudi {EVIL}", 1e-4, 8, 80000.0,
                      [Engine("mme", f"matrix {EVIL}", 5e-5, 0.5)], 10**9, 96 * 10**9, 1,
                      StepShare(1e-6, 1e-4, "gaudi2", note=EVIL), notes=[EVIL])
    batch = BatchCurve(True, 96 * 2**30, [BatchPoint(b, 1e-3 * (1 + b / 64), b * 2 * 2**30, b <= 32)
                                          for b in (1, 2, 4, 8, 16, 32)],
                       [BatchLimit("memory", 32, f"fits {EVIL}"), BatchLimit("throughput knee", 16, "throughput flattens")],
                       16, "throughput knee", current=4, notes=[EVIL])
    precision = Precision("bfloat16", 2.0, [PrecisionVariant("as traced", 2e-3, 0, 0),
                                            PrecisionVariant(f"tfperf's plan {EVIL}", 1.2e-3, 40, 6)],
                          [Float32Op("Softmax", 2, f"precision-sensitive {EVIL}")])
    model = ModelSection(summary, timeline, [finding_entry(finding, files)], batch=batch, precision=precision)
    return build_page([finding, graph], target="gaudi2", models=[model], version="0", title=f"report {EVIL}")


# ---------------------------------------------------------------------------------------------
# without a browser


def test_every_text_a_run_supplies_is_escaped(tmp_path):
    page = page_html(evil_page(tmp_path))
    assert "__pwned" not in "".join(re.findall(r"<script>.*?</script>", page, re.S)), "no inline script of ours holds it"
    assert EVIL not in page and EVIL_IMG not in page and "<img" not in page
    parsed = Tags(page)
    # our scripts only: the timeline's spec and plotly.js (packed, never run as they are), the boot script
    assert [s.get("type") for s in parsed.all("script")] == ["application/x-gzip-base64"] * 4 + [None]
    text = "".join(parsed.text)
    assert f"message {EVIL}" in text and f"fix {EVIL_IMG}" in text and "evil<script>.py:2:5" in text
    assert f"# {EVIL}" in text, "the source line shows as text"
    # the charts' data are escaped for plotly.js, which renders a subset of HTML in labels and hovers
    timeline = charts(page)["chart-timeline-0"]
    hovers = " ".join(h for trace in timeline["data"] for h in trace.get("hovertext", ()))
    assert "&lt;script&gt;" in hovers and "<script" not in hovers and "<img" not in json.dumps(timeline)


def test_the_batch_curve_marks_each_limit_and_the_recommendation(tmp_path):
    page = page_html(evil_page(tmp_path))
    figure = charts(page)["chart-batch-0"]
    lines = [shape for shape in figure["layout"]["shapes"] if shape["type"] == "line"]
    assert sorted(shape["x0"] for shape in lines if shape["x0"] == shape["x1"]) == [16, 16, 32, 32]  # both plots
    names = [trace["name"] for trace in figure["data"]]
    assert "recommended: 16" in names and "memory limit: 32" in names and "throughput knee limit: 16" in names
    [memory] = [t for t in figure["data"] if t["name"] == "peak memory"]
    assert memory["x"] == [1, 2, 4, 8, 16, 32] and memory["y"][-1] == 64.0
    text = "".join(Tags(page).text)
    assert "Recommended batch size: 16 (you run 4), set by the throughput knee limit." in text and f"fits {EVIL}" in text
    precision = charts(page)["chart-precision-0"]
    assert precision["data"][0]["x"] == [2.0, 1.2]
    assert "(1.67x float32's 2.0 ms), 40 ops in 16-bit, 6 casts." in text and f"precision-sensitive {EVIL}" in text


def test_a_source_page_groups_by_file_and_code_with_snippet_and_diff(tmp_path):
    code = ('import tensorflow as tf\n\n\n'
            'def stem(x, kernel):\n'
            '    padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])\n'
            '    return tf.nn.conv2d(padded, kernel, strides=1, padding="VALID")\n')
    (tmp_path / "a.py").write_text(code, encoding="utf-8")
    (tmp_path / "b.py").write_text(code.replace("stem", "head"), encoding="utf-8")
    out = tmp_path / "report.html"
    result = run("check", str(tmp_path / "a.py"), str(tmp_path / "b.py"), "--format", "html", "-o", str(out),
                 "--no-cache")
    assert result.exit_code == 1, result.output
    page = out.read_text(encoding="utf-8")
    parsed = Tags(page)
    assert not parsed.all("script"), "a source page needs no script"
    files = parsed.all("details", **{"class": "file", "open": None})
    assert len(files) == 2
    assert [a["data-code"] for a in parsed.all("li", **{"class": "finding"})] == ["TFP201", "TFP201"]
    assert parsed.all("span", **{"class": "hl"}), "the finding's line is highlighted"
    assert page.count('<span class="hl"><span class="ln">5</span>') == 2, "line 5, the tf.pad, in each file"
    text = "".join(parsed.text)
    assert '-    return tf.nn.conv2d(padded, kernel, strides=1, padding="VALID")' in text
    assert "+    return tf.nn.conv2d(x, kernel, strides=1, padding=[[0, 0], [1, 1], [1, 1], [0, 0]])" in text
    assert "2 findings in 2 files" in text


def test_a_model_page_has_summary_timeline_ranked_findings_and_host(tmp_path):
    out = tmp_path / "report.html"
    result = run("check", "--model", f"{EXAMPLES}/guide_pad.py:not_recommended",
                 "--model", f"{EXAMPLES}/guide_placement.py:not_recommended", "--target", "gaudi2",
                 "--format", "html", "-o", str(out))
    assert result.exit_code == 1, result.output
    page = out.read_text(encoding="utf-8")
    parsed = Tags(page)
    text = " ".join(parsed.text)
    assert len(parsed.all("section", **{"class": "model"})) == 2
    assert "predicted step" in text and "samples/s" in text and "of 96.0 GiB on the device" in text
    assert "fixing them together saves" in text
    timeline = charts(page)["chart-timeline-0"]
    bars = [(name, hover) for trace in timeline["data"] if "idle" not in trace["name"]
            for name, hover in zip(trace["y"], trace["hovertext"])]
    pad_line = next(i for i, line in enumerate((EXAMPLES / "guide_pad.py").read_text().splitlines(), 1)
                    if "tf.pad(" in line and "not" not in line)
    assert any(f"guide_pad.py:{pad_line}" in hover for _, hover in bars), "ops are named by their source line"
    assert {name for name, _ in bars} >= {"mme", "dma"}
    idle = [trace for trace in timeline["data"] if "idle" in trace["name"]]
    assert idle and idle[0]["y"][0] == "mme", "the matrix engine's idle gaps are marked on its lane"
    # the placement model's host section: its ops on the host and the bytes that cross
    assert "Ops on the host" in text and "PyFuncStateless" in text and "cross per step" in text
    ranks = re.findall(r'<span class="rank">#(\d+)</span>', page)
    assert ranks[:1] == ["1"]


def test_findings_are_ranked_by_saving_and_the_combined_saving_is_scheduled_once():
    from tfperf.analyze import report_graph
    from tfperf.capture import from_spec

    graph = from_spec(f"{EXAMPLES}/guide_pad.py:not_recommended")
    result = report_graph(graph, "gaudi2")
    (finding,) = [f for f in result.estimate.findings if f.code == "TFP201"]
    # one finding: fixing "all" is fixing it
    assert result.combined.saving_seconds == pytest.approx(finding.step.saving_seconds)
    assert result.placement.groups == []


def test_the_precision_section_says_why_ops_stay_float32(tmp_path):
    """A small fp32 Keras model on gaudi2: tfperf's plan converts the matrix ops; its softmax and the
    step's result stay float32, each with its reason."""
    from tfperf.analyze import report_graph
    from tfperf.capture import from_spec
    from tfperf.page import precision_section

    (tmp_path / "small.py").write_text(SMALL_KERAS.replace('name="head")(x)', 'name="head", activation="softmax")(x)'),
                                       encoding="utf-8")
    result = report_graph(from_spec(f"{tmp_path}/small.py:model", batch_size=64), "gaudi2")
    section = precision_section(result.precision, result.float32)
    assert section.dtype == "bfloat16" and section.matrix_speedup > 1
    assert [v.name for v in section.variants] == ["float32, as traced", "tfperf's plan"]
    assert section.variants[0].sixteen_bit_ops == 0
    why = {o.op: o.why for o in section.float32_ops}
    assert why["Softmax"].startswith("precision-sensitive: softmax")
    assert why["Identity"] == "a result of the step: it keeps its dtype"
    assert result.batch is not None and result.batch.current == 64 and not result.batch.training


def test_render_dispatch_and_an_empty_page():
    import io

    stream = io.StringIO()
    render([], "html", stream=stream, target="gaudi2")
    assert "All checks passed" in stream.getvalue() and "<script" not in stream.getvalue()


def test_a_finding_without_a_readable_file_has_no_snippet():
    entry = finding_entry(pad_finding("/nonexistent/model.py"), Files())
    assert entry.snippet is None and entry.diff is None
    assert isinstance(entry, FindingEntry)


def test_snippet_highlights_the_construct_and_keeps_context(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("".join(f"line{i}\n" for i in range(1, 21)), encoding="utf-8")
    finding = pad_finding(str(path), line=10)
    finding = finding.with_locations([finding.location.__class__(SourceLocation(str(path), 10, 1, end_line=11))])
    snippet = finding_entry(finding, Files()).snippet
    assert (snippet.first_line, len(snippet.lines), snippet.highlight) == (7, 8, frozenset({10, 11}))


# ---------------------------------------------------------------------------------------------
# in a real browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium_missing() -> str | None:
    """Why Debian's chromium cannot be had here, or None once it is installed (as root, with apt-get)."""
    if os.path.exists(CHROMIUM):
        return None
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
        return f"no {CHROMIUM}, and the tests cannot install it (not root, or no apt-get): apt-get install chromium"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # each xdist worker may get here at once: wait for the other's dpkg lock instead of failing on it
    wait = ["-o", "DPkg::Lock::Timeout=600"]
    for step in (["apt-get", *wait, "install", "-y", "chromium"], ["apt-get", *wait, "update"],
                 ["apt-get", *wait, "install", "-y", "chromium"]):
        done = subprocess.run(step, capture_output=True, text=True, env=env, timeout=900)
        if "install" in step and done.returncode == 0 and os.path.exists(CHROMIUM):
            return None
    return f"apt-get install chromium failed: {done.stderr.strip().splitlines()[-1:] or done.returncode}"


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[dev]'")
    reason = _chromium_missing()
    if reason:
        pytest.skip(reason)
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 900})
        yield context
        context.close()


def open_report(context, path: Path, screenshot: str, charts_expected: bool = True):
    """Open `path` as a person would; return the page, its console errors and its network requests."""
    page = context.new_page()
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None)
    page.goto(path.resolve().as_uri())
    if charts_expected:
        page.wait_for_selector("body[data-charts]", timeout=60_000)
    BUILD.mkdir(exist_ok=True)
    page.screenshot(path=str(BUILD / screenshot), full_page=True)
    return page, errors, requests


browser_test = pytest.mark.xdist_group("browser")  # one worker starts Chromium once


SMALL_KERAS = """\
import keras


def model():
    inputs = keras.Input((32, 32, 3))
    x = keras.layers.ZeroPadding2D(1, name="stem_pad")(inputs)
    x = keras.layers.Conv2D(16, 3, name="stem_conv")(x)
    x = keras.layers.GlobalAveragePooling2D(name="pool")(x)
    return keras.Model(inputs, keras.layers.Dense(10, name="head")(x))
"""


@browser_test
def test_browser_model_page(browser, tmp_path):
    """The guide's pad (a tf.function), and a small Keras model whose batch can be varied (a batch curve)."""
    (tmp_path / "small.py").write_text(SMALL_KERAS, encoding="utf-8")
    out = tmp_path / "report.html"
    result = run("check", "--model", f"{EXAMPLES}/guide_pad.py:not_recommended", "--model", f"{tmp_path}/small.py:model",
                 "--batch-size", "8", "--format", "html", "-o", str(out))
    assert result.exit_code == 1, result.output
    page, errors, requests = open_report(browser, out, "report-small.png")
    assert errors == [] and requests == []
    assert page.get_attribute("body", "data-charts") == "5"  # per model a timeline and its precision; one batch curve
    assert page.locator("#chart-precision-1 .bars path").count() == 2, "float32 and tfperf's plan"
    assert page.locator("#chart-timeline-0 .bars path").count() >= 2, "the timeline's bars are drawn"
    assert page.locator("#chart-timeline-0 .legendtext", has_text="idle").count() == 1
    ranked = page.locator("#findings-0 li.finding")
    assert [ranked.nth(k).locator(".rank").inner_text() for k in range(ranked.count())] == ["#1", "#2"]
    assert {ranked.nth(k).get_attribute("data-code") for k in range(2)} == {"TFP201", "TFP701"}
    assert page.locator("#chart-batch-1 .scatterlayer .trace").count() >= 3, "the batch curve is drawn"
    assert "(you run 8)" in page.locator("#batch-1 .recommend").inner_text()
    assert "stem_pad" in page.locator("#findings-1").inner_text()
    assert (BUILD / "report-small.png").stat().st_size > 10_000
    page.close()


@browser_test
def test_browser_shows_markup_from_a_run_as_text(browser, tmp_path):
    out = tmp_path / "evil.html"
    out.write_text(page_html(evil_page(tmp_path)), encoding="utf-8")
    page, errors, requests = open_report(browser, out, "report-escaping.png")
    assert errors == [] and requests == []
    assert page.evaluate("window.__pwned") is None
    assert EVIL in page.locator("li.finding").first.inner_text()
    assert page.get_attribute("body", "data-charts") == "3"
    assert page.locator("#chart-batch-0 .scatterlayer .trace").count() >= 2, "the batch curve is drawn"
    page.hover("#chart-timeline-0 .bars path >> nth=0", force=True)
    hover = page.locator("#chart-timeline-0 .hoverlayer").text_content()
    assert "Relu </script><script>window.__pwned = 3</script>" in hover, "plotly shows the escaped label as text"
    assert EVIL_IMG in hover
    assert page.evaluate("window.__pwned") is None
    page.close()


@browser_test
def test_browser_source_run(browser, tmp_path):
    out = tmp_path / "source.html"
    result = run("check", str(EXAMPLES), "--format", "html", "-o", str(out), "--no-cache")
    assert result.exit_code == 1, result.output
    page, errors, requests = open_report(browser, out, "report-source.png", charts_expected=False)
    assert errors == [] and requests == []
    assert page.locator("details.file").count() >= 3
    assert page.locator(".diff .add").count() >= 1 and page.locator("pre.snippet .hl").count() >= 3
    page.close()


@browser_test
@pytest.mark.slow
def test_browser_resnet50_report(browser, tmp_path):
    """The demo's ResNet50 (inference, batch 8): a timeline of a few thousand ops, drawn and zoomable, and
    its batch curve."""
    out = tmp_path / "resnet50.html"
    run("check", "--model", f"{EXAMPLES}/keras_applications.py:resnet50", "--batch-size", "8", "--format", "html",
        "-o", str(out))
    assert out.stat().st_size < 4_000_000
    page, errors, requests = open_report(browser, out, "report-resnet50.png")
    assert errors == [] and requests == []
    assert page.locator("#chart-timeline-0 .bars path").count() > 300
    findings = page.locator("#findings-0 li.finding")
    codes = [findings.nth(k).get_attribute("data-code") for k in range(findings.count())]
    assert codes.count("TFP201") == 2 and findings.first.locator(".rank").inner_text() == "#1"
    assert page.locator("#chart-batch-0 .scatterlayer .trace").count() >= 3, "the batch curve is drawn"
    assert "float32, as traced" in page.locator("#chart-precision-0").text_content()
    # zoom: a drag across the plot narrows the x axis
    before = page.evaluate("document.getElementById('chart-timeline-0').layout.xaxis.range.slice()")
    box = page.locator("#chart-timeline-0 .nsewdrag").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + box["height"] / 2, steps=5)
    page.mouse.up()
    after = page.evaluate("document.getElementById('chart-timeline-0').layout.xaxis.range.slice()")
    assert after[1] - after[0] < 0.5 * (before[1] - before[0])
    page.close()
