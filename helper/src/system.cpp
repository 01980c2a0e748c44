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
#include <thread>

#include <fmt/format.h>

#include "text.h"  // split

extern char** environ;

namespace gator {

namespace {

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
  if (!root_.empty()) root_fd_ = ::open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
}

RealSystem::~RealSystem() {
  if (root_fd_ >= 0) ::close(root_fd_);
}

bool RealSystem::rooted(const std::string& path) const {
  return !root_.empty() && !path.empty() && path.front() == '/';
}

namespace {

// What lstat says of one component on this machine: its link target or type, or why it cannot be
// reached.
FileResult<RealSystem::Component> look_at(int dir, const std::string& path) {
  struct stat st;
  if (::fstatat(dir, path.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return tl::unexpected(error_from_errno(errno));
  if (!S_ISLNK(st.st_mode)) return RealSystem::Component{std::nullopt, st.st_mode & S_IFMT};
  char buf[PATH_MAX];
  ssize_t n = ::readlinkat(dir, path.c_str(), buf, sizeof buf);
  if (n < 0) return tl::unexpected(error_from_errno(errno));
  return RealSystem::Component{std::string(buf, static_cast<size_t>(n)), S_IFLNK};
}

// The type a directory entry says it has (S_IFMT bits); 0 when it does not say, or is a link.
mode_t entry_type(unsigned char d_type) {
  switch (d_type) {
    case DT_REG:
      return S_IFREG;
    case DT_DIR:
      return S_IFDIR;
    case DT_CHR:
      return S_IFCHR;
    case DT_BLK:
      return S_IFBLK;
    case DT_FIFO:
      return S_IFIFO;
    case DT_SOCK:
      return S_IFSOCK;
    default:
      return 0;
  }
}

}  // namespace

const FileResult<RealSystem::Component>& RealSystem::component(const std::string& user) {
  if (auto known = components_.find(user); known != components_.end()) return known->second;
  const At place = at(user);
  return components_.emplace(user, look_at(place.dir, place.path)).first->second;
}

Walk RealSystem::inside_root(const std::string& path, bool follow_last) {
  auto read_link = [this](const std::string& user) -> FileResult<std::optional<std::string>> {
    return component(user).map([](const Component& c) { return c.link; });
  };
  Walk walk = walk_links(path, follow_last, read_link);
  // The last component, not looked at without follow_last, may be known to be missing already.
  if (!walk.error && !follow_last) {
    if (auto known = components_.find(walk.path); known != components_.end() && !known->second) {
      walk.error = known->second.error();
    }
  }
  return walk;
}

std::string RealSystem::on_host(const std::string& user) const { return root_ + (user == "/" ? "" : user); }

RealSystem::At RealSystem::at(const std::string& user) const {
  if (root_fd_ < 0) return {AT_FDCWD, on_host(user)};
  return {root_fd_, user == "/" ? std::string(".") : user.substr(1)};
}

RealSystem::At RealSystem::host_at(const std::string& path, bool follow_last) {
  if (!rooted(path)) return {AT_FDCWD, path};
  return at(inside_root(path, follow_last).path);
}

void RealSystem::remember_missing(const std::string& user, int err) {
  if (err == ENOENT || err == ENOTDIR) components_.emplace(user, tl::unexpected(error_from_errno(err)));
}

std::string RealSystem::host_path(const std::string& path, bool follow_last) {
  if (!rooted(path)) return path;
  // An unreachable component: the path as far as resolved; the caller's own call then fails.
  return on_host(inside_root(path, follow_last).path);
}

mode_t RealSystem::file_type(const std::string& path) {
  struct stat st;
  if (!rooted(path)) return ::stat(path.c_str(), &st) == 0 ? st.st_mode & S_IFMT : 0;
  // The directories' links are followed by the walk; the last component is looked at once a run,
  // and followed (inside the root) only when it is a link.
  const Walk walk = inside_root(path, /*follow_last=*/false);
  if (walk.error) return 0;
  const FileResult<Component>& last = component(walk.path);
  if (!last) return 0;
  if (!last->link) return last->type;
  const At place = host_at(path);
  return ::fstatat(place.dir, place.path.c_str(), &st, 0) == 0 ? st.st_mode & S_IFMT : 0;
}

std::string RealSystem::real_path(const std::string& path) { return host_path(path); }

std::string RealSystem::user_path(const std::string& real) {
  if (root_.empty() || real.empty() || real.front() != '/') return real;
  if (real == root_) return "/";
  if (real.rfind(root_ + "/", 0) == 0) return real.substr(root_.size());
  return real;
}

namespace {

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. It changes nothing for
// a regular file, and anything else is refused before a read.
constexpr int kReadFlags = O_RDONLY | O_CLOEXEC | O_NONBLOCK;

// The content of the file open as fd, its first `limit` bytes at most, if it is a regular file.
// Closes fd.
FileResult<std::string> read_opened_file(int fd, std::size_t limit) {
  if (fd < 0) return tl::unexpected(error_from_errno(errno));
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return tl::unexpected(error_from_errno(err));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return tl::unexpected(
        FileError{FileErrorKind::other, S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file"});
  }
  // Read straight into the string. A regular file's size says when the whole of it has come (no
  // further read to see the end; one byte more is asked for, to notice a file that holds more than
  // it says). Files that say 0 (/proc) are read in pages until read returns nothing.
  constexpr std::size_t kChunk = 4096;
  const auto size = static_cast<std::size_t>(std::max<off_t>(st.st_size, 0));
  std::string content;
  while (content.size() < limit) {
    const std::size_t have = content.size();
    const std::size_t room = std::min(size > have ? size - have + 1 : kChunk, limit - have);
    content.resize(have + room);
    const ssize_t n = ::read(fd, content.data() + have, room);
    content.resize(have + static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return tl::unexpected(error_from_errno(err));
    }
    if (n == 0 || content.size() == size) break;
  }
  ::close(fd);
  return content;
}

}  // namespace

FileResult<std::string> read_regular_file(const std::string& path, std::size_t limit) {
  return read_opened_file(::open(path.c_str(), kReadFlags), limit);
}

FileResult<std::string> RealSystem::read_file(const std::string& path) {
  if (!rooted(path)) return read_regular_file(path, kMaxFileRead);
  // Under a root: the file itself opened without following a link (no lstat of it first); only a
  // link there (ELOOP) takes the walk that follows it inside the root.
  // A path through a component known to be missing costs no system call.
  const Walk walk = inside_root(path, /*follow_last=*/false);
  if (walk.error) return tl::unexpected(*walk.error);
  const At place = at(walk.path);
  int fd = ::openat(place.dir, place.path.c_str(), kReadFlags | O_NOFOLLOW);
  if (fd < 0 && errno == ELOOP) {
    const At target = host_at(path);
    fd = ::openat(target.dir, target.path.c_str(), kReadFlags);
  } else if (fd < 0) {
    remember_missing(walk.path, errno);
  }
  return read_opened_file(fd, kMaxFileRead);
}

FileResult<std::vector<std::string>> RealSystem::list_dir(const std::string& path) {
  const bool under_root = rooted(path);
  std::string user = path;
  if (under_root) {
    Walk walk = inside_root(path, /*follow_last=*/true);
    if (walk.error) return tl::unexpected(*walk.error);
    user = std::move(walk.path);
  }
  const At place = under_root ? at(user) : At{AT_FDCWD, path};
  const int fd = ::openat(place.dir, place.path.c_str(), O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (under_root) remember_missing(user, err);
    return tl::unexpected(error_from_errno(err));
  }
  // The entries read straight into a buffer here (opendir would add a system call or three and a
  // 32 KiB buffer on the heap for each directory).
  std::vector<std::string> names;
  alignas(dirent64) char buf[8192];
  for (ssize_t n; (n = ::getdents64(fd, buf, sizeof buf)) > 0;) {
    for (ssize_t offset = 0; offset < n;) {
      const auto* entry = reinterpret_cast<const dirent64*>(buf + offset);
      offset += entry->d_reclen;
      std::string name = entry->d_name;
      if (name == "." || name == "..") continue;
      // Under a root, an entry the directory says is no link needs no lstat when a path goes through
      // it, or when its kind is asked.
      if (const mode_t type = entry_type(entry->d_type); under_root && type != 0) {
        components_.emplace(join_path(user, name), Component{std::nullopt, type});
      }
      names.push_back(std::move(name));
    }
  }
  ::close(fd);
  std::sort(names.begin(), names.end());
  return names;
}

FileResult<std::string> RealSystem::read_link(const std::string& path) {
  const At place = host_at(path, /*follow_last=*/false);
  char buf[PATH_MAX];
  ssize_t n = ::readlinkat(place.dir, place.path.c_str(), buf, sizeof buf);
  if (n < 0) return tl::unexpected(error_from_errno(errno));
  return std::string(buf, static_cast<size_t>(n));
}

FileResult<std::string> RealSystem::resolve(const std::string& path) {
  if (rooted(path)) {
    // The walk that follows links inside the root looks at every component (once a run): a path it
    // completes exists. realpath would read the root's own directories again, one readlink each.
    Walk walk = inside_root(path, /*follow_last=*/true);
    if (walk.error) return tl::unexpected(*walk.error);
    return walk.path;
  }
  char buf[PATH_MAX];
  if (!::realpath(path.c_str(), buf)) return tl::unexpected(error_from_errno(errno));
  return std::string(buf);  // no root, or a relative path, taken unrooted: a path on this machine
}

FileKind RealSystem::kind(const std::string& path) {
  switch (file_type(path)) {
    case 0:
      return FileKind::none;
    case S_IFREG:
      return FileKind::file;
    case S_IFDIR:
      return FileKind::directory;
    default:
      return FileKind::other;
  }
}

bool RealSystem::is_symlink(const std::string& path) {
  if (!rooted(path)) {
    struct stat st;
    return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
  }
  const Walk walk = inside_root(path, /*follow_last=*/false);
  if (walk.error) return false;
  const FileResult<Component>& last = component(walk.path);
  return last && last->link.has_value();
}

bool RealSystem::is_executable(const std::string& path) {
  if (file_type(path) != S_IFREG) return false;
  const At place = host_at(path);
  return ::faccessat(place.dir, place.path.c_str(), X_OK, 0) == 0;
}

bool RealSystem::is_read_writable(const std::string& path) {
  const At place = host_at(path);
  return ::faccessat(place.dir, place.path.c_str(), R_OK | W_OK, 0) == 0;
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
  void close_read() {
    if (read >= 0) ::close(read), read = -1;
  }
  void close_write() {
    if (write >= 0) ::close(write), write = -1;
  }
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

namespace {

// Empties the run's view of the tree when the scope ends: after a child process has run.
template <class Map>
class ForgetWhenDone {
 public:
  explicit ForgetWhenDone(Map& map) : map_(map) {}
  ForgetWhenDone(const ForgetWhenDone&) = delete;
  ForgetWhenDone& operator=(const ForgetWhenDone&) = delete;
  ~ForgetWhenDone() { map_.clear(); }

 private:
  Map& map_;
};

}  // namespace

RunResult RealSystem::run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  const ForgetWhenDone forget(components_);  // what the child does to the tree is not known
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
    result.not_found = rc == ENOENT;
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

RunResult RealSystem::run_attached(const std::vector<std::string>& argv) {
  const ForgetWhenDone forget(components_);  // what the child does to the tree is not known
  RunResult result;
  if (argv.empty()) {
    result.start_error = "no program given";
    return result;
  }
  const std::string program = host_path(argv[0]);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  // posix_spawnp: PATH lookup for a bare name; glibc reports exec failures here.
  const int rc = program.find('/') == std::string::npos
                     ? ::posix_spawnp(&pid, program.c_str(), nullptr, nullptr, args.data(), environ)
                     : ::posix_spawn(&pid, program.c_str(), nullptr, nullptr, args.data(), environ);
  if (rc != 0) {
    result.start_error = error_from_errno(rc).reason;
    result.not_found = rc == ENOENT;
    return result;
  }
  result.started = true;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      result.start_error = fmt::format("waiting for it: {}", std::strerror(errno));
      return result;
    }
  }
  record_status(result, status);
  return result;
}

}  // namespace gator
