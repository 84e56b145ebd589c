#!/usr/bin/env bash
# `cmake --install` lays out a usable toolkit: the seven tools, their man pages, the records
# page and completions for three shells; the installed tools run away from the source tree.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"

cmake --install "$HS_BUILD_DIR" --prefix "$T/prefix" >/dev/null
for tool in hashbench powerfeed allocate leasecalc payout fleet plot; do
  [[ -x "$T/prefix/bin/$tool" ]] || fail "bin/$tool not installed"
  [[ -f "$T/prefix/share/man/man1/$tool.1" ]] || fail "man1/$tool.1 not installed"
  [[ -f "$T/prefix/share/bash-completion/completions/$tool" ]] || fail "bash completion for $tool not installed"
  [[ -f "$T/prefix/share/zsh/vendor-completions/_$tool" ]] || fail "zsh completion for $tool not installed"
  [[ -f "$T/prefix/share/fish/vendor_completions.d/$tool.fish" ]] || fail "fish completion for $tool not installed"
  (cd / && "$T/prefix/bin/$tool" --version >/dev/null) || fail "installed $tool does not run"
done
[[ -f "$T/prefix/share/man/man5/hybridsite-records.5" ]] || fail "man5/hybridsite-records.5 not installed"
[[ -f "$T/prefix/share/man/man7/hybridsite-diagnostics.7" ]] || fail "man7/hybridsite-diagnostics.7 not installed"
[[ -f "$T/prefix/share/man/man7/hybridsite-operations.7" ]] || fail "man7/hybridsite-operations.7 not installed"
# The man pages read as man pages.
MANWIDTH=80 man -l "$T/prefix/share/man/man5/hybridsite-records.5" 2>/dev/null | grep -q "HYBRIDSITE-RECORDS(5)" ||
  fail "hybridsite-records(5) does not render"
finish
