#pragma once
// The seam between the probes and the machine: files, directories, links, the environment and child
// processes. Probes touch the machine only through System; RealSystem reads the real one (optionally
// under a --root); tests/support/fake_system.h is an in-memory machine for unit tests.
//
// Paths given to System are the paths the user sees ("/opt/rocm/.info/version"). Under a root other
// than "/", every absolute path, and every absolute symlink target met on the way, is looked up under
// that root, as in a chroot; relative paths are taken relative to the working directory, unrooted.
#include <algorithm>
#include <chrono>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <sys/stat.h>

#include <tl/expected.hpp>

#include "paths.h"

namespace gator {

enum class FileErrorKind { missing, permission_denied, other };

struct FileError {
  FileErrorKind kind = FileErrorKind::other;
  std::string reason;  // "no such file or directory", "permission denied", strerror text
};

template <class T>
using FileResult = tl::expected<T, FileError>;

enum class FileKind { none, file, directory, other };

struct RunResult {
  bool started = false;
  std::string start_error;  // why it could not start ("no such file or directory", ...)
  bool not_found = false;   // it could not start because the program does not exist
  int exit_code = -1;       // -1 when it did not exit normally
  int signal = 0;           // the signal that ended it, if any
  bool timed_out = false;   // killed at the time limit
  std::string out, err;
  bool ok() const { return started && !timed_out && exit_code == 0; }
};

// "timed out after 5 s", "exited with status 2: <first stderr line>", "killed by signal 11", ...
std::string describe_failure(const RunResult& result);

// read_file reads at most this much of a file (version files, METADATA headers and KFD properties
// are far smaller); the rest is left unread.
inline constexpr size_t kMaxFileRead = size_t{1} << 20;

// Reads a regular file on this machine without ever blocking (a FIFO is opened non-blocking and
// refused): at most `limit` bytes of it. Anything but a regular file is an error (kind other): "is a
// directory", "not a regular file" (a FIFO, a device, a socket). The one read of every file the
// helper reads: RealSystem::read_file, the inputs named on the command line (io.h), the comparison
// before a write.
FileResult<std::string> read_regular_file(const std::string& path, std::size_t limit);

class System {
 public:
  virtual ~System() = default;
  // A regular file's content, its first kMaxFileRead bytes at most. Anything else is an error
  // (kind other): "is a directory", "not a regular file" (a FIFO, a device, a socket), so that a
  // read never blocks.
  virtual FileResult<std::string> read_file(const std::string& path) = 0;
  // Entry names (not "." or ".."), sorted.
  virtual FileResult<std::vector<std::string>> list_dir(const std::string& path) = 0;
  // The target of a symbolic link, as written in the link.
  virtual FileResult<std::string> read_link(const std::string& path) = 0;
  // The path with every link followed and "."/".." removed (as the user sees it); error if a
  // component is missing.
  virtual FileResult<std::string> resolve(const std::string& path) = 0;
  // What path is, following links; none when it does not exist or cannot be reached.
  virtual FileKind kind(const std::string& path) = 0;
  virtual bool is_symlink(const std::string& path) = 0;
  virtual bool is_executable(const std::string& path) = 0;
  // Whether this process may open path for reading and writing, as a device such as /dev/kfd needs
  // (the permission alone: nothing is opened).
  virtual bool is_read_writable(const std::string& path) = 0;
  virtual std::optional<std::string> env(const std::string& name) = 0;
  // Runs argv (argv[0] a path as the user sees it; no shell), stdin from /dev/null, killed at the
  // time limit (with every process it started).
  virtual RunResult run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) = 0;
  // Runs argv (a bare name is looked up in PATH; no shell) with this process's stdin, stdout and
  // stderr, so that its output streams as it comes (out and err stay empty), and waits for it however
  // long it takes: pip during `gator-rocm install`.
  virtual RunResult run_attached(const std::vector<std::string>& argv) = 0;
  // The path on the machine that runs us (with the root prefix), for callers outside the seam
  // (the CMake package's watch list).
  virtual std::string real_path(const std::string& path) = 0;
  // The inverse: a path on the machine that runs us (printed by a child process, returned by
  // realpath) as the user sees it, the root prefix removed; unchanged when it is not under the root.
  virtual std::string user_path(const std::string& real) = 0;

  bool exists(const std::string& path) { return kind(path) != FileKind::none; }
  bool is_dir(const std::string& path) { return kind(path) == FileKind::directory; }
  bool is_file(const std::string& path) { return kind(path) == FileKind::file; }
};

// What walk_links found: the resolved path; on an error (a component that does not exist) the
// error, and the path as far as resolved with the rest appended unresolved.
struct Walk {
  std::string path;
  std::optional<FileError> error;
};

class RealSystem final : public System {
 public:
  // One path component under the root, as this run has seen it.
  struct Component {
    std::optional<std::string> link;  // a link's target; nullopt: not a link
    mode_t type = 0;                  // S_IFDIR, S_IFREG, S_IFLNK, ... (S_IFMT bits)
  };

  explicit RealSystem(std::string root = "/");
  ~RealSystem() override;  // closes the root's descriptor
  RealSystem(const RealSystem&) = delete;
  RealSystem& operator=(const RealSystem&) = delete;
  // Whether the root is a directory this process can reach ("/" always is).
  bool root_is_directory() const { return root_.empty() || root_fd_ >= 0; }
  FileResult<std::string> read_file(const std::string& path) override;
  FileResult<std::vector<std::string>> list_dir(const std::string& path) override;
  FileResult<std::string> read_link(const std::string& path) override;
  FileResult<std::string> resolve(const std::string& path) override;
  FileKind kind(const std::string& path) override;
  bool is_symlink(const std::string& path) override;
  bool is_executable(const std::string& path) override;
  bool is_read_writable(const std::string& path) override;
  std::optional<std::string> env(const std::string& name) override;
  RunResult run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) override;
  RunResult run_attached(const std::vector<std::string>& argv) override;
  std::string real_path(const std::string& path) override;
  std::string user_path(const std::string& real) override;

 private:
  // Whether path is looked up under a root (an absolute path, and a root other than "/").
  bool rooted(const std::string& path) const;
  // Under a root: path as the user sees it with its links followed inside the root (the final
  // component's only when follow_last).
  // An unreachable component: the error, and the path as far as resolved.
  Walk inside_root(const std::string& path, bool follow_last);
  // Where path lives on this machine: links followed under the root (for the final component only
  // when follow_last).
  std::string host_path(const std::string& path, bool follow_last = true);
  // A path for the *at system calls: a directory descriptor (or AT_FDCWD) and a path from there.
  struct At {
    int dir;
    std::string path;
  };
  // Where the resolved path `user` is: from the root's descriptor, so that the kernel does not walk
  // the root's own path again at every call.
  At at(const std::string& user) const;
  // host_path as an At.
  At host_at(const std::string& path, bool follow_last = true);
  // The path on this machine of a path the walk has resolved.
  std::string on_host(const std::string& user) const;
  // Records that the resolved path `user` does not exist (err ENOENT or ENOTDIR; others are not kept).
  void remember_missing(const std::string& user, int err);
  // The type of what path is (S_IFMT bits of stat(2)), links followed inside the root; 0 when it does
  // not exist or cannot be reached.
  mode_t file_type(const std::string& path);
  // Under a root: what this run knows of the component `user` (a path the walk resolved), looked at
  // with lstat the first time.
  const FileResult<Component>& component(const std::string& user);
  std::string root_;  // "" for "/"; else the root without a trailing '/'
  int root_fd_ = -1;  // the root directory (O_PATH) under a root; -1 for "/" or when it is no directory
  // Under a root: every path component the walk or a directory listing has seen, or why it cannot be
  // reached (missing), so that the probes' many paths through the same directories, and past the
  // same missing ones, cost one lstat each, and asking what a seen path is costs none. Forgotten when
  // a child process runs (pip changes the tree).
  std::map<std::string, FileResult<Component>> components_;
};

// For implementations of System (RealSystem, the tests' FakeSystem): walks an absolute path
// component by component, following links through read_link (which returns the target, or nullopt
// when the component is not a link, or an error when it does not exist). Absolute targets restart
// at "/", as inside a chroot.
template <class ReadLink>
Walk walk_links(const std::string& path, bool follow_last, ReadLink read_link) {
  std::vector<std::string> pending = split_components(path);
  std::reverse(pending.begin(), pending.end());  // a stack: the next component last
  std::string done;                              // resolved so far; "" is "/"
  done.reserve(path.size());
  const auto with_rest = [&] {
    std::string out = done;
    for (auto it = pending.rbegin(); it != pending.rend(); ++it) out += "/" + *it;
    return out;
  };
  int hops = 0;
  while (!pending.empty()) {
    std::string part = std::move(pending.back());
    pending.pop_back();
    if (part == ".") continue;
    if (part == "..") {
      done.resize(std::min(done.size(), done.rfind('/')));
      continue;
    }
    const std::size_t parent_size = done.size();
    done += '/';
    done += part;
    if (pending.empty() && !follow_last) break;
    FileResult<std::optional<std::string>> target = read_link(done);
    if (!target) return Walk{with_rest(), target.error()};
    if (!*target) continue;
    if (++hops > 40) return Walk{path, FileError{FileErrorKind::other, "too many levels of symbolic links"}};
    done.resize(parent_size);
    if (!(*target)->empty() && (*target)->front() == '/') done.clear();
    std::vector<std::string> target_parts = split_components(**target);
    pending.insert(pending.end(), std::make_move_iterator(target_parts.rbegin()),
                   std::make_move_iterator(target_parts.rend()));
  }
  return Walk{done.empty() ? "/" : done, std::nullopt};
}

}  // namespace gator
