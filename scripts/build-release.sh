# Sourced by the benchmark scripts: builds rollscope and rollscope-bench in release into
# $ROOT/.build-bench and, with STATIC=1, the self-contained rollscope into
# $ROOT/.build-bench-static. Sets RS, RB and BUILD (how RS was built). Needs ROOT, STATIC, log.
build_release() {
    local product
    BUILD="release, self-contained (--static-swift-stdlib)"
    log "building release into $ROOT/.build-bench"
    for product in rollscope rollscope-bench; do
        swift build -c release --scratch-path "$ROOT/.build-bench" --product "$product" 2>&1 \
            | grep -v -e 'prohibited flag(s)' -e '^\[' >&2 || true
        [ -x "$ROOT/.build-bench/release/$product" ] || { log "build of $product failed"; exit 1; }
    done
    RS=$ROOT/.build-bench/release/rollscope
    RB=$ROOT/.build-bench/release/rollscope-bench
    if [ "$STATIC" = 1 ]; then
        # The distribution build: the Swift runtime and Foundation linked in, so nothing is
        # resolved from shared libraries at start-up. Its own folder, since the flags differ.
        swift build -c release --static-swift-stdlib --scratch-path "$ROOT/.build-bench-static" --product rollscope 2>&1 \
            | grep -v -e 'prohibited flag(s)' -e '^\[' >&2 || true
        [ -x "$ROOT/.build-bench-static/release/rollscope" ] || { log "static build of rollscope failed"; exit 1; }
        RS=$ROOT/.build-bench-static/release/rollscope
    else
        BUILD="release, shared Swift libraries"
    fi
}
