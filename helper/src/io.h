#pragma once
// The files named on the command line. Inputs (--data, --update) are read bounded and without
// blocking; outputs (-o, --update, --constraints-output) are written whole or not at all, and not at
// all when the content is already what it would be (so timestamps and CMake's dependency checks stay
// put). Every failure is an io Error (exit status 3) whose message starts with the path.
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "error.h"

namespace gator {

enum class WriteResult { written, unchanged };

// An input file is at most this large (the compatibility data and a pyproject are kilobytes).
inline constexpr std::size_t kMaxInputFile = std::size_t{16} << 20;

// A regular file's whole content. Missing, unreadable, not a regular file (a directory, a FIFO, a
// device) or larger than kMaxInputFile: an io Error naming the file.
Expected<std::string> read_input_file(const std::string& path);

// Writes `content` to path, through a symbolic link to the file it names. The new content is written
// to an unnamed file (O_TMPFILE; a named temporary ".NAME.gator-rocm-tmp.XXXXXX" where the file
// system has none) that is synced, then linked into place (a new file) or linked to a temporary name
// and renamed over the old file by a child process (a kill of this one cannot come between the two),
// and the directory synced: a reader, or a kill at any moment, sees the old file or the new one and
// no other. A temporary left by a killed earlier write is removed. A read-only file is refused (as editors do, unless
// forced); a file with more than one hard link is rewritten in place, keeping the links (as editors do), which is not
// atomic. Something that is not a regular file (a FIFO, /dev/stdout) is written straight into.
Expected<WriteResult> write_file_if_changed(const std::string& path, const std::string& content);

// A command's output on a stdio stream (standard output; a memory stream in tests). Never throws: a
// write that fails (a full disk, a closed pipe) leaves the stream's error indicator set, and the
// command reports it once, at its end (std::ferror after std::fflush), as for stdio's buffered writes.
void write_output(std::FILE* out, std::string_view text);
template <typename... T>
void print_output(std::FILE* out, fmt::format_string<T...> format, T&&... args) {
  write_output(out, fmt::vformat(format, fmt::make_format_args(args...)));
}

// A directory only this user can use (mkdtemp, mode 0700) under $TMPDIR or /tmp, removed with all it
// holds when the object goes: for the constraints a real install writes between its steps (a fixed
// name in /tmp could be a link another user planted). path() is "" when it could not be made.
class PrivateTempDir {
 public:
  PrivateTempDir();
  ~PrivateTempDir();
  PrivateTempDir(const PrivateTempDir&) = delete;
  PrivateTempDir& operator=(const PrivateTempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace gator
