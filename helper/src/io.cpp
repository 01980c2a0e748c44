#include "io.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "system.h"  // read_regular_file

namespace gator {

Expected<std::string> read_input_file(const std::string& path) {
  auto text = read_regular_file(path, kMaxInputFile + 1);
  if (!text) return io_error(fmt::format("{}: cannot read: {}", path, text.error().reason));
  if (text->size() > kMaxInputFile) {
    return io_error(fmt::format("{}: cannot read: larger than {} MiB", path, kMaxInputFile >> 20));
  }
  return std::move(*text);
}

namespace {

std::string errno_text() { return std::strerror(errno); }

// A file descriptor closed when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  bool ok() const { return fd_ >= 0; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

bool write_all(int fd, const std::string& content) {
  for (std::size_t done = 0; done < content.size();) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Writes straight into something that is not a regular file (a FIFO, /dev/stdout, a device), or
// into a hard-linked file: there is nothing to rename over, or renaming would split the links.
Expected<WriteResult> write_in_place(const std::string& path, const std::string& content, bool truncate) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC | (truncate ? O_TRUNC : 0)));
  if (!fd.ok() || !write_all(fd.get(), content))
    return io_error(fmt::format("{}: cannot write: {}", path, errno_text()));
  struct stat st {};
  if (::fstat(fd.get(), &st) == 0 && S_ISREG(st.st_mode)) {
    if (::ftruncate(fd.get(), static_cast<off_t>(content.size())) != 0 || ::fsync(fd.get()) != 0) {
      return io_error(fmt::format("{}: cannot write: {}", path, errno_text()));
    }
  }
  return WriteResult::written;
}

// ".NAME.gator-rocm-tmp.": the prefix of the named temporaries beside NAME.
std::string temp_prefix(const std::string& dir, const std::string& name) {
  return (std::filesystem::path(dir) / ("." + name + ".gator-rocm-tmp.")).string();
}

// Removes what a write killed between naming its temporary and renaming it left behind.
void remove_stale_temporaries(const std::string& dir, const std::string& name) {
  const std::string prefix = "." + name + ".gator-rocm-tmp.";
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  while (dirent* entry = ::readdir(d)) {
    std::string_view entry_name = entry->d_name;
    if (entry_name.substr(0, prefix.size()) == prefix && entry_name.size() == prefix.size() + 6) {
      ::unlinkat(::dirfd(d), entry->d_name, 0);
    }
  }
  ::closedir(d);
}

// The new file's descriptor, unnamed where the file system allows (O_TMPFILE), else named `named`.
Fd open_temporary(const std::string& dir, std::string& named) {
  Fd fd(::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600));
  if (fd.ok()) {
    named.clear();
    return fd;
  }
  fd.reset(::mkostemp(named.data(), O_CLOEXEC));
  if (!fd.ok()) named.clear();
  return fd;
}

// Gives the unnamed file `fd` the name `name`; false with errno on failure.
bool link_unnamed(int fd, const std::string& name) {
  const std::string proc = fmt::format("/proc/self/fd/{}", fd);
  return ::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0;
}

// Links the unnamed file `fd` to a fresh name starting with `prefix`, then renames it over `path`;
// 0 or the errno of the step that failed (the name is then removed).
int link_and_rename(int fd, const std::string& prefix, const std::string& path) {
  for (unsigned attempt = 0; attempt < 16; ++attempt) {
    const unsigned tag = (static_cast<unsigned>(::getpid()) * 16 + attempt) & 0xffffffu;
    const std::string name = prefix + fmt::format("{:06x}", tag);
    if (!link_unnamed(fd, name)) {
      if (errno == EEXIST) continue;
      return errno;
    }
    if (::rename(name.c_str(), path.c_str()) == 0) return 0;
    const int err = errno;
    ::unlink(name.c_str());
    return err;
  }
  return EEXIST;
}

// link_and_rename in a child process: a SIGKILL of this process between the link and the rename
// does not reach the child, which finishes both (the file is then the new one). Run here when no
// child can be made.
int link_and_rename_apart(int fd, const std::string& prefix, const std::string& path) {
  const pid_t child = ::fork();
  if (child < 0) return link_and_rename(fd, prefix, path);
  if (child == 0) ::_exit(link_and_rename(fd, prefix, path));
  int status = 0;
  while (::waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) return errno;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : EINTR;
}

bool sync_directory(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  return fd.ok() && ::fsync(fd.get()) == 0;
}

// The mode of the new file: an existing file's, else the usual 0666 & ~umask.
mode_t new_file_mode(const struct stat* existing) {
  if (existing) return existing->st_mode & 07777;
  mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

Expected<WriteResult> replace_regular_file(const std::string& path, const std::string& content) {
  namespace fs = std::filesystem;
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists) {
    // Only as much of the old file as tells whether it differs.
    auto old = read_regular_file(path, content.size() + 1);
    if (old && *old == content) return WriteResult::unchanged;
    if ((st.st_mode & S_IWUSR) == 0 || ::access(path.c_str(), W_OK) != 0) {
      return io_error(fmt::format("{}: the file is read-only; nothing was written", path));
    }
    if (st.st_nlink > 1) return write_in_place(path, content, /*truncate=*/false);
  }
  const fs::path target(path);
  const std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
  const std::string name = target.filename().string();
  if (target.has_parent_path()) {  // like `mkdir -p`: -o build/gen/constraints.txt needs no separate step
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return io_error(fmt::format("{}: cannot create {}: {}", path, dir, ec.message()));
  }
  remove_stale_temporaries(dir, name);
  std::string temp = temp_prefix(dir, name) + "XXXXXX";  // "" once the file is unnamed
  Fd fd = open_temporary(dir, temp);
  if (!fd.ok()) return io_error(fmt::format("{}: cannot write: {}", path, errno_text()));
  auto fail = [&](const char* what) {
    const std::string reason = errno_text();
    if (!temp.empty()) ::unlink(temp.c_str());
    return io_error(fmt::format("{}: cannot {}: {}", path, what, reason));
  };
  // Written: the directory entry is synced as well.
  auto finish = [&]() -> Expected<WriteResult> {
    if (!sync_directory(dir)) return fail("sync");
    return WriteResult::written;
  };
  if (!write_all(fd.get(), content) || ::fchmod(fd.get(), new_file_mode(exists ? &st : nullptr)) != 0 ||
      ::fsync(fd.get()) != 0) {
    return fail("write");
  }
  if (temp.empty()) {
    // Unnamed: a new file is linked straight into place (nothing to kill in between). An existing
    // one needs a name to rename over it: the link and the rename run in a child process of their
    // own, so that killing this process between the two cannot leave the name behind.
    if (!exists && link_unnamed(fd.get(), path)) return finish();
    if (const int err = link_and_rename_apart(fd.get(), temp_prefix(dir, name), path); err != 0) {
      errno = err;
      return fail("write");
    }
    return finish();
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) return fail("write");
  temp.clear();
  return finish();
}

}  // namespace

Expected<WriteResult> write_file_if_changed(const std::string& path, const std::string& content) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);  // follows links
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    if (fs::is_directory(status)) return io_error(fmt::format("{}: is a directory", path));
    return write_in_place(path, content, /*truncate=*/true);
  }
  // Through a symbolic link to the file it names: replacing the link would leave its target stale.
  // (A link may dangle: it then names the file to create.)
  fs::path target = path;
  for (int hop = 0; fs::is_symlink(fs::symlink_status(target, ec)); ++hop) {
    if (hop == 40) return io_error(fmt::format("{}: too many levels of symbolic links", path));
    fs::path next = fs::read_symlink(target, ec);
    if (ec) return io_error(fmt::format("{}: cannot follow the link: {}", path, ec.message()));
    target = next.is_absolute() ? next : target.parent_path() / next;
  }
  return replace_regular_file(target.string(), content);
}

PrivateTempDir::PrivateTempDir() {
  std::error_code ec;
  std::string pattern = (std::filesystem::temp_directory_path(ec) / "gator-rocm-XXXXXX").string();
  if (!ec && ::mkdtemp(pattern.data())) path_ = pattern;
}

PrivateTempDir::~PrivateTempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

void write_output(std::FILE* out, std::string_view text) { std::fwrite(text.data(), 1, text.size(), out); }

}  // namespace gator
