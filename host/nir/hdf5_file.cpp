#include "hdf5_file.hpp"

#include <hdf5.h>

#include <functional>
#include <system_error>

namespace synfire::nir::h5 {

namespace {

int close_file(int64_t id) { return H5Fclose(id); }
int close_group(int64_t id) { return H5Gclose(id); }
int close_dataset(int64_t id) { return H5Dclose(id); }
int close_type(int64_t id) { return H5Tclose(id); }
int close_space(int64_t id) { return H5Sclose(id); }
int close_object(int64_t id) { return H5Oclose(id); }

// libhdf5 prints a stack of errors on stderr by default; the library never prints.
void quiet() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

Handle utf8_string_type(size_t size) {
  Handle t(H5Tcopy(H5T_C_S1), close_type);
  H5Tset_size(t.id(), size);
  H5Tset_cset(t.id(), H5T_CSET_UTF8);
  return t;
}

}  // namespace

Handle& Handle::operator=(Handle&& o) noexcept {
  if (this != &o) {
    if (id_ >= 0 && close_) close_(id_);
    id_ = o.id_;
    close_ = o.close_;
    o.id_ = -1;
  }
  return *this;
}

Handle::~Handle() {
  if (id_ >= 0 && close_) close_(id_);
}

void Group::fail(const std::string& name, const std::string& what) const {
  throw NirError(file_ + ": " + path_ + (path_ == "/" ? "" : "/") + name + ": " + what);
}

std::vector<std::string> Group::children() const {
  H5G_info_t info;
  if (H5Gget_info(h_.id(), &info) < 0) fail("", "cannot list the group");
  std::vector<std::string> out;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t n = H5Lget_name_by_idx(h_.id(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (n < 0) fail("", "cannot read the name of member " + std::to_string(i));
    std::string name(static_cast<size_t>(n) + 1, '\0');
    H5Lget_name_by_idx(h_.id(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT);
    name.resize(static_cast<size_t>(n));
    out.push_back(name);
  }
  return out;
}

bool Group::has(const std::string& name) const { return H5Lexists(h_.id(), name.c_str(), H5P_DEFAULT) > 0; }

bool Group::is_group(const std::string& name) const {
  if (!has(name)) return false;
  Handle o(H5Oopen(h_.id(), name.c_str(), H5P_DEFAULT), close_object);
  return o.id() >= 0 && H5Iget_type(o.id()) == H5I_GROUP;
}

Group Group::group(const std::string& name) const {
  if (!is_group(name)) fail(name, has(name) ? "is not a group" : "is missing");
  Handle g(H5Gopen2(h_.id(), name.c_str(), H5P_DEFAULT), close_group);
  if (g.id() < 0) fail(name, "cannot open the group");
  return Group(std::move(g), path_ + (path_ == "/" ? "" : "/") + name, file_);
}

Handle Group::dataset(const std::string& name) const {
  if (!has(name)) fail(name, "is missing");
  if (is_group(name)) fail(name, "is a group, not a dataset");
  Handle d(H5Dopen2(h_.id(), name.c_str(), H5P_DEFAULT), close_dataset);
  if (d.id() < 0) fail(name, "cannot open the dataset");
  return d;
}

namespace {

// Reads every string of a string dataset, in row-major order.
std::vector<std::string> read_strings(int64_t dataset, const std::function<void(const std::string&)>& fail) {
  Handle type(H5Dget_type(dataset), close_type);
  if (H5Tget_class(type.id()) != H5T_STRING) fail("is not a string");
  Handle space(H5Dget_space(dataset), close_space);
  const hssize_t count = H5Sget_simple_extent_npoints(space.id());
  if (count < 0) fail("has no extent");
  std::vector<std::string> out;
  // The memory type keeps the file's character set (HDF5 does not convert
  // between ASCII and UTF-8).
  if (H5Tis_variable_str(type.id()) > 0) {
    Handle mem = utf8_string_type(H5T_VARIABLE);
    H5Tset_cset(mem.id(), H5Tget_cset(type.id()));
    std::vector<char*> ptrs(static_cast<size_t>(count), nullptr);
    if (count > 0 && H5Dread(dataset, mem.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) < 0) fail("cannot be read");
    for (char* p : ptrs) out.emplace_back(p ? p : "");
    if (count > 0) H5Dvlen_reclaim(mem.id(), space.id(), H5P_DEFAULT, ptrs.data());
  } else {
    const size_t size = H5Tget_size(type.id());
    Handle mem = utf8_string_type(size);
    H5Tset_cset(mem.id(), H5Tget_cset(type.id()));
    H5Tset_strpad(mem.id(), H5Tget_strpad(type.id()));
    std::vector<char> buf(size * static_cast<size_t>(count) + 1, '\0');
    if (count > 0 && H5Dread(dataset, mem.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0) fail("cannot be read");
    for (hssize_t k = 0; k < count; ++k) {
      const char* p = buf.data() + static_cast<size_t>(k) * size;
      size_t n = 0;
      while (n < size && p[n] != '\0') ++n;  // fixed-length strings are NUL-padded
      out.emplace_back(p, n);
    }
  }
  return out;
}

}  // namespace

std::string Group::string(const std::string& name) const {
  Handle d = dataset(name);
  const auto strings = read_strings(d.id(), [&](const std::string& what) { fail(name, what); });
  if (strings.size() != 1) fail(name, "holds " + std::to_string(strings.size()) + " strings, not one");
  return strings[0];
}

std::vector<std::pair<std::string, std::string>> Group::string_pairs(const std::string& name) const {
  Handle d = dataset(name);
  Handle space(H5Dget_space(d.id()), close_space);
  const int rank = H5Sget_simple_extent_ndims(space.id());
  hsize_t dims[2] = {0, 0};
  if (rank == 2) H5Sget_simple_extent_dims(space.id(), dims, nullptr);
  const bool empty = rank == 1 && H5Sget_simple_extent_npoints(space.id()) == 0;
  if (!empty && (rank != 2 || dims[1] != 2)) fail(name, "must be a (rows, 2) array of strings");
  const auto strings = read_strings(d.id(), [&](const std::string& what) { fail(name, what); });
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t k = 0; k + 1 < strings.size(); k += 2) out.emplace_back(strings[k], strings[k + 1]);
  return out;
}

Array Group::array(const std::string& name) const {
  Handle d = dataset(name);
  Handle type(H5Dget_type(d.id()), close_type);
  const H5T_class_t cls = H5Tget_class(type.id());
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) fail(name, "is not a numeric dataset");
  Handle space(H5Dget_space(d.id()), close_space);
  const int rank = H5Sget_simple_extent_ndims(space.id());
  if (rank < 0) fail(name, "has no extent");
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  if (rank > 0) H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr);
  Array a;
  size_t count = 1;
  for (hsize_t v : dims) {
    a.shape.push_back(v);
    count *= v;
  }
  a.values.resize(count);
  if (count > 0 && H5Dread(d.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, a.values.data()) < 0) {
    fail(name, "cannot be read as numbers");
  }
  return a;
}

Group open_file(const std::filesystem::path& path) {
  quiet();
  if (!std::filesystem::exists(path)) throw NirError(path.string() + ": no such file");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw NirError(path.string() + ": not an HDF5 file (a NIR file is one)");
  Handle f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), close_file);
  if (f.id() < 0) throw NirError(path.string() + ": cannot open the HDF5 file");
  Handle root(H5Gopen2(f.id(), "/", H5P_DEFAULT), close_group);
  if (root.id() < 0) throw NirError(path.string() + ": cannot open the root group");
  // The group keeps the file open (HDF5 closes a file when its last object goes).
  return Group(std::move(root), "/", path.string());
}

Writer::Writer(const std::filesystem::path& path) : path_(path), tmp_(path) {
  quiet();
  tmp_ += ".tmp";
  file_ = Handle(H5Fcreate(tmp_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), close_file);
  if (file_.id() < 0) throw NirError(path_.string() + ": cannot create the file");
}

Writer::~Writer() {
  if (!committed_) {
    file_ = Handle();
    std::error_code ec;
    std::filesystem::remove(tmp_, ec);
  }
}

void Writer::fail(const std::string& what) const { throw NirError(path_.string() + ": " + what); }

void Writer::group(const std::string& path) {
  Handle g(H5Gcreate2(file_.id(), path.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), close_group);
  if (g.id() < 0) fail("cannot create group " + path);
}

void Writer::string(const std::string& path, const std::string& value) {
  Handle type = utf8_string_type(H5T_VARIABLE);
  Handle space(H5Screate(H5S_SCALAR), close_space);
  Handle d(H5Dcreate2(file_.id(), path.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
           close_dataset);
  const char* p = value.c_str();
  if (d.id() < 0 || H5Dwrite(d.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &p) < 0) fail("cannot write " + path);
}

void Writer::string_pairs(const std::string& path, const std::vector<std::pair<std::string, std::string>>& rows) {
  Handle type = utf8_string_type(H5T_VARIABLE);
  const hsize_t dims[2] = {rows.size(), 2};
  Handle space(H5Screate_simple(2, dims, nullptr), close_space);
  Handle d(H5Dcreate2(file_.id(), path.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
           close_dataset);
  std::vector<const char*> ptrs;
  for (const auto& [a, b] : rows) {
    ptrs.push_back(a.c_str());
    ptrs.push_back(b.c_str());
  }
  if (d.id() < 0 || (!rows.empty() && H5Dwrite(d.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) < 0)) {
    fail("cannot write " + path);
  }
}

void Writer::doubles(const std::string& path, const std::vector<uint64_t>& shape, const std::vector<double>& values) {
  std::vector<hsize_t> dims(shape.begin(), shape.end());
  Handle space(shape.empty() ? H5Screate(H5S_SCALAR) : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
               close_space);
  Handle d(H5Dcreate2(file_.id(), path.c_str(), H5T_IEEE_F64LE, space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
           close_dataset);
  if (d.id() < 0 || (!values.empty() && H5Dwrite(d.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)) {
    fail("cannot write " + path);
  }
}

void Writer::int64s(const std::string& path, const std::vector<int64_t>& values) {
  const hsize_t dims[1] = {values.size()};
  Handle space(H5Screate_simple(1, dims, nullptr), close_space);
  Handle d(H5Dcreate2(file_.id(), path.c_str(), H5T_STD_I64LE, space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
           close_dataset);
  if (d.id() < 0 || (!values.empty() && H5Dwrite(d.id(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)) {
    fail("cannot write " + path);
  }
}

void Writer::commit() {
  if (H5Fflush(file_.id(), H5F_SCOPE_GLOBAL) < 0) fail("cannot flush the file");
  file_ = Handle();
  std::error_code ec;
  std::filesystem::rename(tmp_, path_, ec);
  if (ec) fail("cannot rename " + tmp_.string() + " into place: " + ec.message());
  committed_ = true;
}

}  // namespace synfire::nir::h5
