// --rocm, --torch and --gpu-arch: values given on the command line in place of what the probes find.
#include "probe.h"
#include "probe_internal.h"
#include "text.h"  // printable

namespace gator::probe {

Expected<void> apply_rocm_override(const std::string& text, Facts& facts) {
  facts.rocm = RocmFacts{};
  if (text == "none") return {};
  // As .info/version writes it ("6.3.2-66"): the build number after '-' is not part of the version.
  auto parsed = parse_rocm_version(text.substr(0, text.find('-')));
  if (!parsed)
    return invalid_input(fmt::format("--rocm: '{}' is not a ROCm version (like 7.0.2 or 6.4)", printable(text)));
  facts.rocm.found = true;
  facts.rocm.version = parsed->text;
  facts.rocm.major = parsed->major;
  facts.rocm.minor = parsed->minor;
  facts.rocm.patch = parsed->patch;
  facts.rocm.source = "--rocm";
  return {};
}

Expected<void> apply_torch_override(const std::string& text, Facts& facts) {
  facts.torch = TorchFacts{};
  facts.torch.source = "--torch";
  facts.torch.overridden = true;
  if (text == "none") return {};
  auto parsed = pep440::parse_version(text);
  if (!parsed) return invalid_input(fmt::format("--torch: '{}' is not a PEP 440 version", printable(text)));
  facts.torch.installed = true;
  facts.torch.version = text;
  facts.torch.pytorch_major_minor = torch_major_minor(text);
  facts.torch.is_rocm_build = is_rocm_torch_build(text, std::nullopt);
  return {};
}

Expected<void> apply_gpu_override(const std::string& text, const Data& data, Facts& facts) {
  facts.gpus.clear();
  facts.gpus_note.clear();
  facts.visible_devices.reset();
  for (std::string_view item : split(text, ',')) {
    if (item.empty()) return invalid_input(fmt::format("--gpu-arch: '{}' has an empty item", printable(text)));
    const std::string arch = normalize_gfx_arch(item);  // "GFX90a:xnack-" -> "gfx90a"
    const bool valid = arch.size() > 3 && arch.starts_with("gfx") &&
                       arch.find_first_not_of("0123456789abcdef", 3) == std::string::npos;
    if (!valid)
      return invalid_input(fmt::format("--gpu-arch: '{}' is not a GPU architecture like gfx942", printable(item)));
    facts.gpus.push_back({-1, arch, data.product_name(arch), "--gpu-arch"});
  }
  return {};
}

}  // namespace gator::probe
