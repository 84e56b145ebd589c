// Memory bandwidth kernels for hashbench bandwidth, STREAM's copy and triad on float4 (16-byte
// accesses coalesce on GPUs and map onto SIMD lanes on PoCL). One work-item per float4; the host
// sizes the arrays to a whole number of work-items.
__kernel void stream_copy(__global const float4* restrict a, __global float4* restrict c) {
  const size_t i = get_global_id(0);
  c[i] = a[i];
}

// a = b + s * c
__kernel void stream_triad(__global float4* restrict a, __global const float4* restrict b,
                           __global const float4* restrict c, const float s) {
  const size_t i = get_global_id(0);
  a[i] = b[i] + s * c[i];
}
