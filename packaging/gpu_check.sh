#!/usr/bin/env bash
# The device check (issue 17): on a machine with an NVIDIA GPU, in a few minutes,
#   1. python -m playground.device_check: headless training steps a second on the CPU and on CUDA side by side
#      (the TensorFlow Playground's 4,2 and six layers of 8, two cases at the device policy's threshold, ten
#      layers of 64 and of 256 on 100,000 points), where the device policy trains each, and its checks: a tiny
#      network chosen onto CUDA is not slower than on the CPU, the big case is faster on CUDA;
#   2. the tests that need a CUDA GPU (skipped elsewhere): the fast step on CUDA against autograd's
#      (tests/core/test_fast_step.py) and the policy's real moves between the GPU and the CPU
#      (tests/core/test_device_policy.py, whole).
# It writes gpu_check.json (the check's result) and gpu_check_tests.log into $OUT (else the current folder), and
# exits non-zero when a check or a test failed. Without a GPU it runs too: the CUDA figures are then null and the
# note says they are still to be measured.
#
# Run from the repository root:   bash packaging/gpu_check.sh
#   GPU_CHECK_SECONDS=3 (default) seconds of timed training per measurement: about 2 minutes in all, plus the tests
# With the workplace's device tool: run(command="bash packaging/gpu_check.sh", timeout_s=480)
#
# Assumes, offline: a python3 with torch (a CUDA build), NumPy and pytest, as the GPU machine's image has; nothing
# else of the project's is needed (no Qt: the check and these tests use playground.core alone). PYTHON overrides
# the interpreter; a .venv/ in the repository is used when there is one.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PYTHON:-}" ]; then
    if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
out="${OUT:-.}"
seconds="${GPU_CHECK_SECONDS:-3}"
export PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
export PLAYGROUND_HOME="${PLAYGROUND_HOME:-$(mktemp -d)}"

"$PYTHON" -c "import torch, numpy" || { echo "gpu_check: $PYTHON has no torch or NumPy" >&2; exit 2; }
"$PYTHON" -c "import torch; print('torch', torch.__version__, '· CUDA GPU:',
    torch.cuda.get_device_name(0) if torch.cuda.is_available() else 'none')"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader

status=0
"$PYTHON" -m playground.device_check --seconds "$seconds" --json "$out/gpu_check.json" || status=1

"$PYTHON" -m pytest -v -rs -p no:cacheprovider tests/core/test_device_policy.py \
    "tests/core/test_fast_step.py::test_on_cuda_the_fast_path_gives_autograds_weights" \
    2>&1 | tee "$out/gpu_check_tests.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

echo "gpu_check: $([ $status -eq 0 ] && echo passed || echo FAILED) (results in $out/gpu_check.json)"
exit $status
