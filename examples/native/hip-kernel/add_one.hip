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
  hipError_t status = hipMalloc(&device, sizeof host);
  if (status == hipSuccess) status = hipMemcpy(device, host, sizeof host, hipMemcpyHostToDevice);
  if (status == hipSuccess) {
    add_one<<<1, 64>>>(device, n);
    status = hipMemcpy(host, device, sizeof host, hipMemcpyDeviceToHost);
  }
  if (device != nullptr) (void)hipFree(device);
  if (status != hipSuccess) {
    std::printf("the kernel did not run: %s\n", hipGetErrorString(status));
    return 1;
  }
  float sum = 0;
  for (float v : host) sum += v;
  std::printf("%g\n", sum);
  return 0;
}
