#include "io.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace gator {

Expected<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return io_error(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

namespace {

// Writes straight into something that is not a regular file (a FIFO, /dev/stdout, a device):
// there is nothing to compare with and nothing to rename over.
Expected<WriteResult> write_in_place(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return io_error(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  out << content;
  out.flush();
  if (!out) return io_error(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  return WriteResult::written;
}

Expected<WriteResult> replace_regular_file(const std::string& path, const std::string& content) {
  {
    std::ifstream in(path, std::ios::binary);
    if (in) {
      std::ostringstream existing;
      existing << in.rdbuf();
      if (existing.str() == content) return WriteResult::unchanged;
    }
  }
  // Like `mkdir -p`: -o build/gen/constraints.txt needs no separate step.
  if (auto parent = std::filesystem::path(path).parent_path(); !parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) return io_error(fmt::format("{}: cannot create {}: {}", path, parent.string(), ec.message()));
  }
  // The temporary sits beside the target so that rename() is atomic (same file system).
  std::string tmp = path + ".tmp.XXXXXX";
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) return io_error(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  auto fail = [&](const char* what) {
    const int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return io_error(fmt::format("{}: cannot {}: {}", path, what, std::strerror(err)));
  };
  for (std::size_t done = 0; done < content.size();) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("write");
    }
    done += static_cast<std::size_t>(n);
  }
  // Keep an existing file's permissions; new files get the usual 0666 & ~umask.
  struct stat st {};
  mode_t mode;
  if (::stat(path.c_str(), &st) == 0) {
    mode = st.st_mode & 07777;
  } else {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  if (::fchmod(fd, mode) != 0 || ::fsync(fd) != 0) return fail("write");
  if (::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return io_error(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return io_error(fmt::format("{}: cannot write: {}", path, std::strerror(err)));
  }
  return WriteResult::written;
}

}  // namespace

Expected<WriteResult> write_file_if_changed(const std::string& path, const std::string& content) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);  // follows links
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    if (fs::is_directory(status)) return io_error(fmt::format("{}: is a directory", path));
    return write_in_place(path, content);
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

}  // namespace gator
