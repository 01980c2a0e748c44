#pragma once
// A stdio stream that writes into memory (open_memstream), standing in for standard output where the
// helper writes a command's output or a log to a std::FILE*.
#include <stdio.h>
#include <stdlib.h>

#include <stdexcept>
#include <string>

namespace gator::test {

class MemoryOutput {
 public:
  MemoryOutput() : file_(::open_memstream(&buffer_, &size_)) {
    if (file_ == nullptr) throw std::runtime_error("open_memstream failed");
  }
  MemoryOutput(const MemoryOutput&) = delete;
  MemoryOutput& operator=(const MemoryOutput&) = delete;
  ~MemoryOutput() {
    std::fclose(file_);
    ::free(buffer_);
  }
  operator std::FILE*() const { return file_; }
  // What was written so far.
  std::string str() {
    std::fflush(file_);
    return std::string(buffer_, size_);
  }

 private:
  char* buffer_ = nullptr;
  std::size_t size_ = 0;
  std::FILE* file_;
};

}  // namespace gator::test
