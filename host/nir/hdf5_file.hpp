// The little of HDF5 that NIR files need, over the libhdf5 C API: a tree of
// groups holding string and numeric datasets. Every failure throws NirError
// naming the file and the object; libhdf5's own error printing is switched off.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "nir.hpp"

namespace synfire::nir::h5 {

// An HDF5 identifier closed by its destructor (file, group, dataset, type, space).
class Handle {
 public:
  Handle() = default;
  Handle(int64_t id, int (*close)(int64_t)) : id_(id), close_(close) {}
  Handle(Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
  Handle& operator=(Handle&& o) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle();
  int64_t id() const { return id_; }

 private:
  int64_t id_ = -1;
  int (*close_)(int64_t) = nullptr;
};

// A numeric dataset read as doubles, with its shape (empty for a scalar).
struct Array {
  std::vector<uint64_t> shape;
  std::vector<double> values;
};

// A group being read: its children by name, in HDF5's name order.
class Group {
 public:
  Group(Handle h, std::string path, std::string file) : h_(std::move(h)), path_(std::move(path)), file_(std::move(file)) {}
  const std::string& path() const { return path_; }
  std::vector<std::string> children() const;
  bool has(const std::string& name) const;
  bool is_group(const std::string& name) const;
  Group group(const std::string& name) const;
  // A string dataset (scalar, fixed or variable length).
  std::string string(const std::string& name) const;
  // A 2-D (rows, 2) dataset of strings, such as a graph's edges.
  std::vector<std::pair<std::string, std::string>> string_pairs(const std::string& name) const;
  Array array(const std::string& name) const;

 private:
  [[noreturn]] void fail(const std::string& name, const std::string& what) const;
  Handle dataset(const std::string& name) const;
  Handle h_;
  std::string path_;  // "/node/nodes/lif"
  std::string file_;
};

// Opens a file for reading; its root group.
Group open_file(const std::filesystem::path& path);

// Writes groups and datasets; the file appears under its name only on commit().
class Writer {
 public:
  explicit Writer(const std::filesystem::path& path);
  ~Writer();
  // Groups by slash-separated path relative to the root ("node/nodes/lif").
  void group(const std::string& path);
  void string(const std::string& path, const std::string& value);
  void string_pairs(const std::string& path, const std::vector<std::pair<std::string, std::string>>& rows);
  void doubles(const std::string& path, const std::vector<uint64_t>& shape, const std::vector<double>& values);
  void int64s(const std::string& path, const std::vector<int64_t>& values);
  void commit();

 private:
  [[noreturn]] void fail(const std::string& what) const;
  std::filesystem::path path_, tmp_;
  Handle file_;
  bool committed_ = false;
};

}  // namespace synfire::nir::h5
