# Sourced by the bench scripts: configures the release preset in $build_dir once and refuses a tree
# that is not a Release build (its figures would mislead). Needs log() and build_dir.
release_tree() {
  if [ ! -f "$build_dir/CMakeCache.txt" ] || ! grep -q '^EDIGATE_BENCH:BOOL=ON' "$build_dir/CMakeCache.txt"; then
    log "configuring the release preset in $build_dir"
    if [ "$build_dir" = build/release ]; then
      cmake --preset release >&2
    else
      cmake --preset release -B "$build_dir" >&2
    fi
  fi
  if ! grep -q '^CMAKE_BUILD_TYPE:STRING=Release' "$build_dir/CMakeCache.txt"; then
    log "$build_dir is not a Release build; refusing to report its figures"
    exit 2
  fi
}
