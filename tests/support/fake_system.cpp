#include "fake_system.h"

namespace gator {

void FakeSystem::add(const std::string& path, Entry entry) { entries_[normalize_path(path)] = std::move(entry); }

FakeSystem& FakeSystem::file(const std::string& path, std::string content) {
  add(path, Entry{Entry::Type::file, std::move(content), {}});
  return *this;
}
FakeSystem& FakeSystem::dir(const std::string& path) {
  add(path, Entry{Entry::Type::dir, {}, {}});
  return *this;
}
FakeSystem& FakeSystem::link(const std::string& path, std::string target) {
  add(path, Entry{Entry::Type::link, std::move(target), {}});
  return *this;
}
FakeSystem& FakeSystem::error(const std::string& path, FileErrorKind kind) {
  add(path, Entry{Entry::Type::error, {}, kind});
  return *this;
}
FakeSystem& FakeSystem::env_var(const std::string& name, std::string value) {
  env_[name] = std::move(value);
  return *this;
}
FakeSystem& FakeSystem::program(const std::string& path, Program program) {
  file(path, "#!/bin/sh\n");
  programs_[normalize_path(path)] = std::move(program);
  return *this;
}
FakeSystem& FakeSystem::program(const std::string& path, std::string out, int status, std::string err) {
  return program(path, [out, status, err](const std::vector<std::string>&) {
    RunResult r;
    r.started = true;
    r.exit_code = status;
    r.out = out;
    r.err = err;
    return r;
  });
}

FileResult<std::pair<std::string, const FakeSystem::Entry*>> FakeSystem::lookup(const std::string& path,
                                                                                bool follow_last) {
  std::string absolute = path.empty() || path.front() != '/' ? "/" + path : path;
  auto read_link = [this](const std::string& p) -> FileResult<std::optional<std::string>> {
    auto it = entries_.find(p);
    if (it != entries_.end()) {
      if (it->second.type == Entry::Type::link) return std::optional<std::string>{it->second.content};
      return std::optional<std::string>{};
    }
    auto below = entries_.lower_bound(p + "/");
    if (below != entries_.end() && below->first.rfind(p + "/", 0) == 0) return std::optional<std::string>{};
    return tl::unexpected(FileError{FileErrorKind::missing, "no such file or directory"});
  };
  Walk walk = walk_links(absolute, follow_last, read_link);
  if (walk.error) return tl::unexpected(*walk.error);
  const std::string* resolved = &walk.path;
  // A component above that is an error entry (a masked directory) makes everything below fail too.
  std::string prefix;
  for (auto& part : split_components(*resolved)) {
    prefix += "/" + part;
    auto it = entries_.find(prefix);
    if (it != entries_.end() && it->second.type == Entry::Type::error && prefix != *resolved) {
      return tl::unexpected(FileError{it->second.error, it->second.error == FileErrorKind::missing
                                                            ? "no such file or directory"
                                                            : "permission denied"});
    }
  }
  auto it = entries_.find(*resolved);
  if (it != entries_.end()) return std::pair{*resolved, &it->second};
  if (*resolved == "/") return std::pair<std::string, const Entry*>{"/", nullptr};
  auto below = entries_.lower_bound(*resolved + "/");
  if (below != entries_.end() && below->first.rfind(*resolved + "/", 0) == 0) {
    return std::pair<std::string, const Entry*>{*resolved, nullptr};
  }
  return tl::unexpected(FileError{FileErrorKind::missing, "no such file or directory"});
}

namespace {
FileError fake_error(FileErrorKind kind) {
  switch (kind) {
    case FileErrorKind::missing:
      return {kind, "no such file or directory"};
    case FileErrorKind::permission_denied:
      return {kind, "permission denied"};
    default:
      return {kind, "input/output error"};
  }
}
}  // namespace

FileResult<std::string> FakeSystem::read_file(const std::string& path) {
  reads_.push_back(path);
  auto found = lookup(path, true);
  if (!found) return tl::unexpected(found.error());
  const Entry* entry = found->second;
  if (!entry || entry->type == Entry::Type::dir)
    return tl::unexpected(FileError{FileErrorKind::other, "is a directory"});
  if (entry->type == Entry::Type::error) return tl::unexpected(fake_error(entry->error));
  return entry->content.substr(0, kMaxFileRead);
}

FileResult<std::vector<std::string>> FakeSystem::list_dir(const std::string& path) {
  auto found = lookup(path, true);
  if (!found) return tl::unexpected(found.error());
  const Entry* entry = found->second;
  if (entry && entry->type == Entry::Type::error) return tl::unexpected(fake_error(entry->error));
  if (entry && entry->type != Entry::Type::dir)
    return tl::unexpected(FileError{FileErrorKind::other, "not a directory"});
  std::string prefix = found->first == "/" ? "/" : found->first + "/";
  std::vector<std::string> names;
  for (auto it = entries_.lower_bound(prefix); it != entries_.end() && it->first.rfind(prefix, 0) == 0; ++it) {
    std::string rest = it->first.substr(prefix.size());
    std::string name = rest.substr(0, rest.find('/'));
    if (!name.empty() && (names.empty() || names.back() != name)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

FileResult<std::string> FakeSystem::read_link(const std::string& path) {
  auto found = lookup(path, false);
  if (!found) return tl::unexpected(found.error());
  if (!found->second || found->second->type != Entry::Type::link) {
    return tl::unexpected(FileError{FileErrorKind::other, "not a symbolic link"});
  }
  return found->second->content;
}

FileResult<std::string> FakeSystem::resolve(const std::string& path) {
  auto found = lookup(path, true);
  if (!found) return tl::unexpected(found.error());
  return found->first;
}

FileKind FakeSystem::kind(const std::string& path) {
  auto found = lookup(path, true);
  if (!found) return FileKind::none;
  const Entry* entry = found->second;
  if (!entry || entry->type == Entry::Type::dir) return FileKind::directory;
  if (entry->type == Entry::Type::error) {
    return entry->error == FileErrorKind::missing ? FileKind::none : FileKind::other;
  }
  return FileKind::file;
}

bool FakeSystem::is_symlink(const std::string& path) {
  auto found = lookup(path, false);
  return found && found->second && found->second->type == Entry::Type::link;
}

bool FakeSystem::is_executable(const std::string& path) {
  auto found = lookup(path, true);
  return found && programs_.count(found->first) > 0;
}

bool FakeSystem::is_read_writable(const std::string& path) {
  auto found = lookup(path, true);
  return found && !(found->second && found->second->type == Entry::Type::error);
}

std::optional<std::string> FakeSystem::env(const std::string& name) {
  auto it = env_.find(name);
  if (it == env_.end()) return std::nullopt;
  return it->second;
}

RunResult FakeSystem::run(const std::vector<std::string>& argv, std::chrono::milliseconds) {
  runs_.push_back(argv);
  RunResult result;
  if (argv.empty()) {
    result.start_error = "no program given";
    return result;
  }
  auto found = lookup(argv[0], true);
  if (found) {
    auto it = programs_.find(found->first);
    if (it != programs_.end()) return it->second(argv);
    result.start_error = "permission denied";
    return result;
  }
  result.start_error = "no such file or directory";
  result.not_found = true;
  return result;
}

}  // namespace gator
