#pragma once
// Errors. Fallible functions return tl::expected<T, Error>; main() maps Error::kind to the exit
// status of docs/reliability.md in one place.
#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace gator {

enum class ErrorKind {
  invalid_input = 2,  // bad usage, or an input (option, file, data) that does not parse
  io = 3,             // a file that cannot be read or written
  no_rocm = 4,        // --rocm-root names a directory that does not exist or holds no ROCm
};

struct Error {
  ErrorKind kind = ErrorKind::invalid_input;
  std::string message;  // names the input, and its file and line where there is one
};

template <class T>
using Expected = tl::expected<T, Error>;

inline tl::unexpected<Error> invalid_input(std::string message) {
  return tl::unexpected(Error{ErrorKind::invalid_input, std::move(message)});
}
inline tl::unexpected<Error> io_error(std::string message) {
  return tl::unexpected(Error{ErrorKind::io, std::move(message)});
}
inline tl::unexpected<Error> no_rocm_error(std::string message) {
  return tl::unexpected(Error{ErrorKind::no_rocm, std::move(message)});
}

}  // namespace gator
