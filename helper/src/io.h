#pragma once
// File output: whole files, written through a temporary file and a rename, and not at all when
// the content is already what it would be (so timestamps and CMake's dependency checks stay put).
#include <string>

#include "error.h"

namespace gator {

enum class WriteResult { written, unchanged };

Expected<std::string> read_text_file(const std::string& path);
Expected<WriteResult> write_file_if_changed(const std::string& path, const std::string& content);

}  // namespace gator
