// The host's GPUs: the KFD topology in sysfs first (it needs no ROCm user space), else
// rocm_agent_enumerator, else rocminfo; then HIP_VISIBLE_DEVICES / ROCR_VISIBLE_DEVICES applied.
// The tools reach GPUs through /dev/kfd: without it (a build container, a CI runner) they are not
// run, and the missing device is reported as a plain fact.
#include <algorithm>
#include <cctype>
#include <cstdint>

#include "probe.h"
#include "probe_internal.h"

namespace gator {

namespace {

constexpr long long kAmdVendorId = 4098;  // 0x1002
const char* const kKfdNodes = "/sys/class/kfd/kfd/topology/nodes";
const char* const kKfdDevice = "/dev/kfd";

bool is_number(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string normalize_gfx_arch(std::string_view arch) {
  arch = trim(arch);
  std::string out(trim(arch.substr(0, arch.find(':'))));
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::string_view> kfd_property(std::string_view text, std::string_view name) {
  std::optional<std::string_view> value;
  if (name.empty()) return value;
  // Each place NAME is written: a property when it starts its line (after blanks) and a blank
  // follows it. No copy of the text and no list of its lines: the probe asks this of every node.
  for (std::size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
    const std::size_t line_start = text.find_last_of('\n', at) + 1;  // npos + 1 == 0
    if (!trim(text.substr(line_start, at - line_start)).empty()) continue;
    const std::size_t after = at + name.size();
    if (after >= text.size() || (text[after] != ' ' && text[after] != '\t')) continue;
    const std::size_t line_end = std::min(text.find('\n', after), text.size());
    const std::string_view rest = trim(text.substr(after, line_end - after));
    if (!rest.empty()) value = rest;
  }
  return value;
}

std::optional<long long> kfd_number(std::string_view text, std::string_view name) {
  const std::optional<std::string_view> value = kfd_property(text, name);
  if (!value) return std::nullopt;
  const std::optional<unsigned long long> number = parse_number<unsigned long long>(*value);
  if (!number) return std::nullopt;
  return static_cast<long long>(*number);
}

std::string decode_gfx_target_version(long long value) {
  // major * 10000 + minor * 100 + stepping: gfx9..gfx12 today. A minor above 9 or a stepping above
  // 15 has no one-digit spelling, and a major above 99 is no GPU: such a value names no architecture.
  if (value < 10000 || value > 999999) return "";
  long long major = value / 10000, minor = (value / 100) % 100, stepping = value % 100;
  if (minor > 9 || stepping > 15) return "";
  return fmt::format("gfx{}{}{:x}", major, minor, stepping);
}

std::vector<std::string> parse_agent_enumerator(std::string_view output) {
  std::vector<std::string> archs;
  for (auto line : split_lines(output)) {
    std::string arch = normalize_gfx_arch(line);
    if (arch.rfind("gfx", 0) == 0 && arch != "gfx000") archs.push_back(arch);
  }
  return archs;
}

namespace {

// The architecture of a rocminfo agent line ("  Name:   gfx90a", "Name: gfx90a:sramecc+:xnack-"),
// or "" for any other line (ISA lines "Name: amdgcn-amd-amdhsa--gfx90a:...", "Marketing Name: ...").
// A plain scan, linear in the line: output of any length or shape cannot exhaust the stack.
std::string rocminfo_agent_arch(std::string_view line) {
  line = trim(line);
  constexpr std::string_view key = "Name:";
  if (line.substr(0, key.size()) != key) return "";
  std::string_view value = line.substr(key.size());
  if (value.empty() || !std::isspace(static_cast<unsigned char>(value.front()))) return "";
  value = trim(value);
  if (value.find_first_of(" \t\r\v\f") != std::string_view::npos) return "";  // one word only
  std::string_view arch = value.substr(0, value.find(':'));
  const bool valid = arch.size() > 3 && arch.substr(0, 3) == "gfx" &&
                     std::all_of(arch.begin() + 3, arch.end(),
                                 [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
  return valid ? normalize_gfx_arch(arch) : "";
}

}  // namespace

std::vector<std::string> parse_rocminfo_agents(std::string_view output) {
  std::vector<std::string> archs;
  for (auto line : split_lines(output)) {
    std::string arch = rocminfo_agent_arch(line);
    if (!arch.empty() && arch != "gfx000") archs.push_back(arch);
  }
  return archs;
}

std::vector<GpuFacts> select_visible_devices(const std::vector<GpuFacts>& gpus, std::string_view value,
                                             std::string_view variable, std::vector<std::string>& warnings) {
  std::vector<GpuFacts> selected;
  std::vector<size_t> taken;
  if (trim(value).empty()) {
    warnings.push_back(fmt::format("{} is set but empty: no GPU is visible", variable));
    return selected;
  }
  for (std::string_view part : split(value, ',')) {
    std::string_view token = trim(part);
    if (!is_number(token)) {
      warnings.push_back(fmt::format("{}={}: \"{}\" is not a device index; listing every GPU", variable, value, token));
      return gpus;
    }
    // An index too large for size_t is out of range all the same.
    size_t index = parse_number<size_t>(token).value_or(SIZE_MAX);
    if (index >= gpus.size()) {
      warnings.push_back(fmt::format("{}={}: there is no device {} ({} GPUs found); the devices after it are ignored",
                                     variable, value, token, gpus.size()));
      break;
    }
    if (std::find(taken.begin(), taken.end(), index) != taken.end()) continue;
    taken.push_back(index);
    selected.push_back(gpus[index]);
  }
  return selected;
}

namespace probe {
namespace {

struct KfdRead {
  bool usable = false;  // the topology answered: its GPU list (possibly empty) stands
  std::vector<GpuFacts> gpus;
  std::string unusable_why;  // when not usable for a reason a person may want to know ("" else)
};

KfdRead read_kfd(Context& ctx) {
  KfdRead kfd;
  auto nodes = ctx.system.list_dir(kKfdNodes);
  if (!nodes) {
    if (nodes.error().kind != FileErrorKind::missing) {
      kfd.unusable_why = fmt::format("the KFD topology {} cannot be read ({})", kKfdNodes, nodes.error().reason);
    }
    return kfd;
  }
  std::vector<std::pair<int, std::string>> ids;  // node number, directory name
  for (auto& name : *nodes) {
    // A name that is not a node number, or one too large to be one, is not a node.
    if (auto id = parse_number<int>(name)) ids.emplace_back(*id, name);
  }
  std::sort(ids.begin(), ids.end());
  if (ids.empty()) {  // a real topology always has a CPU node: this one is masked (an empty tmpfs)
    kfd.unusable_why = fmt::format("the KFD topology {} lists no nodes (masked?)", kKfdNodes);
    return kfd;
  }
  int masked = 0;
  std::string reason;
  for (auto& [id, name] : ids) {
    std::string path = join_path(join_path(kKfdNodes, name), "properties");
    auto text = ctx.system.read_file(path);
    if (!text) {
      ++masked;
      reason = fmt::format("{}: {}", path, text.error().reason);
      continue;
    }
    const std::string arch = decode_gfx_target_version(kfd_number(*text, "gfx_target_version").value_or(0));
    if (arch.empty()) {
      // 0 or absent: a CPU node. Anything else names no architecture: say so rather than drop it.
      const std::string_view raw = kfd_property(*text, "gfx_target_version").value_or("");
      if (!raw.empty() && raw != "0") {
        ctx.warn("KFD node {} ({}): gfx_target_version '{}' is not a GPU architecture; the node is left out", id, path,
                 printable(raw));
      }
      continue;
    }
    if (const auto vendor = kfd_number(*text, "vendor_id"); vendor && *vendor != kAmdVendorId) continue;
    GpuFacts gpu;
    gpu.node = id;
    gpu.arch = arch;
    const auto device = kfd_number(*text, "device_id");
    const std::string device_id = device ? fmt::format("0x{:04x}", *device) : "";
    gpu.name = ctx.data.product_name(arch, device_id);
    gpu.source = "kfd";
    kfd.gpus.push_back(std::move(gpu));
  }
  kfd.usable = masked == 0 || !kfd.gpus.empty();
  if (masked > 0 && kfd.usable) {
    ctx.warn("{} of {} KFD topology nodes cannot be read ({}); GPUs there are not listed", masked, ids.size(), reason);
  } else if (masked > 0) {
    kfd.unusable_why =
        fmt::format("the KFD topology is masked ({} of {} nodes cannot be read: {})", masked, ids.size(), reason);
  }
  return kfd;
}

// Why no process here can reach a GPU, when /dev/kfd is missing or cannot be opened; "" when it can.
// Plain facts, not warnings: a build container has no GPU by design, and --gpu-arch plans for one.
std::string no_kfd_device_note(Context& ctx) {
  constexpr std::string_view kGpuArchHint = "give --gpu-arch to plan for GPUs this machine cannot see";
  if (!ctx.system.exists(kKfdDevice)) {
    return fmt::format("none visible — no {} in this environment; {}", kKfdDevice, kGpuArchHint);
  }
  if (!ctx.system.is_read_writable(kKfdDevice)) {
    return fmt::format("none visible — {} is not accessible to this user; {}", kKfdDevice, kGpuArchHint);
  }
  return "";
}

std::vector<GpuFacts> gpus_from(Context& ctx, const std::vector<std::string>& archs, std::string_view source) {
  std::vector<GpuFacts> gpus;
  for (auto& arch : archs) gpus.push_back({-1, arch, ctx.data.product_name(arch), std::string(source)});
  return gpus;
}

std::vector<GpuFacts> gpus_from_tools(Context& ctx, const RocmFacts& rocm) {
  if (ctx.options.no_exec) {
    if (rocm.found) ctx.warn("no KFD topology to read, and --no-exec rules out the ROCm tools: no GPUs detected");
    return {};
  }
  std::vector<std::string> bins;
  if (!rocm.root.empty()) bins.push_back(join_path(rocm.root, "bin"));
  if (!ctx.options.rocm_root.empty()) bins.push_back(join_path(ctx.options.rocm_root, "bin"));
  bins.push_back("/opt/rocm/bin");
  auto enumerator = ctx.find_program("rocm_agent_enumerator", bins);
  if (enumerator) {
    if (auto out = ctx.run_tool({*enumerator, "-t", "GPU"}, "rocm_agent_enumerator")) {
      auto archs = parse_agent_enumerator(*out);
      if (!archs.empty()) return gpus_from(ctx, archs, "rocm_agent_enumerator");
    }
  }
  auto rocminfo = ctx.find_program("rocminfo", bins);
  if (rocminfo) {
    if (auto out = ctx.run_tool({*rocminfo}, "rocminfo"))
      return gpus_from(ctx, parse_rocminfo_agents(*out), "rocminfo");
  }
  if (!enumerator && !rocminfo && rocm.found) {
    ctx.warn("no KFD topology to read, and neither rocm_agent_enumerator nor rocminfo was found: no GPUs detected");
  }
  return {};
}

}  // namespace

std::optional<std::string> visible_devices_value(Context& ctx) {
  if (auto hip = ctx.system.env("HIP_VISIBLE_DEVICES")) return hip;
  return ctx.system.env("ROCR_VISIBLE_DEVICES");
}

std::vector<GpuFacts> probe_gpus(Context& ctx, const RocmFacts& rocm, std::optional<std::string>& visible,
                                 std::string& note) {
  KfdRead kfd = read_kfd(ctx);
  std::vector<GpuFacts> gpus;
  if (kfd.usable && !kfd.gpus.empty()) {
    gpus = std::move(kfd.gpus);
  } else {
    // Without a /dev/kfd to open, no tool can show a GPU a process here could use: the tools are
    // not run (they would only fail, slowly), and a masked topology is no news either.
    note = no_kfd_device_note(ctx);
    if (note.empty() && !kfd.usable) {
      if (!kfd.unusable_why.empty()) ctx.warn("{}; asking the ROCm tools instead", kfd.unusable_why);
      gpus = gpus_from_tools(ctx, rocm);
    }
  }
  // ROCR_VISIBLE_DEVICES selects first; HIP_VISIBLE_DEVICES indexes what ROCr left visible.
  for (const char* variable : {"ROCR_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES"}) {
    auto value = ctx.system.env(variable);
    if (!value || gpus.empty()) continue;
    std::vector<std::string> warnings;
    gpus = select_visible_devices(gpus, *value, variable, warnings);
    for (auto& w : warnings) ctx.warn("{}", w);
  }
  visible = visible_devices_value(ctx);
  return gpus;
}

}  // namespace probe
}  // namespace gator
