# `make demo` and `make test` work on a fresh machine: they create .venv when it is missing and
# install tfperf with its CPU TensorFlow build and the test tools.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.tfperf-installed
export TF_CPP_MIN_LOG_LEVEL ?= 2

.PHONY: demo test test-fast install docs clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@echo "== Installing tfperf into $(VENV) with TensorFlow (CPU build, tensorflow-cpu 2.21, some 600 MB) and the test tools: a minute or more =="
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --progress-bar on -e '.[cpu,dev]'
	touch $(STAMP)

# tfperf exits 1 when it reports findings (the point of the demo) and 2 on errors: accept 0 and 1.
CHECK := $(VENV)/bin/tfperf check
OK := ; test $$? -le 1

demo: $(STAMP)
	@echo "== The guide's transpose examples on Gaudi 2: Example 1 is logical (clean), Example 2 is not =="
	$(CHECK) --target gaudi2 --model examples/guide_transpose.py:example1 --model examples/guide_transpose.py:example2 $(OK)
	@echo "== The guide's tf.pad examples: pad + VALID conv is flagged, the SAME conv is not =="
	$(CHECK) --model examples/guide_pad.py:not_recommended --model examples/guide_pad.py:recommended $(OK)
	@echo "== L2 loss in the forward path: model.fit's step with L2 regularizers is flagged, the gradient-decay version is not =="
	$(CHECK) --train --select TFP301 --model examples/guide_l2_loss.py:not_recommended --model examples/guide_l2_loss.py:recommended $(OK)
	@echo "== An input pipeline written the first way (flagged) and the good way (clean) =="
	$(CHECK) --dataset examples/input_pipeline.py:not_recommended --dataset examples/input_pipeline.py:recommended $(OK)
	@echo "== keras.applications ResNet50 and MobileNetV2 (weights=None), batch 8, on Gaudi 2 =="
	$(CHECK) --batch-size 8 --model examples/keras_applications.py:resnet50 --model examples/keras_applications.py:mobilenet_v2 $(OK)
	@echo "== ResNet50's training step on Gaudi 2 (bf16, batch 32): step time, engine use, the findings ranked by what fixing each saves; the predicted timeline goes to build/resnet50-train-gaudi2.json (open it in ui.perfetto.dev) =="
	mkdir -p build
	$(VENV)/bin/tfperf estimate --model examples/keras_applications.py:resnet50_training --train --batch-size 32 --target gaudi2 --top 5 --trace build/resnet50-train-gaudi2.json
	@echo "== One HTML page that opens offline: ResNet50's training step on Gaudi 2 (engine timeline, findings ranked on it with your lines) and examples/ linted as source (by file and code, with the diffs) =="
	$(CHECK) --format html -o build/report.html --train --batch-size 32 --target gaudi2 --model examples/keras_applications.py:resnet50_training examples/ $(OK)
	@echo "report: $(abspath build/report.html)"
	@echo "== Ops that fall back to the host on Gaudi 2 (numpy_function, string ops), ranked by the bytes they move; the TensorFlow-only version is clean =="
	$(VENV)/bin/tfperf placement --model examples/guide_placement.py:not_recommended --model examples/guide_placement.py:recommended $(OK)
	@echo "== A SavedModel and a placement dump (examples/export/, examples/placement_dump.pbtxt; python examples/build_artifacts.py remakes them) =="
	$(CHECK) --saved-model examples/export/ --graph examples/placement_dump.pbtxt $(OK)
	@echo "== Mixed precision: a float32 training step on Gaudi 2 is priced against tfperf's bf16 plan (TFP701); the mixed_bfloat16 version is clean =="
	$(CHECK) --train --batch-size 64 --select TFP7 --model examples/guide_mixed_precision.py:not_recommended --model examples/guide_mixed_precision.py:recommended $(OK)
	@echo "== The same examples as source code, linted without running them (no TensorFlow import); --diff shows the fixes =="
	$(CHECK) examples/ --diff $(OK)
	@echo "== tfperf optimize: fold the guide's pad into the conv, verified equal on random inputs (nothing written without --out) =="
	$(VENV)/bin/tfperf optimize --model examples/guide_pad.py:not_recommended

test: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadgroup -q

# the inner loop: everything but the tests that build full keras.applications models (marked slow)
test-fast: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadgroup -q -m "not slow"

docs: $(STAMP)
	$(PY) -m tfperf.docs README.md docs/source-linting.md

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
