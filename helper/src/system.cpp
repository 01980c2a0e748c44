#include "system.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <thread>

#include <fmt/format.h>

#include "text.h"  // split

extern char** environ;

namespace gator {

// ---------------------------------------------------------------------------------------------
// Path helpers

std::string join_path(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (name.empty()) return dir;
  if (name.front() == '/') return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

std::string normalize_path(const std::string& path) {
  if (path.empty()) return path;
  const bool absolute = path.front() == '/';
  std::vector<std::string> parts;
  for (std::string_view view : split(path, '/')) {
    std::string part(view);
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!absolute) {
        parts.push_back(part);
      }
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
  }
  std::string out = absolute ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + parts[i];
  return out.empty() ? "." : out;
}

std::string parent_path(const std::string& path) {
  std::string p = normalize_path(path);
  if (p == "/" || p == ".") return p;
  size_t slash = p.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : p.substr(0, slash);
}

std::string base_name(const std::string& path) {
  std::string p = normalize_path(path);
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

namespace {

std::vector<std::string> split_components(const std::string& path) {
  std::vector<std::string> parts;
  for (std::string_view part : split(path, '/')) {
    if (!part.empty()) parts.emplace_back(part);
  }
  return parts;
}

// Walks an absolute path component by component, following links through read_link (which returns
// the target, or nullopt when the component is not a link, or an error when it does not exist).
// Absolute targets restart at "/", as inside a chroot. Returns the resolved path; on an error (a
// component that does not exist) the path as far as resolved, the rest appended unresolved.
struct Walk {
  std::string path;
  std::optional<FileError> error;
};
template <class ReadLink>
Walk walk_links(const std::string& path, bool follow_last, ReadLink read_link) {
  std::deque<std::string> pending;
  for (auto& c : split_components(path)) pending.push_back(c);
  std::vector<std::string> done;
  int hops = 0;
  while (!pending.empty()) {
    std::string part = pending.front();
    pending.pop_front();
    if (part == ".") continue;
    if (part == "..") {
      if (!done.empty()) done.pop_back();
      continue;
    }
    std::string current;
    for (auto& d : done) current += "/" + d;
    current += "/" + part;
    if (pending.empty() && !follow_last) {
      done.push_back(part);
      break;
    }
    FileResult<std::optional<std::string>> target = read_link(current);
    if (!target) {
      done.push_back(part);
      std::string out;
      for (auto& d : done) out += "/" + d;
      for (auto& p : pending) out += "/" + p;
      return Walk{out, target.error()};
    }
    if (!*target) {
      done.push_back(part);
      continue;
    }
    if (++hops > 40) return Walk{path, FileError{FileErrorKind::other, "too many levels of symbolic links"}};
    auto target_parts = split_components(**target);
    for (auto it = target_parts.rbegin(); it != target_parts.rend(); ++it) pending.push_front(*it);
    if (!(*target)->empty() && (*target)->front() == '/') done.clear();
  }
  std::string out;
  for (auto& d : done) out += "/" + d;
  return Walk{out.empty() ? "/" : out, std::nullopt};
}

FileError error_from_errno(int err) {
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return {FileErrorKind::missing, "no such file or directory"};
    case EACCES:
    case EPERM:
      return {FileErrorKind::permission_denied, "permission denied"};
    default:
      return {FileErrorKind::other, std::strerror(err)};
  }
}

}  // namespace

std::string describe_failure(const RunResult& result) {
  if (!result.started) return fmt::format("could not be started ({})", result.start_error);
  if (result.timed_out) return "did not finish within its time limit and was stopped";
  if (result.signal != 0) return fmt::format("was killed by signal {}", result.signal);
  std::string_view err = result.err;
  const std::string first_line = printable(err.substr(0, err.find('\n')));
  if (first_line.empty()) return fmt::format("exited with status {}", result.exit_code);
  return fmt::format("exited with status {} ({})", result.exit_code, first_line);
}

// ---------------------------------------------------------------------------------------------
// RealSystem

RealSystem::RealSystem(std::string root) {
  root = normalize_path(root.empty() ? "/" : root);
  if (root != "/") {
    if (root.front() != '/') {
      char cwd[PATH_MAX];
      if (getcwd(cwd, sizeof cwd)) root = normalize_path(join_path(cwd, root));
    }
    root_ = root == "/" ? "" : root;
  }
}

std::string RealSystem::host_path(const std::string& path, bool follow_last) {
  if (root_.empty() || path.empty() || path.front() != '/') return path;
  auto read_link = [this](const std::string& user) -> FileResult<std::optional<std::string>> {
    if (auto known = components_.find(user); known != components_.end()) return known->second;
    std::string host = root_ + user;
    struct stat st;
    if (lstat(host.c_str(), &st) != 0) return tl::unexpected(error_from_errno(errno));
    std::optional<std::string> target;
    if (S_ISLNK(st.st_mode)) {
      std::vector<char> buf(PATH_MAX);
      ssize_t n = readlink(host.c_str(), buf.data(), buf.size());
      if (n < 0) return tl::unexpected(error_from_errno(errno));
      target = std::string(buf.data(), static_cast<size_t>(n));
    }
    return components_.emplace(user, std::move(target)).first->second;
  };
  // An unreachable component: the path as far as resolved; the caller's own call then fails.
  std::string user = walk_links(path, follow_last, read_link).path;
  return root_ + (user == "/" ? "" : user);
}

std::string RealSystem::real_path(const std::string& path) { return host_path(path); }

std::string RealSystem::user_path(const std::string& real) {
  if (root_.empty() || real.empty() || real.front() != '/') return real;
  if (real == root_) return "/";
  if (real.rfind(root_ + "/", 0) == 0) return real.substr(root_.size());
  return real;
}

FileResult<std::string> read_regular_file(const std::string& path, std::size_t limit) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. It changes nothing for
  // a regular file, and anything else is refused before a read.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return tl::unexpected(error_from_errno(errno));
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return tl::unexpected(error_from_errno(err));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return tl::unexpected(FileError{FileErrorKind::other, S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file"});
  }
  std::string content;
  char buf[65536];
  while (content.size() < limit) {
    ssize_t n = ::read(fd, buf, std::min(sizeof buf, limit - content.size()));
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return tl::unexpected(error_from_errno(err));
    }
    content.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return content;
}

FileResult<std::string> RealSystem::read_file(const std::string& path) {
  return read_regular_file(host_path(path), kMaxFileRead);
}

FileResult<std::vector<std::string>> RealSystem::list_dir(const std::string& path) {
  std::string host = host_path(path);
  DIR* dir = ::opendir(host.c_str());
  if (!dir) return tl::unexpected(error_from_errno(errno));
  std::vector<std::string> names;
  while (dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

FileResult<std::string> RealSystem::read_link(const std::string& path) {
  std::string host = host_path(path, /*follow_last=*/false);
  std::vector<char> buf(PATH_MAX);
  ssize_t n = ::readlink(host.c_str(), buf.data(), buf.size());
  if (n < 0) return tl::unexpected(error_from_errno(errno));
  return std::string(buf.data(), static_cast<size_t>(n));
}

FileResult<std::string> RealSystem::resolve(const std::string& path) {
  std::string host = host_path(path);
  char buf[PATH_MAX];
  if (!::realpath(host.c_str(), buf)) return tl::unexpected(error_from_errno(errno));
  // A relative path is taken unrooted: its resolved form is a path on this machine, left as it is.
  if (!path.empty() && path.front() == '/') return user_path(buf);
  return std::string(buf);
}

FileKind RealSystem::kind(const std::string& path) {
  struct stat st;
  if (::stat(host_path(path).c_str(), &st) != 0) return FileKind::none;
  if (S_ISREG(st.st_mode)) return FileKind::file;
  if (S_ISDIR(st.st_mode)) return FileKind::directory;
  return FileKind::other;
}

bool RealSystem::is_symlink(const std::string& path) {
  struct stat st;
  return ::lstat(host_path(path, false).c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

bool RealSystem::is_executable(const std::string& path) {
  std::string host = host_path(path);
  struct stat st;
  return ::stat(host.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(host.c_str(), X_OK) == 0;
}

bool RealSystem::is_read_writable(const std::string& path) {
  return ::access(host_path(path).c_str(), R_OK | W_OK) == 0;
}

std::optional<std::string> RealSystem::env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (!value) return std::nullopt;
  return std::string(value);
}

namespace {

constexpr size_t kMaxCapture = 8u << 20;  // keep reading past this, but drop the bytes

struct Pipe {
  int read = -1, write = -1;
  bool open() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    read = fds[0];
    write = fds[1];
    return true;
  }
  void close_read() { if (read >= 0) ::close(read), read = -1; }
  void close_write() { if (write >= 0) ::close(write), write = -1; }
};

// Reads what is available from fd into out; false at end of file or on error.
bool drain(int fd, std::string& out) {
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      if (out.size() < kMaxCapture) out.append(buf, std::min(static_cast<size_t>(n), kMaxCapture - out.size()));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    if (n < 0 && errno == EINTR) continue;
    return false;
  }
}

// The parent of process `pid` from /proc/PID/stat ("PID (COMM) STATE PPID ..."; COMM may hold ')'),
// or -1 when it is gone.
pid_t parent_of(pid_t pid) {
  auto stat = read_regular_file(fmt::format("/proc/{}/stat", pid), 4096);
  if (!stat) return -1;
  const std::size_t close = stat->rfind(')');
  if (close == std::string::npos) return -1;
  std::vector<std::string_view> fields = split(std::string_view(*stat).substr(close + 1), ' ');
  // fields: "", STATE, PPID, ...
  return fields.size() > 2 ? parse_number<pid_t>(fields[2]).value_or(-1) : -1;
}

// Every process below this one, from /proc.
std::vector<pid_t> descendants() {
  std::vector<std::pair<pid_t, pid_t>> parents;  // (pid, parent)
  DIR* proc = ::opendir("/proc");
  if (!proc) return {};
  while (dirent* entry = ::readdir(proc)) {
    if (auto pid = parse_number<pid_t>(entry->d_name)) parents.emplace_back(*pid, parent_of(*pid));
  }
  ::closedir(proc);
  std::vector<pid_t> found{::getpid()};
  for (std::size_t i = 0; i < found.size(); ++i) {
    for (const auto& [pid, parent] : parents) {
      if (parent == found[i]) found.push_back(pid);
    }
  }
  found.erase(found.begin());
  return found;
}

// Kills every process below this one and reaps those that end up its children. A grandchild that
// left the process group (setsid) is found all the same: this process is their subreaper, so an
// orphan comes back to it instead of to init. Repeated until none is left, as a process may fork
// while it is being looked for.
void kill_descendants() {
  for (int round = 0; round < 50; ++round) {
    std::vector<pid_t> pids = descendants();
    for (pid_t pid : pids) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(-1, &status, WNOHANG) > 0) {
    }
    if (pids.empty()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

void record_status(RunResult& result, int status) {
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
}

}  // namespace

RunResult RealSystem::run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  using Clock = std::chrono::steady_clock;
  RunResult result;
  if (argv.empty()) {
    result.start_error = "no program given";
    return result;
  }
  Pipe out, err;
  if (!out.open() || !err.open()) {
    result.start_error = std::strerror(errno);
    out.close_read(), out.close_write(), err.close_read(), err.close_write();
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.write, 1);
  posix_spawn_file_actions_adddup2(&actions, err.write, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);  // its own group, so that a timeout stops its children too
  // Orphans below us (a grandchild whose parent died) come back to us, not to init: what left the
  // group (setsid) is still ours to stop.
  static const bool subreaper = ::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0;
  (void)subreaper;
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  // Under a root, the program's links are followed inside the root; argv[0] keeps the last component
  // as named, so that a venv's python (a link to the base interpreter) still finds its pyvenv.cfg.
  std::string program = host_path(argv[0]);
  std::string program_name = host_path(argv[0], /*follow_last=*/false);
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args[0] = program_name.data();
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = program.find('/') == std::string::npos
               ? ::posix_spawnp(&pid, program.c_str(), &actions, &attr, args.data(), environ)
               : ::posix_spawn(&pid, program.c_str(), &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  out.close_write();
  err.close_write();
  if (rc != 0) {
    result.start_error = error_from_errno(rc).reason;
    out.close_read(), err.close_read();
    return result;
  }
  result.started = true;
  ::fcntl(out.read, F_SETFL, O_NONBLOCK);
  ::fcntl(err.read, F_SETFL, O_NONBLOCK);

  const auto deadline = Clock::now() + timeout;
  std::optional<Clock::time_point> exited_at;
  bool reaped = false, leftovers = false;
  while (out.read >= 0 || err.read >= 0) {
    auto now = Clock::now();
    if (now >= deadline) {
      result.timed_out = !reaped;
      leftovers = true;
      break;
    }
    // After the child exits, its own children may keep the pipes open: give them a moment only.
    if (exited_at && now - *exited_at > std::chrono::milliseconds(200)) {
      leftovers = true;
      break;
    }
    auto wait = std::min<Clock::duration>(deadline - now, std::chrono::milliseconds(50));
    pollfd fds[2] = {{out.read, POLLIN, 0}, {err.read, POLLIN, 0}};
    ::poll(fds, 2, static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(wait).count()) + 1);
    if (out.read >= 0 && fds[0].revents && !drain(out.read, result.out)) out.close_read();
    if (err.read >= 0 && fds[1].revents && !drain(err.read, result.err)) err.close_read();
    int status = 0;
    if (!reaped && ::waitpid(pid, &status, WNOHANG) == pid) {
      reaped = true;
      exited_at = Clock::now();
      record_status(result, status);
    }
  }
  out.close_read();
  err.close_read();
  while (!reaped && !result.timed_out) {
    int status = 0;
    pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) {
      reaped = true;
      record_status(result, status);
    } else if (Clock::now() >= deadline) {
      result.timed_out = true;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  if (result.timed_out || leftovers) ::kill(-pid, SIGKILL);
  if (!reaped) {
    ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = -1;
  }
  if (result.timed_out || leftovers) kill_descendants();
  return result;
}

// ---------------------------------------------------------------------------------------------
// FakeSystem

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
  if (!entry || entry->type == Entry::Type::dir) return tl::unexpected(FileError{FileErrorKind::other, "is a directory"});
  if (entry->type == Entry::Type::error) return tl::unexpected(fake_error(entry->error));
  return entry->content.substr(0, kMaxFileRead);
}

FileResult<std::vector<std::string>> FakeSystem::list_dir(const std::string& path) {
  auto found = lookup(path, true);
  if (!found) return tl::unexpected(found.error());
  const Entry* entry = found->second;
  if (entry && entry->type == Entry::Type::error) return tl::unexpected(fake_error(entry->error));
  if (entry && entry->type != Entry::Type::dir) return tl::unexpected(FileError{FileErrorKind::other, "not a directory"});
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
  return result;
}

}  // namespace gator
