#pragma once
// An in-memory machine behind the System seam, for unit and fuzz tests: files, directories, links,
// unreadable entries, environment variables and programs, each added by the test. Not part of the
// helper.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "system.h"

namespace gator {

// An in-memory machine. Directories exist implicitly above every entry added.
class FakeSystem final : public System {
 public:
  using Program = std::function<RunResult(const std::vector<std::string>& argv)>;

  FakeSystem& file(const std::string& path, std::string content);
  FakeSystem& dir(const std::string& path);
  FakeSystem& link(const std::string& path, std::string target);
  // Reading or listing it fails; it is not read-writable either.
  FakeSystem& error(const std::string& path, FileErrorKind kind);
  FakeSystem& env_var(const std::string& name, std::string value);
  FakeSystem& program(const std::string& path, Program program);
  // A program that prints out (and err) and exits with status.
  FakeSystem& program(const std::string& path, std::string out, int status = 0, std::string err = {});

  // Every argv run so far, in order.
  const std::vector<std::vector<std::string>>& runs() const { return runs_; }
  // Every path read so far (read_file), in order.
  const std::vector<std::string>& reads() const { return reads_; }

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
  // As run: the program's out and err are returned, not streamed.
  RunResult run_attached(const std::vector<std::string>& argv) override { return run(argv, {}); }
  std::string real_path(const std::string& path) override { return path; }
  std::string user_path(const std::string& real) override { return real; }

 private:
  struct Entry {
    enum class Type { file, dir, link, error } type = Type::file;
    std::string content;  // file content or link target
    FileErrorKind error = FileErrorKind::other;
  };
  void add(const std::string& path, Entry entry);
  // Resolved path and its entry (null for an implicit directory); error when unreachable.
  FileResult<std::pair<std::string, const Entry*>> lookup(const std::string& path, bool follow_last);

  std::map<std::string, Entry> entries_;
  std::map<std::string, std::string> env_;
  std::map<std::string, Program> programs_;
  std::vector<std::vector<std::string>> runs_;
  std::vector<std::string> reads_;
};

}  // namespace gator
