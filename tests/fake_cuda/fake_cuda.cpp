// A stand-in for the CUDA runtime and cuBLASLt that runs on the CPU, built as libcudart.so.13
// and libcublasLt.so.13 for the tests only (tests/CMakeLists.txt), so the path hashbench takes
// on an NVIDIA GPU (loading, descriptors, the TN layout, the storage formats, the check, the
// records) runs in CI. It implements the documented semantics independently of hashbench:
// cublasLtMatmul computes D = alpha * op(A) * op(B) + beta * C on column-major matrices with
// leading dimensions, op = transpose when CUBLASLT_MATMUL_DESC_TRANSA/B is CUBLAS_OP_T, inputs
// decoded from FP32, FP16, BF16 or FP8 E4M3 and D rounded to nearest even in FP32, FP16 or BF16.
//
// Environment (read at each call): HS_FAKE_CUDA_DEVICES (default 1), HS_FAKE_CUDA_CC (default
// 90, i.e. 9.0), HS_FAKE_CUBLASLT_CORRUPT=1 (adds 1 to D[0]: a wrong result to be caught).
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace {

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

struct Event {
  std::chrono::steady_clock::time_point t;
};
struct Desc {
  int compute = 0, scale = 0, transa = 0, transb = 0;
};
struct Layout {
  int type = 0;
  std::uint64_t rows = 0, cols = 0;
  std::int64_t ld = 0;
};

float from_bits32(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

float decode(int type, const void* base, std::size_t i) {
  const auto* b = static_cast<const unsigned char*>(base);
  switch (type) {
    case 0: {  // CUDA_R_32F
      float f;
      std::memcpy(&f, b + 4 * i, 4);
      return f;
    }
    case 2: {  // CUDA_R_16F
      std::uint16_t h;
      std::memcpy(&h, b + 2 * i, 2);
      const int e = (h >> 10) & 31, m = h & 1023;
      const double s = (h & 0x8000) ? -1 : 1;
      if (e == 0) return static_cast<float>(s * std::ldexp(m, -24));
      if (e == 31) return m ? NAN : static_cast<float>(s * INFINITY);
      return static_cast<float>(s * std::ldexp(1024 + m, e - 25));
    }
    case 14: {  // CUDA_R_16BF
      std::uint16_t h;
      std::memcpy(&h, b + 2 * i, 2);
      return from_bits32(static_cast<std::uint32_t>(h) << 16);
    }
    case 28: {  // CUDA_R_8F_E4M3: bias 7, no infinities, S.1111.111 is NaN
      const unsigned char v = b[i];
      const int e = (v >> 3) & 15, m = v & 7;
      const double s = (v & 0x80) ? -1 : 1;
      if (e == 15 && m == 7) return NAN;
      if (e == 0) return static_cast<float>(s * std::ldexp(m, -9));
      return static_cast<float>(s * std::ldexp(8 + m, e - 10));
    }
  }
  return NAN;
}

// Round-to-nearest-even of a finite float to `mant` fraction bits (FP16: 10, BF16: 7), as a
// double, with FP16's subnormals below 2^-14.
double round_to(double x, int mant, int min_exp) {
  if (x == 0 || !std::isfinite(x)) return x;
  int e;
  std::frexp(x, &e);  // x = f * 2^e, 0.5 <= |f| < 1
  const int exp = std::max(e - 1, min_exp);
  const double q = std::ldexp(1.0, exp - mant);
  return std::nearbyint(x / q) * q;  // default rounding mode: nearest even
}

void encode(int type, void* base, std::size_t i, double v) {
  auto* b = static_cast<unsigned char*>(base);
  if (type == 0) {
    const float f = static_cast<float>(v);
    std::memcpy(b + 4 * i, &f, 4);
  } else if (type == 2) {
    const double r = round_to(v, 10, -14);
    const float f = static_cast<float>(r);
    std::uint32_t u;
    std::memcpy(&u, &f, 4);
    std::uint16_t h = static_cast<std::uint16_t>((u >> 16) & 0x8000u);
    const double a = std::fabs(r);
    if (a >= 65520) {
      h |= 0x7C00;
    } else if (a < std::ldexp(1.0, -14)) {
      h |= static_cast<std::uint16_t>(std::lround(a / std::ldexp(1.0, -24)));
    } else {
      int e;
      const double f2 = std::frexp(a, &e);  // a = f2 * 2^e
      h |= static_cast<std::uint16_t>(((e - 1 + 15) << 10) | std::lround((f2 * 2 - 1) * 1024));
    }
    std::memcpy(b + 2 * i, &h, 2);
  } else if (type == 14) {
    const float f = static_cast<float>(round_to(v, 7, -126));
    std::uint32_t u;
    std::memcpy(&u, &f, 4);
    const auto h = static_cast<std::uint16_t>(u >> 16);
    std::memcpy(b + 2 * i, &h, 2);
  }
}

}  // namespace

extern "C" {

// ---- CUDA runtime ----
int cudaGetDeviceCount(int* n) {
  // HS_FAKE_CUDA_ERROR: the error code a real runtime returns here, e.g. 35 where the NVIDIA
  // driver is missing (cudaErrorInsufficientDriver), 100 where it sees no GPU.
  if (const int rc = env_int("HS_FAKE_CUDA_ERROR", 0); rc != 0) return rc;
  *n = env_int("HS_FAKE_CUDA_DEVICES", 1);
  return 0;
}
int cudaSetDevice(int d) { return d < env_int("HS_FAKE_CUDA_DEVICES", 1) ? 0 : 101; }
int cudaDeviceGetAttribute(int* v, int attr, int) {
  const int cc = env_int("HS_FAKE_CUDA_CC", 90);
  switch (attr) {
    case 13: *v = 1980000; return 0;  // kHz
    case 16: *v = 132; return 0;
    case 36: *v = 2619000; return 0;  // kHz
    case 37: *v = 5120; return 0;
    case 75: *v = cc / 10; return 0;
    case 76: *v = cc % 10; return 0;
  }
  return 1;
}
int cudaGetDeviceProperties(void* p, int) {
  std::memset(p, 0, 256);
  std::strcpy(static_cast<char*>(p), "Fake GPU (CPU stand-in)");
  return 0;
}
int cudaMalloc(void** p, std::size_t n) {
  *p = std::malloc(n ? n : 1);
  return *p ? 0 : 2;
}
int cudaFree(void* p) {
  std::free(p);
  return 0;
}
int cudaMemcpy(void* d, const void* s, std::size_t n, int) {
  std::memmove(d, s, n);
  return 0;
}
int cudaMemset(void* d, int v, std::size_t n) {
  std::memset(d, v, n);
  return 0;
}
int cudaDeviceSynchronize() { return 0; }
int cudaEventCreate(void** e) {
  *e = new Event;
  return 0;
}
int cudaEventRecord(void* e, void*) {
  static_cast<Event*>(e)->t = std::chrono::steady_clock::now();
  return 0;
}
int cudaEventSynchronize(void*) { return 0; }
int cudaEventElapsedTime(float* ms, void* a, void* b) {
  *ms = std::chrono::duration<float, std::milli>(static_cast<Event*>(b)->t - static_cast<Event*>(a)->t).count();
  return 0;
}
int cudaEventDestroy(void* e) {
  delete static_cast<Event*>(e);
  return 0;
}
const char* cudaGetErrorString(int rc) {
  if (rc == 35) return "CUDA driver version is insufficient for CUDA runtime version";  // the runtime's words
  return "fake CUDA error";
}
int cudaRuntimeGetVersion(int* v) {
  *v = 13000;
  return 0;
}

// ---- cuBLASLt ----
int cublasLtCreate(void** h) {
  *h = new int(0);
  return 0;
}
int cublasLtDestroy(void* h) {
  delete static_cast<int*>(h);
  return 0;
}
std::size_t cublasLtGetVersion() { return 130000; }
const char* cublasLtGetStatusString(int) { return "fake cuBLAS status"; }
int cublasLtMatmulDescCreate(void** d, int compute, int scale) {
  *d = new Desc{compute, scale, 0, 0};
  return 0;
}
int cublasLtMatmulDescDestroy(void* d) {
  delete static_cast<Desc*>(d);
  return 0;
}
int cublasLtMatmulDescSetAttribute(void* d, int attr, const void* buf, std::size_t size) {
  if (size != 4) return 7;  // CUBLAS_STATUS_INVALID_VALUE
  std::int32_t v;
  std::memcpy(&v, buf, 4);
  if (attr == 3) static_cast<Desc*>(d)->transa = v;
  if (attr == 4) static_cast<Desc*>(d)->transb = v;
  return 0;
}
int cublasLtMatrixLayoutCreate(void** l, int type, std::uint64_t rows, std::uint64_t cols, std::int64_t ld) {
  *l = new Layout{type, rows, cols, ld};
  return 0;
}
int cublasLtMatrixLayoutDestroy(void* l) {
  delete static_cast<Layout*>(l);
  return 0;
}
int cublasLtMatmulPreferenceCreate(void** p) {
  *p = new int(0);
  return 0;
}
int cublasLtMatmulPreferenceDestroy(void* p) {
  delete static_cast<int*>(p);
  return 0;
}
int cublasLtMatmulPreferenceSetAttribute(void*, int, const void*, std::size_t size) { return size == 8 ? 0 : 7; }
int cublasLtMatmulAlgoGetHeuristic(void*, void* desc, void* la, void*, void*, void*, void*, int requested,
                                   void* results, int* found) {
  // FP8 needs TN, as on the real library.
  const auto* d = static_cast<const Desc*>(desc);
  if (static_cast<const Layout*>(la)->type == 28 && !(d->transa == 1 && d->transb == 0)) {
    *found = 0;
    return 15;  // CUBLAS_STATUS_NOT_SUPPORTED
  }
  std::memset(results, 0, 96 * static_cast<std::size_t>(requested));
  *found = 1;
  return 0;
}
int cublasLtMatmul(void*, void* desc, const void* alpha, const void* A, void* la, const void* B, void* lb,
                   const void* beta, const void* C, void* lc, void* D, void* ld, const void*, void*, std::size_t,
                   void*) {
  const auto* d = static_cast<const Desc*>(desc);
  const auto *a = static_cast<const Layout*>(la), *b = static_cast<const Layout*>(lb),
             *c = static_cast<const Layout*>(lc), *o = static_cast<const Layout*>(ld);
  const std::uint64_t m = d->transa ? a->cols : a->rows, k = d->transa ? a->rows : a->cols;
  const std::uint64_t n = d->transb ? b->rows : b->cols;
  if ((d->transb ? b->cols : b->rows) != k || o->rows != m || o->cols != n) return 7;
  float al, be;
  std::memcpy(&al, alpha, 4);
  std::memcpy(&be, beta, 4);
  for (std::uint64_t j = 0; j < n; ++j)
    for (std::uint64_t i = 0; i < m; ++i) {
      float acc = 0;
      for (std::uint64_t q = 0; q < k; ++q) {
        const std::uint64_t ai = d->transa ? q + i * static_cast<std::uint64_t>(a->ld) : i + q * static_cast<std::uint64_t>(a->ld);
        const std::uint64_t bi = d->transb ? j + q * static_cast<std::uint64_t>(b->ld) : q + j * static_cast<std::uint64_t>(b->ld);
        acc = std::fma(decode(a->type, A, ai), decode(b->type, B, bi), acc);
      }
      double v = static_cast<double>(al) * acc;
      if (be != 0) v += static_cast<double>(be) * decode(c->type, C, i + j * static_cast<std::uint64_t>(c->ld));
      encode(o->type, D, i + j * static_cast<std::uint64_t>(o->ld), v);
    }
  if (env_int("HS_FAKE_CUBLASLT_CORRUPT", 0)) encode(o->type, D, 0, decode(o->type, D, 0) + 1.0);
  return 0;
}

}  // extern "C"
