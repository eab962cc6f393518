// The error every reader and writer in host/io throws.
#pragma once

#include <stdexcept>

namespace synfire::io {

// A file that cannot be opened, read, parsed or written. what() is one line
// that names the file and, for text formats, the line ("in.csv:7: ...").
class FileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace synfire::io
