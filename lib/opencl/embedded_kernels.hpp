#pragma once
// OpenCL C sources of kernels/*.cl, compiled into the binary (see cmake/EmbedKernels.cmake):
// the table Program::from_embedded looks names up in, so it belongs to the OpenCL layer.
#include <map>
#include <string>

namespace hs {
// File name (e.g. "sha256d.cl") -> source text.
const std::map<std::string, std::string>& embedded_kernels();
}  // namespace hs
