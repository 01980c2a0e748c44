// File output: atomic, only when changed, through symbolic links, into non-regular files.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "temp_dir.h"

using namespace gator;
using namespace gator::test;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("io: writes, then leaves an unchanged file alone", "[io]") {
  TempDir dir;
  const std::string file = (dir.path / "gen" / "deep" / "c.txt").string();
  REQUIRE(write_file_if_changed(file, "a\n") == WriteResult::written);  // parents created
  CHECK(slurp(file) == "a\n");
  const auto before = fs::last_write_time(file);
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);  // 0600, kept by a rewrite
  const auto permissions = fs::status(file).permissions();
  REQUIRE(write_file_if_changed(file, "a\n") == WriteResult::unchanged);
  CHECK(fs::last_write_time(file) == before);
  REQUIRE(write_file_if_changed(file, "b\n") == WriteResult::written);
  CHECK(slurp(file) == "b\n");
  CHECK(fs::status(file).permissions() == permissions);
  for (const auto& entry : fs::directory_iterator(dir.path / "gen" / "deep")) {
    CHECK(entry.path().filename() == "c.txt");  // no temporary left behind
  }
}

TEST_CASE("io: a symbolic link is written through, even a dangling one", "[io]") {
  TempDir dir;
  fs::create_directory(dir.path / "real");
  fs::create_symlink("real/p.toml", dir.path / "p.toml");
  REQUIRE(write_file_if_changed((dir.path / "p.toml").string(), "x = 1\n"));
  CHECK(fs::is_symlink(fs::symlink_status(dir.path / "p.toml")));
  CHECK(slurp(dir.path / "real" / "p.toml") == "x = 1\n");
}

TEST_CASE("io: errors name the file", "[io]") {
  TempDir dir;
  auto directory = write_file_if_changed(dir.path.string(), "x");
  REQUIRE_FALSE(directory);
  CHECK(directory.error().kind == ErrorKind::io);
  CHECK(directory.error().message.find(dir.path.string()) == 0);
  REQUIRE(fs::exists("/dev/full"));  // Linux: a device that is always full
  auto full = write_file_if_changed("/dev/full", "x");
  REQUIRE_FALSE(full);
  CHECK(full.error().message.find("/dev/full: cannot write") == 0);
}

TEST_CASE("PrivateTempDir: a directory of this user's only, gone with everything in it", "[io]") {
  std::string path;
  {
    gator::PrivateTempDir dir;
    path = dir.path();
    REQUIRE_FALSE(path.empty());
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK(S_ISDIR(st.st_mode));
    CHECK((st.st_mode & 0777) == 0700);
    REQUIRE(gator::write_file_if_changed(path + "/constraints.txt", "torch==2.10.0\n"));
  }
  struct stat gone {};
  CHECK(::stat(path.c_str(), &gone) != 0);
}
