// Adds one to every element on the GPU; prints the sum (55 + 10 = 65), or why it could not run.
#include <hip/hip_runtime.h>

#include <cstdio>

__global__ void add_one(float* values, int n) {
  int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  if (i < n) values[i] += 1.0f;
}

int main() {
  constexpr int n = 10;
  float host[n];
  for (int i = 0; i < n; ++i) host[i] = static_cast<float>(i + 1);
  float* device = nullptr;
  if (hipMalloc(&device, sizeof host) != hipSuccess) {
    std::printf("no usable GPU: %s\n", hipGetErrorString(hipGetLastError()));
    return 1;
  }
  hipMemcpy(device, host, sizeof host, hipMemcpyHostToDevice);
  add_one<<<1, 64>>>(device, n);
  hipMemcpy(host, device, sizeof host, hipMemcpyDeviceToHost);
  hipFree(device);
  float sum = 0;
  for (float v : host) sum += v;
  std::printf("%g\n", sum);
  return 0;
}
