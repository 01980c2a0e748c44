// Makes the tensor 1..10 and prints its sum (55).
#include <torch/torch.h>

#include <iostream>

int main() {
  torch::Tensor values = torch::arange(1, 11, torch::kFloat32);
  std::cout << values.sum().item<float>() << "\n";
  return 0;
}
