# Sourced by the build benchmarks: where the static-embed under test is.
# static_embed_source SOURCE WORK prints this checkout for SOURCE=worktree,
# else a `git archive` of revision SOURCE exported once to WORK/src-REV, so
# edits in progress in the work tree cannot break or skew a run.
static_embed_source() {
    local source=$1 work=$2
    if [ "$source" = worktree ]; then
        git rev-parse --show-toplevel
        return
    fi
    local rev root
    rev=$(git rev-parse --short "$source")
    root=$work/src-$rev
    if [ ! -d "$root" ]; then
        mkdir -p "$root.tmp" && git archive "$rev" | tar -x -C "$root.tmp" && mv "$root.tmp" "$root"
    fi
    echo "$root"
}
