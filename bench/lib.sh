# Sourced by the bench scripts. bench_build_dir TOOL: the build folder holding tools/TOOL,
# looked for where README's commands put it (build/release, then the CI build build/ci);
# empty when neither has it.
bench_build_dir() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  for d in "$root/build/release" "$root/build/ci"; do
    if [[ -x $d/tools/$1 ]]; then
      echo "$d"
      return
    fi
  done
}
