# Shared set-up for scripts/test and scripts/demo. Source this file, do not run it.
#
# After `setup_venv`, the repository's .venv contains the wheel built from the current
# tree, installed with the notebook and test extras, and VENV_BIN points at its bin
# folder. The source tree is never installed in editable mode, so whatever runs from
# .venv/bin imports exactly what a user would get from the wheel.

REPO_ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_DIR="$REPO_ROOT/.venv"
VENV_BIN="$VENV_DIR/bin"

log() {
    printf '==> %s\n' "$*" >&2
}

# Run a command as root, through sudo when this shell is not root already.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    else
        sudo "$@"
    fi
}

# Install Debian's chromium, which the browser tests drive through Playwright.
ensure_chromium() {
    if [ -x /usr/bin/chromium ]; then
        return
    fi
    log "installing Debian's chromium"
    # A fresh machine may have no package lists yet, so retry after an update.
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; then
        as_root apt-get update
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
    fi
}

# Print the first Python 3.10+ interpreter found: $PYTHON, else python3.
find_python() {
    local candidate
    for candidate in ${PYTHON:-} python3 python3.13 python3.12 python3.11 python3.10; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
            command -v "$candidate"
            return
        fi
    done
    echo "error: Python 3.10 or newer not found; set PYTHON to its path" >&2
    return 1
}

# Create .venv if missing, build the wheel and install it with its extras.
setup_venv() {
    local python wheel
    if [ ! -x "$VENV_BIN/python" ]; then
        python="$(find_python)"
        log "creating $VENV_DIR with $python"
        "$python" -m venv "$VENV_DIR"
    fi

    # setuptools copies sources into build/ and leaves files there that the tree no
    # longer has, so a stale build/ would put deleted modules into the wheel.
    log "building the wheel"
    rm -rf "$REPO_ROOT/build" "$REPO_ROOT"/dist/hypster_ui-*.whl
    "$VENV_BIN/python" -m pip wheel --quiet --no-deps --wheel-dir "$REPO_ROOT/dist" \
        "$REPO_ROOT"
    rm -rf "$REPO_ROOT/build"
    wheel="$(ls "$REPO_ROOT"/dist/hypster_ui-*.whl)"

    # The first install brings the dependencies of both extras. The second replaces
    # hypster-ui itself even when its version number did not change. -qq hides pip's
    # warnings about configured package indexes that lack a package, but not errors.
    log "installing $(basename -- "$wheel") with extras notebook and test"
    "$VENV_BIN/python" -m pip install -qq "${wheel}[notebook,test]"
    "$VENV_BIN/python" -m pip install -qq --no-deps --force-reinstall "$wheel"
}
